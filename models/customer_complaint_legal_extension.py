from odoo import fields, models


class CustomerComplaintLegalExtension(models.Model):
    """A longer statutory deadline the law allows in a given case, e.g. a
    replacement after a quality check."""

    _name = "customer.complaint.legal.extension"
    _description = "Statutory Deadline Extension"
    _order = "rule_id, days"

    rule_id = fields.Many2one(
        "customer.complaint.legal.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Case", required=True, translate=True)
    days = fields.Integer(
        required=True, help="Calendar days from the demand in this case."
    )
    legal_reference = fields.Char(translate=True)

    _days_range = models.Constraint(
        "CHECK(days > 0 AND days <= 3650)",
        "An extended deadline is between 1 and 3650 days.",
    )
