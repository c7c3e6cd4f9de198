"""Data for the stress run, executed inside ``odoo-bin shell`` (``env`` given).

Reads its sizes from the environment, prints one JSON line prefixed with
``STRESS_DATA`` that ``run.py`` parses: portal logins and their orders, the
review links' tokens, the ids of the overdue complaints for the escalation
check. Everything goes through the ORM: a review request is a
``rating.rating`` of the order (models/rating_rating.py, sale_order.py).
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell
# Dates of the run in UTC, whatever the admin's timezone.
env = env(context=dict(env.context, tz="UTC"))

users_count = int(os.environ["CC_STRESS_USERS"])
reviews_count = int(os.environ["CC_STRESS_REVIEWS"])
overdue_count = int(os.environ["CC_STRESS_OVERDUE"])
orders_per_user = 3

company = env.company
company.complaint_review_threshold = 3
portal_group = env.ref("base.group_portal")
users = env["res.users"].create(
    [
        {
            "name": f"Stress Customer {i}",
            "login": f"stress{i}",
            "password": f"stress{i}",
            "email": f"stress{i}@example.com",
            "group_ids": [Command.set(portal_group.ids)],
        }
        for i in range(users_count)
    ]
)
partners = users.partner_id
# Orders without lines: the review and the portal only need a confirmed
# order of the customer. Marked as sold with a write rather than confirmed:
# confirming would send each order's review request email one by one.
total_orders = max(reviews_count, users_count * orders_per_user)
orders = env["sale.order"].create(
    [{"partner_id": partners[i % users_count].id} for i in range(total_orders)]
)
orders.write({"state": "sale", "date_order": fields.Datetime.now()})
# The review requests as _send_review_requests makes them, without its email
# per order: one rating (the link's token) per order, valid 30 days.
now = fields.Datetime.now()
ratings = env["rating.rating"].sudo()._create_review_requests(orders)
ratings.write({"review_request_expiry": now + timedelta(days=30)})
for order, rating in zip(orders, ratings, strict=True):
    order.review_request_id = rating
orders.write({"review_requested_on": now})
env.flush_all()
tokens = ratings[:reviews_count].mapped("access_token")
user_orders = {
    user.login: orders.filtered(lambda o, p=user.partner_id: o.partner_id == p).ids[
        :orders_per_user
    ]
    for user in users
}

# Overdue complaints for the concurrent escalation: received ten days ago,
# every deadline (working hours) long passed, so both levels are due.
team = env["customer.complaint.team"].search([], limit=1)
overdue = env["customer.complaint"].create(
    [
        {
            "partner_id": partners[i % users_count].id,
            "channel": "phone",
            "subject": f"overdue {i}",
            "date_received": fields.Datetime.now() - timedelta(days=10),
            "team_id": team.id,
        }
        for i in range(overdue_count)
    ]
)
env.cr.commit()
print(
    "STRESS_DATA "
    + json.dumps(
        {
            "tokens": tokens,
            "users": {login: ids for login, ids in user_orders.items()},
            "overdue_ids": overdue.ids,
        }
    )
)
