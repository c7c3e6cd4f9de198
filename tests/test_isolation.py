"""Nobody widens their own access: actions, following and wizards give a
user no complaint of another team."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ComplaintCase


class TestIsolation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The team's complaint; the outsider works for the other team.
        cls.complaint = cls.create_complaint(user_id=cls.member.id)

    def assertCannotRead(self, user, complaint):
        self.assertFalse(
            self.env["customer.complaint"]
            .with_user(user)
            .search([("id", "=", complaint.id)]),
            f"{user.login} sees {complaint.name}",
        )
        with self.assertRaises(AccessError):
            complaint.with_user(user).read(["subject"])

    def test_action_on_another_teams_complaint_refused(self):
        Action = self.env["customer.complaint.action"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "complaint_id": self.complaint.id,
                    "name": "Let me in",
                    "user_id": self.outsider.id,
                }
            )
        self.assertNotIn(self.outsider.partner_id, self.complaint.message_partner_ids)
        self.assertCannotRead(self.outsider, self.complaint)

    def test_moving_own_action_to_another_complaint_refused(self):
        own = self.create_complaint(team_id=self.other_team.id)
        action = (
            self.env["customer.complaint.action"]
            .with_user(self.outsider)
            .create({"complaint_id": own.id, "name": "Call the customer"})
        )
        with self.assertRaises(AccessError):
            action.write({"complaint_id": self.complaint.id})
        self.assertEqual(action.complaint_id, own)
        self.assertCannotRead(self.outsider, self.complaint)

    def test_subscribing_to_another_teams_complaint_refused(self):
        # Odoo answers False to a self-subscription without read access.
        self.assertFalse(
            self.complaint.with_user(self.outsider).message_subscribe(
                partner_ids=self.outsider.partner_id.ids
            )
        )
        self.assertNotIn(self.outsider.partner_id, self.complaint.message_partner_ids)
        self.assertCannotRead(self.outsider, self.complaint)

    def test_following_grants_no_access(self):
        # A complaint of the intake pool, which every user sees, is followed
        # by the outsider, then routed to the team: the outsider loses it.
        pooled = self.create_complaint(team_id=False)
        pooled.with_user(self.outsider).message_subscribe(
            partner_ids=self.outsider.partner_id.ids
        )
        pooled.team_id = self.team
        self.assertIn(self.outsider.partner_id, pooled.message_partner_ids)
        self.assertCannotRead(self.outsider, pooled)
        # A member adding them as follower gives notifications, not access.
        self.complaint.with_user(self.member).message_subscribe(
            partner_ids=self.outsider.partner_id.ids
        )
        self.assertCannotRead(self.outsider, self.complaint)

    def test_colleague_asked_to_help_sees_the_complaint(self):
        # Someone who may write the complaint plans an action for a colleague
        # of another team: the colleague can open it, as long as the action
        # is theirs.
        action = (
            self.env["customer.complaint.action"]
            .with_user(self.member)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "name": "Check the warehouse camera",
                    "user_id": self.outsider.id,
                }
            )
        )
        self.assertEqual(
            self.complaint.with_user(self.outsider).read(["subject"])[0]["id"],
            self.complaint.id,
        )
        # Their to-do makes them follow it, whoever planned the action.
        self.assertIn(self.outsider.partner_id, self.complaint.message_partner_ids)
        action.with_user(self.member).user_id = self.member
        self.assertCannotRead(self.outsider, self.complaint)

    def test_reject_wizard_on_another_teams_complaint_refused(self):
        with self.assertRaises(AccessError):
            self.env["customer.complaint.reject"].with_user(self.outsider).create(
                {
                    "complaint_ids": [(6, 0, self.complaint.ids)],
                    "reject_reason_id": self.reason_duplicate.id,
                }
            ).action_reject()
        self.assertEqual(self.complaint.stage_id, self.stages["new"])

    def test_followers_cannot_be_created_directly(self):
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.outsider).create(
                {
                    "res_model": "customer.complaint",
                    "res_id": self.complaint.id,
                    "partner_id": self.outsider.partner_id.id,
                }
            )


@tagged("post_install", "-at_install")
class TestIsolationRpc(ComplaintCase, HttpCase):
    def test_rpc_action_on_another_teams_complaint_refused(self):
        complaint = self.create_complaint(user_id=self.member.id)
        self.authenticate("cc_outsider", "cc_outsider")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint.action",
                    "method": "create",
                    "args": [
                        {
                            "complaint_id": complaint.id,
                            "name": "Let me in",
                            "user_id": self.outsider.id,
                        }
                    ],
                    "kwargs": {},
                },
            )
        self.assertFalse(
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint",
                    "method": "message_subscribe",
                    "args": [[complaint.id]],
                    "kwargs": {"partner_ids": self.outsider.partner_id.ids},
                },
            )
        )
        self.assertFalse(complaint.action_ids)
        self.assertNotIn(self.outsider.partner_id, complaint.message_partner_ids)
