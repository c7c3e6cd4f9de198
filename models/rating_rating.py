from odoo import api, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._record_as_reviews()
        return ratings

    def write(self, vals):
        res = super().write(vals)
        if "rating" in vals or "consumed" in vals:
            self._record_as_reviews()
        return res

    def _record_as_reviews(self):
        """Record given ratings as customer reviews, in the companies that
        count ratings as reviews; a low one then becomes a complaint through
        the automation rule of reviews, as any review does."""
        ratings = self.sudo().filtered(
            lambda r: r.consumed and r.rating >= 1 and r.partner_id
        )
        if not ratings:
            return
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
            # A customer of another company is not this company's to review.
            if not company.complaint_rating_as_review or (
                rating.partner_id.company_id and rating.partner_id.company_id != company
            ):
                continue
            vals_list.append(
                {
                    "partner_id": rating.partner_id.id,
                    "score": min(max(round(rating.rating), 1), 5),
                    "comment": rating.feedback,
                    "channel": "rating",
                    "rating_id": rating.id,
                    "company_id": company.id,
                    "date": rating.rated_on or rating.write_date,
                }
            )
        if vals_list:
            self.env["customer.review"].sudo().create(vals_list)
