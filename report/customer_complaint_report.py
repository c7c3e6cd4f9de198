from odoo import fields, models, tools


class CustomerComplaintReport(models.Model):
    """One row per complaint with the measures managers analyse; read only.
    Archived complaints are rows too (``is_archived``): archiving is not
    deleting, the search view's "Exclude archived" filter leaves them out."""

    _name = "customer.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "date_received desc"
    _rec_name = "name"

    complaint_id = fields.Many2one("customer.complaint", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    cause_id = fields.Many2one("customer.complaint.cause", readonly=True)
    cause_kind = fields.Selection(
        [("objective", "Objective"), ("subjective", "Subjective")], readonly=True
    )
    category_id = fields.Many2one("customer.complaint.category", readonly=True)
    team_id = fields.Many2one("customer.complaint.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    specialist_id = fields.Many2one("res.users", readonly=True)
    specialist_employee_id = fields.Many2one(
        "hr.employee", string="Specialist (Employee)", readonly=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel = fields.Selection(
        lambda self: self.env["customer.complaint"]._fields["channel"].selection,
        readonly=True,
    )
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason", readonly=True
    )
    compensation_type = fields.Selection(
        lambda self: self.env["customer.complaint"]
        ._fields["compensation_type"]
        .selection,
        readonly=True,
    )
    is_closed = fields.Boolean(readonly=True)
    outcome = fields.Selection(
        lambda self: self.env["customer.complaint"]._fields["outcome"].selection,
        readonly=True,
    )
    handling_time_band = fields.Selection(
        lambda self: self.env["customer.complaint"]
        ._fields["handling_time_band"]
        .selection,
        string="Closed Within",
        readonly=True,
    )
    # Partly upheld counts as upheld, as regulators count.
    upheld_count = fields.Integer(string="Upheld", readonly=True)
    # Not "active": the ORM would leave archived complaints out of every read.
    is_archived = fields.Boolean(string="Archived", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    escalated_count = fields.Integer(string="Escalated", readonly=True)
    repeat_count = fields.Integer(string="Repeats", readonly=True)
    reaction_hours = fields.Float(
        string="Working Hours to React", readonly=True, aggregator="avg"
    )
    close_working_hours = fields.Float(
        string="Working Hours to Close", readonly=True, aggregator="avg"
    )
    compensation_amount = fields.Float(readonly=True)
    satisfaction_score = fields.Float(readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Overdue is evaluated when read (now()), so it is always current.
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT c.id AS id,
                       c.id AS complaint_id,
                       c.name,
                       c.date_received,
                       c.date_closed,
                       c.stage_id,
                       c.cause_id,
                       c.cause_kind,
                       c.category_id,
                       c.team_id,
                       c.user_id,
                       c.specialist_id,
                       c.specialist_employee_id,
                       c.product_id,
                       c.partner_id,
                       c.company_id,
                       c.channel,
                       c.reject_reason_id,
                       c.compensation_type,
                       c.is_closed,
                       c.outcome,
                       c.handling_time_band,
                       CASE WHEN c.is_upheld THEN 1 ELSE 0 END AS upheld_count,
                       c.active IS NOT TRUE AS is_archived,
                       CASE WHEN c.is_closed IS NOT TRUE
                                 AND c.sla_deadline < now() AT TIME ZONE 'UTC'
                            THEN 1 ELSE 0 END AS overdue_count,
                       CASE WHEN c.escalation_level != '0' THEN 1 ELSE 0 END
                            AS escalated_count,
                       CASE WHEN c.is_repeat THEN 1 ELSE 0 END AS repeat_count,
                       CASE WHEN c.date_first_reaction IS NOT NULL
                            THEN c.reaction_hours END AS reaction_hours,
                       CASE WHEN c.date_closed IS NOT NULL
                                 AND c.reject_reason_id IS NULL
                            THEN c.close_working_hours END AS close_working_hours,
                       COALESCE(c.compensation_amount, 0) AS compensation_amount,
                       CASE WHEN c.satisfaction_state = 'answered'
                            THEN c.satisfaction_score END AS satisfaction_score
                  FROM customer_complaint c
            )
            """
        )
