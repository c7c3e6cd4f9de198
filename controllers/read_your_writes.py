"""Read-your-writes when Odoo reads from a replica.

With ``db_replica_host`` set, Odoo serves ``readonly`` routes and
``@api.readonly`` methods on a streaming replica, which applies the
primary's commits some time later. Whoever just filed, answered, saved or
archived a complaint would read the old state there. So a request that wrote
keeps its transaction id in the session, and a later read of the same
session stays on the replica only if that transaction was over when the
replica's snapshot was taken; otherwise Odoo serves it on the primary. Other
sessions, and this one once the replica has caught up, keep reading it.

The back office goes through ``/web/dataset/call_kw``: its routes are
re-declared here with the same decision, for the addon's models only (the
rest of Odoo keeps core's routing).
"""

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers import dataset

SESSION_KEY = "customer_complaint_xid"
MODULE = "customer_complaint"


def remember_write():
    """Keep in the session the id of this request's transaction, if it wrote.

    Called at the end of a request that may have written; the ORM's pending
    writes are flushed first so that the transaction has its id.
    """
    request.env.flush_all()
    cr = request.env.cr
    cr.execute("SELECT pg_current_xact_id_if_assigned()::text")
    xid = cr.fetchone()[0]
    if xid:
        request.session[SESSION_KEY] = xid


def replica_has_caught_up():
    """Whether the request's (read-only) cursor sees the session's last
    write: always, unless a write of this session is not applied there yet."""
    xid = request.session.get(SESSION_KEY)
    cr = request.env.cr
    if not xid or not cr.readonly:
        # Nothing written, or no replica (or it is down): the primary reads.
        return True
    # Older than every transaction still running for the snapshot: it was
    # over before the snapshot. Not pg_visible_in_snapshot(): a replica's
    # snapshot keeps its running transactions where pg_snapshot does not
    # show them.
    cr.execute("SELECT %s::xid8 < pg_snapshot_xmin(pg_current_snapshot())", [xid])
    return cr.fetchone()[0]


def read_your_writes(controller, rule, args):
    """``readonly`` of a route: a replica, unless it lags behind this
    session's last write."""
    return replica_has_caught_up()


def _is_addon_model(model_name):
    model = request.registry.get(model_name)
    return model is not None and model._original_module == MODULE


class ComplaintDataSet(dataset.DataSet):
    def _complaint_call_kw_readonly(self, rule, args):
        readonly = self._call_kw_readonly(rule, args)
        if readonly and _is_addon_model(request.get_json_data()["params"]["model"]):
            return replica_has_caught_up()
        return readonly

    def _complaint_remember_write(self, model):
        if not request.env.cr.readonly and _is_addon_model(model):
            remember_write()

    @http.route(readonly=_complaint_call_kw_readonly)
    def call_kw(self, model, method, args, kwargs, path=None):
        result = super().call_kw(model, method, args, kwargs, path=path)
        self._complaint_remember_write(model)
        return result

    @http.route(readonly=_complaint_call_kw_readonly)
    def call_button(self, model, method, args, kwargs, path=None):
        result = super().call_button(model, method, args, kwargs, path=path)
        self._complaint_remember_write(model)
        return result
