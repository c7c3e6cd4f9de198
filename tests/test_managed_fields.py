"""Fields the addon manages are written by its own code paths only; the
fields a user may change leave a trace in the chatter."""

from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ComplaintCase

# Each managed field with a value a user would like to write.
MANAGED_VALUES = {
    "name": "CMP/1999/00001",
    "registration_locked": False,
    "date_closed": "2026-01-01 10:00:00",
    "date_first_reaction": "2026-01-01 10:00:00",
    "close_working_hours": 1.0,
    "reopen_count": 0,
    "satisfaction_state": "answered",
    "satisfaction_score": 5,
    "problem_solved": "yes",
    "satisfaction_sent_on": "2026-01-01 10:00:00",
    "escalation_level": "0",
    "date_escalated": False,
    "sla_deadline": "2099-01-01 10:00:00",
}


class TestManagedFields(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.create_complaint(user_id=cls.member.id)
        cls.complaint.stage_id = cls.stages["analysis"]

    def test_users_and_managers_cannot_write_managed_fields(self):
        for user in (self.member, self.manager):
            for fname, value in MANAGED_VALUES.items():
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaisesRegex(UserError, "kept by the application"),
                ):
                    self.complaint.with_user(user).write({fname: value})
        self.assertTrue(self.complaint.registration_locked)
        self.assertTrue(self.complaint.name.startswith("CMP/"))
        self.assertFalse(self.complaint.satisfaction_state)
        self.assertEqual(self.complaint.reopen_count, 0)

    def test_furthest_stage_and_review_are_managed(self):
        review = self.env["customer.review"].create(
            {"partner_id": self.customer.id, "score": 5}
        )
        for fname, value in (
            ("furthest_stage_id", self.stages["closed"].id),
            ("review_id", review.id),
            ("active", False),
        ):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(UserError, "kept by the application"),
            ):
                self.complaint.with_user(self.manager).write({fname: value})
        self.assertEqual(self.complaint.furthest_stage_id, self.stages["analysis"])

    def test_create_refuses_managed_values(self):
        Complaint = self.env["customer.complaint"].with_user(self.member)
        for fname, value in (
            ("name", "CMP/1999/00001"),
            ("reopen_count", 3),
            ("satisfaction_score", 5),
            ("registration_locked", True),
            ("date_closed", "2026-01-01 10:00:00"),
            ("escalation_level", "2"),
            ("active", False),
        ):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(UserError, "kept by the application"),
            ):
                Complaint.create(
                    {
                        "partner_id": self.customer.id,
                        "team_id": self.team.id,
                        fname: value,
                    }
                )
        # What the web client sends for a new complaint is accepted.
        complaint = Complaint.create(
            {
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "name": "New",
                "active": True,
                "escalation_level": "0",
            }
        )
        self.assertTrue(complaint.name.startswith("CMP/"))

    def test_manager_imports_history_dates(self):
        closed_on = datetime(2026, 1, 10, 12, 0)
        complaint = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": datetime(2026, 1, 5, 9, 0),
                    "stage_id": self.stages["closed"].id,
                    "resolution": "Refunded.",
                    "outcome": "upheld",
                    "date_closed": closed_on,
                }
            )
        )
        self.assertEqual(complaint.date_closed, closed_on)
        with self.assertRaisesRegex(UserError, "kept by the application"):
            self.env["customer.complaint"].with_user(self.member).create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_closed": closed_on,
                }
            )

    def test_registration_lock_cannot_be_lifted(self):
        member_complaint = self.complaint.with_user(self.member)
        with self.assertRaisesRegex(UserError, "kept by the application"):
            member_complaint.write(
                {"registration_locked": False, "description": "<p>Other</p>"}
            )
        with self.assertRaisesRegex(UserError, "kept by the application"):
            member_complaint.registration_locked = False
        with self.assertRaisesRegex(UserError, "locked"):
            member_complaint.description = "<p>Other</p>"
        self.assertIn("torn cover", self.complaint.description)

    def test_user_changes_are_tracked(self):
        other_partner = self.env["res.partner"].create({"name": "Other Contact"})
        tag = self.env["customer.complaint.tag"].create({"name": "Delivery"})
        record = self.create_complaint(user_id=self.member.id)
        # Changes in the transaction that created the record are not tracked.
        self.env.flush_all()
        self.env.cr.precommit.run()
        record.with_user(self.member).write(
            {
                "subject": "Torn cover",
                "root_cause": "Packed without protection",
                "responsible_department": "Warehouse",
                "responsible_user_id": self.member.id,
                "reject_note": "Not rejected, a note",
                "tag_ids": [(4, tag.id)],
                "partner_name": other_partner.name,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        record.invalidate_recordset(["message_ids"])
        tracked = record.message_ids.tracking_value_ids.field_id.mapped("name")
        for fname in (
            "subject",
            "root_cause",
            "responsible_department",
            "responsible_user_id",
            "reject_note",
            "tag_ids",
            "partner_name",
        ):
            self.assertIn(fname, tracked)

    def test_description_change_is_logged_with_old_and_new_text(self):
        complaint = self.create_complaint()
        complaint.with_user(self.member).description = "<p>The cover is torn.</p>"
        log = complaint.message_ids[:1]
        self.assertIn("Description changed", log.body)
        self.assertIn("torn cover", log.body)
        self.assertIn("The cover is torn.", log.body)
        self.assertEqual(log.author_id, self.member.partner_id)

    def test_stage_side_effects_still_written_for_users(self):
        complaint = self.create_complaint(user_id=self.member.id)
        complaint.with_user(self.member).stage_id = self.stages["analysis"]
        self.assertTrue(complaint.registration_locked)
        self.assertTrue(complaint.date_first_reaction)
        self.assertEqual(complaint.furthest_stage_id, self.stages["analysis"])
        complaint.with_user(self.member).write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Replaced.",
                "outcome": "upheld",
            }
        )
        self.assertTrue(complaint.date_closed)


