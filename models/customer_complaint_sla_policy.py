from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerComplaintSlaPolicy(models.Model):
    _name = "customer.complaint.sla.policy"
    _description = "Complaint Deadline Policy"
    _order = "team_id, stage_sequence, id"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one(
        "customer.complaint.team",
        index=True,
        ondelete="cascade",
        help="Empty: applies to every team.",
    )
    category_id = fields.Many2one(
        "customer.complaint.category", help="Empty: applies to every category."
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "High"), ("3", "Urgent")],
        help="Empty: applies to every priority.",
    )
    target = fields.Selection(
        [
            ("stage", "Reach a Stage"),
            ("acknowledgement", "Acknowledgement"),
            ("first_response", "First Response"),
            ("final_response", "Final Response"),
        ],
        required=True,
        default="stage",
        help="What must happen in time: reaching a stage, or one of the "
        "responses to the customer (the acknowledgement, the first message "
        "of the staff, the decision).",
    )
    stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Reach Stage",
        ondelete="cascade",
        help="The complaint must reach this stage (or a later one) in time. "
        "Use the closing stage for the time to close.",
    )
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    working_hours = fields.Float(
        required=True,
        help="Allowed working time from reception, in hours of the company's "
        "working calendar.",
    )

    _working_hours_positive = models.Constraint(
        "CHECK(working_hours > 0)", "The allowed working time must be positive."
    )
    _stage_of_stage_target = models.Constraint(
        "CHECK((target = 'stage') = (stage_id IS NOT NULL))",
        "A deadline to reach a stage names the stage; a response deadline names none.",
    )

    @api.depends(
        "team_id", "category_id", "priority", "target", "stage_id", "working_hours"
    )
    def _compute_name(self):
        for policy in self:
            scope = " / ".join(
                filter(
                    None,
                    [
                        policy.team_id.name,
                        policy.category_id.name,
                        policy.priority
                        and dict(self._fields["priority"].selection)[policy.priority],
                    ],
                )
            )
            policy.name = self.env._(
                "%(stage)s within %(hours)sh%(scope)s",
                stage=(policy.stage_id.name or "")
                if policy.target == "stage"
                else dict(policy._fields["target"]._description_selection(self.env))[
                    policy.target
                ],
                hours=f"{policy.working_hours:g}",
                scope=f" ({scope})" if scope else "",
            )

    @api.constrains("stage_id")
    def _check_stage(self):
        for policy in self:
            if policy.stage_id.requires_reason:
                raise ValidationError(
                    self.env._("A deadline cannot target the rejection stage.")
                )

    def _specificity(self):
        return bool(self.team_id) * 4 + bool(self.category_id) * 2 + bool(self.priority)

    @api.model
    def _match_key(self, complaint):
        """What ``_match`` reads of a complaint: complaints with the same key
        match the same policies."""
        return (complaint.team_id, complaint.category_id, complaint.priority)

    def _match(self, complaint):
        return (
            (not self.team_id or self.team_id == complaint.team_id)
            and (not self.category_id or self.category_id == complaint.category_id)
            and (not self.priority or self.priority == complaint.priority)
        )
