# Run by tools/upgrade/upgrade.sh in `odoo-bin shell` (``env`` is given):
# UPGRADE_MODE=add adds data with the installed (old) version and writes the
# snapshot; UPGRADE_MODE=check compares the upgraded database with it.
import json
import os
from datetime import timedelta

from odoo import fields

env = globals()["env"]  # given by odoo-bin shell
mode = os.environ["UPGRADE_MODE"]
snapshot_path = os.environ["UPGRADE_SNAPSHOT"]
COMPANY_FIELDS = [
    name
    for name in env["res.company"]._fields
    if name.startswith("complaint_") and env["res.company"]._fields[name].store
]


def add_data():
    Complaint, Review = env["customer.complaint"], env["customer.review"]
    partners = env["res.partner"].search([("email", "!=", False)], limit=3)
    company = env.company
    company.complaint_review_threshold = 2
    company.complaint_escalation_hours = 12
    # Reviews: scored 1 (a complaint), 5 (none).
    Review.create(
        [
            {"partner_id": partners[0].id, "score": 1, "comment": "Broken on arrival"},
            {"partner_id": partners[1].id, "score": 5, "comment": "Perfect"},
        ]
    )
    complaint = Complaint.create(
        {
            "partner_id": partners[2].id,
            "subject": "Upgrade check",
            "description": "<p>Registered before the upgrade</p>",
            "channel": "phone",
            "date_received": fields.Datetime.now() - timedelta(days=30),
        }
    )
    complaint.message_post(body="A note written before the upgrade")
    stages = env["customer.complaint.stage"].search([])
    complaint.write({"stage_id": stages[1].id, "root_cause": "Carrier"})
    # An overdue complaint escalated by the cron's method.
    Complaint._escalate_overdue()
    # Review links emailed for two confirmed orders, one of them used.
    orders = env["sale.order"].search([("state", "=", "sale")], limit=2, order="id")
    orders.action_send_review_request()
    if "review_token" in env["sale.order"]._fields:
        env["sale.order"]._submit_review_from_token(orders[0].review_token, "2", "Late")
    else:
        rating = orders[0].review_request_id
        rating._submit_review("2", "Late")
    env.cr.commit()


def snapshot():
    complaints = (
        env["customer.complaint"].with_context(active_test=False).search([], order="id")
    )
    reviews = env["customer.review"].search([], order="id")
    messages = env["mail.message"].search(
        [("model", "=", "customer.complaint")], order="id"
    )
    orders = env["sale.order"].search([], order="id")
    if "review_token" in orders._fields:
        links = [
            [o.id, o.review_token, str(o.review_token_expiry), o.review_token_used]
            for o in orders
            if o.review_token
        ]
    else:
        links = [
            [
                o.id,
                o.review_request_id.access_token,
                str(o.review_request_id.review_request_expiry),
                o.review_request_id.consumed,
            ]
            for o in orders
            if o.review_request_id
        ]
    return {
        "review_links": links,
        "complaints": [
            [
                c.id,
                c.name,
                c.active,
                c.partner_id.id,
                c.stage_id.id,
                c.user_id.id,
                c.team_id.id,
                str(c.date_received),
                str(c.date_closed),
                c.escalation_level,
                str(c.furthest_stage_id.id),
                c.root_cause or "",
                c.review_id.id,
            ]
            for c in complaints
        ],
        "reviews": [[r.id, r.score, r.complaint_id.id] for r in reviews],
        "messages": [[m.id, m.res_id, str(m.body)] for m in messages],
        "tracking": env["mail.tracking.value"].search_count(
            [("mail_message_id", "in", messages.ids)]
        ),
        # Open or done (Odoo archives a done activity): an upgrade may
        # close a to-do, never lose one.
        "activities": [
            [activity.id]
            for activity in env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "customer.complaint")], order="id")
        ],
        "stages": [
            [s.id, s.name, s.sequence, s.is_closed]
            for s in env["customer.complaint.stage"].search([], order="id")
        ],
        "companies": [
            [c.id] + [str(c[name]) for name in COMPANY_FIELDS]
            for c in env["res.company"].search([], order="id")
        ],
        "company_fields": COMPANY_FIELDS,
        "next_reference": env["ir.sequence"]
        .search([("code", "=", "customer.complaint")], order="id")
        .mapped(lambda s: [s.company_id.id, s.number_next_actual]),
    }


if mode == "add":
    add_data()
    data = snapshot()
    with open(snapshot_path, "w") as file:
        json.dump(data, file)
    print(
        f"[upgrade] before: {len(data['complaints'])} complaints, "
        f"{len(data['reviews'])} reviews, {len(data['messages'])} messages"
    )
else:
    with open(snapshot_path) as file:
        before = json.load(file)
    after = snapshot()
    # Company settings: those of the old version, as they were.
    kept = [name for name in before["company_fields"] if name in COMPANY_FIELDS]
    for data in (before, after):
        index = {name: i + 1 for i, name in enumerate(data.pop("company_fields"))}
        data["companies"] = [
            [row[0]] + [row[index[name]] for name in kept] for row in data["companies"]
        ]

    # What the old version had is still there, unchanged; the new version
    # may add rows (its new demo data), numbers and counts only grow.
    def preserved(key):
        old, new = before[key], after[key]
        if key == "tracking":
            return new >= old
        if key == "next_reference":
            new_next = dict(map(tuple, new))
            return all(new_next.get(company, 0) >= nxt for company, nxt in old)
        new_rows = {row[0]: row for row in new}
        return all(new_rows.get(row[0]) == row for row in old)

    lost = [key for key in before if not preserved(key)]
    # The shipped rules run on the upgraded database (their actions' code
    # rewritten): a review scored 1 has its assigned complaint at once.
    customer = env["customer.review"].search([], limit=1).partner_id
    review = env["customer.review"].create({"partner_id": customer.id, "score": 1})
    if not review.complaint_id.user_id:
        lost.append("rules")
        before["rules"] = "a review scored 1 has an assigned complaint"
        after["rules"] = review.complaint_id.read(["name", "user_id"])
    # Round robin's turn (19.0.1.6.1): every owner given before is dated.
    undated = (
        env["customer.complaint"]
        .with_context(active_test=False)
        .search([("user_id", "!=", False), ("date_assigned", "=", False)])
    )
    if undated:
        lost.append("assignment dates")
        before["assignment dates"] = "every complaint with an owner is dated"
        after["assignment dates"] = undated.mapped("name")
    env.cr.rollback()
    for key in lost:
        print(f"[upgrade] CHANGED: {key}")
        print("  before:", json.dumps(before[key])[:2000])
        print("  after: ", json.dumps(after[key])[:2000])
    print(
        f"[upgrade] after: {len(after['complaints'])} complaints, "
        f"{len(after['reviews'])} reviews, {len(after['messages'])} messages, "
        f"{len(kept)} company settings compared"
    )
    if lost:
        raise SystemExit(1)
