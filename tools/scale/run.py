"""`make scale`: the addon deployed as a large company runs Odoo, on this machine.

Starts, as real processes, and stops at the end:

- a PostgreSQL streaming replica of the local cluster (``pg_basebackup -R``
  into a directory of the run, its own port, ``recovery_min_apply_delay``);
- two Odoo nodes with workers, on two ports, sharing the database and the
  data directory (filestore, sessions), crons on the first one only, reads
  on the replica (``db_replica_host``/``db_replica_port``), ``proxy_mode``;
- nginx in front, as Odoo's deployment guide sets it up (``/websocket`` to
  the nodes' gevent ports, ``X-Forwarded-*`` headers).

Then: the screens timed at ``CC_SCALE_SMALL`` complaints (bench generator),
the database topped up to ``CC_SCALE_LARGE``, the screens timed again, the
read-your-writes checks against the lagging replica, and the stress workload
(tools/stress/run.py: reviews, portal filing) with back-office readers and
portal browsers through the proxy while faults hit: a worker killed, one
node stopped and started, the replica stopped and started, database
connections terminated. Reports cursor modes, p50/p95 per screen, failures
inside and outside fault windows, and what was lost. Exit status 1 if a
check fails. Sizes and ports: ``CONFIG`` (environment variables).
"""

import importlib.util
import json
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg2
import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def env_int(name, default):
    return int(os.environ.get(name, default))


CONFIG = {
    "db": os.environ.get("CC_SCALE_DB", "cc_scale"),
    "small": env_int("CC_SCALE_SMALL", 10_000),
    "large": env_int("CC_SCALE_LARGE", 1_000_000),
    "teams": env_int("CC_SCALE_TEAMS", 20),
    "partners": env_int("CC_SCALE_PARTNERS", 20_000),
    "workers": env_int("CC_SCALE_WORKERS", 2),
    "proxy_port": env_int("CC_SCALE_PROXY_PORT", 8170),
    "node_ports": [
        env_int("CC_SCALE_NODE1_PORT", 8171),
        env_int("CC_SCALE_NODE2_PORT", 8172),
    ],
    "gevent_ports": [
        env_int("CC_SCALE_NODE1_GEVENT", 8173),
        env_int("CC_SCALE_NODE2_GEVENT", 8174),
    ],
    "replica_port": env_int("CC_SCALE_REPLICA_PORT", 5433),
    "replica_delay": os.environ.get("CC_SCALE_REPLICA_DELAY", "3s"),
    # Screens opened per screen and size, with nothing else running.
    "screen_runs": env_int("CC_SCALE_SCREEN_RUNS", 20),
    "readers": env_int("CC_SCALE_READERS", 3),
    # A reader's pause between two screens, as a person reads a screen.
    "think": float(os.environ.get("CC_SCALE_THINK", 2)),
    "fault_window": float(os.environ.get("CC_SCALE_FAULT_WINDOW", 15)),
    "outage": float(os.environ.get("CC_SCALE_OUTAGE", 20)),
}
# The stress workload's own sizes, smaller by default than `make stress`'s:
# the readers share the two cores.
STRESS_DEFAULTS = {
    "CC_STRESS_DB": CONFIG["db"],
    "CC_STRESS_PORT": str(CONFIG["proxy_port"]),
    "CC_STRESS_REVIEWS": "1000",
    "CC_STRESS_COMPLAINTS": "250",
    "CC_STRESS_CLIENTS": "4",
    "CC_STRESS_OVERDUE": "0",
    "CC_STRESS_LOAD_TIMEOUT": "900",
    "CC_STRESS_DIR": os.environ.get("CC_SCALE_DIR", f"/tmp/cc_scale_{os.getpid()}"),
}
for _key, _value in STRESS_DEFAULTS.items():
    os.environ.setdefault(_key, _value)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stress = load("cc_stress", ROOT / "tools/stress/run.py")
screens = load("cc_screens", HERE / "screens.py")
WORK = stress.WORK
PROXY = f"http://127.0.0.1:{CONFIG['proxy_port']}"
stress.BASE_URL = PROXY
# The replica must hold at least these of the primary (hot standby).
STANDBY_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_locks_per_transaction",
    "max_prepared_transactions",
    "max_wal_senders",
)
REPLICA_DIR = WORK / "replica"
DB = CONFIG["db"]


