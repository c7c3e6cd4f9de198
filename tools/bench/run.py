"""Benchmarks of customer_complaint, run inside Odoo by tools/bench/bench.sh.

Measures wall time and SQL query count (``cursor.sql_log_count``), median of
several runs, of:

1. intake: reviews -> complaints (assigned, notified), the same reviews with
   no complaint due, complaints created directly, and the peer addon's
   ``helpdesk.ticket`` created the same way;
2. the funnel report and the per-stage count on N complaints generated with
   SQL, against hand-written SQL;
3. the kanban (``web_read_group``) and the list page 1 (``web_search_read``)
   against raw SQL pages;
4. the escalation cron over N overdue complaints against one SQL UPDATE;
5. the data of the "Causes and resolutions" report against hand-written SQL;

and the peak memory (RSS) of the process during each of them.

Every write measure runs in its own cursor that is rolled back, so runs are
independent. Prints a table and writes ``tools/bench/results/<date>-<HHMM>.json``.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg2

import odoo
from odoo import api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.sql_db import SQL, Cursor, connection_info_for
from odoo.tools import config

HERE = Path(__file__).resolve().parent
PARTNERS = 1000
MEMBERS = 3
# 30% of the reviews at or under the threshold (3): scores 1, 2, 3.
LOW_SHARE = 3
REJECTED_SHARE = 0.05
KANBAN_LIMIT = 40  # the kanban view's records per column (web client default)
LIST_LIMIT = 80  # the list view's page (web client default)
COUNT_LIMIT = 10001  # the list view asks for a count up to 10,000 (+1)
PRODUCTS = 20
PARTS = ("intake", "direct", "funnel", "views", "escalation", "report", "loaded")


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def memory_kib(key):
    """VmRSS (resident now) or VmHWM (peak since the last reset) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def reset_peak_memory():
    """Linux resets VmHWM to the current RSS when "5" is written here."""
    Path("/proc/self/clear_refs").write_text("5")


class Bench:
    def __init__(self, registry, runs, read_runs, escalation_runs):
        self.registry = registry
        self.runs = runs
        self.read_runs = read_runs
        self.escalation_runs = escalation_runs
        self.figures = {}
        self.ids = {}
        self.memory = (0, 0)

    def env(self, cr, admin=True):
        uid = self.ids["admin"] if admin else api.SUPERUSER_ID
        return api.Environment(cr, uid, {"lang": "en_US", "tz": "UTC"})

    def once(self, action, prepare=None, admin=True):
        """One run in a fresh cursor, rolled back: (seconds, queries, result).
        The process's peak memory during the run is kept in ``self.memory``
        (resident before, peak, in KiB)."""
        cr = self.registry.cursor()
        try:
            env = self.env(cr, admin)
            args = prepare(env) if prepare else ()
            env.flush_all()
            reset_peak_memory()
            before = memory_kib("VmRSS")
            queries = cr.sql_log_count
            start = time.perf_counter()
            result = action(env, *args)
            env.flush_all()
            # What a commit would run (tracking messages...), then rolled back.
            cr.precommit.run()
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - queries
            self.memory = (before, memory_kib("VmHWM"))
            return seconds, queries, result
        finally:
            cr.rollback()
            cr.close()

    def compare(self, cases, runs=None):
        """Measure the cases in turn, run after run, so that a change of load
        on the machine weighs on all of them alike: {key: (figure, result)}."""
        runs = runs or self.runs
        for item in cases:
            if item["warmup"]:
                self.once(item["warmup"], admin=item["admin"])
            elif item["warmup"] is None:
                self.once(item["action"], item["prepare"], item["admin"])
        samples = {item["key"]: ([], [], [], []) for item in cases}
        for _index in range(runs):
            for item in cases:
                run_seconds, run_queries, result = self.once(
                    item["action"], item["prepare"], item["admin"]
                )
                seconds, queries, results, memory = samples[item["key"]]
                seconds.append(run_seconds)
                queries.append(run_queries)
                results[:] = [result]
                memory.append(self.memory)
        measured = {}
        for item in cases:
            seconds, queries, results, memory = samples[item["key"]]
            figure = {
                "label": item["label"],
                "seconds": statistics.median(seconds),
                "runs": [round(s, 4) for s in seconds],
                "queries": statistics.median(queries),
                "queries_runs": queries,
                # Peak resident memory of the process over the runs, and by
                # how much it rose above the resident memory before the run.
                "rss_peak_mb": round(max(peak for _before, peak in memory) / 1024, 1),
                "rss_rise_mb": round(
                    max(peak - before for before, peak in memory) / 1024, 1
                ),
            }
            self.figures[item["key"]] = figure
            measured[item["key"]] = (figure, results[0])
            log(
                f"{item['label']}: {figure['seconds']:.3f} s, "
                f"{figure['queries']:.0f} queries "
                f"(runs {', '.join(f'{s:.3f}' for s in seconds)})"
            )
        return measured

    def profile(self, action, prepare=None):
        """Seconds and query shapes ({shape: count}) of one run."""
        shapes = Counter()
        original = Cursor.execute

        def execute(cr, query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else query
            shapes[query_shape(code)] += 1
            return original(cr, query, params, log_exceptions)

        Cursor.execute = execute
        try:
            seconds, _queries, _result = self.once(action, prepare)
        finally:
            Cursor.execute = original
        return seconds, shapes


def case(key, label, action, prepare=None, warmup=None, admin=True):
    """A measure: ``prepare(env)`` (untimed) gives the arguments of
    ``action(env, *args)``; ``warmup`` is a run of its own before the timed
    ones (None: one run of the action, False: none); ``admin``: as the
    administrator, else as the superuser (as the cron)."""
    return {
        "key": key,
        "label": label,
        "action": action,
        "prepare": prepare,
        "warmup": warmup,
        "admin": admin,
    }


def query_shape(code):
    """A query with its values blanked, so that repeated queries group."""
    text = " ".join(str(code).split())
    text = re.sub(r"VALUES \(.*", "VALUES (...)", text)
    text = re.sub(r"'[^']*'", "?", text)
    text = re.sub(r"\b\d+\b", "N", text)
    text = re.sub(r"(%s|\?|N)(\s*,\s*(%s|\?|N))+", "...", text)
    return text[:150]


def growing_shapes(small, large, factor):
    """Query shapes whose count grows with the batch size (at least half as
    fast as the batch), largest first."""
    rows = []
    for shape, count in large.most_common():
        before = small.get(shape, 0)
        if count - before >= 0.5 * (factor - 1) * max(before, 1) and count >= 10:
            rows.append({"query": shape, "count": count, "count_small": before})
    return rows[:10]


# ---------------------------------------------------------------------------
# Data set
# ---------------------------------------------------------------------------


def prepare_policy(bench):
    """Users, teams, policy and customers, committed once."""
    with bench.registry.cursor() as cr:
        env = bench.env(cr, admin=False)
        company = env.ref("base.main_company")
        group = env.ref("customer_complaint.group_complaint_user")
        users = (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"Bench {name}",
                        "login": f"bench_{name.lower()}",
                        "email": f"bench.{name.lower()}@example.com",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "group_ids": [Command.link(group.id)],
                    }
                    for name in ("Alice", "Bob", "Carol", "Director")
                ]
            )
        )
        members, director = users[:MEMBERS], users[MEMBERS]
        team = env["customer.complaint.team"].create(
            {
                "name": "Bench Team",
                "company_id": company.id,
                "user_id": members[0].id,
                "member_ids": [Command.set(members.ids)],
                "assignment_mode": "round_robin",
            }
        )
        company.write(
            {
                "complaint_review_threshold": 3,
                "complaint_default_team_id": team.id,
                "complaint_notify_user_ids": [Command.set(director.ids)],
                "complaint_notify_mode": "message",
                "complaint_escalation_user_ids": [Command.set(director.ids)],
            }
        )
        partners = env["res.partner"].create(
            [
                {"name": f"Bench Customer {i:04d}", "email": f"c{i:04d}@example.com"}
                for i in range(PARTNERS)
            ]
        )
        products = env["product.product"].create(
            [{"name": f"Bench Product {i:02d}"} for i in range(PRODUCTS)]
        )
        # The peer's team: only where the peer is installed (the screens'
        # timing, tools/scale, reuses this data set without it).
        helpdesk_team = None
        if "helpdesk.ticket.team" in env:
            helpdesk_team = env["helpdesk.ticket.team"].create(
                {"name": "Bench Helpdesk", "user_ids": [Command.set(members.ids)]}
            )
        bench.ids.update(
            admin=env.ref("base.user_admin").id,
            company=company.id,
            team=team.id,
            members=members.ids,
            director=director.id,
            partners=partners.ids,
            products=products.ids,
            helpdesk_team=helpdesk_team.id if helpdesk_team else None,
        )
        cr.commit()


