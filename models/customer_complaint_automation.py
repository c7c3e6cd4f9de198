"""What the automation rule "New complaint: tell the owner and the staff"
(data/base_automation_data.xml, customer.complaint on creation) calls, as
Odoo runs it: once per complaint. The review rule's method is on the review
(customer_review.py). The crons' batches are safe from one bad record
(customer_complaint_batch_mixin.py)."""

from odoo import fields, models


class CustomerComplaintAutomation(models.Model):
    _name = "customer.complaint"
    _inherit = ["customer.complaint", "customer.complaint.batch.mixin"]

    date_staff_notified = fields.Datetime(
        string="Owner and Staff Notified On",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="When the owner and the notified staff were told of the new "
        "complaint (automation rule: New complaint: tell the owner and the "
        "staff).",
    )

    def _outside_rule_context(self):
        """These records without the keys a rule's run puts in the context
        (the record it runs on: a complaint, or the review whose rule
        creates complaints): what the rules' methods write and create
        is not about that record, and runs on one record after the other
        share their environments (Odoo keeps every environment of the
        transaction alive until the flush and scans them for each new one:
        a context per record made an import slow down with its size)."""
        return self.with_context(
            active_id=None, active_ids=None, active_model=None, domain_post=None
        )

    def _notify_new_complaints_once(self):
        """Tell the owners and the staff about these new complaints, once:
        complaints already notified, closed or rejected are skipped. Batch:
        one message to the staff for all of them, activities in one batch."""
        # sudo: date_staff_notified is managed (integrity) and employees' only.
        complaints = (
            self._outside_rule_context()
            .sudo()
            .filtered(lambda c: not c.date_staff_notified and not c.is_closed)
        )
        if not complaints:
            return
        # A technical marker: no tracking of the complaints for it.
        complaints.with_context(mail_notrack=True).write(
            {"date_staff_notified": fields.Datetime.now()}
        )
        # sudo(self.env.su): back to the caller's rights after the superuser part.
        complaints.sudo(self.env.su)._notify_new_complaints()
