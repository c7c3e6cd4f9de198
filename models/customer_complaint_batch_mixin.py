"""Crons in batches.

A cron's batch that fails is retried record by record (``_call_safely``), so
that one bad record does not stop the others on every run.
"""

import logging

import psycopg2.errors

from odoo import models

_logger = logging.getLogger(__name__)

# Another transaction works on the same rows: the cron's whole run is retried
# by Odoo instead of failing the records one by one.
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)


class CustomerComplaintBatchMixin(models.AbstractModel):
    _name = "customer.complaint.batch.mixin"
    _description = "Complaint Cron Batches"

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
