import { registry } from "@web/core/registry";

// A complaint manager opens the dashboard, goes from its card to the funnel,
// then prints the Causes and Resolutions PDF from the Reporting menu.
registry.category("web_tour.tours").add("customer_complaint_manager_tour", {
    steps: () => [
        {
            content: "The dashboard shows the company's open complaints",
            trigger: ".o_customer_complaint_dashboard .o_kanban_record:contains(Open)",
        },
        {
            content: "Open the funnel from the card",
            trigger: ".o_kanban_record button[name=action_open_funnel]",
            run: "click",
        },
        {
            content: "The funnel is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Open the Reporting menu",
            trigger: "[data-menu-xmlid='customer_complaint.customer_complaint_menu_reporting']",
            run: "click",
        },
        {
            content: "Causes and Resolutions",
            trigger: "[data-menu-xmlid='customer_complaint.customer_complaint_menu_causes']",
            run: "click",
        },
        {
            content: "Print the PDF",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        {
            content: "The PDF was made: the dialog closes, no error is shown",
            trigger: "body:not(:has(.modal)) .o_graph_renderer",
        },
    ],
});
