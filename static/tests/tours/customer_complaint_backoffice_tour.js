import { registry } from "@web/core/registry";

// A back-office user registers a phone complaint, analyses it (its cause),
// adds a corrective action, moves it through the corrective action (the
// action done) and the satisfaction check, and closes it with a resolution
// and an outcome: the customer is acknowledged and gets the final response
// letter (checked by the test on the records).
registry.category("web_tour.tours").add("customer_complaint_backoffice_tour", {
    steps: () => [
        {
            content: "Name the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            content: "Pick them",
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Customer)",
            run: "click",
        },
        {
            content: "Say what the complaint is about",
            trigger: ".o_field_widget[name=subject] input",
            run: "edit Scratched table top",
        },
        {
            content: "Register it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "It has its reference",
            trigger: ".o_field_widget[name=name]:contains(CMP/)",
        },
        {
            content: "Start the analysis",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Analysis)",
            run: "click",
        },
        {
            content: "In analysis",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Analysis)",
        },
        {
            content: "Open the analysis",
            trigger: ".o_notebook .nav-link:contains(Analysis)",
            run: "click",
        },
        {
            content: "Name the cause",
            trigger: ".o_field_widget[name=cause_id] input",
            run: "edit Defective",
        },
        {
            content: "Defective product",
            trigger: ".o-autocomplete--dropdown-item a:contains(Defective)",
            run: "click",
        },
        {
            content: "Move on to the corrective action",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Corrective Action)",
            run: "click",
        },
        {
            content: "In corrective action",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Corrective Action)",
        },
        {
            content: "Open the corrective actions",
            trigger: ".o_notebook .nav-link:contains(Actions)",
            run: "click",
        },
        {
            content: "Add an action",
            trigger: ".o_field_widget[name=action_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Say what is to be done",
            trigger: ".o_field_widget[name=action_ids] .o_data_row [name=name] input",
            run: "edit Replace the table top",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "The table top is replaced: mark the action done",
            trigger: ".o_field_widget[name=action_ids] .o_data_row button[name=action_done]:enabled",
            run: "click",
        },
        {
            content: "The action is done",
            trigger: ".o_field_widget[name=action_ids] .o_data_row.text-success",
        },
        {
            content: "Ask the customer whether they are satisfied",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Satisfaction Check)",
            run: "click",
        },
        {
            content: "In satisfaction check, with no error shown",
            trigger: "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Satisfaction Check)",
        },
        {
            content: "Open the resolution",
            trigger: ".o_notebook .nav-link:contains(Resolution)",
            run: "click",
        },
        {
            content: "Write down what was decided",
            trigger: ".o_field_widget[name=resolution] textarea",
            run: "edit Table top replaced at our expense.",
        },
        {
            content: "Decide the outcome",
            trigger: ".o_field_widget[name=outcome] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Upheld",
            trigger: ".o_select_menu_item:contains(Upheld):not(:contains(Partly)):not(:contains(Not))",
            run: "click",
        },
        {
            content: "Close the complaint",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Closed)",
            run: "click",
        },
        {
            content: "Closed, with no error shown",
            trigger: "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
        {
            content: "The final response letter is in the chatter",
            trigger: ".o-mail-Message:contains(our final response)",
        },
    ],
});
