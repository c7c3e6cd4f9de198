"""Messages, activities and followers of a batch (intake, escalation): made
by the ORM's batch APIs, each complaint its own, nothing written around it."""

from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .test_deadlines import DeadlineCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestBatchMail(DeadlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["customer.complaint"]._escalate_overdue()
        cls.setup_review_intake(
            complaint_escalation_user_ids=[Command.set(cls.outsider.ids)],
            # Deadlines of 2024 stay at level 1.
            complaint_escalation_hours=24 * 365 * 50,
        )
        cls.level_field = cls.env["ir.model.fields"]._get(
            "customer.complaint", "escalation_level"
        )

    def _with_deadlines(self, *deadlines):
        complaints = self.env["customer.complaint"].create(
            [{"partner_id": self.customer.id, "team_id": self.team.id}] * len(deadlines)
        )
        complaints.write({"date_received": datetime(2024, 1, 2, 9, 0)})
        self.env.flush_all()
        for complaint, deadline in zip(complaints, deadlines, strict=True):
            self.env.cr.execute(
                "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
                [deadline, complaint.id],
            )
        complaints.invalidate_recordset(["sla_deadline"])
        return complaints

    def _escalation_messages(self, complaint):
        complaint.invalidate_recordset(["message_ids"])
        return complaint.message_ids.filtered(
            lambda m: "Escalated to" in m.body
            or self.level_field in m.tracking_value_ids.field_id
        )

    def test_escalation_note_carries_the_level_tracking(self):
        first, second = self._with_deadlines(
            datetime(2024, 3, 5, 14, 5), datetime(2024, 3, 6, 9, 30)
        )
        self.assertEqual(self.env["customer.complaint"]._escalate_overdue(), 2)
        self.run_commit_hooks()
        for complaint, deadline in (
            # As the user reads them (en_US: 12-hour clock).
            (first, "03/05/2024 02:05 PM"),
            (second, "03/06/2024 09:30 AM"),
        ):
            message = self._escalation_messages(complaint)
            self.assertEqual(len(message), 1)
            self.assertEqual(
                message.body,
                f"<p>Escalated to Level 1: deadline {deadline} (UTC) passed.</p>",
            )
            self.assertEqual(message.message_type, "notification")
            self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(
                [
                    (v.field_id, v.old_value_char, v.new_value_char)
                    for v in message.tracking_value_ids
                ],
                [(self.level_field, "Not escalated", "Level 1")],
            )
        # Level 2, the delay past since level 1: one more message, tracking
        # the step from level 1.
        self.company.complaint_escalation_hours = 24
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_escalated = date_escalated"
            " - interval '25 hours' WHERE id IN %s",
            [(first.id, second.id)],
        )
        (first | second).invalidate_recordset(["date_escalated"])
        self.assertEqual(self.env["customer.complaint"]._escalate_overdue(), 2)
        self.run_commit_hooks()
        messages = self._escalation_messages(first)
        self.assertEqual(len(messages), 2)
        level_2 = messages.filtered(lambda m: "Level 2" in m.body)
        self.assertEqual(
            (
                level_2.tracking_value_ids.old_value_char,
                level_2.tracking_value_ids.new_value_char,
            ),
            ("Level 1", "Level 2"),
        )

    def test_deadline_in_the_timezone_of_the_working_calendar(self):
        self.calendar.tz = "Europe/Kyiv"
        complaint = self._with_deadlines(datetime(2024, 3, 5, 14, 5))
        self.env["customer.complaint"]._escalate_overdue()
        self.assertIn(
            "deadline 03/05/2024 04:05 PM (Europe/Kyiv) passed.",
            self._escalation_messages(complaint).body,
        )

    def test_escalated_again_at_the_same_level_logs_without_tracking(self):
        """A low satisfaction score escalates a complaint already at its
        level: the note is logged, no level change is tracked."""
        complaint = self._with_deadlines(datetime(2024, 3, 5, 14, 5))
        self.env["customer.complaint"]._escalate_overdue()
        complaint.sudo()._escalate("1")
        self.run_commit_hooks()
        messages = self._escalation_messages(complaint)
        self.assertEqual(len(messages), 2)
        self.assertEqual(len(messages.tracking_value_ids), 1)
        self.assertEqual(
            len(
                complaint.activity_ids.filtered(
                    lambda a: (a.summary or "").startswith("Overdue complaint")
                )
            ),
            2,
        )

    def test_intake_batch_activities_and_followers(self):
        """In a batch, each complaint gets its own creation log and its owner
        and staff activities, made for the batch by the ORM as the web client
        reads them: each user follows the complaints of their activities, with
        the default subtypes; no assignation email per activity."""
        self.team.notify_mode = "activity"
        reviews = self.create_reviews([1] * 6)
        self.run_commit_hooks()
        reviews.invalidate_recordset()
        complaints = reviews.complaint_id
        self.assertEqual(len(complaints), 6)
        default_subtypes = self.env["mail.message.subtype"].default_subtypes(
            complaints._name
        )[0]
        for complaint in complaints:
            created = complaint.message_ids.filtered(
                lambda m: m.body == "<p>Customer Complaint created</p>"
            )
            self.assertEqual(len(created), 1)
            self.assertEqual(created.message_type, "notification")
            self.assertEqual(created.subtype_id, self.env.ref("mail.mt_note"))
            activities = complaint.activity_ids
            self.assertEqual(activities.mapped("res_name"), [complaint.name] * 2)
            self.assertEqual(
                self.owner_activities(complaint).user_id, complaint.user_id
            )
            users = activities.user_id
            self.assertEqual(users, complaint.user_id | self.manager)
            for user in users:
                follower = complaint.message_follower_ids.filtered(
                    lambda f, user=user: f.partner_id == user.partner_id
                )
                self.assertEqual(follower.subtype_ids, default_subtypes)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", complaints._name),
                    ("res_id", "in", complaints.ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )

    def test_assigned_tasks_notify_their_users(self):
        """Outside a batch (an action handed to a colleague), the activity is
        created with Odoo's assignation notice."""
        complaint = self.create_complaint()
        self.env["customer.complaint.action"].create(
            {
                "complaint_id": complaint.id,
                "name": "Call the carrier",
                "user_id": self.outsider.id,
            }
        )
        notice = self.env["mail.message"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.outsider.partner_id.id),
            ]
        )
        self.assertEqual(len(notice), 1)
