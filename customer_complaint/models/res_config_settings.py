from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_review_threshold = fields.Integer(
        related="company_id.complaint_review_threshold", readonly=False
    )
    complaint_default_team_id = fields.Many2one(
        related="company_id.complaint_default_team_id", readonly=False
    )
    complaint_notify_user_ids = fields.Many2many(
        related="company_id.complaint_notify_user_ids", readonly=False
    )
    complaint_notify_group_ids = fields.Many2many(
        related="company_id.complaint_notify_group_ids", readonly=False
    )
    complaint_notify_mode = fields.Selection(
        related="company_id.complaint_notify_mode", readonly=False
    )
    complaint_reaction_days = fields.Integer(
        related="company_id.complaint_reaction_days", readonly=False
    )
    complaint_escalation_user_ids = fields.Many2many(
        related="company_id.complaint_escalation_user_ids", readonly=False
    )
    complaint_escalation_hours = fields.Integer(
        related="company_id.complaint_escalation_hours", readonly=False
    )
    complaint_rating_as_review = fields.Boolean(
        related="company_id.complaint_rating_as_review", readonly=False
    )
