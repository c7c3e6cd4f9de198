import re
import secrets
from datetime import timedelta

from lxml import html as lxml_html

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_sanitize


class ReviewTokenError(UserError):
    """A review link that cannot be used; ``http_status`` tells the page why."""

    def __init__(self, message, http_status):
        super().__init__(message)
        self.http_status = http_status


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        groups="customer_complaint.group_complaint_user",
    )
    review_count = fields.Integer(
        string="Reviews",
        compute="_compute_review_count",
        groups="customer_complaint.group_complaint_user",
    )

    review_token = fields.Char(copy=False, readonly=True, index="btree_not_null")
    review_token_expiry = fields.Datetime(copy=False, readonly=True)
    review_token_used = fields.Boolean(copy=False, readonly=True)
    review_requested_on = fields.Datetime(copy=False, readonly=True)

    _review_token_uniq = models.Constraint(
        "unique(review_token)", "Review links must be unique."
    )

    def _compute_complaint_count(self):
        counts = self._count_by_order("customer.complaint")
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def _compute_review_count(self):
        counts = self._count_by_order("customer.review")
        for order in self:
            order.review_count = counts.get(order, 0)

    def _count_by_order(self, model):
        return dict(
            self.env[model]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )

    def _action_view_related(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_complaints(self):
        return self._action_view_related("customer_complaint.customer_complaint_action")

    def action_view_reviews(self):
        return self._action_view_related("customer_complaint.customer_review_action")

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
        self._send_review_requests()
        return True

    def _send_review_requests(self):
        """Email the customer a single-use, expiring link to rate the order.
        An order gets one link: once used it is never renewed."""
        template = self.env.ref("customer_complaint.mail_template_review_request")
        for order in self.sudo().filtered(lambda o: not o.review_token_used):
            days = order.company_id.complaint_review_token_days
            order.write(
                {
                    "review_token": secrets.token_urlsafe(32),
                    "review_token_expiry": fields.Datetime.now() + timedelta(days=days),
                    "review_requested_on": fields.Datetime.now(),
                }
            )
            order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    @api.model
    def _get_order_by_review_token(self, token):
        """The order a review link belongs to, if the link can still be used."""
        order = self.sudo().browse()
        # Tokens are URL-safe base64; anything else is not looked up at all.
        if isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token):
            order = self.sudo().search([("review_token", "=", token)], limit=1)
        if not order:
            raise ReviewTokenError(self.env._("This review link is not valid."), 404)
        if order.review_token_used:
            raise ReviewTokenError(
                self.env._("This order has already been reviewed. Thank you!"), 409
            )
        if order.review_token_expiry < fields.Datetime.now():
            raise ReviewTokenError(self.env._("This review link has expired."), 410)
        return order

    @api.model
    def _plain_text(self, value):
        """What a person typed, without any markup: tags, scripts and event
        handlers are dropped by Odoo's sanitizer, then only the text is kept."""
        # PostgreSQL refuses NUL characters in text.
        cleaned = html_sanitize((value or "").replace("\x00", ""))
        if not cleaned:
            return ""
        return lxml_html.fromstring(f"<div>{cleaned}</div>").text_content().strip()

    @api.model
    def _submit_review_from_token(self, token, score, comment):
        """The public review page: one review per link, then the link is spent.

        The order row is locked first, so two simultaneous submissions of the
        same link give one review; a bad score or link writes nothing.
        """
        order = self._get_order_by_review_token(token)
        self.env.cr.execute(
            "SELECT review_token_used FROM sale_order WHERE id = %s FOR UPDATE",
            [order.id],
        )
        order.invalidate_recordset(["review_token_used"])
        order = self._get_order_by_review_token(token)
        if isinstance(score, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", score):
            score = int(score)
        Review = self.env["customer.review"].sudo()
        Review._check_score_value(score)
        comment = self._plain_text(comment)
        review = Review.create(
            {
                "partner_id": order.partner_id.id,
                "score": score,
                "comment": comment or False,
                "channel": "website",
                "sale_order_id": order.id,
                "company_id": order.company_id.id,
                "specialist_id": order.user_id.id,
                "product_id": order.order_line.product_id[:1].id,
            }
        )
        order.review_token_used = True
        return review
