from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ComplaintCase

REPORTS = (
    "customer.complaint.report",
    "customer.complaint.funnel.report",
    "customer.satisfaction.report",
)
# A period of no demo complaint.
RECEIVED = datetime(2020, 3, 16, 9, 0)
PERIOD = {"date_from": "2020-03-01", "date_to": "2020-03-31"}


class CompaniesCase(ComplaintCase):
    """Two companies with complaints, reviews and NPS answers each, and a
    complaint manager of company A only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.create_company("Company B")
        cls.manager_a = cls.create_company_manager(
            cls.company_a, "cc_manager_a", name="Manager of A"
        )
        cls.product_a, cls.product_b = cls.env["product.product"].create(
            [{"name": "Widget of A"}, {"name": "Widget of B"}]
        )
        cls.cause_b = cls.env["customer.complaint.cause"].create(
            {"name": "Cause only B has"}
        )
        cls.team_b = cls.env["customer.complaint.team"].create(
            {"name": "Team of B", "company_id": cls.company_b.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Customer of B", "company_id": cls.company_b.id}
        )
        cls.complaint_a = cls.create_complaint(
            date_received=RECEIVED, product_id=cls.product_a.id
        )
        cls.complaint_b = (
            cls.env["customer.complaint"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "company_id": cls.company_b.id,
                    "team_id": cls.team_b.id,
                    "date_received": RECEIVED,
                    "product_id": cls.product_b.id,
                    "cause_id": cls.cause_b.id,
                    "description": "<p>Complaint of company B.</p>",
                }
            )
        )
        # An archived complaint of B: archived rows are isolated too.
        cls.archived_b = (
            cls.env["customer.complaint"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "company_id": cls.company_b.id,
                    "team_id": cls.team_b.id,
                    "date_received": RECEIVED,
                }
            )
        )
        cls.archived_b.write({"active": False})
        cls.env["customer.review"].create(
            [
                {"partner_id": cls.customer.id, "score": 5},
                {
                    "partner_id": cls.customer_b.id,
                    "score": 5,
                    "company_id": cls.company_b.id,
                    "team_id": cls.team_b.id,
                },
            ]
        )
        survey = cls.env.ref("customer_complaint.survey_customer_satisfaction")
        nps = cls.env.ref("customer_complaint.survey_customer_satisfaction_q_nps")
        for partner, complaint in (
            (cls.customer, cls.complaint_a),
            (cls.customer_b, cls.complaint_b),
        ):
            answer = survey._create_answer(partner=partner, check_attempts=False)
            answer._save_lines(nps, "9")
            answer._mark_done()
            answer.complaint_id = complaint
        cls.env.flush_all()


@tagged("post_install", "-at_install", "customer_complaint")
class TestReportCompanies(CompaniesCase):
    def test_each_company_has_rows(self):
        """The data is there: the superuser reads both companies' rows."""
        for model in REPORTS:
            companies = self.env[model].search([]).company_id
            self.assertIn(self.company_b, companies, model)
            self.assertIn(self.company_a, companies, model)

    def test_manager_reads_no_row_of_another_company(self):
        for model in REPORTS:
            Report = self.env[model].with_user(self.manager_a)
            rows = Report.search([])
            self.assertTrue(rows, model)
            self.assertEqual(rows.company_id - self.company_a, self.env["res.company"])
            self.assertFalse(
                Report.search_count([("company_id", "=", self.company_b.id)]), model
            )
            grouped = Report._read_group([], ["company_id"], ["__count"])
            self.assertNotIn(self.company_b, [company for company, _n in grouped])
            # Named ids are refused, not read.
            other = self.env[model].search([("company_id", "=", self.company_b.id)])
            with self.assertRaises(AccessError, msg=model):
                other[:1].with_user(self.manager_a).read(["company_id"])
            # Nor can the manager add company B to the allowed companies.
            with self.assertRaises(AccessError, msg=model):
                Report.with_context(
                    allowed_company_ids=(self.company_a | self.company_b).ids
                ).search([])

    def test_funnel_total_is_the_company_s(self):
        Funnel = self.env["customer.complaint.funnel.report"].with_user(self.manager_a)
        [(total,)] = Funnel._read_group(
            [("stage_id", "=", self.stages["new"].id)], [], ["complaint_count:sum"]
        )
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        self.assertEqual(
            total,
            Complaint.search_count(
                [
                    ("company_id", "=", self.company_a.id),
                    ("furthest_stage_id", "!=", False),
                ]
            ),
        )

    def test_causes_report_refuses_another_company(self):
        Wizard = self.env["customer.complaint.causes.report"].with_user(self.manager_a)
        with self.assertRaises(AccessError):
            Wizard.create(dict(PERIOD, company_id=self.company_b.id))
        wizard = Wizard.create(dict(PERIOD))
        self.assertEqual(wizard.company_id, self.company_a)
        with self.assertRaises(AccessError):
            wizard.company_id = self.company_b
        # The company field offers the user's companies only.
        domain = wizard._fields["company_id"]._description_domain(wizard.env)
        self.assertEqual(self.env["res.company"].search(domain), self.company_a, domain)
        # Nor a team of company B (whose name the manager cannot read).
        with self.assertRaises(AccessError):
            wizard.team_id = self.team_b

    def test_causes_report_data_and_pdf_hold_only_the_company_s(self):
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager_a)
            .create(dict(PERIOD))
        )
        data = wizard._get_report_data()
        self.assertEqual(data["total"], 1)
        self.assertEqual(data["top_products"], [("Widget of A", 1)])
        self.assertNotIn("Widget of B", str(data))
        self.assertNotIn(self.cause_b.name, str(data))
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(force_report_rendering=True)
        )
        report = "customer_complaint.action_report_causes_resolutions"
        html = Report._render_qweb_html(report, wizard.ids)[0].decode()
        self.assertIn("Widget of A", html)
        self.assertNotIn("Widget of B", html)
        self.assertNotIn(self.cause_b.name, html)
        self.assertNotIn("Company B", html)
        # wkhtmltopdf's requests for the assets, in the test's cursor (see
        # test_reports.TestCausesReport.test_pdf_and_html).
        with self.allow_pdf_render():
            pdf, _kind = Report._render_qweb_pdf(report, wizard.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_causes_report_checks_the_companies_when_printed(self):
        """A manager of both companies makes it for B, then prints it while
        working in A only: refused, not printed empty or with B's figures."""
        self.manager_a.company_ids |= self.company_b
        Wizard = self.env["customer.complaint.causes.report"].with_user(self.manager_a)
        wizard = Wizard.with_context(allowed_company_ids=self.company_b.ids).create(
            dict(PERIOD, company_id=self.company_b.id)
        )
        self.assertEqual(wizard._get_report_data()["total"], 2)  # archived too
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(
                force_report_rendering=True, allowed_company_ids=self.company_a.ids
            )
        )
        with self.assertRaises(AccessError):
            Report._render_qweb_html(
                "customer_complaint.action_report_causes_resolutions", wizard.ids
            )

    def test_complaint_sheet_of_another_company_is_refused(self):
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(force_report_rendering=True)
        )
        sheet = "customer_complaint.report_complaint_sheet"
        html = Report._render_qweb_html(sheet, self.complaint_a.ids)[0].decode()
        self.assertIn(self.complaint_a.name, html)
        for complaint in (self.complaint_b, self.archived_b):
            with self.assertRaises(AccessError):
                Report._render_qweb_html(sheet, complaint.ids)
            with self.assertRaises(AccessError):
                Report._render_qweb_pdf(sheet, complaint.ids)


