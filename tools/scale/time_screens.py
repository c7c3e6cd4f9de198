"""Time the app's screens as a browser opens them, against one Odoo server.

    python tools/scale/time_screens.py URL DB[,DB...] LOGIN... [--only a,b] [--out FILE]

LOGIN is ``role=login[:password]`` (roles ``staff``, ``manager``, ``portal``)
or, without ``role=``, the logins of those roles in that order; the password
defaults to the login (as ``prepare.py`` makes them). Each screen of
``screens.SCREENS`` is opened once untimed (warm-up), then ``SCREENS_RUNS``
(20) times as its role's user. Several databases of the same server (its
``--db-filter`` letting them through) are timed in one run: each screen is
opened in each database in turn, run after run, so that a change of load on
the machine weighs on all of them alike, and the table gives the ratio of
the p95 of the last database to the first's.

Prints the p50 and p95 (nearest rank) of each screen's wall time (its
calls, those the browser sends at once in parallel) and writes them, with
every run and each call's p50, to a JSON file (``--out``, default
``/tmp/cc_screens_<time>.json``). A failed call fails the run: exit status
1, the errors counted per screen.
"""

import argparse
import datetime
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import screens  # noqa: E402

ROLES = ("staff", "manager", "portal")


def percentile(values, share):
    """Nearest rank: the smallest value with ``share`` of the values at or
    under it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def parse_logins(items):
    logins = {}
    for index, item in enumerate(items):
        role, _sep, rest = item.rpartition("=")
        if not role:
            role = ROLES[index]
        login, _sep, password = rest.partition(":")
        logins[role] = (login, password or login)
    unknown = set(logins) - set(ROLES)
    if unknown:
        raise SystemExit(f"unknown roles: {', '.join(sorted(unknown))}")
    return logins


def open_sessions(url, db, logins):
    sessions = {}
    for role, (login, password) in logins.items():
        if role == "portal":
            sessions[role] = screens.portal_login(url, db, login, password)
        else:
            sessions[role] = screens.login(url, db, login, password, role)
    return sessions


def summary(values, made, errors, role):
    entry = {"role": role, "errors": len(errors)}
    if values:
        entry.update(
            p50=round(statistics.median(values), 4),
            p95=round(percentile(values, 0.95), 4),
            runs=[round(v, 4) for v in values],
            calls={
                label: round(statistics.median(times), 4)
                for label, times in made.items()
            },
        )
    if errors:
        entry["error_messages"] = sorted(set(errors))[:5]
    return entry


def milliseconds(entry, key):
    return f"{entry[key] * 1000:7.0f}" if key in entry else f"{'-':>7s}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("db", help="a database, or a comma list of them")
    parser.add_argument("logins", nargs="+", metavar="LOGIN")
    parser.add_argument("--only", help="comma list of screens")
    parser.add_argument("--out", help="the JSON file")
    args = parser.parse_args()
    runs = int(os.environ.get("SCREENS_RUNS") or 20)
    logins = parse_logins(args.logins)
    dbs = args.db.split(",")
    names = [
        name
        for name, (_function, role) in screens.SCREENS.items()
        if role in logins and (not args.only or name in args.only.split(","))
    ]
    sessions = {db: open_sessions(args.url, db, logins) for db in dbs}
    seconds = defaultdict(list)
    calls = defaultdict(lambda: defaultdict(list))
    errors = defaultdict(list)
    started = time.perf_counter()
    load_before = os.getloadavg()
    for run in range(runs + 1):
        for name in names:
            function, role = screens.SCREENS[name]
            for db in dbs:
                start = time.perf_counter()
                try:
                    made = function(sessions[db][role])
                except screens.ScreenError as error:
                    errors[db, name].append(str(error))
                    print(f"[screens] {db} {name}: {error}", file=sys.stderr)
                    continue
                if run == 0:
                    continue  # warm-up
                seconds[db, name].append(time.perf_counter() - start)
                for call in made:
                    calls[db, name][call.label].append(call.seconds)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "url": args.url,
        "runs": runs,
        "seconds": round(time.perf_counter() - started, 1),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "databases": {
            db: {
                name: summary(
                    seconds[db, name],
                    calls[db, name],
                    errors[db, name],
                    screens.SCREENS[name][1],
                )
                for name in names
            }
            for db in dbs
        },
    }
    header = f"{'screen':24s} {'role':8s}"
    for db in dbs:
        header += f" | {db[-12:]:>12s} p50 {'p95':>7s}"
    if len(dbs) > 1:
        header += " | p95 ratio"
    print(header)
    for name in names:
        line = f"{name:24s} {screens.SCREENS[name][1]:8s}"
        entries = [result["databases"][db][name] for db in dbs]
        for entry in entries:
            line += f" | {milliseconds(entry, 'p50'):>16s} {milliseconds(entry, 'p95')}"
        if len(dbs) > 1 and "p95" in entries[0] and "p95" in entries[-1]:
            line += f" | {entries[-1]['p95'] / entries[0]['p95']:8.2f}x"
        if any(entry["errors"] for entry in entries):
            line += f"  errors {[entry['errors'] for entry in entries]}"
        print(line)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    out = Path(args.out or f"/tmp/cc_screens_{stamp}.json")
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written {out}")
    sys.exit(1 if any(errors.values()) else 0)


if __name__ == "__main__":
    main()
