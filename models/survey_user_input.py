from odoo import _, fields, models
from odoo.tools import html_escape

# Recommendation scores (0-10) of detractors, as NPS counts them.
NPS_DETRACTOR_MAX = 6


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    complaint_id = fields.Many2one(
        "customer.complaint", index="btree_not_null", ondelete="set null"
    )
    answered_by_phone = fields.Boolean(
        help="Filled in by staff on the customer's behalf during a call."
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="About Order",
        index="btree_not_null",
        ondelete="set null",
        help="The order a satisfaction campaign asked about.",
    )
    opened_complaint_ids = fields.One2many(
        "customer.complaint",
        "survey_input_id",
        string="Opened Complaints",
        context={"active_test": False},
    )

    def _mark_done(self):
        """A completed answer about a complaint records the customer's
        satisfaction on it; one to a survey that opens complaints, scored
        low, opens one. Survey's own hook for what completing an answer
        does (as website_slides_survey's certifications): an automation rule
        on answers would cost every survey of the database a search per
        write, and answers to other surveys cost nothing here."""
        res = super()._mark_done()
        for user_input in self.filtered("complaint_id"):
            # sudo: the customer answering (often the public user) cannot write it.
            user_input.complaint_id.sudo()._record_satisfaction(user_input)
        self._create_complaints_from_answers()
        return res

    def _answer_values(self):
        """(overall score, solved) of this answer: the first scale question
        gives the score, an answer flagged "means solved" the resolution."""
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(lambda line: not line.skipped)
        score = next(
            (line.value_scale for line in lines if line.answer_type == "scale"), 0
        )
        choices = lines.filtered(lambda line: line.answer_type == "suggestion")
        solved = any(choices.suggested_answer_id.mapped("means_solved"))
        return score, solved

    # ------------------------------------------------------------------
    # Closed loop: a low answer opens a complaint
    # ------------------------------------------------------------------

    def _complaint_company(self):
        self.ensure_one()
        return (
            self.sale_order_id.company_id
            or self.partner_id.company_id
            or self.env.company
        )

    def _low_answer_lines(self, threshold):
        """The lines that make this answer a complaint: a CSAT (scale
        question other than NPS) at or under ``threshold``, an NPS of 0-6."""
        self.ensure_one()
        return self.user_input_line_ids.filtered(
            lambda line: not line.skipped
            and line.answer_type == "scale"
            and line.value_scale
            <= (NPS_DETRACTOR_MAX if line.question_id.is_nps else threshold)
        )

    def _create_complaints_from_answers(self):
        """Create one complaint per completed answer to a complaint-source
        survey scored low (``_low_answer_lines``), when it is completed.

        Idempotent: answers that opened a complaint are skipped, and the
        unique index on ``customer_complaint.survey_input_id`` refuses a
        second one. Answers about a complaint (its satisfaction check) are
        left to that complaint, and answers without a customer are skipped.
        As superuser: the customer answering is often the public user.
        """
        answers = self.sudo().filtered(
            lambda a: a.state == "done"
            and a.survey_id.is_complaint_source
            and a.partner_id
            and not a.complaint_id
            and not a.opened_complaint_ids
            and not a.test_entry
        )
        vals_list = []
        default_teams = {}
        for answer in answers:
            company = answer._complaint_company()
            low_lines = answer._low_answer_lines(
                company.complaint_satisfaction_threshold
            )
            if not low_lines:
                continue
            if company not in default_teams:
                default_teams[company] = company._get_complaint_default_team()
            vals_list.append(
                answer._prepare_complaint_values(
                    company, default_teams[company], low_lines
                )
            )
        # sudo: the customer answering (often public) cannot create complaints.
        complaints = (
            self.env["customer.complaint"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(vals_list)
        )
        # sudo(self.env.su): back to the caller's rights.
        return complaints.sudo(self.env.su)

    def _prepare_complaint_values(self, company, team, low_lines):
        self.ensure_one()
        scores = "".join(
            f"<li>{html_escape(line.question_id.title)}: {line.value_scale}</li>"
            for line in low_lines
        )
        comments = "".join(
            f"<p>{html_escape(line.value_text_box)}</p>"
            for line in self.user_input_line_ids
            if line.answer_type == "text_box" and line.value_text_box
        )
        nps = low_lines.filtered("question_id.is_nps")[:1]
        csat = (low_lines - nps).mapped("value_scale")
        if csat:
            subject = _("Survey answer: satisfaction %s/5", min(csat))
        else:
            subject = _("Survey answer: recommendation %s/10", nps.value_scale)
        # The order, when it is the customer's (a complaint refuses another's).
        order = self.sale_order_id.filtered(
            lambda o: o.partner_id.commercial_partner_id
            == self.partner_id.commercial_partner_id
        )
        return {
            "partner_id": self.partner_id.id,
            "channel": "survey",
            "survey_input_id": self.id,
            "company_id": company.id,
            "team_id": team.id,
            "date_received": self.end_datetime or fields.Datetime.now(),
            "subject": subject,
            "description": f"<ul>{scores}</ul>{comments}",
            "sale_order_id": order.id,
            "priority": "2" if 1 in csat or (nps and nps.value_scale <= 3) else "1",
        }
