"""Waiting for the customer: the clocks stop, the customer's reply brings
the complaint back; a reply after closing reopens it or opens a follow-up."""

from datetime import datetime, timedelta
from email.message import EmailMessage

from freezegun import freeze_time
from markupsafe import Markup

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_deadlines import DeadlineCase

MONDAY_10 = datetime(2026, 11, 23, 10, 0)
TUESDAY_11 = datetime(2026, 11, 24, 11, 0)


@tagged("post_install", "-at_install", "customer_complaint")
class TestWaiting(DeadlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls.env.ref("customer_complaint.stage_waiting")
        cls.env["customer.complaint.sla.policy"].create(
            [
                {
                    "team_id": cls.team.id,
                    "target": "final_response",
                    "working_hours": 40,
                },
                {
                    "team_id": cls.team.id,
                    "target": "acknowledgement",
                    "working_hours": 1,
                },
            ]
        )
        cls.company.write(
            {"complaint_reply_reopen_days": 14, "complaint_reply_after_close": "reopen"}
        )

    def _waiting_complaint(self, **values):
        """Received on Monday 9:00, in analysis, waiting since Monday 10:00."""
        with freeze_time(self.monday):
            complaint = self.create_complaint(
                date_received=self.monday, user_id=self.member.id, **values
            )
            complaint.stage_id = self.stages["analysis"]
        with freeze_time(MONDAY_10):
            complaint.stage_id = self.waiting
        return complaint

    def _reply_as_customer(self, complaint, body="Here is the receipt."):
        return complaint.message_post(
            body=body,
            author_id=complaint.partner_id.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def _activities(self, complaint, summary):
        return complaint.activity_ids.filtered(lambda a: a.summary == summary)

    def _close(self, complaint):
        # Each step its own transaction: tracked apart, as in real use.
        self.env.cr.flush()
        complaint.write(
            {
                "resolution": "Replaced the chair.",
                "outcome": "upheld",
                "stage_id": self.stages["closed"].id,
            }
        )
        # The stage's tracking, as at the commit: replies come later.
        self.env.cr.flush()

    # ------------------------------------------------------------------
    # The clocks
    # ------------------------------------------------------------------

    def test_deadline_moves_by_the_working_hours_waited(self):
        complaint = self._waiting_complaint()
        # Corrective action is due 16 working hours after reception.
        deadline = datetime(2026, 11, 24, 17, 0)
        final_due = complaint.date_final_response_due
        ack_due = complaint.date_acknowledgement_due
        self.assertEqual(complaint.sla_deadline, deadline)
        self.assertEqual(complaint.date_waiting_since, MONDAY_10)
        self.assertEqual(complaint.waiting_return_stage_id, self.stages["analysis"])
        # Acknowledged before the wait: its target does not move.
        complaint.sudo().date_acknowledged = MONDAY_10
        with freeze_time(TUESDAY_11):
            complaint.stage_id = self.stages["analysis"]
            # Monday 10:00-17:00 and Tuesday 9:00-11:00.
            self.assertEqual(complaint.waiting_hours, 9.0)
            self.assertFalse(complaint.date_waiting_since)
            self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 26, 10, 0))
            self.assertEqual(complaint.date_acknowledgement_due, ack_due)
            Complaint = self.env["customer.complaint"]
            for before, after in (
                (deadline, complaint.sla_deadline),
                (final_due, complaint.date_final_response_due),
            ):
                self.assertEqual(
                    Complaint._working_hours_between([(self.company, before, after)]),
                    [9.0],
                )
            self.assertEqual(complaint.final_response_status, "running")

    def test_not_overdue_nor_escalated_nor_failed_while_waiting(self):
        complaint = self._waiting_complaint()
        with freeze_time(self.monday):
            late = self.create_complaint(
                date_received=self.monday, user_id=self.member.id
            )
            late.stage_id = self.stages["analysis"]
        Complaint = self.env["customer.complaint"]
        with freeze_time(datetime(2026, 12, 1, 12, 0)):
            self.env.invalidate_all()
            self.assertFalse(complaint.is_overdue)
            self.assertTrue(late.is_overdue)
            overdue = Complaint.search([("is_overdue", "=", True)])
            self.assertIn(late, overdue)
            self.assertNotIn(complaint, overdue)
            self.assertIn(complaint, Complaint.search([("is_overdue", "=", False)]))
            Complaint._escalate_overdue()
            Complaint._cron_fail_late_responses()
            self.assertEqual(late.escalation_level, "1")
            self.assertEqual(late.final_response_status, "failed")
            self.assertEqual(complaint.escalation_level, "0")
            self.assertEqual(complaint.final_response_status, "running")

    # ------------------------------------------------------------------
    # The customer's reply
    # ------------------------------------------------------------------

    def test_email_reply_of_the_customer_returns_and_tells_the_owner(self):
        complaint = self._waiting_complaint()
        asked = complaint.with_user(self.member).message_post(
            body="Could you send us the receipt?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(complaint.stage_id, self.waiting)
        email = EmailMessage()
        email["From"] = "Olena Kovalenko <olena@example.com>"
        email["To"] = "complaints@example.com"
        email["Subject"] = f"Re: {complaint.name}"
        email["Message-Id"] = "<receipt-reply@customer.example.com>"
        email["In-Reply-To"] = asked.message_id
        email.set_content("Here is the receipt, attached.")
        self.env["mail.thread"].sudo().message_process(
            "customer.complaint", email.as_string()
        )
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: m.message_type == "email"
                and m.author_id == self.customer
                and "receipt" in m.body
            )
        )
        self.assertEqual(complaint.stage_id, self.stages["analysis"])
        self.assertFalse(complaint.date_waiting_since)
        activity = self._activities(complaint, "Customer replied")
        self.assertEqual(activity.user_id, self.member)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "The customer replied: back to Analysis" in (m.body or "")
            )
        )

    def test_portal_reply_returns_a_staff_message_does_not(self):
        portal = new_test_user(
            self.env,
            login="cc_wait_portal",
            name="Olena's Colleague",
            email="colleague@example.com",
            groups="base.group_portal",
        )
        company = self.env["res.partner"].create(
            {"name": "Kovalenko Furniture", "is_company": True}
        )
        self.customer.parent_id = company
        portal.partner_id.parent_id = company
        complaint = self._waiting_complaint()
        complaint.message_subscribe(partner_ids=portal.partner_id.ids)
        complaint.with_user(self.member).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        complaint.with_user(self.manager).message_post(
            body="Asked again.", message_type="email"
        )
        self.assertEqual(complaint.stage_id, self.waiting)
        self.assertFalse(self._activities(complaint, "Customer replied"))
        # As the portal chatter's /mail/message/post does: the portal user's
        # post, made as superuser once their access is checked.
        self.assertTrue(complaint.with_user(portal).has_access("read"))
        complaint.with_user(portal).sudo().message_post(
            body="The photos are in the order.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(complaint.stage_id, self.stages["analysis"])
        self.assertTrue(self._activities(complaint, "Customer replied"))

    def test_reply_after_closing_reopens_within_the_days_only(self):
        complaint = self.create_complaint(user_id=self.member.id)
        # Odoo tracks no record created in the same transaction.
        self.env.cr.flush()
        complaint.stage_id = self.stages["corrective_action"]
        self._close(complaint)
        self._reply_as_customer(complaint, "The new chair sinks too.")
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.date_closed)
        self.assertEqual(complaint.stage_id, self.stages["corrective_action"])
        self.assertEqual(complaint.reopen_count, 1)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "Reopened by the customer" in (m.body or "")
            )
        )
        self.assertTrue(self._activities(complaint, "Reopened by the customer's reply"))
        self._close(complaint)
        with freeze_time(complaint.date_closed + timedelta(days=15)):
            self._reply_as_customer(complaint, "Thanks anyway.")
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.reopen_count, 1)
        # Switched off: nothing changes either.
        self.company.complaint_reply_reopen_days = 0
        self._reply_as_customer(complaint, "Hello?")
        self.assertTrue(complaint.is_closed)

    def test_reply_after_closing_opens_one_follow_up(self):
        self.company.complaint_reply_after_close = "follow_up"
        category = self.env.ref("customer_complaint.category_product_quality")
        complaint = self.create_complaint(
            subject="Chair sinks", category_id=category.id, user_id=self.member.id
        )
        complaint.stage_id = self.stages["analysis"]
        self._close(complaint)
        self._reply_as_customer(
            complaint, Markup("<p>The <b>new</b> chair sinks too.</p>")
        )
        self._reply_as_customer(complaint, "And the armrest is loose.")
        followup = self.env["customer.complaint"].search(
            [("followup_of_id", "=", complaint.id)]
        )
        self.assertEqual(len(followup), 1)
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.reopen_count, 0)
        self.assertEqual(complaint.followup_count, 1)
        self.assertEqual(followup.subject, "Follow-up: Chair sinks")
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.team_id, self.team)
        self.assertEqual(followup.category_id, category)
        self.assertIn("chair sinks too.", followup.description)
        self.assertNotIn("<b>", followup.description)
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: followup.name in (m.body or ""))
        )
        self.assertTrue(
            followup.message_ids.filtered(lambda m: complaint.name in (m.body or ""))
        )
        self.assertTrue(
            followup.message_ids.filtered(lambda m: "armrest" in (m.body or ""))
        )
        action = complaint.action_view_followups()
        self.assertEqual(
            self.env["customer.complaint"].search(action["domain"]), followup
        )

    # ------------------------------------------------------------------
    # Guarantees
    # ------------------------------------------------------------------

    def test_users_cannot_write_the_waiting_fields(self):
        complaint = self._waiting_complaint()
        other = self.create_complaint()
        for fname, value in (
            ("date_waiting_since", False),
            ("waiting_return_stage_id", self.stages["closed"].id),
            ("waiting_hours", 0.0),
            ("waiting_target_hours", {}),
            ("followup_of_id", other.id),
        ):
            for user in (self.member, self.manager):
                with (
                    self.subTest(field=fname, user=user.login),
                    self.assertRaisesRegex(UserError, "kept by the application"),
                ):
                    complaint.with_user(user).write({fname: value})
        self.assertEqual(complaint.date_waiting_since, MONDAY_10)

    def test_waiting_stage_is_open_and_out_of_the_funnel(self):
        with self.assertRaises(ValidationError):
            self.waiting.is_closed = True
        complaint = self._waiting_complaint()
        self.assertEqual(complaint.furthest_stage_id, self.stages["analysis"])
        self.env.flush_all()
        rows = self.env["customer.complaint.funnel.report"].search(
            [("stage_id", "=", self.waiting.id)]
        )
        self.assertFalse(rows)

    def test_batch_leaves_the_waiting_stage_in_bounded_queries(self):
        with freeze_time(self.monday):
            complaints = self.env["customer.complaint"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "description": "<p>Sinks.</p>",
                        "channel": "phone",
                        "team_id": self.team.id,
                        "date_received": self.monday,
                        "stage_id": self.stages["analysis"].id,
                    }
                    for _i in range(25)
                ]
            )
        with freeze_time(MONDAY_10):
            complaints.write({"stage_id": self.waiting.id})
        self.env.cr.flush()
        counts = []
        with freeze_time(TUESDAY_11):
            for batch in (complaints[:5], complaints[5:]):
                before = self.env.cr.sql_log_count
                batch.write({"stage_id": self.stages["analysis"].id})
                # The writes and the deadlines' recomputation; not the stage's
                # tracking message, which Odoo makes per complaint.
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(set(complaints.mapped("waiting_hours")), {9.0})
        self.assertEqual(
            set(complaints.mapped("sla_deadline")), {datetime(2026, 11, 26, 10, 0)}
        )
        # 20 complaints cost hardly more than 5: no query per complaint.
        self.assertLessEqual(counts[1], counts[0] + 5, counts)
