"""Back-office users and generated complaints for `make scale`, executed
inside ``odoo-bin shell`` (``env`` given) after tools/stress/prepare.py.

The first call makes the company's staff: ``CC_SCALE_TEAMS`` teams of three
members (``scale_staff_<team>_<n>``), one manager (``scale_manager``),
``CC_SCALE_PARTNERS`` customers and 200 reviews; each call then adds
``CC_SCALE_ADD`` complaints with the bench's SQL generator
(tools/bench/run.py, ``generate_complaints``), in turn to each team and,
with the stress run's portal customers among the customers, to the portal.
Prints one JSON line prefixed with ``SCALE_DATA``.
"""

import importlib.util
import json
import os
from pathlib import Path

from odoo import Command
from odoo.modules.registry import Registry

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

ROOT = Path(os.environ["CC_SCALE_ROOT"])
spec = importlib.util.spec_from_file_location("bench_run", ROOT / "tools/bench/run.py")
bench_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_run)

teams_count = int(os.environ["CC_SCALE_TEAMS"])
partners_count = int(os.environ["CC_SCALE_PARTNERS"])
add = int(os.environ["CC_SCALE_ADD"])
company = env.ref("base.main_company")
# Behind the proxy, as a deployment sets them: links, and the address
# wkhtmltopdf fetches a report's assets from (not the worker rendering it).
for key in ("web.base.url", "report.url"):
    env["ir.config_parameter"].set_param(key, os.environ["CC_SCALE_URL"])
env["ir.config_parameter"].set_param("web.base.url.freeze", "True")
Team = env["customer.complaint.team"]
teams = Team.search([("name", "=like", "Scale Team %")], order="id")
if not teams:
    user_group = env.ref("customer_complaint.group_complaint_user")
    manager_group = env.ref("customer_complaint.group_complaint_manager")
    Users = env["res.users"].with_context(no_reset_password=True)

    def new_users(logins, group):
        return Users.create(
            [
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.com",
                    "group_ids": [Command.link(group.id)],
                }
                for login in logins
            ]
        )

    new_users(["scale_manager"], manager_group)
    for t in range(teams_count):
        members = new_users([f"scale_staff_{t}_{n}" for n in range(3)], user_group)
        teams |= Team.create(
            {
                "name": f"Scale Team {t:02d}",
                "company_id": company.id,
                "user_id": members[0].id,
                "member_ids": [Command.set(members.ids)],
            }
        )
    env["res.partner"].create(
        [
            {"name": f"Scale Customer {i:05d}", "email": f"s{i:05d}@example.com"}
            for i in range(partners_count)
        ]
    )
    env["product.product"].create(
        [{"name": f"Scale Product {i:02d}"} for i in range(20)]
    )
    # Reviews for the staff's review screens (scored 4-5: no complaint due).
    customers = env["res.partner"].search([("name", "=like", "Scale Customer %")])
    env["customer.review"].create(
        [
            {"partner_id": customers[i].id, "score": 4 + i % 2, "channel": "phone"}
            for i in range(min(200, len(customers)))
        ]
    )
    env.cr.commit()

partners = env["res.partner"].search(
    ["|", ("name", "=like", "Scale Customer %"), ("user_ids.login", "=like", "stress%")]
)
members = teams.member_ids.sorted("id")
generated = 0
env.cr.execute("SELECT count(*) FROM customer_complaint WHERE name LIKE 'BCH/%%'")
before = env.cr.fetchone()[0]
if add:
    bench = bench_run.Bench(Registry(env.cr.dbname), 1, 1, 1)
    bench.ids.update(
        admin=env.ref("base.user_admin").id,
        company=company.id,
        team=teams[0].id,
        # In turn to each team, interleaved in the table.
        teams=teams.ids,
        members=members.ids,
        partners=partners.ids,
        products=env["product.product"]
        .search([("name", "=like", "Scale Product %")])
        .ids,
    )
    generated, _with_vacuum = bench_run.generate_complaints(
        bench, add, overdue=0, first=before + 1
    )
    # A new transaction: this cursor's snapshot predates the generator's rows.
    env.cr.commit()
env.cr.execute("SELECT count(*) FROM customer_complaint")
total = env.cr.fetchone()[0]
sample = env["customer.complaint"].search(
    [("team_id", "=", teams[0].id)], limit=20, order="id desc"
)
# Complaints still in registration: their subject may be changed.
editable = env["customer.complaint"].search(
    [
        ("team_id", "=", teams[0].id),
        ("registration_locked", "=", False),
        ("is_closed", "=", False),
    ],
    limit=5,
)
print(
    "SCALE_DATA "
    + json.dumps(
        {
            "complaints": total,
            "generated_seconds": round(generated, 1),
            "staff": [u.login for u in teams[0].member_ids],
            "manager": "scale_manager",
            "form_ids": sample.ids,
            "editable_ids": editable.ids,
        }
    )
)
