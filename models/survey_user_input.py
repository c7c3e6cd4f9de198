from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    complaint_id = fields.Many2one(
        "customer.complaint", index="btree_not_null", ondelete="set null"
    )
    answered_by_phone = fields.Boolean(
        help="Filled in by staff on the customer's behalf during a call."
    )

    def _mark_done(self):
        res = super()._mark_done()
        for user_input in self.filtered("complaint_id"):
            user_input.complaint_id.sudo()._record_satisfaction(user_input)
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
