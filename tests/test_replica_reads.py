"""Pages and buttons that only read run on a read-only cursor, as a
PostgreSQL replica serves them, and write nothing (no retry on the primary).
"""

import json
from unittest.mock import patch
from urllib.parse import urlencode

from odoo import http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CursorModesMixin, load_migration
from .test_portal import PNG, PortalCase

SHEET_URL = "/report/pdf/customer_complaint.report_complaint_sheet"


@tagged("post_install", "-at_install", "customer_complaint")
class TestReplicaReads(CursorModesMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the portal upload makes it: by the customer, as superuser.
        cls.photo = (
            cls.env["ir.attachment"]
            .with_user(cls.portal_a)
            .sudo()
            .create(
                {
                    "name": "lamp.png",
                    "raw": PNG,
                    "mimetype": "image/png",
                    "res_model": "customer.complaint",
                    "res_id": cls.complaint_a.id,
                }
            )
        )
        cls.order_a.action_send_review_request()
        # The lowest rights that print each report: a complaint user prints
        # the complaints they see, only managers the causes report.
        cls.member = new_test_user(
            cls.env,
            login="cc_member",
            groups="customer_complaint.group_complaint_user",
        )
        cls.complaint_a.user_id = cls.member
        cls.manager = new_test_user(
            cls.env,
            login="cc_manager",
            groups="customer_complaint.group_complaint_manager",
        )

    def test_portal_pages_read_only(self):
        self.authenticate("portal_a", "portal_a")
        for url in ("/my/complaints", f"/my/complaints/{self.complaint_a.id}"):
            _response, modes = self._get(url)
            self.assertEqual(modes, ["ro"], url)

    def test_photos_shown_without_writing_a_token(self):
        self.authenticate("portal_a", "portal_a")
        response, modes = self._get(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(modes, ["ro"])
        self.assertFalse(self.photo.access_token)
        token = self.photo._get_raw_access_token()
        self.assertIn(
            f"/web/image/{self.photo.id}/160x120?access_token={token}", response.text
        )
        self.authenticate(None, None)
        image = self.url_open(f"/web/content/{self.photo.id}?access_token={token}")
        self.assertEqual(image.content, PNG)

    def test_older_complaints_get_their_token_by_migration(self):
        """The page's pager links the customer's other complaints with their
        token: one without (made before 19.0.1.3.0) would be written on a
        read. The 19.0.1.6.1 migration gives it one."""
        older = self.env["customer.complaint"]._create_from_portal(
            self.partner_a, "Older", "Filed before tokens were made.", self.order_a
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET access_token = NULL WHERE id = %s",
            [older.id],
        )
        load_migration("19.0.1.6.1", "post-portal_tokens").migrate(
            self.env.cr, "19.0.1.6.0"
        )
        older.invalidate_recordset()
        self.assertTrue(older.access_token)
        self.authenticate("portal_a", "portal_a")
        # The list puts the customer's complaints in the session's history,
        # which the page's pager walks.
        self._get("/my/complaints")
        _response, modes = self._get(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(modes, ["ro"])

    def test_review_page_read_only(self):
        url = f"/review/{self.order_a.review_request_id.access_token}"
        _response, modes = self._get(url)
        self.assertEqual(modes, ["ro"])

    def test_buttons_that_open_views_read_only(self):
        """The smart buttons, the wizard openers and the dashboard's cards
        only open a view: JSON-RPC runs them on a read-only cursor."""
        self.authenticate("admin", "admin")
        dashboard = self.env["customer.complaint.dashboard"].search([], limit=1)
        action = self.env["customer.complaint.action"].create(
            {
                "complaint_id": self.complaint_a.id,
                "name": "Replace the lamp",
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        calls = (
            [
                ("customer.complaint", method, self.complaint_a.id)
                for method in (
                    "action_view_similar",
                    "action_view_duplicates",
                    "action_view_possible_duplicates",
                    "action_view_followups",
                    "action_view_credit_notes",
                    "action_view_replacement_orders",
                )
            ]
            + [
                ("customer.complaint", method, self.complaint_a.id)
                for method in (
                    "action_open_reject_wizard",
                    "action_open_reopen_wizard",
                    "action_open_merge_wizard",
                )
            ]
            + [
                ("customer.complaint.action", "action_open_cancel_wizard", action.id),
                ("res.partner", "action_view_complaints", self.partner_a.id),
                ("res.partner", "action_view_reviews", self.partner_a.id),
                ("sale.order", "action_view_complaints", self.order_a.id),
                ("sale.order", "action_view_reviews", self.order_a.id),
                ("sale.order", "action_new_complaint", self.order_a.id),
            ]
            + [
                ("customer.complaint.dashboard", method, dashboard.id)
                for method in (
                    "action_open_open",
                    "action_open_overdue",
                    "action_open_funnel",
                    "action_open_causes",
                    "action_open_products",
                    "action_open_months",
                    "action_open_satisfaction",
                )
            ]
        )
        for model, method, record_id in calls:
            with self._cursor_modes() as modes:
                action = self.make_jsonrpc_request(
                    f"/web/dataset/call_button/{model}.{method}",
                    {
                        "model": model,
                        "method": method,
                        "args": [[record_id]],
                        "kwargs": {},
                    },
                )
            self.assertEqual(action["type"], "ir.actions.act_window", method)
            self.assertEqual(modes, ["ro"], method)

    def _download_request(self, url):
        """POST the report's ``url`` to /report/download, as the web client
        downloads a PDF (``downloadReport``)."""
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, "qweb-pdf"]),
                "context": json.dumps({"lang": "en_US"}),
                "token": "dummy-because-api-expects-one",
                "csrf_token": http.Request.csrf_token(self),
            },
        )

    def _download(self, url):
        """The download of a report's ``url``: the response and the cursors
        it used."""
        with self._cursor_modes() as modes:
            response = self._download_request(url)
        self.assertEqual(response.status_code, 200, url)
        return response, modes

    def _report_url(self, action, converter):
        """The URL the web client makes of a report action with data
        (``getReportUrl``)."""
        query = urlencode(
            {
                "options": json.dumps(action["data"]),
                "context": json.dumps(action["context"]),
            }
        )
        return f"/report/{converter}/{action['report_name']}?{query}"

    def test_causes_report_read_only(self):
        """The preview (the HTML the web client shows without wkhtmltopdf)
        and the PDF need no row of the wizard: a replica serves them before
        the row created by the print button reaches it."""
        self.authenticate("cc_manager", "cc_manager")
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create({})
        )
        expected = wizard._fmt(wizard._get_report_data()["total"])
        model = wizard._name
        action = self.make_jsonrpc_request(
            f"/web/dataset/call_button/{model}.action_print",
            {
                "model": model,
                "method": "action_print",
                "args": [wizard.ids],
                "kwargs": {},
            },
        )
        wizard.unlink()  # not on the replica yet
        preview, modes = self._get(self._report_url(action, "html"))
        self.assertEqual(modes, ["ro"])
        response, modes = self._download(self._report_url(action, "pdf"))
        self.assertEqual(modes, ["ro"])
        for page in (preview, response):
            self.assertIn(f'<td class="o_total">{expected}</td>', page.text)

    def test_complaint_reports_download_read_only(self):
        self.authenticate("cc_member", "cc_member")
        for report in ("report_complaint_sheet", "report_final_response"):
            url = f"/report/pdf/customer_complaint.{report}/{self.complaint_a.id}"
            response, modes = self._download(url)
            self.assertEqual(modes, ["ro"], report)
            self.assertIn(self.complaint_a.name, response.text, report)

    def test_report_saving_its_pdf_downloads_read_write(self):
        """A manager may make the sheet save its PDF as an attachment: its
        download writes, the primary serves it."""
        self.env.ref(
            "customer_complaint.action_report_complaint_sheet"
        ).attachment = "'Complaint - %s.pdf' % object.name"
        self.authenticate("cc_member", "cc_member")
        url = f"{SHEET_URL}/{self.complaint_a.id}"
        _response, modes = self._download(url)
        self.assertEqual(modes, ["ro", "rw"])

    def test_download_that_writes_is_retried(self):
        """Core turns any error of a download into a 500: a write on the
        read-only cursor still reaches Odoo, which retries on the primary."""
        Report = type(self.env["ir.actions.report"])
        render = Report._render_qweb_pdf

        def render_writing(report, *args, **kwargs):
            report.env["ir.config_parameter"].sudo().set_param("cc.test", "1")
            return render(report, *args, **kwargs)

        self.authenticate("cc_member", "cc_member")
        url = f"{SHEET_URL}/{self.complaint_a.id}"
        with (
            patch.object(Report, "_render_qweb_pdf", render_writing),
            self._recorded_cursors() as modes,
            # The refused write is logged by the cursor before Odoo retries.
            mute_logger("odoo.sql_db"),
            self.assertLogs("odoo.http", "WARNING") as logs,
        ):
            response = self._download_request(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(modes, ["ro", "rw"])
        self.assertIn("retrying with a read/write cursor", logs.output[0])

    def test_other_reports_download_read_write(self):
        """Core's download stays read/write for the other reports (some
        save their PDF as an attachment)."""
        self.authenticate("admin", "admin")
        url = f"/report/pdf/sale.report_saleorder/{self.order_a.id}"
        response, modes = self._download(url)
        self.assertEqual(modes, ["ro", "rw"])
        self.assertIn(self.order_a.name, response.text)

    def test_download_decision_survives_odd_requests(self):
        """The read-only decision runs before the endpoint: odd data or a
        URL naming the addon's report elsewhere than core reads it leave the
        request to core's endpoint on the primary, never a 500 of its own."""
        self.authenticate("admin", "admin")
        sheet = "customer_complaint.report_complaint_sheet"
        nested = "[" * 5000 + "]" * 5000
        foreign = f"/x/y/{sheet}/report/pdf/sale.report_saleorder/{self.order_a.id}"
        for data in ("not json", nested, json.dumps([foreign, "qweb-pdf"])):
            # Core's endpoint fails on the odd data: its error, logged.
            with self._recorded_cursors() as modes, mute_logger("odoo.http"):
                self.url_open(
                    "/report/download",
                    data={
                        "data": data,
                        "csrf_token": http.Request.csrf_token(self),
                    },
                )
            self.assertEqual(modes, ["ro", "rw"], data[:40])
