"""A closed or rejected complaint is frozen until a manager reopens it."""

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ComplaintCase


class FrozenCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cause = cls.env.ref("customer_complaint.cause_late_delivery")
        cls.closed = cls.create_complaint(user_id=cls.member.id)
        cls.closed.write(
            {
                "stage_id": cls.stages["closed"].id,
                "cause_id": cls.cause.id,
                "root_cause": "Late truck",
                "resolution": "Delivery fee refunded",
                "outcome": "upheld",
                "compensation_type": "refund",
                "compensation_amount": 20.0,
            }
        )
        cls.rejected = cls.create_complaint(user_id=cls.member.id)
        cls.rejected.action_reject(cls.reason_duplicate, "Filed twice")


class TestFrozenClosed(FrozenCase):
    def test_analysis_resolution_compensation_frozen(self):
        changes = {
            "root_cause": "Rewritten",
            "resolution": "Nothing",
            "outcome": "upheld",
            "compensation_amount": 5000.0,
            "compensation_type": "gift",
            "cause_id": False,
            "is_justified": "no",
            "user_id": self.manager.id,
            "reject_note": "Rewritten",
            "priority": "3",
        }
        for user in (self.member, self.manager):
            for complaint in (self.closed, self.rejected):
                for fname, value in changes.items():
                    with (
                        self.subTest(user=user.login, ref=complaint.name, f=fname),
                        self.assertRaisesRegex(UserError, "reopens them"),
                    ):
                        complaint.with_user(user).write({fname: value})
        self.assertEqual(self.closed.root_cause, "Late truck")
        self.assertEqual(self.closed.compensation_amount, 20.0)
        self.assertEqual(self.rejected.reject_note, "Filed twice")

    def test_moving_to_an_open_stage_needs_reopen(self):
        for user in (self.member, self.manager):
            for stage in ("analysis", "new", "rejected"):
                with (
                    self.subTest(user=user.login, stage=stage),
                    self.assertRaisesRegex(UserError, "reopens them"),
                ):
                    self.closed.with_user(user).stage_id = self.stages[stage]
        self.assertEqual(self.closed.stage_id, self.stages["closed"])
        self.assertEqual(self.closed.reopen_count, 0)

    def test_kanban_drag_goes_through_the_same_rule(self):
        # A kanban drag is a write of stage_id on the record (web_save).
        with self.assertRaisesRegex(UserError, "reopens them"):
            self.rejected.with_user(self.member).web_save(
                {"stage_id": self.stages["analysis"].id}, specification={}
            )

    def test_tags_and_chatter_stay_free(self):
        tag = self.env["customer.complaint.tag"].create({"name": "Reviewed"})
        closed = self.closed.with_user(self.member)
        closed.write({"tag_ids": [(4, tag.id)], "color": 3, "kanban_state": "done"})
        closed.message_post(body="Customer called to thank us.")
        self.assertIn(tag, self.closed.tag_ids)

    def test_manager_reopen_with_reason(self):
        with self.assertRaisesRegex(UserError, "Only complaint managers"):
            self.closed.with_user(self.member).action_reopen("Customer called back")
        with self.assertRaisesRegex(UserError, "Say why"):
            self.closed.with_user(self.manager).action_reopen("  ")
        with self.assertRaisesRegex(UserError, "open stage"):
            self.closed.with_user(self.manager).action_reopen(
                "Wrong", self.stages["rejected"].id
            )
        self.closed.with_user(self.manager).action_reopen(
            "Customer called back", self.stages["analysis"].id
        )
        self.assertEqual(self.closed.stage_id, self.stages["analysis"])
        self.assertEqual(self.closed.reopen_count, 1)
        self.assertFalse(self.closed.date_closed)
        self.assertIn("Customer called back", self.closed.message_ids[0].body)
        # Reopened: the analysis can change again.
        self.closed.with_user(self.member).root_cause = "Truck broke down"
        self.assertEqual(self.closed.root_cause, "Truck broke down")

    def test_reopen_wizard(self):
        rejected = self.rejected.with_user(self.manager)
        action = rejected.action_open_reopen_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.stage_id, self.stages["analysis"])
        wizard.reason = "Not a duplicate after all"
        wizard.save().action_reopen()
        self.assertEqual(self.rejected.stage_id, self.stages["analysis"])
        self.assertFalse(self.rejected.is_closed)
        self.assertFalse(self.rejected.date_closed)
        self.assertFalse(self.rejected.reject_reason_id)
        self.assertEqual(self.rejected.reopen_count, 1)
        self.assertIn(
            "Not a duplicate after all",
            "".join(self.rejected.message_ids.mapped("body")),
        )
        with self.assertRaisesRegex(UserError, "not closed"):
            rejected.action_reopen("again")

    def test_reopen_wizard_never_defaults_to_waiting(self):
        """Wherever a manager moves the waiting stage among the open ones,
        the wizard offers the first working stage, as a reopen without a
        stage and a customer's reply reopen into."""
        waiting = self.env.ref("customer_complaint.stage_waiting")
        Wizard = self.env["customer.complaint.reopen"].with_user(self.manager)
        for sequence in (1, 2, 3, 4):
            with self.subTest(sequence=sequence):
                waiting.sequence = sequence
                wizard = Form(Wizard.with_context(active_ids=self.rejected.ids))
                self.assertEqual(wizard.stage_id, self.stages["analysis"])


@tagged("post_install", "-at_install")
class TestFrozenClosedRpc(FrozenCase, HttpCase):
    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "customer.complaint",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def test_rpc_reopen_by_write_refused(self):
        self.authenticate("cc_member", "cc_member")
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call("write", [[self.closed.id], {"stage_id": self.stages["new"].id}])
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call("action_reopen", [[self.closed.id], "Because"])
        self.authenticate("cc_manager", "cc_manager")
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call(
                "write",
                [[self.closed.id], {"resolution": "Changed", "outcome": "upheld"}],
            )
        # Over RPC the stage is an id.
        self._call(
            "action_reopen",
            [[self.closed.id], "Customer called back", self.stages["analysis"].id],
        )
        self.closed.invalidate_recordset()
        self.assertFalse(self.closed.is_closed)
        self.assertEqual(self.closed.reopen_count, 1)
