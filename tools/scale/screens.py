"""The app's screens as Odoo 19's web client opens them, over HTTP.

A pure-Python client (``requests``, no Odoo import) that sends, call for
call, what the web client sends when a user opens each screen of the app,
so that a load script can time screens as a browser shows them:

- staff: the complaints' kanban (``read_progress_bar`` and ``web_read_group``,
  in parallel), list (``web_search_read``, 80 rows, count up to 10,001) and
  form (``web_read``, then the status bar's stages and the chatter's
  ``/mail/thread/messages`` and ``/mail/data``, in parallel), the reviews'
  list and form;
- manager: the dashboard (a kanban of ``customer.complaint.dashboard``:
  ``web_search_read``), the pivot (``formatted_read_grouping_sets``) and
  graph (``formatted_read_group``) of the complaint analysis, the funnel,
  the satisfaction and the response deadlines, each with its action's
  default filters, group-bys, measures and context, and the causes report:
  the wizard (``onchange``), its save (``web_save``) and Print button
  (``/web/dataset/call_button``), then the PDF through ``/report/download``
  or its HTML preview (``/report/html/...``);
- customer (portal user): ``/my/complaints`` and ``/my/complaints/<id>``,
  plain GETs.

As a browser tab does, a session loads each action (``/web/action/load``)
and its views (``get_views``) once, when it starts (``Session.prepare``):
the web client caches both, so a screen opened in a working tab sends only
the calls above. The read specifications are built from the views' archs
as the web client's ``getFieldsSpec`` builds them (fields of the view, a
relation's ``display_name``, the widgets' own fields, x2many sub-views);
``tools/scale/capture_screens.py --compare`` checks them against what
Chromium sends.

Every screen is a function ``open_<screen>(session)`` returning a list of
``Call(label, seconds, status)``; a failed call (an HTTP status other than
200, or a JSON-RPC answer with an ``error`` key) raises ``ScreenError``,
which carries the calls made so far. ``SCREENS`` maps each screen's name to
``(function, role)``; ``login(url, db, login, password)`` opens a back-office
session, ``portal_login`` a portal one (the login form, with its CSRF token).
"""

import ast
import itertools
import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import requests

