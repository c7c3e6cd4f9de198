"""The complaint's deadline: the next stage due by the deadline policies, in
working hours of the company's calendar, and whether it is overdue."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintDeadlines(models.Model):
    _inherit = "customer.complaint"

    # Deadlines and escalation
    sla_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_sla_deadline",
        store=True,
        index="btree_not_null",
        help="When the complaint must reach its next stage with a deadline, "
        "counted in working hours of the company's calendar from reception.",
    )
    sla_stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Deadline For",
        compute="_compute_sla_deadline",
        store=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    sla_hours_left = fields.Float(
        string="Hours Left", compute="_compute_is_overdue", help="Negative when late."
    )
    display_color = fields.Integer(compute="_compute_is_overdue")

    @api.depends(
        "date_received", "stage_id", "team_id", "category_id", "priority", "company_id"
    )
    def _compute_sla_deadline(self):
        policies = self.env["customer.complaint.sla.policy"].sudo().search([])
        planned = {}
        for complaint in self:
            deadline, stage = complaint._sla_next_deadline(policies, planned)
            complaint.sla_deadline = deadline
            complaint.sla_stage_id = stage

    def _sla_next_deadline(self, policies, planned):
        """(deadline, stage) of the earliest stage not reached yet that has a
        deadline; the most specific policy wins for each stage."""
        if self.is_closed or not self.stage_id:
            return False, False
        best = {}
        for policy in policies:
            if policy.stage_sequence <= self.stage_id.sequence or not policy._match(
                self
            ):
                continue
            current = best.get(policy.stage_id)
            if not current or policy._specificity() > current._specificity():
                best[policy.stage_id] = policy
        if not best:
            return False, False
        calendar = self.company_id.resource_calendar_id
        deadlines = []
        for stage, policy in best.items():
            key = (calendar.id, self.date_received, policy.working_hours)
            if key not in planned:
                planned[key] = (
                    calendar.plan_hours(
                        policy.working_hours, self.date_received, compute_leaves=True
                    )
                    if calendar
                    else self.date_received + timedelta(hours=policy.working_hours)
                )
            deadlines.append((planned[key], stage.sequence, stage))
        deadline, _sequence, stage = min(deadlines, key=lambda d: d[:2])
        return deadline, stage

    @api.depends("sla_deadline", "color")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadline = complaint.sla_deadline
            complaint.is_overdue = bool(deadline and deadline < now)
            complaint.sla_hours_left = (
                (deadline - now).total_seconds() / 3600 if deadline else 0.0
            )
            # 1 is red in the kanban palette.
            complaint.display_color = 1 if complaint.is_overdue else complaint.color

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the overdue flag."))
        overdue = [("sla_deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return overdue
        return [
            "|",
            ("sla_deadline", "=", False),
            ("sla_deadline", ">=", fields.Datetime.now()),
        ]

    def _working_hours_until(self, end):
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if calendar:
            return calendar.get_work_hours_count(
                self.date_received, end, compute_leaves=True
            )
        return (end - self.date_received).total_seconds() / 3600
