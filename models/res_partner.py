from odoo import fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.complaint.related.mixin"]

    review_score_avg = fields.Float(
        string="Average Review Score",
        compute="_compute_customer_voice",
        digits=(3, 2),
        groups="customer_complaint.group_complaint_user",
    )
    satisfaction_last_score = fields.Integer(
        string="Last Satisfaction Score",
        compute="_compute_customer_voice",
        groups="customer_complaint.group_complaint_user",
        help="Score (1-5) of the customer's latest complaint satisfaction survey.",
    )
    nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category",
        compute="_compute_customer_voice",
        groups="customer_complaint.group_complaint_user",
        help="From the latest 0-10 'would you recommend us' answer: "
        "9-10 promoter, 7-8 passive, 0-6 detractor.",
    )
    open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_customer_voice",
        groups="customer_complaint.group_complaint_user",
    )

    def _compute_customer_voice(self):
        """Grouped queries for the whole recordset, on the partner itself."""
        env = self.env
        avg_scores = dict(
            env["customer.review"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["score:avg"]
            )
        )
        open_counts = dict(
            env["customer.complaint"]._read_group(
                [("partner_id", "in", self.ids), ("is_closed", "=", False)],
                ["partner_id"],
                ["__count"],
            )
        )
        last_scores = {}
        for complaint in env["customer.complaint"].search(
            [("partner_id", "in", self.ids), ("satisfaction_state", "=", "answered")],
            order="write_date desc",
        ):
            last_scores.setdefault(complaint.partner_id, complaint.satisfaction_score)
        last_nps = {}
        # sudo: complaint users need not be survey users; only NPS values are read.
        for line in (
            env["survey.user_input.line"]
            .sudo()
            .search(
                [
                    ("user_input_id.partner_id", "in", self.ids),
                    ("user_input_id.state", "=", "done"),
                    ("question_id.is_nps", "=", True),
                    ("skipped", "=", False),
                ],
                order="create_date desc, id desc",
            )
        ):
            last_nps.setdefault(line.user_input_id.partner_id, line.value_scale)
        for partner in self:
            partner.review_score_avg = avg_scores.get(partner, 0.0)
            partner.satisfaction_last_score = last_scores.get(partner, 0)
            partner.open_complaint_count = open_counts.get(partner, 0)
            nps = last_nps.get(partner)
            partner.nps_category = (
                False
                if nps is None
                else "promoter"
                if nps >= 9
                else "passive"
                if nps >= 7
                else "detractor"
            )

    def action_fill_satisfaction_by_phone(self):
        """Telemarketing: staff answer the satisfaction survey for the
        customer during the call; the answer is marked as given by phone."""
        self.ensure_one()
        # The answer is made as superuser and a low one opens a complaint:
        # callable over JSON-RPC, it is for the complaint staff only.
        if not self.env.su and not self.env.user.has_group(
            "customer_complaint.group_complaint_user"
        ):
            raise AccessError(
                self.env._("Only complaint staff may answer the survey for a customer.")
            )
        self.check_access("read")
        survey = self.env.ref("customer_complaint.survey_customer_satisfaction")
        # sudo: the staff answering for the customer need not be survey users.
        answer = survey.sudo()._create_answer(
            partner=self, check_attempts=False, answered_by_phone=True
        )
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    def _complaint_related_domain(self):
        # The company's smart button counts its contacts' too.
        return [("partner_id", "child_of", self.ids)]

    def _complaint_related_defaults(self):
        return {"partner_id": self.id}

    def _complaint_related_counts(self, model):
        """Counted for this partner and each partner above it in one
        grouped query."""
        counts = {}
        for partner, count in self.env[model]._read_group(
            self._complaint_related_domain(), ["partner_id"], ["__count"]
        ):
            while partner:
                if partner.id in self.ids:
                    counts[partner.id] = counts.get(partner.id, 0) + count
                partner = partner.parent_id
        return counts