def review_vals(bench, count, low=True):
    """``count`` reviews; with ``low``, 30% are scored 1-3 (a complaint
    each), the rest 4-5; without, all are scored 4-5."""
    partners = bench.ids["partners"]
    vals_list = []
    for index in range(count):
        if low and index % 10 < LOW_SHARE:
            score = 1 + index % 3
        else:
            score = 4 + index % 2
        vals_list.append(
            {
                "partner_id": partners[index % len(partners)],
                "score": score,
                "comment": f"Bench review {index}: the delivery was late.",
                "channel": "website",
            }
        )
    return vals_list


def generate_complaints(bench, count, overdue, first=1):
    """``count`` complaints with SQL, ``overdue`` of the open ones past their
    deadline and not escalated yet, committed and analysed; seconds.
    ``first``: the number of the first one (``BCH/<number>``), to add to
    complaints generated before (their references are unique). The team is
    ``bench.ids["team"]``, or in turn each of ``bench.ids["teams"]`` when
    given."""
    start = time.perf_counter()
    with bench.registry.cursor() as cr:
        env = bench.env(cr, admin=False)
        stages = env["customer.complaint.stage"].search([], order="sequence, id")
        # Waiting stages are a pause, not a step of the funnel: none there.
        regular = stages.filtered(lambda s: not s.requires_reason and not s.is_waiting)
        rejected = stages.filtered("requires_reason")[:1]
        reasons = env["customer.complaint.reject.reason"].search([])
        causes = env["customer.complaint.cause"].search([])
        teams = bench.ids.get("teams") or [bench.ids["team"]]
        cr.execute("SELECT setseed(0.42)")
        cr.execute(
            """
            WITH g AS (
                SELECT i, random() AS r_rej, random() AS r_stage,
                       random() AS r_age, random() AS r_hours, random() AS r_prio
                  FROM generate_series(%(first)s, %(first)s + %(count)s - 1) AS i
            ), s AS (
                SELECT g.*,
                       g.r_rej < %(rejected_share)s AS rejected,
                       CASE WHEN g.r_rej < %(rejected_share)s
                                 THEN 1 + floor(g.r_stage * (%(nregular)s - 1))::int
                            WHEN g.r_stage < 0.10 THEN 1
                            WHEN g.r_stage < 0.20 THEN 2
                            WHEN g.r_stage < 0.30 THEN 3
                            WHEN g.r_stage < 0.40 THEN 4
                            ELSE %(nregular)s END AS k,
                       (now() AT TIME ZONE 'UTC')
                         - make_interval(secs => g.r_age * 730 * 86400) AS received,
                       1 + g.i %% %(ncauses)s AS cause
                  FROM g
            ), t AS (
                SELECT s.*,
                       s.rejected OR (%(closed)s::bool[])[s.k] AS closed,
                       s.rejected OR s.k > 1 AS locked,
                       NOT s.rejected AND (%(closed)s::bool[])[s.k] AS resolved
                  FROM s
            )
            INSERT INTO customer_complaint (
                name, company_id, partner_id, team_id, user_id, subject, channel,
                priority, stage_id, furthest_stage_id, reject_reason_id,
                is_closed, registration_locked, active, kanban_state,
                escalation_level, proposal_state, color, reopen_count, date_received,
                date_first_reaction, date_closed, resolution,
                cause_id, cause_kind, product_id, specialist_id,
                compensation_type, compensation_amount,
                satisfaction_state, satisfaction_score,
                reaction_hours, close_working_hours, sla_deadline, access_token,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BCH/' || lpad(t.i::text, 8, '0'), %(company)s,
                   (%(partners)s::int[])[1 + t.i %% %(npartners)s],
                   (%(teams)s::int[])[1 + t.i %% %(nteams)s],
                   (%(members)s::int[])[1 + t.i %% %(nmembers)s],
                   'Bench complaint ' || t.i,
                   (ARRAY['phone', 'email', 'website', 'social', 'in_person',
                          'review', 'survey', 'other'])[1 + t.i %% 8],
                   (ARRAY['0', '0', '0', '0', '1', '1', '2', '3'])
                       [1 + floor(t.r_prio * 8)::int],
                   CASE WHEN t.rejected THEN %(rejected)s
                        ELSE (%(regular)s::int[])[t.k] END,
                   (%(regular)s::int[])[t.k],
                   CASE WHEN t.rejected
                        THEN (%(reasons)s::int[])[1 + t.i %% %(nreasons)s] END,
                   t.closed, t.locked, true, 'normal', '0', 'none', 0, 0, t.received,
                   CASE WHEN t.locked
                        THEN t.received + make_interval(hours => 1 + t.i %% 30) END,
                   CASE WHEN t.closed
                        THEN t.received + make_interval(
                            hours => 24 + floor(t.r_hours * 200)::int) END,
                   CASE WHEN t.resolved THEN 'Settled.' END,
                   CASE WHEN t.locked THEN (%(causes)s::int[])[t.cause] END,
                   CASE WHEN t.locked THEN (%(kinds)s::varchar[])[t.cause] END,
                   CASE WHEN t.i %% 3 > 0
                        THEN (%(products)s::int[])[1 + t.i %% %(nproducts)s] END,
                   CASE WHEN t.locked
                        THEN (%(members)s::int[])[1 + (t.i / 7) %% %(nmembers)s] END,
                   CASE WHEN t.resolved
                        THEN (ARRAY['none', 'replacement', 'refund', 'discount',
                                    'gift'])[1 + t.i %% 5] END,
                   CASE WHEN t.resolved AND t.i %% 5 IN (2, 3)
                        THEN 5 * (t.i %% 100) END,
                   CASE WHEN t.resolved AND t.i %% 4 = 0 THEN 'answered'
                        WHEN t.resolved AND t.i %% 4 = 1 THEN 'no_answer' END,
                   CASE WHEN t.resolved AND t.i %% 4 = 0 THEN 1 + t.i %% 5 END,
                   CASE WHEN t.locked THEN 1 + t.i %% 30 END,
                   CASE WHEN t.resolved
                        THEN (24 + floor(t.r_hours * 200)) / 3.0 END,
                   CASE WHEN t.closed THEN t.received + interval '5 days'
                        ELSE (now() AT TIME ZONE 'UTC')
                             + make_interval(days => 1 + t.i %% 10) END,
                   -- The portal token every complaint gets at creation
                   -- (a uuid4, the field's default).
                   gen_random_uuid()::text,
                   1, t.received, 1, t.received
              FROM t
            """,
            {
                "count": count,
                "first": first,
                "rejected_share": REJECTED_SHARE,
                "nregular": len(regular),
                "closed": [bool(stage.is_closed) for stage in regular],
                "company": bench.ids["company"],
                "partners": bench.ids["partners"],
                "npartners": len(bench.ids["partners"]),
                "teams": teams,
                "nteams": len(teams),
                "members": bench.ids["members"],
                "nmembers": len(bench.ids["members"]),
                "rejected": rejected.id,
                "regular": regular.ids,
                "reasons": reasons.ids,
                "nreasons": len(reasons),
                "causes": causes.ids,
                "kinds": causes.mapped("kind"),
                "ncauses": len(causes),
                "products": bench.ids["products"],
                "nproducts": len(bench.ids["products"]),
            },
        )
        # The first ``overdue`` open complaints are past their deadline.
        cr.execute(
            """
            UPDATE customer_complaint
               SET sla_deadline = (now() AT TIME ZONE 'UTC') - interval '1 hour'
             WHERE id IN (SELECT id FROM customer_complaint
                           WHERE is_closed IS NOT TRUE AND name LIKE 'BCH/%%'
                           ORDER BY id LIMIT %s)
            """,
            [overdue],
        )
        bench.ids["overdue"] = cr.rowcount
        cr.commit()
    inserted = time.perf_counter() - start
    # VACUUM cannot run in a transaction: an autocommit connection of its own.
    _dbname, params = connection_info_for(bench.registry.db_name)
    connection = psycopg2.connect(**params)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM ANALYZE customer_complaint")
    finally:
        connection.close()
    return inserted, time.perf_counter() - start


