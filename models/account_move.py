from odoo import Command, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="customer_complaint.group_complaint_user",
        help="The complaint this credit note compensates.",
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        orders = posted.line_ids.sale_line_ids.order_id.filtered(
            lambda o: o.company_id.complaint_review_request_trigger == "invoice"
            and o.invoice_status == "invoiced"
            and not o.review_requested_on
        )
        orders._send_review_requests()
        return posted

    def _complaint_keep_lines_of(self, sale_line):
        """Keep on these draft credit notes only the lines of the complained
        order line (taxes and totals follow, as when a user deletes lines)."""
        for move in self:
            others = move.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
                and sale_line not in line.sale_line_ids
            )
            if others and others != move.invoice_line_ids:
                move.write(
                    {"invoice_line_ids": [Command.unlink(line.id) for line in others]}
                )

    def action_view_complaint(self):
        self.ensure_one()
        return self.complaint_id._get_records_action()
