from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.customer_complaint_response import RESPONSE_STATUSES


class CustomerComplaintResponseReport(models.Model):
    """Deadline status of the responses to the customer: one row per
    complaint and response target (acknowledgement, first response, final
    response) that has a due date, to count met and failed targets by team,
    category or month. Read only; archived complaints are rows too."""

    _name = "customer.complaint.response.report"
    _description = "Complaint Response Deadlines"
    _auto = False
    _order = "date_received desc"

    complaint_id = fields.Many2one("customer.complaint", readonly=True)
    target = fields.Selection(
        [
            ("acknowledgement", "Acknowledgement"),
            ("first_response", "First Response"),
            ("final_response", "Final Response"),
        ],
        readonly=True,
    )
    status = fields.Selection(RESPONSE_STATUSES, readonly=True)
    date_due = fields.Datetime(string="Due", readonly=True)
    date_done = fields.Datetime(string="Done On", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    team_id = fields.Many2one("customer.complaint.team", readonly=True)
    category_id = fields.Many2one("customer.complaint.category", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_archived = fields.Boolean(string="Archived", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    failed_count = fields.Integer(string="Failed", readonly=True)
    running_count = fields.Integer(string="Running", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        targets = (
            ("acknowledgement", 1, "date_acknowledged"),
            ("first_response", 2, "date_first_response"),
            ("final_response", 3, "date_closed"),
        )
        selects = SQL(" UNION ALL ").join(
            SQL(
                """
                SELECT c.id * 3 + %(offset)s AS id,
                       c.id AS complaint_id,
                       %(target)s::varchar AS target,
                       c.%(status)s AS status,
                       c.%(due)s AS date_due,
                       c.%(done)s AS date_done,
                       c.date_received,
                       c.team_id,
                       c.category_id,
                       c.user_id,
                       c.company_id,
                       c.active IS NOT TRUE AS is_archived,
                       (c.%(status)s = 'met')::int AS met_count,
                       (c.%(status)s = 'failed')::int AS failed_count,
                       (c.%(status)s = 'running')::int AS running_count
                  FROM customer_complaint c
                 WHERE c.%(due)s IS NOT NULL
                """,
                offset=offset - 1,
                target=target,
                status=SQL.identifier(f"{target}_status"),
                due=SQL.identifier(f"date_{target}_due"),
                done=SQL.identifier(done),
            )
            for target, offset, done in targets
        )
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                selects,
            )
        )
