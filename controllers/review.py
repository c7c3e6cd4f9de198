from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.sale_order import ReviewTokenError


class ReviewController(http.Controller):
    """The public page where a customer rates an order from the emailed link."""

    def _render_error(self, error, status):
        return request.render(
            "customer_complaint.review_page_error",
            {"message": error.args[0]},
            status=status,
        )

    @http.route(
        "/review/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["GET"],
        sitemap=False,
    )
    def review_form(self, token, **kwargs):
        try:
            order = request.env["sale.order"]._get_order_by_review_token(token)
        except ReviewTokenError as error:
            return self._render_error(error, error.http_status)
        return request.render(
            "customer_complaint.review_page", {"order": order, "token": token}
        )

    @http.route(
        "/review/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["POST"],
        sitemap=False,
    )
    def review_submit(self, token, score=None, comment=None, **kwargs):
        try:
            request.env["sale.order"]._submit_review_from_token(token, score, comment)
        except ReviewTokenError as error:
            return self._render_error(error, error.http_status)
        except ValidationError as error:
            return self._render_error(error, 400)
        return request.render("customer_complaint.review_page_thanks", {})
