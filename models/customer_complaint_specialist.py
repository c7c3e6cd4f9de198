"""The specialist who served the customer as an employee, on the complaint
(customer_specialist_mixin.py): tracked, internal, counted in the reports."""

from odoo import fields, models


class CustomerComplaintSpecialist(models.Model):
    _name = "customer.complaint"
    _inherit = ["customer.complaint", "customer.specialist.mixin"]

    specialist_employee_id = fields.Many2one(
        tracking=True,
        groups="base.group_user",
        help="The employee who served the customer, with or without an Odoo "
        "login; the specialist user's employee when a user is given. Reports "
        "count by it.",
    )
