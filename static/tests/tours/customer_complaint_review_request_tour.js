import { registry } from "@web/core/registry";

// "Request Review" on a sale order asks before emailing the customer: the
// first request is cancelled (nothing sent), the second is sent (checked by
// the test on the order).
registry.category("web_tour.tours").add("customer_complaint_review_request_tour", {
    steps: () => [
        {
            content: "Request a review of the order",
            trigger: ".o_form_statusbar button[name=action_send_review_request]",
            run: "click",
        },
        {
            content: "Odoo asks first: cancel",
            trigger: ".modal:contains(Email the customer a link) .modal-footer .btn-secondary",
            run: "click",
        },
        {
            content: "Nothing was sent",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Request a review again",
            trigger: ".o_form_statusbar button[name=action_send_review_request]",
            run: "click",
        },
        {
            content: "Send it",
            trigger: ".modal:contains(Email the customer a link) .modal-footer .btn-primary:contains(Send)",
            run: "click",
        },
        {
            content: "The request is in the order's chatter",
            trigger: ".o-mail-Message-body:contains(Rate your order)",
        },
    ],
});