def say(message):
    print(f"[scale] {message}", flush=True)


def odoo_args(*extra):
    """Odoo's command line for this run: every process shares one data
    directory (filestore, sessions), as the nodes of a deployment do."""
    return stress.odoo_args(f"--data-dir={WORK / 'data'}", *extra)


def as_postgres(*command, **kwargs):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)], check=True, **kwargs
    )


# ----------------------------------------------------------------------
# The replica
# ----------------------------------------------------------------------


def allow_replication():
    """The local cluster trusts 127.0.0.1 for databases; the same for
    replication connections (a line added to pg_hba.conf once, reloaded)."""
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        # The first rule for replication from 127.0.0.1 is the one used.
        cr.execute(
            "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' "
            "AND 'replication' = ANY(database) AND address = '127.0.0.1' "
            "ORDER BY line_number LIMIT 1"
        )
        rule = cr.fetchone()
        if rule:
            if rule[0] != "trust":
                raise RuntimeError(
                    f"pg_hba.conf asks replication connections from 127.0.0.1 "
                    f"for {rule[0]}: make scale needs trust, as for databases"
                )
            return
        cr.execute("SHOW hba_file")
        hba = Path(cr.fetchone()[0])
        with hba.open("a") as file:
            file.write("host replication all 127.0.0.1/32 trust  # make scale\n")
        cr.execute("SELECT pg_reload_conf()")
        say(f"{hba}: replication connections from 127.0.0.1 trusted")
    conn.close()


def primary_settings():
    """The primary's PostgreSQL binaries and the settings a standby copies."""
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SHOW server_version_num")
        major = int(cr.fetchone()[0]) // 10000
        values = {}
        for name in STANDBY_SETTINGS:
            cr.execute(f"SHOW {name}")
            values[name] = cr.fetchone()[0]
    conn.close()
    return Path(f"/usr/lib/postgresql/{major}/bin"), values


PG_BIN, PRIMARY_SETTINGS = None, {}


def create_replica():
    global PG_BIN, PRIMARY_SETTINGS  # noqa: PLW0603 - read once per run
    PG_BIN, PRIMARY_SETTINGS = primary_settings()
    allow_replication()
    REPLICA_DIR.mkdir(mode=0o700)
    shutil.chown(REPLICA_DIR, "postgres", "postgres")
    started = time.monotonic()
    as_postgres(
        PG_BIN / "pg_basebackup",
        "-h", "127.0.0.1", "-p", "5432", "-U", "root",
        "-D", REPLICA_DIR, "-R", "-X", "stream", "--checkpoint=fast",
    )  # fmt: skip
    (REPLICA_DIR / "postgresql.conf").write_text(
        f"port = {CONFIG['replica_port']}\n"
        "listen_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{REPLICA_DIR}'\n"
        "hot_standby = on\n"
        "hot_standby_feedback = on\n"
        f"recovery_min_apply_delay = '{CONFIG['replica_delay']}'\n"
        "shared_buffers = 256MB\n"
        + "".join(f"{k} = {v}\n" for k, v in PRIMARY_SETTINGS.items())
    )
    (REPLICA_DIR / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
    )
    for name in ("postgresql.conf", "pg_hba.conf"):
        shutil.chown(REPLICA_DIR / name, "postgres", "postgres")
    start_replica()
    say(
        f"replica on port {CONFIG['replica_port']} (apply delay "
        f"{CONFIG['replica_delay']}), base backup and start in "
        f"{time.monotonic() - started:.0f} s"
    )


def start_replica():
    as_postgres(
        PG_BIN / "pg_ctl", "-D", REPLICA_DIR, "-l", REPLICA_DIR / "server.log",
        "-w", "-t", "120", "start",
    )  # fmt: skip


def stop_replica(mode="fast"):
    if PG_BIN and (REPLICA_DIR / "postmaster.pid").exists():
        as_postgres(PG_BIN / "pg_ctl", "-D", REPLICA_DIR, "-m", mode, "-w", "stop")


