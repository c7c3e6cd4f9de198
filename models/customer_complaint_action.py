from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ACTION_TYPES = [
    ("corrective", "Corrective"),
    ("preventive", "Preventive"),
    ("compensation", "Compensation"),
    ("explanation", "Explanation to customer"),
]
# Written only by the action's buttons (done, cancel, reset) and its to-do
# planning, which keep the to-do and the chatter in step: as superuser after
# their checks (a context flag would be forgeable over RPC).
STATE_FIELDS = frozenset({"state", "date_done", "activity_id"})


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
        if not self.env.su and any(
            vals.get(fname) not in (None, False, "todo")
            for vals in vals_list
            for fname in STATE_FIELDS
        ):
            raise UserError(
                self.env._("A new action is to do; its buttons mark it done later.")
            )
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
        self._check_state_unchanged(vals)
        res = super().write(vals)
        if "user_id" in vals or "date_deadline" in vals:
            self.filtered(lambda a: a.state == "todo")._schedule_activities()
        return res

    def _check_state_unchanged(self, vals):
        """An action changes state only through its buttons (done, cancel
        with a reason, reset), which close or plan its to-do and log what
        was done; a done or cancelled one is history until reset. The
        superuser's code paths (migrations, rules) are left alone; an import
        runs as its user and is refused these fields like any write."""
        if self.env.su:
            return
        if STATE_FIELDS & vals.keys():
            raise UserError(
                self.env._(
                    "An action is marked done, cancelled or reset with its "
                    "buttons, not by writing its state."
                )
            )
        finished = self.filtered(lambda a: a.state != "todo")
        if finished:
            raise UserError(
                self.env._(
                    "Actions %s are done or cancelled: reset them before "
                    "changing them.",
                    ", ".join(finished.mapped("name")),
                )
            )

    @api.model
    def _check_complaints_writable(self, complaints):
        """Planning or changing an action is working the complaint: it takes
        the right to write the complaint (its assignee then follows it and,
        through the record rules, sees it)."""
        if not self.env.su:
            complaints.check_access("write")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_always(self):
        """An action is part of the complaint's record, whoever works it: it
        is cancelled with a reason, never deleted (no group may unlink; this
        also refuses the superuser and the one2many delete commands)."""
        raise UserError(
            self.env._(
                "Actions are never deleted: they are part of the complaint's "
                "record. Cancel the action instead, saying why."
            )
        )

    def _schedule_activities(self):
        """The assignee sees the action in their activities (one batch); the
        to-do planned before is cancelled (a done one stays in the history)."""
        self.activity_id.action_cancel()
        actions = self.filtered(lambda a: a.state == "todo")
        # Handing a task to a colleague: they get the usual assignation email.
        activities = self.env["customer.complaint"]._create_todo_activities(
            [
                (
                    action.complaint_id,
                    action.user_id,
                    action.name,
                    action.date_deadline or timedelta(),  # else the user's today
                    action.description,
                )
                for action in actions
            ],
            notify=True,
        )
        # No follower subscription here: creating the to-do makes its assignee
        # follow the complaint (mail.activity.create), an assignee of another
        # team included.
        for action, activity in zip(actions, activities, strict=True):
            # sudo: the link to its to-do is the addon's to keep (a managed
            # field); create or write checked the action's complaint.
            action.sudo().activity_id = activity

    def _write_state(self, vals):
        self._check_complaints_writable(self.complaint_id)
        self.check_access("write")
        # sudo: the state is written here only, after the checks above.
        self.sudo().write(vals)

    def action_done(self):
        self._check_open()
        self._write_state(
            {"state": "done", "date_done": fields.Date.context_today(self)}
        )
        # Who may write the complaint may close the assignee's to-do too.
        self.activity_id.action_feedback(feedback=self.env._("Action done"))

    @api.readonly
    def action_open_cancel_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Action"),
            "res_model": "customer.complaint.action.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_cancel(self, reason=None):
        """Cancel open actions, saying why: the complaint's chatter logs who
        cancelled what and why, and the assignee's to-do is no longer
        planned."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the action is cancelled."))
        self._check_open()
        self._write_state({"state": "cancel"})
        self.activity_id.action_cancel()
        self._log_on_complaints(self.env._("Action cancelled"), reason)
        return True

    def _log_on_complaints(self, title, reason=None):
        """One note per complaint naming these actions and their assignees,
        and why; its author the current user (the write before checked
        their right to work these complaints)."""
        why = Markup("<p>%s</p>") % reason if reason else Markup()
        self.complaint_id._message_log_batch(
            bodies={
                complaint.id: Markup("<p><b>%s</b></p><ul>%s</ul>%s")
                % (
                    title,
                    Markup("").join(
                        Markup("<li>%s (%s)</li>") % (action.name, action.user_id.name)
                        for action in actions
                    ),
                    why,
                )
                for complaint, actions in self.grouped("complaint_id").items()
            }
        )

    def _check_open(self):
        not_open = self.filtered(lambda a: a.state != "todo")
        if not_open:
            raise UserError(
                self.env._(
                    "Only actions to do can be marked done or cancelled: %s.",
                    ", ".join(not_open.mapped("name")),
                )
            )

    def action_reset(self):
        """Plan a done or cancelled action again: logged, as its cancelling
        was, and its assignee gets a to-do."""
        finished = self.filtered(lambda a: a.state != "todo")
        finished._write_state({"state": "todo", "date_done": False})
        finished._schedule_activities()
        finished._log_on_complaints(self.env._("Action planned again"))
