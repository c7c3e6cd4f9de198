"""Automation rules and crons in batches.

``base_automation`` runs the actions of a rule once per record (each with
``active_ids=[record.id]``). The rules of this addon hand their record to
``_run_once_per_transaction``: the records are collected in the cursor's
precommit data and one callback calls the batch method once, on all the
records collected with the same user and context (by chunks of 1,000), when
the transaction is flushed (``cr.flush()``: before COMMIT and at every
flushing savepoint). The work is done in the same transaction, in one
batch, by the ORM.

A cron's batch that fails is retried record by record (``_call_safely``), so
that one bad record does not stop the others on every run.
"""

import ast
import functools
import logging

import psycopg2.errors

from odoo import models
from odoo.tools import OrderedSet, clean_context

_logger = logging.getLogger(__name__)

PRECOMMIT_KEY = "customer_complaint.batch"
# The context key under which base.automation._process collects the records
# of its batch actions (below) instead of running them record by record.
DEFER_KEY = "__customer_complaint_batch_actions"
# A batch method gets at most this many records at a time: what it creates
# (complaints from reviews) goes through Odoo's rules record by record, in
# environments whose context holds the whole batch, a cost that grows with
# the square of the batch (bench: 3,000 complaints in one create cost 1.5x
# per complaint what 1,000 cost).
CHUNK_SIZE = 1000
# What running an action adds to the context for each record: left out, so
# that the records of a transaction make one batch.
RUN_CONTEXT_KEYS = frozenset(
    {
        "active_id",
        "active_ids",
        "active_model",
        "active_domain",
        "domain_post",
        "old_values",
    }
)
# Another transaction works on the same rows: the cron's whole run is retried
# by Odoo instead of failing the records one by one.
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)


class CustomerComplaintBatchMixin(models.AbstractModel):
    _name = "customer.complaint.batch.mixin"
    _description = "Complaint Batch Method Runner"

    # The methods an automation rule may hand records to (batch-safe and
    # idempotent: they skip the records already done).
    _batch_methods = ()

    @classmethod
    def _get_batch_methods(cls):
        """The batch methods every extension of the model declares (each
        ``_inherit`` class lists its own in ``_batch_methods``)."""
        batch_methods = vars(cls).get("_batch_methods_all")
        if batch_methods is None:
            # Once per registry class (a new registry builds new classes).
            batch_methods = cls._batch_methods_all = frozenset(
                name
                for klass in cls.mro()
                for name in vars(klass).get("_batch_methods", ())
            )
        return batch_methods

    def _run_once_per_transaction(self, method_name):
        """Call ``method_name`` once per transaction on all the records
        queued for it, when the transaction is flushed.

        Records are grouped by environment (user, superuser mode and context
        but the keys an action run adds, nor ``default_*`` keys): the batch
        runs as the rule that queued them did.
        """
        batch_methods = self._get_batch_methods()
        if method_name not in batch_methods:
            raise ValueError(
                f"{self._name}.{method_name} is not a batch method of the "
                f"automation rules (one of {', '.join(sorted(batch_methods))})."
            )
        ids = [record_id for record_id in self._ids if isinstance(record_id, int)]
        if not ids:
            return
        context = {
            key: value
            for key, value in clean_context(self.env.context).items()
            # Keys with two underscores are the rule engine's own.
            if key not in RUN_CONTEXT_KEYS and not key.startswith("__")
        }
        # (user, superuser, model, method), context, ids: the context is
        # compared, not hashed, and the environment made once, for the batch.
        key = (self.env.uid, self.env.su, self._name, method_name)
        precommit = self.env.cr.precommit
        queues = precommit.data.get(PRECOMMIT_KEY)
        if queues is None:
            queues = precommit.data[PRECOMMIT_KEY] = []
            precommit.add(self.env["customer.complaint.batch.mixin"]._run_queued)
        for queued_key, queued_context, queued_ids in reversed(queues):
            if queued_key == key and queued_context == context:
                queued_ids.update(ids)
                break
        else:
            queues.append((key, context, OrderedSet(ids)))

    def _run_queued(self):
        """The precommit callback: the queued batches, in the order they were
        first queued, then the batches they queue (the complaints a batch of
        reviews creates are notified in the same callback), each round
        flushed. A batch of more than ``CHUNK_SIZE`` records is handed over
        in chunks of that size.

        All of it runs before mail's tracking callback of the records created
        here: as for records created in a request, what the batches write and
        compute on them is not tracked, nor posted as changes.
        """
        data = self.env.cr.precommit.data
        while queues := data.get(PRECOMMIT_KEY):
            # Records queued from now on come to the next round.
            data[PRECOMMIT_KEY] = []
            for (uid, su, model_name, method_name), context, ids in queues:
                env = self.env(user=uid, su=su, context=context)
                records = env[model_name].browse(ids).exists()
                for start in range(0, len(records), CHUNK_SIZE):
                    getattr(records[start : start + CHUNK_SIZE], method_name)()
            self.env.flush_all()
        # Records queued later in the transaction get a callback of their own.
        data.pop(PRECOMMIT_KEY, None)

    def _call_safely(self, method_name, *args):
        """Call ``method_name`` on the batch; if it fails, on each record
        alone. Returns the ids of the records it failed on (logged), whose
        work is rolled back."""
        try:
            with self.env.cr.savepoint():
                getattr(self, method_name)(*args)
            return []
        except CONCURRENCY_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - any fault: retry one by one
            _logger.warning(
                "%s.%s failed on %s records; retrying one by one",
                self._name,
                method_name,
                len(self),
            )
        failed = []
        for record in self:
            try:
                with self.env.cr.savepoint():
                    getattr(record, method_name)(*args)
            except CONCURRENCY_ERRORS:
                raise
            except Exception:
                _logger.exception(
                    "%s.%s failed on record %s", self._name, method_name, record.id
                )
                failed.append(record.id)
        return failed


