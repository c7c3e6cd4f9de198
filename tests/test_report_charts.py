import re
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase

REPORT = "customer_complaint.action_report_causes_resolutions"


@tagged("post_install", "-at_install", "customer_complaint")
class TestReportCharts(ComplaintCase):
    """The charts of the causes report for 7 complaints whose figures are
    known: 3 late deliveries, 2 defective products, 1 misinformation and 1
    without a cause, received over the three months of the period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.chart_team = cls.env["customer.complaint.team"].create(
            {"name": "Chart Team", "assignment_mode": "manual"}
        )
        today = fields.Date.context_today(cls.env.user)
        cls.months = [
            today.replace(day=1) - relativedelta(months=2),
            today.replace(day=1) - relativedelta(months=1),
        ]
        late = ref("customer_complaint.cause_late_delivery")
        defective = ref("customer_complaint.cause_defective_product")
        misinformed = ref("customer_complaint.cause_misinformation")
        first, second = (
            datetime.combine(month.replace(day=14), time(10)) for month in cls.months
        )
        rows = [
            (late, first),
            (late, first),
            (late, first),
            (defective, second),
            (defective, second),
            (misinformed, second),
            (cls.env["customer.complaint.cause"], False),
        ]
        cls.complaints = c = cls.env["customer.complaint"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "team_id": cls.chart_team.id,
                    "cause_id": cause.id,
                    **({"date_received": received} if received else {}),
                }
                for cause, received in rows
            ]
        )
        (c[0] | c[1] | c[3]).write(
            {
                "stage_id": cls.stages["closed"].id,
                "resolution": "Settled",
                "outcome": "upheld",
            }
        )
        c[0].write({"compensation_type": "discount", "compensation_amount": 50})
        cls.sofa = cls.env["product.product"].create({"name": "Chart Sofa"})
        c[:2].write({"specialist_id": cls.member.id, "product_id": cls.sofa.id})
        (c[2] | c[5]).write({"stage_id": cls.stages["analysis"].id})
        cls.not_justified = ref("customer_complaint.reject_reason_not_justified")
        c[4].action_reject(cls.not_justified)
        c[5].action_reject(cls.reason_duplicate)
        cls.env.flush_all()
        cr = cls.env.cr
        # The response targets and answers as history would have left them.
        cr.execute(
            "UPDATE customer_complaint SET acknowledgement_status = 'met', "
            "first_response_status = NULL, final_response_status = 'met' "
            "WHERE id IN %s",
            [tuple(c.ids)],
        )
        cr.execute(
            "UPDATE customer_complaint SET final_response_status = 'failed' "
            "WHERE id = %s",
            [c[1].id],
        )
        cr.execute(
            "UPDATE customer_complaint SET final_response_status = 'running' "
            "WHERE id IN %s",
            [(c[2].id, c[6].id)],
        )
        for complaint, score in ((c[0], 4), (c[1], 5)):
            cr.execute(
                "UPDATE customer_complaint SET satisfaction_state = 'answered', "
                "satisfaction_score = %s WHERE id = %s",
                [score, complaint.id],
            )
        cls.env.invalidate_all()
        cls.wizard = cls.env["customer.complaint.causes.report"].create(
            {
                "date_from": cls.months[0],
                "date_to": today,
                "team_id": cls.chart_team.id,
            }
        )

    def _html(self, wizard, lang=None):
        Report = self.env["ir.actions.report"]
        if lang:
            Report = Report.with_context(lang=lang)
        return Report._render_qweb_html(REPORT, wizard.ids)[0].decode()

    def _svg(self, html, css_class):
        match = re.search(rf'<svg[^>]*class="{css_class}".*?</svg>', html, re.S)
        self.assertTrue(match, css_class)
        return match.group(0)

    def _values(self, svg, css_class, attribute):
        """The attribute of the shapes of ``css_class``, in drawing order."""
        return [
            re.search(rf'{attribute}="([^"]*)"', shape).group(1)
            for shape in re.findall(rf'<\w+[^>]*class="{css_class}"[^>]*>', svg)
        ]

    def test_pareto_chart(self):
        svg = self._svg(self._html(self.wizard), "o_chart_pareto")
        # Sorted descending, one bar per cause, as high as its count (axis
        # top 4 over 190 px).
        self.assertEqual(
            self._values(svg, "o_pareto_bar", "data-count"), ["3", "2", "1"]
        )
        self.assertEqual(
            self._values(svg, "o_pareto_bar", "height"), ["142.5", "95.0", "47.5"]
        )
        # The vital few (up to the bar crossing 80 %) are darker.
        self.assertEqual(
            self._values(svg, "o_pareto_bar", "fill"),
            ["#2f5d8a", "#2f5d8a", "#8fb0d6"],
        )
        self.assertEqual(
            self._values(svg, "o_pareto_point", "data-cumulative"),
            ["50.0", "83.3", "100.0"],
        )
        [points] = self._values(svg, "o_pareto_line", "points")
        self.assertEqual(len(points.split()), 3)
        # The 80 % mark: 80 % of the 190 px plot above its bottom (204).
        self.assertEqual(self._values(svg, "o_pareto_80", "y1"), ["52.0"])
        self.assertIn("Late delivery", svg)

    def test_funnel_figures_add_up(self):
        data = self.wizard._get_report_data()
        figures = [
            (row["stage"], row["entered"], row["left"], row["still"], row["dropped"])
            for row in data["funnel"]
        ]
        self.assertEqual(
            figures,
            [
                ("New", 7, 5, 1, 1),
                ("Analysis", 5, 3, 1, 1),
                ("Corrective Action", 3, 3, 0, 0),
                ("Satisfaction Check", 3, 3, 0, 0),
                ("Closed", 3, 3, 0, 0),
            ],
        )
        for row in data["funnel"]:
            self.assertEqual(
                row["entered"], row["left"] + row["still"] + row["dropped"]
            )
        self.assertEqual(data["funnel"][0]["reasons"], [(self.not_justified.name, 1)])
        self.assertEqual(
            data["funnel"][1]["reasons"], [(self.reason_duplicate.name, 1)]
        )
        # The funnel view follows the same rules, and its totals count each
        # complaint once: entered = all, still there = open, dropped = rejected.
        Funnel = self.env["customer.complaint.funnel.report"]
        team = [("team_id", "=", self.chart_team.id)]
        measures = [
            "entered_id:count_distinct",
            "left_id:count_distinct",
            "still_count:sum",
            "rejected_count:sum",
        ]
        rows = Funnel._read_group(team, ["stage_id"], measures)
        self.assertEqual([(stage.name, *counts) for stage, *counts in rows], figures)
        [(entered, _left, still, dropped)] = Funnel._read_group(team, [], measures)
        self.assertEqual((entered, still, dropped), (7, 2, 2))
        for name in ("entered_id", "left_id", "complaint_count"):
            aggregator = Funnel._fields[name].aggregator
            self.assertNotEqual(aggregator, "sum", name)
        # Drawn as a funnel: per stage, left onwards, still there, dropped out.
        svg = self._svg(self._html(self.wizard), "o_chart_funnel")
        self.assertEqual(
            self._values(svg, "o_funnel_left", "data-count"), ["5", "3", "3", "3", "3"]
        )
        self.assertEqual(self._values(svg, "o_funnel_still", "data-count"), ["1", "1"])
        self.assertEqual(
            self._values(svg, "o_funnel_dropped", "data-count"), ["1", "1"]
        )
        # The first stage is the widest (480 px), the others in proportion.
        widths = [float(width) for width in self._values(svg, "o_funnel_left", "width")]
        self.assertAlmostEqual(widths[0], 480 * 5 / 7, places=0)

    def test_trend_and_deadline_charts(self):
        html = self._html(self.wizard)
        trend = self._svg(html, "o_chart_trend")
        months = self._values(trend, "o_trend_received", "data-month")
        self.assertEqual(len(months), 3)
        self.assertEqual(months[:2], [month.isoformat() for month in self.months])
        self.assertEqual(
            self._values(trend, "o_trend_received", "data-count"), ["3", "3", "1"]
        )
        # Resolved: closed without rejection in the month (today).
        self.assertEqual(
            self._values(trend, "o_trend_resolved", "data-count"), ["0", "0", "3"]
        )
        deadlines = self._svg(html, "o_chart_deadlines")
        self.assertEqual(
            self._values(deadlines, "o_deadline_met", "data-target"),
            ["acknowledgement", "final_response"],
        )
        self.assertEqual(
            self._values(deadlines, "o_deadline_met", "data-count"), ["7", "4"]
        )
        self.assertEqual(
            self._values(deadlines, "o_deadline_failed", "data-count"), ["1"]
        )
        self.assertEqual(
            self._values(deadlines, "o_deadline_running", "data-count"), ["2"]
        )
        # Real deadline compliance: 4 final responses met of 5 decided.
        self.assertRegex(html, r'class="o_final_response_met">80\.0 %<')
        self.assertIn("Resolved without escalation", html)
        self.assertNotIn("SLA compliance", html)

    def test_labels_translated_and_dashes(self):
        html = self._html(self.wizard)
        # Selection labels, never the raw keys.
        self.assertIn("<td>Objective</td>", html)
        self.assertIn("<td>Discount</td>", html)
        self.assertNotRegex(html, r">\s*(objective|subjective|discount)\s*<")
        self.assertRegex(html, r"Objective: <span>5</span>")
        self.assertRegex(html, r'class="o_satisfaction">4\.50 / 5 \(2 answers\)<')
        # The top products and specialists tables have headers.
        for table in ("o_top_products", "o_top_specialists"):
            self.assertRegex(
                html, rf'{table}">\s*<thead><tr><th>\w+</th><th class="o_num">'
            )
        self.assertRegex(html, r"<td>Chart Sofa</td><td[^>]*>2</td>")
        # In Russian: the selection labels and numbers of the language.
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations("ru_RU")
        russian = self._html(self.wizard, lang="ru_RU")
        self.assertIn("<td>Объективная</td>", russian)
        self.assertIn("<td>Скидка</td>", russian)
        self.assertRegex(russian, r'class="o_satisfaction">4,50 / 5')

    def test_dashes_without_data(self):
        # One answer: singular; no complaint at all: dashes, no empty row.
        complaint = self.create_complaint(team_id=self.other_team.id)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET satisfaction_state = 'answered', "
            "satisfaction_score = 3 WHERE id = %s",
            [complaint.id],
        )
        self.env.invalidate_all()
        one = self.wizard.copy({"team_id": self.other_team.id})
        self.assertRegex(
            self._html(one), r'class="o_satisfaction">3\.00 / 5 \(1 answer\)<'
        )
        empty_team = self.env["customer.complaint.team"].create(
            {"name": "Empty Team", "assignment_mode": "manual"}
        )
        empty = self.wizard.copy({"team_id": empty_team.id})
        html = self._html(empty)
        for css_class in (
            "o_satisfaction",
            "o_reaction",
            "o_close",
            "o_sla",
            "o_final_response_met",
            "o_conversion",
        ):
            self.assertRegex(html, rf'class="{css_class}">\s*—\s*<', css_class)
        self.assertNotIn("0 answers", html)
        self.assertNotIn("o_chart_pareto", html)
        self.assertNotIn("o_chart_funnel", html)
        self.assertNotRegex(html, r"<tr>\s*</tr>|<td>\s*</td>")

    def test_pdf_renders_the_charts(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        # wkhtmltopdf fetches the assets from the test server: see
        # test_reports.TestCausesReport.test_pdf_and_html.
        with self.allow_pdf_render():
            pdf, kind = Report._render_qweb_pdf(REPORT, self.wizard.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # More than the text: the charts' vector paths are in the page.
        self.assertGreater(len(pdf), 20000)
