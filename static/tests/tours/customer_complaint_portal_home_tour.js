import { registry } from "@web/core/registry";

// A customer with no complaint yet finds the Complaints card on /my, reaches
// the new complaint form from it, and the breadcrumbs lead back to /my.
registry.category("web_tour.tours").add("customer_complaint_portal_home_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Complaints card of the customer's home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The list says there is no complaint yet",
            trigger: ".alert-info:contains(You have no complaints)",
        },
        {
            content: "File a new complaint",
            trigger: "a.o_complaint_new_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back to the complaints through the breadcrumbs",
            trigger: ".o_portal_submenu a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back to the customer's home through the breadcrumbs",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The home shows the Complaints card again",
            trigger: ".o_portal_my_home .o_portal_index_card:not(.d-none) a[href='/my/complaints']",
        },
    ],
});

// A customer with a complaint reaches it from the card of /my, and the
// breadcrumbs of its page lead back to /my.
registry.category("web_tour.tours").add("customer_complaint_portal_home_complaint_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Complaints card of the customer's home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the customer's complaint",
            trigger: "tr.o_complaint_row:contains(Scratched lamp) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page, under Complaints in the breadcrumbs",
            trigger: ".o_complaint_subject:contains(Scratched lamp)",
        },
        {
            content: "Back to the customer's home through the breadcrumbs",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The home shows the Complaints card",
            trigger: ".o_portal_my_home .o_portal_index_card:not(.d-none) a[href='/my/complaints']",
        },
    ],
});
