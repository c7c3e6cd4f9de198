"""The specialist as an employee, with or without an Odoo login: filled from
the specialist user's employee, counted on the employee, reported by it."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestEmployeeSpecialist(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.member_employee = Employee.create(
            {"name": "Team Member", "user_id": cls.member.id}
        )
        # A hairdresser without an Odoo login.
        cls.stylist = Employee.create({"name": "Oksana Stylist"})
        cls.branch = cls.env["res.company"].create({"name": "Branch Salon"})
        cls.branch_employee = Employee.create(
            {"name": "Branch Stylist", "company_id": cls.branch.id}
        )

    def test_filled_from_the_user(self):
        complaint = self.create_complaint(specialist_id=self.member.id)
        self.assertEqual(complaint.specialist_employee_id, self.member_employee)
        # A specialist user without an employee: no employee (not the old one).
        complaint.specialist_id = self.manager
        self.assertFalse(complaint.specialist_employee_id)
        review = self.env["customer.review"].create(
            {
                "partner_id": self.customer.id,
                "score": 4,
                "specialist_id": self.member.id,
            }
        )
        self.assertEqual(review.specialist_employee_id, self.member_employee)

    def test_employee_without_login(self):
        complaint = (
            self.env["customer.complaint"]
            .with_user(self.member)
            .create(
                {
                    "partner_id": self.customer.id,
                    "description": "<p>The haircut is uneven.</p>",
                    "team_id": self.team.id,
                    "specialist_employee_id": self.stylist.id,
                }
            )
        )
        self.assertEqual(complaint.specialist_employee_id, self.stylist)
        self.assertFalse(complaint.specialist_id)
        # A member without HR rights reads the employee's public name.
        self.assertEqual(
            complaint.with_user(self.member).specialist_employee_id.name,
            "Oksana Stylist",
        )

    def test_review_passes_the_employee_to_its_complaint(self):
        self.setup_review_intake()
        review = self.env["customer.review"].create(
            {
                "partner_id": self.customer.id,
                "score": 1,
                "specialist_employee_id": self.stylist.id,
            }
        )
        self.env.cr.flush()
        self.assertEqual(review.complaint_id.specialist_employee_id, self.stylist)

    def test_counted_on_the_employee(self):
        for _index in range(2):
            self.create_complaint(specialist_employee_id=self.stylist.id)
        self.env["customer.review"].create(
            {
                "partner_id": self.customer.id,
                "score": 5,
                "specialist_employee_id": self.stylist.id,
            }
        )
        stylist = self.stylist.with_user(self.manager)
        self.assertEqual(stylist.complaint_specialist_count, 2)
        self.assertEqual(stylist.review_specialist_count, 1)
        action = stylist.action_view_specialist_complaints()
        self.assertEqual(
            self.env["customer.complaint"].search_count(action["domain"]), 2
        )
        action = stylist.action_view_specialist_reviews()
        self.assertEqual(self.env["customer.review"].search_count(action["domain"]), 1)
        # The analysis groups by employee.
        self.env.flush_all()
        groups = dict(
            self.env["customer.complaint.report"]
            .with_user(self.manager)
            ._read_group(
                [("specialist_employee_id", "=", self.stylist.id)],
                ["specialist_employee_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {self.stylist: 2})
        # So does the satisfaction analysis, its review rows.
        satisfaction = dict(
            self.env["customer.satisfaction.report"]
            .with_user(self.manager)
            ._read_group(
                [("specialist_employee_id", "=", self.stylist.id)],
                ["specialist_employee_id"],
                ["score:avg"],
            )
        )
        self.assertEqual(satisfaction, {self.stylist: 5})

    def test_causes_report_top_specialists_by_employee(self):
        for _index in range(3):
            self.create_complaint(specialist_employee_id=self.stylist.id)
        # A specialist user without an employee counts under their name.
        self.create_complaint(specialist_id=self.manager.id)
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create({})
        )
        top = wizard._get_report_data()["top_specialists"]
        self.assertIn(("Oksana Stylist", 3), top)
        self.assertIn((self.manager.name, 1), top)
        self.assertLessEqual(len(top), 5)
        self.assertEqual(top, sorted(top, key=lambda row: -row[1]))

    def test_employee_of_another_company_refused(self):
        complaint = self.create_complaint()
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                complaint.with_user(self.member).write(
                    {"specialist_employee_id": self.branch_employee.id}
                )
        self.assertFalse(complaint.specialist_employee_id)
