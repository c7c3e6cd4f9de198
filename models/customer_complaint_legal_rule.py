"""What consumer-protection law gives a customer who demands a remedy: per
country, kind (goods or services) and remedy, the days the seller has from
the demand, the extensions the law allows (e.g. a quality check) and the
penalty per day late. Data a manager keeps (Configuration > Statutory
Deadlines); the Russian preset ships (data/customer_complaint_legal_rule_data.xml)."""

from odoo import api, fields, models

REMEDIES = [
    ("none", "No Demand"),
    ("repair", "Repair"),
    ("replacement", "Replacement"),
    ("price_reduction", "Price Reduction"),
    ("refund", "Refund"),
    ("losses", "Compensation of Losses"),
    ("other", "Other"),
]
REMEDY_KINDS = [("goods", "Goods"), ("service", "Service")]


class CustomerComplaintLegalRule(models.Model):
    _name = "customer.complaint.legal.rule"
    _description = "Statutory Deadline of a Remedy"
    _order = "country_id, kind, remedy"

    country_id = fields.Many2one("res.country", required=True, index=True)
    kind = fields.Selection(REMEDY_KINDS, required=True, default="goods")
    remedy = fields.Selection(
        [item for item in REMEDIES if item[0] not in ("none", "other")],
        required=True,
    )
    deadline_days = fields.Integer(
        string="Deadline (days)",
        required=True,
        help="Calendar days from the customer's demand the law gives to grant it.",
    )
    extension_ids = fields.One2many(
        "customer.complaint.legal.extension",
        "rule_id",
        string="Extensions",
        help="Longer deadlines the law allows in a given case (e.g. a quality "
        "check): chosen on the complaint.",
    )
    penalty_rate = fields.Float(
        string="Penalty (% of the price per day)",
        digits=(5, 2),
        help="What the seller owes the customer for each day late, in percent "
        "of the price of the goods or service.",
    )
    penalty_capped = fields.Boolean(
        string="Penalty at Most the Price",
        help="The penalty accrued never exceeds the price (e.g. services, "
        "Russian consumer law art. 28 p. 5).",
    )
    legal_reference = fields.Char(
        required=True,
        translate=True,
        help="The law and its articles.",
    )
    active = fields.Boolean(default=True)

    _deadline_positive = models.Constraint(
        "CHECK(deadline_days > 0 AND deadline_days <= 3650)",
        "A statutory deadline is between 1 and 3650 days.",
    )
    _penalty_range = models.Constraint(
        "CHECK(penalty_rate >= 0 AND penalty_rate <= 100)",
        "The penalty rate is between 0 and 100% per day.",
    )
    # One rule per country, kind and remedy among those in force.
    _unique_active = models.UniqueIndex(
        "(country_id, kind, remedy) WHERE active",
        "A country already has a rule in force for this kind and remedy: "
        "archive it first.",
    )

    @api.depends("remedy", "kind", "country_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        remedies = dict(self._fields["remedy"]._description_selection(self.env))
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rule in self:
            rule.display_name = " · ".join(
                part
                for part in (
                    rule.country_id.code,
                    kinds.get(rule.kind),
                    remedies.get(rule.remedy),
                )
                if part
            )

    @api.constrains("deadline_days")
    def _check_extensions(self):
        self.extension_ids._check_longer_than_deadline()

    @api.model
    def _rule_for(self, country, kind, remedy):
        """The rule in force for ``country``, ``kind`` and ``remedy``."""
        if not (country and kind and remedy):
            return self.browse()
        return self.search(
            [
                ("country_id", "=", country.id),
                ("kind", "=", kind),
                ("remedy", "=", remedy),
            ],
            limit=1,
        )
