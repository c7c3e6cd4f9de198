from odoo import fields, models, tools


class CustomerComplaintFunnelReport(models.Model):
    """The complaint funnel, pre-aggregated: active complaints are first
    counted by furthest stage reached, rejection reason, day of reception
    (UTC), team, company, category and cause, and only then each group is
    joined to every stage of the regular flow it reached. Summing
    ``complaint_count`` by stage gives how many complaints entered each stage;
    ``rejected_count`` tells where rejected ones dropped out (on the row of
    their furthest stage only)."""

    _name = "customer.complaint.funnel.report"
    _description = "Complaint Funnel"
    _auto = False
    _order = "stage_sequence"

    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    # The day of reception, at midnight UTC: bounds at midnight UTC select the
    # same complaints as on the complaints. A date in a domain is converted at
    # midnight of the user's timezone: with another timezone than UTC, the
    # complaints of the first and last hours of a period go by their UTC day.
    date_received = fields.Datetime(string="Received On", readonly=True)
    team_id = fields.Many2one("customer.complaint.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category_id = fields.Many2one("customer.complaint.category", readonly=True)
    cause_id = fields.Many2one("customer.complaint.cause", readonly=True)
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason",
        string="Rejected Here For",
        readonly=True,
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    rejected_count = fields.Integer(string="Rejected Here", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The id is unique: groups of complaints are disjoint, so their
        # smallest complaint id is, and a group meets each stage once.
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH grouped AS (
                    SELECT min(c.id) AS first_id,
                           c.furthest_stage_id,
                           c.reject_reason_id,
                           date_trunc('day', c.date_received) AS date_received,
                           c.team_id,
                           c.company_id,
                           c.category_id,
                           c.cause_id,
                           count(*) AS complaint_count
                      FROM customer_complaint c
                     WHERE c.active
                     GROUP BY c.furthest_stage_id,
                              c.reject_reason_id,
                              date_trunc('day', c.date_received),
                              c.team_id,
                              c.company_id,
                              c.category_id,
                              c.cause_id
                )
                SELECT g.first_id::bigint * 10000 + s.id AS id,
                       s.id AS stage_id,
                       s.sequence AS stage_sequence,
                       g.date_received,
                       g.team_id,
                       g.company_id,
                       g.category_id,
                       g.cause_id,
                       CASE WHEN s.id = g.furthest_stage_id
                            THEN g.reject_reason_id END AS reject_reason_id,
                       g.complaint_count::integer AS complaint_count,
                       CASE WHEN s.id = g.furthest_stage_id
                                 AND g.reject_reason_id IS NOT NULL
                            THEN g.complaint_count ELSE 0
                       END::integer AS rejected_count
                  FROM grouped g
                  JOIN customer_complaint_stage f ON f.id = g.furthest_stage_id
                  JOIN customer_complaint_stage s
                    ON s.sequence <= f.sequence
                   AND s.requires_reason IS NOT TRUE
                   AND s.active
            )
            """
        )
        self._create_group_statistics()

    def _create_group_statistics(self):
        """How many groups the view's first step makes. Without these
        statistics PostgreSQL counts as many received days as reception
        instants and expects about one group per complaint: no parallel
        aggregation and, at a million complaints, a cost that turns JIT
        compilation on (a quarter of a second). ANALYZE (autovacuum) fills
        them. They are kept once created: other columns need another name.
        Expressions in statistics need PostgreSQL 14; older servers get the
        same results, slower."""
        if self.env.cr.connection.server_version < 140000:
            return
        self.env.cr.execute(
            """
            CREATE STATISTICS IF NOT EXISTS customer_complaint_funnel_groups
                (ndistinct)
                ON furthest_stage_id, reject_reason_id,
                   (date_trunc('day', date_received)),
                   team_id, company_id, category_id, cause_id
              FROM customer_complaint
            """
        )
