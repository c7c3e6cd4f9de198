from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintCause(models.Model):
    _name = "customer.complaint.cause"
    _description = "Complaint Cause"
    _order = "kind, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("objective", "Objective"), ("subjective", "Subjective")],
        required=True,
        default="objective",
        help="Objective: the product or service did not match what was documented.\n"
        "Subjective: it did not match the customer's expectations.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _name_kind_uniq = models.Constraint(
        "unique(name, kind)", "A cause with this name and kind already exists."
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Old complaints keep what they were classified with: one used by a
        complaint (archived, or of another company, too) is archived instead."""
        used = self.env["customer.complaint"]._first_use_of(self, "cause_id")
        if used:
            record, count = used
            raise UserError(
                self.env._(
                    'The cause "%(name)s" is used by %(count)s complaint(s), '
                    "archived ones included, and cannot be deleted: "
                    "archive it instead.",
                    name=record.display_name,
                    count=count,
                )
            )
