from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintRejectReason(models.Model):
    _name = "customer.complaint.reject.reason"
    _description = "Complaint Rejection Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Old complaints keep what they were classified with: one used by a
        complaint (archived, or of another company, too) is archived instead."""
        used = self.env["customer.complaint"]._first_use_of(self, "reject_reason_id")
        if used:
            record, count = used
            raise UserError(
                self.env._(
                    'The rejection reason "%(name)s" is used by %(count)s '
                    "complaint(s), archived ones included, and cannot be "
                    "deleted: archive it instead.",
                    name=record.display_name,
                    count=count,
                )
            )
