"""What Odoo's web client really sends when a user opens each screen.

Drives headless Chromium (the Browser of ``tools/screenshots.py``) logged in
as each role against a running server, opens every screen of
``screens.SCREENS`` through the web client's action service, twice (a fresh
tab, then the same tab again: the second opening is what a user working in
a tab sends, the action and the views being cached), records the requests
(XHR) and writes them to a JSON file. With ``--compare FILE`` (such a
capture) it runs ``screens.py``'s version of each screen instead and prints,
per screen, the calls that differ and the differences of their parameters
(read specifications, domains, contexts): how ``screens.py`` is kept
faithful when Odoo or the views change.

    python tools/scale/capture_screens.py URL DB --complaint ID --review ID [--out FILE]
    python tools/scale/capture_screens.py URL DB --compare FILE

The logins are those of ``prepare.py`` (``scale_staff``,
``scale_manager``; passwords = logins). Portal pages are plain GETs and
are not captured.
"""

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import screens  # noqa: E402
from screenshots import Browser  # noqa: E402

HOOK = """(() => {
    if (window.__cap) { window.__cap.length = 0; return; }
    window.__cap = [];
    const proto = XMLHttpRequest.prototype;
    const open = proto.open, send = proto.send;
    proto.open = function (method, url) {
        this.__url = String(url);
        return open.apply(this, arguments);
    };
    proto.send = function (body) {
        let text = body;
        if (body instanceof FormData) {
            text = JSON.stringify(Object.fromEntries(body.entries()));
        }
        text = typeof text === "string" ? text : null;
        window.__cap.push({url: this.__url, body: text});
        return send.apply(this, arguments);
    };
})()"""

# How the web client opens each screen: (action, options of doAction, then
# a JS expression to run once loaded, if any).
OPEN = {
    "complaints_kanban": ("customer_complaint.customer_complaint_action", {}, None),
    "complaints_list": (
        "customer_complaint.customer_complaint_action",
        {"viewType": "list"},
        None,
    ),
    "complaint_form": (
        "customer_complaint.customer_complaint_action",
        {"viewType": "form", "props": {"resId": "{complaint}"}},
        None,
    ),
    "reviews_list": ("customer_complaint.customer_review_action", {}, None),
    "review_form": (
        "customer_complaint.customer_review_action",
        {"viewType": "form", "props": {"resId": "{review}"}},
        None,
    ),
    "dashboard": ("customer_complaint.customer_complaint_dashboard_action", {}, None),
    "analysis_pivot": ("customer_complaint.customer_complaint_report_action", {}, None),
    "analysis_graph": (
        "customer_complaint.customer_complaint_report_action",
        {"viewType": "graph"},
        None,
    ),
    "funnel_graph": (
        "customer_complaint.customer_complaint_funnel_report_action",
        {},
        None,
    ),
    "funnel_pivot": (
        "customer_complaint.customer_complaint_funnel_report_action",
        {"viewType": "pivot"},
        None,
    ),
    "satisfaction_pivot": (
        "customer_complaint.customer_satisfaction_report_action",
        {},
        None,
    ),
    "satisfaction_graph": (
        "customer_complaint.customer_satisfaction_report_action",
        {"viewType": "graph"},
        None,
    ),
    "response_pivot": (
        "customer_complaint.customer_complaint_response_report_action",
        {},
        None,
    ),
    "response_graph": (
        "customer_complaint.customer_complaint_response_report_action",
        {"viewType": "graph"},
        None,
    ),
    "causes_report_pdf": (
        "customer_complaint.customer_complaint_causes_report_action",
        {},
        "document.querySelector('.modal button[name=action_print]').click()",
    ),
}


STAFF = {"complaints_kanban", "complaints_list", "complaint_form", "reviews_list"}
STAFF.add("review_form")


