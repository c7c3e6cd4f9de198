from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestComplaintSecurity(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_complaint = cls.create_complaint()

    def _readable_by(self, user):
        complaints = self.env["customer.complaint"].with_user(user)
        return bool(complaints.search([("id", "=", self.team_complaint.id)]))

    def test_team_visibility(self):
        self.assertTrue(self._readable_by(self.member))
        self.assertTrue(self._readable_by(self.manager))
        self.assertFalse(self._readable_by(self.outsider))
        with self.assertRaises(AccessError):
            self.team_complaint.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.team_complaint.with_user(self.outsider).write({"priority": "3"})

    def test_owner_sees_complaint_of_another_team(self):
        self.team_complaint.user_id = self.outsider
        self.assertTrue(self._readable_by(self.outsider))

    def test_team_leader_sees_team_complaints(self):
        leader = new_test_user(
            self.env,
            login="cc_leader",
            groups="customer_complaint.group_complaint_user",
        )
        self.assertFalse(self._readable_by(leader))
        self.team.user_id = leader
        self.assertTrue(self._readable_by(leader))

    def test_unrouted_complaints_visible_to_users(self):
        pool = self.create_complaint(team_id=False)
        self.assertTrue(pool.with_user(self.outsider).read(["name"]))

    def test_configuration_is_for_managers(self):
        stage = self.stages["analysis"]
        with self.assertRaises(AccessError):
            stage.with_user(self.member).write({"name": "Investigation"})
        with self.assertRaises(AccessError):
            self.env["customer.complaint.cause"].with_user(self.member).create(
                {"name": "Packaging", "kind": "objective"}
            )
        stage.with_user(self.manager).write({"description": "Find the root cause."})
        self.assertEqual(stage.description, "Find the root cause.")

    def test_no_access_without_complaint_group(self):
        employee = new_test_user(
            self.env, login="cc_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["customer.complaint"].with_user(employee).search([])
        # A portal user reads their own complaints only (portal record rule).
        portal = new_test_user(self.env, login="cc_portal", groups="base.group_portal")
        self.assertFalse(self.env["customer.complaint"].with_user(portal).search([]))

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "Branch Lviv"})
        manager_b = new_test_user(
            self.env,
            login="cc_manager_b",
            groups="customer_complaint.group_complaint_manager",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        complaint_b = (
            self.env["customer.complaint"]
            .with_company(company_b)
            .create({"partner_id": self.customer.id, "channel": "email"})
        )
        self.assertEqual(complaint_b.company_id, company_b)
        as_manager_a = self.env["customer.complaint"].with_user(self.manager)
        as_manager_b = self.env["customer.complaint"].with_user(manager_b)
        self.assertFalse(as_manager_a.search([("id", "=", complaint_b.id)]))
        self.assertEqual(as_manager_b.search([]), complaint_b)
        with self.assertRaises(AccessError):
            complaint_b.with_user(self.manager).read(["name"])
        # Each company numbers its complaints in the same sequence,
        # references stay unique per company.
        self.assertNotEqual(complaint_b.name, self.team_complaint.name)
