"""`make stress`: the addon under load, faults and concurrent jobs.

Creates the database, prepares customers, orders and review links, serves
Odoo with 4 workers on 127.0.0.1, and has concurrent clients submit reviews
(public page) and complaints (portal) as browsers do, with bad scores, reused
links and simultaneous double submissions mixed in. Midway one worker is
killed and later Odoo's database connections are terminated. Then it checks
the database (nothing lost, nothing twice), the server log, and runs the
escalation from two processes at once. Exit status 1 if a check fails.

Every size is an environment variable (see ``CONFIG``). Only the processes
this script starts are stopped; the database is dropped at the end unless
``CC_STRESS_KEEP_DB=1``.
"""

import json
import os
import queue
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {
    "db": os.environ.get("CC_STRESS_DB", "cc_stress"),
    "port": int(os.environ.get("CC_STRESS_PORT", 8061)),
    "gevent_port": int(os.environ.get("CC_STRESS_GEVENT_PORT", 8063)),
    "reviews": int(os.environ.get("CC_STRESS_REVIEWS", 4000)),
    "complaints": int(os.environ.get("CC_STRESS_COMPLAINTS", 1000)),
    "users": int(os.environ.get("CC_STRESS_USERS", 16)),
    "clients": int(os.environ.get("CC_STRESS_CLIENTS", 8)),
    "workers": int(os.environ.get("CC_STRESS_WORKERS", 4)),
    "overdue": int(os.environ.get("CC_STRESS_OVERDUE", 200)),
    # Whole load phase; unfinished tasks are reported as "not run".
    "load_timeout": float(os.environ.get("CC_STRESS_LOAD_TIMEOUT", 540)),
    "fault_window": float(os.environ.get("CC_STRESS_FAULT_WINDOW", 10)),
    "request_timeout": float(os.environ.get("CC_STRESS_REQUEST_TIMEOUT", 60)),
    "seed": int(os.environ.get("CC_STRESS_SEED", 19)),
}
ODOO_SRC = Path(os.environ.get("ODOO_SRC", Path.home() / "odoo-19.0"))
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
PYTHON = str(VENV / "bin" / "python")
ODOO_BIN = str(ODOO_SRC / "odoo-bin")
ADDONS = f"{ODOO_SRC / 'addons'},{VENV / 'addons'}"
WORK = Path(os.environ.get("CC_STRESS_DIR", f"/tmp/cc_stress_{os.getpid()}"))
BASE_URL = f"http://127.0.0.1:{CONFIG['port']}"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63646060f80f00010401005f2fd6c1"
    "0000000049454e44ae426082"
)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def say(message):
    print(f"[stress] {message}", flush=True)


def odoo_args(*extra):
    return [
        PYTHON,
        ODOO_BIN,
        "-d",
        CONFIG["db"],
        f"--addons-path={ADDONS}",
        "--http-interface=127.0.0.1",
        f"--http-port={CONFIG['port']}",
        f"--gevent-port={CONFIG['gevent_port']}",
        *extra,
    ]


# ----------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.latencies = []
        self.status = Counter()
        self.rejected = Counter()
        self.fault_errors = Counter()
        self.outside_errors = []
        self.unexpected = []
        self.accepted_reviews = {}  # token -> score
        self.unknown_reviews = {}  # token -> score sent when the answer was lost
        self.accepted_complaints = {}  # marker -> complaint id
        self.unknown_complaints = set()
        self.refused_complaints = set()
        self.double = Counter()
        self.fault_windows = []
        self.done = 0

    def in_fault(self, start, end):
        with self.lock:
            return any(s <= end and start <= e for s, e in self.fault_windows)

    def request(self, session, method, path, **kwargs):
        """One HTTP request; (response or None, error text)."""
        start = time.monotonic()
        response, error = None, None
        try:
            response = session.request(
                method, BASE_URL + path, timeout=CONFIG["request_timeout"], **kwargs
            )
        except requests.RequestException as exc:
            error = type(exc).__name__
        end = time.monotonic()
        failed = error or response.status_code >= 500
        with self.lock:
            self.requests += 1
            self.latencies.append(end - start)
            self.status[error or response.status_code] += 1
        if failed:
            label = f"{method} {path.split('/')[1]} {error or response.status_code}"
            if self.in_fault(start, end):
                with self.lock:
                    self.fault_errors[label] += 1
            else:
                with self.lock:
                    self.outside_errors.append(label)
        return response, failed

    def note(self, counter, key, value=None):
        with self.lock:
            if value is None:
                getattr(self, counter)[key] += 1
            else:
                getattr(self, counter)[key] = value


