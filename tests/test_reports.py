import base64
from datetime import datetime, timedelta

import lxml.html

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase

# Queries of the causes report's data for 50 or 200 complaints: measured 22
# (both runners), and 3 for the charts (deadline status, monthly trend); 33
# since the bursts the rules find in the create are listed (their causes,
# products and complaints); 35 with the demands and statutory deadlines
# (one grouped query, one read of the complaints past their deadline), one
# spare for the runners' difference.
REPORT_QUERIES = 36

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
            {
                "stage_id": cls.stages["closed"].id,
                "resolution": "Settled",
                "outcome": "upheld",
            }
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
            ["complaint_count:sum"],
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

    def test_funnel_matches_the_complaints(self):
        """For a filtered domain, per stage, the funnel view gives the
        figures computed from the complaints themselves, archived ones
        included: entered = those whose furthest stage is that stage or a
        later one, rejected = those rejected after reaching it and no further.
        Reception instants on both sides of the period's bounds: the view
        filters on the complaint's own instant."""
        elsewhere = self.env["customer.complaint.team"].create(
            {"name": "Funnel Elsewhere", "assignment_mode": "manual"}
        )
        team = self.report_team
        first, last = datetime(2026, 10, 1), datetime(2026, 10, 31, 23, 59, 59)
        before, after = first - timedelta(seconds=1), last + timedelta(seconds=1)
        middle = datetime(2026, 10, 20, 12)
        cases = [
            # received, team, furthest stage, rejected there, archived
            (first, team, "analysis", True, False),
            (last, team, "corrective_action", True, False),
            (last, team, "satisfaction_check", False, False),
            (middle, team, "new", True, False),
            (before, team, "closed", False, False),
            (after, team, "analysis", True, False),
            (middle, elsewhere, "closed", False, False),
            (middle, team, "closed", False, True),
        ]
        for received, case_team, stage, rejected, archived in cases:
            complaint = self.create_complaint(
                team_id=case_team.id, date_received=received
            )
            if stage != "new":
                complaint.write(
                    {
                        "stage_id": self.stages[stage].id,
                        "resolution": "Settled",
                        "outcome": "upheld",
                    }
                )
            if rejected:
                complaint.action_reject(self.reason_duplicate)
            if archived:
                complaint.active = False
        self.env.flush_all()
        domain = [
            ("date_received", ">=", first),
            ("date_received", "<", last + timedelta(seconds=1)),
            ("company_id", "=", self.company.id),
            ("team_id", "=", team.id),
        ]
        # Archived complaints count: the 20 of the class and 5 here.
        complaints = (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .search(domain)
        )
        self.assertEqual(len(complaints), 25)
        expected = self._expected_funnel(complaints)
        Funnel = self.env["customer.complaint.funnel.report"]
        funnel = Funnel._read_group(
            domain, ["stage_id"], ["complaint_count:sum", "rejected_count:sum"]
        )
        self.assertEqual(
            {stage: (count, rejected) for stage, count, rejected in funnel},
            expected,
        )
        self.assertEqual(
            [(stage.name, *figures) for stage, figures in expected.items()],
            [
                ("New", 25, 3),
                ("Analysis", 16, 3),
                ("Corrective Action", 13, 1),
                ("Satisfaction Check", 12, 0),
                ("Closed", 11, 0),
            ],
        )
        # "Exclude archived" leaves out the archived one, and only it.
        active_funnel = Funnel._read_group(
            domain + [("is_archived", "=", False)],
            ["stage_id"],
            ["complaint_count:sum", "rejected_count:sum"],
        )
        self.assertEqual(
            {stage: (count, rejected) for stage, count, rejected in active_funnel},
            self._expected_funnel(complaints.filtered("active")),
        )
        # The report's period is in the user's timezone: in UTC, its dates
        # are the same bounds.
        data = self.wizard.with_context(tz="UTC")._get_report_data()
        self.assertEqual(
            [(row["stage"], row["entered"], row["rejected"]) for row in data["funnel"]],
            [(stage.name, *figures) for stage, figures in expected.items()],
        )
        # In the user's own timezone (Brussels), the report's funnel counts
        # the complaints of its own period: all of them entered the first stage.
        data = self.wizard._get_report_data()
        self.assertEqual(data["funnel"][0]["entered"], data["total"])
        # The view and the report count the same complaints in any timezone.
        for tz in ("UTC", "Europe/Brussels", "Asia/Tokyo", "America/Los_Angeles"):
            wizard = self.wizard.with_context(tz=tz)
            rows = Funnel.with_context(tz=tz)._read_group(
                wizard._domain(),
                ["stage_id"],
                ["complaint_count:sum", "rejected_count:sum"],
            )
            self.assertEqual(
                [(stage.name, count, rejected) for stage, count, rejected in rows],
                [
                    (row["stage"], row["entered"], row["rejected"])
                    for row in wizard._get_report_data()["funnel"]
                ],
                tz,
            )

    def _expected_funnel(self, complaints):
        """{stage: (entered, rejected there)} computed from the complaints."""
        expected = {}
        for stage in self.env["customer.complaint.stage"].search(
            [("requires_reason", "=", False), ("is_waiting", "=", False)]
        ):
            entered = complaints.filtered(
                lambda c, stage=stage: c.furthest_stage_id.sequence >= stage.sequence
            )
            rejected_here = entered.filtered(
                lambda c, stage=stage: c.furthest_stage_id == stage
                and c.reject_reason_id
            )
            if entered:
                expected[stage] = (len(entered), len(rejected_here))
        return expected

    def _funnel_by_team(self, teams):
        """(funnel view, figures from the complaints) per team and stage."""
        self.env.flush_all()
        view = {
            (team, stage): (count, rejected)
            for team, stage, count, rejected in self.env[
                "customer.complaint.funnel.report"
            ]._read_group(
                [("team_id", "in", teams.ids)],
                ["team_id", "stage_id"],
                ["complaint_count:sum", "rejected_count:sum"],
            )
        }
        complaints = (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .search([("team_id", "in", teams.ids)])
        )
        stages = self.env["customer.complaint.stage"].search(
            [("requires_reason", "=", False), ("is_waiting", "=", False)]
        )
        expected = {}
        for team in teams:
            for stage in stages:
                entered = complaints.filtered(
                    lambda c, team=team, stage=stage: c.team_id == team
                    and c.furthest_stage_id.sequence >= stage.sequence
                )
                if entered:
                    rejected = entered.filtered(
                        lambda c, stage=stage: c.furthest_stage_id == stage
                        and c.reject_reason_id
                    )
                    expected[team, stage] = (len(entered), len(rejected))
        return view, expected

    def test_funnel_follows_every_change(self):
        """The funnel view reads the complaints themselves: it matches them
        right after each kind of change, archiving and restoring included,
        with nothing to merge or refresh."""
        teams = self.report_team | self.env["customer.complaint.team"].create(
            {"name": "Funnel Moves", "assignment_mode": "manual"}
        )
        complaints = self.env["customer.complaint"].create(
            [
                {"partner_id": self.customer.id, "team_id": teams[1].id}
                for _index in range(6)
            ]
        )
        changes = [
            lambda: complaints[4].write({"date_received": datetime(2025, 1, 1)}),
            lambda: complaints[:3].write({"stage_id": self.stages["analysis"].id}),
            lambda: complaints[0].action_reject(self.reason_duplicate),
            lambda: complaints[1].write({"team_id": teams[0].id}),
            lambda: complaints[2].write({"active": False}),
            lambda: complaints[2].write({"active": True}),
            lambda: complaints[3:].write(
                {
                    "stage_id": self.stages["closed"].id,
                    "resolution": "Settled",
                    "outcome": "upheld",
                }
            ),
            lambda: complaints[3:].write({"active": False}),
        ]
        for change in changes:
            change()
            view, expected = self._funnel_by_team(teams)
            self.assertEqual(view, expected)
        # Archived complaints are still in the funnel, on their own rows.
        archived = self.env["customer.complaint.funnel.report"]._read_group(
            [("team_id", "=", teams[1].id), ("is_archived", "=", True)],
            ["stage_id"],
            ["complaint_count:sum"],
        )
        self.assertEqual(
            {stage.name: count for stage, count in archived},
            {
                "New": 3,
                "Analysis": 3,
                "Corrective Action": 3,
                "Satisfaction Check": 3,
                "Closed": 3,
            },
        )

    def test_funnel_is_a_plain_view(self):
        """No count table, trigger function, trigger or merge cron."""
        self.env.cr.execute(
            """
            SELECT to_regclass('customer_complaint_funnel_count'),
                   to_regprocedure('customer_complaint_funnel_count_apply()'),
                   (SELECT count(*) FROM pg_trigger
                     WHERE tgname LIKE 'customer_complaint_funnel%%'),
                   (SELECT relkind FROM pg_class
                     WHERE relname = 'customer_complaint_funnel_report')
            """
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, 0, "v"))
        self.assertFalse(
            self.env.ref(
                "customer_complaint.ir_cron_merge_funnel_counts",
                raise_if_not_found=False,
            )
        )
        for model in (
            "customer.complaint.report",
            "customer.complaint.funnel.report",
            "customer.satisfaction.report",
        ):
            # The ORM would hide the archived complaints' rows.
            self.assertNotIn("active", self.env[model], model)

    def test_archived_complaints_stay_in_the_reports(self):
        """Archiving is not deleting: archived complaints keep counting in
        the analysis, the funnel, the satisfaction report and the causes
        report, each of which can leave them out on request."""
        archived = self.resolved[:3] | self.rejected[:1]
        team = [("team_id", "=", self.report_team.id)]
        Analysis = self.env["customer.complaint.report"]
        Funnel = self.env["customer.complaint.funnel.report"]
        funnel_total = [
            ("stage_id", "=", self.stages["new"].id),
            ("company_id", "=", self.company.id),
        ]
        before = (
            Analysis.search_count(team),
            Analysis._read_group(team, [], ["compensation_amount:sum"])[0][0],
            Funnel._read_group(team + funnel_total, [], ["complaint_count:sum"]),
            self.wizard._get_report_data(),
        )
        archived.write({"active": False})
        self.env.flush_all()
        after = (
            Analysis.search_count(team),
            Analysis._read_group(team, [], ["compensation_amount:sum"])[0][0],
            Funnel._read_group(team + funnel_total, [], ["complaint_count:sum"]),
            self.wizard._get_report_data(),
        )
        self.assertEqual(before, after)
        self.assertEqual(after[0], 20)
        self.assertEqual(
            Analysis.search(team + [("is_archived", "=", True)]).complaint_id,
            archived,
        )
        # The search views' "Exclude archived" filter leaves them out.
        for model in (Analysis, Funnel, self.env["customer.satisfaction.report"]):
            arch = model.get_view(view_type="search")["arch"]
            self.assertIn('name="exclude_archived"', arch, model._name)
        active = [("is_archived", "=", False)]
        self.assertEqual(Analysis.search_count(team + active), 16)
        self.assertEqual(
            Analysis._read_group(team + active, [], ["compensation_amount:sum"]),
            [(75.0,)],  # the 2 discounts; the 3 refunds are archived
        )
        self.assertEqual(
            Funnel._read_group(
                team + funnel_total + active, [], ["complaint_count:sum"]
            ),
            [(16,)],
        )
        # The causes report: an option leaves them out.
        wizard = self.wizard.copy({"exclude_archived": True})
        data = wizard._get_report_data()
        self.assertEqual(
            (data["total"], data["closed"], data["rejected"], data["open"]),
            (16, 7, 3, 6),
        )
        self.assertAlmostEqual(data["compensation_total"], 75.0)
        self.assertEqual(data["funnel"][0]["entered"], 16)
        # Restored, they are counted as before by every figure.
        archived.write({"active": True})
        self.env.flush_all()
        self.assertEqual(Analysis.search_count(team + active), 20)
        self.assertEqual(wizard._get_report_data()["total"], 20)

    def test_satisfaction_counts_archived_complaints(self):
        """The review that opened a complaint and the NPS answer about it
        still count once the complaint is archived."""
        partner = self.env["res.partner"].create({"name": "Archived voice"})
        reviews = self.env["customer.review"].create(
            [{"partner_id": partner.id, "score": score} for score in (1, 5)]
        )
        self.env.cr.flush()  # the automation rules run (as at commit)
        complaint = reviews[0].complaint_id
        self.assertTrue(complaint)  # the low review opened a complaint
        survey = self.env.ref("customer_complaint.survey_customer_satisfaction")
        nps = self.env.ref("customer_complaint.survey_customer_satisfaction_q_nps")
        answer = survey._create_answer(partner=partner, check_attempts=False)
        answer._save_lines(nps, "10")
        answer._mark_done()
        answer.complaint_id = complaint
        complaint.write({"active": False})
        self.env.flush_all()
        Satisfaction = self.env["customer.satisfaction.report"]
        domain = [("partner_id", "=", partner.id)]
        self.assertEqual(Satisfaction.search_count(domain), 3)
        archived = Satisfaction.search(domain + [("is_archived", "=", True)])
        self.assertEqual(sorted(archived.mapped("source")), ["nps", "review"])
        self.assertEqual(
            Satisfaction.search_count(domain + [("is_archived", "=", False)]), 1
        )

    def test_causes_report_keeps_to_the_allowed_companies(self):
        """The funnel view has no record rules: the report applies the
        complaints' multi-company rule itself."""
        branch = self.env["res.company"].create({"name": "Funnel Branch"})
        self.env["customer.complaint"].with_company(branch).create(
            {
                "partner_id": self.customer.id,
                "company_id": branch.id,
                "date_received": datetime(2026, 10, 15, 9, 0),
            }
        )
        self.env.flush_all()
        manager = self.wizard.with_user(self.manager).with_context(
            allowed_company_ids=self.company.ids
        )
        with self.assertRaises(AccessError):
            manager.copy({"company_id": branch.id, "team_id": False})
        # Created for a company the user works in, printed in another one.
        self.manager.company_ids |= branch
        wizard = manager.with_context(allowed_company_ids=branch.ids).copy(
            {"company_id": branch.id, "team_id": False}
        )
        self.assertEqual(wizard._get_report_data()["total"], 1)
        with self.assertRaises(AccessError):
            wizard.with_context(allowed_company_ids=self.company.ids)._get_report_data()

    def test_pdf_and_html(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        report = "customer_complaint.action_report_causes_resolutions"
        html = Report._render_qweb_html(report, self.wizard.ids)[0].decode()
        self.assertIn("18.1", html)
        self.assertIn("42.1 %", html)
        self.assertIn("80.0 %", html)
        # wkhtmltopdf fetches the assets from the test server, whose requests
        # wait for the registry that Odoo's runner holds during the tests:
        # allow_pdf_render serves them in the test's cursor (as HttpCase does).
        with self.allow_pdf_render():
            pdf, kind = Report._render_qweb_pdf(report, self.wizard.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_printed_from_the_wizard_values(self):
        """The print button gives the wizard's values, not its row (a
        replica may not have it yet): the printed figures are those of
        ``_get_report_data`` for the same values, as printed from the row."""
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
        )
        report = "customer_complaint.action_report_causes_resolutions"
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create(self.wizard._print_values())
        )
        data = wizard._get_report_data()
        handling = data["handling"]
        expected = {
            "o_total": wizard._fmt(data["total"]),
            "o_closed": wizard._fmt(data["closed"]),
            "o_rejected": wizard._fmt(data["rejected"]),
            "o_open": wizard._fmt(data["open"]),
            "o_conversion": wizard._percent(data["conversion"]),
            "o_reaction": "%s / %s"
            % (
                wizard._fmt(data["reaction_avg"], 1),
                wizard._fmt(data["reaction_p90"], 1),
            ),
            "o_close": "%s / %s"
            % (wizard._fmt(data["close_avg"], 1), wizard._fmt(data["close_p90"], 1)),
            "o_sla": wizard._percent(data["sla_compliance"]),
            "o_final_response_met": wizard._percent(data["final_response_met"]),
            "o_satisfaction": data["satisfaction_label"],
            "o_within_3_days": wizard._fmt(handling["within_3_days"]),
            "o_upheld": "%s (%s / %s)"
            % (
                wizard._percent(handling["upheld_share"]),
                wizard._fmt(handling["upheld"]),
                wizard._fmt(handling["decided"]),
            ),
            "o_open_at_end": wizard._fmt(handling["open_at_end"]),
        }
        from_row = Report._render_qweb_html(report, wizard.ids)[0]
        action = wizard.action_print()
        wizard.unlink()
        html = Report._render_qweb_html(report, None, data=action["data"])[0]
        page = lxml.html.fromstring(html).find_class("page")[0]
        printed = {
            key: " ".join(page.find_class(key)[0].text_content().split())
            for key in expected
        }
        self.assertEqual(printed, expected)
        self.assertEqual(
            lxml.html.tostring(page),
            lxml.html.tostring(lxml.html.fromstring(from_row).find_class("page")[0]),
        )
        with self.allow_pdf_render():
            pdf, kind = Report._render_qweb_pdf(report, None, data=action["data"])
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_printing_from_values_is_for_managers(self):
        """Values need no row, whose access rights kept the report to the
        managers: the report checks them itself."""
        data = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create(self.wizard._print_values())
            .action_print()["data"]
        )
        Report = self.env["ir.actions.report"].with_user(self.member)
        with self.assertRaises(AccessError):
            Report._render_qweb_html(
                "customer_complaint.action_report_causes_resolutions", None, data=data
            )

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
        with self.allow_pdf_render():
            pdf, _kind = Report._render_qweb_pdf(report, complaint.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def _bulk_wizard(self, count):
        """The causes report of a team with ``count`` complaints."""
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
        return self.wizard.copy({"team_id": team.id})

    def test_query_count_does_not_depend_on_volume(self):
        """The same queries for 50 and 200 complaints: a query per complaint
        would add 150 (both stay under Odoo's prefetch of 1,000 records, as
        500 did)."""
        self._bulk_wizard(5)._get_report_data()  # caches warm
        for count in (50, 200):
            wizard = self._bulk_wizard(count)
            with self.assertQueryCount(REPORT_QUERIES):
                self.env.invalidate_all()
                data = wizard._get_report_data()
            self.assertEqual(data["total"], count)


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
