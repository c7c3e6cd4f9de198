"""Waiting for the customer: stages during which the complaint's clocks stop,
as the excluded stages of Odoo Enterprise's Helpdesk. Entering one records
when and from which stage; leaving it adds the working hours waited (the
company's calendar, as the deadlines count them) to the complaint, and the
deadline and the response targets still due move later by that time: they
are planned from reception with the hours waited added
(customer_complaint_deadline.py, customer_complaint_response.py). While
waiting, a complaint is neither overdue, nor escalated, nor failing its
response targets. A reply of the customer ends the wait
(customer_complaint_reply.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_response import RESPONSE_DONE_FIELDS


class CustomerComplaintStage(models.Model):
    _inherit = "customer.complaint.stage"

    is_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="The complaint waits for the customer's answer: its deadline and "
        "response targets stop and move later by the working time it waits; "
        "the customer's reply brings it back to the stage it came from. Not "
        "a step of the funnel.",
    )

    @api.constrains("is_waiting", "is_closed", "requires_reason")
    def _check_waiting_open(self):
        for stage in self:
            if stage.is_waiting and (stage.is_closed or stage.requires_reason):
                raise ValidationError(
                    self.env._(
                        "The stage %s waits for the customer: it cannot also "
                        "close complaints or require a rejection reason.",
                        stage.name,
                    )
                )


class CustomerComplaintWaiting(models.Model):
    _inherit = "customer.complaint"

    date_waiting_since = fields.Datetime(
        string="Waiting Since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
        help="Since when the complaint waits for the customer (empty when it "
        "does not wait).",
    )
    waiting_return_stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Waiting From",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The stage the complaint last waited for the customer in: it "
        "returns there when the customer replies.",
    )
    waiting_hours = fields.Float(
        string="Hours Waited",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Working hours the complaint waited for the customer in all: its "
        "deadline moved later by as much.",
    )
    # {response target: working hours waited while it was still due}: a wait
    # after the acknowledgement was sent does not move its due date.
    waiting_target_hours = fields.Json(
        readonly=True, copy=False, groups="base.group_user"
    )

    def _stage_change_values(self, stage, first_stage, now):
        """Entering a waiting stage records when and from where; a waiting
        stage is no step of the funnel: the furthest stage stays (the first
        stage for a new complaint, which the funnel counts from)."""
        values = super()._stage_change_values(stage, first_stage, now)
        if stage.is_waiting:
            values.pop("furthest_stage_id", None)
            if not self.furthest_stage_id:
                values["furthest_stage_id"] = first_stage.id
            if not self.date_waiting_since:
                origin = self.stage_id
                values["date_waiting_since"] = now
                if origin and not (origin.is_closed or origin.is_waiting):
                    values["waiting_return_stage_id"] = origin.id
        return values

    def _stage_change_groups(self, vals):
        """Complaints leaving a waiting stage add the working hours they
        waited, counted for all of them in one calendar pass; each gets its
        own values (its totals), written in one batched UPDATE at flush."""
        groups = super()._stage_change_groups(vals)
        stage = self.env["customer.complaint.stage"].browse(vals["stage_id"] or ())
        if stage.is_waiting:
            return groups
        leaving = self.filtered("date_waiting_since")
        if not leaving:
            return groups
        now = fields.Datetime.now()
        hours = self._working_hours_between(
            [(c.company_id, c.date_waiting_since, now) for c in leaving]
        )
        waited = dict(zip(leaving.ids, hours, strict=True))
        result = []
        for complaints, values in groups:
            staying = complaints.filtered(lambda c: c.id not in waited)
            if staying:
                result.append((staying, values))
            for complaint in complaints - staying:
                extra = complaint._waiting_end_values(waited[complaint.id])
                extra = {k: v for k, v in extra.items() if k not in vals}
                result.append((complaint, {**values, **extra}))
        return result

    def _waiting_end_values(self, hours):
        """The end of this complaint's wait of ``hours`` working hours."""
        by_target = dict(self.waiting_target_hours or {})
        for target, done_field in RESPONSE_DONE_FIELDS.items():
            if not self[done_field]:
                by_target[target] = by_target.get(target, 0.0) + hours
        return {
            "date_waiting_since": False,
            "waiting_hours": self.waiting_hours + hours,
            "waiting_target_hours": by_target,
        }

    def _waiting_target_hours(self, target):
        """Working hours waited while the response ``target`` was due."""
        return (self.waiting_target_hours or {}).get(target, 0.0)
