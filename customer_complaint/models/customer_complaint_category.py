from odoo import fields, models


class CustomerComplaintCategory(models.Model):
    _name = "customer.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    playbook = fields.Html(
        translate=True,
        help="The procedure staff follow for complaints of this category; "
        "shown on the complaint form.",
    )
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "unique(name)", "A complaint category with this name already exists."
    )
