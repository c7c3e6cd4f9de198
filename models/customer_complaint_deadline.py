"""The complaint's deadline: the next stage due by the deadline policies, in
working hours of the company's calendar, and whether it is overdue; the
working hours a complaint took to close.

Working time is counted on the company's ``resource.calendar`` (attendances
less leaves), for many complaints at once: one pass over a calendar per batch
(see ``_WorkedTime``), not one per complaint - an import of complaints
received over years would otherwise walk years of attendances for each."""

from bisect import bisect_left, bisect_right
from datetime import timedelta
from itertools import accumulate

from pytz import utc

from odoo import api, fields, models

NO_TIME = timedelta(0)
# How far ``plan_hours`` looks for working time: 100 steps of 14 days.
PLAN_HORIZON = timedelta(days=14 * 100)


class _WorkedTime:
    """The working time of one calendar over a period, as a running total.

    Built from the calendar's own work intervals (``_work_intervals_batch``,
    leaves included, what ``get_work_hours_count`` and ``plan_hours`` walk)
    over the whole period once; the working time between two moments of the
    period is then the total at the end less the total at the start, the
    partial intervals at both ends included. Moments are aware datetimes."""

    def __init__(self, calendar, start, end):
        intervals = calendar._work_intervals_batch(start, end, compute_leaves=True)
        bounds = [(begin, stop) for begin, stop, _meta in intervals[False]]
        self.starts = [begin for begin, _stop in bounds]
        self.stops = [stop for _begin, stop in bounds]
        # totals[i]: the working time before interval i
        self.totals = list(
            accumulate((stop - begin for begin, stop in bounds), initial=NO_TIME)
        )

    def until(self, moment):
        """Working time from the start of the period to ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return NO_TIME
        start, stop = self.starts[index], self.stops[index]
        return self.totals[index] + min(moment, stop) - start

    def hours_between(self, start, end):
        return max((self.until(end) - self.until(start)).total_seconds() / 3600, 0.0)

    def plan(self, start, hours):
        """The moment ``hours`` working hours after ``start``, as
        ``plan_hours`` finds it (the end of an interval rather than the start
        of the next one), or None when it lies beyond the period."""
        target = self.until(start) + timedelta(hours=hours)
        # The first interval whose end reaches the target and lies after start.
        index = max(
            bisect_left(self.totals, target, lo=1) - 1,
            bisect_right(self.stops, start),
        )
        if index >= len(self.starts):
            return None
        moment = self.starts[index] + max(target - self.totals[index], NO_TIME)
        return moment if moment < start + PLAN_HORIZON else None


def _aware(moment):
    """A naive UTC datetime of the ORM as an aware one."""
    return utc.localize(moment) if not moment.tzinfo else moment


def _naive(moment):
    return moment.astimezone(utc).replace(tzinfo=None)


class CustomerComplaintDeadlines(models.Model):
    _inherit = "customer.complaint"

    # Deadlines and escalation
    sla_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_sla_deadline",
        store=True,
        index="btree_not_null",
        help="When the complaint must reach its next stage with a deadline, "
        "counted in working hours of the company's calendar from reception.",
        groups="base.group_user",
    )
    sla_stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Deadline For",
        compute="_compute_sla_deadline",
        store=True,
        groups="base.group_user",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        groups="base.group_user",
    )
    sla_hours_left = fields.Float(
        string="Hours Left",
        compute="_compute_is_overdue",
        help="Negative when late.",
        groups="base.group_user",
    )
    display_color = fields.Integer(
        compute="_compute_is_overdue", groups="base.group_user"
    )

    @api.depends(
        "date_received",
        "stage_id",
        "team_id",
        "category_id",
        "priority",
        "company_id",
        "waiting_hours",
        "waiting_return_stage_id",
    )
    def _compute_sla_deadline(self):
        """The earliest stage not reached yet that has a deadline, the most
        specific policy winning for each stage; deadlines planned for the
        whole batch at once, one per company, reception and working hours.
        The working hours waited for the customer are added: the deadline
        moves later by them (customer_complaint_waiting.py)."""
        # A stored compute runs as superuser (compute_sudo): every policy
        # applies, whoever's change recomputes the deadline.
        policies = self.env["customer.complaint.sla.policy"].search(
            [("target", "=", "stage")]
        )
        # The policies depend on few values: matched once per combination.
        matched = {}
        due = {
            complaint: complaint._sla_due_policies(policies, matched)
            for complaint in self
        }
        plans = list(
            {
                (
                    complaint.company_id,
                    complaint.date_received,
                    policy.working_hours + complaint.waiting_hours,
                )
                for complaint, stage_policies in due.items()
                for policy in stage_policies.values()
            }
        )
        planned = dict(zip(plans, self._plan_working_hours(plans), strict=True))
        for complaint, stage_policies in due.items():
            deadlines = [
                (
                    planned[
                        (
                            complaint.company_id,
                            complaint.date_received,
                            policy.working_hours + complaint.waiting_hours,
                        )
                    ],
                    stage.sequence,
                    stage,
                )
                for stage, policy in stage_policies.items()
            ]
            # A deadline beyond the calendar (plan_hours gives none) never falls.
            deadlines = [deadline for deadline in deadlines if deadline[0]]
            if deadlines:
                deadline, _sequence, stage = min(deadlines, key=lambda d: d[:2])
            else:
                deadline, stage = False, self.env["customer.complaint.stage"]
            complaint.sla_deadline = deadline
            complaint.sla_stage_id = stage

    def _sla_due_policies(self, policies, matched):
        """{stage: policy} for the stages not reached yet that have a
        deadline; the most specific policy wins for each stage. ``matched``
        keeps the answers of the batch by stage and policy match key."""
        if self.is_closed or not self.stage_id or not self.date_received:
            return {}
        # While waiting, the deadline is that of the stage it waits from.
        stage = self.stage_id
        if stage.is_waiting and self.waiting_return_stage_id:
            stage = self.waiting_return_stage_id
        key = (stage, *policies._match_key(self))
        if key in matched:
            return matched[key]
        best = matched[key] = {}
        for policy in policies:
            if (
                policy.stage_sequence <= stage.sequence
                or policy.stage_id.is_waiting
                or not policy._match(self)
            ):
                continue
            current = best.get(policy.stage_id)
            if not current or policy._specificity() > current._specificity():
                best[policy.stage_id] = policy
        return best

    @api.depends("sla_deadline", "color", "date_waiting_since")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadline = complaint.sla_deadline
            # Waiting for the customer: the clock stands still.
            complaint.is_overdue = bool(
                deadline and deadline < now and not complaint.date_waiting_since
            )
            complaint.sla_hours_left = (
                (deadline - now).total_seconds() / 3600 if deadline else 0.0
            )
            # 1 is red in the kanban palette.
            complaint.display_color = 1 if complaint.is_overdue else complaint.color

    def _search_is_overdue(self, operator, value):
        # The ORM gives boolean conditions as 'in' / 'not in' a set of
        # booleans; it negates 'in' itself for 'not in'.
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        not_waiting = fields.Domain("date_waiting_since", "=", False)
        overdue = fields.Domain("sla_deadline", "<", now) & not_waiting
        on_time = (
            fields.Domain("sla_deadline", "=", False)
            | fields.Domain("sla_deadline", ">=", now)
            | ~not_waiting
        )
        return fields.Domain.OR(
            [overdue] * (True in value) + [on_time] * (False in value)
        )

    @api.depends("date_received", "date_closed", "company_id")
    def _compute_close_working_hours(self):
        # The calendar of the day of closing: a later change of the company's
        # calendar does not rewrite the history.
        self._set_working_hours_since_reception("close_working_hours", "date_closed")

    def _set_working_hours_since_reception(self, fname, end_fname):
        """``fname``: the working hours from reception to ``end_fname`` (0
        until then), for the whole batch at once."""
        ended = self.filtered(lambda c: c.date_received and c[end_fname])
        hours = self._working_hours_between(
            [(c.company_id, c.date_received, c[end_fname]) for c in ended]
        )
        for complaint, value in zip(ended, hours, strict=True):
            complaint[fname] = value
        (self - ended)[fname] = 0.0

    @api.model
    def _working_hours_between(self, spans):
        """Working hours of each ``(company, start, end)`` of ``spans``
        (naive UTC datetimes) in the company's calendar, leaves deducted, as
        ``get_work_hours_count(start, end, compute_leaves=True)`` counts
        them; plain hours for a company without calendar. One calendar pass
        per calendar over the spans' whole period."""
        hours = [0.0] * len(spans)
        by_calendar = {}
        for index, (company, start, end) in enumerate(spans):
            calendar = company.resource_calendar_id
            if calendar:
                by_calendar.setdefault(calendar, []).append(index)
            else:
                hours[index] = max((end - start).total_seconds() / 3600, 0.0)
        for calendar, indexes in by_calendar.items():
            if calendar.flexible_hours:
                # Flexible hours are spread over each period from its own
                # start: no running total to share.
                for index in indexes:
                    _company, start, end = spans[index]
                    hours[index] = calendar.get_work_hours_count(
                        _aware(start), _aware(end), compute_leaves=True
                    )
                continue
            worked = _WorkedTime(
                calendar,
                _aware(min(spans[index][1] for index in indexes)),
                _aware(max(spans[index][2] for index in indexes)),
            )
            for index in indexes:
                _company, start, end = spans[index]
                hours[index] = worked.hours_between(_aware(start), _aware(end))
        return hours

    @api.model
    def _plan_working_hours(self, plans):
        """For each ``(company, start, hours)`` of ``plans``, the naive UTC
        moment ``hours`` working hours after ``start`` in the company's
        calendar, leaves deducted, as ``plan_hours(hours, start,
        compute_leaves=True)`` plans it (False when it finds none); plain
        hours for a company without calendar. One calendar pass per calendar
        for the batch."""
        moments = [False] * len(plans)
        by_calendar = {}
        for index, (company, start, hours) in enumerate(plans):
            calendar = company.resource_calendar_id
            if calendar:
                by_calendar.setdefault(calendar, []).append(index)
            else:
                moments[index] = start + timedelta(hours=hours)
        for calendar, indexes in by_calendar.items():
            worked = None
            if not calendar.flexible_hours and len(indexes) > 1:
                # Two weeks beyond the latest start, plus twice the calendar
                # days the longest deadline needs: what a long leave pushes
                # further is planned by plan_hours itself.
                longest = max(plans[index][2] for index in indexes)
                per_day = calendar.hours_per_day or 8
                margin = timedelta(days=14 + 2 * 7 * longest / (5 * per_day))
                worked = _WorkedTime(
                    calendar,
                    _aware(min(plans[index][1] for index in indexes)),
                    _aware(max(plans[index][1] for index in indexes) + margin),
                )
            for index in indexes:
                _company, start, hours = plans[index]
                moment = worked and worked.plan(_aware(start), hours)
                if moment:
                    moments[index] = _naive(moment)
                else:
                    moments[index] = calendar.plan_hours(
                        hours, start, compute_leaves=True
                    )
        return moments
