import base64
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import ComplaintCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install", "customer_complaint")
class TestCausesReport(ComplaintCase):
    """20 complaints with known causes, times and outcomes, and the figures
    computed by hand from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.report_team = cls.env["customer.complaint.team"].create(
            {"name": "Report Team", "assignment_mode": "manual"}
        )
        late = ref("customer_complaint.cause_late_delivery")
        defective = ref("customer_complaint.cause_defective_product")
        misinformed = ref("customer_complaint.cause_misinformation")
        expectations = ref("customer_complaint.cause_expectations")
        causes = [late] * 8 + [defective] * 5 + [misinformed] * 4 + [expectations] * 2
        causes.append(cls.env["customer.complaint.cause"])
        cls.sofa, cls.lamp = cls.env["product.product"].create(
            [{"name": "Sofa"}, {"name": "Lamp"}]
        )
        products = [cls.sofa] * 7 + [cls.lamp] * 3 + [cls.env["product.product"]] * 10
        received = datetime(2026, 10, 15, 9, 0)
        cls.complaints = cls.env["customer.complaint"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "team_id": cls.report_team.id,
                    "date_received": received,
                    "cause_id": cause.id,
                    "product_id": product.id,
                    "specialist_id": cls.member.id if index < 6 else False,
                }
                for index, (cause, product) in enumerate(
                    zip(causes, products, strict=True)
                )
            ]
        )
        c = cls.complaints
        cls.resolved, cls.rejected, cls.open = c[:10], c[10:14], c[14:]
        cls.resolved.write(
            {"stage_id": cls.stages["closed"].id, "resolution": "Settled"}
        )
        c[12:14].stage_id = cls.stages["analysis"]
        cls.rejected.action_reject(cls.reason_duplicate)
        for complaint, (ctype, amount) in zip(
            cls.resolved[:5],
            [
                ("refund", 100),
                ("refund", 100),
                ("refund", 100),
                ("discount", 50),
                ("discount", 25),
            ],
            strict=True,
        ):
            complaint.write({"compensation_type": ctype, "compensation_amount": amount})
        cls.env.flush_all()
        cr = cls.env.cr
        # Exact times and outcomes, as history would have left them.
        for hours, complaint in enumerate(c, start=1):
            cr.execute(
                "UPDATE customer_complaint SET date_first_reaction = %s, "
                "reaction_hours = %s WHERE id = %s",
                [received + timedelta(hours=hours), hours, complaint.id],
            )
        for index, complaint in enumerate(cls.resolved, start=1):
            cr.execute(
                "UPDATE customer_complaint SET close_working_hours = %s WHERE id = %s",
                [index * 10, complaint.id],
            )
        cr.execute(
            "UPDATE customer_complaint SET escalation_level = '1' WHERE id IN %s",
            [tuple(cls.resolved[:2].ids)],
        )
        for complaint, score in zip(cls.resolved[:5], [5, 4, 4, 2, 5], strict=True):
            cr.execute(
                "UPDATE customer_complaint SET satisfaction_state = 'answered', "
                "satisfaction_score = %s WHERE id = %s",
                [score, complaint.id],
            )
        cls.env.invalidate_all()
        cls.wizard = cls.env["customer.complaint.causes.report"].create(
            {
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
                "team_id": cls.report_team.id,
            }
        )

    def test_figures_match_hand_computed_values(self):
        data = self.wizard._get_report_data()
        self.assertEqual(
            (data["total"], data["closed"], data["rejected"], data["open"]),
            (20, 10, 4, 6),
        )
        self.assertAlmostEqual(data["conversion"], 0.5)
        self.assertAlmostEqual(data["reaction_avg"], 10.5)  # mean of 1..20
        self.assertAlmostEqual(data["reaction_p90"], 18.1)  # 18 + 0.1 * (19 - 18)
        self.assertAlmostEqual(data["close_avg"], 55.0)  # mean of 10..100
        self.assertAlmostEqual(data["close_p90"], 91.0)  # 90 + 0.1 * (100 - 90)
        self.assertAlmostEqual(data["sla_compliance"], 0.8)  # 8 of 10 not escalated
        self.assertAlmostEqual(data["satisfaction_avg"], 4.0)
        self.assertEqual(data["satisfaction_count"], 5)
        self.assertAlmostEqual(data["compensation_total"], 375.0)
        pareto = [
            (
                row["count"],
                round(row["share"] * 100, 1),
                round(row["cumulative"] * 100, 1),
            )
            for row in data["causes"]
        ]
        self.assertEqual(
            pareto,
            [(8, 42.1, 42.1), (5, 26.3, 68.4), (4, 21.1, 89.5), (2, 10.5, 100.0)],
        )
        self.assertEqual(data["cause_kinds"], {"objective": 13, "subjective": 6})
        self.assertEqual(
            {
                row["type"]: (row["count"], row["amount"])
                for row in data["compensations"]
            },
            {"refund": (3, 300.0), "discount": (2, 75.0)},
        )
        self.assertEqual(data["top_products"], [("Sofa", 7), ("Lamp", 3)])
        self.assertEqual(data["top_specialists"], [(self.member.name, 6)])
        funnel = [
            (row["stage"], row["entered"], row["rejected"]) for row in data["funnel"]
        ]
        self.assertEqual(
            funnel,
            [
                ("New", 20, 2),
                ("Analysis", 12, 2),
                ("Corrective Action", 10, 0),
                ("Satisfaction Check", 10, 0),
                ("Closed", 10, 0),
            ],
        )

    def test_funnel_and_analysis_views(self):
        Funnel = self.env["customer.complaint.funnel.report"]
        rows = Funnel._read_group(
            [("team_id", "=", self.report_team.id)],
            ["stage_id", "reject_reason_id"],
            ["__count"],
        )
        self.assertIn((self.stages["analysis"], self.reason_duplicate, 2), rows)
        Analysis = self.env["customer.complaint.report"]
        [(overdue, compensation)] = Analysis._read_group(
            [("team_id", "=", self.report_team.id)],
            [],
            ["overdue_count:sum", "compensation_amount:sum"],
        )
        self.assertEqual(compensation, 375.0)
        self.assertEqual(overdue, len(self.open.filtered("is_overdue")))

    def test_pdf_and_html(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        report = "customer_complaint.action_report_causes_resolutions"
        html = Report._render_qweb_html(report, self.wizard.ids)[0].decode()
        self.assertIn("18.1", html)
        self.assertIn("42.1 %", html)
        self.assertIn("80.0 %", html)
        pdf, kind = Report._render_qweb_pdf(report, self.wizard.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_complaint_sheet_pdf(self):
        complaint = self.resolved[0]
        self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": PNG,
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        report = "customer_complaint.action_report_complaint_sheet"
        html = Report._render_qweb_html(report, complaint.ids)[0].decode()
        self.assertIn(complaint.name, html)
        self.assertIn("data:image/png;base64", html)
        pdf, _kind = Report._render_qweb_pdf(report, complaint.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def _report_queries(self, count):
        team = self.env["customer.complaint.team"].create(
            {"name": f"Bulk {count}", "assignment_mode": "manual"}
        )
        causes = self.complaints.cause_id
        self.env["customer.complaint"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "team_id": team.id,
                    "date_received": datetime(2026, 10, 10),
                    "cause_id": causes[index % len(causes)].id,
                    "product_id": (self.sofa | self.lamp)[index % 2].id,
                }
                for index in range(count)
            ]
        )
        wizard = self.wizard.copy({"team_id": team.id})
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        data = wizard._get_report_data()
        self.assertEqual(data["total"], count)
        return self.cr.sql_log_count - start

    def test_query_count_does_not_depend_on_volume(self):
        self._report_queries(5)  # warm the caches
        self.assertEqual(self._report_queries(50), self._report_queries(500))


@tagged("post_install", "-at_install", "customer_complaint")
class TestSatisfactionReport(ComplaintCase):
    def test_csat_and_nps(self):
        partner = self.env["res.partner"].create({"name": "Measured customer"})
        self.env["customer.review"].create(
            [{"partner_id": partner.id, "score": score} for score in (5, 4, 2, 1)]
        )
        survey = self.env.ref("customer_complaint.survey_customer_satisfaction")
        nps = self.env.ref("customer_complaint.survey_customer_satisfaction_q_nps")
        for value in ("10", "8", "3"):
            answer = survey._create_answer(partner=partner, check_attempts=False)
            answer._save_lines(nps, value)
            answer._mark_done()
        self.env.flush_all()
        [(csat, nps_score, score, count)] = self.env[
            "customer.satisfaction.report"
        ]._read_group(
            [("partner_id", "=", partner.id)],
            [],
            ["csat:avg", "nps:avg", "score:avg", "__count"],
        )
        self.assertEqual(count, 7)
        self.assertAlmostEqual(csat, 50.0)  # 2 of 4 reviews scored 4-5
        self.assertAlmostEqual(nps_score, 0.0)  # 1 promoter - 1 detractor of 3
        self.assertAlmostEqual(score, 3.0)
