from markupsafe import Markup

from odoo import fields, models


class CustomerComplaintErasure(models.Model):
    """The trace of one erasure of personal data: who, when, why, which
    complaints and how many of each kind of data; never the data itself.
    Written by the erasure only (as superuser), read by managers, kept."""

    _name = "customer.complaint.erasure"
    _description = "Erasure of Personal Data"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Erased By", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    reason = fields.Text(required=True, readonly=True)
    automatic = fields.Boolean(
        string="Retention Period Ended",
        readonly=True,
        help="Erased by the scheduled job: closed longer ago than the company's "
        "retention period.",
    )
    legal_ground_confirmed = fields.Boolean(
        readonly=True,
        help="The manager confirmed the legal ground for erasing a complaint "
        "still open or within the retention period.",
    )
    complaint_ids = fields.Many2many(
        "customer.complaint",
        string="Complaints",
        readonly=True,
        context={"active_test": False},
    )
    complaint_count = fields.Integer(string="Complaints Erased", readonly=True)
    review_count = fields.Integer(string="Reviews Erased", readonly=True)
    message_count = fields.Integer(string="Messages Erased", readonly=True)
    tracking_count = fields.Integer(string="Tracked Values Erased", readonly=True)
    attachment_count = fields.Integer(string="Attachments Erased", readonly=True)
    survey_answer_count = fields.Integer(string="Survey Answers Erased", readonly=True)
    kinds = fields.Char(string="Kinds of Data", readonly=True)

    def _note_body(self):
        """The note each erased complaint keeps: why and what, not the data."""
        self.ensure_one()
        return Markup("<p><b>%s</b></p><p>%s</p><p>%s</p>") % (
            self.env._("Personal data erased"),
            self.env._("Reason: %s", self.reason),
            self.env._("Replaced: %s.", self.kinds),
        )
