import { registry } from "@web/core/registry";

// The customer opens their complaint, reads the proposed resolution and says
// in their words why it does not solve the problem (checked by the test on
// the record).
registry.category("web_tour.tours").add("customer_complaint_proposal_tour", {
    steps: () => [
        {
            content: "The proposed resolution is shown",
            trigger: ".o_complaint_proposed_resolution:contains(sewn at our expense)",
        },
        {
            content: "Say why it does not solve the problem",
            trigger: ".o_complaint_proposal_refuse textarea[name=refusal_reason]",
            run: "edit The lamp base is still scratched.",
        },
        {
            content: "Send the answer",
            trigger: ".o_complaint_proposal_refuse button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The answer is acknowledged",
            trigger: ".alert-success:contains(Thank you for your answer)",
        },
        {
            content: "The customer's words are shown, without the buttons",
            trigger: ".o_complaint_refusal_reason:contains(still scratched)",
        },
        {
            content: "No answer form any more",
            trigger: "#complaint_proposal:not(:has(.o_complaint_proposal_accept))",
        },
    ],
});
