from odoo import fields, models


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
