"""The to-dos the addon plans are due on their assignee's day, not on the
day of the cron, email or customer that planned them."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase

# {UTC instant: the day it is on Kiritimati (UTC+14)}: the same day at
# 03:00 UTC, already the next one at noon.
KIRITIMATI_DAYS = {
    datetime(2026, 3, 10, 3, 0): date(2026, 3, 10),
    datetime(2026, 3, 10, 12, 0): date(2026, 3, 11),
}


@tagged("post_install", "-at_install", "customer_complaint")
class TestTodoDates(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The planner (cron, mail gateway) in UTC, the assignees 14 hours ahead.
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        (cls.member | cls.manager).tz = "Pacific/Kiritimati"
        cls.company.write(
            {
                "complaint_burst_count": 3,
                "complaint_burst_days": 7,
                "complaint_quality_manager_id": cls.manager.id,
            }
        )

    def _todos(self, records, user, summary):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("user_id", "=", user.id),
                ("summary", "=like", summary),
            ]
        )

    def test_new_complaint_owner_todo(self):
        days = self.company.complaint_reaction_days
        for now, day in KIRITIMATI_DAYS.items():
            with self.subTest(now=now), freeze_time(now):
                complaint = self.create_complaint(user_id=self.member.id)
                self.env.cr.flush()  # the automation rules run (as at commit)
                self.assertEqual(
                    self.owner_activities(complaint).date_deadline,
                    day + timedelta(days=days),
                )

    def test_escalation_todo(self):
        for now, day in KIRITIMATI_DAYS.items():
            with self.subTest(now=now), freeze_time(now):
                complaint = self.create_complaint(team_id=self.team.id)
                self.env.flush_all()
                self.env.cr.execute(
                    "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
                    [now - timedelta(hours=2), complaint.id],
                )
                complaint.invalidate_recordset(["sla_deadline"])
                self.env["customer.complaint"]._escalate_overdue()
                todo = self._todos(complaint, self.manager, "Overdue complaint%")
                self.assertEqual(todo.date_deadline, day)

    def test_systemic_problem_todo(self):
        for now, day in KIRITIMATI_DAYS.items():
            with self.subTest(now=now), freeze_time(now):
                cause = self.env["customer.complaint.cause"].create(
                    {"name": f"Torn covers {now}", "kind": "objective"}
                )
                for _index in range(3):
                    self.create_complaint(cause_id=cause.id)
                self.env.cr.flush()  # the automation rules run (as at commit)
                burst = self.env["customer.complaint.burst"].search(
                    [("cause_id", "=", cause.id)]
                )
                todo = self._todos(burst, self.manager, "Systemic problem%")
                self.assertEqual(todo.date_deadline, day)

    def test_customer_reply_todo(self):
        waiting = self.env.ref("customer_complaint.stage_waiting")
        for now, day in KIRITIMATI_DAYS.items():
            with self.subTest(now=now), freeze_time(now):
                complaint = self.create_complaint(user_id=self.member.id)
                complaint.stage_id = self.stages["analysis"]
                complaint.stage_id = waiting
                complaint.message_post(
                    body="Here is the receipt.",
                    author_id=complaint.partner_id.id,
                    message_type="email",
                    subtype_xmlid="mail.mt_comment",
                )
                todo = self._todos(complaint, self.member, "Customer replied")
                self.assertEqual(todo.date_deadline, day)
