import { registry } from "@web/core/registry";

// A complaints manager on a complaint with a saved action: the action has no
// trash icon (a new line still has one, to drop it before saving); Cancel
// asks why, and the chatter shows who cancelled it and why.
const ACTIONS = ".o_field_widget[name=action_ids]";
const ROW = ".o_data_row:contains(Call the customer back)";
const SAVED = `${ACTIONS} ${ROW}`;

registry.category("web_tour.tours").add("customer_complaint_action_cancel_tour", {
    steps: () => [
        {
            content: "Open the actions",
            trigger: ".o_notebook .nav-link:contains(Actions)",
            run: "click",
        },
        {
            content: "The saved action cannot be deleted: no trash icon",
            trigger: `${SAVED}:not(:has(.o_list_record_remove button))`,
        },
        {
            content: "Add a line",
            trigger: `${ACTIONS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "A new line can be dropped before saving",
            trigger: `${ACTIONS} .o_data_row.o_selected_row .o_list_record_remove button`,
            run: "click",
        },
        {
            content: "Dropped: the saved action is the only line",
            trigger: `${ACTIONS}:not(:has(.o_data_row ~ .o_data_row)) ${ROW}`,
        },
        {
            content: "Cancel the saved action",
            trigger: `${SAVED} button[name=action_open_cancel_wizard]`,
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The customer called us first.",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_cancel]",
            run: "click",
        },
        {
            content: "The action is cancelled, still listed",
            trigger: `body:not(:has(.modal)) ${SAVED}.text-muted`,
        },
        {
            content: "The chatter says who cancelled it and why",
            trigger: ".o-mail-Message:contains(Action cancelled):contains(The customer called us first)",
        },
    ],
});