Call = namedtuple("Call", "label seconds status")
TIMEOUT = 300
LIST_LIMIT = 80  # RelationalModel.DEFAULT_LIMIT
COUNT_LIMIT = 10000  # RelationalModel.DEFAULT_COUNT_LIMIT (sent + 1)
X2MANY_LIMIT = 40  # a sub-list's page in a form
ACTIVITY_FIELDS = {
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
# Widgets that read fields of their own (their fieldDependencies or
# relatedFields in the web client).
X2MANY_WIDGET_FIELDS = {
    "many2many_binary": {"name": {}, "mimetype": {}},
    "list_activity": {},
    "kanban_activity": {},
}
ACTIONS = {
    "complaints": "customer_complaint.customer_complaint_action",
    "reviews": "customer_complaint.customer_review_action",
    "dashboard": "customer_complaint.customer_complaint_dashboard_action",
    "analysis": "customer_complaint.customer_complaint_report_action",
    "funnel": "customer_complaint.customer_complaint_funnel_report_action",
    "satisfaction": "customer_complaint.customer_satisfaction_report_action",
    "response": "customer_complaint.customer_complaint_response_report_action",
    "causes": "customer_complaint.customer_complaint_causes_report_action",
}
ROLE_ACTIONS = {
    "staff": ("complaints", "reviews"),
    "manager": (
        "dashboard",
        "analysis",
        "funnel",
        "satisfaction",
        "response",
        "causes",
    ),
}


class ScreenError(Exception):
    """A call of a screen failed; ``calls`` are those made until then."""

    def __init__(self, message, calls=()):
        super().__init__(message)
        self.calls = list(calls)


# ---------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------


class Session:
    """A logged-in user: cookies, the user's context, the actions and views
    the web client would have cached, and the ids the screens open."""

    def __init__(self, url, db, login, role):
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self.role = role
        self.http = requests.Session()
        self.uid = None
        self.context = {}
        self.csrf = None
        self.actions = {}
        self.views = {}
        self.data = {}
        self._local = threading.local()
        self._request_id = itertools.count(1)
        # Every call's payload when set to a list (capture_screens --compare).
        self.record = None

    # -- transport ----------------------------------------------------------

    def _http(self):
        """One requests session per thread (parallel calls), sharing the
        cookies of the login."""
        http = getattr(self._local, "http", None)
        if http is None:
            http = requests.Session()
            http.cookies = self.http.cookies
            self._local.http = http
        return http

    def _timed(self, label, method, path, **kwargs):
        start = time.perf_counter()
        try:
            response = self._http().request(
                method, self.url + path, timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException as error:
            # Refused, reset, timed out: a failed call (status 0).
            call = Call(label, time.perf_counter() - start, 0)
            raise ScreenError(f"{label}: {error.__class__.__name__}", [call]) from None
        seconds = time.perf_counter() - start
        return response, Call(label, seconds, response.status_code)

    def jsonrpc(self, label, path, params):
        """A JSON-RPC call: (result, Call); raises ScreenError on an HTTP
        error or an ``error`` in the answer."""
        if self.record is not None:
            self.record.append({"label": label, "params": params})
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(self._request_id),
        }
        response, call = self._timed(label, "POST", path, json=body)
        if response.status_code != 200:
            raise ScreenError(f"{label}: HTTP {response.status_code}", [call])
        answer = response.json()
        if "error" in answer:
            error = answer["error"]
            message = (error.get("data") or {}).get("message") or error.get("message")
            raise ScreenError(f"{label}: {message}", [call])
        return answer.get("result"), call

    def call_kw(self, model, method, args=(), **kwargs):
        kwargs.setdefault("context", dict(self.context))
        return self.jsonrpc(
            method,
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, label, path, **kwargs):
        """A page (GET): (response, Call); raises on an HTTP error."""
        if self.record is not None:
            self.record.append({"label": label, "params": {"url": path}})
        response, call = self._timed(label, "GET", path, **kwargs)
        if response.status_code != 200:
            raise ScreenError(f"{label}: HTTP {response.status_code}", [call])
        return response, call

    def parallel(self, *thunks):
        """Run calls at once, as the browser sends them: the results and
        the calls in the given order."""
        with ThreadPoolExecutor(max_workers=len(thunks)) as pool:
            futures = [pool.submit(thunk) for thunk in thunks]
            outcomes, errors = [], []
            for future in futures:
                try:
                    outcomes.append(future.result())
                except ScreenError as error:
                    errors.append(error)
        if errors:
            calls = [call for _result, call in outcomes]
            calls += [call for error in errors for call in error.calls]
            raise ScreenError(str(errors[0]), calls)
        return [result for result, _call in outcomes], [c for _r, c in outcomes]

    # -- what a tab loads once ---------------------------------------------

    def prepare(self):
        """The actions of the role and their views (the web client's RPC
        cache), and the records the screens open."""
        for key in ROLE_ACTIONS.get(self.role, ()):
            self.load_action(key)
        if self.role == "staff":
            # The forms open the first records the user sees, in turn.
            for model, name in (
                ("customer.complaint", "complaint_ids"),
                ("customer.review", "review_ids"),
            ):
                found, _call = self.call_kw(model, "search", [[]], limit=20, order="id")
                self.data[name] = found
        return self

    def next_id(self, name):
        """The next of the ``name`` ids, in turn."""
        ids = self.data[name]
        if not ids:
            raise ScreenError(f"no record to open ({name})")
        turn = self.data[f"{name}_turn"] = self.data.get(f"{name}_turn", -1) + 1
        return ids[turn % len(ids)]

    def load_action(self, key):
        action, _call = self.jsonrpc(
            "/web/action/load",
            "/web/action/load",
            {"action_id": ACTIONS[key], "context": dict(self.context)},
        )
        views = [
            [view_id or False, view_type] for view_id, view_type in action["views"]
        ]
        search = action.get("search_view_id")
        target_new = action.get("target") == "new"
        if not target_new:
            views.append([search[0] if search else False, "search"])
        result, _call = self.call_kw(
            action["res_model"],
            "get_views",
            views=views,
            options={
                "action_id": action["id"],
                "embedded_action_id": False,
                "embedded_parent_res_id": False,
                "load_filters": not target_new,
                "toolbar": not target_new,
            },
        )
        self.actions[key] = action
        self.views[key] = result
        return action


def _session_info(session, info):
    session.uid = info["uid"]
    context = dict(info.get("user_context") or {})
    companies = info.get("user_companies") or {}
    current = companies.get("current_company")
    context["allowed_company_ids"] = [current] if current else []
    session.context = {
        key: context[key]
        for key in ("allowed_company_ids", "lang", "tz", "uid")
        if key in context
    }
    session.context.setdefault("uid", session.uid)


def login(url, db, login, password, role=None):
    """A back-office session (``/web/session/authenticate``), prepared for
    the role's screens, with the web client's CSRF token (PDF downloads)."""
    session = Session(url, db, login, role)
    info, _call = session.jsonrpc(
        "/web/session/authenticate",
        "/web/session/authenticate",
        {"db": db, "login": login, "password": password},
    )
    if not info or not info.get("uid"):
        raise ScreenError(f"{login}: authentication failed")
    _session_info(session, info)
    page, _call = session.get("/odoo", "/odoo")
    match = re.search(r'csrf_token: "([^"]+)"', page.text)
    session.csrf = match.group(1) if match else None
    return session.prepare() if role else session


def portal_login(url, db, login, password):
    """A portal session: the login form with its CSRF token, as a browser."""
    session = Session(url, db, login, "portal")
    # ?db=: the server may serve several databases (it sets the session's).
    page, _call = session.get("/web/login", f"/web/login?db={quote(db)}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.http.post(
        session.url + "/web/login",
        data={
            "login": login,
            "password": password,
            "csrf_token": token,
            "redirect": "/my",
        },
        timeout=TIMEOUT,
    )
    if response.status_code != 200 or "/web/login" in response.url:
        raise ScreenError(f"{login}: portal login failed ({response.status_code})")
    info = session.http.post(
        session.url + "/web/session/get_session_info",
        json={"jsonrpc": "2.0", "method": "call", "params": {}},
        timeout=TIMEOUT,
    ).json()["result"]
    _session_info(session, info)
    # The customer's complaints, from their list page (what they click).
    page, _call = session.get("/my/complaints", "/my/complaints")
    ids = [int(i) for i in re.findall(r'href="/my/complaints/(\d+)', page.text)]
    session.data["complaint_ids"] = sorted(set(ids))
    return session


# ---------------------------------------------------------------------------
# Views: read specifications, search defaults, pivot and graph settings
# ---------------------------------------------------------------------------


def _arch(session, key, view_type):
    view = session.views[key]["views"][view_type]
    return ET.fromstring(view["arch"])


def _fields(session, key, model=None):
    result = session.views[key]
    model = model or session.actions[key]["res_model"]
    return result["models"][model]["fields"]


def _always(value):
    return value in ("1", "True", "true")


def _field_nodes(node):
    """The field nodes of a view, not those of a field's own sub-view."""
    for child in node:
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def _static_context(text):
    """A field node's context, the keys that need no record value (the web
    client drops the others: evalPartialContext)."""
    if not text or text.strip() == "{}":
        return {}
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return {}
    if not isinstance(tree, ast.Dict):
        return {}
    context = {}
    for key, value in zip(tree.keys, tree.values, strict=True):
        try:
            context[ast.literal_eval(key)] = ast.literal_eval(value)
        except ValueError:
            continue
    return context


def _options(node):
    text = node.get("options")
    if not text:
        return {}
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return {}


def _x2many_spec(session, key, field, info):
    """An x2many's specification: its sub-view's fields (a page of them),
    or the fields its widget shows; None when it reads none."""
    models = session.views[key]["models"]
    widget = field.get("widget")
    sub = next((c for c in field if c.tag in ("list", "kanban")), None)
    value = {}
    if sub is not None:
        comodel = info["relation"]
        value["fields"] = fields_spec(session, key, sub, models[comodel]["fields"])
        value["limit"] = X2MANY_LIMIT
        if sub.get("default_order"):
            value["order"] = sub.get("default_order")
    elif widget in X2MANY_WIDGET_FIELDS:
        value["fields"] = dict(X2MANY_WIDGET_FIELDS[widget])
    elif widget in ("many2many_tags", "many2many_tags_avatar"):
        value["fields"] = {"display_name": {}}
        color = _options(field).get("color_field")
        if color:
            value["fields"][color] = {}
    else:
        return None
    context = _static_context(field.get("context")) or info.get("context")
    if context:
        value["context"] = context
    return value


def fields_spec(session, key, node, fields):
    """The read specification of a view node, as getFieldsSpec builds it."""
    spec, visible = {}, {}
    for field in _field_nodes(node):
        name = field.get("name")
        info = fields.get(name)
        if info is None:
            continue
        hidden = _always(field.get("invisible")) or _always(
            field.get("column_invisible")
        )
        # A field shown at least once is read as visible.
        visible[name] = visible.get(name, False) or not hidden
        kind = info["type"]
        if kind in ("many2one", "reference"):
            value = spec.setdefault(name, {"fields": {}})
            context = _static_context(field.get("context")) or info.get("context")
            if not hidden and context:
                value["context"] = context
        elif kind in ("one2many", "many2many"):
            value = spec.setdefault(name, {})
            if not hidden:
                value.update(_x2many_spec(session, key, field, info) or {})
        else:
            spec.setdefault(name, {})
        if field.get("widget") in ("list_activity", "kanban_activity"):
            for extra, extra_spec in ACTIVITY_FIELDS.items():
                spec.setdefault(extra, json.loads(json.dumps(extra_spec)))
    for name, shown in visible.items():
        # Read hidden when every node is invisible, with its name otherwise.
        if shown and fields[name]["type"] in ("many2one", "reference"):
            spec[name]["fields"]["display_name"] = {}
    return dict(sorted(spec.items()))


def view_spec(session, key, view_type):
    arch = _arch(session, key, view_type)
    fields = _fields(session, key)
    spec = fields_spec(session, key, arch, fields)
    if view_type == "form" and session.actions[key].get("target") != "new":
        # For the breadcrumbs: a dialog's form (a wizard) has none.
        spec["display_name"] = {}
    if view_type == "kanban":
        for attribute in ("highlight_color",):
            if arch.get(attribute):
                spec.setdefault(arch.get(attribute), {})
        bar = arch.find("progressbar")
        if bar is not None:
            spec.setdefault(bar.get("field"), {})
    return dict(sorted(spec.items()))


def _eval(text, session):
    """A domain or context of a search view or an action, evaluated as the
    web client does for the simple ones the app uses."""
    names = {"uid": session.uid, "True": True, "False": False, "None": None}
    return eval(text, {"__builtins__": {}}, names)  # noqa: S307 - the app's views


def action_context(session, key):
    context = session.actions[key].get("context") or "{}"
    if isinstance(context, str):
        context = _eval(context, session)
    return context


def search_defaults(session, key):
    """(domain, group-bys, context) of the action's ``search_default_*``
    (filters ANDed by group of the search view, group-bys in order), and the
    context the calls carry (the action's, without those keys)."""
    context = action_context(session, key)
    defaults = {
        name[len("search_default_") :]: value
        for name, value in context.items()
        if name.startswith("search_default_") and value
    }
    search = ET.fromstring(session.views[key]["views"]["search"]["arch"])
    groups, current, groupbys = [], [], []
    for node in search.iter():
        if node.tag == "separator":
            groups.append(current)
            current = []
        elif node.tag == "filter" and node.get("name") in defaults:
            filter_context = _eval(node.get("context") or "{}", session)
            if "group_by" in filter_context:
                groupbys.append(filter_context["group_by"])
            elif node.get("domain"):
                current.append(_eval(node.get("domain"), session))
    groups.append(current)
    domain = []
    parts = []
    for group in groups:
        if not group:
            continue
        # Filters of one group are ORed, groups ANDed.
        part = []
        for _index in range(len(group) - 1):
            part.append("|")
        for item in group:
            part.extend(item)
        parts.append(part)
    for _index in range(len(parts) - 1):
        domain.append("&")
    for part in parts:
        domain.extend(part)
    domain = json.loads(json.dumps(domain))  # tuples as the JSON lists they are
    call_context = {
        name: value
        for name, value in context.items()
        if not name.startswith("search_default_")
    }
    return domain, groupbys, call_context


def _groupby_name(node, fields):
    name = node.get("name")
    interval = node.get("interval")
    if not interval and fields[name]["type"] in ("date", "datetime"):
        interval = "month"
    return f"{name}:{interval}" if interval else name


def _measure(name, fields):
    if name == "__count":
        return name
    info = fields[name]
    aggregator = info.get("aggregator")
    if info["type"] == "many2one":
        aggregator = "count_distinct"
    return f"{name}:{aggregator or 'sum'}"


def pivot_request(session, key):
    """The kwargs of the pivot's ``formatted_read_grouping_sets``."""
    arch = _arch(session, key, "pivot")
    fields = _fields(session, key)
    domain, groupbys, context = search_defaults(session, key)
    rows, cols, measures = [], [], []
    if _always(arch.get("display_quantity")):
        measures.append("__count")
    for node in arch.iter("field"):
        kind = node.get("type")
        if kind == "row":
            rows.append(_groupby_name(node, fields))
        elif kind == "col":
            cols.append(_groupby_name(node, fields))
        elif kind == "measure":
            measures.append(_measure(node.get("name"), fields))
    rows = groupbys or rows
    ctx = action_context(session, key)
    rows = ctx.get("pivot_row_groupby", rows)
    cols = ctx.get("pivot_column_groupby", cols)
    measures = ctx.get("pivot_measures", measures)
    if "__count" not in measures:
        measures.append("__count")
    sets = [
        rows[:r] + cols[:c] for r in range(len(rows) + 1) for c in range(len(cols) + 1)
    ]
    return {
        "domain": domain,
        "grouping_sets": sets,
        "aggregates": measures,
        "context": {**session.context, **context},
    }


def graph_request(session, key):
    """The kwargs of the graph's ``formatted_read_group``."""
    arch = _arch(session, key, "graph")
    fields = _fields(session, key)
    domain, groupbys, context = search_defaults(session, key)
    arch_groupbys, measure = [], "__count"
    for node in arch.iter("field"):
        if node.get("type") == "measure":
            measure = node.get("name")
        else:
            arch_groupbys.append(_groupby_name(node, fields))
    ctx = action_context(session, key)
    groupbys = ctx.get("graph_groupbys") or groupbys or arch_groupbys
    aggregates = ["__count"]
    if measure != "__count":
        aggregates.append(_measure(measure, fields))
    return {
        "domain": domain,
        "groupby": groupbys,
        "aggregates": aggregates,
        "context": {**session.context, **context, "fill_temporal": True},
    }


# ---------------------------------------------------------------------------
# Screens
# ---------------------------------------------------------------------------


def _model(session, key):
    return session.actions[key]["res_model"]


def _run(session, steps):
    """Run the steps (a thunk, or a tuple of thunks sent at once) and gather
    the calls; a failure raises with the calls made so far."""
    calls, results = [], []
    for step in steps:
        try:
            if isinstance(step, tuple):
                outcome, made = session.parallel(*step)
                results.append(outcome)
                calls.extend(made)
            else:
                result, call = step(results)
                results.append(result)
                calls.append(call)
        except ScreenError as error:
            raise ScreenError(str(error), calls + error.calls) from None
    return calls


def _list_kwargs(session, key, view_type, domain, context):
    return {
        "specification": view_spec(session, key, view_type),
        "offset": 0,
        "order": "",
        "limit": LIST_LIMIT,
        "context": {**session.context, "bin_size": True, **context},
        "count_limit": COUNT_LIMIT + 1,
        "domain": domain,
    }


def open_complaints_kanban(session):
    key = "complaints"
    model = _model(session, key)
    domain, groupbys, context = search_defaults(session, key)
    arch = _arch(session, key, "kanban")
    groupby = groupbys or [arch.get("default_group_by")]
    bar = arch.find("progressbar")
    progress = {
        "colors": json.loads(bar.get("colors")),
        "field": bar.get("field"),
        "help": bar.get("help") or "",
    }
    ctx = {**session.context, **context}
    return _run(
        session,
        [
            (
                lambda: session.call_kw(
                    model,
                    "read_progress_bar",
                    domain=domain,
                    group_by=groupby[0],
                    progress_bar=progress,
                    context=ctx,
                ),
                lambda: session.call_kw(
                    model,
                    "web_read_group",
                    domain=domain,
                    groupby=groupby,
                    aggregates=[],
                    offset=0,
                    order="",
                    auto_unfold=True,
                    opening_info=[],
                    unfold_read_specification=view_spec(session, key, "kanban"),
                    unfold_read_default_limit=LIST_LIMIT,
                    groupby_read_specification={},
                    context={**ctx, "read_group_expand": True},
                ),
            )
        ],
    )


def _open_list(session, key, view_type="list"):
    """A list, or a kanban without groups: one ``web_search_read``."""
    model = _model(session, key)
    domain, _groupbys, context = search_defaults(session, key)
    kwargs = _list_kwargs(session, key, view_type, domain, context)
    return _run(
        session, [lambda _r: session.call_kw(model, "web_search_read", **kwargs)]
    )


def open_complaints_list(session):
    return _open_list(session, "complaints")


def open_reviews_list(session):
    return _open_list(session, "reviews")


def _chatter(session, model, record_id):
    ctx = dict(session.context)
    return (
        lambda: session.jsonrpc(
            "/mail/thread/messages",
            "/mail/thread/messages",
            {
                "thread_id": record_id,
                "thread_model": model,
                "fetch_params": {"limit": 30},
            },
        ),
        lambda: session.jsonrpc(
            "/mail/data",
            "/mail/data",
            {
                "fetch_params": [
                    [
                        "mail.thread",
                        {
                            "thread_model": model,
                            "thread_id": record_id,
                            "access_params": {},
                            "request_list": [
                                "activities",
                                "attachments",
                                "contact_fields",
                                "followers",
                                "scheduledMessages",
                                "suggestedRecipients",
                            ],
                        },
                    ]
                ],
                "context": ctx,
            },
        ),
    )


def _open_form(session, key, record_id):
    model = _model(session, key)
    arch = _arch(session, key, "form")
    _domain, _groupbys, context = search_defaults(session, key)
    spec = view_spec(session, key, "form")
    after = []
    for node in arch.iter("field"):
        if node.get("widget") == "statusbar":
            relation = _fields(session, key)[node.get("name")]["relation"]
            fold = _options(node).get("fold_field")
            after.append(
                lambda relation=relation, fold=fold: session.call_kw(
                    relation,
                    "search_read",
                    domain=[],
                    fields=["display_name", *([fold] if fold else [])],
                )
            )
    if arch.find("chatter") is not None:
        after.extend(_chatter(session, model, record_id))
    steps = [
        lambda _r: session.call_kw(
            model,
            "web_read",
            [[record_id]],
            specification=spec,
            context={**session.context, "bin_size": True, **context},
        )
    ]
    if after:
        steps.append(tuple(after))
    return _run(session, steps)


def open_complaint_form(session):
    return _open_form(session, "complaints", session.next_id("complaint_ids"))


def open_review_form(session):
    return _open_form(session, "reviews", session.next_id("review_ids"))


def open_dashboard(session):
    return _open_list(session, "dashboard", "kanban")


def _pivot(key):
    def open_pivot(session):
        model = _model(session, key)
        kwargs = pivot_request(session, key)
        return _run(
            session,
            [
                lambda _r: session.call_kw(
                    model, "formatted_read_grouping_sets", **kwargs
                )
            ],
        )

    open_pivot.__name__ = f"open_{key}_pivot"
    return open_pivot


def _graph(key):
    def open_graph(session):
        model = _model(session, key)
        kwargs = graph_request(session, key)
        return _run(
            session,
            [lambda _r: session.call_kw(model, "formatted_read_group", **kwargs)],
        )

    open_graph.__name__ = f"open_{key}_graph"
    return open_graph


open_analysis_pivot = _pivot("analysis")
open_analysis_graph = _graph("analysis")
open_funnel_graph = _graph("funnel")
open_funnel_pivot = _pivot("funnel")
open_satisfaction_pivot = _pivot("satisfaction")
open_satisfaction_graph = _graph("satisfaction")
open_response_pivot = _pivot("response")
open_response_graph = _graph("response")


def report_url(action, kind, context=None):
    """The web client's getReportUrl."""
    url = f"/report/{kind}/{action['report_name']}"
    action_context = action.get("context") or {}
    if action.get("data"):
        options = quote(json.dumps(action["data"], separators=(",", ":")))
        ctx = quote(json.dumps(action_context, separators=(",", ":")))
        return f"{url}?options={options}&context={ctx}"
    if action_context.get("active_ids"):
        url += "/" + ",".join(str(i) for i in action_context["active_ids"])
    if kind == "html":
        url += "?context=" + quote(json.dumps(context or {}, separators=(",", ":")))
    return url


def _causes_print(session):
    """The wizard opened (defaults), saved and printed: the calls and the
    report action."""
    key = "causes"
    model = _model(session, key)
    spec = view_spec(session, key, "form")
    arch = _arch(session, key, "form")
    shown = {
        node.get("name")
        for node in _field_nodes(arch)
        if not _always(node.get("invisible"))
    }
    state = {}

    def onchange(_results):
        result, call = session.call_kw(model, "onchange", [[], {}, [], spec])
        state["values"] = result["value"]
        return result, call

    def save(_results):
        values = {
            name: (value["id"] if isinstance(value, dict) else value)
            for name, value in state["values"].items()
            if name in shown
        }
        result, call = session.call_kw(
            model, "web_save", [[], values], specification=spec
        )
        state["id"] = result[0]["id"]
        return result, call

    def button(_results):
        path = f"/web/dataset/call_button/{model}/action_print"
        result, call = session.jsonrpc(
            path,
            path,
            {
                "model": model,
                "method": "action_print",
                "args": [[state["id"]]],
                "kwargs": {"context": dict(session.context)},
            },
        )
        state["action"] = result
        return result, call

    calls = _run(session, [onchange, save, button])
    return calls, state["action"]


def open_causes_report_pdf(session):
    calls, action = _causes_print(session)
    context = {**session.context, **(action.get("context") or {})}
    if session.record is not None:
        session.record.append({"label": "/report/download", "params": {}})
    response, call = session._timed(
        "/report/download",
        "POST",
        "/report/download",
        data={
            "data": json.dumps([report_url(action, "pdf"), action["report_type"]]),
            "context": json.dumps(context),
            "token": "dummy-because-api-expects-one",
            "csrf_token": session.csrf or "",
        },
    )
    calls.append(call)
    if response.status_code != 200 or not response.content.startswith(b"%PDF"):
        # Odoo answers a failed report with its error as an HTML page.
        text = re.sub(r"<[^>]+>", " ", response.text)
        text = text.replace("&#34;", '"')[:300]
        raise ScreenError(
            f"/report/download: HTTP {response.status_code}, no PDF: {text}", calls
        )
    return calls


def open_causes_report_preview(session):
    calls, action = _causes_print(session)
    url = report_url(action, "html", session.context)
    try:
        _response, call = session.get("/report/html", url)
    except ScreenError as error:
        raise ScreenError(str(error), calls + error.calls) from None
    calls.append(call)
    return calls


def open_portal_list(session):
    _response, call = session.get("/my/complaints", "/my/complaints")
    return [call]


def open_portal_complaint(session):
    complaint = session.next_id("complaint_ids")
    _response, call = session.get("/my/complaints/<id>", f"/my/complaints/{complaint}")
    return [call]


SCREENS = {
    "complaints_kanban": (open_complaints_kanban, "staff"),
    "complaints_list": (open_complaints_list, "staff"),
    "complaint_form": (open_complaint_form, "staff"),
    "reviews_list": (open_reviews_list, "staff"),
    "review_form": (open_review_form, "staff"),
    "dashboard": (open_dashboard, "manager"),
    "analysis_pivot": (open_analysis_pivot, "manager"),
    "analysis_graph": (open_analysis_graph, "manager"),
    "funnel_graph": (open_funnel_graph, "manager"),
    "funnel_pivot": (open_funnel_pivot, "manager"),
    "satisfaction_pivot": (open_satisfaction_pivot, "manager"),
    "satisfaction_graph": (open_satisfaction_graph, "manager"),
    "response_pivot": (open_response_pivot, "manager"),
    "response_graph": (open_response_graph, "manager"),
    "causes_report_preview": (open_causes_report_preview, "manager"),
    "causes_report_pdf": (open_causes_report_pdf, "manager"),
    "portal_list": (open_portal_list, "portal"),
    "portal_complaint": (open_portal_complaint, "portal"),
}