STATS = Stats()


def csrf_of(response):
    match = response is not None and CSRF_RE.search(response.text)
    return match.group(1) if match else None


# ----------------------------------------------------------------------
# Client tasks
# ----------------------------------------------------------------------


def submit_review(session, token, score):
    """GET the page, POST the score. 'ok', 'spent', 'fault' or 'unexpected'."""
    for attempt in range(3):
        page, failed = STATS.request(session, "GET", f"/review/{token}")
        if failed:
            time.sleep(1 + attempt)
            continue
        if page.status_code == 409:
            return "spent"
        csrf = csrf_of(page)
        if page.status_code != 200 or not csrf:
            return f"unexpected GET {page.status_code}"
        answer, failed = STATS.request(
            session,
            "POST",
            f"/review/{token}",
            data={"csrf_token": csrf, "score": str(score), "comment": "stress"},
        )
        if failed:
            # The answer is lost: the next GET tells whether it was written.
            STATS.unknown_reviews[token] = score
            time.sleep(1 + attempt)
            continue
        if answer.status_code == 200 and "Thank you" in answer.text:
            return "ok"
        if answer.status_code == 409:
            return "spent"
        return f"unexpected POST {answer.status_code}"
    return "fault"


def review_task(session, rng, token, kind):
    if kind == "bad_score":
        page, failed = STATS.request(session, "GET", f"/review/{token}")
        csrf = csrf_of(page) if not failed else None
        if csrf:
            bad = rng.choice(["0", "6", "-1", "3.5", "abc", ""])
            answer, failed = STATS.request(
                session,
                "POST",
                f"/review/{token}",
                data={"csrf_token": csrf, "score": bad},
            )
            if not failed:
                if answer.status_code == 400:
                    STATS.note("rejected", "bad score (400)")
                else:
                    STATS.unexpected.append(f"bad score {bad!r}: {answer.status_code}")
    score = rng.randint(1, 5)
    outcome = submit_review(session, token, score)
    if outcome == "ok":
        STATS.note("accepted_reviews", token, score)
        STATS.unknown_reviews.pop(token, None)
    elif outcome == "spent" and token in STATS.unknown_reviews:
        # Written by the attempt whose answer was lost to a fault.
        STATS.note("rejected", "link spent by an attempt lost to a fault (409)")
    elif outcome != "fault":
        STATS.unexpected.append(f"review {token[:8]}: {outcome}")
    if outcome == "ok" and kind == "reuse":
        page, failed = STATS.request(session, "GET", f"/review/{token}")
        if not failed:
            if page.status_code == 409:
                STATS.note("rejected", "reused link (409)")
            else:
                STATS.unexpected.append(f"reused link GET: {page.status_code}")


def double_task(rng, token):
    """The same link posted by two browsers at the same instant."""
    sessions = [requests.Session(), requests.Session()]
    csrfs = []
    for session in sessions:
        page, failed = STATS.request(session, "GET", f"/review/{token}")
        csrfs.append(csrf_of(page) if not failed else None)
    if not all(csrfs):
        STATS.note("double", "could not open the page")
        return
    barrier = threading.Barrier(2)
    score = rng.randint(1, 5)
    results = [None, None]

    def post(i):
        barrier.wait()
        answer, failed = STATS.request(
            sessions[i],
            "POST",
            f"/review/{token}",
            data={"csrf_token": csrfs[i], "score": str(score)},
        )
        results[i] = "fault" if failed else answer.status_code

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    key = "+".join(str(r) for r in sorted(results, key=str))
    STATS.note("double", key)
    if results.count(200) == 1:
        STATS.note("accepted_reviews", token, score)
        STATS.note("rejected", "simultaneous duplicate (409)")
    elif results.count(200) > 1:
        STATS.unexpected.append(f"double submission accepted twice: {token[:8]}")
    elif "fault" in results:
        STATS.unknown_reviews[token] = score


