"""The satisfaction check: the survey sent at the stage that asks for it,
the customer's answer recorded, low scores back to work, no answer closed."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintSatisfaction(models.Model):
    _inherit = "customer.complaint"

    # Customer satisfaction after the resolution
    satisfaction_input_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction Answer",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    satisfaction_state = fields.Selection(
        [("sent", "Survey sent"), ("answered", "Answered"), ("no_answer", "No answer")],
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        groups="base.group_user",
    )
    satisfaction_sent_on = fields.Datetime(
        readonly=True, copy=False, groups="base.group_user"
    )
    satisfaction_score = fields.Integer(
        readonly=True,
        copy=False,
        tracking=True,
        aggregator="avg",
        help="Overall satisfaction (1-5) the customer gave after the resolution.",
        groups="base.group_user",
    )
    problem_solved = fields.Selection(
        [("yes", "Solved"), ("no", "Not solved")],
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    def _send_satisfaction_survey(self):
        """Invite each customer to the company's satisfaction survey."""
        template = self.env.ref(
            "customer_complaint.mail_template_complaint_satisfaction",
            raise_if_not_found=False,
        )
        # The mover works in these companies: employees read their settings.
        without_survey = self.filtered(lambda c: not c.company_id.complaint_survey_id)
        if without_survey:
            # Before anything is sent: the stage change is refused as a whole.
            raise UserError(
                _(
                    "Company %(company)s has no satisfaction survey, so complaint(s) "
                    "%(refs)s cannot enter stage %(stage)s, which sends it to the "
                    "customer. Choose the survey in Settings > Complaints, or move "
                    "the complaint(s) to another stage.",
                    company=without_survey.company_id[0].name,
                    refs=", ".join(without_survey.mapped("name")),
                    stage=without_survey.stage_id[0].name,
                )
            )
        # sudo: complaint users need not be survey users; the fields are managed.
        for complaint in self.sudo():
            survey = complaint.company_id.complaint_survey_id
            if not complaint.partner_id:
                continue
            answer = survey._create_answer(
                partner=complaint.partner_id,
                check_attempts=False,
                complaint_id=complaint.id,
            )
            complaint.write(
                {
                    "satisfaction_input_id": answer.id,
                    "satisfaction_state": "sent",
                    "satisfaction_sent_on": fields.Datetime.now(),
                }
            )
            if template:
                complaint.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment"
                )

    def _record_satisfaction(self, user_input):
        """Store the customer's answer; a low score or an unsolved problem
        sends the complaint back to work (or escalates it), a good one closes
        it when the company allows it."""
        self.ensure_one()
        score, solved = user_input._answer_values()
        self.write(
            {
                "satisfaction_input_id": user_input.id,
                "satisfaction_state": "answered",
                "satisfaction_score": score,
                "problem_solved": "yes" if solved else "no",
            }
        )
        company = self.company_id
        if score <= company.complaint_satisfaction_threshold or not solved:
            if company.complaint_low_score_action == "escalate":
                level = "2" if self.escalation_level != "0" else "1"
                self._escalate(level)
            else:
                self._back_to_work(
                    _("The customer is not satisfied (score %s/5).", score)
                )
        elif company.complaint_auto_close and self._can_close_unattended():
            self.stage_id = self._closing_stage()

    def _back_to_work(self, reason):
        """Return to the last working stage before the current one."""
        stage = self.env["customer.complaint.stage"].search(
            [
                ("is_closed", "=", False),
                ("is_waiting", "=", False),
                ("sequence", "<", self.stage_id.sequence),
            ],
            order="sequence desc",
            limit=1,
        )
        if stage:
            self.stage_id = stage
        self.message_post(body=reason, subtype_xmlid="mail.mt_note")

    def _can_close_unattended(self):
        """A complaint the application may close by itself: its resolution
        and outcome are decided (the outcome or the analysis's conclusion)."""
        return bool(self.resolution and (self.outcome or self.is_justified))

    def _closing_stage(self):
        return self.env["customer.complaint.stage"].search(
            [("is_closed", "=", True), ("requires_reason", "=", False)], limit=1
        )

    @api.model
    def _cron_close_unanswered(self):
        """Close the complaints whose satisfaction survey stayed unanswered
        for the company's waiting time, recording "no answer"."""
        now = fields.Datetime.now()
        # sudo: every company, whatever user the cron runs as.
        for company in self.env["res.company"].sudo().search([]):
            waited = now - timedelta(days=company.complaint_survey_timeout_days)
            # sudo: every team's complaints; closing writes managed fields.
            complaints = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("satisfaction_state", "=", "sent"),
                    ("satisfaction_sent_on", "<", waited),
                    ("is_closed", "=", False),
                    ("resolution", "!=", False),
                    "|",
                    ("outcome", "!=", False),
                    ("is_justified", "!=", False),
                ]
            )
            if complaints:
                complaints.write(
                    {
                        "satisfaction_state": "no_answer",
                        "stage_id": complaints._closing_stage().id,
                    }
                )
