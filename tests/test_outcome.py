from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestOutcome(ComplaintCase):
    """A complaint closes or is rejected with an outcome: upheld, partly
    upheld or not upheld; partly counts as upheld."""

    def _close(self, complaint, **values):
        complaint.with_user(self.member).write(
            {"stage_id": self.stages["closed"].id, "resolution": "Settled", **values}
        )

    def test_closing_requires_an_outcome(self):
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            self._close(complaint)
        # Nothing written: still open, not closed on any date.
        self.assertEqual(complaint.stage_id, self.stages["new"])
        self.assertFalse(complaint.date_closed)
        self.assertFalse(complaint.outcome)

    def test_closing_with_each_outcome(self):
        for outcome, upheld in (
            ("upheld", True),
            ("partly_upheld", True),
            ("not_upheld", False),
        ):
            with self.subTest(outcome=outcome):
                complaint = self.create_complaint()
                self._close(complaint, outcome=outcome)
                self.assertTrue(complaint.is_closed)
                self.assertEqual(complaint.outcome, outcome)
                self.assertEqual(complaint.is_upheld, upheld)

    def test_closing_takes_the_analysis_conclusion(self):
        justified, unjustified = self.create_complaint(), self.create_complaint()
        justified.is_justified = "yes"
        unjustified.is_justified = "no"
        self._close(justified | unjustified)
        self.assertEqual(justified.outcome, "upheld")
        self.assertEqual(unjustified.outcome, "not_upheld")

    def test_a_given_outcome_wins_over_the_analysis(self):
        complaint = self.create_complaint()
        complaint.is_justified = "yes"
        self._close(complaint, outcome="partly_upheld")
        self.assertEqual(complaint.outcome, "partly_upheld")

    def test_rejection_is_not_upheld_unless_decided(self):
        rejected, partly = self.create_complaint(), self.create_complaint()
        partly.outcome = "partly_upheld"
        (rejected | partly).with_user(self.member).action_reject(self.reason_duplicate)
        self.assertEqual(rejected.outcome, "not_upheld")
        self.assertEqual(partly.outcome, "partly_upheld")

    def test_reopening_clears_the_outcome(self):
        complaint = self.create_complaint()
        self._close(complaint, outcome="upheld")
        complaint.with_user(self.manager).action_reopen("The customer called back")
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.outcome)
        self.assertFalse(complaint.is_upheld)
        self.assertFalse(complaint.handling_time_band)

    def test_figures_are_kept_by_the_application(self):
        complaint = self.create_complaint()
        for fname, value in (("is_upheld", True), ("handling_time_band", "3_days")):
            with self.subTest(field=fname), self.assertRaises(UserError):
                complaint.with_user(self.member).write({fname: value})

    def test_handling_time_band(self):
        now = fields.Datetime.now()
        expected = {
            timedelta(hours=1): "3_days",
            timedelta(days=20): "4_weeks",
            timedelta(days=40): "8_weeks",
            timedelta(days=70): "over_8_weeks",
        }
        complaints = self.env["customer.complaint"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": now - age,
                }
                for age in expected
            ]
        )
        self._close(complaints, outcome="upheld")
        self.assertEqual(
            complaints.mapped("handling_time_band"), list(expected.values())
        )

    def test_analysis_counts_upheld(self):
        upheld, partly, not_upheld = (self.create_complaint() for _i in range(3))
        self._close(upheld, outcome="upheld")
        self._close(partly, outcome="partly_upheld")
        self._close(not_upheld, outcome="not_upheld")
        self.env.flush_all()
        Report = self.env["customer.complaint.report"].with_user(self.manager)
        rows = Report._read_group(
            [("complaint_id", "in", (upheld | partly | not_upheld).ids)],
            ["outcome"],
            ["upheld_count:sum", "__count"],
        )
        self.assertEqual(
            sorted(rows),
            sorted([("not_upheld", 0, 1), ("partly_upheld", 1, 1), ("upheld", 1, 1)]),
        )

    def test_sheet_prints_the_outcome(self):
        complaint = self.create_complaint()
        self._close(complaint, outcome="partly_upheld")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_complaint.action_report_complaint_sheet", complaint.ids
            )[0]
            .decode()
        )
        self.assertIn("Partly Upheld", html)

    def test_funnel_counts_upheld_where_they_ended(self):
        team = self.env["customer.complaint.team"].create(
            {
                "name": "Funnel Outcome Team",
                "assignment_mode": "manual",
                "member_ids": [self.member.id],
            }
        )
        upheld, partly, not_upheld = (
            self.create_complaint(team_id=team.id) for _i in range(3)
        )
        self._close(upheld, outcome="upheld")
        self._close(partly, outcome="partly_upheld")
        self._close(not_upheld, outcome="not_upheld")
        self.env.flush_all()
        rows = (
            self.env["customer.complaint.funnel.report"]
            .with_user(self.manager)
            ._read_group(
                [("team_id", "=", team.id)],
                ["stage_id"],
                ["complaint_count:sum", "upheld_count:sum"],
            )
        )
        counts = {stage: (entered, upheld) for stage, entered, upheld in rows}
        self.assertEqual(counts[self.stages["new"]], (3, 0))
        self.assertEqual(counts[self.stages["closed"]], (3, 2))
