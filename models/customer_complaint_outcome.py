"""The decision a closed complaint ends with, as regulators count it (the UK
FCA's DISP 1.10: upheld, partly upheld or not upheld, partly counting as
upheld) and how long it took to close (within 3 business days, 4 weeks,
8 weeks, over 8 weeks)."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly Upheld"),
    ("not_upheld", "Not Upheld"),
    # Imported history only (customer_complaint_history.py): unknown.
    ("not_recorded", "Not Recorded"),
]
# The outcomes that are decisions: what the figures' shares are of.
DECIDED_OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
# The analysis's conclusion, when the closing gives no outcome itself.
OUTCOME_OF_JUSTIFIED = {"yes": "upheld", "no": "not_upheld"}
BUSINESS_DAYS_SHORT = 3


class CustomerComplaintOutcome(models.Model):
    _inherit = "customer.complaint"

    outcome = fields.Selection(
        OUTCOMES,
        tracking=True,
        copy=False,
        index=True,
        help="The decision the complaint was closed with. Required to close or "
        "reject; a rejection is not upheld unless said otherwise, a closing "
        "takes the analysis's conclusion (justified: upheld) when none is "
        "given. Partly upheld counts as upheld in the figures; Not Recorded "
        "is history imported without one, unknown to the figures.",
    )
    is_upheld = fields.Boolean(
        string="Upheld (Fully or Partly)",
        compute="_compute_is_upheld",
        store=True,
        groups="base.group_user",
    )
    handling_time_band = fields.Selection(
        [
            ("3_days", "Within 3 Business Days"),
            ("4_weeks", "Within 4 Weeks"),
            ("8_weeks", "Within 4 to 8 Weeks"),
            ("over_8_weeks", "Over 8 Weeks"),
        ],
        string="Closed Within",
        compute="_compute_handling_time_band",
        store=True,
        index=True,
        groups="base.group_user",
        help="How long the complaint took from reception to closing, as "
        "regulators count it: 3 business days are 3 working days of the "
        "company's calendar, the weeks are calendar weeks.",
    )

    @api.depends("outcome")
    def _compute_is_upheld(self):
        for complaint in self:
            complaint.is_upheld = complaint.outcome in ("upheld", "partly_upheld")

    @api.depends("date_received", "date_closed", "close_working_hours")
    def _compute_handling_time_band(self):
        for complaint in self:
            start, end = complaint.date_received, complaint.date_closed
            if not (start and end):
                complaint.handling_time_band = False
                continue
            calendar = complaint.company_id.resource_calendar_id
            per_day = calendar.hours_per_day if calendar else 24
            elapsed = end - start
            if complaint.close_working_hours <= BUSINESS_DAYS_SHORT * per_day:
                band = "3_days"
            elif elapsed <= timedelta(weeks=4):
                band = "4_weeks"
            elif elapsed <= timedelta(weeks=8):
                band = "8_weeks"
            else:
                band = "over_8_weeks"
            complaint.handling_time_band = band

    @api.constrains("stage_id", "outcome", "is_history", "reopen_count")
    def _check_outcome(self):
        for complaint in self:
            if complaint.stage_id.is_closed and not complaint.outcome:
                raise ValidationError(
                    _(
                        "Complaint %s cannot be closed without an outcome: say "
                        "whether it is upheld, partly upheld or not upheld.",
                        complaint.name,
                    )
                )
            if (
                complaint.outcome == "not_recorded"
                and not complaint._history_as_imported()
            ):
                raise ValidationError(
                    _(
                        "Complaint %s: only history imported closed may have an "
                        "outcome that was not recorded. Say whether it is upheld, "
                        "partly upheld or not upheld.",
                        complaint.name,
                    )
                )
