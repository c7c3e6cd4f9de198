"""The specialist who served the customer as an employee (hr.employee), who
may have no Odoo login; filled from the specialist user's employee."""

from odoo import api, fields, models


class CustomerComplaintSpecialist(models.Model):
    _inherit = "customer.complaint"

    specialist_employee_id = fields.Many2one(
        "hr.employee",
        string="Specialist (Employee)",
        compute="_compute_specialist_employee_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        groups="base.group_user",
        help="The employee who served the customer, with or without an Odoo "
        "login; the specialist user's employee when a user is given. Reports "
        "count by it.",
    )

    @api.depends("specialist_id", "company_id")
    def _compute_specialist_employee_id(self):
        employees = self.env["hr.employee"]._get_specialist_employees(self)
        # Without a specialist user, the employee given is kept.
        for complaint in self.filtered("specialist_id"):
            complaint.specialist_employee_id = employees.get(
                (complaint.specialist_id.id, complaint.company_id.id), False
            )
