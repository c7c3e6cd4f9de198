"""Archiving is not deleting: managers only, with a reason, restorable."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ComplaintCase


class TestArchiving(ComplaintCase):
    def test_users_cannot_archive(self):
        complaint = self.create_complaint(user_id=self.member.id)
        member_complaint = complaint.with_user(self.member)
        with self.assertRaises(AccessError):
            member_complaint.action_archive()
        with self.assertRaises(AccessError):
            member_complaint.action_archive_with_reason("Mine")
        with self.assertRaisesRegex(UserError, "kept by the application"):
            member_complaint.write({"active": False})
        self.assertTrue(complaint.active)

    def test_manager_archives_with_a_reason_through_the_wizard(self):
        complaint = self.create_complaint()
        action = complaint.with_user(self.manager).action_archive()
        self.assertEqual(action["res_model"], "customer.complaint.archive")
        self.assertTrue(complaint.active)
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        wizard.reason = "Test entry made during training"
        wizard.save().action_archive_complaints()
        self.assertFalse(complaint.active)
        log = complaint.message_ids[0]
        self.assertIn("Test entry made during training", log.body)
        self.assertEqual(log.author_id, self.manager.partner_id)
        # Still counted where managers look at the whole register.
        self.assertIn(
            complaint,
            self.env["customer.complaint"]
            .with_user(self.manager)
            .with_context(active_test=False)
            .search([("partner_id", "=", self.customer.id)]),
        )

    def test_archiving_needs_a_reason(self):
        complaint = self.create_complaint()
        for reason in ("", "   ", None, 42):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                complaint.with_user(self.manager).action_archive_with_reason(reason)
        with self.assertRaisesRegex(UserError, "kept by the application"):
            complaint.with_user(self.manager).write({"active": False})
        self.assertTrue(complaint.active)

    def test_manager_restores(self):
        complaint = self.create_complaint()
        complaint.with_user(self.manager).action_archive_with_reason("Duplicate")
        with self.assertRaises(AccessError):
            complaint.with_user(self.member).action_unarchive()
        complaint.with_user(self.manager).action_unarchive()
        self.assertTrue(complaint.active)
        self.assertIn("Restored", complaint.message_ids[0].body)

    def test_closed_complaint_can_be_archived(self):
        complaint = self.create_complaint()
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Done",
                "outcome": "upheld",
            }
        )
        complaint.with_user(self.manager).action_archive_with_reason("Old case")
        self.assertFalse(complaint.active)
        self.assertTrue(complaint.is_closed)


@tagged("post_install", "-at_install")
class TestArchivingRpc(ComplaintCase, HttpCase):
    def test_rpc_archive_as_user_refused(self):
        complaint = self.create_complaint(user_id=self.member.id)
        self.authenticate("cc_member", "cc_member")
        for method, args in (
            ("action_archive", [[complaint.id]]),
            ("write", [[complaint.id], {"active": False}]),
        ):
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "customer.complaint",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        complaint.invalidate_recordset()
        self.assertTrue(complaint.active)