def replica_cursor():
    return psycopg2.connect(
        dbname=DB, host="127.0.0.1", port=CONFIG["replica_port"]
    ).cursor()


def wait_replica_caught_up(timeout=900):
    """Until the replica has applied everything the primary wrote so far."""
    with psycopg2.connect(dbname=DB) as conn, conn.cursor() as cr:
        cr.execute("SELECT pg_current_wal_lsn()::text")
        target = cr.fetchone()[0]
    conn.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cr = replica_cursor()
        cr.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
        done = cr.fetchone()[0]
        cr.connection.close()
        if done:
            return True
        time.sleep(2)
    return False


# ----------------------------------------------------------------------
# Odoo nodes and nginx
# ----------------------------------------------------------------------


class Node:
    def __init__(self, index):
        self.index = index
        self.port = CONFIG["node_ports"][index]
        self.gevent_port = CONFIG["gevent_ports"][index]
        self.logfile = WORK / f"node{index + 1}.log"
        self.proc = None

    def args(self):
        return odoo_args(
            f"--workers={CONFIG['workers']}",
            # Crons on the first node only.
            f"--max-cron-threads={1 if self.index == 0 else 0}",
            "--db_replica_host=127.0.0.1",
            f"--db_replica_port={CONFIG['replica_port']}",
            "--db_maxconn=16",
            "--proxy-mode",
            f"--db-filter=^{DB}$",
            f"--logfile={self.logfile}",
            "--log-level=info",
            "--limit-time-real=300",
            "--limit-time-cpu=120",
        )

    def start(self):
        args = self.args()
        # stress.odoo_args gives the stress run's port: this node's instead.
        args = [
            a.replace(
                f"--http-port={stress.CONFIG['port']}", f"--http-port={self.port}"
            ).replace(
                f"--gevent-port={stress.CONFIG['gevent_port']}",
                f"--gevent-port={self.gevent_port}",
            )
            for a in args
        ]
        with (WORK / f"node{self.index + 1}.out").open("a") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)

    def wait_up(self, timeout=120):
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/web/login"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(1)
        return False

    def stop(self):
        if self.proc is not None:
            stress.stop_server(self.proc)


NGINX_CONF = """
user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx_error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {work}/nginx_access.log;
    client_body_temp_path {work}/nginx_tmp/body;
    proxy_temp_path {work}/nginx_tmp/proxy;
    client_max_body_size 100m;
    # As Odoo's deployment guide: HTTP to the workers, /websocket to the
    # gevent process of each node.
    upstream odoo {{ {servers} }}
    upstream odoochat {{ {chat_servers} }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_read_timeout 720s;
        proxy_connect_timeout 720s;
        proxy_send_timeout 720s;
        location /websocket {{
            proxy_pass http://odoochat;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Real-IP $remote_addr;
        }}
        location / {{
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_redirect off;
            proxy_pass http://odoo;
        }}
        gzip on;
        gzip_types text/css text/plain application/json application/javascript;
    }}
}}
"""


def start_nginx():
    if not shutil.which("nginx"):
        say("installing nginx (Debian package nginx-light)")
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=True)
    (WORK / "nginx_tmp").mkdir(exist_ok=True)
    conf = WORK / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            work=WORK,
            port=CONFIG["proxy_port"],
            servers=" ".join(f"server 127.0.0.1:{p};" for p in CONFIG["node_ports"]),
            chat_servers=" ".join(
                f"server 127.0.0.1:{p};" for p in CONFIG["gevent_ports"]
            ),
        )
    )
    return subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------