def settle(browser, quiet=1.5, timeout=120):
    """Wait until no request was sent for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = browser.evaluate("window.__cap.length")
        busy = browser.evaluate("!!document.querySelector('.o_loading_indicator')")
        if now != count or busy:
            count, since = now, time.monotonic()
        elif time.monotonic() - since > quiet:
            return
        time.sleep(0.2)
    raise TimeoutError("the page kept sending requests")


def open_screen(browser, name, ids):
    action, options, then = OPEN[name]
    options = json.loads(json.dumps(options).replace('"{complaint}"', str(ids[0])))
    options = json.loads(json.dumps(options).replace('"{review}"', str(ids[1])))
    browser.evaluate(HOOK)
    browser.evaluate(
        "odoo.__WOWL_DEBUG__.root.env.services.action.doAction("
        f"{json.dumps(action)}, {{clearBreadcrumbs: true, ...{json.dumps(options)}}})"
    )
    settle(browser)
    if then:
        browser.evaluate(then)
        settle(browser)
    return browser.evaluate("window.__cap")


def simplify(requests_):
    """(label, kwargs) per request: ``model.method`` for call_kw."""
    out = []
    for request in requests_:
        url = request["url"].split("?")[0]
        body = request["body"]
        try:
            params = json.loads(body)["params"] if body else {}
        except (ValueError, KeyError, TypeError):
            params = {"raw": body}
        if "/web/dataset/call_kw/" in url:
            label = url.rsplit("/", 1)[1]
            params = {"args": params.get("args"), **params.get("kwargs", {})}
        else:
            label = url
        out.append({"label": label, "params": params})
    return out


def normalise(call):
    """A call's label and parameters in one shape: call_kw as
    ``{"args": ..., **kwargs}``; the download's form left out."""
    label, params = call["label"], dict(call["params"])
    if "kwargs" in params and "model" in params and "call_button" not in label:
        params = {"args": params.get("args"), **params["kwargs"]}
    if label == "/report/download":
        params = {}
    if "call_button" in label:
        params.pop("args", None)  # the wizard's new id
    return label, params


def differences(left, right, path=""):
    """Paths where two JSON values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        out = []
        for key in sorted(set(left) | set(right), key=str):
            if key not in right:
                out.append(f"{path}.{key}: browser only")
            elif key not in left:
                out.append(f"{path}.{key}: screens.py only")
            else:
                out += differences(left[key], right[key], f"{path}.{key}")
        return out
    if left != right:
        browser, ours = json.dumps(left)[:120], json.dumps(right)[:120]
        return [f"{path}: browser {browser} / screens.py {ours}"]
    return []


def compare(base, db, captured):
    """Each captured screen against screens.py's calls for it."""
    sessions = {}
    same = True
    for name, capture in captured.items():
        function, role = screens.SCREENS[name]
        if role not in sessions:
            login = f"scale_{role}"
            sessions[role] = screens.login(base, db, login, login, role)
        session = sessions[role]
        session.record = []
        function(session)
        ours = [normalise(call) for call in session.record]
        theirs = [
            normalise(call)
            for call in capture["warm"]
            if call["label"] != "/report/check_wkhtmltopdf"
        ]
        session.record = None
        print(f"== {name}")
        labels_ours = sorted(label for label, _params in ours)
        labels_theirs = sorted(label for label, _params in theirs)
        if labels_ours != labels_theirs:
            same = False
            print(
                f"   calls differ: browser {labels_theirs} / screens.py {labels_ours}"
            )
        pending = list(ours)
        for label, params in theirs:
            match = next((item for item in pending if item[0] == label), None)
            if match is None:
                continue
            pending.remove(match)
            for line in differences(params, match[1]):
                same = False
                print(f"   {label}{line}")
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("--out", default="/tmp/cc_screens_capture.json")
    parser.add_argument("--only", help="comma list of screens")
    parser.add_argument("--complaint", type=int, help="id (staff's; to capture)")
    parser.add_argument("--review", type=int, help="id (to capture)")
    parser.add_argument(
        "--compare", help="a capture (JSON) to compare screens.py with, no capture"
    )
    args = parser.parse_args()
    base = args.url.rstrip("/")
    only = set(args.only.split(",")) if args.only else set(OPEN)
    if args.compare:
        captured = json.loads(Path(args.compare).read_text())
        captured = {name: item for name, item in captured.items() if name in only}
        sys.exit(0 if compare(base, args.db, captured) else 1)
    if not (args.complaint and args.review):
        parser.error("--complaint and --review: the records the forms open")
    result = {}
    ids = (args.complaint, args.review)
    for role in ("staff", "manager"):
        names = [
            name
            for name in OPEN
            if (name in STAFF) == (role == "staff") and name in only
        ]
        if not names:
            continue
        browser = Browser()
        try:
            browser.login(base, f"scale_{role}", f"scale_{role}")
            browser.goto(f"{base}/odoo", ".o_main_navbar")
            for name in names:
                first = simplify(open_screen(browser, name, ids))
                warm = simplify(open_screen(browser, name, ids))
                result[name] = {"role": role, "first": first, "warm": warm}
                print(f"== {name} ({role})")
                for label, calls in (("first", first), ("warm", warm)):
                    print(f"   {label}: " + ", ".join(c["label"] for c in calls))
        finally:
            browser.close()
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
