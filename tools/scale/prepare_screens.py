"""Data for timing the screens, run inside ``odoo-bin shell`` (``env`` given).

Brings the database to ``SCREENS_COMPLAINTS`` generated complaints with the
bench's SQL generator (``tools/bench/run.py``: ``prepare_policy`` and
``generate_complaints``, imported, not copied), then prints one line
``SCREENS_DATA {json}`` with the logins and ids the screens need. Run it
again with a larger size to top the same database up: the complaints
already there stay, the new ones are numbered after them.

What it adds beside the bench's data, once:

- ``SCREENS_TEAMS`` (20) teams; the generated complaints go to each in turn
  (``bench.ids["teams"]``), interleaved in the table as complaints of
  several teams arrive. The staff user ``screens_staff`` is a member of
  one of them only, so that the record rule shows them a team's share
  (a twentieth), as in a company of that size;
- ``screens_manager`` (complaint manager: every complaint);
- ``screens_portal``, a portal customer whose partner is the customer of
  ``SCREENS_PORTAL_COMPLAINTS`` (30) of the first generated complaints,
  whatever the size;
- reviews, half as many as complaints, in SQL like the complaints (scores 1
  to 5, two years of dates, the bench's customers and products): the review
  screens and the satisfaction analysis read them.

Passwords are the logins.
"""

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from odoo import Command

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

# Read from stdin by the shell (no __file__): run from the repository's root,
# or name it in CC_ROOT.
ROOT = Path(os.environ.get("CC_ROOT") or os.getcwd())
BENCH = ROOT / "tools" / "bench" / "run.py"
PARAM = "customer_complaint.screens_bench_ids"
TARGET = int(os.environ.get("SCREENS_COMPLAINTS", 10000))
TEAMS = int(os.environ.get("SCREENS_TEAMS", 20))
PORTAL_COMPLAINTS = int(os.environ.get("SCREENS_PORTAL_COMPLAINTS", 30))
REVIEWS_PER_COMPLAINT = float(os.environ.get("SCREENS_REVIEWS_PER_COMPLAINT", 0.5))
OVERDUE_SHARE = 0.1  # as the bench: 100,000 of 1,000,000


def log(message):
    print(f"[screens-data] {message}", file=sys.stderr, flush=True)


spec = importlib.util.spec_from_file_location("cc_bench_run", BENCH)
bench_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_run)

bench = bench_run.Bench(env.registry, runs=1, read_runs=1, escalation_runs=1)
param = env["ir.config_parameter"].sudo()
saved = param.get_param(PARAM)
if saved:
    bench.ids.update(json.loads(saved))
else:
    env.cr.commit()  # prepare_policy commits in a cursor of its own
    bench_run.prepare_policy(bench)
    env.invalidate_all()
    company = env["res.company"].browse(bench.ids["company"])
    members = env["res.users"].browse(bench.ids["members"])
    Users = env["res.users"].with_context(no_reset_password=True)
    staff, manager = Users.create(
        [
            {
                "name": f"Screens {role.title()}",
                "login": f"screens_{role}",
                "password": f"screens_{role}",
                "email": f"screens.{role}@example.com",
                # As a browser's first login sets it (a user's timezone).
                "tz": "UTC",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "group_ids": [Command.link(env.ref(group).id)],
            }
            for role, group in (
                ("staff", "customer_complaint.group_complaint_user"),
                ("manager", "customer_complaint.group_complaint_manager"),
            )
        ]
    )
    portal = Users.create(
        {
            "name": "Screens Customer",
            "login": "screens_portal",
            "password": "screens_portal",
            "email": "screens.portal@example.com",
            "tz": "UTC",
            "group_ids": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    teams = env["customer.complaint.team"].browse(bench.ids["team"])
    teams |= env["customer.complaint.team"].create(
        [
            {
                "name": f"Screens Team {index:02d}",
                "company_id": company.id,
                "user_id": members[index % len(members)].id,
                "member_ids": [Command.set(members.ids)],
            }
            for index in range(1, TEAMS)
        ]
    )
    # The staff user works in one team: a twentieth of the complaints.
    teams[1].member_ids = [Command.link(staff.id)]
    bench.ids.update(
        teams=teams.ids,
        staff=staff.id,
        manager=manager.id,
        portal=portal.id,
        portal_partner=portal.partner_id.id,
        staff_team=teams[1].id,
        generated=0,
        reviews=0,
    )
    param.set_param(PARAM, json.dumps(bench.ids))
    env.cr.commit()

generated = bench.ids["generated"]
missing = TARGET - generated
if missing > 0:
    log(f"generating {missing:,} complaints over {len(bench.ids['teams'])} teams")
    start = time.perf_counter()
    # Interleaved, as complaints of several teams arrive: each team's are
    # spread over the table, not stored together.
    bench_run.generate_complaints(
        bench, missing, int(TARGET * OVERDUE_SHARE), first=generated + 1
    )
    generated += missing
    log(f"generated in {time.perf_counter() - start:.0f} s")
    env.invalidate_all()
    if not bench.ids["reviews"]:
        # The portal customer's complaints: the first ones, once.
        env.cr.execute(
            """
            UPDATE customer_complaint SET partner_id = %s
             WHERE id IN (SELECT id FROM customer_complaint
                           WHERE name LIKE 'BCH/%%' ORDER BY id LIMIT %s)
            """,
            [bench.ids["portal_partner"], PORTAL_COMPLAINTS],
        )
    reviews = int(generated * REVIEWS_PER_COMPLAINT) - bench.ids["reviews"]
    env.cr.execute("SELECT setseed(0.24)")
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
               s.score <= 3, 1, s.date, 1, s.date
          FROM generate_series(%(first)s, %(first)s + %(count)s - 1) AS g(i)
          CROSS JOIN LATERAL (
              SELECT 1 + floor(random() * 5)::int + 0 * g.i AS score,
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

env.cr.execute(
    "SELECT id FROM customer_complaint WHERE partner_id = %s ORDER BY id",
    [bench.ids["portal_partner"]],
)
portal_complaints = [row[0] for row in env.cr.fetchall()]
env.cr.execute(
    "SELECT id FROM customer_complaint WHERE team_id = %s ORDER BY id LIMIT 50",
    [bench.ids["staff_team"]],
)
staff_complaints = [row[0] for row in env.cr.fetchall()]
env.cr.execute("SELECT id FROM customer_review ORDER BY id LIMIT 50")
review_ids = [row[0] for row in env.cr.fetchall()]
print(
    "SCREENS_DATA "
    + json.dumps(
        {
            "complaints": generated,
            "reviews": bench.ids["reviews"],
            "logins": {
                "staff": "screens_staff",
                "manager": "screens_manager",
                "portal": "screens_portal",
            },
            "staff_complaints": staff_complaints,
            "portal_complaints": portal_complaints,
            "review_ids": review_ids,
        }
    )
)
