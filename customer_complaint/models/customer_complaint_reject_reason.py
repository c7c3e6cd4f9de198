from odoo import fields, models


class CustomerComplaintRejectReason(models.Model):
    _name = "customer.complaint.reject.reason"
    _description = "Complaint Rejection Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