@tagged("post_install", "-at_install", "customer_complaint")
class TestReportCompaniesRpc(CompaniesCase, HttpCase):
    """The same through the web client's JSON-RPC and report routes."""

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_rpc_reads_no_row_of_another_company(self):
        self.authenticate("cc_manager_a", "cc_manager_a")
        company_b = self.company_b.id
        for model in REPORTS:
            rows = self.call(model, "search_read", [], fields=["company_id"])
            self.assertTrue(rows, model)
            self.assertEqual(
                {row["company_id"][0] for row in rows if row["company_id"]},
                {self.company_a.id},
                model,
            )
            groups = self.call(
                model,
                "formatted_read_group",
                [],
                groupby=["company_id"],
                aggregates=["__count"],
            )
            self.assertNotIn(
                company_b,
                [group["company_id"] and group["company_id"][0] for group in groups],
            )
            self.assertEqual(
                self.call(model, "search_count", [("company_id", "=", company_b)]), 0
            )
            with self.assertRaises(JsonRpcException):
                self.call(
                    model,
                    "search_read",
                    [],
                    fields=["company_id"],
                    context={"allowed_company_ids": [self.company_a.id, company_b]},
                )
        with self.assertRaises(JsonRpcException):
            self.call(
                "customer.complaint.causes.report",
                "create",
                dict(PERIOD, company_id=company_b),
            )

    def test_report_routes_refuse_another_company(self):
        self.authenticate("cc_manager_a", "cc_manager_a")
        route = "/report/html/customer_complaint.report_complaint_sheet/%s"
        response = self.url_open(route % self.complaint_a.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        response = self.url_open(route % self.complaint_b.id)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.complaint_b.name, response.text)
        wizard_id = self.call(
            "customer.complaint.causes.report",
            "create",
            dict(PERIOD),
        )
        response = self.url_open(
            f"/report/html/customer_complaint.report_causes_resolutions/{wizard_id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Widget of A", response.text)
        self.assertNotIn("Widget of B", response.text)
