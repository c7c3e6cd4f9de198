import { registry } from "@web/core/registry";

// A complaints manager erases a customer's personal data from a complaint
// closed years ago: the gear menu's Erase Personal Data, a reason, the
// confirmation; the form then shows the placeholder and the ribbon, and the
// chatter says who erased and why.
const NAME = ".o_form_view .o_field_widget[name=partner_name]";
registry.category("web_tour.tours").add("customer_complaint_erasure_tour", {
    steps: () => [
        {
            content: "The complaint shows its customer",
            trigger: `${NAME}:contains(Mykola Erasmus), ${NAME} input:value(Mykola Erasmus)`,
        },
        {
            content: "Open the gear menu",
            trigger: ".o_form_view .o_cp_action_menus .o-dropdown",
            run: "click",
        },
        {
            content: "Erase Personal Data",
            trigger: ".o_popover .o-dropdown-item:contains(Erase Personal Data)",
            run: "click",
        },
        {
            content: "The wizard says what is kept and what is not erased",
            trigger: ".modal:contains(Not erased here: the contact itself)",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The customer asked by letter.",
        },
        {
            content: "Erase",
            trigger: ".modal button[name=action_erase]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button:contains(Ok)",
            run: "click",
        },
        {
            content: "The form shows the ribbon and the placeholder",
            trigger: "body:not(:has(.modal)) .o_form_view .ribbon:contains(Personal Data Erased)",
        },
        {
            content: "The name is gone",
            trigger: `${NAME}:contains(personal data erased), ${NAME} input:value([personal data erased])`,
        },
        {
            content: "The chatter says who erased and why",
            trigger: ".o-mail-Message:contains(Personal data erased):contains(The customer asked by letter)",
        },
    ],
});
