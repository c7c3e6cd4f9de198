"""Automation rules in batches.

``base_automation`` runs the actions of a rule once per record (each with
``active_ids=[record.id]``). The rules of this addon hand their record to
``_run_once_per_transaction``: the records are collected in the cursor's
precommit data and one callback calls the batch method once, on all the
records collected with the same user and context (by chunks of 1,000), when
the transaction is flushed (``cr.flush()``: before COMMIT and at every
flushing savepoint). The work is done in the same transaction, in one
batch, by the ORM.
"""

from odoo import models
from odoo.tools import OrderedSet, clean_context

PRECOMMIT_KEY = "customer_complaint.batch"
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
        return {
            name
            for klass in cls.mro()
            for name in vars(klass).get("_batch_methods", ())
        }

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
