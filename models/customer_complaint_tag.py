from random import randint

from odoo import fields, models


class CustomerComplaintTag(models.Model):
    _name = "customer.complaint.tag"
    _description = "Complaint Tag"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=_default_color)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "unique(name)", "A tag with this name already exists."
    )
