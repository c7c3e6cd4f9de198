from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintStage(models.Model):
    _name = "customer.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True, help="What must happen while a complaint is in this stage."
    )
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban funnel.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Complaints in this stage are finished: their closing date is set.",
    )
    requires_reason = fields.Boolean(
        string="Requires a Rejection Reason",
        help="A complaint can only enter this stage with a rejection reason.",
    )
    requires_actions_done = fields.Boolean(
        string="Actions Must Be Done",
        help="A complaint can only enter this stage once all its actions are "
        "done or cancelled.",
    )
    is_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="The complaint waits for the customer's answer: its deadline and "
        "response targets stop and move later by the working time it waits; "
        "the customer's reply brings it back to the stage it came from. Not "
        "a step of the funnel.",
    )
    sends_satisfaction_survey = fields.Boolean(
        help="Entering this stage emails the customer the company's "
        "satisfaction survey.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Customer Notice",
        domain=[("model", "=", "customer.complaint")],
        help="Emailed to the customer when a complaint enters this stage, so "
        "that they hear of its progress.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("is_waiting", "is_closed", "requires_reason")
    def _check_waiting_open(self):
        for stage in self:
            if stage.is_waiting and (stage.is_closed or stage.requires_reason):
                raise ValidationError(
                    self.env._(
                        "The stage %s waits for the customer: it cannot also "
                        "close complaints or require a rejection reason.",
                        stage.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A stage complaints are in, or the furthest one they reached (the
        funnel counts them there), archived complaints and those of other
        companies included, is archived instead."""
        Complaint = (
            self.env["customer.complaint"].sudo().with_context(active_test=False)
        )
        for stage in self:
            count = Complaint.search_count(
                [
                    "|",
                    ("stage_id", "=", stage.id),
                    ("furthest_stage_id", "=", stage.id),
                ]
            )
            if count:
                raise UserError(
                    self.env._(
                        'The stage "%(name)s" is used by %(count)s complaint(s), '
                        "archived ones included, and cannot be deleted: "
                        "archive it instead.",
                        name=stage.display_name,
                        count=count,
                    )
                )
