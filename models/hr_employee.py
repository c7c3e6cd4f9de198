"""Specialists who may have no Odoo login (salons, clinics): the complaints
and reviews of the customers they served are counted on the employee."""

from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    complaint_specialist_count = fields.Integer(
        string="Complaints as Specialist",
        compute="_compute_complaint_specialist_counts",
        groups="customer_complaint.group_complaint_user",
    )
    review_specialist_count = fields.Integer(
        string="Reviews as Specialist",
        compute="_compute_complaint_specialist_counts",
        groups="customer_complaint.group_complaint_user",
    )

    def _compute_complaint_specialist_counts(self):
        """One grouped query per model for the whole recordset, through the
        user's record rules (a member counts the complaints they see)."""
        counts = {}
        for model in ("customer.complaint", "customer.review"):
            counts[model] = dict(
                self.env[model]._read_group(
                    [("specialist_employee_id", "in", self.ids)],
                    ["specialist_employee_id"],
                    ["__count"],
                )
            )
        for employee in self:
            employee.complaint_specialist_count = counts["customer.complaint"].get(
                employee, 0
            )
            employee.review_specialist_count = counts["customer.review"].get(
                employee, 0
            )

    def _action_view_as_specialist(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("specialist_employee_id", "=", self.id)]
        action["context"] = {"default_specialist_employee_id": self.id}
        return action

    def action_view_specialist_complaints(self):
        return self._action_view_as_specialist(
            "customer_complaint.customer_complaint_action"
        )

    def action_view_specialist_reviews(self):
        return self._action_view_as_specialist(
            "customer_complaint.customer_review_action"
        )

    @api.model
    def _get_specialist_employees(self, records):
        """{(user id, company id): employee} for the specialist users of
        ``records`` (complaints or reviews) in their companies, in one query:
        the employee of a specialist user, as stored computes fill it in."""
        users = records.specialist_id
        if not users:
            return {}
        # sudo: complaint users need not read employees (HR officers only).
        employees = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("company_id", "in", records.company_id.ids),
            ],
            order="id desc",
        )
        # The oldest employee of a user in a company wins (ordered last).
        # sudo(False): handed back with the caller's rights, not as superuser.
        return {
            (employee.user_id.id, employee.company_id.id): employee.sudo(False)
            for employee in employees
        }
