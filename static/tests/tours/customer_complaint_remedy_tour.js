import { registry } from "@web/core/registry";

// Staff record the customer's demand on a complaint of a company in Russia:
// the statutory rule and its deadline appear beside the addon's deadline.
registry.category("web_tour.tours").add("customer_complaint_remedy_tour", {
    steps: () => [
        {
            content: "No demand yet: no statutory deadline",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=legal_rule_id]))",
        },
        {
            content: "Open the customer's demand",
            trigger: ".o_field_widget[name=remedy] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "The customer demands a refund",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Refund)",
            run: "click",
        },
        {
            content: "The statutory rule of the company's country applies",
            trigger: ".o_field_widget[name=legal_rule_id]:contains(Refund)",
        },
        {
            content: "The statutory deadline is shown",
            trigger: ".o_field_widget[name=date_legal_deadline] span.text-truncate",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
