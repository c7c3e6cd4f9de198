from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    # On the extension: an extension created or edited alone is checked too
    # (its rule's constraint runs only when the rule is written).
    @api.constrains("days", "rule_id")
    def _check_longer_than_deadline(self):
        for rule, extensions in self.grouped("rule_id").items():
            short = extensions.filtered(
                lambda e, rule=rule: e.days <= rule.deadline_days
            )
            if short:
                raise ValidationError(
                    self.env._(
                        "An extension of %(rule)s must give more days than its "
                        "deadline (%(days)s): %(extensions)s.",
                        rule=rule.display_name,
                        days=rule.deadline_days,
                        extensions=", ".join(short.mapped("name")),
                    )
                )
