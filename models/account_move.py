from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        orders = posted.line_ids.sale_line_ids.order_id.filtered(
            lambda o: o.company_id.complaint_review_request_trigger == "invoice"
            and o.invoice_status == "invoiced"
            and not o.review_requested_on
        )
        orders._send_review_requests()
        return posted
