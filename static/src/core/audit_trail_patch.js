import { Attachment } from "@mail/core/common/attachment_model";
import { Message } from "@mail/core/common/message_model";
import { patch } from "@web/core/utils/patch";

/**
 * The messages and files of complaints, reviews and corrective actions are
 * their audit trail: the server refuses to edit or delete them (models
 * mail_message.py, ir_attachment.py) and flags them `is_audit_trail`, so that
 * the chatter does not offer Edit and Delete only to fail.
 */
patch(Message.prototype, {
    get allowsEdition() {
        return !this.is_audit_trail && super.allowsEdition;
    },
});

patch(Attachment.prototype, {
    get isDeletable() {
        return !this.is_audit_trail && super.isDeletable;
    },
});
