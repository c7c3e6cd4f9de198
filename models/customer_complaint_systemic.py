"""What the automation rule "Complaints of one cause, product or category:
systemic problem" (data/customer_complaint_burst_data.xml) calls when a
complaint is registered or its cause, product or category is set (per
complaint, as Odoo runs a rule's actions; the method also takes a batch):
it finds the bursts (customer_complaint_burst.py)."""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields, models

from .customer_complaint_burst import BURST_FIELDS, BURST_KINDS


def _find_windows(arrivals, windows, new, count, span):
    """Group one record's complaints into bursts.

    ``arrivals``: sorted (date, id) of the record's complaints around the
    batch; ``windows``: (start, end, burst, member ids) of its known bursts;
    ``new``: sorted (date, id) of the batch's complaints. A complaint inside a
    known window joins it; otherwise, the earliest window of ``span`` that
    holds it and at least ``count`` complaints in no burst becomes a burst
    (all of them).
    Returns ({burst: joined ids}, [(start, end, ids)] of new bursts).
    """
    members = set().union(*(window[3] for window in windows))
    free = [arrival for arrival in arrivals if arrival[1] not in members]
    joined, created = defaultdict(list), []
    for date, complaint_id in new:
        if complaint_id in members:
            continue
        hit = next((w for w in reversed(windows) if w[0] <= date < w[1]), None)
        if hit:
            joined[hit[2]].append(complaint_id)
            members.add(complaint_id)
            free = [arrival for arrival in free if arrival[1] != complaint_id]
            continue
        dates = [arrival[0] for arrival in free]
        for first in range(bisect_right(dates, date - span), bisect_right(dates, date)):
            size = bisect_left(dates, dates[first] + span) - first
            if size >= count:
                start = dates[first]
                ids = [arrival[1] for arrival in free[first : first + size]]
                created.append((start, start + span, ids))
                # Every complaint of the window is in it: no later one of
                # the batch joins a new burst.
                members.update(ids)
                free = [arrival for arrival in free if arrival[1] not in members]
                break
    return joined, created


