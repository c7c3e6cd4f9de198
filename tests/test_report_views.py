"""What the reports show a manager first (issue 26, point 9): counts as
integers, an analysis that opens with the count and fits the screen, average
scores with decimals, reaction and resolution in one unit."""

from datetime import datetime

from lxml import etree
from pytz import utc

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestReportViews(ComplaintCase):
    def _arch(self, model, view_type):
        views = self.env[model].with_user(self.manager).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"]), views["models"]

    def test_funnel_graph_counts_are_integers(self):
        """Odoo's graph formats the y-axis of a measure without widget as a
        float ("100.00"): the funnel's count measures say integer."""
        model = "customer.complaint.funnel.report"
        arch, models = self._arch(model, "graph")
        measures = arch.xpath("//field[@type='measure']")
        self.assertTrue(measures)
        fields = self.env[model].fields_get([m.get("name") for m in measures], ["type"])
        for measure in measures:
            name = measure.get("name")
            self.assertEqual(fields[name]["type"], "integer", name)
            self.assertEqual(measure.get("widget"), "integer", name)
        # The default measure (the last one) is the number that entered.
        self.assertEqual(measures[-1].get("name"), "entered_id")

    def test_analysis_pivot_opens_with_the_count(self):
        arch, _models = self._arch("customer.complaint.report", "pivot")
        self.assertEqual(arch.get("display_quantity"), "1")
        measures = arch.xpath("//field[@type='measure']/@name")
        self.assertLessEqual(len(measures), 2, measures)
        # The others stay in the Measures menu: numeric fields with an
        # aggregator.
        fields = self.env["customer.complaint.report"].fields_get(
            ["reaction_hours", "overdue_count", "compensation_amount"],
            ["aggregator", "type"],
        )
        for name, description in fields.items():
            self.assertTrue(description["aggregator"], name)

    def test_satisfaction_average_score_has_decimals(self):
        arch, _models = self._arch("customer.satisfaction.report", "pivot")
        score = arch.xpath("//field[@name='score'][@type='measure']")
        self.assertEqual(score[0].get("widget"), "float")
        partner = self.env["res.partner"].create({"name": "Scoring customer"})
        self.env["customer.review"].create(
            [{"partner_id": partner.id, "score": score} for score in (4, 5)]
        )
        self.env.flush_all()
        [(average,)] = self.env["customer.satisfaction.report"]._read_group(
            [("partner_id", "=", partner.id)], [], ["score:avg"]
        )
        self.assertEqual(average, 4.5)

    def test_reaction_and_resolution_in_working_hours(self):
        """Reaction in working hours of the company's calendar, as the
        deadlines and the hours to close: reacted to when closed, both are
        the same figure, in the complaint, the analysis and the causes
        report."""
        received = datetime(2025, 3, 7, 9, 0)  # a Friday
        closed_on = datetime(2025, 3, 10, 12, 0)  # the Monday after
        complaint = self.create_complaint(
            date_received=received,
            stage_id=self.stages["closed"].id,
            resolution="Refunded.",
            outcome="upheld",
            date_closed=closed_on,
        )
        calendar = complaint.company_id.resource_calendar_id
        working = calendar.get_work_hours_count(
            utc.localize(received), utc.localize(closed_on), compute_leaves=True
        )
        self.assertLess(working, 30)  # 75 calendar hours
        self.assertAlmostEqual(complaint.reaction_hours, working)
        self.assertAlmostEqual(complaint.reaction_hours, complaint.close_working_hours)
        self.env.flush_all()
        row = self.env["customer.complaint.report"].search(
            [("complaint_id", "=", complaint.id)]
        )
        self.assertAlmostEqual(row.reaction_hours, row.close_working_hours)
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create(
                {
                    "date_from": "2025-03-01",
                    "date_to": "2025-03-31",
                    "team_id": self.team.id,
                }
            )
        )
        data = wizard._get_report_data()
        self.assertAlmostEqual(data["reaction_avg"], working)
        self.assertAlmostEqual(data["close_avg"], working)
        html = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_html(
                "customer_complaint.action_report_causes_resolutions", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Working hours to react", html)
        self.assertNotIn("Hours to react", html)

    def test_demo_reactions_fit_their_deadlines(self):
        """The demo's complaints were reacted to within hours of reception:
        never after their closing, most within the Analysis deadline."""
        if not self.env.ref(
            "customer_complaint.complaint_history_01", raise_if_not_found=False
        ):
            self.skipTest("no demo data")
        demo = self.env["ir.model.data"].search(
            [
                ("module", "=", "customer_complaint"),
                ("model", "=", "customer.complaint"),
            ]
        )
        complaints = (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .browse(demo.mapped("res_id"))
            .filtered("date_first_reaction")
        )
        self.assertGreater(len(complaints), 40)
        deadline = self.env.ref("customer_complaint.sla_policy_analysis").working_hours
        on_time = complaints.filtered(lambda c: c.reaction_hours <= deadline)
        self.assertGreaterEqual(len(on_time) / len(complaints), 0.8)
        for complaint in complaints.filtered("date_closed"):
            self.assertLessEqual(complaint.date_first_reaction, complaint.date_closed)