# ---------------------------------------------------------------------------
# 1. Intake
# ---------------------------------------------------------------------------


def growth(bench, action, vals_for, size):
    """Query shapes at two batch sizes (a twentieth and a quarter of
    ``size``): those that grow with the batch are the per-record costs."""
    small, large = max(size // 20, 20), max(size // 4, 100)
    seconds_small, shapes_small = bench.profile(action, lambda env: vals_for(small))
    seconds_large, shapes_large = bench.profile(action, lambda env: vals_for(large))
    return {
        "sizes": [small, large],
        "ms_per_record": [
            round(1000 * seconds_small / small, 3),
            round(1000 * seconds_large / large, 3),
        ],
        "queries": [sum(shapes_small.values()), sum(shapes_large.values())],
        "growing": growing_shapes(shapes_small, shapes_large, large / small),
    }


def create_reviews(env, vals_list):
    reviews = env["customer.review"].create(vals_list)
    # The automation rules run in the create; tracking runs when the
    # transaction is flushed (as a commit does): part of the measured work.
    env.cr.flush()
    return reviews


def send_queued_acknowledgements(env):
    env["customer.complaint"]._cron_send_acknowledgements()


def bench_intake(bench, reviews):
    complaints = reviews * LOW_SHARE // 10
    results = {"reviews": reviews, "complaints": complaints}
    log(f"intake: {reviews} reviews, {complaints} of them complaints")

    def queue_acknowledgements(env):
        # The intake acknowledges each complaint in its create; a create of
        # more than 100 complaints (an import) queues them for the cron.
        partners = bench.ids["partners"]
        env["customer.complaint"].create(
            [
                {
                    "partner_id": partners[index % len(partners)],
                    "subject": f"Bench import {index}",
                    "channel": "phone",
                    "team_id": bench.ids["team"],
                }
                for index in range(complaints)
            ]
        )
        env.cr.flush()
        return ()

    bench.compare(
        [
            case(
                "intake_on",
                f"{reviews:,} reviews -> {complaints:,} complaints",
                create_reviews,
                lambda env: (review_vals(bench, reviews),),
                warmup=lambda env: create_reviews(env, review_vals(bench, 100)),
            ),
            case(
                "intake_off",
                f"{reviews:,} reviews, none due (scores 4-5)",
                create_reviews,
                lambda env: (review_vals(bench, reviews, low=False),),
                warmup=False,
            ),
            # The cron's run that sends the queued acknowledgements of an
            # import of as many complaints.
            case(
                "acknowledgements",
                f"{complaints:,} queued acknowledgements (cron)",
                send_queued_acknowledgements,
                queue_acknowledgements,
                warmup=False,
                admin=False,
            ),
        ]
    )
    results["checks"] = intake_checks(bench, reviews, complaints)
    results["growth"] = growth(
        bench, create_reviews, lambda n: (review_vals(bench, n),), reviews
    )
    results["growth_off"] = growth(
        bench, create_reviews, lambda n: (review_vals(bench, n, low=False),), reviews
    )
    return results


def bench_loaded_intake(bench, reviews, complaints):
    """The intake again once the table holds the generated complaints, in
    round robin, then in balanced mode (which counts each member's open
    complaints)."""
    label = f"{reviews:,} reviews, {complaints:,} in table"

    def balanced(env):
        team = env["customer.complaint.team"].browse(bench.ids["team"])
        team.assignment_mode = "balanced"
        return (review_vals(bench, reviews),)

    bench.compare(
        [
            case(
                "intake_loaded",
                f"{label}, round robin",
                create_reviews,
                lambda env: (review_vals(bench, reviews),),
                warmup=False,
            ),
            case(
                "intake_loaded_balanced",
                f"{label}, balanced",
                create_reviews,
                balanced,
                warmup=False,
            ),
        ]
    )


def intake_checks(bench, reviews, complaints):
    """One untimed run: the complaints exist, have owners, activities and
    the director's message."""

    def check(env, vals_list):
        created = create_reviews(env, vals_list)
        made = created.complaint_id
        owners = Counter(complaint.user_id.login for complaint in made)
        activities = env["mail.activity"].search_count(
            [("res_model", "=", "customer.complaint"), ("res_id", "in", made.ids)]
        )
        director = env["res.users"].browse(bench.ids["director"])
        messages = env["mail.message"].search_count(
            [("partner_ids", "in", director.partner_id.ids)]
        )
        return {
            "reviews": len(created),
            "complaints": len(made),
            "with_owner": len(made.filtered("user_id")),
            "owners": dict(owners),
            "owner_activities": activities,
            "director_messages": messages,
            # Sent at once (a small batch) or queued for the cron.
            "acknowledged_or_queued": len(
                made.filtered(lambda c: c.acknowledgement_queued or c.date_acknowledged)
            ),
        }

    _seconds, _queries, checks = bench.once(
        check, lambda env: (review_vals(bench, reviews),)
    )
    log(f"intake checks: {checks}")
    if not (
        checks["complaints"]
        == checks["with_owner"]
        == checks["acknowledged_or_queued"]
        == complaints
    ):
        raise AssertionError(f"intake did not produce the complaints: {checks}")
    return checks


def bench_direct(bench, count):
    """Complaints and peer tickets created directly, one create(vals_list)."""
    partners = bench.ids["partners"]

    def complaint_vals(env, number=count):
        return (
            [
                {
                    "partner_id": partners[index % len(partners)],
                    "subject": f"Bench complaint {index}",
                    "description": f"<p>Bench complaint {index}: damaged.</p>",
                    "channel": "phone",
                    "team_id": bench.ids["team"],
                }
                for index in range(number)
            ],
        )

    def ticket_vals(env, number=count, team=False):
        vals_list = [
            {
                "name": f"Bench ticket {index}",
                "description": f"<p>Bench ticket {index}: damaged.</p>",
                "partner_id": partners[index % len(partners)],
            }
            for index in range(number)
        ]
        if team:
            for vals in vals_list:
                vals["team_id"] = bench.ids["helpdesk_team"]
        return (vals_list,)

    def create(model):
        def create_and_flush(env, vals_list):
            # Both sides flushed: automation rules and tracking run there.
            records = env[model].create(vals_list)
            env.cr.flush()
            return records

        return create_and_flush

    results = {"count": count, "growth": {}}
    cases = (
        ("complaints", "customer.complaint", complaint_vals, "complaints (team)"),
        ("tickets", "helpdesk.ticket", ticket_vals, "peer helpdesk.ticket"),
        (
            "tickets_team",
            "helpdesk.ticket",
            lambda env, number=count: ticket_vals(env, number, team=True),
            "peer helpdesk.ticket (team)",
        ),
    )
    bench.compare(
        [
            case(
                f"direct_{key}",
                f"{count:,} {label}",
                create(model),
                vals,
                warmup=lambda env, model=model, vals=vals: create(model)(
                    env, *vals(env, 100)
                ),
            )
            for key, model, vals, label in cases
        ]
    )
    for key, model, vals, _label in cases:
        results["growth"][key] = growth(
            bench, create(model), lambda n, vals=vals: vals(None, n), count
        )
    return results


# ---------------------------------------------------------------------------
# 2. Funnel and 3. kanban / list
# ---------------------------------------------------------------------------

# Archived complaints count in the funnel (archiving is not deleting).
FUNNEL_SQL = """
    WITH f AS (
        SELECT furthest_stage_id AS stage_id, count(*) AS n,
               count(*) FILTER (WHERE reject_reason_id IS NOT NULL) AS rejected
          FROM customer_complaint
         GROUP BY furthest_stage_id
    )
    SELECT s.id, sum(f.n)::int,
           sum(CASE WHEN fs.id = s.id THEN f.rejected ELSE 0 END)::int
      FROM customer_complaint_stage s
      JOIN customer_complaint_stage fs ON fs.sequence >= s.sequence
      JOIN f ON f.stage_id = fs.id
     WHERE s.active AND s.requires_reason IS NOT TRUE AND s.is_waiting IS NOT TRUE
     GROUP BY s.id, s.sequence
     ORDER BY s.sequence
"""
FURTHEST_SQL = "SELECT furthest_stage_id, count(*) FROM customer_complaint GROUP BY 1"
STAGE_COUNT_SQL = (
    "SELECT stage_id, count(*) FROM customer_complaint WHERE active GROUP BY stage_id"
)
LIST_ORDER = "c.priority DESC, c.date_received DESC, c.id DESC"
PAGE_SQL = f"""
    WITH page AS (
        SELECT c.id, c.name, c.priority, c.date_received, c.subject, c.channel,
               c.sla_deadline, c.is_closed, c.partner_id, c.team_id, c.user_id,
               c.category_id, c.stage_id, c.company_id
          FROM customer_complaint c
         WHERE c.active
         ORDER BY {LIST_ORDER}
         LIMIT {LIST_LIMIT}
    )
    SELECT c.id, c.name, c.priority, c.date_received, c.subject, c.channel,
           c.sla_deadline, c.is_closed, p.name, p.commercial_partner_id, t.name,
           up.name, cat.name, st.name, co.name, a.*
      FROM page c
      JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN customer_complaint_team t ON t.id = c.team_id
      LEFT JOIN res_users u ON u.id = c.user_id
      LEFT JOIN res_partner up ON up.id = u.partner_id
      LEFT JOIN customer_complaint_category cat ON cat.id = c.category_id
      LEFT JOIN customer_complaint_stage st ON st.id = c.stage_id
      JOIN res_company co ON co.id = c.company_id
      -- The list's activity column: the complaint's activities, the next
      -- deadline, its summary, type and icon.
      LEFT JOIN LATERAL (
          SELECT array_agg(a.id ORDER BY a.date_deadline, a.id) AS activity_ids,
                 min(a.date_deadline) AS activity_deadline,
                 (array_agg(a.summary ORDER BY a.date_deadline, a.id))[1],
                 (array_agg(at.icon ORDER BY a.date_deadline, a.id))[1],
                 (array_agg(at.name ORDER BY a.date_deadline, a.id))[1]
            FROM mail_activity a
            LEFT JOIN mail_activity_type at ON at.id = a.activity_type_id
           WHERE a.res_model = 'customer.complaint' AND a.res_id = c.id
      ) a ON true
     ORDER BY {LIST_ORDER}
"""
PAGE_IDS_SQL = f"""
    SELECT c.id FROM customer_complaint c WHERE c.active
     ORDER BY {LIST_ORDER} LIMIT {LIST_LIMIT}
"""
PAGE_COUNT_SQL = f"""
    SELECT count(*) FROM (
        SELECT 1 FROM customer_complaint WHERE active LIMIT {COUNT_LIMIT}) AS c
"""
KANBAN_SQL = f"""
    SELECT s.id, c.*
      FROM customer_complaint_stage s
     CROSS JOIN LATERAL (
        SELECT c.id, c.name, c.subject, c.priority, c.kanban_state, c.channel,
               c.sla_deadline, c.escalation_level, p.name AS customer,
               up.name AS owner
          FROM customer_complaint c
          JOIN res_partner p ON p.id = c.partner_id
          LEFT JOIN res_users u ON u.id = c.user_id
          LEFT JOIN res_partner up ON up.id = u.partner_id
         WHERE c.stage_id = s.id AND c.active
         ORDER BY {LIST_ORDER}
         LIMIT {KANBAN_LIMIT}) AS c
     WHERE s.active AND NOT s.fold
"""
# Not partial: the ORM filters on "active IS TRUE", which PostgreSQL does not
# match with an index "WHERE active".
ORDER_INDEX_SQL = """
    CREATE INDEX bench_complaint_order_index ON customer_complaint
        (priority DESC, date_received DESC, id DESC)
"""
KANBAN_INDEX_SQL = """
    CREATE INDEX bench_complaint_stage_order_index ON customer_complaint
        (stage_id, priority DESC, date_received DESC, id DESC)
"""
PROGRESS_SQL = """
    SELECT stage_id, kanban_state, count(*) FROM customer_complaint
     WHERE active GROUP BY 1, 2
"""


def raw(*queries, params=None):
    """An action running hand-written SQL and fetching every row."""

    def action(env, *_args):
        rows = []
        for query in queries:
            env.cr.execute(query, params)
            rows.append(env.cr.fetchall())
        return rows

    return action


def view_spec(env, view_type):
    """The read specification the web client sends for the view: its fields
    (optional ones hidden by default left out), relations with their name."""
    model = env["customer.complaint"]
    arch = model.get_view(view_type=view_type)["arch"]
    fields = re.findall(r"<field\b[^>]*>", arch)
    spec = {}
    for node in fields:
        name = re.search(r'name="([^"]+)"', node).group(1)
        if 'optional="hide"' in node or name not in model._fields:
            continue
        field = model._fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
            if "color" in env[field.comodel_name]._fields:
                spec[name]["fields"]["color"] = {}
        else:
            spec[name] = {}
    if "activity_ids" in spec:
        # The activity widget's own dependencies.
        spec.update(
            activity_state={},
            activity_exception_decoration={},
            activity_exception_icon={},
            activity_summary={},
            activity_type_icon={},
            activity_type_id={"fields": {"display_name": {}}},
        )
    return spec


def bench_funnel(bench):
    report = "customer.complaint.funnel.report"
    runs = bench.read_runs

    def orm_funnel(env):
        return env[report]._read_group(
            [], ["stage_id"], ["complaint_count:sum", "rejected_count:sum"]
        )

    def orm_stages(env):
        return env["customer.complaint"]._read_group([], ["stage_id"], ["__count"])

    def stage_figures(env):
        """The causes report's and the PDF's funnel: grouped on the
        complaints (furthest stage, closed, rejection reason), then summed
        over the stages in Python."""
        complaints = env["customer.complaint"].with_context(active_test=False)
        return env[report]._stage_figures(complaints, [])

    measured = bench.compare(
        [
            case("funnel_orm", "funnel report _read_group", orm_funnel),
            case("funnel_sql", "funnel, hand-written SQL", raw(FUNNEL_SQL)),
            case(
                "funnel_figures",
                "funnel of the causes report (_stage_figures)",
                stage_figures,
            ),
            case("furthest_sql", "furthest stage count, SQL", raw(FURTHEST_SQL)),
            case("stages_orm", "complaints by stage _read_group", orm_stages),
            case("stages_sql", "complaints by stage, SQL", raw(STAGE_COUNT_SQL)),
        ],
        runs,
    )
    orm_rows, sql_rows = measured["funnel_orm"][1], measured["funnel_sql"][1]
    orm_stage_rows = measured["stages_orm"][1]
    sql_stage_rows = measured["stages_sql"][1]
    funnel_orm = {stage.id: [n, r] for stage, n, r in orm_rows}
    funnel_sql = {row[0]: [row[1], row[2]] for row in sql_rows[0]}
    funnel_figures = {
        row["stage_id"].id: [row["entered"], row["rejected"]]
        for row in measured["funnel_figures"][1]
    }
    stages_orm = {stage.id: n for stage, n in orm_stage_rows}
    stages_sql = dict(sql_stage_rows[0])
    return {
        "funnel": {str(k): v for k, v in funnel_orm.items()},
        "funnel_matches_sql": funnel_orm == funnel_sql,
        "funnel_figures_match_sql": funnel_figures == funnel_sql,
        "stages": {str(k): v for k, v in stages_orm.items()},
        "stages_match_sql": stages_orm == stages_sql,
    }


def bench_views(bench):
    runs = bench.read_runs
    results = {}

    def kanban(env, spec):
        model = env["customer.complaint"].with_context(read_group_expand=True)
        return model.web_read_group(
            [],
            ["stage_id"],
            [],
            auto_unfold=True,
            opening_info=[],
            unfold_read_specification=spec,
            unfold_read_default_limit=KANBAN_LIMIT,
            groupby_read_specification={
                "stage_id": {"display_name": {}, "description": {}}
            },
        )

    def progress(env):
        return env["customer.complaint"].read_progress_bar(
            [],
            "stage_id",
            {
                "field": "kanban_state",
                "colors": {"normal": "muted", "done": "success", "blocked": "danger"},
            },
        )

    def list_page(env, spec):
        return env["customer.complaint"].web_search_read(
            [],
            spec,
            limit=LIST_LIMIT,
            count_limit=COUNT_LIMIT,
        )

    def spec(view_type, index=None):
        """Untimed: the view's read specification (the web client has it
        already), after creating ``index`` when given."""

        def prepare(env):
            if index:
                env.cr.execute(index)
                env.cr.execute("ANALYZE customer_complaint")
            return (view_spec(env, view_type),)

        return prepare

    page_sql = raw(PAGE_SQL, PAGE_COUNT_SQL)
    kanban_sql = raw(STAGE_COUNT_SQL, KANBAN_SQL)
    measured = bench.compare(
        [
            case("kanban_orm", "kanban web_read_group", kanban, spec("kanban")),
            case("kanban_sql", "kanban counts and columns, SQL", kanban_sql),
            case(
                "kanban_sql_index",
                "kanban counts and columns, SQL, index",
                kanban_sql,
                spec("kanban", KANBAN_INDEX_SQL),
            ),
            case(
                "kanban_orm_index",
                "kanban web_read_group, stage+order index",
                kanban,
                spec("kanban", KANBAN_INDEX_SQL),
            ),
            case("progress_orm", "kanban read_progress_bar", progress),
            case("progress_sql", "progress bar, SQL", raw(PROGRESS_SQL)),
            case("list_orm", "list page 1 web_search_read", list_page, spec("list")),
            case("list_sql", "list page 1, SQL (same order)", page_sql),
            case(
                "list_sql_index",
                "list page 1, SQL, order index",
                page_sql,
                spec("list", ORDER_INDEX_SQL),
            ),
            case(
                "list_orm_index",
                "list page 1 web_search_read, order index",
                list_page,
                spec("list", ORDER_INDEX_SQL),
            ),
        ],
        runs,
    )
    results["list_length"] = measured["list_orm"][1]["length"]
    results["list_plan"] = explain(bench, PAGE_IDS_SQL)
    results["list_plan_order_index"] = explain(bench, PAGE_IDS_SQL, ORDER_INDEX_SQL)
    return results


# ---------------------------------------------------------------------------
# 4. Escalation and 5. causes-and-resolutions report
# ---------------------------------------------------------------------------

ESCALATE_SQL = """
    UPDATE customer_complaint
       SET escalation_level = '1', date_escalated = now() AT TIME ZONE 'UTC'
     WHERE company_id = %(company)s AND is_closed IS NOT TRUE AND active
       AND sla_deadline < now() AT TIME ZONE 'UTC' AND escalation_level < '1'
"""
REPORT_WHERE = """
    c.active AND c.company_id = %(company)s
    AND c.date_received >= %(date_from)s AND c.date_received < %(date_to)s
"""
REPORT_SQL = (
    f"""
    SELECT count(*),
           count(*) FILTER (WHERE c.is_closed AND c.reject_reason_id IS NULL),
           count(*) FILTER (WHERE c.reject_reason_id IS NOT NULL),
           count(*) FILTER (WHERE c.is_closed IS NOT TRUE),
           avg(c.reaction_hours) FILTER (WHERE c.date_first_reaction IS NOT NULL),
           percentile_cont(0.9) WITHIN GROUP (ORDER BY c.reaction_hours)
               FILTER (WHERE c.date_first_reaction IS NOT NULL),
           avg(c.close_working_hours)
               FILTER (WHERE c.is_closed AND c.reject_reason_id IS NULL),
           percentile_cont(0.9) WITHIN GROUP (ORDER BY c.close_working_hours)
               FILTER (WHERE c.is_closed AND c.reject_reason_id IS NULL),
           count(*) FILTER (WHERE c.is_closed AND c.reject_reason_id IS NULL
                                  AND c.escalation_level = '0'),
           avg(c.satisfaction_score) FILTER (WHERE c.satisfaction_state = 'answered'),
           count(*) FILTER (WHERE c.satisfaction_state = 'answered'),
           coalesce(sum(c.compensation_amount), 0)
      FROM customer_complaint c WHERE {REPORT_WHERE}
    """,
    f"""
    SELECT k.name->>'en_US', k.kind, n FROM (
        SELECT c.cause_id, count(*) AS n FROM customer_complaint c
         WHERE {REPORT_WHERE} AND c.cause_id IS NOT NULL GROUP BY 1) AS g
      JOIN customer_complaint_cause k ON k.id = g.cause_id
     ORDER BY n DESC
    """,
    f"""
    WITH f AS (
        SELECT furthest_stage_id AS stage_id, count(*) AS n,
               count(*) FILTER (WHERE reject_reason_id IS NOT NULL) AS rejected
          FROM customer_complaint c WHERE {REPORT_WHERE}
         GROUP BY furthest_stage_id
    )
    SELECT s.name->>'en_US', sum(f.n)::int,
           sum(CASE WHEN fs.id = s.id THEN f.rejected ELSE 0 END)::int
      FROM customer_complaint_stage s
      JOIN customer_complaint_stage fs ON fs.sequence >= s.sequence
      JOIN f ON f.stage_id = fs.id
     WHERE s.active AND s.requires_reason IS NOT TRUE AND s.is_waiting IS NOT TRUE
     GROUP BY s.id, s.sequence
     ORDER BY s.sequence
    """,
    f"""
    SELECT c.cause_kind, count(*) FROM customer_complaint c
     WHERE {REPORT_WHERE} AND c.cause_kind IS NOT NULL GROUP BY 1
    """,
    f"""
    SELECT c.compensation_type, count(*), sum(c.compensation_amount)
      FROM customer_complaint c
     WHERE {REPORT_WHERE} AND c.compensation_type IS NOT NULL
     GROUP BY 1 ORDER BY 2 DESC
    """,
    f"""
    SELECT t.name->>'en_US', g.n FROM (
        SELECT c.product_id, count(*) AS n FROM customer_complaint c
         WHERE {REPORT_WHERE} AND c.product_id IS NOT NULL
         GROUP BY 1 ORDER BY 2 DESC LIMIT 5) AS g
      JOIN product_product p ON p.id = g.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
     ORDER BY g.n DESC
    """,
    f"""
    SELECT p.name, g.n FROM (
        SELECT c.specialist_id, count(*) AS n FROM customer_complaint c
         WHERE {REPORT_WHERE} AND c.specialist_id IS NOT NULL
         GROUP BY 1 ORDER BY 2 DESC LIMIT 5) AS g
      JOIN res_users u ON u.id = g.specialist_id
      JOIN res_partner p ON p.id = u.partner_id
     ORDER BY g.n DESC
    """,
)


def bench_escalation(bench):
    """The escalation cron's work on the overdue complaints against one SQL
    UPDATE of the same rows (level 1, the deadline passed an hour ago)."""
    overdue = bench.ids["overdue"]

    def escalate(env):
        return env["customer.complaint"]._escalate_overdue()

    def update(env):
        env.cr.execute(ESCALATE_SQL, {"company": bench.ids["company"]})
        return env.cr.rowcount

    def checks(env):
        """The generated overdue complaints get level 1, an activity and a
        log message each; other complaints of the database (demo data) may
        be due too."""
        company = env["res.company"].browse(bench.ids["company"])
        env.cr.execute(
            """
            SELECT count(*) FILTER (WHERE escalation_level = '0'),
                   count(*) FILTER (WHERE escalation_level = '1'
                                      AND sla_deadline < %(now)s - %(delay)s
                                      AND (date_escalated IS NULL
                                           OR date_escalated < %(now)s - %(delay)s))
              FROM customer_complaint
             WHERE company_id = %(company)s AND is_closed IS NOT TRUE AND active
               AND sla_deadline < %(now)s
            """,
            {
                "company": company.id,
                "now": datetime.datetime.now(),
                "delay": datetime.timedelta(hours=company.complaint_escalation_hours),
            },
        )
        due = sum(env.cr.fetchone())
        escalated = env["customer.complaint"]._escalate_overdue()
        env.flush_all()
        # Each side read on its own and matched in Python: the statistics
        # of the mail tables predate the 100,000 rows just added, and a join
        # planned on them (a nested loop over 1,000,000 complaints per
        # message) ran for more than 11 minutes.
        env.cr.execute(
            "SELECT id FROM customer_complaint "
            "WHERE escalation_level = '1' AND name LIKE 'BCH/%%'"
        )
        generated = {row[0] for row in env.cr.fetchall()}
        env.cr.execute(
            "SELECT res_id FROM mail_activity WHERE res_model = 'customer.complaint' "
            "AND summary LIKE '%%complaint escalated (%%'"
        )
        activities = sum(1 for (res_id,) in env.cr.fetchall() if res_id in generated)
        env.cr.execute(
            "SELECT res_id FROM mail_message WHERE model = 'customer.complaint' "
            "AND body LIKE '<p>Escalated to Level 1: deadline %%'"
        )
        messages = sum(1 for (res_id,) in env.cr.fetchall() if res_id in generated)
        level = len(generated)
        return {
            "escalated": escalated,
            "due": due,
            "level_1": level,
            "activities": activities,
            "messages": messages,
        }

    label = f"{overdue:,} overdue"
    measured = bench.compare(
        [
            case(
                "escalation_orm",
                f"escalation cron, {label}",
                escalate,
                warmup=False,
                admin=False,
            ),
            case(
                "escalation_sql",
                f"escalation, one SQL UPDATE, {label}",
                update,
                warmup=False,
            ),
        ],
        bench.escalation_runs,
    )
    _seconds, _queries, found = bench.once(checks, admin=False)
    found["sql_rows"] = measured["escalation_sql"][1]
    log(f"escalation checks: {found}")
    expected = {
        "escalated": found["due"],
        "due": found["due"],
        "level_1": overdue,
        "activities": overdue,
        "messages": overdue,
        "sql_rows": found["sql_rows"],
    }
    if found["sql_rows"] < overdue:
        raise AssertionError(f"the SQL UPDATE escalated too few: {found}")
    if found != expected:
        raise AssertionError(f"escalation: expected {expected}, found {found}")
    return {"overdue": overdue, "checks": found}


def bench_report(bench):
    """The numbers behind the Causes and Resolutions PDF, over every
    generated complaint (a period of three years), against hand-written SQL
    computing the same figures."""
    today = datetime.date.today()
    date_from = today - datetime.timedelta(days=3 * 365)
    params = {
        "company": bench.ids["company"],
        "date_from": date_from,
        "date_to": today + datetime.timedelta(days=1),
    }

    def wizard(env):
        return (
            env["customer.complaint.causes.report"].create(
                {
                    "date_from": date_from,
                    "date_to": today,
                    "company_id": bench.ids["company"],
                }
            ),
        )

    def orm(env, report):
        return report._get_report_data()

    measured = bench.compare(
        [
            case("report_orm", "causes report data (_get_report_data)", orm, wizard),
            case(
                "report_sql",
                "causes report data, hand-written SQL",
                raw(*REPORT_SQL, params=params),
            ),
        ],
        bench.read_runs,
    )
    data, rows = measured["report_orm"][1], measured["report_sql"][1]
    totals, causes, funnel = rows[0][0], rows[1], rows[2]
    found = {
        "total": data["total"],
        "closed": data["closed"],
        "rejected": data["rejected"],
        "open": data["open"],
        "causes": {c["name"]: c["count"] for c in data["causes"]},
        "funnel": [(f["stage"], f["entered"], f["rejected"]) for f in data["funnel"]],
        "compensation_total": float(data["compensation_total"]),
    }
    expected = {
        "total": totals[0],
        "closed": totals[1],
        "rejected": totals[2],
        "open": totals[3],
        "causes": {name: count for name, _kind, count in causes},
        "funnel": [tuple(row) for row in funnel],
        "compensation_total": float(totals[11]),
    }
    matches = found == expected
    log(f"report: {data['total']:,} complaints, ORM = SQL: {matches}")
    if not matches:
        raise AssertionError(f"report data differ: ORM {found}, SQL {expected}")
    return {"total": data["total"], "matches_sql": matches}


def explain(bench, query, before=None):
    """The plan of the query (rolled back after ``before``)."""
    cr = bench.registry.cursor()
    try:
        if before:
            cr.execute(before)
            cr.execute("ANALYZE customer_complaint")
        cr.execute(f"EXPLAIN {query}")
        return [" ".join(line.split()) for (line,) in cr.fetchall()][:8]
    finally:
        cr.rollback()
        cr.close()


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def ratio(numerator, denominator):
    return round(numerator / denominator, 2) if denominator else None


RATIOS = (
    # name, numerator, denominator (figures' seconds)
    ("automation_overhead_on_vs_off", "intake_on", "intake_off"),
    ("intake_loaded_vs_empty_table", "intake_loaded", "intake_on"),
    (
        "intake_loaded_balanced_vs_round_robin",
        "intake_loaded_balanced",
        "intake_loaded",
    ),
    ("funnel_orm_vs_sql", "funnel_orm", "funnel_sql"),
    ("funnel_orm_vs_furthest_count_sql", "funnel_orm", "furthest_sql"),
    ("funnel_figures_vs_sql", "funnel_figures", "funnel_sql"),
    ("stages_orm_vs_sql", "stages_orm", "stages_sql"),
    ("kanban_orm_vs_sql", "kanban_orm", "kanban_sql"),
    ("kanban_orm_vs_sql_both_with_index", "kanban_orm_index", "kanban_sql_index"),
    (
        "kanban_orm_without_vs_with_stage_order_index",
        "kanban_orm",
        "kanban_orm_index",
    ),
    ("progress_orm_vs_sql", "progress_orm", "progress_sql"),
    ("list_orm_vs_sql", "list_orm", "list_sql"),
    ("list_orm_vs_sql_both_with_index", "list_orm_index", "list_sql_index"),
    ("list_orm_without_vs_with_order_index", "list_orm", "list_orm_index"),
    ("escalation_orm_vs_sql_update", "escalation_orm", "escalation_sql"),
    ("report_orm_vs_sql", "report_orm", "report_sql"),
)


def summarise(bench, info):
    """Rates of the figures, and the ratios of those that were measured."""
    f = bench.figures
    ratios = {}
    if "intake" in info:
        reviews = info["intake"]["reviews"]
        complaints = info["intake"]["complaints"]
        for key in ("intake_on", "intake_loaded", "intake_loaded_balanced"):
            if key in f:
                f[key].update(
                    reviews_per_s=reviews / f[key]["seconds"],
                    complaints_per_s=complaints / f[key]["seconds"],
                    queries_per_complaint=f[key]["queries"] / complaints,
                )
        off = f["intake_off"]
        off.update(reviews_per_s=reviews / off["seconds"])
        acknowledgements = f["acknowledgements"]
        acknowledgements.update(
            per_s=complaints / acknowledgements["seconds"],
            queries_per_record=acknowledgements["queries"] / complaints,
        )
        ratios["automation_ms_per_complaint"] = round(
            1000 * (f["intake_on"]["seconds"] - off["seconds"]) / complaints, 3
        )
    if "direct" in info:
        count = info["direct"]["count"]
        for key in ("direct_complaints", "direct_tickets", "direct_tickets_team"):
            f[key].update(
                per_s=count / f[key]["seconds"],
                queries_per_record=f[key]["queries"] / count,
            )
        tickets = f["direct_tickets"]["per_s"]
        ratios.update(
            direct_complaints_per_s_vs_tickets_per_s=ratio(
                f["direct_complaints"]["per_s"], tickets
            ),
            direct_complaints_per_s_vs_team_tickets_per_s=ratio(
                f["direct_complaints"]["per_s"], f["direct_tickets_team"]["per_s"]
            ),
        )
        if "intake_on" in f:
            ratios["intake_complaints_per_s_vs_tickets_per_s"] = ratio(
                f["intake_on"]["complaints_per_s"], tickets
            )
    if "escalation" in info:
        overdue = info["escalation"]["overdue"]
        for key in ("escalation_orm", "escalation_sql"):
            f[key].update(per_s=overdue / f[key]["seconds"])
            f[key].update(queries_per_record=f[key]["queries"] / overdue)
    for name, numerator, denominator in RATIOS:
        if numerator in f and denominator in f:
            ratios[name] = ratio(f[numerator]["seconds"], f[denominator]["seconds"])
    return ratios


SECTIONS = (
    (
        "1. Intake (one create(vals_list), rolled back)",
        ("intake_on", "intake_off", "acknowledgements", "direct_complaints"),
    ),
    (
        "",
        (
            "direct_tickets",
            "direct_tickets_team",
            "intake_loaded",
            "intake_loaded_balanced",
        ),
    ),
    (
        "2. Funnel and counts on {complaints:,} complaints",
        (
            "funnel_orm",
            "funnel_sql",
            "funnel_figures",
            "furthest_sql",
            "stages_orm",
            "stages_sql",
        ),
    ),
    (
        "3. Kanban and list",
        (
            "kanban_orm",
            "kanban_sql",
            "kanban_sql_index",
            "kanban_orm_index",
            "progress_orm",
            "progress_sql",
            "list_orm",
            "list_sql",
            "list_sql_index",
            "list_orm_index",
        ),
    ),
    (
        "4. Escalation and 5. causes and resolutions report",
        ("escalation_orm", "escalation_sql", "report_orm", "report_sql"),
    ),
)


def rate(figure):
    if "complaints_per_s" in figure:
        return (
            f"{figure['reviews_per_s']:,.0f} rev/s, "
            f"{figure['complaints_per_s']:,.0f} cmp/s, "
            f"{figure['queries_per_complaint']:.3f} q/cmp"
        )
    if "reviews_per_s" in figure:
        return f"{figure['reviews_per_s']:,.0f} rev/s"
    if "per_s" in figure:
        return f"{figure['per_s']:,.0f} /s, {figure['queries_per_record']:.3f} q/rec"
    return ""


def print_table(bench, info, ratios):
    lines = [
        "",
        f"customer_complaint bench: {info['date']}, database {info['database']}, "
        f"median of {bench.runs} runs (reads: {bench.read_runs}, escalation: "
        f"{bench.escalation_runs}), {info['machine']['cpus']} CPUs, load average "
        f"{info['machine']['load_before']} before, "
        f"{info['machine']['load_after']} after",
    ]
    header = f"{'':52} {'median s':>10} {'queries':>8} {'RSS MB':>7} {'+MB':>6}  rate"
    for title, keys in SECTIONS:
        keys = [key for key in keys if key in bench.figures]
        if title and keys:
            lines += ["", title.format(**info["sizes"]), header]
        for key in keys:
            figure = bench.figures[key]
            lines.append(
                f"  {figure['label']:50} {figure['seconds']:10.4f} "
                f"{figure['queries']:8.0f} {figure['rss_peak_mb']:7.0f} "
                f"{figure['rss_rise_mb']:6.0f}  {rate(figure)}"
            )
    lines += ["", "Checks"]
    if "intake" in info:
        lines.append(f"  intake: {info['intake']['checks']}")
    if "funnel" in info:
        funnel = info["funnel"]
        lines.append(
            f"  funnel ORM = SQL: {funnel['funnel_matches_sql']}, "
            f"causes report's funnel = SQL: {funnel['funnel_figures_match_sql']}, "
            f"stage counts ORM = SQL: {funnel['stages_match_sql']}"
        )
    if "views" in info:
        views = info["views"]
        lines += [
            f"  list page plan: {' / '.join(views['list_plan'][:3])}",
            f"    with the order index: "
            f"{' / '.join(views['list_plan_order_index'][:3])}",
        ]
    if "escalation" in info:
        lines.append(f"  escalation: {info['escalation']['checks']}")
    if "report" in info:
        report = info["report"]
        lines.append(
            f"  report: {report['total']:,} complaints, "
            f"ORM = SQL: {report['matches_sql']}"
        )
    if "generation_seconds" in info:
        lines.append(
            f"  generated {info['sizes']['complaints']:,} complaints in "
            f"{info['generation_seconds']['insert']} s "
            f"({info['generation_seconds']['with_vacuum']} s with VACUUM ANALYZE)"
        )
    lines += ["", "Ratios"]
    lines += [f"  {name:52} {value}" for name, value in ratios.items()]
    growths = []
    if "intake" in info:
        growths += [("intake", info["intake"]["growth"])]
        growths += [("intake, none due", info["intake"]["growth_off"])]
    if "direct" in info:
        growths += list(info["direct"]["growth"].items())
    if growths:
        lines += ["", "Queries that grow with the batch (count at two batch sizes)"]
    for name, found in growths:
        small, large = found["sizes"]
        per_record = found["ms_per_record"]
        lines.append(
            f"  {name}: {found['queries'][0]} queries for {small}, "
            f"{found['queries'][1]} for {large} "
            f"({per_record[0]} -> {per_record[1]} ms per record)"
        )
        lines += [
            f"    {row['count_small']:>5} -> {row['count']:>5}  {row['query'][:100]}"
            for row in found["growing"]
        ]
    print("\n".join(lines), flush=True)


def machine():
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "odoo": odoo.release.version,
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


def peer_version(env):
    module = env["ir.module.module"].search([("name", "=", "helpdesk_mgmt")])
    return module.latest_version


def env_int(name, default):
    return int(os.environ.get(name) or default)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--http-interface", default="127.0.0.1")
    parser.add_argument("--http-port", default="8095")
    parser.add_argument(
        "--output", help="the JSON file (default: bench/results/<date>-<HHMM>.json)"
    )
    args = parser.parse_args()
    sizes = {
        "reviews": env_int("BENCH_REVIEWS", 10000),
        "complaints": env_int("BENCH_COMPLAINTS", 1000000),
        "overdue": env_int("BENCH_OVERDUE", 100000),
    }
    parts = (os.environ.get("BENCH_PARTS") or ",".join(PARTS)).split(",")
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"BENCH_PARTS: unknown {', '.join(sorted(unknown))}")
    config.parse_config(
        [
            f"--database={args.database}",
            f"--addons-path={args.addons_path}",
            f"--http-interface={args.http_interface}",
            f"--http-port={args.http_port}",
            "--log-level=warn",
        ]
    )
    registry = Registry(args.database)
    bench = Bench(
        registry,
        runs=env_int("BENCH_RUNS", 3),
        read_runs=env_int("BENCH_READ_RUNS", 5),
        escalation_runs=env_int("BENCH_ESCALATION_RUNS", 2),
    )
    info = {
        "date": datetime.date.today().isoformat(),
        "database": args.database,
        "machine": machine(),
        "sizes": sizes,
        "parts": parts,
        "runs": bench.runs,
        "read_runs": bench.read_runs,
        "escalation_runs": bench.escalation_runs,
        "command": "make bench",
    }
    prepare_policy(bench)
    with registry.cursor() as cr:
        info["peer"] = {
            "module": "helpdesk_mgmt",
            "version": peer_version(bench.env(cr)),
        }
    started = time.perf_counter()
    if "intake" in parts:
        info["intake"] = bench_intake(bench, sizes["reviews"])
    if "direct" in parts:
        info["direct"] = bench_direct(bench, sizes["reviews"] * LOW_SHARE // 10)
    # Only the parts that read the generated complaints need them.
    if set(parts) & {"funnel", "views", "escalation", "report", "loaded"}:
        log(f"generating {sizes['complaints']:,} complaints with SQL")
        inserted, generated = generate_complaints(
            bench, sizes["complaints"], sizes["overdue"]
        )
        info["generation_seconds"] = {
            "insert": round(inserted, 1),
            "with_vacuum": round(generated, 1),
        }
        log(f"generated in {inserted:.1f} s ({generated:.1f} s with VACUUM ANALYZE)")
    if "funnel" in parts:
        info["funnel"] = bench_funnel(bench)
    if "views" in parts:
        info["views"] = bench_views(bench)
    if "escalation" in parts:
        info["escalation"] = bench_escalation(bench)
    if "report" in parts:
        info["report"] = bench_report(bench)
    if "loaded" in parts:
        bench_loaded_intake(bench, sizes["reviews"], sizes["complaints"])
    info["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    ratios = summarise(bench, info)
    print_table(bench, info, ratios)
    result = {**info, "figures": bench.figures, "ratios": ratios}
    # The date and time (UTC) name the file: runs of a day do not overwrite.
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d-%H%M")
    out = Path(args.output) if args.output else HERE / "results" / f"{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
    tmp.replace(out)
    log(f"written {out}")


if __name__ == "__main__":
    main()
