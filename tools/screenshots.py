"""`make screenshots`: PNGs of the addon's main screens, from the demo database.

Like `make demo`, it creates ``customer_complaint_demo`` with demo data when
the addon is not installed there and updates it otherwise (``--no-update``
skips that), then serves it on 127.0.0.1:8085 (not 8069, so a running
`make demo` is left alone) and drives headless Chromium over the DevTools
protocol with ``websocket-client`` (already in the venv for Odoo's tours).

Saved as ``static/description/screenshot_<name>.png`` (README and the Apps
page show them): the kanban funnel, a complaint form, the portal list of a
portal demo user, the public review page of a demo order and the funnel
report and the dashboard; the four of the Apps page are kept under 200 kB.

Data it adds to the demo database, once: two complaints for the portal demo
user (login ``portal``) so that the portal page is not empty, and a review
request (link) on one confirmed order.
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import websocket
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", Path.home() / "odoo-19.0"))
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTH, HEIGHT = 1440, 900
# name -> copied to static/description (Apps page)
FOR_APPS_PAGE = ("kanban_funnel", "complaint_form", "review_page", "funnel_report")
MAX_APPS_PAGE_BYTES = 200_000


def log(message):
    print(f"[screenshots] {message}", flush=True)


def saved(path):
    """Log a written file, relative to the repository when inside it."""
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    log(f"{name} ({path.stat().st_size // 1024} KB)")


def odoo_command(args):
    return [
        str(VENV / "bin" / "python"),
        str(ODOO_SRC / "odoo-bin"),
        f"--addons-path={ODOO_SRC / 'addons'},{VENV / 'addons'}",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={args.port}",
    ]


def addon_installed(db):
    query = (
        "select 1 from ir_module_module "
        "where name='customer_complaint' and state='installed'"
    )
    result = subprocess.run(
        ["psql", "-d", db, "-Atc", query], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "1"


def prepare_database(args):
    """The same steps as tools/demo.sh, on our port."""
    command = odoo_command(args) + ["--stop-after-init", "--log-level=warn"]
    if addon_installed(args.db):
        if args.no_update:
            return
        log(f"updating customer_complaint in {args.db}")
        subprocess.run(command + ["-u", "customer_complaint"], check=True)
    else:
        subprocess.run(["dropdb", "--if-exists", args.db], check=True)
        log(f"creating {args.db} with demo data (about a minute)")
        subprocess.run(
            command + ["-i", "customer_complaint", "--with-demo"], check=True
        )


def wait_http(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)  # not listening yet
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def port_in_use(port):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=2)
    except urllib.error.URLError as error:
        return not isinstance(error.reason, ConnectionRefusedError)
    except OSError:
        return False
    return True


class Rpc:
    """The web client's JSON-RPC (``/web/dataset/call_kw``) as admin: the
    /xmlrpc and /jsonrpc endpoints are deprecated in Odoo 19."""

    def __init__(self, base, db, login="admin", password="admin"):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self.post("/web/session/authenticate", db=db, login=login, password=password)

    def post(self, path, **params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            self.base + path,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )


def prepare_data(rpc):
    """Ids and tokens the pages need; adds the little data that is missing."""
    # a complaint with corrective actions: the richest form
    stage = rpc(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "customer_complaint"),
            ("name", "=", "stage_corrective_action"),
        ],
        ["res_id"],
    )
    for domain in (
        [("action_ids", "!=", False)],
        [("cause_id", "!=", False), ("stage_id", "=", stage[0]["res_id"])],
        [("cause_id", "!=", False)],
        [],
    ):
        complaint = rpc(
            "customer.complaint", "search_read", domain, ["action_ids"], limit=1
        )
        if complaint:
            break
    # the portal demo user sees the complaints of its commercial partner
    portal = rpc("res.users", "search_read", [("login", "=", "portal")], ["partner_id"])
    if not portal:
        raise RuntimeError("the demo database has no portal user (login 'portal')")
    partner_id = portal[0]["partner_id"][0]
    existing = rpc(
        "customer.complaint", "search_count", [("partner_id", "child_of", partner_id)]
    )
    if not existing:
        log("filing two complaints for the portal demo user")
        for subject, channel, description in (
            (
                "Office chair arrived with a broken wheel",
                "website",
                "<p>One of the five wheels snapped off when I unpacked the chair. "
                "Could you send a replacement?</p>",
            ),
            (
                "Invoice shows the wrong VAT number",
                "email",
                "<p>Our VAT number on the last invoice is missing a digit; "
                "we need a corrected invoice.</p>",
            ),
        ):
            # one per call, as a customer files them
            rpc(
                "customer.complaint",
                "create",
                {
                    "partner_id": partner_id,
                    "channel": channel,
                    "subject": subject,
                    "description": description,
                },
            )
    # a fresh single-use review link on a confirmed order
    order = rpc(
        "sale.order",
        "search_read",
        [("state", "=", "sale"), ("review_request_done", "=", False)],
        ["id"],
        limit=1,
        order="id",
    )
    if not order:
        raise RuntimeError("no confirmed demo order without a review")
    rpc("sale.order", "action_send_review_request", [order[0]["id"]])
    request = rpc("sale.order", "read", [order[0]["id"]], ["review_request_id"])
    token = rpc(
        "rating.rating", "read", [request[0]["review_request_id"][0]], ["access_token"]
    )[0]["access_token"]
    return {
        "complaint_id": complaint[0]["id"],
        # the form shows the corrective actions, else the analysis
        "complaint_tab": "Actions" if complaint[0]["action_ids"] else "Analysis",
        "review_token": token,
    }


class Browser:
    """Headless Chromium driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="cc_screenshots_")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-extensions",
                "--no-first-run",
                "--hide-scrollbars",
                "--lang=en-US",
                f"--window-size={WIDTH},{HEIGHT}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not open its DevTools port")
            time.sleep(0.2)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")
        self.resize(HEIGHT)

    def resize(self, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=45):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.3)
        raise TimeoutError(f"page not ready: {expression}")

    def goto(self, url, ready):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for("document.readyState === 'complete'")
        self.wait_for(f"!!document.querySelector({json.dumps(ready)})")
        # Odoo's web client: wait until it has no request in flight
        self.wait_for("!document.querySelector('.o_loading_indicator, .o_blockUI')")
        time.sleep(1.5)

    def login(self, base, login, password):
        self.goto(f"{base}/web/session/logout?redirect=/web/login", "input#login")
        self.evaluate(
            f"""(() => {{
                document.querySelector('input#login').value = {json.dumps(login)};
                document.querySelector('input#password').value = {json.dumps(password)};
                document.querySelector('form.oe_login_form').submit();
            }})()"""
        )
        self.wait_for("!location.pathname.startsWith('/web/login')")
        self.wait_for("document.readyState === 'complete'")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        save_png(image, path)
        return image

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def save_png(image, path, max_bytes=None):
    """A 256-colour PNG: screens of flat UI colours lose nothing visible."""
    image = image.convert("RGB")
    while True:
        buffer = io.BytesIO()
        image.quantize(colors=256, dither=Image.Dither.NONE).save(
            buffer, "PNG", optimize=True
        )
        if max_bytes is None or buffer.tell() <= max_bytes or image.width < 600:
            break
        image = image.resize((image.width * 9 // 10, image.height * 9 // 10))
    path.write_bytes(buffer.getvalue())


def take_screenshots(browser, base, data, out_dir):
    complaint = data["complaint_id"]
    show_tab = f"""[...document.querySelectorAll('.o_notebook .nav-link')]
        .find((tab) => tab.textContent.trim() === '{data["complaint_tab"]}')?.click()"""
    pages = [
        # name, login, url, selector the page is ready with, height, script
        (
            "kanban_funnel",
            "admin",
            "/odoo/complaints",
            ".o_kanban_renderer .o_kanban_record",
            HEIGHT,
            None,
        ),
        (
            "complaint_form",
            "admin",
            f"/odoo/complaints/{complaint}",
            ".o_form_view .o_statusbar_status .o_arrow_button_current",
            HEIGHT,
            show_tab,
        ),
        (
            "dashboard",
            "admin",
            "/odoo/action-customer_complaint.customer_complaint_dashboard_action",
            ".o_kanban_renderer .o_kanban_record",
            HEIGHT,
            None,
        ),
        (
            "funnel_report",
            "admin",
            "/odoo/action-customer_complaint.customer_complaint_funnel_report_action",
            ".o_graph_renderer canvas",
            HEIGHT,
            None,
        ),
        ("review_page", None, f"/review/{data['review_token']}", "form", 480, None),
        ("portal", "portal", "/my/complaints", ".o_complaint_row", 480, None),
    ]
    logged_in = None
    shots = {}
    for name, login, url, ready, height, script in pages:
        if login and login != logged_in:
            browser.resize(HEIGHT)
            browser.login(base, login, login)
            logged_in = login
        browser.resize(height)
        browser.goto(base + url, ready)
        if script:
            browser.evaluate(script)
            time.sleep(1)
        path = out_dir / f"screenshot_{name}.png"
        shots[name] = browser.screenshot(path)
        saved(path)
    return shots


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default=os.environ.get("DEMO_DB", "customer_complaint_demo")
    )
    parser.add_argument("--port", type=int, default=8085)
    parser.add_argument("--out", type=Path, default=ROOT / "static" / "description")
    parser.add_argument(
        "--no-update", action="store_true", help="serve the demo database as it is"
    )
    args = parser.parse_args()
    args.out = args.out.resolve()
    base = f"http://127.0.0.1:{args.port}"
    if port_in_use(args.port):
        sys.exit(
            f"[screenshots] port {args.port} is in use: choose another with --port"
        )
    if not Path(CHROMIUM).exists():
        sys.exit(f"[screenshots] {CHROMIUM} not found (set CHROMIUM=...)")
    prepare_database(args)
    args.out.mkdir(parents=True, exist_ok=True)
    server_log = tempfile.NamedTemporaryFile(
        prefix="cc_screenshots_", suffix=".log", delete=False
    )
    server = subprocess.Popen(
        odoo_command(args)
        + ["--max-cron-threads=0", "--log-level=warn", f"--logfile={server_log.name}"],
    )
    browser = None
    try:
        log(f"serving {args.db} on {base}")
        wait_http(f"{base}/web/health", timeout=120)
        data = prepare_data(Rpc(base, args.db))
        browser = Browser()
        shots = take_screenshots(browser, base, data, args.out)
        apps_dir = ROOT / "static" / "description"
        for name in FOR_APPS_PAGE:
            path = apps_dir / f"screenshot_{name}.png"
            save_png(shots[name], path, max_bytes=MAX_APPS_PAGE_BYTES)
            saved(path)
    except Exception:
        lines = (
            Path(server_log.name)
            .read_text(encoding="utf-8", errors="replace")
            .splitlines()
        )
        print("\n".join(lines[-40:]), file=sys.stderr)
        raise
    finally:
        if browser:
            browser.close()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        os.unlink(server_log.name)
    log("done")


if __name__ == "__main__":
    main()
