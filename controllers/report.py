import json

from psycopg2.errors import ReadOnlySqlTransaction
from werkzeug.exceptions import InternalServerError

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

# The addon's reports: printing them reads only, unless a manager makes one
# save its PDF as an attachment.
READ_ONLY_REPORTS = {
    "customer_complaint.report_complaint_sheet",
    "customer_complaint.report_final_response",
    "customer_complaint.report_causes_resolutions",
}


class CustomerComplaintReportController(ReportController):
    def _report_download_readonly(self, rule, args):
        """Core's download is read/write for every report (some save their
        PDF); the addon's reports that save nothing read on a replica."""
        if not request.session.uid:
            return False  # core's endpoint sends the visitor to log in
        try:
            url, report_type = json.loads(request.get_http_params()["data"])[:2]
            # The report's name, read from the URL as core's endpoint reads it.
            pattern = "/report/pdf/" if report_type == "qweb-pdf" else "/report/text/"
            name = url.split(pattern)[1].split("?")[0].split("/")[0]
        except (
            KeyError,
            IndexError,
            TypeError,
            AttributeError,
            ValueError,
            RecursionError,
        ):
            return False  # core's endpoint refuses it
        if name not in READ_ONLY_REPORTS:
            return False
        # sudo: decided before the user is authenticated.
        return (
            not request.env["ir.actions.report"]
            .sudo()
            .search_count([("report_name", "=", name), ("attachment", "!=", False)])
        )

    @http.route(readonly=_report_download_readonly)
    def report_download(self, data, context=None, token=None, readonly=True):
        try:
            return super().report_download(
                data, context=context, token=token, readonly=readonly
            )
        except InternalServerError as error:
            # Core turns any error into a 500: a write on the read-only
            # cursor goes up to Odoo, which retries on a read/write cursor.
            if isinstance(error.__cause__, ReadOnlySqlTransaction):
                raise error.__cause__ from None
            raise
