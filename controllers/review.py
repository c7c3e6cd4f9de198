from odoo import http
from odoo.exceptions import LockError, ValidationError
from odoo.http import request

from ..models.rating_rating import ReviewTokenError
from .read_your_writes import read_your_writes, remember_write


class ReviewController(http.Controller):
    """The public page where a customer rates an order from the emailed link
    (a review request: Odoo's rating of the order, 1-5, expiring, single use)."""

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
        readonly=read_your_writes,
    )
    def review_form(self, token, **kwargs):
        try:
            rating = request.env["rating.rating"]._get_review_request(token)
        except ReviewTokenError as error:
            return self._render_error(error, error.http_status)
        order = rating.resource_ref
        return request.render(
            "customer_complaint.review_page",
            {"order": order, "company": order.company_id, "token": token},
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
            rating = request.env["rating.rating"]._get_review_request(token)
            rating._submit_review(score, comment)
        except ReviewTokenError as error:
            return self._render_error(error, error.http_status)
        except LockError as error:
            return self._render_error(error, 409)
        except ValidationError as error:
            return self._render_error(error, 400)
        # A reload of the link shows it spent, even on a lagging replica.
        remember_write()
        return request.render(
            "customer_complaint.review_page_thanks",
            {"company": rating.resource_ref.company_id},
        )
