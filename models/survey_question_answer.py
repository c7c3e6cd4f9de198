from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    means_solved = fields.Boolean(
        string="Means Problem Solved",
        help="Choosing this answer in a complaint satisfaction survey tells "
        "that the customer's problem is solved.",
    )
