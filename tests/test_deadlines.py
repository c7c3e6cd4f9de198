from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class DeadlineCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A plain calendar in UTC: Monday to Friday, 9:00-17:00.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Complaint desk",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        Policy = cls.env["customer.complaint.sla.policy"]
        cls.policies = Policy.create(
            [
                {
                    "team_id": cls.team.id,
                    "stage_id": cls.stages["analysis"].id,
                    "working_hours": 8,
                },
                {
                    "team_id": cls.team.id,
                    "stage_id": cls.stages["corrective_action"].id,
                    "working_hours": 16,
                },
                {
                    "team_id": cls.team.id,
                    "stage_id": cls.stages["closed"].id,
                    "working_hours": 40,
                },
                {
                    "team_id": cls.team.id,
                    "priority": "3",
                    "stage_id": cls.stages["analysis"].id,
                    "working_hours": 2,
                },
            ]
        )
        cls.monday = datetime(2026, 11, 23, 9, 0)
        cls.friday = datetime(2026, 11, 27, 16, 0)


@tagged("post_install", "-at_install", "customer_complaint")
class TestDeadlines(DeadlineCase):
    def test_deadline_counts_working_hours(self):
        complaint = self.create_complaint(date_received=self.monday)
        self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 23, 17, 0))
        self.assertEqual(complaint.sla_stage_id, self.stages["analysis"])
        # One hour on Friday, seven on Monday: the weekend does not count.
        late_friday = self.create_complaint(date_received=self.friday)
        self.assertEqual(late_friday.sla_deadline, datetime(2026, 11, 30, 16, 0))

    def test_deadline_follows_the_stage(self):
        complaint = self.create_complaint(date_received=self.monday)
        complaint.stage_id = self.stages["analysis"]
        self.assertEqual(complaint.sla_stage_id, self.stages["corrective_action"])
        self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 24, 17, 0))
        complaint.stage_id = self.stages["satisfaction_check"]
        self.assertEqual(complaint.sla_stage_id, self.stages["closed"])
        self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 27, 17, 0))
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Refunded",
                "outcome": "upheld",
            }
        )
        self.assertFalse(complaint.sla_deadline)

    def test_most_specific_policy_wins(self):
        urgent = self.create_complaint(date_received=self.monday, priority="3")
        self.assertEqual(urgent.sla_deadline, datetime(2026, 11, 23, 11, 0))
        # Another team falls back to the company-wide default policies.
        other = self.create_complaint(
            date_received=self.monday, team_id=self.other_team.id
        )
        generic = self.env["customer.complaint.sla.policy"].search(
            [
                ("team_id", "=", False),
                ("priority", "=", False),
                ("category_id", "=", False),
                ("stage_id", "=", self.stages["analysis"].id),
            ]
        )
        self.assertEqual(
            other.sla_deadline,
            self.calendar.plan_hours(
                generic.working_hours, self.monday, compute_leaves=True
            ),
        )

    def test_policies_matched_per_complaint_in_one_batch(self):
        self.env["customer.complaint.sla.policy"].create(
            {"team_id": self.team.id, "target": "acknowledgement", "working_hours": 1}
        )
        base = {
            "partner_id": self.customer.id,
            "description": "<p>The sofa arrived with a torn cover.</p>",
            "channel": "phone",
            "date_received": self.monday,
        }
        rows = [
            {"team_id": self.team.id, "priority": "3"},
            {"team_id": self.team.id},
            {"team_id": self.other_team.id},
            {"team_id": self.team.id, "priority": "3"},
            {"team_id": self.team.id, "stage_id": self.stages["analysis"].id},
        ]
        batch = self.env["customer.complaint"].create([dict(base, **r) for r in rows])
        alone = self.env["customer.complaint"].concat(
            *(self.create_complaint(**dict(base, **r)) for r in rows)
        )
        fields_due = ["sla_deadline", "sla_stage_id", "date_acknowledgement_due"]
        self.assertEqual(
            [complaint.read(fields_due)[0] | {"id": 0} for complaint in batch],
            [complaint.read(fields_due)[0] | {"id": 0} for complaint in alone],
        )
        self.assertEqual(
            batch.mapped("sla_deadline")[:2],
            [datetime(2026, 11, 23, 11, 0), datetime(2026, 11, 23, 17, 0)],
        )
        self.assertEqual(batch[4].sla_stage_id, self.stages["corrective_action"])
        # The team's own acknowledgement target: one working hour.
        self.assertEqual(batch[0].date_acknowledgement_due, datetime(2026, 11, 23, 10))
        self.assertNotEqual(
            batch[2].date_acknowledgement_due, batch[0].date_acknowledgement_due
        )

    def test_overdue_flag_search_and_colour(self):
        late = self.create_complaint(
            date_received=fields.Datetime.now() - timedelta(days=30)
        )
        on_time = self.create_complaint(date_received=fields.Datetime.now())
        self.assertTrue(late.is_overdue)
        self.assertLess(late.sla_hours_left, 0)
        self.assertEqual(late.display_color, 1)
        self.assertFalse(on_time.is_overdue)
        found = self.env["customer.complaint"].search(
            [("is_overdue", "=", True), ("id", "in", (late | on_time).ids)]
        )
        self.assertEqual(found, late)
        not_late = self.env["customer.complaint"].search(
            [("is_overdue", "=", False), ("id", "in", (late | on_time).ids)]
        )
        self.assertEqual(not_late, on_time)
