from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerComplaintFunnelReport(models.Model):
    """The complaint funnel: a plain SQL view over the complaints' stored
    furthest stage, archived complaints included (``is_archived`` tells them
    apart). Each complaint is joined to every stage of the regular flow up to
    the furthest one it reached: summing ``complaint_count`` by stage gives
    how many complaints entered each stage; ``rejected_count`` tells where
    rejected ones dropped out (on the row of their furthest stage only).

    Nothing is kept besides the complaints: no trigger, no count table, no
    cron. A domain on the complaint's columns (company, team, dates...)
    filters the complaints before they are joined to the stages. Not grouped
    in the view: hashing every complaint on all the columns costs more than
    joining each to its few stages and summing by the requested groups."""

    _name = "customer.complaint.funnel.report"
    _description = "Complaint Funnel"
    _auto = False
    _order = "stage_sequence"

    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    # The complaint's own instant: a period selects the same complaints as
    # on the complaints, in the user's timezone.
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
    # Not "active": the ORM would leave archived complaints out of every read.
    is_archived = fields.Boolean(string="Archived", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    rejected_count = fields.Integer(string="Rejected Here", readonly=True)
    # On the row of the furthest stage, as rejected_count: partly counts.
    upheld_count = fields.Integer(string="Upheld", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # A complaint meets each stage once: (complaint, stage) is the id.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT c.id::bigint * 1000000 + s.id AS id,
                           s.id AS stage_id,
                           s.sequence AS stage_sequence,
                           c.date_received,
                           c.team_id,
                           c.company_id,
                           c.category_id,
                           c.cause_id,
                           c.active IS NOT TRUE AS is_archived,
                           CASE WHEN s.id = c.furthest_stage_id
                                THEN c.reject_reason_id END AS reject_reason_id,
                           1 AS complaint_count,
                           CASE WHEN s.id = c.furthest_stage_id
                                     AND c.reject_reason_id IS NOT NULL
                                THEN 1 ELSE 0 END AS rejected_count,
                           CASE WHEN s.id = c.furthest_stage_id AND c.is_upheld
                                THEN 1 ELSE 0 END AS upheld_count
                      FROM customer_complaint c
                      JOIN customer_complaint_stage f ON f.id = c.furthest_stage_id
                      JOIN customer_complaint_stage s
                        ON s.sequence <= f.sequence
                       AND s.requires_reason IS NOT TRUE
                       AND s.active
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
        # The stages' statistics (customer_complaint_stage.py).
        self.env["customer.complaint.stage"]._analyze_stage_table()
