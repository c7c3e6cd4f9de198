import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A refused stage leaves the form on the stage it was in: the open action is
// marked done and the complaint moves on.
tours.add("customer_complaint_stage_refused_tour", {
    steps: () => [
        {
            content: "Ask for the satisfaction check while an action is open",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Satisfaction Check)",
            run: "click",
        },
        {
            content: "Refused: the open action is named",
            trigger: ".modal .modal-body:contains(Call the customer back)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The complaint is back on its stage",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Corrective Action)",
        },
        {
            content: "Open the corrective actions",
            trigger: ".o_notebook .nav-link:contains(Actions)",
            run: "click",
        },
        {
            content: "The customer was called back: mark the action done",
            trigger: ".o_field_widget[name=action_ids] .o_data_row button[name=action_done]",
            run: "click",
        },
        {
            content: "Done, with no error shown",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=action_ids] .o_data_row.text-success",
        },
        {
            content: "Move on to the satisfaction check",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Satisfaction Check)",
            run: "click",
        },
        {
            content: "In satisfaction check, saved",
            trigger:
                "body:not(:has(.modal)) .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Satisfaction Check)",
        },
    ],
});

// At closing, the form asks for the outcome (required there) instead of the
// server refusing the save.
tours.add("customer_complaint_close_asks_outcome_tour", {
    steps: () => [
        {
            content: "Open the resolution",
            trigger: ".o_notebook .nav-link:contains(Resolution)",
            run: "click",
        },
        {
            content: "Write down what was decided",
            trigger: ".o_field_widget[name=resolution] textarea",
            run: "edit Called back, the customer is satisfied.",
        },
        {
            content: "The outcome is not required yet",
            trigger: ".o_field_widget[name=outcome]:not(.o_required_modifier)",
        },
        {
            content: "Close the complaint without an outcome",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Closed)",
            run: "click",
        },
        {
            content: "The form asks for the outcome, no server error",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=outcome].o_required_modifier.o_field_invalid",
        },
        {
            content: "Decide the outcome",
            trigger: ".o_field_widget[name=outcome] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Partly upheld",
            trigger: ".o_select_menu_item:contains(Partly Upheld)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Closed, with no error shown",
            trigger:
                "body:not(:has(.modal)) .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
    ],
});

// Every tab of a complaint that shows them all lies inside the sheet, with
// its properties and the customer's answers to the category's questions.
tours.add("customer_complaint_notebook_tour", {
    steps: () => [
        {
            content: "The conditional tabs are shown",
            trigger:
                ".o_notebook:has(.nav-link:contains(Playbook)):has(.nav-link:contains(Photos)) .nav-link:contains(Similar Cases)",
        },
        {
            content: "Every tab header lies inside the sheet",
            trigger: ".o_form_sheet .o_notebook .nav-link:contains(Resolution)",
            run() {
                const sheet = document.querySelector(".o_form_sheet").getBoundingClientRect();
                const outside = [...document.querySelectorAll(".o_notebook .nav-link")]
                    .filter((link) => {
                        const tab = link.getBoundingClientRect();
                        return tab.left < sheet.left || tab.right > sheet.right;
                    })
                    .map((link) => link.textContent.trim());
                if (outside.length) {
                    throw new Error(`Tabs past the edge of the sheet: ${outside.join(", ")}`);
                }
            },
        },
        {
            content: "The staff's properties, without a tab",
            trigger: ".o_form_sheet .o_field_properties:contains(Batch Number)",
        },
        {
            content: "The customer's answers, on the Complaint tab",
            trigger: ".o_notebook .tab-pane.active .o_field_properties:contains(Where did you buy it)",
        },
        {
            content: "The order and the specialist, in the main fields",
            trigger:
                ".o_inner_group:has(.o_field_widget[name=sale_order_id]) ~ .o_inner_group .o_field_widget[name=specialist_id]",
        },
        {
            content: "Open the resolution",
            trigger: ".o_notebook .nav-link:contains(Resolution)",
            run: "click",
        },
        {
            content: "The response deadlines, beside the resolution",
            trigger: ".o_notebook .tab-pane.active .o_field_widget[name=date_final_response_due]",
        },
    ],
});

// The kanban's New opens the quick create; its Edit opens the full form even
// when the customer is not given yet, with what was typed.
tours.add("customer_complaint_quick_create_tour", {
    steps: () => [
        {
            content: "The funnel is loaded",
            trigger: ".o_kanban_renderer .o_kanban_group .o_kanban_header",
        },
        {
            content: "New complaint",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Say what it is about",
            trigger: ".o_kanban_quick_create .o_field_widget[name=subject] input",
            run: "edit Wobbly chair leg",
        },
        {
            content: "Open the full form, the customer still unknown",
            trigger: ".o_kanban_quick_create .o_kanban_edit",
            run: "click",
        },
        {
            content: "The full form, with the subject typed",
            trigger:
                ".o_form_view .o_form_sheet:has(.o_notebook) .o_field_widget[name=subject] input:value(Wobbly chair leg)",
        },
        {
            content: "Name the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Quick Customer",
        },
        {
            content: "Pick them",
            trigger: ".o-autocomplete--dropdown-item a:contains(Quick Customer)",
            run: "click",
        },
        {
            content: "Register it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "It has its reference",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains(CMP/)",
        },
    ],
});
