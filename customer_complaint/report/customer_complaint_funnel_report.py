from odoo import fields, models, tools


class CustomerComplaintFunnelReport(models.Model):
    """The complaint funnel: one row per complaint and per stage of the regular
    flow it reached. Counting rows by stage gives how many complaints entered
    each stage; ``rejected_count`` tells where rejected ones dropped out."""

    _name = "customer.complaint.funnel.report"
    _description = "Complaint Funnel"
    _auto = False
    _order = "stage_sequence"

    complaint_id = fields.Many2one("customer.complaint", readonly=True)
    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
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
    rejected_count = fields.Integer(string="Rejected Here", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT c.id::bigint * 10000 + s.id AS id,
                       c.id AS complaint_id,
                       s.id AS stage_id,
                       s.sequence AS stage_sequence,
                       c.date_received,
                       c.team_id,
                       c.company_id,
                       c.category_id,
                       c.cause_id,
                       CASE WHEN s.id = c.furthest_stage_id
                            THEN c.reject_reason_id END AS reject_reason_id,
                       CASE WHEN s.id = c.furthest_stage_id
                                 AND c.reject_reason_id IS NOT NULL
                            THEN 1 ELSE 0 END AS rejected_count
                  FROM customer_complaint c
                  JOIN customer_complaint_stage f ON f.id = c.furthest_stage_id
                  JOIN customer_complaint_stage s
                    ON s.sequence <= f.sequence
                   AND s.requires_reason IS NOT TRUE
                   AND s.active
                 WHERE c.active
            )
            """
        )
