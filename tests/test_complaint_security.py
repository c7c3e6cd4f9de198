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