class Portal:
    """A thread's logged-in browser sessions, one per customer."""

    def __init__(self, logins):
        self.logins = logins
        self.sessions = {}

    def session(self, login):
        if login not in self.sessions:
            session = requests.Session()
            page, failed = STATS.request(session, "GET", "/web/login")
            csrf = csrf_of(page) if not failed else None
            if not csrf:
                return None
            answer, failed = STATS.request(
                session,
                "POST",
                "/web/login",
                data={"csrf_token": csrf, "login": login, "password": login},
            )
            if failed or "/web/login" in answer.url:
                return None
            self.sessions[login] = session
        return self.sessions[login]


def complaint_task(portal, rng, number, login, order_ids, kind):
    session = portal.session(login)
    if session is None:
        STATS.unexpected.append(f"login {login} failed")
        return
    page, failed = STATS.request(session, "GET", "/my/complaints/new")
    csrf = csrf_of(page) if not failed else None
    if not csrf:
        if not failed:
            STATS.unexpected.append(f"complaint form: {page.status_code}")
        return
    marker = f"stress {number} {login}"
    data = {
        "csrf_token": csrf,
        "subject": "" if kind == "invalid" else marker,
        "description": f"Complaint {number}: the parcel arrived damaged.",
        "order_id": str(rng.choice(order_ids)) if rng.random() < 0.8 else "",
    }
    files = [("photos", ("photo.png", PNG, "image/png"))] if kind == "photo" else None
    answer, failed = STATS.request(
        session, "POST", "/my/complaints/new", data=data, files=files
    )
    if failed:
        # Not retried: a browser that lost the answer cannot know either.
        STATS.unknown_complaints.add(marker)
        return
    match = re.search(r"/my/complaints/(\d+)\?created=1", answer.url)
    if kind == "invalid":
        if answer.status_code == 400:
            STATS.note("rejected", "invalid complaint form (400)")
            STATS.refused_complaints.add(marker)
        else:
            STATS.unexpected.append(f"invalid complaint: {answer.status_code}")
    elif answer.status_code == 200 and match:
        STATS.note("accepted_complaints", marker, int(match.group(1)))
    else:
        STATS.unexpected.append(f"complaint: {answer.status_code} {answer.url}")


