from odoo import fields, models


class CustomerComplaintSurveyLoop(models.Model):
    _inherit = "customer.complaint"

    survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        groups="base.group_user",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The low survey answer this complaint was opened from.",
    )

    # One complaint per survey answer, whatever the entry point or concurrency.
    _survey_input_uniq = models.Constraint(
        "unique(survey_input_id)", "This survey answer already opened a complaint."
    )
