from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools.misc import babel_locale_parse

# CLDR plural categories, in CLDR order ("other" is every language's last).
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def plural(env, count, forms):
    """``count`` and the word form it takes in the language of ``env``.

    ``forms`` is a translated text giving one form per CLDR plural category
    of the language, in CLDR order, separated by "|": English "review|reviews"
    (one, other), Russian "отзыв|отзыва|отзывов|отзыва" (one, few, many,
    other). Odoo's translations have no plural forms: the category of the
    number is chosen by Babel's CLDR rule, as Odoo formats numbers and dates.
    """
    words = forms.split("|")
    rule = babel_locale_parse(env.lang or "en_US").plural_form
    categories = [c for c in PLURAL_CATEGORIES if c in rule.tags or c == "other"]
    if len(words) != len(categories):
        # Not translated (yet): the English forms, by the English rule.
        rule = babel_locale_parse("en_US").plural_form
        categories = ["one", "other"]
    word = words[min(categories.index(rule(count)), len(words) - 1)]
    return f"{count} {word}"


class CustomerComplaintDashboard(models.Model):
    """The complaints dashboard: one row per company with the figures a
    manager looks at first, read when the dashboard opens (a plain SQL view:
    "now", this month and the last are those of the moment of reading, in
    the timezone of the company's working calendar). Its kanban card opens
    the analyses behind each figure."""

    _name = "customer.complaint.dashboard"
    _description = "Complaints Dashboard"
    _auto = False
    _order = "company_id"
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    escalated_count = fields.Integer(string="Escalated", readonly=True)
    repeat_count = fields.Integer(
        string="Repeats (30 days)",
        readonly=True,
        help="Repeat complaints received in the last 30 days.",
    )
    received_this_month = fields.Integer(readonly=True)
    received_last_month = fields.Integer(readonly=True)
    closed_this_month = fields.Integer(readonly=True)
    closed_last_month = fields.Integer(readonly=True)
    on_time_rate = fields.Integer(
        string="Final Responses on Time (%)",
        readonly=True,
        help="Of the complaints closed or rejected in the last 30 days, the "
        "share whose final response met its deadline.",
    )
    upheld_rate = fields.Integer(
        string="Upheld (%)",
        readonly=True,
        help="Of the complaints decided in the last 30 days, the share upheld "
        "or partly upheld.",
    )
    responded_count = fields.Integer(
        string="Final Responses (30 days)",
        readonly=True,
        help="Complaints closed in the last 30 days whose final response "
        "deadline is met or failed: the base of the on-time share.",
    )
    decided_count = fields.Integer(
        string="Decisions (30 days)",
        readonly=True,
        help="Complaints closed in the last 30 days with an outcome recorded "
        "(upheld, partly upheld or not upheld).",
    )
    compensation_this_month = fields.Monetary(
        string="Compensation this Month", readonly=True
    )
    legal_late_count = fields.Integer(
        string="Past the Statutory Deadline",
        readonly=True,
        help="Open complaints whose statutory deadline has passed.",
    )
    legal_penalty = fields.Monetary(
        string="Penalties Accruing",
        compute="_compute_legal_penalty",
        help="The statutory penalties accrued so far on the open complaints "
        "past their statutory deadline; they grow each day until closing.",
    )
    legal_met_count = fields.Integer(
        string="Statutory Deadlines Met (30 days)",
        readonly=True,
        help="Complaints closed in the last 30 days by their statutory deadline.",
    )
    legal_missed_count = fields.Integer(
        string="Statutory Deadlines Missed (30 days)",
        readonly=True,
        help="Complaints closed in the last 30 days after their statutory deadline.",
    )
    csat = fields.Integer(
        string="CSAT (%)",
        readonly=True,
        help="Reviews of the last 90 days scored 4 or 5, in percent.",
    )
    nps = fields.Integer(
        string="NPS",
        readonly=True,
        help="Net Promoter Score of the survey answers of the last 90 days: "
        "promoters (9-10) less detractors (0-6), in percent.",
    )
    answer_count = fields.Integer(string="NPS Answers", readonly=True)
    review_count = fields.Integer(string="Reviews", readonly=True)
    # The counts with their word, in the plural form the number takes.
    escalated_text = fields.Char(compute="_compute_count_texts")
    answer_text = fields.Char(compute="_compute_count_texts")
    review_text = fields.Char(compute="_compute_count_texts")

    @api.depends("escalated_count", "answer_count", "review_count")
    @api.depends_context("lang")
    def _compute_count_texts(self):
        env = self.env
        for row in self:
            row.escalated_text = plural(
                env, row.escalated_count, env._("escalated|escalated")
            )
            row.answer_text = plural(env, row.answer_count, env._("answer|answers"))
            row.review_text = plural(env, row.review_count, env._("review|reviews"))

    def _compute_legal_penalty(self):
        # sudo: the view's figures count every complaint of the company, the
        # penalties too (the manager's rows are those of their companies).
        totals = (
            self.env["customer.complaint"]
            .sudo()
            ._legal_penalty_totals(
                [("company_id", "in", self.company_id.ids), ("is_closed", "=", False)]
            )
        )
        for row in self:
            row.legal_penalty = totals.get(row.company_id.id, 0.0)

    # The indexes of its figures are on the complaints
    # (customer_complaint.py: _dashboard_*_idx).

    @property
    def _table_query(self):
        # Each figure reads only the complaints it counts, through an index:
        # the open ones, those received since last month, those closed since
        # last month or in the last 30 days, the satisfaction answers of the
        # last 90 days. Month bounds are the company's local midnights, in
        # UTC, so that the stored dates are compared as they are (indexed),
        # not converted row by row.
        return """
            WITH bounds AS (
                SELECT c.id AS company_id,
                       (now() AT TIME ZONE 'UTC') AS now_utc,
                       (date_trunc('month', now() AT TIME ZONE z.tz)
                           AT TIME ZONE z.tz) AT TIME ZONE 'UTC' AS month_utc,
                       ((date_trunc('month', now() AT TIME ZONE z.tz)
                            - interval '1 month')
                           AT TIME ZONE z.tz) AT TIME ZONE 'UTC' AS last_month_utc
                  FROM res_company c
                  LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
                  CROSS JOIN LATERAL (SELECT COALESCE(rc.tz, 'UTC') AS tz) z
            ),
            open_complaints AS (
                SELECT b.company_id,
                       count(*) AS open_count,
                       count(*) FILTER (WHERE cc.sla_deadline < b.now_utc)
                           AS overdue_count,
                       count(*) FILTER (WHERE cc.escalation_level > '0')
                           AS escalated_count,
                       count(*) FILTER (WHERE cc.date_legal_deadline < b.now_utc)
                           AS legal_late_count
                  FROM bounds b
                  JOIN customer_complaint cc ON cc.company_id = b.company_id
                 WHERE cc.active AND NOT cc.is_closed
                 GROUP BY b.company_id
            ),
            received_complaints AS (
                SELECT b.company_id,
                       count(*) FILTER (WHERE cc.date_received >= b.month_utc)
                           AS received_this_month,
                       count(*) FILTER (WHERE cc.date_received < b.month_utc)
                           AS received_last_month
                  FROM bounds b
                  JOIN customer_complaint cc ON cc.company_id = b.company_id
                 WHERE cc.active AND cc.date_received >= b.last_month_utc
                 GROUP BY b.company_id
            ),
            repeats AS (
                SELECT b.company_id, count(*) AS repeat_count
                  FROM bounds b
                  JOIN customer_complaint cc ON cc.company_id = b.company_id
                 WHERE cc.is_repeat AND cc.active
                   AND cc.date_received >= b.now_utc - interval '30 days'
                 GROUP BY b.company_id
            ),
            closed_complaints AS (
                SELECT b.company_id,
                       count(*) FILTER (WHERE cc.date_closed >= b.month_utc)
                           AS closed_this_month,
                       count(*) FILTER (WHERE cc.date_closed >= b.last_month_utc
                                          AND cc.date_closed < b.month_utc)
                           AS closed_last_month,
                       count(*) FILTER (
                           WHERE cc.final_response_status IN ('met', 'failed')
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS responded_count,
                       count(*) FILTER (
                           WHERE cc.final_response_status = 'met'
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS met_count,
                       count(*) FILTER (
                           WHERE cc.outcome IN ('upheld', 'partly_upheld',
                                                'not_upheld')
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS decided_count,
                       count(*) FILTER (
                           WHERE cc.is_upheld
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS upheld_count,
                       count(*) FILTER (
                           WHERE cc.legal_status = 'met'
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS legal_met_count,
                       count(*) FILTER (
                           WHERE cc.legal_status = 'failed'
                             AND cc.date_closed >= b.now_utc - interval '30 days')
                           AS legal_missed_count,
                       sum(cc.compensation_amount)
                           FILTER (WHERE cc.date_closed >= b.month_utc)
                           AS compensation_this_month
                  FROM bounds b
                  JOIN customer_complaint cc ON cc.company_id = b.company_id
                 WHERE cc.active AND cc.is_closed
                   AND cc.date_closed >= LEAST(b.last_month_utc,
                                               b.now_utc - interval '30 days')
                 GROUP BY b.company_id
            ),
            satisfaction AS (
                -- Answers of a customer of no company (and of no complaint)
                -- belong to every company, as in the Satisfaction analysis.
                SELECT b.company_id,
                       avg(s.csat) FILTER (WHERE s.source = 'review') AS csat,
                       count(*) FILTER (WHERE s.source = 'review') AS review_count,
                       avg(s.nps) FILTER (WHERE s.source = 'nps') AS nps,
                       count(*) FILTER (WHERE s.source = 'nps') AS answer_count
                  FROM bounds b
                  JOIN customer_satisfaction_report s
                    ON s.company_id = b.company_id OR s.company_id IS NULL
                 -- A constant bound (not the join's): applied inside the
                 -- view, on the reviews' and answers' dates.
                 WHERE s.date >= (now() AT TIME ZONE 'UTC') - interval '90 days'
                   AND s.is_archived IS NOT TRUE
                 GROUP BY b.company_id
            )
            SELECT b.company_id AS id,
                   b.company_id,
                   COALESCE(o.open_count, 0) AS open_count,
                   COALESCE(o.overdue_count, 0) AS overdue_count,
                   COALESCE(o.escalated_count, 0) AS escalated_count,
                   COALESCE(rp.repeat_count, 0) AS repeat_count,
                   COALESCE(o.legal_late_count, 0) AS legal_late_count,
                   COALESCE(d.legal_met_count, 0) AS legal_met_count,
                   COALESCE(d.legal_missed_count, 0) AS legal_missed_count,
                   COALESCE(r.received_this_month, 0) AS received_this_month,
                   COALESCE(r.received_last_month, 0) AS received_last_month,
                   COALESCE(d.closed_this_month, 0) AS closed_this_month,
                   COALESCE(d.closed_last_month, 0) AS closed_last_month,
                   COALESCE(d.responded_count, 0) AS responded_count,
                   COALESCE(d.decided_count, 0) AS decided_count,
                   round(100.0 * d.met_count / NULLIF(d.responded_count, 0))::integer
                       AS on_time_rate,
                   round(100.0 * d.upheld_count / NULLIF(d.decided_count, 0))::integer
                       AS upheld_rate,
                   COALESCE(d.compensation_this_month, 0) AS compensation_this_month,
                   round(s.csat)::integer AS csat,
                   round(s.nps)::integer AS nps,
                   COALESCE(s.answer_count, 0) AS answer_count,
                   COALESCE(s.review_count, 0) AS review_count
              FROM bounds b
              LEFT JOIN open_complaints o ON o.company_id = b.company_id
              LEFT JOIN received_complaints r ON r.company_id = b.company_id
              LEFT JOIN repeats rp ON rp.company_id = b.company_id
              LEFT JOIN closed_complaints d ON d.company_id = b.company_id
              LEFT JOIN satisfaction s ON s.company_id = b.company_id
             -- A company with complaints, or satisfaction answers.
             WHERE s.company_id IS NOT NULL
                OR EXISTS (SELECT FROM customer_complaint cc
                            WHERE cc.company_id = b.company_id AND cc.active)
        """

    # Actions of the card: the complaints or the analysis behind a figure.

    def _complaints_action(self, name, domain, context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint.customer_complaint_action"
        )
        action.update(
            name=name,
            domain=[("company_id", "=", self.company_id.id), *domain],
            context={**(context or {}), "create": False},
        )
        return action

    @api.readonly
    def action_open_open(self):
        # Domains by keyword: Odoo's term extraction took the first string
        # after a translated one in the same call for a term of its own.
        return self._complaints_action(
            _("Open Complaints"), domain=[("is_closed", "=", False)]
        )

    @api.readonly
    def action_open_overdue(self):
        return self._complaints_action(
            _("Overdue Complaints"),
            domain=[("is_closed", "=", False), ("is_overdue", "=", True)],
        )

    @api.readonly
    def action_open_legal_late(self):
        return self._complaints_action(
            _("Complaints past the Statutory Deadline"),
            domain=[
                ("is_closed", "=", False),
                ("date_legal_deadline", "<", fields.Datetime.now()),
            ],
        )

    @api.readonly
    def action_open_repeats(self):
        since = fields.Datetime.now() - timedelta(days=30)
        return self._complaints_action(
            _("Repeat Complaints"),
            domain=[("is_repeat", "=", True), ("date_received", ">=", since)],
        )

    def _report_action(self, xmlid, context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = context
        return action

    @api.readonly
    def action_open_funnel(self):
        return self._report_action(
            "customer_complaint.customer_complaint_funnel_report_action",
            {"search_default_group_stage": 1},
        )

    @api.readonly
    def action_open_causes(self):
        return self._report_action(
            "customer_complaint.customer_complaint_report_action",
            {"pivot_row_groupby": ["cause_id"], "graph_groupbys": ["cause_id"]},
        )

    @api.readonly
    def action_open_products(self):
        return self._report_action(
            "customer_complaint.customer_complaint_report_action",
            {"pivot_row_groupby": ["product_id"], "graph_groupbys": ["product_id"]},
        )

    @api.readonly
    def action_open_months(self):
        return self._report_action(
            "customer_complaint.customer_complaint_report_action",
            {
                "pivot_row_groupby": ["date_received:month"],
                "graph_groupbys": ["date_received:month"],
                "graph_mode": "line",
            },
        )

    @api.readonly
    def action_open_satisfaction(self):
        return self._report_action(
            "customer_complaint.customer_satisfaction_report_action", {}
        )