class BaseAutomation(models.Model):
    """The batch actions of an automation rule run once for all its records.

    ``base.automation._process`` runs each action of a rule once per record.
    An action whose whole code is ``records._run_once_per_transaction("...")``
    (each shipped rule's) gives the same result when run once on all the
    records, and costs an evaluation context and a ``safe_eval`` per record
    otherwise: while Odoo's ``_process`` runs, such an action's runs are
    collected (``ir.actions.server.run`` below), then it runs once with all
    the records as ``records``. Any other action (an administrator's) runs
    record by record, as Odoo runs it.
    """

    _inherit = "base.automation"

    def _process(self, records, domain_post=None):
        if len(self) != 1 or len(records) < 2:
            return super()._process(records, domain_post=domain_post)
        deferred = {}
        res = super(
            BaseAutomation, self.with_context(**{DEFER_KEY: (self.id, deferred)})
        )._process(records, domain_post=domain_post)
        for action, ids in deferred.items():
            try:
                # As Odoo's _process runs it (sudo, this rule marked done).
                action.with_context(
                    **{DEFER_KEY: False},
                    active_model=records._name,
                    active_ids=list(ids),
                    active_id=next(iter(ids)),
                    domain_post=domain_post,
                ).run()
            except Exception as e:
                self._add_postmortem(e)
                raise
        return res


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    def run(self):
        deferring = self.env.context.get(DEFER_KEY)
        if not deferring or len(self) != 1:
            return super().run()
        automation_id, deferred = deferring
        action = self.sudo()
        active_ids = self.env.context.get("active_ids") or []
        if (
            action.base_automation_id.id != automation_id
            or not active_ids
            or not action._is_batch_action()
        ):
            return super(
                IrActionsServer,
                self.with_context(**{DEFER_KEY: False}),
            ).run()
        deferred.setdefault(self, OrderedSet()).update(active_ids)
        return False

    def _is_batch_action(self):
        """Whether running this action once on many records does what running
        it on each does: its code is only calls of
        ``records._run_once_per_transaction(<method name>)`` on a model with
        the batch runner."""
        self.ensure_one()
        model = self.env.get(self.model_name)
        return (
            self.state == "code"
            and model is not None
            and hasattr(model, "_run_once_per_transaction")
            and _is_batch_code(self.code or "")
        )


@functools.lru_cache(maxsize=64)
def _is_batch_code(code):
    """Whether ``code`` is only ``records._run_once_per_transaction("...")``
    calls (comments aside)."""
    try:
        statements = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(statements) and all(
        isinstance(statement, ast.Expr)
        and isinstance(call := statement.value, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "_run_once_per_transaction"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "records"
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
        for statement in statements
    )
