from odoo import models

from .customer_complaint_audit_mixin import AUDITED_MODELS, audit_trail_error


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _check_audit_trail(self):
        """The tracked old and new values of an audited document are its
        history: no user (administrators included) rewrites or deletes them."""
        if self.env.su:
            return
        models_ = self.sudo().mapped("mail_message_id.model")
        if any(model in AUDITED_MODELS for model in models_):
            raise audit_trail_error(self.env)

    def write(self, vals):
        self._check_audit_trail()
        return super().write(vals)

    def unlink(self):
        self._check_audit_trail()
        return super().unlink()
