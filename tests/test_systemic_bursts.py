"""Systemic problems: N complaints of one cause, product or category within
D days make one burst, and the quality manager one activity per burst."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestSystemicBursts(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_burst_count": 3,
                "complaint_burst_days": 7,
                "complaint_quality_manager_id": cls.manager.id,
            }
        )
        cls.Burst = cls.env["customer.complaint.burst"]
        cls.cause = cls.env["customer.complaint.cause"].create(
            {"name": "Torn covers", "kind": "objective"}
        )
        cls.other_cause = cls.env["customer.complaint.cause"].create(
            {"name": "Scratched legs", "kind": "objective"}
        )
        cls.product = cls.env["product.product"].create({"name": "Sofa Oslo"})
        cls.category = cls.env["customer.complaint.category"].create(
            {"name": "Upholstery"}
        )

    def _complaints(self, count, user=None, days_ago=0, **values):
        Complaint = self.env["customer.complaint"].with_user(user or self.member)
        date = fields.Datetime.now() - timedelta(days=days_ago)
        complaints = Complaint.create(
            [
                {
                    "partner_id": self.customer.id,
                    "description": f"<p>Sofa {index}: the cover is torn.</p>",
                    "channel": "phone",
                    "team_id": self.team.id,
                    "date_received": date + timedelta(minutes=index),
                    **values,
                }
                for index in range(count)
            ]
        )
        # The automation rules run when the transaction is flushed.
        self.env.cr.flush()
        return complaints

    def _bursts(self, **domain):
        return self.Burst.search([(key, "=", value) for key, value in domain.items()])

    def _activities(self, bursts):
        """The activities the addon gave (not those users planned)."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self.Burst._name),
                ("res_id", "in", bursts.ids),
                ("automated", "=", True),
            ]
        )

    def test_one_activity_per_burst(self):
        first = self._complaints(2, cause_id=self.cause.id)
        self.assertFalse(self._bursts(cause_id=self.cause.id))
        third = self._complaints(1, cause_id=self.cause.id)
        burst = self._bursts(cause_id=self.cause.id)
        self.assertEqual(len(burst), 1)
        self.assertEqual(burst.kind, "cause")
        self.assertEqual(burst.complaint_ids, first | third)
        self.assertEqual(burst.date_start, first[0].date_received)
        self.assertEqual(burst.date_end, first[0].date_received + timedelta(days=7))
        activity = self._activities(burst)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        for complaint in first | third:
            self.assertIn(complaint.name, activity.note)
        # The 4th and 5th complaints join the burst: no second activity.
        later = self._complaints(2, cause_id=self.cause.id)
        self.assertEqual(self._bursts(cause_id=self.cause.id), burst)
        self.assertEqual(burst.complaint_count, 5)
        self.assertEqual(self._activities(burst), activity)
        # Each joins as the rule runs on it: a note each.
        notes = "".join(burst.message_ids[:2].mapped("body"))
        for complaint in later:
            self.assertIn(complaint.name, notes)
        self.assertEqual(first[0].sudo().burst_ids, burst)

    def test_activity_counts_what_the_row_counts(self):
        """The quality manager's activity says the burst's true count and
        lists its complaints, after complaints joined or left it, as its
        row (complaint_count, display name) does."""
        first = self._complaints(3, cause_id=self.cause.id)
        burst = self._bursts(cause_id=self.cause.id)
        activity = self._activities(burst)
        # A to-do the quality manager plans on the burst is theirs: kept.
        own = burst.with_user(self.manager).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the supplier",
            user_id=self.manager.id,
        )
        own.automated = False
        later = self._complaints(1, cause_id=self.cause.id)
        self.assertEqual(own.summary, "Call the supplier")
        self.assertFalse(own.note)
        self.assertEqual(burst.complaint_count, 4)
        self.assertIn("4 complaints about Torn covers", str(activity.note))
        self.assertIn(later.name, str(activity.note))
        self.assertEqual(activity.summary, f"Systemic problem: {burst.display_name}")
        self.assertIn("4 complaints", activity.summary)
        first[0].with_user(self.member).cause_id = self.other_cause
        self.env.cr.flush()
        self.assertEqual(burst.complaint_count, 3)
        self.assertIn("3 complaints about Torn covers", str(activity.note))
        self.assertNotIn(first[0].name, str(activity.note))
        # An archived member still counts, in the row and in the activity.
        first[1].with_user(self.manager).action_archive_with_reason("Test")
        self._complaints(1, cause_id=self.cause.id)
        self.assertEqual(burst.complaint_count, 4)
        self.assertIn("4 complaints about Torn covers", str(activity.note))
        self.assertIn(first[1].name, str(activity.note))

    def test_idempotent(self):
        complaints = self._complaints(3, product_id=self.product.id)
        burst = self._bursts(product_id=self.product.id)
        complaints._detect_bursts_once()
        complaints.sudo()._detect_bursts_once()
        self.assertEqual(self._bursts(product_id=self.product.id), burst)
        self.assertEqual(len(self._activities(burst)), 1)
        self.assertEqual(burst.complaint_ids, complaints)

    def test_new_burst_after_the_window(self):
        old = self._complaints(3, days_ago=20, category_id=self.category.id)
        old_burst = self._bursts(category_id=self.category.id)
        self.assertEqual(old_burst.complaint_ids, old)
        # Found in history (older than the window): recorded, nobody told.
        self.assertFalse(old_burst.user_id)
        self.assertFalse(self._activities(old_burst))
        new = self._complaints(3, category_id=self.category.id)
        bursts = self._bursts(category_id=self.category.id)
        self.assertEqual(len(bursts), 2)
        new_burst = bursts - old_burst
        self.assertEqual(new_burst.complaint_ids, new)
        self.assertEqual(len(self._activities(new_burst)), 1)

    def test_spread_out_complaints_make_no_burst(self):
        for days_ago in (30, 20, 10, 0):
            self._complaints(1, days_ago=days_ago, cause_id=self.cause.id)
        self.assertFalse(self._bursts(cause_id=self.cause.id))

    def test_cause_set_later_and_changed(self):
        complaints = self._complaints(3)
        self.assertFalse(self._bursts(cause_id=self.cause.id))
        # The cause is known after the analysis: the rule runs on the write.
        complaints.with_user(self.member).write({"cause_id": self.cause.id})
        self.env.cr.flush()
        burst = self._bursts(cause_id=self.cause.id)
        self.assertEqual(burst.complaint_ids, complaints)
        complaints[0].with_user(self.member).cause_id = self.other_cause
        self.env.cr.flush()
        self.assertEqual(burst.complaint_ids, complaints[1:])
        self.assertFalse(self._bursts(cause_id=self.other_cause.id))

    def test_one_batch_one_burst_per_record(self):
        complaints = self._complaints(
            40,
            cause_id=self.cause.id,
            product_id=self.product.id,
            category_id=self.category.id,
        )
        bursts = self.Burst.search([("complaint_ids", "in", complaints.ids)])
        self.assertEqual(
            sorted(bursts.mapped("kind")), ["category", "cause", "product"]
        )
        for burst in bursts:
            self.assertEqual(burst.complaint_ids, complaints)
        self.assertEqual(len(self._activities(bursts)), 3)

    def test_queries_do_not_grow_with_the_batch(self):
        counts = []
        # The first run warms the caches (models, activity type).
        for size in (3, 5, 50):
            product = self.env["product.product"].create({"name": f"Chair {size}"})
            complaints = self._complaints(size, product_id=product.id)
            self._bursts(product_id=product.id).sudo().unlink()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            complaints._detect_bursts_once()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(self._bursts(product_id=product.id)), 1)
        self.assertEqual(counts[1], counts[2], counts)

    def test_other_company_and_switched_off(self):
        branch = self.env["res.company"].create({"name": "Branch"})
        self._complaints(2, cause_id=self.cause.id)
        self._complaints(
            1,
            user=self.env.user,
            cause_id=self.cause.id,
            company_id=branch.id,
            team_id=False,
        )
        self.assertFalse(self._bursts(cause_id=self.cause.id))
        self.company.complaint_burst_count = 0
        self._complaints(3, product_id=self.product.id)
        self.assertFalse(self._bursts(product_id=self.product.id))

    def test_rights(self):
        self._complaints(3, cause_id=self.cause.id)
        burst = self._bursts(cause_id=self.cause.id)
        # Members read bursts (a complaint shows its own), never make them.
        self.assertEqual(burst.with_user(self.member).complaint_count, 3)
        with self.assertRaises(AccessError):
            self.Burst.with_user(self.manager).create(
                {
                    "kind": "cause",
                    "cause_id": self.cause.id,
                    "company_id": self.company.id,
                    "date_start": fields.Datetime.now(),
                    "date_end": fields.Datetime.now() + timedelta(days=1),
                }
            )
        with self.assertRaises(AccessError):
            burst.with_user(self.member).write({"date_end": fields.Datetime.now()})

    def test_bad_settings(self):
        for values in (
            {"complaint_burst_count": 1},
            {"complaint_burst_count": -3},
            {"complaint_burst_days": 0},
            {"complaint_quality_manager_id": self.member.id},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.company.write(values)
        self.assertEqual(self.company.complaint_burst_count, 3)
        self.assertEqual(self.company.complaint_burst_days, 7)
        self.assertEqual(self.company.complaint_quality_manager_id, self.manager)
        with self.assertRaises(ValidationError):
            self.Burst.create(
                {
                    "kind": "cause",
                    "product_id": self.product.id,
                    "company_id": self.company.id,
                    "date_start": fields.Datetime.now(),
                    "date_end": fields.Datetime.now() + timedelta(days=1),
                }
            )

    def test_causes_report_lists_the_bursts(self):
        complaints = self._complaints(3, cause_id=self.cause.id)
        today = fields.Date.context_today(self.env.user)
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create({"date_from": today - timedelta(days=1), "date_to": today})
        )
        rows = wizard._get_report_data()["bursts"]
        row = next(row for row in rows if row["name"] == self.cause.name)
        self.assertEqual(row["count"], 3)
        self.assertIn(complaints[0].name, row["complaints"])
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        html = Report._render_qweb_html(
            "customer_complaint.action_report_causes_resolutions", wizard.ids
        )[0].decode()
        self.assertIn("Systemic problems", html)
        self.assertIn("Torn covers", html)
        # A period before the burst: none.
        wizard.write(
            {
                "date_from": today - timedelta(days=30),
                "date_to": today - timedelta(days=10),
            }
        )
        self.assertFalse(
            [
                r
                for r in wizard._get_report_data()["bursts"]
                if r["name"] == self.cause.name
            ]
        )

    def test_history_scanned_on_upgrade(self):
        """Complaints registered before the rule existed (the upgrade to
        19.0.1.4.0 looks at them): an old burst is recorded silently, a
        current one tells the quality manager; a second scan adds nothing."""
        self.env.ref("customer_complaint.automation_complaint_burst").active = False
        old = self._complaints(3, days_ago=40, cause_id=self.cause.id)
        new = self._complaints(3, cause_id=self.cause.id)
        self.assertFalse(self._bursts(cause_id=self.cause.id))
        self.env["customer.complaint"]._detect_bursts_in_history(chunk=2)
        bursts = self._bursts(cause_id=self.cause.id)
        self.assertEqual(len(bursts), 2)
        old_burst = bursts.filtered(lambda burst: burst.complaint_ids == old)
        new_burst = bursts - old_burst
        self.assertEqual(new_burst.complaint_ids, new)
        self.assertFalse(self._activities(old_burst))
        self.assertEqual(len(self._activities(new_burst)), 1)
        self.env["customer.complaint"]._detect_bursts_in_history()
        self.assertEqual(self._bursts(cause_id=self.cause.id), bursts)
        self.assertEqual(len(self._activities(new_burst)), 1)