def run_clients(data):
    rng = random.Random(CONFIG["seed"])
    tasks = []
    for token in data["tokens"]:
        roll = rng.random()
        if roll < 0.02:
            tasks.append(("double", token))
        elif roll < 0.07:
            tasks.append(("review", token, "bad_score"))
        elif roll < 0.12:
            tasks.append(("review", token, "reuse"))
        else:
            tasks.append(("review", token, "normal"))
    logins = sorted(data["users"])
    for number in range(CONFIG["complaints"]):
        roll = rng.random()
        kind = "invalid" if roll < 0.03 else "photo" if roll < 0.13 else "normal"
        tasks.append(("complaint", number, kind))
    rng.shuffle(tasks)
    work = queue.Queue()
    for task in tasks:
        work.put(task)
    deadline = time.monotonic() + CONFIG["load_timeout"]
    clients = CONFIG["clients"]

    def client(index):
        crng = random.Random(CONFIG["seed"] + index)
        own_logins = logins[index::clients] or logins
        portal = Portal(own_logins)
        while time.monotonic() < deadline:
            try:
                task = work.get_nowait()
            except queue.Empty:
                return
            try:
                if task[0] == "review":
                    # Each link is another customer's browser.
                    review_task(requests.Session(), crng, task[1], task[2])
                elif task[0] == "double":
                    double_task(crng, task[1])
                else:
                    login = own_logins[task[1] % len(own_logins)]
                    complaint_task(
                        portal, crng, task[1], login, data["users"][login], task[2]
                    )
            except Exception as error:  # noqa: BLE001 - counted, never silent
                STATS.unexpected.append(f"client error {type(error).__name__}: {error}")
            with STATS.lock:
                STATS.done += 1

    threads = [
        threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    return threads, len(tasks), work, deadline


# ----------------------------------------------------------------------
# Faults
# ----------------------------------------------------------------------


def worker_pids(server_pid):
    out = subprocess.run(
        ["ps", "--ppid", str(server_pid), "-o", "pid=,args="],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    pids = []
    for line in out.splitlines():
        pid, _sep, args = line.strip().partition(" ")
        # The websocket process is ``odoo-bin gevent ...``: not an HTTP worker.
        if "gevent" not in args.split():
            pids.append(int(pid))
    return pids


def inject_faults(server_pid, total, threads):
    """Kill one HTTP worker at 35 % of the tasks, terminate Odoo's database
    connections at 65 %; each opens a fault window."""
    plan = [(0.35, "kill"), (0.65, "terminate")]
    for share, fault in plan:
        while STATS.done < share * total and any(t.is_alive() for t in threads):
            time.sleep(0.2)
        if not any(t.is_alive() for t in threads):
            return
        start = time.monotonic()
        with STATS.lock:
            STATS.fault_windows.append((start, start + CONFIG["fault_window"]))
        if fault == "kill":
            pids = worker_pids(server_pid)
            if not pids:
                say("fault: no worker process found to kill")
                continue
            victim = pids[0]
            os.kill(victim, signal.SIGKILL)
            say(f"fault: killed worker {victim} (children of {server_pid}: {pids})")
        else:
            with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [CONFIG["db"]],
                )
                say(f"fault: terminated {cr.rowcount} database connections")
            conn.close()


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------


def check(failures, condition, message):
    say(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


def verify_database(failures):
    conn = psycopg2.connect(dbname=CONFIG["db"])
    cr = conn.cursor()
    cr.execute(
        """SELECT rt.access_token, count(r.id), array_agg(r.score)
             FROM customer_review r JOIN sale_order o ON o.id = r.sale_order_id
             JOIN rating_rating rt ON rt.id = o.review_request_id
            GROUP BY rt.access_token"""
    )
    in_db = {token: (count, scores) for token, count, scores in cr.fetchall()}
    lost = [t for t in STATS.accepted_reviews if t not in in_db]
    wrong = [
        t
        for t, score in STATS.accepted_reviews.items()
        if t in in_db and in_db[t] != (1, [score])
    ]
    known = set(STATS.accepted_reviews) | set(STATS.unknown_reviews)
    unexplained = [t for t in in_db if t not in known]
    cr.execute(
        "SELECT count(*) FROM (SELECT sale_order_id FROM customer_review "
        "WHERE sale_order_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) dup"
    )
    duplicated_orders = cr.fetchone()[0]
    cr.execute(
        """SELECT count(*) FROM (
              SELECT r.id FROM customer_review r
                LEFT JOIN customer_complaint c ON c.review_id = r.id
               GROUP BY r.id, r.score
              HAVING count(c.id) <> CASE WHEN r.score <= 3 THEN 1 ELSE 0 END) bad"""
    )
    complaint_mismatch = cr.fetchone()[0]
    cr.execute(
        "SELECT subject, count(*), min(id) FROM customer_complaint "
        "WHERE subject LIKE 'stress %%' GROUP BY subject"
    )
    complaints = {subject: (count, cid) for subject, count, cid in cr.fetchall()}
    lost_complaints = [
        m
        for m, cid in STATS.accepted_complaints.items()
        if complaints.get(m) != (1, cid)
    ]
    twice = [m for m, (count, _cid) in complaints.items() if count > 1]
    unexplained_complaints = [
        m
        for m in complaints
        if m not in STATS.accepted_complaints and m not in STATS.unknown_complaints
    ]
    conn.close()
    check(failures, not lost, f"accepted reviews all stored ({len(lost)} lost)")
    check(
        failures,
        not wrong,
        f"accepted reviews stored once with their score ({len(wrong)} differ)",
    )
    check(
        failures,
        not unexplained,
        f"no review without an accepted or fault-lost submission ({len(unexplained)})",
    )
    check(
        failures,
        duplicated_orders == 0,
        f"at most one review per order ({duplicated_orders} orders with more)",
    )
    check(
        failures,
        complaint_mismatch == 0,
        f"one complaint per review scored <= 3, none above ({complaint_mismatch} off)",
    )
    check(
        failures,
        not lost_complaints,
        f"accepted portal complaints stored once ({len(lost_complaints)} lost/off)",
    )
    check(failures, not twice, f"no portal complaint stored twice ({len(twice)})")
    check(
        failures,
        not unexplained_complaints,
        f"no complaint from a refused form ({len(unexplained_complaints)})",
    )
    return len(lost) + len(lost_complaints)


def log_records(text):
    """The server log as records: a timestamped line and its continuation."""
    records = []
    for line in text.splitlines():
        if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ", line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


def verify_log(failures, logfile):
    """Odoo logs the failed query of a serialization conflict (odoo.sql_db,
    ERROR) and retries the request (odoo.service.model, INFO). A leak is a
    request that ends on one: "Exception during request handling" with it."""
    path = Path(logfile)
    records = log_records(path.read_text(errors="replace") if path.exists() else "")
    serial = re.compile(r"serializ", re.IGNORECASE)
    retries = sum(" INFO " in r and "SERIALIZATION_FAILURE" in r for r in records)
    conflicts = sum(
        bool(" ERROR " in r and "odoo.sql_db" in r and serial.search(r))
        for r in records
    )
    leaked = [
        r
        for r in records
        if " ERROR " in r and "odoo.sql_db" not in r and serial.search(r)
    ]
    errors = [r for r in records if " ERROR " in r]
    say(
        f"server log: {conflicts} serialization conflicts logged by odoo.sql_db, "
        f"{retries} retries, {len(errors)} ERROR records in all"
    )
    check(
        failures,
        not leaked,
        f"no serialization failure leaking as an error ({len(leaked)})",
    )


def run_escalation(failures, data):
    ids = data["overdue_ids"]
    if not ids:
        return
    sync = WORK / "escalate_sync"
    sync.mkdir(exist_ok=True)
    procs = [
        subprocess.Popen(
            [
                PYTHON,
                ODOO_BIN,
                "shell",
                *odoo_args(
                    "--log-level=warn",
                    "--no-http",
                    f"--logfile={WORK / f'escalate{i}.log'}",
                )[2:],
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "CC_STRESS_SYNC": str(sync), "CC_STRESS_ID": str(i)},
        )
        for i in range(2)
    ]
    script = (ROOT / "tools" / "stress" / "escalate.py").read_text()
    for proc in procs:
        proc.stdin.write(script)
        proc.stdin.close()
    # Both shells loaded and waiting: start them at the same instant.
    deadline = time.monotonic() + 180
    while len(list(sync.glob("ready*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    (sync / "go").touch()
    outputs = [proc.stdout.read() for proc in procs]
    for proc in procs:
        proc.wait(timeout=240)
    for i, out in enumerate(outputs):
        result = [line for line in out.splitlines() if line.startswith("STRESS_")]
        say(f"escalation process {i + 1}: {result[-1] if result else out[-300:]}")
    conn = psycopg2.connect(dbname=CONFIG["db"])
    cr = conn.cursor()
    cr.execute(
        """SELECT c.id, c.escalation_level,
                  count(m.id) FILTER (WHERE m.body LIKE '%%Escalated to Level 1%%'),
                  count(m.id) FILTER (WHERE m.body LIKE '%%Escalated to Level 2%%')
             FROM customer_complaint c
             LEFT JOIN mail_message m
               ON m.model = 'customer.complaint' AND m.res_id = c.id
            WHERE c.id = ANY(%s)
            GROUP BY c.id, c.escalation_level""",
        [ids],
    )
    rows = cr.fetchall()
    conn.close()
    levels = Counter(row[1] for row in rows)
    # One level per run (level 2 waits an escalation delay after level 1):
    # the two concurrent runs escalate each complaint once, to level 1.
    off = [row for row in rows if (row[1], row[2], row[3]) != ("1", 1, 0)]
    say(f"escalation: {len(rows)} overdue complaints, levels {dict(levels)}")
    check(
        failures,
        len(rows) == len(ids) and not off,
        f"each overdue complaint escalated once, to level 1 ({len(off)} off, "
        f"e.g. {off[:3]})",
    )


# ----------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wait_until_up(proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if requests.get(BASE_URL + "/web/login", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


def stop_server(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    say(f"config {json.dumps(CONFIG)}; logs in {WORK}")
    began = time.monotonic()
    subprocess.run(["dropdb", "--if-exists", CONFIG["db"]], check=True)
    say("installing customer_complaint (no demo data)")
    install = subprocess.run(
        odoo_args(
            "-i",
            "customer_complaint",
            "--stop-after-init",
            "--log-level=warn",
            f"--logfile={WORK / 'install.log'}",
        ),
        check=False,
    )
    if install.returncode:
        say(f"install failed, see {WORK / 'install.log'}")
        return 1
    say(f"preparing {CONFIG['users']} customers, {CONFIG['reviews']} review links")
    env = {
        key: str(CONFIG[name])
        for key, name in (
            ("CC_STRESS_USERS", "users"),
            ("CC_STRESS_REVIEWS", "reviews"),
            ("CC_STRESS_OVERDUE", "overdue"),
        )
    }
    prepared = subprocess.run(
        [PYTHON, ODOO_BIN, "shell", *odoo_args("--log-level=warn", "--no-http")[2:]],
        input=(ROOT / "tools" / "stress" / "prepare.py").read_text(),
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    line = next(
        (x for x in prepared.stdout.splitlines() if x.startswith("STRESS_DATA ")), None
    )
    if not line:
        say("preparation failed:\n" + prepared.stdout[-2000:] + prepared.stderr[-2000:])
        return 1
    data = json.loads(line[len("STRESS_DATA ") :])
    say(f"prepared in {time.monotonic() - began:.0f} s")

    logfile = WORK / "server.log"
    server = subprocess.Popen(
        odoo_args(
            f"--workers={CONFIG['workers']}",
            "--max-cron-threads=0",
            f"--db-filter=^{CONFIG['db']}$",
            f"--logfile={logfile}",
            "--log-level=info",
            "--limit-time-real=300",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failures = []
    try:
        if not wait_until_up(server):
            say(f"server did not answer, see {logfile}")
            return 1
        say(f"server pid {server.pid} up; {CONFIG['clients']} clients start")
        load_start = time.monotonic()
        threads, total, work, deadline = run_clients(data)
        injector = threading.Thread(
            target=inject_faults, args=(server.pid, total, threads), daemon=True
        )
        injector.start()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 120)
        load_time = time.monotonic() - load_start
        not_run = work.qsize()
        lost = verify_database(failures)
        verify_log(failures, logfile)
    finally:
        stop_server(server)
        say(f"server {server.pid} stopped")
    run_escalation(failures, data)

    lat = STATS.latencies
    accepted = len(STATS.accepted_reviews) + len(STATS.accepted_complaints)
    say("-" * 60)
    say(f"load: {total} tasks in {load_time:.0f} s, not run (timeout): {not_run}")
    say(
        f"requests: {STATS.requests} ({STATS.requests / max(load_time, 1):.0f}/s), "
        f"statuses {dict(STATS.status)}"
    )
    say(
        f"accepted: {accepted} (reviews {len(STATS.accepted_reviews)}, "
        f"complaints {len(STATS.accepted_complaints)})"
    )
    say(f"rejected: {sum(STATS.rejected.values())} {dict(STATS.rejected)}")
    say(f"simultaneous double submissions: {dict(STATS.double)}")
    say(
        f"failed during fault windows: {sum(STATS.fault_errors.values())} "
        f"{dict(STATS.fault_errors)}; answers lost to faults: reviews "
        f"{len(STATS.unknown_reviews)}, complaints {len(STATS.unknown_complaints)}"
    )
    say(
        f"latency p50 {statistics.median(lat) * 1000 if lat else 0:.0f} ms, "
        f"p95 {percentile(lat, 0.95) * 1000:.0f} ms, "
        f"max {max(lat or [0]) * 1000:.0f} ms"
    )
    say(f"lost: {lost}")
    check(
        failures,
        not STATS.outside_errors,
        f"no 5xx / connection error outside fault windows "
        f"({len(STATS.outside_errors)}: "
        f"{Counter(STATS.outside_errors).most_common(5)})",
    )
    check(
        failures,
        not STATS.unexpected,
        f"no unexpected answer ({len(STATS.unexpected)}: {STATS.unexpected[:5]})",
    )
    check(failures, not_run == 0, f"every task ran before the timeout ({not_run} left)")
    check(
        failures,
        STATS.double.get("200+409", 0) > 0 or not STATS.double,
        "simultaneous submissions give one 200 and one 409",
    )
    if os.environ.get("CC_STRESS_KEEP_DB") != "1":
        subprocess.run(["dropdb", "--if-exists", CONFIG["db"]], check=False)
    say(
        f"total {time.monotonic() - began:.0f} s: "
        + ("PASSED" if not failures else f"FAILED ({len(failures)} checks)")
    )
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.exit(main())
