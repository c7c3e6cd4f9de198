"""Escalation of overdue complaints by the cron: levels, log, activities for
the team leader and one message to the escalation managers."""

import logging
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)


class CustomerComplaintEscalation(models.Model):
    _inherit = "customer.complaint"

    escalation_level = fields.Selection(
        [("0", "Not escalated"), ("1", "Level 1"), ("2", "Level 2")],
        default="0",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_escalated = fields.Datetime(string="Escalated On", readonly=True, copy=False)

    @api.model
    def _cron_escalate_overdue(self):
        self._escalate_overdue()

    @api.model
    def _escalate_overdue(self, batch_size=1000):
        """Escalate overdue open complaints: level 1 once the deadline has
        passed, level 2 once it is late by the company's escalation delay.

        Set-based: complaints are taken by batch, each batch is escalated with
        a fixed number of queries and committed (when run by the cron). A batch
        that fails is retried record by record, so one bad record does not
        stop the others. A complaint is escalated once per level.
        """
        now = fields.Datetime.now()
        failed_ids = []
        escalated = 0
        for company in self.env["res.company"].sudo().search([]):
            delay = timedelta(hours=company.complaint_escalation_hours)
            for level, late_since in (("1", now), ("2", now - delay)):
                domain = [
                    ("company_id", "=", company.id),
                    ("is_closed", "=", False),
                    ("sla_deadline", "<", late_since),
                    ("escalation_level", "<", level),
                ]
                while True:
                    batch = self.sudo().search(
                        domain + [("id", "not in", failed_ids)],
                        order="id",
                        limit=batch_size,
                    )
                    if not batch:
                        break
                    failed_ids += batch._escalate_safely(level)
                    escalated += len(batch)
                    # Memory stays that of one batch, however many are late.
                    self.env.invalidate_all()
                    if self.env.context.get("ir_cron_progress_id"):
                        self.env["ir.cron"]._commit_progress(len(batch))
        return escalated - len(failed_ids)

    def _escalate_safely(self, level):
        """Escalate the batch; on failure, record by record. Returns the ids
        that could not be escalated."""
        try:
            with self.env.cr.savepoint():
                self._escalate(level)
            return []
        except CONCURRENCY_ERRORS:
            # Another transaction escalates the same rows: let Odoo retry the
            # whole run instead of failing them one by one.
            raise
        except Exception:  # noqa: BLE001 - any fault: retry one by one
            _logger.warning(
                "Escalating %s complaints failed; retrying one by one", len(self)
            )
        failed = []
        for complaint in self:
            try:
                with self.env.cr.savepoint():
                    complaint._escalate(level)
            except Exception:
                _logger.exception("Could not escalate complaint %s", complaint.id)
                failed.append(complaint.id)
        return failed

    def _escalate(self, level):
        """Record the escalation level, log it, give the team leader (or the
        owner) an activity and send the escalation managers one message.

        The log messages and activities of a batch are made by the ORM for
        one complaint (per activity user), then copied in SQL to the others:
        what the ORM adds (defaults, author, reply-to, follower, user
        notification) stays its own, without a round of Python per record.
        """
        self.with_context(mail_notrack=True).write(
            {"escalation_level": level, "date_escalated": fields.Datetime.now()}
        )
        label = dict(self._fields["escalation_level"]._description_selection(self.env))[
            level
        ]
        marker = "DEADLINE0ESCALATION"
        body = Markup("<p>%s</p>") % self.env._(
            "Escalated to %(level)s: deadline %(deadline)s passed.",
            level=label,
            deadline=marker,
        )
        before, _marker, after = body.partition(marker)
        first = self[:1]
        message = first._message_log_batch(
            bodies={
                first.id: Markup(before)
                + fields.Datetime.to_string(first.sla_deadline)
                + Markup(after)
            }
        )
        (self - first)._copy_row_sql(
            message,
            body=SQL(
                "%s || to_char(c.sla_deadline, 'YYYY-MM-DD HH24:MI:SS') || %s",
                before,
                after,
            ),
        )
        summary = self.env._("Overdue complaint escalated (%s)", label)
        today = fields.Date.context_today(self)
        self._create_todo_activities(
            [
                (complaint, user, summary, today)
                for complaint in self
                for user in (complaint.team_id.user_id or complaint.user_id)
            ]
        )
        for company, complaints in self.grouped("company_id").items():
            managers = company._get_complaint_escalation_users()
            if managers:
                complaints._post_staff_summary(
                    managers.partner_id,
                    title=self.env._("Escalated complaints (%s)", label),
                )
