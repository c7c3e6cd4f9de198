from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    is_nps = fields.Boolean(
        string="NPS Question",
        help="A 0-10 'would you recommend us' question: its answers give the "
        "customer's NPS category.",
    )
