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
    complaint_acknowledge = fields.Boolean(
        related="company_id.complaint_acknowledge", readonly=False
    )
    complaint_further_options = fields.Html(
        related="company_id.complaint_further_options", readonly=False
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
    complaint_survey_id = fields.Many2one(
        related="company_id.complaint_survey_id", readonly=False
    )
    complaint_satisfaction_threshold = fields.Integer(
        related="company_id.complaint_satisfaction_threshold", readonly=False
    )
    complaint_low_score_action = fields.Selection(
        related="company_id.complaint_low_score_action", readonly=False
    )
    complaint_auto_close = fields.Boolean(
        related="company_id.complaint_auto_close", readonly=False
    )
    complaint_survey_timeout_days = fields.Integer(
        related="company_id.complaint_survey_timeout_days", readonly=False
    )
    complaint_review_request_trigger = fields.Selection(
        related="company_id.complaint_review_request_trigger", readonly=False
    )
    complaint_review_token_days = fields.Integer(
        related="company_id.complaint_review_token_days", readonly=False
    )
    complaint_rating_as_review = fields.Boolean(
        related="company_id.complaint_rating_as_review", readonly=False
    )
    complaint_burst_count = fields.Integer(
        related="company_id.complaint_burst_count", readonly=False
    )
    complaint_burst_days = fields.Integer(
        related="company_id.complaint_burst_days", readonly=False
    )
    complaint_quality_manager_id = fields.Many2one(
        related="company_id.complaint_quality_manager_id", readonly=False
    )
    complaint_duplicate_days = fields.Integer(
        related="company_id.complaint_duplicate_days", readonly=False
    )
    complaint_repeat_reopen_count = fields.Integer(
        related="company_id.complaint_repeat_reopen_count", readonly=False
    )
    complaint_retention_years = fields.Integer(
        related="company_id.complaint_retention_years", readonly=False
    )
    complaint_repeat_days = fields.Integer(
        related="company_id.complaint_repeat_days", readonly=False
    )
    complaint_reply_reopen_days = fields.Integer(
        related="company_id.complaint_reply_reopen_days", readonly=False
    )
    complaint_reply_after_close = fields.Selection(
        related="company_id.complaint_reply_after_close", readonly=False
    )
