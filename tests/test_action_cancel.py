"""An action, once saved, is never deleted: it is cancelled with a reason,
logged in the complaint's chatter with who and why; its to-do is closed when
it is done or cancelled, planned again when it is reset."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase

TODO = "Call the customer back"


class ActionCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assignee = new_test_user(
            cls.env,
            login="cc_assignee",
            groups="customer_complaint.group_complaint_user",
            name="Marc Assignee",
        )
        cls.team.member_ids = [Command.link(cls.assignee.id)]
        cls.complaint = cls.create_complaint(user_id=cls.member.id)
        cls.complaint.stage_id = cls.stages["analysis"]

    def plan_action(self, user=None):
        return (
            self.env["customer.complaint.action"]
            .with_user(user or self.member)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "name": TODO,
                    "user_id": self.assignee.id,
                }
            )
        )

    def planned_todos(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "=", self.complaint.id),
                ("summary", "=", TODO),
            ]
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestActionCancel(ActionCase):
    def test_unlink_refused_for_everyone(self):
        action = self.plan_action()
        for env in (
            self.env(user=self.member),
            self.env(user=self.manager),
            self.env(su=True),
        ):
            with (
                self.subTest(user=env.user.login, su=env.su),
                self.assertRaises(UserError),
            ):
                env["customer.complaint.action"].browse(action.id).unlink()
        self.assertTrue(action.exists())
        self.assertEqual(self.planned_todos(), action.activity_id)

    def test_delete_commands_refused(self):
        """(2, id), and (3, id), (5,), (6, 0, []) that delete the lines of a
        one2many whose inverse cascades."""
        action = self.plan_action()
        for user in (self.member, self.manager):
            for command in (
                Command.delete(action.id),
                Command.unlink(action.id),
                Command.clear(),
                Command.set([]),
            ):
                with (
                    self.subTest(user=user.login, command=command[0]),
                    self.assertRaises(UserError),
                ):
                    self.complaint.with_user(user).write({"action_ids": [command]})
        self.assertTrue(action.exists())
        self.assertEqual(self.complaint.action_ids, action)
        self.assertEqual(action.state, "todo")

    def test_cancel_logs_who_and_why_and_closes_the_todo(self):
        action = self.plan_action()
        self.assertTrue(self.planned_todos())
        wizard = Form(
            self.env["customer.complaint.action.cancel"]
            .with_user(self.member)
            .with_context(active_model=action._name, active_ids=action.ids)
        )
        wizard.reason = "The customer called us first, 100% %s <b>sure</b>."
        wizard.save().action_cancel()
        self.assertEqual(action.state, "cancel")
        self.assertFalse(self.planned_todos())
        self.assertFalse(action.activity_id)
        log = self.complaint.message_ids[0]
        self.assertEqual(log.author_id, self.member.partner_id)
        self.assertEqual(log.subtype_id, self.env.ref("mail.mt_note"))
        for text in ("Action cancelled", TODO, "Marc Assignee", "called us first"):
            self.assertIn(text, log.body)
        # The user's words, as text.
        self.assertIn("100% %s &lt;b&gt;sure&lt;/b&gt;", log.body)

    def test_cancel_needs_a_reason_and_an_open_action(self):
        action = self.plan_action().with_user(self.member)
        for reason in (None, "", "   ", 42):
            with (
                self.subTest(reason=reason),
                self.assertRaisesRegex(UserError, "Say why the action is cancelled"),
            ):
                action.action_cancel(reason)
        self.assertEqual(action.state, "todo")
        self.assertTrue(self.planned_todos())
        action.action_done()
        with self.assertRaisesRegex(UserError, "Only actions to do can be"):
            action.action_cancel("Too late.")
        self.assertEqual(action.state, "done")

    def test_done_marks_the_todo_done(self):
        action = self.plan_action()
        activity = action.activity_id
        action.with_user(self.member).action_done()
        self.assertFalse(self.planned_todos())
        self.assertFalse(activity.active)
        self.assertEqual(activity.feedback, "Action done")

    def test_assignees_follow_the_complaint(self):
        # Their to-do makes them follow, also when the action is handed to a
        # user of another team by someone who may work the complaint.
        action = self.plan_action()
        followers = self.complaint.message_partner_ids
        self.assertIn(self.assignee.partner_id, followers)
        self.assertNotIn(self.outsider.partner_id, followers)
        action.with_user(self.member).user_id = self.outsider
        self.assertEqual(action.activity_id.user_id, self.outsider)
        self.assertIn(self.outsider.partner_id, self.complaint.message_partner_ids)

    def test_done_by_a_colleague_closes_the_assignees_todo(self):
        # The manager planned it for the assignee: the member neither planned
        # nor works it, their right to write the complaint closes the to-do.
        action = self.plan_action(self.manager)
        activity = action.activity_id
        self.assertNotIn(self.member, activity.user_id | activity.create_uid)
        action.with_user(self.member).action_done()
        self.assertEqual(action.state, "done")
        self.assertFalse(activity.active)
        self.assertEqual(activity.feedback, "Action done")
        done = self.complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_activities")
        )[:1]
        self.assertEqual(done.author_id, self.member.partner_id)

    def test_done_refused_to_who_cannot_work_the_complaint(self):
        action = self.plan_action()
        with self.assertRaises(AccessError):
            action.with_user(self.outsider).action_done()
        self.assertEqual(action.state, "todo")
        self.assertTrue(action.activity_id.active)

    def test_reset_plans_the_todo_again(self):
        # The member neither planned the action nor works it: their right to
        # work the complaint is what lets them cancel and plan its to-do.
        action = self.plan_action(self.manager).with_user(self.member)
        action.action_cancel("Not needed after all.")
        action.action_reset()
        self.assertEqual(action.state, "todo")
        self.assertEqual(self.planned_todos(), action.activity_id)
        self.assertEqual(action.activity_id.user_id, self.assignee)
        # Planned again in the chatter, as its cancelling was.
        log = self.complaint.message_ids[:1]
        self.assertIn("Action planned again", log.body)
        self.assertIn(action.name, log.body)
        self.assertEqual(log.author_id, self.member.partner_id)
        done = action.activity_id
        action.action_done()
        action.action_reset()
        # The done to-do stays in the history; a new one is planned.
        self.assertTrue(done.exists())
        self.assertFalse(done.active)
        self.assertEqual(self.planned_todos(), action.activity_id)
        self.assertNotEqual(action.activity_id, done)


@tagged("post_install", "-at_install", "customer_complaint")
class TestActionCancelRpc(ActionCase, HttpCase):
    def call(self, model, method, *args):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    @mute_logger("odoo.http")
    def test_rpc_unlink_and_delete_commands_refused(self):
        action = self.plan_action()
        for login in ("cc_member", "cc_manager"):
            self.authenticate(login, login)
            for model, method, args in (
                ("customer.complaint.action", "unlink", [action.ids]),
                (
                    "customer.complaint",
                    "write",
                    [self.complaint.ids, {"action_ids": [Command.delete(action.id)]}],
                ),
                (
                    "customer.complaint",
                    "write",
                    [self.complaint.ids, {"action_ids": [Command.unlink(action.id)]}],
                ),
                ("customer.complaint.action", "action_cancel", [action.ids]),
                # The state only through the buttons: no silent cancel.
                (
                    "customer.complaint.action",
                    "write",
                    [action.ids, {"state": "cancel"}],
                ),
                ("customer.complaint.action", "write", [action.ids, {"state": "done"}]),
                (
                    "customer.complaint",
                    "write",
                    [
                        self.complaint.ids,
                        {
                            "action_ids": [
                                Command.update(action.id, {"state": "cancel"})
                            ]
                        },
                    ],
                ),
            ):
                with (
                    self.subTest(login=login, method=method, args=args),
                    self.assertRaises(JsonRpcException) as caught,
                ):
                    self.call(model, method, *args)
                self.assertIn(
                    str(caught.exception),
                    ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
                )
        self.assertTrue(action.exists())
        self.assertEqual(action.state, "todo")
        self.assertEqual(self.planned_todos(), action.activity_id)
        # Cancelling with a reason is the way.
        self.authenticate("cc_member", "cc_member")
        self.assertTrue(
            self.call(
                "customer.complaint.action",
                "action_cancel",
                action.ids,
                "Done by phone.",
            )
        )
        self.assertEqual(action.state, "cancel")
        self.assertFalse(self.planned_todos())
        # A cancelled action is history: not rewritten until reset.
        with self.assertRaises(JsonRpcException) as caught:
            self.call(
                "customer.complaint.action", "write", action.ids, {"name": "Other"}
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.assertNotEqual(action.name, "Other")

    def test_tour_cancel_instead_of_delete(self):
        """As a complaints manager: a saved action has no trash icon (a new
        line does); Cancel asks why and the chatter shows it."""
        action = self.plan_action(self.manager)
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{self.complaint.id}",
            "customer_complaint_action_cancel_tour",
            login="cc_manager",
        )
        self.assertTrue(action.exists())
        self.assertEqual(action.state, "cancel")
        self.assertEqual(self.complaint.action_ids, action)
        self.assertFalse(self.planned_todos())
        log = self.complaint.message_ids.filtered(
            lambda m: "The customer called us first" in (m.body or "")
        )
        self.assertEqual(log.author_id, self.manager.partner_id)


@tagged("post_install", "-at_install", "customer_complaint")
class TestActionStateOverRpc(ActionCase):
    """What only the buttons write holds against a client's own context and
    values, as sent over JSON-RPC."""

    def test_state_and_todo_link_refused_whatever_the_context(self):
        action = self.plan_action()
        foreign = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "user_id": self.manager.id,
                "summary": "Someone else's to-do",
            }
        )
        as_member = action.with_user(self.member).with_context(
            complaint_action_state_change=True
        )
        for vals in (
            {"state": "done"},
            {"date_done": "2026-01-01"},
            {"activity_id": foreign.id},
        ):
            with self.assertRaises(UserError):
                as_member.write(vals)
        with self.assertRaises(UserError):
            self.env["customer.complaint.action"].with_user(self.member).create(
                {
                    "complaint_id": self.complaint.id,
                    "name": TODO,
                    "user_id": self.assignee.id,
                    "activity_id": foreign.id,
                }
            )
        self.assertEqual(action.state, "todo")
        self.assertTrue(foreign.active)
        # The buttons still work for the member.
        as_member.action_done()
        self.assertEqual(action.state, "done")
        self.assertTrue(foreign.active)
