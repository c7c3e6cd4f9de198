import { registry } from "@web/core/registry";

// A back-office user registers a phone complaint, analyses it and closes it
// with a resolution and an outcome: the customer is acknowledged and gets the
// final response letter (checked by the test on the records).
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
            content: "Closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
        {
            content: "The final response letter is in the chatter",
            trigger: ".o-mail-Message:contains(our final response)",
        },
    ],
});
