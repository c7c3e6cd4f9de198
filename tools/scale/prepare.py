"""Data for timing the screens and for `make scale`, run inside ``odoo-bin
shell`` (``env`` given).

Brings the database to ``CC_SCALE_COMPLAINTS`` (10,000) complaints made
with the bench's SQL generator (``tools/bench/run.py``,
``generate_complaints``, imported, not copied), then prints one line
``SCALE_DATA {json}`` with the logins and ids the screens and the checks
need. Run it again with a larger size to top the same database up: the
complaints already there stay, the new ones are numbered after them.

What it adds beside the complaints, once:

- ``CC_SCALE_TEAMS`` (20) teams of the same three members; the complaints
  go to each in turn, interleaved in the table as complaints of several
  teams arrive, and are assigned to those members. The staff user
  ``scale_staff`` is a member of one team only, so that the record rule
  shows them a team's share (a twentieth), as in a company of that size;
- ``scale_manager`` (complaint manager: every complaint);
- ``scale_portal``, a portal customer whose partner is the customer of
  ``CC_SCALE_PORTAL_COMPLAINTS`` (30) of the first complaints, whatever
  the size;
- ``CC_SCALE_PARTNERS`` (20,000) customers and 20 products;
- with each batch of complaints, ``CC_SCALE_REVIEWS_PER_COMPLAINT`` (0.5)
  reviews per complaint in SQL (two years of dates, the customers and
  products of the complaints): the review screens and the satisfaction
  analysis read them.

``CC_SCALE_OVERDUE_SHARE`` (0.1, as the bench) is the share of the complaints
past their deadline. ``CC_SCALE_URL``, when set, is the public address
(``web.base.url``, ``report.url``). Passwords are the logins.
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

from odoo import Command

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

# Read from stdin by the shell (no __file__): run from the repository's root,
# or name it in CC_SCALE_ROOT.
ROOT = Path(os.environ.get("CC_SCALE_ROOT") or os.getcwd())
# The ids of what is made once, and the sizes reached (its name is older
# than this script: databases prepared before are topped up).
PARAM = "customer_complaint.screens_bench_ids"
TARGET = int(os.environ.get("CC_SCALE_COMPLAINTS", 10_000))
TEAMS = int(os.environ.get("CC_SCALE_TEAMS", 20))
PARTNERS = int(os.environ.get("CC_SCALE_PARTNERS", 20_000))
PORTAL_COMPLAINTS = int(os.environ.get("CC_SCALE_PORTAL_COMPLAINTS", 30))
REVIEWS_PER_COMPLAINT = float(os.environ.get("CC_SCALE_REVIEWS_PER_COMPLAINT", 0.5))
OVERDUE_SHARE = float(os.environ.get("CC_SCALE_OVERDUE_SHARE", 0.1))


def log(message):
    print(f"[scale-data] {message}", file=sys.stderr, flush=True)


spec = importlib.util.spec_from_file_location(
    "cc_bench_run", ROOT / "tools/bench/run.py"
)
bench_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_run)

if os.environ.get("CC_SCALE_URL"):
    # Behind a proxy, as a deployment sets them: links, and the address
    # wkhtmltopdf fetches a report's assets from (not the worker rendering it).
    for key in ("web.base.url", "report.url"):
        env["ir.config_parameter"].set_param(key, os.environ["CC_SCALE_URL"])
    env["ir.config_parameter"].set_param("web.base.url.freeze", "True")

bench = bench_run.Bench(env.registry, runs=1, read_runs=1, escalation_runs=1)
param = env["ir.config_parameter"].sudo()
saved = param.get_param(PARAM)
if saved:
    bench.ids.update(json.loads(saved))
else:
    company = env.ref("base.main_company")
    Users = env["res.users"].with_context(no_reset_password=True)

    def new_user(login, groups):
        return Users.create(
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                # As a browser's first login sets it (a user's timezone).
                "tz": "UTC",
                "group_ids": [Command.set(groups.ids)],
            }
        )

    user_group = env.ref("customer_complaint.group_complaint_user")
    # Owners and specialists of the complaints, in every team.
    members = Users.browse()
    for n in range(3):
        members |= new_user(f"scale_member_{n}", user_group)
    staff = new_user("scale_staff", user_group)
    manager = new_user(
        "scale_manager", env.ref("customer_complaint.group_complaint_manager")
    )
    portal = new_user("scale_portal", env.ref("base.group_portal"))
    teams = env["customer.complaint.team"].create(
        [
            {
                "name": f"Scale Team {index:02d}",
                "company_id": company.id,
                "user_id": members[index % len(members)].id,
                "member_ids": [Command.set(members.ids)],
            }
            for index in range(TEAMS)
        ]
    )
    # The staff user works in one team: a twentieth of the complaints.
    teams[0].member_ids = [Command.link(staff.id)]
    partners = env["res.partner"].create(
        [
            {"name": f"Scale Customer {i:05d}", "email": f"s{i:05d}@example.com"}
            for i in range(PARTNERS)
        ]
    )
    products = env["product.product"].create(
        [{"name": f"Scale Product {i:02d}"} for i in range(20)]
    )
    bench.ids.update(
        company=company.id,
        teams=teams.ids,
        members=members.ids,
        partners=partners.ids,
        products=products.ids,
        staff=staff.id,
        manager=manager.id,
        portal=portal.id,
        portal_partner=portal.partner_id.id,
        staff_team=teams[0].id,
        generated=0,
        reviews=0,
    )
    param.set_param(PARAM, json.dumps(bench.ids))
    # The generator writes in a cursor of its own.
    env.cr.commit()

generated = bench.ids["generated"]
missing = TARGET - generated
seconds = 0
if missing > 0:
    log(f"generating {missing:,} complaints over {len(bench.ids['teams'])} teams")
    seconds, _with_vacuum = bench_run.generate_complaints(
        bench, missing, int(TARGET * OVERDUE_SHARE), first=generated + 1
    )
    log(f"generated in {seconds:.0f} s")
    env.invalidate_all()
    if not generated:
        # The portal customer's complaints: the first ones, once.
        env.cr.execute(
            """
            UPDATE customer_complaint SET partner_id = %s
             WHERE id IN (SELECT id FROM customer_complaint
                           WHERE name LIKE 'BCH/%%' ORDER BY id LIMIT %s)
            """,
            [bench.ids["portal_partner"], PORTAL_COMPLAINTS],
        )
    generated += missing
    reviews = int(generated * REVIEWS_PER_COMPLAINT) - bench.ids["reviews"]
    env.cr.execute("SELECT setseed(0.24)")
    # Scored 4 or 5: a review at or under the threshold has its complaint,
    # which `make scale`'s stress checks verify for every review.
    env.cr.execute(
        """
        INSERT INTO customer_review (
            partner_id, score, comment, channel, date, company_id, team_id,
            product_id, specialist_id, is_below_threshold,
            create_uid, create_date, write_uid, write_date)
        SELECT (%(partners)s::int[])[1 + g.i %% %(npartners)s], s.score,
               'Bench review ' || g.i,
               (ARRAY['website', 'email', 'phone', 'portal'])[1 + g.i %% 4],
               s.date, %(company)s, (%(teams)s::int[])[1 + g.i %% %(nteams)s],
               CASE WHEN g.i %% 3 > 0
                    THEN (%(products)s::int[])[1 + g.i %% %(nproducts)s] END,
               CASE WHEN g.i %% 2 = 0
                    THEN (%(members)s::int[])[1 + g.i %% %(nmembers)s] END,
               false, 1, s.date, 1, s.date
          FROM generate_series(%(first)s, %(first)s + %(count)s - 1) AS g(i)
          CROSS JOIN LATERAL (
              SELECT 4 + floor(random() * 2)::int + 0 * g.i AS score,
                     (now() AT TIME ZONE 'UTC')
                       - make_interval(secs => random() * 730 * 86400 + 0 * g.i)
                       AS date) AS s
        """,
        {
            "first": bench.ids["reviews"] + 1,
            "count": reviews,
            "company": bench.ids["company"],
            "partners": bench.ids["partners"],
            "npartners": len(bench.ids["partners"]),
            "teams": bench.ids["teams"],
            "nteams": len(bench.ids["teams"]),
            "products": bench.ids["products"],
            "nproducts": len(bench.ids["products"]),
            "members": bench.ids["members"],
            "nmembers": len(bench.ids["members"]),
        },
    )
    bench.ids.update(generated=generated, reviews=bench.ids["reviews"] + reviews)
    param.set_param(PARAM, json.dumps(bench.ids))
    env.cr.commit()
    env.cr.execute("ANALYZE customer_review")
    env.cr.execute("ANALYZE customer_complaint")
    env.cr.commit()
    log(f"{generated:,} complaints, {bench.ids['reviews']:,} reviews")


def ids(query, *params):
    env.cr.execute(query, params)
    return [row[0] for row in env.cr.fetchall()]


staff_team = bench.ids["staff_team"]
users = env["res.users"].browse(
    [bench.ids["staff"], bench.ids["manager"], bench.ids["portal"]]
)
print(
    "SCALE_DATA "
    + json.dumps(
        {
            "complaints": generated,
            "reviews": bench.ids["reviews"],
            "generated_seconds": round(seconds, 1),
            "logins": dict(
                zip(("staff", "manager", "portal"), users.mapped("login"), strict=True)
            ),
            "staff_complaints": ids(
                "SELECT id FROM customer_complaint WHERE team_id = %s "
                "ORDER BY id LIMIT 50",
                staff_team,
            ),
            # Still in registration: their subject may be changed, they may
            # be archived.
            "editable_ids": ids(
                "SELECT id FROM customer_complaint WHERE team_id = %s "
                "AND registration_locked IS NOT TRUE AND is_closed IS NOT TRUE "
                "AND active ORDER BY id LIMIT 5",
                staff_team,
            ),
            "portal_complaints": ids(
                "SELECT id FROM customer_complaint WHERE partner_id = %s ORDER BY id",
                bench.ids["portal_partner"],
            ),
            "review_ids": ids("SELECT id FROM customer_review ORDER BY id LIMIT 50"),
        }
    )
)