class CustomerComplaintSystemic(models.Model):
    _inherit = "customer.complaint"

    burst_ids = fields.Many2many(
        "customer.complaint.burst",
        "customer_complaint_burst_rel",
        "complaint_id",
        "burst_id",
        string="Systemic Problems",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    def _detect_bursts_once(self):
        """Put these complaints into the bursts of their cause, product and
        category, and record the new bursts; the quality manager gets one
        activity per new burst (not for the complaints that join it later).

        Idempotent: a complaint already in a burst of its record is skipped,
        and the same complaints give the same burst (its start is the
        earliest complaint of the window), which a unique index keeps single.
        A complaint whose record changed leaves the bursts of the old one.
        Per company and kind, one grouped query reads the complaints around
        the batch's dates.
        """
        # sudo: a burst counts every team's complaints, whoever's change found it.
        complaints = self._outside_rule_context().sudo().with_context(active_test=True)
        complaints._leave_bursts_of_other_records()
        # sudo: complaint users only read bursts; the addon records them.
        Burst = complaints.env["customer.complaint.burst"]
        to_create, joined = [], defaultdict(list)
        for company, of_company in (
            complaints.filtered("active").grouped("company_id").items()
        ):
            count = company.complaint_burst_count
            if count < 2:
                continue
            span = timedelta(days=company.complaint_burst_days)
            dates = of_company.mapped("date_received")
            low, high = min(dates) - span, max(dates) + span
            bursts = Burst.search(
                [
                    ("company_id", "=", company.id),
                    ("date_end", ">", low),
                    ("date_start", "<", high),
                ]
            )
            # Told only of a current problem: not of a burst found in history
            # (an import of old complaints).
            live_since = fields.Datetime.now() - span
            manager = company.complaint_quality_manager_id.filtered("active")
            for kind, fname in BURST_KINDS:
                keyed = of_company.filtered(fname)
                # A complaint inside the window of a known burst of its record
                # joins it: no need to read the record's other complaints
                # (a cost that grew with the burst, complaint by complaint).
                inside = set()
                for complaint in keyed:
                    hit = next(
                        (
                            burst
                            for burst in reversed(bursts)
                            if burst.kind == kind
                            and burst[fname] == complaint[fname]
                            and burst.date_start
                            <= complaint.date_received
                            < burst.date_end
                        ),
                        None,
                    )
                    if hit:
                        inside.add(complaint.id)
                        # Already in a burst of its record: it stays there.
                        if not any(
                            b.kind == kind and b[fname] == complaint[fname]
                            for b in complaint.burst_ids
                        ):
                            joined[hit].append(complaint.id)
                keyed = keyed.filtered(lambda c, inside=inside: c.id not in inside)
                if not keyed:
                    continue
                groups = complaints._read_group(
                    [
                        ("company_id", "=", company.id),
                        (fname, "in", keyed[fname].ids),
                        ("date_received", ">", low),
                        ("date_received", "<", high),
                    ],
                    [fname],
                    ["id:array_agg", "date_received:array_agg"],
                )
                for record, ids, received in groups:
                    date_of = dict(zip(ids, received, strict=True))
                    windows = [
                        (
                            burst.date_start,
                            burst.date_end,
                            burst,
                            # With those of the batch that joined it above.
                            set(burst.complaint_ids._ids) | set(joined.get(burst, ())),
                        )
                        for burst in bursts
                        if burst.kind == kind and burst[fname] == record
                    ]
                    new = sorted(
                        (c.date_received, c.id) for c in keyed if c[fname] == record
                    )
                    found_joined, created = _find_windows(
                        sorted((date, i) for i, date in date_of.items()),
                        windows,
                        new,
                        count,
                        span,
                    )
                    for burst, complaint_ids in found_joined.items():
                        joined[burst] += complaint_ids
                    to_create += [
                        {
                            "kind": kind,
                            fname: record.id,
                            "company_id": company.id,
                            "date_start": start,
                            "date_end": end,
                            "complaint_ids": [Command.set(member_ids)],
                            "user_id": manager.id
                            if max(date_of[i] for i in member_ids) >= live_since
                            else False,
                        }
                        for start, end, member_ids in created
                    ]
        if to_create:
            Burst.create(to_create)._notify_quality_managers()
        joined = {burst: complaints.browse(ids) for burst, ids in joined.items()}
        for burst, members in joined.items():
            # Without active_test, the write would drop the archived members.
            burst.with_context(active_test=False).complaint_ids = [
                Command.link(complaint.id) for complaint in members
            ]
        Burst._log_joined(joined)

    def _detect_bursts_in_history(self, chunk=5000):
        """Look for bursts among the complaints registered before the
        systemic-problem rule existed (upgrade): oldest first, in chunks
        (the method is idempotent, and a chunk sees the bursts of those
        before it). Bursts found in history notify nobody; a current one
        gets the quality manager's activity as a new complaint would."""
        # sudo: an upgrade step: every complaint, whoever runs it.
        Complaint = self.sudo().with_context(active_test=True)
        complaints = Complaint.search([], order="date_received, id")
        for start in range(0, len(complaints), chunk):
            complaints[start : start + chunk]._detect_bursts_once()

    def _leave_bursts_of_other_records(self):
        """Complaints whose cause, product or category changed leave the
        bursts of the record they no longer have."""
        left = self.env["customer.complaint.burst"]
        for complaint in self.filtered("burst_ids"):
            stale = complaint.burst_ids.filtered(
                lambda burst, c=complaint: (
                    c[BURST_FIELDS[burst.kind]] != burst._get_record()
                )
            )
            if stale:
                complaint.burst_ids = [Command.unlink(burst.id) for burst in stale]
                left |= stale
        left._update_quality_manager_activities()
