"""A closed or rejected complaint keeps no open to-do of the addon: they are
marked done ("Complaint closed"), so the history keeps them; a reopened
complaint gets the addon's to-dos again."""

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestClosingTodos(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"complaint_reply_reopen_days": 14, "complaint_reply_after_close": "reopen"}
        )

    def _new_complaint(self):
        """An open complaint of the member, with their "React" to-do."""
        complaint = self.create_complaint(user_id=self.member.id)
        # As if committed: the automation rule tells the owner.
        self.run_commit_hooks()
        self.assertEqual(self.owner_activities(complaint).user_id, self.member)
        return complaint

    def _close(self, complaint, user):
        complaint.with_user(user).write(
            {
                "resolution": "Replaced the cover.",
                "outcome": "upheld",
                "stage_id": self.stages["closed"].id,
            }
        )

    def _planned(self, complaint):
        complaint.invalidate_recordset(["activity_ids"])
        return complaint.activity_ids

    def _assert_closed_todo(self, complaint, user):
        """No planned to-do left; the owner's one is done, with the feedback,
        in the history."""
        self.assertFalse(self._planned(complaint))
        done = self.env["mail.activity"].search(
            [
                ("res_model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("customer_complaint.mail_activity_type_react").id,
                ),
                ("active", "=", False),
            ]
        )
        self.assertEqual(len(done), 1)
        self.assertFalse(done.active)
        self.assertEqual(done.feedback, "Complaint closed")
        messages = complaint.message_ids.filtered(
            lambda m: "React to the complaint" in (m.body or "")
            and "Complaint closed" in (m.body or "")
        )
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.author_id, user.partner_id)

    def test_closing_closes_the_react_todo(self):
        complaint = self._new_complaint()
        complaint.with_user(self.member).stage_id = self.stages["analysis"]
        self._close(complaint, self.member)
        self._assert_closed_todo(complaint, self.member)

    def test_rejecting_closes_the_react_todo(self):
        complaint = self._new_complaint()
        complaint.with_user(self.member).action_reject(self.reason_duplicate)
        self.assertTrue(complaint.is_closed)
        self._assert_closed_todo(complaint, self.member)

    def test_todos_users_planned_themselves_stay(self):
        complaint = self._new_complaint()
        own = (
            self.env["mail.activity"]
            .with_user(self.member)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(complaint._name),
                    "res_id": complaint.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Send the customer a voucher next month",
                    "user_id": self.member.id,
                }
            )
        )
        complaint.with_user(self.member).action_reject(self.reason_duplicate)
        self.assertEqual(self._planned(complaint), own)

    def test_open_action_keeps_its_todo_on_rejection(self):
        """The to-do of an action follows the action: done or cancelled
        there, even once the complaint is rejected."""
        complaint = self._new_complaint()
        action = (
            self.env["customer.complaint.action"]
            .with_user(self.member)
            .create({"complaint_id": complaint.id, "name": "Call the customer"})
        )
        complaint.with_user(self.member).action_reject(self.reason_duplicate)
        self.assertEqual(self._planned(complaint), action.activity_id)
        action.with_user(self.member).action_cancel("The complaint was rejected.")
        self.assertFalse(self._planned(complaint))

    def test_closing_many_closes_their_todos(self):
        complaints = self.create_complaint(user_id=self.member.id)
        complaints |= self.create_complaint(user_id=self.member.id)
        self.run_commit_hooks()
        self.assertEqual(len(self.owner_activities(complaints)), 2)
        complaints.with_user(self.member).write(
            {
                "resolution": "Replaced the cover.",
                "outcome": "upheld",
                "stage_id": self.stages["closed"].id,
            }
        )
        self.assertFalse(self.owner_activities(complaints))

    def test_reopened_complaint_gets_the_addons_todos(self):
        complaint = self._new_complaint()
        self._close(complaint, self.member)
        self.run_commit_hooks()
        # A manager reopens it: an action planned then is the assignee's to-do.
        complaint.with_user(self.manager).action_reopen("The cover tore again.")
        action = (
            self.env["customer.complaint.action"]
            .with_user(self.member)
            .create({"complaint_id": complaint.id, "name": "Replace the cover"})
        )
        self.assertEqual(self._planned(complaint), action.activity_id)
        action.with_user(self.member).action_done()
        self._close(complaint, self.member)
        self.assertFalse(self._planned(complaint))
        self.run_commit_hooks()
        # The customer's reply reopens it: the owner's to-do says so.
        complaint.message_post(
            body="The new cover tore too.",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(complaint.is_closed)
        self.assertEqual(
            self._planned(complaint).mapped("summary"),
            ["Reopened by the customer's reply"],
        )
