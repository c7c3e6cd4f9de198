"""Waiting for the customer: stages during which the complaint's clocks stop
(``is_waiting``, customer_complaint_stage.py), as the excluded stages of Odoo
Enterprise's Helpdesk. Entering one records when and from which stage;
leaving it adds the working hours waited (the company's calendar, as the
deadlines count them) to the complaint, and the deadline and the response
targets still due move later by that time: they are planned from reception
with the hours waited added (customer_complaint_deadline.py,
customer_complaint_response.py). While waiting, a complaint is neither
overdue, nor escalated, nor failing its response targets. A reply of the
customer ends the wait (customer_complaint_reply.py)."""

from odoo import fields, models

from .customer_complaint_response import RESPONSE_DONE_FIELDS


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
