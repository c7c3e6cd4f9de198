"""Review links become review requests on Odoo's rating.

Each order's link (``review_token``, its expiry, whether it was used) becomes
a ``rating.rating`` of the order with the same token, so links already
emailed keep working; a used link's rating carries the review it gave. The
old columns are dropped by Odoo with their fields. The review request
template (``noupdate``) reads the rating instead of the old fields.
"""

from odoo import SUPERUSER_ID, api

OLD_TO_NEW = (
    ("object.review_token_expiry", "object.review_request_id.review_request_expiry"),
    ("(object.review_token or '')", "(object.review_request_id.access_token or '')"),
)


def migrate_review_links(env):
    cr = env.cr
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'sale_order' AND column_name = 'review_token'"""
    )
    if not cr.fetchone():
        return
    cr.execute(
        """SELECT id, review_token, review_token_expiry, review_token_used
             FROM sale_order WHERE review_token IS NOT NULL ORDER BY id"""
    )
    rows = cr.fetchall()
    orders = env["sale.order"].browse([row[0] for row in rows])
    ratings = env["rating.rating"]._create_review_requests(orders)
    Review = env["customer.review"]
    for (_id, token, expiry, used), order, rating in zip(
        rows, orders, ratings, strict=True
    ):
        rating.access_token = token
        order.review_request_id = rating
        if used:
            review = Review.search(
                [("sale_order_id", "=", order.id), ("rating_id", "=", False)],
                order="id desc",
                limit=1,
            )
            review.rating_id = rating
            rating.write(
                {
                    "rating": review.score or 0,
                    "feedback": review.comment or False,
                    "consumed": True,
                }
            )
        rating.review_request_expiry = expiry


def migrate_template(env):
    template = env.ref(
        "customer_complaint.mail_template_review_request", raise_if_not_found=False
    )
    if not template:
        return
    for lang in ["en_US"] + [
        code for code, _name in env["res.lang"].get_installed() if code != "en_US"
    ]:
        localized = template.with_context(lang=lang)
        body = str(localized.body_html or "")
        if "object.review_token" in body:
            for old, new in OLD_TO_NEW:
                body = body.replace(old, new)
            localized.body_html = body


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_review_links(env)
    migrate_template(env)
