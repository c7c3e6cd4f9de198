from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.complaint.related.mixin"]

    # The review request is a rating of the order (Odoo's rating: token,
    # customer, operator, value, feedback); the addon adds expiry and single use.
    review_request_id = fields.Many2one("rating.rating", readonly=True, copy=False)
    review_requested_on = fields.Datetime(copy=False, readonly=True)
    review_request_done = fields.Boolean(related="review_request_id.consumed")

    # A replacement quotation: the complaint it compensates, and the value of
    # the goods given (the quotation itself is at zero price).
    complaint_id = fields.Many2one(
        "customer.complaint",
        string="Replacement for Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="customer_complaint.group_complaint_user",
    )
    complaint_replacement_value = fields.Monetary(
        string="Replacement Value",
        currency_field="complaint_currency_id",
        readonly=True,
        copy=False,
        groups="customer_complaint.group_complaint_user",
        help="What the replaced goods cost the customer on the original order "
        "(taxes included, company currency): the compensation this quotation gives.",
    )
    complaint_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )

    def _complaint_related_domain(self):
        return [("sale_order_id", "in", self.ids)]

    def _complaint_related_defaults(self):
        return {"sale_order_id": self.id, "partner_id": self.partner_id.id}

    def _complaint_related_counts(self, model):
        return {
            order.id: count
            for order, count in self.env[model]._read_group(
                self._complaint_related_domain(), ["sale_order_id"], ["__count"]
            )
        }

    @api.readonly
    def action_new_complaint(self):
        """The complaint form, prefilled with the customer, this order and,
        when the order has a single product line, that line."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id
        )
        context = {
            "default_partner_id": self.partner_id.id,
            "default_sale_order_id": self.id,
            "default_company_id": self.company_id.id,
        }
        if len(lines) == 1:
            context["default_sale_line_id"] = lines.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "customer.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    @api.readonly
    def action_view_replacement_complaint(self):
        self.ensure_one()
        return self.complaint_id._get_records_action()

    # ------------------------------------------------------------------
    # Review requests
    # ------------------------------------------------------------------

    def _action_confirm(self):
        res = super()._action_confirm()
        self.filtered(
            lambda o: o.company_id.complaint_review_request_trigger == "confirm"
        )._send_review_requests()
        return res

    def action_send_review_request(self):
        # The sending runs as superuser (see below): callable over JSON-RPC,
        # it is for the complaint staff, on orders they may read.
        if not self.env.su and not self.env.user.has_group(
            "customer_complaint.group_complaint_user"
        ):
            raise AccessError(
                self.env._("Only complaint staff may request a review of an order.")
            )
        self.check_access("read")
        self._send_review_requests()
        return True

    def _send_review_requests(self):
        """Email the customer a single-use, expiring link to rate the order.
        An order gets one request: a new email extends the link until it is
        used; once used it is never renewed."""
        template = self.env.ref("customer_complaint.mail_template_review_request")
        # sudo: who confirms or invoices (an accountant) may not write the order.
        orders = self.sudo().filtered(lambda o: not o.review_request_done)
        now = fields.Datetime.now()
        new = orders.filtered(lambda o: not o.review_request_id)
        # sudo: with the orders: created whoever triggers the request.
        ratings = self.env["rating.rating"].sudo()._create_review_requests(new)
        for order, rating in zip(new, ratings, strict=True):
            order.review_request_id = rating
        for order in orders:
            days = order.company_id.complaint_review_token_days
            order.review_request_id.review_request_expiry = now + timedelta(days=days)
            order.review_requested_on = now
            order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _complaint_review_values(self):
        """What a review of this order records besides the rating."""
        self.ensure_one()
        return {
            "sale_order_id": self.id,
            "company_id": self.company_id.id,
            "specialist_id": self.user_id.id,
            "product_id": self.order_line.product_id[:1].id,
        }
