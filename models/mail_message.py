from odoo import models

from .customer_complaint_audit_mixin import AUDITED_MODELS, audit_trail_error

# What a user may still change on a message of an audited document: their own
# marks, not the message (reactions and read marks live in other models).
USER_MESSAGE_FIELDS = frozenset({"starred_partner_ids", "pinned_at"})


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _check_audit_trail(self, vals=None):
        """Refuse to users (RPC never runs as superuser) any change of a
        message of an audited document; the addon's and Odoo's own code paths
        that run as superuser (e.g. the mail queue removing the copy of an
        email it sent) are left alone."""
        if self.env.su:
            return
        if vals is not None and not (set(vals) - USER_MESSAGE_FIELDS):
            return
        if any(model in AUDITED_MODELS for model in self.sudo().mapped("model")):
            raise audit_trail_error(self.env)

    def write(self, vals):
        self._check_audit_trail(vals)
        return super().write(vals)

    def unlink(self):
        self._check_audit_trail()
        return super().unlink()
