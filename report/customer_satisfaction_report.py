from odoo import fields, models, tools


class CustomerSatisfactionReport(models.Model):
    """Reviews and NPS answers side by side. Averages of ``csat`` and ``nps``
    are the usual indicators: CSAT is the share of 4-5 scores (each review
    counts 100 or 0), NPS is promoters minus detractors (each answer counts
    100, 0 or -100).

    An NPS answer belongs to the company of its complaint, else to its
    customer's company; an answer to a campaign from a customer of no
    company belongs to no company (survey answers have none in Odoo) and
    is shown in every company. ``is_archived``: the row's complaint is
    archived; archived complaints still count (filter "Exclude archived")."""

    _name = "customer.satisfaction.report"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc"

    source = fields.Selection(
        [("review", "Review"), ("nps", "NPS answer")], readonly=True
    )
    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    team_id = fields.Many2one("customer.complaint.team", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    specialist_id = fields.Many2one("res.users", readonly=True)
    specialist_employee_id = fields.Many2one(
        "hr.employee", string="Specialist (Employee)", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    # Not "active": the ORM would leave archived complaints out of every read.
    is_archived = fields.Boolean(string="Archived Complaint", readonly=True)
    score = fields.Integer(string="Review Score", readonly=True, aggregator="avg")
    csat = fields.Float(string="CSAT (%)", readonly=True, aggregator="avg")
    nps = fields.Float(string="NPS", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT r.id * 2 AS id,
                       'review' AS source,
                       r.date,
                       r.partner_id,
                       r.team_id,
                       r.product_id,
                       r.specialist_id,
                       r.specialist_employee_id,
                       r.company_id,
                       r.score,
                       CASE WHEN r.score >= 4 THEN 100.0 ELSE 0.0 END AS csat,
                       NULL::float AS nps,
                       -- Stored on the review: no join of the complaints.
                       r.complaint_archived IS TRUE AS is_archived
                  FROM customer_review r
                UNION ALL
                SELECT l.id * 2 + 1,
                       'nps',
                       l.create_date,
                       ui.partner_id,
                       NULL, NULL, NULL, NULL,
                       -- The complaint's company: an erased customer has none.
                       COALESCE(c.company_id, oc.company_id, p.company_id),
                       NULL,
                       NULL::float,
                       CASE WHEN l.value_scale >= 9 THEN 100.0
                            WHEN l.value_scale >= 7 THEN 0.0
                            ELSE -100.0 END,
                       c.active IS FALSE
                  FROM survey_user_input_line l
                  JOIN survey_user_input ui ON ui.id = l.user_input_id
                  JOIN survey_question q ON q.id = l.question_id
                  LEFT JOIN customer_complaint c ON c.id = ui.complaint_id
                  -- The complaint the answer opened (one at most: unique).
                  LEFT JOIN customer_complaint oc ON oc.survey_input_id = ui.id
                  LEFT JOIN res_partner p ON p.id = ui.partner_id
                 WHERE q.is_nps IS TRUE
                   AND ui.state = 'done'
                   AND l.skipped IS NOT TRUE
            )
            """
        )
