from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import format_datetime, mute_logger

from .test_deadlines import DeadlineCase

# Queries to escalate 100 and 300 overdue complaints, commit included:
# measured 39 and 49 (both runners), a few of margin each.
ESCALATION_100 = 42
ESCALATION_300 = 52


@tagged("post_install", "-at_install", "customer_complaint")
class TestEscalation(DeadlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Start from a clean slate: whatever else is overdue gets escalated now.
        cls.env["customer.complaint"]._escalate_overdue()
        cls.company.write(
            {
                "complaint_escalation_user_ids": [(6, 0, [cls.outsider.id])],
                "complaint_escalation_hours": 24,
            }
        )

    def _overdue(self, count=1, hours_late=2):
        """Complaints whose analysis deadline passed ``hours_late`` ago."""
        now = fields.Datetime.now()
        complaints = self.env["customer.complaint"].create(
            [{"partner_id": self.customer.id, "team_id": self.team.id}] * count
        )
        # Deadlines move with the calendar: set them directly for precision.
        complaints.write({"date_received": now - timedelta(days=20)})
        # As if committed: the automation rules (owner and staff told) run.
        self.env.cr.flush()
        self.env.cr.execute(
            "UPDATE customer_complaint SET sla_deadline = %s WHERE id IN %s",
            [now - timedelta(hours=hours_late), tuple(complaints.ids)],
        )
        complaints.invalidate_recordset(["sla_deadline"])
        return complaints

    def _manager_messages(self):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.outsider.partner_id.id),
                ("subject", "=like", "Escalated complaints%"),
            ]
        )

    def test_escalates_once_per_level(self):
        complaint = self._overdue(hours_late=2)
        Complaint = self.env["customer.complaint"]
        self.assertEqual(Complaint._escalate_overdue(), 1)
        self.assertEqual(complaint.escalation_level, "1")
        self.assertTrue(complaint.date_escalated)
        leader_activity = complaint.activity_ids.filtered(
            lambda a: a.user_id == self.manager and "escalated" in a.summary
        )
        self.assertEqual(len(leader_activity), 1)
        self.assertEqual(len(self._manager_messages()), 1)
        logged = complaint.message_ids.filtered(
            lambda m: "Escalated to Level 1" in m.body
        )
        self.assertEqual(len(logged), 1)
        # Running again changes nothing.
        self.assertEqual(Complaint._escalate_overdue(), 0)
        self.assertEqual(len(self._manager_messages()), 1)
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: "Escalated to" in m.body)), 1
        )
        # Late by more than the delay, but level 1 is recent: nothing yet.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=30), complaint.id],
        )
        complaint.invalidate_recordset(["sla_deadline"])
        self.assertEqual(Complaint._escalate_overdue(), 0)
        # The delay has passed since level 1 too: level 2, once.
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_escalated = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=25), complaint.id],
        )
        complaint.invalidate_recordset(["date_escalated"])
        self.assertEqual(Complaint._escalate_overdue(), 1)
        self.assertEqual(complaint.escalation_level, "2")
        self.assertEqual(Complaint._escalate_overdue(), 0)
        self.assertEqual(len(self._manager_messages()), 2)

    def test_very_late_goes_one_level_per_delay(self):
        """Found late by twice the delay, a complaint goes to level 1 only;
        level 2 comes one escalation delay later, not in the same run."""
        complaint = self._overdue(hours_late=48)
        Complaint = self.env["customer.complaint"]
        Complaint._escalate_overdue()
        self.assertEqual(complaint.escalation_level, "1")
        self.assertEqual(Complaint._escalate_overdue(), 0)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_escalated = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=25), complaint.id],
        )
        complaint.invalidate_recordset(["date_escalated"])
        Complaint._escalate_overdue()
        self.assertEqual(complaint.escalation_level, "2")
        bodies = complaint.message_ids.mapped("body")
        self.assertEqual(sum("Escalated to Level 1" in b for b in bodies), 1)
        self.assertEqual(sum("Escalated to Level 2" in b for b in bodies), 1)

    def test_batch_log_and_activities_through_the_orm(self):
        """Each complaint of a batch gets one escalation message, with its own
        deadline and the tracking value of its level, and an activity for the
        team leader, who follows it: all made by the ORM, nothing more at
        commit."""
        complaints = self._overdue(3)
        # Deadlines of their own, a minute apart.
        self.env.flush_all()
        for minutes, complaint in enumerate(complaints):
            self.env.cr.execute(
                "UPDATE customer_complaint SET sla_deadline = sla_deadline - "
                "make_interval(mins => %s) WHERE id = %s",
                [minutes, complaint.id],
            )
        complaints.invalidate_recordset(["sla_deadline"])
        self.env["customer.complaint"]._escalate_overdue()
        # What a commit runs: Odoo's tracking adds no second message.
        self.env.flush_all()
        self.env.cr.flush()
        complaints.invalidate_recordset()
        level_field = self.env["ir.model.fields"]._get(
            complaints._name, "escalation_level"
        )
        default_subtypes = self.env["mail.message.subtype"].default_subtypes(
            complaints._name
        )[0]
        bodies = set()
        for complaint in complaints:
            escalation = complaint.message_ids.filtered(
                lambda m: "Escalated to" in m.body or m.tracking_value_ids
            )
            self.assertEqual(len(escalation), 1, escalation.mapped("body"))
            deadline = format_datetime(
                self.env, complaint.sla_deadline, tz="UTC", dt_format="short"
            )
            self.assertEqual(
                escalation.body,
                f"<p>Escalated to Level 1: deadline {deadline} (UTC) passed.</p>",
            )
            bodies.add(escalation.body)
            self.assertEqual(escalation.message_type, "notification")
            self.assertEqual(escalation.subtype_id, self.env.ref("mail.mt_note"))
            tracking = escalation.tracking_value_ids
            self.assertEqual(tracking.field_id, level_field)
            self.assertEqual(
                (tracking.old_value_char, tracking.new_value_char),
                ("Not escalated", "Level 1"),
            )
            # What the web client reads: the activity, its user following.
            activity = complaint.activity_ids.filtered(
                lambda a: (a.summary or "").startswith("Overdue complaint")
            )
            self.assertEqual(activity.user_id, self.manager)
            self.assertEqual(activity.res_name, complaint.name)
            # Due today in the run's timezone: "planned" where the user's
            # day is behind, never already overdue.
            self.assertIn(activity.state, ("today", "planned"))
            follower = complaint.message_follower_ids.filtered(
                lambda f: f.partner_id == self.manager.partner_id
            )
            self.assertEqual(follower.subtype_ids, default_subtypes)
        self.assertEqual(len(bodies), 3)
        # A batch: no assignation email per activity.
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", complaints._name),
                    ("res_id", "in", complaints.ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )

    def test_batch_whose_leader_follows_already(self):
        complaints = self._overdue(3)
        complaints.message_subscribe(partner_ids=self.manager.partner_id.ids)
        self.assertEqual(self.env["customer.complaint"]._escalate_overdue(), 3)
        self.assertEqual(set(complaints.mapped("escalation_level")), {"1"})
        for complaint in complaints:
            self.assertEqual(
                complaint.message_follower_ids.partner_id.ids.count(
                    self.manager.partner_id.id
                ),
                1,
            )

    def test_note_in_the_company_language_activity_in_the_assignee_language(self):
        """The cron runs in no reader's language: the chatter note is in the
        company's language, each activity summary in its assignee's."""
        for lang in ("ru_RU", "uk_UA"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations(["ru_RU", "uk_UA"])
        self.company.partner_id.lang = "ru_RU"
        self.manager.lang = "uk_UA"
        complaints = self._overdue(2)
        self.env["customer.complaint"].with_context(lang="en_US")._escalate_overdue()
        for complaint in complaints:
            bodies = complaint.message_ids.mapped("body")
            # The deadline as a Russian reader writes dates.
            deadline = complaint.sla_deadline.strftime("%d.%m.%Y %H:%M")
            self.assertEqual(
                sum(
                    f"Эскалация, Уровень 1: срок {deadline} (UTC) истёк." in body
                    for body in bodies
                ),
                1,
                bodies,
            )
            summaries = complaint.activity_ids.filtered(
                lambda a: a.user_id == self.manager
            ).mapped("summary")
            self.assertIn("Прострочену рекламацію ескальовано (Рівень 1)", summaries)

    def test_closed_and_on_time_not_escalated(self):
        closed = self._overdue()
        closed.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Done",
                "outcome": "upheld",
            }
        )
        on_time = self.create_complaint()
        self.env["customer.complaint"]._escalate_overdue()
        self.assertEqual((closed | on_time).mapped("escalation_level"), ["0", "0"])

    def test_batch_queries_do_not_grow_per_record(self):
        """One batch each, what a commit runs included (assertQueryCount
        flushes). 200 more complaints only add the chunks of 100 rows Odoo
        splits six statements into (messages, their tracking values,
        activities, their document names, followers, the complaints' level):
        two chunks, 12 queries; a query per complaint would add 200. 300 is
        enough for that (three chunks against one), 1,000 proved no more."""
        Complaint = self.env["customer.complaint"]
        self._overdue(10)
        Complaint._escalate_overdue(batch_size=1000)  # caches warm
        for count, queries in ((100, ESCALATION_100), (300, ESCALATION_300)):
            complaints = self._overdue(count)
            with self.assertQueryCount(queries):
                escalated = Complaint._escalate_overdue(batch_size=1000)
            self.assertEqual(escalated, count)
            self.assertEqual(set(complaints.mapped("escalation_level")), {"1"})

    @mute_logger(
        "odoo.addons.customer_complaint.models.customer_complaint_batch_mixin",
        "odoo.sql_db",
    )
    def test_one_failing_record_does_not_stop_the_others(self):
        complaints = self._overdue(5)
        broken = complaints[2]
        # A real fault in the database: this one row refuses any update.
        self.env.cr.execute(
            """
            CREATE FUNCTION cc_test_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER cc_test_refuse BEFORE UPDATE ON customer_complaint
            FOR EACH ROW WHEN (OLD.id = %s) EXECUTE FUNCTION cc_test_refuse();
            """,
            [broken.id],
        )
        escalated = self.env["customer.complaint"]._escalate_overdue()
        self.assertEqual(escalated, 4)
        complaints.invalidate_recordset()
        self.assertEqual(broken.escalation_level, "0")
        self.assertEqual(set((complaints - broken).mapped("escalation_level")), {"1"})