def shell(script, env):
    """Run ``script`` in ``odoo-bin shell``: its stdout."""
    out = subprocess.run(
        [
            stress.PYTHON,
            stress.ODOO_BIN,
            "shell",
            *odoo_args("--log-level=warn", "--no-http")[2:],
        ],
        input=script,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    return out.stdout + out.stderr


def parsed(output, prefix):
    line = next((x for x in output.splitlines() if x.startswith(prefix + " ")), None)
    if not line:
        raise RuntimeError(f"no {prefix} line:\n{output[-3000:]}")
    return json.loads(line[len(prefix) + 1 :])


def generate(complaints):
    """The database brought to ``complaints`` generated complaints."""
    out = shell(
        (HERE / "prepare.py").read_text(),
        {
            "CC_SCALE_ROOT": str(ROOT),
            "CC_SCALE_COMPLAINTS": str(complaints),
            "CC_SCALE_TEAMS": str(CONFIG["teams"]),
            "CC_SCALE_PARTNERS": str(CONFIG["partners"]),
            # Node 1 runs the crons: no escalation of overdue ones meanwhile.
            "CC_SCALE_OVERDUE_SHARE": "0",
            "CC_SCALE_URL": PROXY,
        },
    )
    return parsed(out, "SCALE_DATA")


# ----------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------


class Timings:
    """Latencies per screen and phase, with the fault windows of the run."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = defaultdict(list)  # (phase, screen) -> [(start, seconds)]
        self.failures = defaultdict(list)  # (phase, screen) -> [(start, end, what)]

    def add(self, phase, screen, start, seconds, error=None):
        with self.lock:
            if error:
                self.failures[phase, screen].append((start, start + seconds, error))
            else:
                self.samples[phase, screen].append((start, seconds))


TIMINGS = Timings()


def open_screen(phase, name, session):
    start = time.monotonic()
    try:
        screens.SCREENS[name][0](session)
    except Exception as error:  # noqa: BLE001 - counted and reported
        TIMINGS.add(phase, name, start, time.monotonic() - start, repr(error)[:200])
    else:
        TIMINGS.add(phase, name, start, time.monotonic() - start)


def sessions_for(data):
    """One logged-in session per role (through the proxy), as screens.py
    prepares them."""
    sessions = {}
    for role, login in data["logins"].items():
        if role == "portal":
            sessions[role] = screens.portal_login(PROXY, DB, login, login)
        else:
            sessions[role] = screens.login(PROXY, DB, login, login, role=role)
    return sessions


def time_screens(phase, data):
    sessions = sessions_for(data)
    for name, screen in screens.SCREENS.items():
        session = sessions[screen[1]]
        open_screen(phase, name, session)  # warm-up, not counted
        TIMINGS.samples.pop((phase, name), None)
        TIMINGS.failures.pop((phase, name), None)
        for _run in range(CONFIG["screen_runs"]):
            open_screen(phase, name, session)


def readers(data, stop):
    """Back-office staff, managers and portal customers opening screens
    until ``stop`` is set."""

    def reader(index):
        rng = random.Random(index)
        sessions = None
        names = list(screens.SCREENS)
        while not stop.is_set():
            if sessions is None:
                try:
                    sessions = sessions_for(data)
                except Exception:  # noqa: BLE001 - a login lost to a fault
                    time.sleep(2)
                    continue
            name = rng.choice(names)
            open_screen("load", name, sessions[screens.SCREENS[name][1]])
            stop.wait(CONFIG["think"])

    threads = [
        threading.Thread(target=reader, args=(i,), daemon=True)
        for i in range(CONFIG["readers"])
    ]
    for thread in threads:
        thread.start()
    return threads


def percentile(values, share):
    """Nearest rank: with 20 runs the p95 is the 19th, not the largest."""
    if not values:
        return 0.0
    return sorted(values)[max(0, math.ceil(share * len(values)) - 1)]


# ----------------------------------------------------------------------
# Read-your-writes against the lagging replica
# ----------------------------------------------------------------------


def rpc(session, model, method, args, kwargs=None, route="call_kw"):
    answer = session.http.post(
        f"{PROXY}/web/dataset/{route}/{model}.{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
        timeout=60,
    ).json()
    if "error" in answer:
        raise RuntimeError(f"{model}.{method}: {answer['error']['data']['message']}")
    return answer["result"]


def staff_session(login):
    return screens.login(PROXY, DB, login, login)


def portal_session(login):
    return screens.portal_login(PROXY, DB, login, login).http


def file_complaint(control, login):
    """A customer files a complaint, lands on its page, opens the list."""
    session = portal_session(login)
    form = session.get(f"{PROXY}/my/complaints/new", timeout=60)
    subject = f"scale read-your-writes {os.getpid()}"
    page = session.post(
        f"{PROXY}/my/complaints/new",
        data={
            "csrf_token": stress.csrf_of(form),
            "subject": subject,
            "description": "Filed while the replica lags.",
        },
        timeout=60,
    )
    listing = session.get(f"{PROXY}/my/complaints", timeout=60)
    other = control.get(f"{PROXY}/my/complaints", timeout=60)
    return (
        "?created=1" in page.url and subject in page.text and subject in listing.text,
        subject not in other.text,
    )


def post_review(control, token):
    """A customer rates an order: thank-you, then the link is spent."""
    session = requests.Session()
    form = session.get(f"{PROXY}/review/{token}", timeout=60)
    thanks = session.post(
        f"{PROXY}/review/{token}",
        data={"csrf_token": stress.csrf_of(form), "score": "2"},
        timeout=60,
    )
    again = session.get(f"{PROXY}/review/{token}", timeout=60)
    if "Thank you" in thanks.text:
        stress.STATS.note("accepted_reviews", token, 2)
    other = control.get(f"{PROXY}/review/{token}", timeout=60)
    return (
        "Thank you" in thanks.text and again.status_code == 409,
        other.status_code == 200,
    )


def save_complaint(control, login, complaint_id):
    """Staff save a complaint and read it back."""
    session = staff_session(login)
    new_subject = f"saved {os.getpid()}"
    rpc(
        session,
        "customer.complaint",
        "web_save",
        [[complaint_id], {"subject": new_subject}],
        {"specification": {"subject": {}}},
    )

    def subject(session):
        return rpc(
            session,
            "customer.complaint",
            "web_read",
            [[complaint_id]],
            {"specification": {"subject": {}}},
        )[0]["subject"]

    return subject(session) == new_subject, subject(control) != new_subject


def archive_complaint(control, login, archived_id):
    """A manager archives a complaint: the list no longer shows it."""
    session = staff_session(login)
    action = rpc(
        session,
        "customer.complaint",
        "action_archive",
        [[archived_id]],
        route="call_button",
    )
    wizard = rpc(
        session,
        action["res_model"],
        "web_save",
        [[], {"reason": "make scale"}],
        {"specification": {}, "context": action["context"]},
    )
    rpc(
        session,
        action["res_model"],
        "action_archive_complaints",
        [[wizard[0]["id"]]],
        {"context": action["context"]},
        route="call_button",
    )

    def listed(session):
        result = rpc(
            session,
            "customer.complaint",
            "web_search_read",
            [],
            {"domain": [["id", "=", archived_id]], "specification": {}},
        )
        return bool(result["records"])

    return not listed(session), listed(control)


def check_read_your_writes(failures, data, tokens):
    """Each flow writes, then reads back in its own session, and the same
    read is made in a control session that wrote nothing: the flow must
    show the write, the control must not yet (else the replica was not
    behind and the check proved nothing)."""
    logins = data["logins"]
    # The controls are opened before any write: the replica must be behind
    # when they read, not when they log in.
    controls = {
        "portal": portal_session(logins["portal"]),
        "staff": staff_session(logins["staff"]),
        "manager": staff_session(logins["manager"]),
        # A review link needs no login.
        "review": requests.Session(),
    }
    editable = data["editable_ids"]
    flows = [
        (
            "customer files, sees the page and the list",
            "portal",
            file_complaint,
            (logins["portal"],),
        ),
        (
            "customer reviews, sees thanks, the link spent",
            "review",
            post_review,
            (tokens[0],),
        ),
        (
            "staff save a complaint and see it",
            "staff",
            save_complaint,
            (logins["staff"], editable[0]),
        ),
        (
            "manager archives, the list drops it",
            "manager",
            archive_complaint,
            (logins["manager"], editable[1]),
        ),
    ]
    for name, control, flow, args in flows:
        fresh, stale = flow(controls[control], *args)
        stress.check(failures, fresh, f"read-your-writes: {name}")
        stress.check(
            failures,
            stale,
            f"replica behind during the check: {name} (a session that "
            "wrote nothing still read the old state)",
        )


# ----------------------------------------------------------------------
# Faults
# ----------------------------------------------------------------------


def terminate_connections():
    count = 0
    for params in ({}, {"host": "127.0.0.1", "port": CONFIG["replica_port"]}):
        with psycopg2.connect(dbname="postgres", **params) as conn, conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [DB],
            )
            count += cr.rowcount
        conn.close()
    return count


FAULTS = []  # (fault, error or None), as injected


def inject_faults(nodes, total, threads, log, stopping):
    """At shares of the stress tasks done: kill a worker of node 1, stop
    node 2 for an outage, stop the replica for an outage, terminate the
    database connections of both servers. Each opens a fault window that
    ends ``fault_window`` seconds after the fault is over, whatever happens."""
    plan = [(0.15, "kill"), (0.35, "node"), (0.6, "replica"), (0.8, "terminate")]
    for share, fault in plan:
        while stress.STATS.done < share * total and any(t.is_alive() for t in threads):
            time.sleep(0.2)
        if stopping.is_set() or not any(t.is_alive() for t in threads):
            return
        window = [time.monotonic(), float("inf")]
        with stress.STATS.lock:
            stress.STATS.fault_windows.append(window)
        error = None
        try:
            if fault == "kill":
                pids = stress.worker_pids(nodes[0].proc.pid)
                os.kill(pids[0], signal.SIGKILL)
                log(f"fault: killed worker {pids[0]} of node 1")
            elif fault == "node":
                nodes[1].stop()
                log(f"fault: node 2 stopped for {CONFIG['outage']:.0f} s")
                time.sleep(CONFIG["outage"])
                nodes[1].start()
                if not nodes[1].wait_up():
                    raise RuntimeError("node 2 did not come back")
                log("fault: node 2 started again")
            elif fault == "replica":
                stop_replica("immediate")
                log(f"fault: replica stopped for {CONFIG['outage']:.0f} s")
                time.sleep(CONFIG["outage"])
                start_replica()
                log("fault: replica started again")
            else:
                count = terminate_connections()
                log(f"fault: terminated {count} database connections")
        except Exception as exc:  # noqa: BLE001 - reported as a failed fault
            error = repr(exc)
            log(f"fault {fault} failed: {error}")
        finally:
            window[1] = time.monotonic() + CONFIG["fault_window"]
            FAULTS.append((fault, error))


def in_fault(start, end):
    return any(s <= end and start <= e for s, e in stress.STATS.fault_windows)


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


# Core's own reads that write once per user (its settings, on the first
# session info after a login): not a screen of the addon.
CORE_RETRIED = {"/web/session/get_session_info"}


def cursor_modes(logfiles):
    """Requests per cursor mode from the nodes' logs: Odoo ends each request
    line with ro, rw or ro->rw when a replica is configured. Also the paths
    retried on the primary (ro->rw) and the replica's fallbacks."""
    modes = Counter()
    retried = Counter()
    by_route = defaultdict(Counter)
    fallbacks = 0
    for logfile in logfiles:
        text = logfile.read_text(errors="replace") if logfile.exists() else ""
        for line in text.splitlines():
            if "Failed to open a readonly cursor" in line:
                fallbacks += 1
            elif " werkzeug: " in line and '" ' in line:
                mode = line.rsplit(" ", 1)[-1]
                if mode not in ("ro", "rw", "ro->rw"):
                    continue
                request = line.split('"')[1].split(" ")
                path = request[1].split("?")[0] if len(request) > 1 else "?"
                # The model and method of a call; the page, not its record
                # or token.
                route = "/".join(
                    path.split("/")[: 5 if path.startswith("/web/dataset") else 3]
                )
                if route.startswith(("/review/", "/web/image/", "/web/content/")):
                    route = route.rsplit("/", 1)[0]
                modes[mode] += 1
                by_route[route][mode] += 1
                if mode == "ro->rw":
                    retried[path] += 1
    return modes, by_route, retried, fallbacks


def screen_table(failures):
    say("-" * 72)
    say(
        f"{'screen':34} {'10k p50':>8} {'p95':>7} {'1M p50':>8} {'p95':>7} "
        f"{'x':>5} {'load p95':>9}"
    )
    for name in screens.SCREENS:
        row = {}
        for phase in ("small", "large", "load"):
            samples = TIMINGS.samples.get((phase, name), [])
            if phase == "load":
                samples = [s for s in samples if not in_fault(s[0], s[0] + s[1])]
            values = [seconds for _start, seconds in samples]
            row[phase] = (
                statistics.median(values) * 1000 if values else 0,
                percentile(values, 0.95) * 1000,
            )
        counts = [
            len(TIMINGS.samples.get((phase, name), [])) for phase in ("small", "large")
        ]
        ratio = row["large"][1] / row["small"][1] if min(counts) else float("inf")
        say(
            f"{name:34} {row['small'][0]:8.0f} {row['small'][1]:7.0f} "
            f"{row['large'][0]:8.0f} {row['large'][1]:7.0f} {ratio:5.2f} "
            f"{row['load'][1]:9.0f}"
        )
        stress.check(
            failures,
            ratio <= 1.5 and min(counts) >= CONFIG["screen_runs"],
            f"{name}: p95 at {CONFIG['large']:,} within 1.5x of {CONFIG['small']:,} "
            f"({counts} runs)",
        )
    errors = Counter()
    outside = Counter()
    for (phase, name), fails in TIMINGS.failures.items():
        for start, end, what in fails:
            if phase == "load" and in_fault(start, end):
                errors[name] += 1
            else:
                outside[f"{phase} {name}: {what}"] += 1
    say(f"screens failed inside fault windows: {sum(errors.values())} {dict(errors)}")
    stress.check(
        failures,
        not outside,
        f"no screen failed outside fault windows ({sum(outside.values())}: "
        f"{outside.most_common(3)})",
    )


# ----------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------


def cleanup(nginx, nodes):
    """Stop what the run started, each step whatever the others did."""
    steps = [lambda: stress.stop_server(nginx)] if nginx is not None else []
    steps += [node.stop for node in nodes]
    steps += [lambda: stop_replica("fast"), lambda: stop_replica("immediate")]
    for step in steps:
        try:
            step()
        except Exception as error:  # noqa: BLE001 - go on stopping the rest
            say(f"cleanup: {error!r}")


def main():  # noqa: C901 - one linear scenario, its steps commented
    WORK.mkdir(parents=True, exist_ok=True)
    say(f"config {json.dumps(CONFIG)}; work directory {WORK}")
    began = time.monotonic()
    failures = []
    nodes = [Node(0), Node(1)]
    nginx = None
    stopping = threading.Event()
    # A TERM (timeout, CI) cleans up as an interrupt does.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    try:
        subprocess.run(["dropdb", "--if-exists", DB], check=True)
        say("installing customer_complaint (no demo data)")
        install = subprocess.run(
            odoo_args(
                "-i", "customer_complaint", "--stop-after-init", "--log-level=warn",
                f"--logfile={WORK / 'install.log'}", "--no-http",
            ),
            check=False,
        )  # fmt: skip
        if install.returncode:
            say(f"install failed, see {WORK / 'install.log'}")
            return 1
        stress_env = {
            "CC_STRESS_USERS": os.environ.get("CC_STRESS_USERS", "16"),
            "CC_STRESS_REVIEWS": os.environ["CC_STRESS_REVIEWS"],
            "CC_STRESS_OVERDUE": "0",
        }
        stress_data = parsed(
            shell((ROOT / "tools/stress/prepare.py").read_text(), stress_env),
            "STRESS_DATA",
        )
        # Two review links kept out of the load for the read-your-writes checks.
        ryw_tokens = stress_data["tokens"][-2:]
        stress_data["tokens"] = stress_data["tokens"][:-2]
        data = generate(CONFIG["small"])
        say(f"{data['complaints']:,} complaints ({data['generated_seconds']} s)")

        create_replica()
        for node in nodes:
            node.start()
        nginx = start_nginx()
        if not all(node.wait_up() for node in nodes):
            say("a node did not answer, see its log")
            return 1
        try:
            requests.get(f"{PROXY}/web/login", timeout=30).raise_for_status()
        except requests.RequestException as error:
            say(f"nginx does not serve the nodes ({error!r}), see {WORK}")
            return 1
        say(f"nodes on {CONFIG['node_ports']}, nginx on {PROXY}")

        wait_replica_caught_up()
        time_screens("small", data)
        say(f"screens timed at {data['complaints']:,} complaints")
        data["complaints"] = generate(CONFIG["large"])["complaints"]
        say(f"{data['complaints']:,} complaints; waiting for the replica")
        caught_up = wait_replica_caught_up()
        stress.check(
            failures, caught_up, "the replica applied the generated complaints"
        )
        time_screens("large", data)
        say(f"screens timed at {data['complaints']:,} complaints")

        try:
            check_read_your_writes(failures, data, ryw_tokens)
        except Exception as error:  # noqa: BLE001 - a failed check, not the run
            stress.check(failures, False, f"read-your-writes checks: {error!r}")

        say("load: stress workload, readers and faults through the proxy")
        for node in nodes:
            node.logfile.rename(node.logfile.with_suffix(".before-load.log"))
        stop = threading.Event()
        reader_threads = readers(data, stop)
        load_start = time.monotonic()
        threads, total, work, deadline = stress.run_clients(stress_data)
        injector = threading.Thread(
            target=inject_faults,
            args=(nodes, total, threads, say, stopping),
            daemon=True,
        )
        injector.start()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 120)
        injector.join()
        stop.set()
        for thread in reader_threads:
            thread.join(120)
        load_time = time.monotonic() - load_start
        lost = stress.verify_database(failures)
        modes, by_route, retried, fallbacks = cursor_modes(
            [node.logfile for node in nodes]
        )
        before = cursor_modes(
            [node.logfile.with_suffix(".before-load.log") for node in nodes]
        )
    finally:
        stopping.set()
        cleanup(nginx, nodes)
        shutil.rmtree(REPLICA_DIR, ignore_errors=True)
        if os.environ.get("CC_SCALE_KEEP_DB") != "1":
            shutil.rmtree(WORK / "data", ignore_errors=True)
        say(f"nginx, nodes and replica stopped; logs in {WORK}")

    stats = stress.STATS
    say("-" * 72)
    say(
        f"load: {total} stress tasks and the readers in {load_time:.0f} s, "
        f"not run: {work.qsize()}; requests {stats.requests}, statuses "
        f"{dict(stats.status)}"
    )
    say(
        f"requests by cursor mode (nodes' logs): {dict(modes)}; retried on the "
        f"primary: {dict(retried)}; replica unavailable, read on the primary: "
        f"{fallbacks} times"
    )
    for route, counts in sorted(by_route.items(), key=lambda kv: -sum(kv[1].values()))[
        :12
    ]:
        say(f"  {route:50} {dict(counts)}")
    say(
        f"accepted: reviews {len(stats.accepted_reviews)}, complaints "
        f"{len(stats.accepted_complaints)}; failed inside fault windows: "
        f"{sum(stats.fault_errors.values())} {dict(stats.fault_errors)}"
    )
    say(f"lost: {lost}")
    screen_table(failures)
    stress.check(
        failures,
        not stats.outside_errors,
        "no stress request failed outside fault windows "
        f"({len(stats.outside_errors)}: "
        f"{Counter(stats.outside_errors).most_common(5)})",
    )
    say(
        f"timing phases and checks, by cursor mode: {dict(before[0])}; retried "
        f"on the primary: {dict(before[2])}"
    )
    addon_retried = set(retried) | set(before[2])
    stress.check(
        failures,
        not addon_retried - CORE_RETRIED,
        f"no ro->rw retry but core's {sorted(CORE_RETRIED)} "
        f"({sorted(addon_retried - CORE_RETRIED)[:5]})",
    )
    stress.check(failures, work.qsize() == 0, "every stress task ran")
    stress.check(
        failures,
        len(FAULTS) == 4 and not any(error for _fault, error in FAULTS),
        f"the four faults were injected ({FAULTS})",
    )
    if os.environ.get("CC_SCALE_KEEP_DB") != "1":
        subprocess.run(["dropdb", "--if-exists", DB], check=False)
    say(
        f"total {time.monotonic() - began:.0f} s: "
        + (
            "PASSED"
            if not failures and not lost
            else f"FAILED ({len(failures)} checks)"
        )
    )
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.exit(main())
