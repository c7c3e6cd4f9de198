"""Data for the stress run, executed inside ``odoo-bin shell`` (``env`` given).

Reads its sizes from the environment, prints one JSON line prefixed with
``STRESS_DATA`` that ``run.py`` parses: portal logins and their orders, the
review tokens, the ids of the overdue complaints for the escalation check.
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell
# A timezone in the context: before commit b1b30fe,
# ``ir.sequence._complaint_next_batch`` read the user's timezone between its
# ``nextval`` query and ``fetchall()``, which broke batch creation on a cold
# cache; this keeps the script usable on such a version.
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
# order of the customer; confirmed in SQL to keep the preparation short.
total_orders = max(reviews_count, users_count * orders_per_user)
orders = env["sale.order"].create(
    [{"partner_id": partners[i % users_count].id} for i in range(total_orders)]
)
env.flush_all()
env.cr.execute(
    """
    UPDATE sale_order
       SET state = 'sale',
           date_order = now(),
           review_token = md5(random()::text || id::text) || md5(id::text || 'cc'),
           review_token_expiry = now() + interval '30 days',
           review_token_used = false,
           review_requested_on = now()
     WHERE id = ANY(%s)
    """,
    [orders.ids],
)
env.invalidate_all()
tokens = [order.review_token for order in orders[:reviews_count]]
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
