from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .test_deadlines import DeadlineCase


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
        self.env.flush_all()
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
        # Late by more than the delay: level 2, once.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=30), complaint.id],
        )
        complaint.invalidate_recordset(["sla_deadline"])
        self.assertEqual(Complaint._escalate_overdue(), 1)
        self.assertEqual(complaint.escalation_level, "2")
        self.assertEqual(Complaint._escalate_overdue(), 0)
        self.assertEqual(len(self._manager_messages()), 2)

    def test_very_late_goes_through_both_levels(self):
        complaint = self._overdue(hours_late=48)
        self.env["customer.complaint"]._escalate_overdue()
        self.assertEqual(complaint.escalation_level, "2")
        bodies = complaint.message_ids.mapped("body")
        self.assertEqual(sum("Escalated to Level 1" in b for b in bodies), 1)
        self.assertEqual(sum("Escalated to Level 2" in b for b in bodies), 1)

    def _rows(self, table, complaints, where="TRUE"):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT * FROM %s WHERE res_id = ANY(%s) AND %s ORDER BY res_id",
                SQL.identifier(table),
                complaints.ids,
                SQL(where),
            )
        )
        columns = [column.name for column in self.env.cr.description]
        return [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]

    def test_batch_rows_are_those_the_orm_makes(self):
        """The first complaint's message and activity come from the ORM, the
        others are SQL copies: same columns but the complaint's own."""
        complaints = self._overdue(3)
        self.env["customer.complaint"]._escalate_overdue()
        messages = self._rows(
            "mail_message", complaints, "body LIKE '%%Escalated to Level 1%%'"
        )
        activities = self._rows(
            "mail_activity", complaints, "summary LIKE 'Overdue complaint%%'"
        )
        self.assertEqual(len(messages), 3)
        self.assertEqual(len(activities), 3)
        for rows, own in ((messages, {"body"}), (activities, {"res_name"})):
            own |= {"id", "res_id"}
            orm = {k: v for k, v in rows[0].items() if k not in own}
            for row in rows[1:]:
                self.assertEqual({k: v for k, v in row.items() if k not in own}, orm)
        for complaint, message, activity in zip(
            complaints, messages, activities, strict=True
        ):
            deadline = fields.Datetime.to_string(complaint.sla_deadline)
            self.assertEqual(
                message["body"],
                f"<p>Escalated to Level 1: deadline {deadline} passed.</p>",
            )
            self.assertEqual(activity["res_name"], complaint.name)
            # What the web client reads: the activity, its user following.
            escalation = complaint.activity_ids.filtered(
                lambda a: a.summary.startswith("Overdue complaint")
            )
            self.assertEqual(escalation.user_id, self.manager)
            # Due today in the run's timezone: "planned" where the user's
            # day is behind, never already overdue.
            self.assertIn(escalation.state, ("today", "planned"))
            self.assertIn(self.manager.partner_id, complaint.message_partner_ids)
        followers = self.env["mail.followers"].search(
            [
                ("res_model", "=", complaints._name),
                ("res_id", "in", complaints.ids),
                ("partner_id", "=", self.manager.partner_id.id),
            ]
        )
        self.assertEqual(len(followers), 3)
        self.assertTrue(followers[0].subtype_ids)
        self.assertEqual(
            {follower.subtype_ids for follower in followers}, {followers[0].subtype_ids}
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

    def test_log_in_the_language_of_the_run(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations("ru_RU")
        complaints = self._overdue(2)
        self.env["customer.complaint"].with_context(lang="ru_RU")._escalate_overdue()
        for complaint in complaints:
            bodies = complaint.message_ids.mapped("body")
            self.assertEqual(
                sum("Эскалация, Уровень 1: срок" in body for body in bodies), 1, bodies
            )

    def test_closed_and_on_time_not_escalated(self):
        closed = self._overdue()
        closed.write({"stage_id": self.stages["closed"].id, "resolution": "Done"})
        on_time = self.create_complaint()
        self.env["customer.complaint"]._escalate_overdue()
        self.assertEqual((closed | on_time).mapped("escalation_level"), ["0", "0"])

    def _escalation_queries(self, count):
        complaints = self._overdue(count)
        self.env.flush_all()
        start = self.cr.sql_log_count
        escalated = self.env["customer.complaint"]._escalate_overdue(batch_size=1000)
        self.env.flush_all()
        self.assertEqual(escalated, count)
        self.assertEqual(set(complaints.mapped("escalation_level")), {"1"})
        return self.cr.sql_log_count - start

    def test_batch_queries_do_not_grow_per_record(self):
        queries_200 = self._escalation_queries(200)
        queries_2000 = self._escalation_queries(2000)
        # Ten times the complaints (two batches of 1,000 instead of one of
        # 200): what grows is Odoo's INSERT chunks of 100 rows (messages,
        # activities), not a round of queries per complaint.
        self.assertLess(queries_2000, 5 * queries_200, (queries_200, queries_2000))
        self.assertLess(queries_2000, 2000 / 10)

    @mute_logger(
        "odoo.addons.customer_complaint.models.customer_complaint", "odoo.sql_db"
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