@tagged("post_install", "-at_install")
class TestManagedFieldsRpc(ComplaintCase, HttpCase):
    def test_rpc_write_of_managed_field_refused(self):
        complaint = self.create_complaint(user_id=self.member.id)
        complaint.stage_id = self.stages["analysis"]
        self.authenticate("cc_member", "cc_member")
        for fname, value in (
            ("registration_locked", False),
            ("reopen_count", 7),
            ("name", "X"),
            ("acknowledgement_queued", True),
        ):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(JsonRpcException, "UserError"),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "customer.complaint",
                        "method": "write",
                        "args": [[complaint.id], {fname: value}],
                        "kwargs": {},
                    },
                )
        complaint.invalidate_recordset()
        self.assertTrue(complaint.registration_locked)
        self.assertEqual(complaint.reopen_count, 0)
        self.assertFalse(complaint.acknowledgement_queued)

    def test_rpc_call_of_the_acknowledgement_methods_refused(self):
        complaint = self.create_complaint(user_id=self.member.id)
        self.authenticate("cc_member", "cc_member")
        # _call_safely runs a method given by name: not a way around the
        # rights (its name is private too).
        for method, args in (
            ("_acknowledge_new_complaints", []),
            ("_cron_send_acknowledgements", []),
            ("_call_safely", ["_send_acknowledgements"]),
            ("_call_safely", ["unlink"]),
        ):
            with (
                self.subTest(method=method, args=args),
                self.assertRaisesRegex(JsonRpcException, "AccessError"),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "customer.complaint",
                        "method": method,
                        "args": [[complaint.id], *args],
                        "kwargs": {},
                    },
                )
        self.assertTrue(complaint.exists())


# The complaint comes from an automation rule: Odoo runs them once the
# registry is loaded, not during the installation (at_install).
@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewManagedFields(ComplaintCase):
    def test_review_complaint_link_is_the_applications(self):
        review = self.env["customer.review"].create(
            {"partner_id": self.customer.id, "score": 1, "team_id": self.team.id}
        )
        self.env.cr.flush()  # the automation rules run (as at commit)
        complaint = review.complaint_id
        self.assertTrue(complaint)
        other = self.create_complaint()
        Review = self.env["customer.review"].with_user(self.member)
        for vals in (
            {"complaint_id": other.id},
            {"is_below_threshold": False},
            {"complaint_ids": [(4, other.id)]},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "kept by the application"),
            ):
                review.with_user(self.member).write(vals)
        with self.assertRaisesRegex(UserError, "kept by the application"):
            Review.create(
                {"partner_id": self.customer.id, "score": 5, "is_below_threshold": True}
            )
        self.assertEqual(review.complaint_id, complaint)
        self.assertFalse(other.review_id)
