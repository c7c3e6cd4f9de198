"""Escalation of overdue complaints by the cron: levels, log, activities for
the team leader and one message to the escalation managers."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime


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
        groups="base.group_user",
    )
    date_escalated = fields.Datetime(
        string="Escalated On", readonly=True, copy=False, groups="base.group_user"
    )

    @api.model
    def _cron_escalate_overdue(self):
        self._escalate_overdue()

    @api.model
    def _escalate_overdue(self, batch_size=1000):
        """Escalate overdue open complaints (``_escalation_due``): level 1
        once the deadline has passed, level 2 once it is late by the
        company's escalation delay, and that delay has also passed since
        level 1: one level per delay, so a complaint found very late is not
        escalated twice in the same minute.

        Set-based: complaints are taken by batch, each batch is escalated with
        a fixed number of queries and committed (when run by the cron). A batch
        that fails is retried record by record, so one bad record does not
        stop the others. A complaint is escalated once per level.
        """
        now = fields.Datetime.now()
        failed_ids = []
        escalated = 0
        # sudo: every company, whatever user the cron runs as.
        for company in self.env["res.company"].sudo().search([]):
            delay = timedelta(hours=company.complaint_escalation_hours)
            level_domains = (
                ("1", [("escalation_level", "=", "0")]),
                (
                    "2",
                    [
                        ("escalation_level", "=", "1"),
                        "|",
                        ("date_escalated", "=", False),
                        ("date_escalated", "<", now - delay),
                    ],
                ),
            )
            for level, level_domain in level_domains:
                domain = [
                    ("company_id", "=", company.id),
                    ("is_closed", "=", False),
                    *level_domain,
                    *fields.Domain.OR(self._escalation_due(level, now, delay)),
                ]
                # Keyset pagination: each batch starts after the last one, so
                # PostgreSQL does not walk again over the rows escalated by
                # the batches before (with ORDER BY id and a LIMIT, it reads
                # the primary key from the start: quadratic on a large table).
                last_id = 0
                while True:
                    # sudo: every team's complaints; escalating writes managed fields.
                    batch = self.sudo().search(
                        domain + [("id", ">", last_id), ("id", "not in", failed_ids)],
                        order="id",
                        limit=batch_size,
                    )
                    if not batch:
                        break
                    last_id = batch.ids[-1]
                    failed_ids += batch._call_safely("_escalate", level)
                    escalated += len(batch)
                    # Memory stays that of one batch, however many are late.
                    self.env.invalidate_all()
                    if self.env.context.get("ir_cron_progress_id"):
                        self.env["ir.cron"]._commit_progress(len(batch))
        return escalated - len(failed_ids)

    @api.model
    def _escalation_due(self, level, now, delay):
        """The domains of the open complaints due for ``level``, by their
        own deadline and by their statutory one: the own deadline passed
        (level 1) or late by the company's ``delay`` (level 2), its clock
        stopped while waiting for the customer; the statutory deadline
        within the delay (level 1: time to act) or passed (level 2: the
        penalty runs), the law's clock running while waiting."""
        own = fields.Domain("date_waiting_since", "=", False) & fields.Domain(
            "sla_deadline", "<", now if level == "1" else now - delay
        )
        legal = fields.Domain(
            "date_legal_deadline", "<", now + delay if level == "1" else now
        )
        return own, legal

    def _escalate(self, level):
        """Record the escalation level, log it, give the team leader (or the
        owner) an activity and send the escalation managers one message.

        One message per complaint, made for the batch: the escalation note
        with the complaint's own deadline (``_message_log_batch``) carrying
        the tracking value of the level, as Odoo computes it (``_mail_track``,
        the way ``account`` tracks bank accounts on the partner's log). The
        write itself does not track: Odoo's tracking would add a second
        message per complaint, made one by one at commit. Activities are
        created in one batch.
        """
        label = dict(self._fields["escalation_level"]._description_selection(self.env))[
            level
        ]
        before = {complaint.id: complaint.escalation_level for complaint in self}
        self.with_context(mail_notrack=True).write(
            {"escalation_level": level, "date_escalated": fields.Datetime.now()}
        )
        by_law = self._escalated_by_law(level)
        messages = self._message_log_batch(bodies=self._escalation_notes(level, by_law))
        self._log_level_tracking(messages, before)

        def summary(env):
            return env._(
                "Overdue complaint escalated (%s)",
                dict(self._fields["escalation_level"]._description_selection(env))[
                    level
                ],
            )

        def legal_summary(env):
            return env._(
                "Statutory deadline: complaint escalated (%s)",
                dict(self._fields["escalation_level"]._description_selection(env))[
                    level
                ],
            )

        self._create_todo_activities(
            [
                (
                    complaint,
                    user,
                    legal_summary if complaint.id in by_law else summary,
                    timedelta(),  # due today, the user's
                )
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

    def _log_level_tracking(self, messages, before):
        """Attach to each complaint's message (``messages``, in the order of
        ``self``) the tracking value of its escalation level, changed from
        ``before`` ({complaint id: level}); one batched create."""
        # As Odoo's tracking does: the field's definition as superuser.
        tracked = self.sudo().fields_get(
            ["escalation_level"],
            attributes=("string", "type", "selection", "currency_field"),
        )
        # The tracked values depend only on the level before and after: made
        # once per level of the batch (profile: 7% of the escalation when
        # made complaint by complaint), then given to each message.
        commands_by_level = {}
        values = []
        for complaint, message in zip(self, messages, strict=True):
            old_level = before[complaint.id]
            if old_level not in commands_by_level:
                commands_by_level[old_level] = complaint._mail_track(
                    tracked, {"escalation_level": old_level}
                )[1]
            values += [
                dict(command[2], mail_message_id=message.id)
                for command in commands_by_level[old_level]
            ]
        if values:
            # sudo: only administrators create tracking values (mail does so too).
            self.env["mail.tracking.value"].sudo().create(values)

    def _escalated_by_law(self, level):
        """The ids of the complaints escalated to ``level`` by their
        statutory deadline alone (their own deadline is not due)."""
        now = fields.Datetime.now()
        by_law = set()
        for company, complaints in self.grouped("company_id").items():
            delay = timedelta(hours=company.complaint_escalation_hours)
            own, legal = self._escalation_due(level, now, delay)
            by_law.update(
                (
                    complaints.filtered_domain(legal) - complaints.filtered_domain(own)
                ).ids
            )
        return by_law

    def _escalation_notes(self, level, by_law):
        """{complaint id: escalation note}: the complaint's deadline as a
        user reads it, in the language of the complaint's company (the note
        is read by all its staff; the cron runs in no user's language) and
        the timezone of the company's working calendar (the one the deadline
        is counted on). Each distinct deadline, timezone and language is
        formatted once per batch (Babel's formatting was 5% of the
        escalation, complaint by complaint). The complaints of ``by_law``
        get their statutory deadline and the law instead."""
        formatted = {}
        notes = {}
        for complaint in self:
            company = complaint.company_id
            # The time zone the company's deadlines are counted in.
            tz = company._get_complaint_tz().zone
            lang = company.partner_id.lang or self.env.lang
            legal = complaint.id in by_law
            deadline = (
                complaint.date_legal_deadline if legal else complaint.sla_deadline
            )
            key = (deadline, tz, lang, legal and complaint.legal_rule_id)
            if key not in formatted:
                env = self.with_context(lang=lang).env
                label = dict(
                    self._fields["escalation_level"]._description_selection(env)
                )[level]
                when = "%s (%s)" % (
                    format_datetime(env, deadline, tz=tz, dt_format="short"),
                    tz,
                )
                if legal:
                    text = env._(
                        "Escalated to %(level)s: statutory deadline %(deadline)s "
                        "(%(law)s).",
                        level=label,
                        deadline=when,
                        law=complaint.legal_rule_id.with_env(env).legal_reference,
                    )
                else:
                    text = env._(
                        "Escalated to %(level)s: deadline %(deadline)s passed.",
                        level=label,
                        deadline=when,
                    )
                formatted[key] = Markup("<p>%s</p>") % text
            notes[complaint.id] = formatted[key]
        return notes
