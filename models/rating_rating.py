import re
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, html_sanitize


class ReviewTokenError(UserError):
    """A review link that cannot be used; ``http_status`` is the answer of
    the public page (Odoo answers a public page's UserError with it)."""

    def __init__(self, message, http_status):
        super().__init__(message)
        self.http_status = http_status


class RatingRating(models.Model):
    """Ratings as customer reviews, and the addon's review requests: Odoo's
    rating (token, customer, rated person, value, feedback, the post on the
    rated document) with what it lacks for a review link: an expiry and a
    single use, whichever page the customer answers on (the addon's 1-5
    page or Odoo's /rate page)."""

    _inherit = "rating.rating"

    review_request_expiry = fields.Datetime(
        readonly=True,
        copy=False,
        help="Set on the ratings that are review requests: until then the "
        "customer may rate, once.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._record_as_reviews()
        return ratings

    def write(self, vals):
        if {"rating", "consumed"} & vals.keys():
            self._check_review_request_open()
        res = super().write(vals)
        if "rating" in vals or "consumed" in vals:
            self._record_as_reviews()
        return res

    @api.model
    def _create_review_requests(self, records):
        """One review request per record (a sale order): a rating of the
        record's operator by its customer, with a long random link token."""
        model_id = self.env["ir.model"]._get_id(records._name)
        return self.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "partner_id": record._rating_get_partner().id,
                    "rated_partner_id": record._rating_get_operator().id,
                    "access_token": secrets.token_urlsafe(32),
                    "is_internal": False,
                }
                for record in records
            ]
        )

    @api.model
    def _get_review_request(self, token):
        """The review request of a link, if it can still be used."""
        # sudo: the link's visitor (public) cannot read ratings; the token is the key.
        rating = self.sudo().browse()
        # Tokens are URL-safe base64; anything else is not looked up at all.
        if isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token):
            rating = self.sudo().search(
                [("access_token", "=", token), ("review_request_expiry", "!=", False)],
                limit=1,
            )
        if not rating:
            raise ReviewTokenError(self.env._("This review link is not valid."), 404)
        rating._check_review_request_open()
        return rating

    def _check_review_request_open(self):
        now = fields.Datetime.now()
        for rating in self.filtered("review_request_expiry"):
            if rating.consumed:
                raise ReviewTokenError(
                    self.env._("This order has already been reviewed. Thank you!"), 409
                )
            if rating.review_request_expiry < now:
                raise ReviewTokenError(self.env._("This review link has expired."), 410)

    def _submit_review(self, score, comment):
        """The customer's answer to this review request: Odoo's
        ``rating_apply`` on the rated document (the rating's value and
        feedback, a post in its chatter), which records the review. A bad
        score writes nothing; of two simultaneous answers, the second is
        refused (409)."""
        self.ensure_one()
        if isinstance(score, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", score):
            score = int(score)
        Review = self.env["customer.review"]
        Review._check_score_value(score)
        # What a person typed, without any markup; PostgreSQL refuses NULs.
        text = html2plaintext(
            html_sanitize((comment or "").replace("\x00", "")), include_references=False
        )
        Review._check_comment_value(text)
        # The row lock is taken or refused at once (LockError: 409).
        self.lock_for_update()
        self.invalidate_recordset(["consumed"])
        self._check_review_request_open()
        # The rating, its post and the review, or nothing.
        with self.env.cr.savepoint():
            self.resource_ref.rating_apply(score, rating=self, feedback=text or False)
        # sudo: the visitor of the review page cannot read reviews.
        return self.env["customer.review"].sudo().search([("rating_id", "=", self.id)])

    def _record_as_reviews(self):
        """Record given ratings as customer reviews: answers to review
        requests always, other ratings in the companies that count ratings as
        reviews; a low one then becomes a complaint through the automation
        rule of reviews, as any review does."""
        # sudo: the rater (a customer, a public visitor) may not read ratings.
        ratings = self.sudo().filtered(
            lambda r: r.consumed and r.rating >= 1 and r.partner_id
        )
        if not ratings:
            return
        # sudo: the rater cannot read reviews.
        reviewed = (
            self.env["customer.review"]
            .sudo()
            .search_fetch([("rating_id", "in", ratings.ids)], ["rating_id"])
            .rating_id
        )
        vals_list = []
        for rating in ratings - reviewed:
            record = rating.resource_ref
            company = (
                record.company_id
                if record and "company_id" in record._fields and record.company_id
                else self.env.company
            )
            requested = bool(rating.review_request_expiry)
            # A customer of another company is not this company's to review.
            if not (requested or company.complaint_rating_as_review) or (
                rating.partner_id.company_id and rating.partner_id.company_id != company
            ):
                continue
            values = {
                "partner_id": rating.partner_id.id,
                "score": min(max(round(rating.rating), 1), 5),
                "comment": rating.feedback,
                "channel": "website" if requested else "rating",
                "rating_id": rating.id,
                "company_id": company.id,
                "date": rating.rated_on or rating.write_date,
            }
            if record and hasattr(record, "_complaint_review_values"):
                values.update(record._complaint_review_values())
            vals_list.append(values)
        if vals_list:
            # sudo: the rater (a customer) cannot create reviews.
            self.env["customer.review"].sudo().create(vals_list)
