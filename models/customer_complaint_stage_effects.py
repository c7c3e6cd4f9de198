"""What a stage sets on a complaint, put into the values before the INSERT or
UPDATE, decided from the stage's flags in one method
(``_stage_change_values``): closing date and implied outcome, registration
lock, first reaction, furthest stage, the start and end of a wait; the owner
of a new complaint; history imported closed keeps its dates. Closing closes
the addon's to-dos on the complaint (called from ``write``)."""

from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_outcome import OUTCOME_OF_JUSTIFIED

# How far in the future a date given for history may lie (clocks differ),
# as for the reception date (customer_complaint_integrity.py).
CLOCK_TOLERANCE = timedelta(hours=1)


class CustomerComplaintStageEffects(models.Model):
    _inherit = "customer.complaint"

    @api.model
    def _prepare_new_complaints(self, vals_list):
        """Complete the values of new complaints before they are inserted:
        the defaults their stage and owner depend on, what their stage sets
        (closing date, registration lock, first reaction, furthest stage),
        the default team of their company for those that name none and, for
        those not closed, the owner by their team's assignment mode. A value
        the caller gives wins: a manager's import of history keeps its
        closing and first reaction dates.

        Returns the positions in ``vals_list`` of the complaints given to
        their team leader for want of an available member."""
        first_stage = self._default_stage_id()
        missing = {
            fname
            for vals in vals_list
            for fname in ("company_id", "user_id", "date_received")
            if fname not in vals
        }
        defaults = self.default_get(sorted(missing)) if missing else {}
        stage_default = self.env.context.get("default_stage_id") or first_stage.id
        Stage = self.env["customer.complaint.stage"]
        now = fields.Datetime.now()
        for vals in vals_list:
            for fname, value in defaults.items():
                vals.setdefault(fname, value)
            # No stage (an import's empty cell): the default one.
            vals["stage_id"] = vals.get("stage_id") or stage_default
        # The team's default depends on each complaint's company.
        self._set_default_teams(vals_list)
        stages = Stage.browse(list({vals["stage_id"] for vals in vals_list}))
        to_assign = []
        for vals in vals_list:
            stage = stages.browse(vals["stage_id"]).with_prefetch(stages._prefetch_ids)
            self._check_history_dates(vals, stage)
            vals["is_history"] = self._is_history_import(stage)
            effects = self.browse()._stage_change_values(stage, first_stage, now)
            if vals["is_history"]:
                effects = self._history_values(vals, effects)
            filled = {fname for fname in effects if not vals.get(fname)}
            vals.update({fname: effects[fname] for fname in filled})
            if "date_first_reaction" in filled and vals.get("date_closed"):
                # Closed on arrival: reacted to by its closing at the latest.
                vals["date_first_reaction"] = vals["date_closed"]
            if not vals.get("user_id") and not stage.is_closed:
                to_assign.append(vals)
        given_to_leaders = {id(vals) for vals in self._assign_owners(to_assign)}
        return [
            index
            for index, vals in enumerate(vals_list)
            if id(vals) in given_to_leaders
        ]

    @api.model
    def _history_values(self, vals, effects):
        """What entering its closed stage sets on imported history: what it
        did not record stays unknown (no closing or reaction date of the
        import's time, the customer's demand "Not Recorded", the outcome "Not
        Recorded" unless the analysis's conclusion or a rejection implies
        one)."""
        effects = dict(effects)
        for fname in ("date_closed", "date_first_reaction"):
            effects.pop(fname, None)
        if not vals.get("remedy"):
            effects["remedy"] = "not_recorded"
        if not vals.get("outcome"):
            effects["outcome"] = (
                effects.get("outcome")
                or OUTCOME_OF_JUSTIFIED.get(vals.get("is_justified"))
                or "not_recorded"
            )
        return effects

    @api.model
    def _check_history_dates(self, vals, stage):
        """A closing or first reaction date a new complaint is given lies
        between its reception and now; only a closed complaint has one."""

        def to_datetime(fname):
            try:
                return fields.Datetime.to_datetime(vals.get(fname))
            except (TypeError, ValueError):
                raise ValidationError(
                    _("%r is not a date and time.", vals.get(fname))
                ) from None

        received, closed, reacted = map(
            to_datetime, ("date_received", "date_closed", "date_first_reaction")
        )
        if closed and not stage.is_closed:
            raise ValidationError(
                _(
                    "A complaint in the stage %(stage)s is not closed: it has no "
                    "closing date (%(date)s).",
                    stage=stage.name,
                    date=fields.Datetime.to_string(closed),
                )
            )
        latest = fields.Datetime.now() + CLOCK_TOLERANCE
        for moment, label in ((closed, _("closed")), (reacted, _("reacted to"))):
            if moment and not (received or moment) <= moment <= latest:
                raise ValidationError(
                    _(
                        "A complaint received on %(received)s cannot have been "
                        "%(event)s on %(date)s: that is before its reception or "
                        "in the future.",
                        received=fields.Datetime.to_string(received),
                        event=label,
                        date=fields.Datetime.to_string(moment),
                    )
                )
        if closed and reacted and reacted > closed:
            raise ValidationError(
                _(
                    "A complaint closed on %(closed)s cannot have been reacted "
                    "to later, on %(reacted)s.",
                    closed=fields.Datetime.to_string(closed),
                    reacted=fields.Datetime.to_string(reacted),
                )
            )

    def _stage_change_groups(self, vals):
        """``[(complaints, values)]``: ``vals`` with what entering its stage
        sets on each complaint, by group of complaints for which that is the
        same (it depends on where each complaint has been). The caller's
        values win. Complaints leaving a waiting stage add the working hours
        they waited, counted for all of them in one calendar pass: each gets
        its own totals."""
        stage = self.env["customer.complaint.stage"].browse(vals["stage_id"] or ())
        first_stage = self._default_stage_id()
        now = fields.Datetime.now()
        leaving = self.filtered("date_waiting_since") if not stage.is_waiting else ()
        waited = {}
        if leaving:
            hours = self._working_hours_between(
                [(c.company_id, c.date_waiting_since, now) for c in leaving]
            )
            waited = dict(zip(leaving.ids, hours, strict=True))
        groups = defaultdict(list)
        for complaint in self:
            effects = complaint._stage_change_values(stage, first_stage, now)
            if complaint.id in waited:
                effects.update(complaint._waiting_end_values(waited[complaint.id]))
            # Per complaint (its own totals, a JSON value): a group of one.
            key = (
                complaint.id
                if complaint.id in waited
                else tuple(
                    sorted(
                        (fname, value)
                        for fname, value in effects.items()
                        if fname not in vals
                    )
                )
            )
            groups[key].append((complaint.id, effects))
        return [
            (
                self.browse([cid for cid, _effects in members]).with_prefetch(
                    self._prefetch_ids
                ),
                {**members[0][1], **vals},
            )
            for members in groups.values()
        ]

    def _stage_change_values(self, stage, first_stage, now):
        """What entering ``stage`` sets on this complaint (an empty recordset
        for a new one), from the stage's flags:

        - closing (``is_closed``): the closing date, and the outcome the
          closing implies when none is given (a rejection: not upheld; a
          closing: the analysis's conclusion); reopening clears both;
        - leaving the registration stage for the first time: the
          registration lock and the first reaction;
        - the furthest stage of the regular flow it reached: a rejection
          (``requires_reason``) keeps the stage it left the funnel at,
          registration when rejected at once; a waiting stage
          (``is_waiting``) is no step of the funnel, and records when and
          from where the complaint waits.

        The working hours to close follow the closing date
        (_compute_close_working_hours); leaving a wait is counted for the
        batch in ``_stage_change_groups``."""
        values = {}
        if stage.is_closed:
            if not (self.is_closed and self.date_closed):
                values["date_closed"] = now
            if not self.outcome:
                implied = (
                    "not_upheld"
                    if stage.requires_reason
                    else OUTCOME_OF_JUSTIFIED.get(self.is_justified)
                )
                if implied:
                    values["outcome"] = implied
        else:
            if self.date_closed:
                values["date_closed"] = False
            if self.is_closed and self.outcome:
                values["outcome"] = False
        if stage and stage != first_stage and not self.registration_locked:
            values["registration_locked"] = True
            if not self.date_first_reaction:
                values["date_first_reaction"] = now
        furthest = self.furthest_stage_id
        if stage.requires_reason or stage.is_waiting:
            if not furthest:
                values["furthest_stage_id"] = first_stage.id
        elif stage and stage.sequence > (furthest.sequence if furthest else -1):
            values["furthest_stage_id"] = stage.id
        if stage.is_waiting and not self.date_waiting_since:
            origin = self.stage_id
            values["date_waiting_since"] = now
            if origin and not (origin.is_closed or origin.is_waiting):
                values["waiting_return_stage_id"] = origin.id
        return values

    def _close_automated_todos(self):
        """Closed complaints keep no open to-do of the addon (react, new
        complaint, escalation, the customer's reply): they are marked done
        with a feedback, as Odoo's ``activity_feedback`` does, so the history
        keeps them. The to-dos of actions follow their action (done or
        cancelled there); those users planned themselves stay."""
        todos = self.activity_search(
            [
                "mail.mail_activity_data_todo",
                "customer_complaint.mail_activity_type_react",
                "customer_complaint.mail_activity_type_new_complaint",
            ]
        )
        if todos:
            todos -= (
                self.env["customer.complaint.action"]
                .search([("activity_id", "in", todos.ids)])
                .activity_id
            )
            todos.action_feedback(feedback=self.env._("Complaint closed"))
