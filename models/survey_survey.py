from odoo import fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    is_complaint_source = fields.Boolean(
        string="Opens Complaints",
        help="A completed answer with a satisfaction score (CSAT) at or under "
        "the company's low score, or a recommendation score (NPS) of 0-6, "
        "opens a complaint linked to the answer, the customer and the order "
        "it was about.",
    )
