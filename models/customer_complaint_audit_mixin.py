from odoo import models
from odoo.exceptions import UserError

# The documents whose chatter (messages, tracking values, logs) and files are
# part of the register: nobody edits or deletes them, see mail_message.py,
# mail_tracking_value.py and ir_attachment.py. The one list of them.
AUDITED_MODELS = frozenset(
    {"customer.complaint", "customer.review", "customer.complaint.action"}
)


# The context value of an erasure of personal data (customer_complaint_
# personal_data.py), the one change allowed to rewrite the trail: an object,
# so no RPC client can send it (a JSON context holds no such value).
ERASURE = object()


def is_erasure(env):
    """Whether ``env`` is the superuser environment of an erasure."""
    return env.su and env.context.get("complaint_erasure") is ERASURE


def audit_trail_error(env):
    """The error raised on any attempt to rewrite the audit trail."""
    return UserError(
        env._(
            "Messages, notes, logs and files of a complaint or a review are part "
            "of its record: they cannot be edited or deleted. Post a new message "
            "or note to correct or complete them."
        )
    )


class CustomerComplaintAuditMixin(models.AbstractModel):
    """The chatter of an audited document: messages are never edited nor
    deleted, not even by their author through the chatter (whose controller
    updates the message as superuser after this check).

    It extends mail.thread: list it before "mail.thread" in ``_inherit``."""

    _name = "customer.complaint.audit.mixin"
    _description = "Complaint Audit Trail"
    _inherit = ["mail.thread"]

    def _check_can_update_message_content(self, messages):
        raise audit_trail_error(self.env)
