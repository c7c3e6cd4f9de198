from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ACTION_TYPES = [
    ("corrective", "Corrective"),
    ("preventive", "Preventive"),
    ("compensation", "Compensation"),
    ("explanation", "Explanation to customer"),
]


class CustomerComplaintAction(models.Model):
    _name = "customer.complaint.action"
    _description = "Complaint Action"
    _order = "date_deadline, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "customer.complaint",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    description = fields.Text()
    action_type = fields.Selection(
        ACTION_TYPES, string="Type", required=True, default="corrective"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
        index=True,
    )
    date_deadline = fields.Date(string="Deadline")
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")],
        default="todo",
        required=True,
        index=True,
        copy=False,
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, copy=False)

    @api.constrains("user_id")
    def _check_internal_assignee(self):
        if any(self.user_id.mapped("share")):
            raise ValidationError(
                self.env._("An action is assigned to an employee, not a portal user.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = self.env["customer.complaint"].browse(
            {vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")}
        )
        self._check_complaints_writable(complaints)
        closed = complaints.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Complaint(s) %s are closed: a manager reopens them before "
                    "new actions are planned.",
                    ", ".join(closed.mapped("name")),
                )
            )
        actions = super().create(vals_list)
        actions._schedule_activities()
        return actions

    def write(self, vals):
        complaints = self.complaint_id
        if vals.get("complaint_id"):
            complaints |= complaints.browse(vals["complaint_id"])
        self._check_complaints_writable(complaints)
        res = super().write(vals)
        if "user_id" in vals or "date_deadline" in vals:
            self.filtered(lambda a: a.state == "todo")._schedule_activities()
        return res

    @api.model
    def _check_complaints_writable(self, complaints):
        """Planning or changing an action is working the complaint: it takes
        the right to write the complaint (its assignee then follows it and,
        through the record rules, sees it)."""
        if not self.env.su:
            complaints.check_access("write")

    def _schedule_activities(self):
        """The assignee sees the action in their activities (one batch)."""
        self.activity_id.sudo().unlink()
        actions = self.filtered(lambda a: a.state == "todo")
        today = fields.Date.context_today(self)
        # Handing a task to a colleague: they get the usual assignation email.
        activities = self.env["customer.complaint"]._create_todo_activities(
            [
                (
                    action.complaint_id,
                    action.user_id,
                    action.name,
                    action.date_deadline or today,
                    action.description,
                )
                for action in actions
            ],
            notify=True,
        )
        for action, activity in zip(actions, activities, strict=True):
            action.activity_id = activity
        # Assignees from other teams follow the complaint, so they can open it.
        for complaint, complaint_actions in actions.grouped("complaint_id").items():
            complaint.sudo().message_subscribe(
                partner_ids=complaint_actions.user_id.partner_id.ids
            )

    def action_done(self):
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        self.activity_id.sudo().action_feedback(feedback=self.env._("Action done"))

    def action_cancel(self):
        self.write({"state": "cancel"})
        self.activity_id.sudo().unlink()

    def action_reset(self):
        self.write({"state": "todo", "date_done": False})
        self._schedule_activities()
