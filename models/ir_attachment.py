import base64

from odoo import models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.mail.tools.discuss import Store

from .customer_complaint_audit_mixin import (
    AUDITED_MODELS,
    audit_trail_error,
    is_erasure,
)

# What may change on a file of an audited document: how it is served, not
# what it is nor where it belongs.
FREE_FIELDS = frozenset({"access_token", "thumbnail"})
# Computed from the content: ir.attachment.write() ignores them.
IGNORED_FIELDS = frozenset({"file_size", "checksum", "store_fname"})


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _audited_attachments(self):
        """The files of audited documents (the customer's photos and
        documents, the files of messages), not binary fields' storage."""
        if self.env.context.get(MODULE_UNINSTALL_FLAG) or is_erasure(self.env):
            return self.browse()
        # sudo: the guard sees every file, whatever the user may read of it.
        return self.sudo().filtered(
            lambda a: a.res_model in AUDITED_MODELS and not a.res_field
        )

    def _to_store_defaults(self, target):
        # The chatter offers to delete the files it believes deletable; tell
        # it which ones unlink() refuses (audit_trail_patch.js).
        return super()._to_store_defaults(target) + [
            Store.Attr(
                "is_audit_trail",
                lambda a: a.res_model in AUDITED_MODELS and not a.res_field,
            ),
        ]

    def _changes_audited_value(self, attachment, fname, value):
        if fname in ("raw", "datas"):
            if fname == "datas":
                data = base64.b64decode(value or b"")
            else:
                data = value.encode() if isinstance(value, str) else value or b""
            return self._compute_checksum(data) != attachment.checksum
        field = self._fields.get(fname)
        if field is None:
            return True
        try:
            new = field.convert_to_cache(value, attachment, validate=False)
            old = field.convert_to_cache(attachment[fname], attachment, validate=False)
        except (TypeError, ValueError):
            return True
        return (new or False) != (old or False)

    def write(self, vals):
        """Even as superuser: Odoo's /mail/attachment/delete and chatter
        routes act as superuser after their own ownership checks. A rewrite
        with the same content (the administrator's "force storage") passes,
        and so does an erasure of personal data (is_erasure)."""
        checked = set(vals) - FREE_FIELDS - IGNORED_FIELDS
        if checked:
            for attachment in self._audited_attachments():
                if any(
                    self._changes_audited_value(attachment, fname, vals[fname])
                    for fname in checked
                ):
                    raise audit_trail_error(self.env)
        return super().write(vals)

    def unlink(self):
        if self._audited_attachments():
            raise audit_trail_error(self.env)
        return super().unlink()
