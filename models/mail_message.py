from odoo import models

from odoo.addons.mail.tools.discuss import Store

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
        # sudo: the guard sees the document of every message, readable or not.
        if any(model in AUDITED_MODELS for model in self.sudo().mapped("model")):
            raise audit_trail_error(self.env)

    def _to_store_defaults(self, target):
        # The web client offers Edit and Delete on the messages it believes
        # editable; tell it which ones the server refuses (audit_trail_patch.js).
        return super()._to_store_defaults(target) + [
            Store.Attr("is_audit_trail", lambda m: m.model in AUDITED_MODELS),
        ]

    def _portal_get_default_format_properties_names(self, options=None):
        names = super()._portal_get_default_format_properties_names(options=options)
        return names | {"is_audit_trail"}

    def _portal_message_format(self, properties_names, options=None):
        # The same for the portal's chatter, which formats its messages itself.
        vals_list = super()._portal_message_format(properties_names, options=options)
        if "is_audit_trail" in properties_names:
            for message, values in zip(self, vals_list, strict=True):
                values["is_audit_trail"] = message.model in AUDITED_MODELS
        return vals_list

    def write(self, vals):
        self._check_audit_trail(vals)
        return super().write(vals)

    def unlink(self):
        self._check_audit_trail()
        return super().unlink()
