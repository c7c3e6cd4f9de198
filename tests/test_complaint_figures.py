from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestComplaintFigures(ComplaintCase):
    """The causes report's complaint-handling figures, as regulators count
    them, from complaints whose times and outcomes are known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.figures_team = cls.env["customer.complaint.team"].create(
            {"name": "Figures Team", "assignment_mode": "manual"}
        )
        now = fields.Datetime.now()
        ages = [timedelta(hours=1), timedelta(days=20), timedelta(days=40)]
        ages += [timedelta(days=70), timedelta(days=10), timedelta(days=5)]
        ages.append(timedelta(days=200))
        cls.complaints = cls.env["customer.complaint"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "team_id": cls.figures_team.id,
                    "date_received": now - age,
                }
                for age in ages
            ]
        )
        c = cls.complaints
        closing = {"stage_id": cls.stages["closed"].id, "resolution": "Settled"}
        for complaint, outcome, amount in (
            (c[0], "upheld", 100),
            (c[1], "partly_upheld", 50),
            (c[2], "not_upheld", 30),
            (c[3], "upheld", 0),
        ):
            complaint.write(
                {
                    **closing,
                    "outcome": outcome,
                    "compensation_type": "refund" if amount else "none",
                    "compensation_amount": amount,
                }
            )
        c[4].action_reject(cls.reason_duplicate)
        cls.wizard = cls.env["customer.complaint.causes.report"].create(
            {
                # The period ends today in the user's timezone (the default).
                "date_from": fields.Date.today() - timedelta(days=100),
                "team_id": cls.figures_team.id,
            }
        )

    def test_handling_figures(self):
        data = self.wizard._get_report_data()
        self.assertEqual(data["total"], 6)
        self.assertEqual(
            data["handling"],
            {
                "within_3_days": 1,
                "within_4_weeks": 2,
                "within_8_weeks": 1,
                "over_8_weeks": 1,
                "decided": 5,
                "outcome_not_recorded": 0,
                "upheld": 3,
                "upheld_share": 0.6,
                "redress_paid": 150,
                # The open one of the period and the one received before it.
                "open_at_end": 2,
            },
        )

    def test_period_end_counts_what_was_open_then(self):
        wizard = self.wizard.copy({"date_to": self.wizard.date_to - timedelta(days=50)})
        # 50 days ago: the 70-day and the 200-day complaints were open.
        data = wizard._get_report_data()
        self.assertEqual(data["handling"]["open_at_end"], 2)

    def test_no_decision_prints_a_dash(self):
        wizard = self.wizard.copy({"team_id": self.other_team.id})
        data = wizard._get_report_data()
        self.assertIsNone(data["handling"]["upheld_share"])
        html = self.render_causes_report(wizard)
        self.assertIn("Complaint handling figures", html)
        self.assertRegex(html, r'class="o_upheld">\s*—')

    def test_pdf_prints_the_figures(self):
        html = self.render_causes_report(self.wizard)
        self.assertRegex(html, r'class="o_within_3_days">1<')
        self.assertRegex(html, r"60\.0 % \(3 / 5\)")
