"""The specialist who served the customer, as an employee (hr.employee) who
may have no Odoo login: on complaints and reviews, filled from the specialist
user's employee, or given by hand when there is no user."""

from odoo import api, fields, models


class CustomerSpecialistMixin(models.AbstractModel):
    _name = "customer.specialist.mixin"
    _description = "Specialist Employee of a Complaint or Review"

    specialist_employee_id = fields.Many2one(
        "hr.employee",
        string="Specialist (Employee)",
        compute="_compute_specialist_employee_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        help="The employee who served the customer, with or without an Odoo "
        "login; the specialist user's employee when a user is given.",
    )

    @api.depends("specialist_id", "company_id")
    def _compute_specialist_employee_id(self):
        employees = self.env["hr.employee"]._get_specialist_employees(self)
        # Without a specialist user, the employee given is kept.
        for record in self.filtered("specialist_id"):
            record.specialist_employee_id = employees.get(
                (record.specialist_id.id, record.company_id.id), False
            )
