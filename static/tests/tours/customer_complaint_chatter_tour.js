import { registry } from "@web/core/registry";

// What the admin is offered on a message they posted and on a file: Edit,
// Delete and Remove on a contact's (the tour can see them), none on a
// complaint's, whose messages and files are its audit trail.

registry.category("web_tour.tours").add("customer_complaint_chatter_editable_tour", {
    steps: () => [
        {
            content: "Show the files, once counted",
            trigger: ".o-mail-Chatter-attachFiles:has(sup)",
            run: "click",
        },
        {
            content: "The file is listed",
            trigger: ".o-mail-AttachmentBox:contains(contact.txt)",
        },
        {
            content: "Remove is offered on the file",
            trigger: ".o-mail-AttachmentBox:has(.o-mail-Attachment-unlink)",
        },
        {
            content: "Open the actions of the message",
            trigger: ".o-mail-Message:contains(Contact message)",
            run: "hover && click .o-mail-Message:contains(Contact message) [title='Expand']",
        },
        {
            content: "Edit is offered",
            trigger:
                ".o-mail-Message-moreMenu [name='edit'], .o-mail-Message:contains(Contact message) [name='edit']",
        },
        {
            content: "Delete is offered",
            trigger:
                ".o-mail-Message-moreMenu [name='delete'], .o-mail-Message:contains(Contact message) [name='delete']",
        },
    ],
});

registry.category("web_tour.tours").add("customer_complaint_chatter_audited_tour", {
    steps: () => [
        {
            content: "The form shows the files (open_attachments)",
            trigger: ".o-mail-AttachmentBox:contains(complaint.txt)",
        },
        {
            content: "Remove is not offered on the file",
            trigger: ".o-mail-AttachmentBox:not(:has(.o-mail-Attachment-unlink))",
        },
        {
            content: "Show the actions of the message",
            trigger: ".o-mail-Message:contains(Complaint message)",
            run: "hover",
        },
        {
            content: "Open the other actions, if they do not all fit in the bar",
            trigger:
                ".o-mail-Message:contains(Complaint message) .o-mail-Message-actions .o-mail-ActionList-button",
            run() {
                document.querySelector(".o-mail-Message-actions [title='Expand']")?.click();
            },
        },
        {
            content: "All the actions are shown",
            trigger:
                ".o-mail-Message-moreMenu [name='copy-link'], .o-mail-Message:contains(Complaint message) [name='copy-link']",
        },
        {
            content: "Neither Edit nor Delete is offered",
            trigger:
                "body:not(:has(.o-mail-Message-moreMenu [name='edit'], .o-mail-Message-moreMenu [name='delete'])) .o-mail-Message:contains(Complaint message):not(:has([name='edit'], [name='delete']))",
        },
    ],
});
