import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The portal's new complaint form: show the questions of the chosen category
 * only; the others are disabled, so that they are not sent.
 */
export class ComplaintCategoryQuestions extends Interaction {
    static selector = ".o_complaint_form";
    dynamicContent = {
        ".o_complaint_category_select": { "t-on-change": this.toggleQuestions },
    };

    start() {
        this.toggleQuestions();
    }

    toggleQuestions() {
        const select = this.el.querySelector(".o_complaint_category_select");
        const chosen = select ? select.value : "";
        for (const fieldset of this.el.querySelectorAll(".o_complaint_category_questions")) {
            const shown = fieldset.dataset.categoryId === chosen;
            fieldset.classList.toggle("d-none", !shown);
            fieldset.disabled = !shown;
        }
    }
}

registry
    .category("public.interactions")
    .add("customer_complaint.category_questions", ComplaintCategoryQuestions);
