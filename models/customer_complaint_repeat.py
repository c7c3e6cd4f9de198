"""Repeat complaints: what the automation rule "Repeat complaint: raise it and
tell the managers" (data/customer_complaint_repeat_data.xml) calls when a
complaint is registered, reopened, or its customer, order or product is set
(per complaint, as Odoo runs a rule's actions; the method also takes a
batch). An open complaint reopened more than the company's number of times,
or a new one of the same customer about the same order or product within
its number of days of the last one closed, is marked as a repeat (linked to
that earlier one), its priority raised one level (the deadline policies of
that priority then apply), and the managers are told once. A mark stays:
what made it (a reopening, an earlier complaint) happened."""

from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.tools import format_datetime

PRIORITIES = ("0", "1", "2", "3")


class CustomerComplaintRepeat(models.Model):
    _inherit = "customer.complaint"

    is_repeat = fields.Boolean(
        string="Repeat",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Reopened more often than the company allows, or the customer "
        "complained again about the same order or product soon after the "
        "last complaint was closed (Settings > Complaints > Repeat complaints).",
    )
    repeat_of_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="base.group_user",
        help="The customer's earlier complaint about the same order or product, "
        "closed shortly before this one arrived.",
    )

    # The dashboard's and the filter's few rows among all complaints.
    _repeat_idx = models.Index("(company_id, date_received) WHERE is_repeat")

    def _mark_repeats_once(self):
        """Mark those of these open complaints that are repeats: raise their
        priority one level, log why, and tell the company's managers (who
        hear of escalations) in one message per company and batch.
        Idempotent: a complaint already a repeat is skipped, so the managers
        hear of each once. Closed ones (history, an import) are not work to
        raise."""
        # sudo: the earlier complaint may be another team's, and the marks are
        # the addon's; the rule's records are those of the change.
        complaints = (
            self._outside_rule_context()
            .sudo()
            .filtered(lambda c: c.active and not c.is_closed and not c.is_repeat)
        )
        earlier = complaints._earlier_closed_complaints()
        found = {}
        for complaint in complaints:
            limit = complaint.company_id.complaint_repeat_reopen_count
            if complaint in earlier:
                found[complaint] = earlier[complaint]
            elif limit and complaint.reopen_count > limit:
                found[complaint] = complaint.browse()
        if not found:
            return
        repeats = complaints.browse([complaint.id for complaint in found])
        notes = {
            complaint.id: complaint._repeat_note(found[complaint])
            for complaint in repeats
        }
        for (repeat_of, priority), group in repeats.grouped(
            lambda c: (found[c], c._raised_priority())
        ).items():
            group.write(
                {"is_repeat": True, "repeat_of_id": repeat_of.id, "priority": priority}
            )
        repeats._message_log_batch(bodies=notes, author_id=self.env.user.partner_id.id)
        for company, group in repeats.grouped("company_id").items():
            managers = company._get_complaint_escalation_users()
            if managers:
                group._post_staff_summary(
                    managers.partner_id, title=self.env._("Repeat complaints")
                )

    def _earlier_closed_complaints(self):
        """``{complaint: earlier}``: for each of these complaints with a
        customer and an order or product, the last complaint of the same
        customer (company and contacts) about the same order or product
        closed within the company's repeat window before it arrived; merged
        duplicates and archived complaints are no earlier case."""
        keyed = self.filtered(
            # An erased customer is no one's: no earlier case of theirs.
            lambda c: c.partner_id
            and not c.erasure_id
            and (c.sale_order_id or c.product_id)
            and c.date_received
            and c.company_id.complaint_repeat_days
        )
        if not keyed:
            return {}
        longest = max(keyed.company_id.mapped("complaint_repeat_days"))
        # Archived contacts of the customer count; archived complaints do not.
        candidates = self.with_context(active_test=False).search(
            [
                ("active", "=", True),
                ("id", "not in", keyed.ids),
                ("company_id", "in", keyed.company_id.ids),
                ("partner_id", "child_of", keyed.commercial_partner_id.ids),
                ("is_closed", "=", True),
                ("duplicate_of_id", "=", False),
                ("erasure_id", "=", False),
                (
                    "date_closed",
                    ">=",
                    min(keyed.mapped("date_received")) - timedelta(days=longest),
                ),
                ("date_closed", "<=", max(keyed.mapped("date_received"))),
                "|",
                ("sale_order_id", "in", keyed.sale_order_id.ids),
                ("product_id", "in", keyed.product_id.ids),
            ],
        )
        # By company, customer and order or product: one pass over each side.
        by_key = {}
        for other in candidates:
            for fname in ("sale_order_id", "product_id"):
                if other[fname]:
                    key = (other.company_id, other.commercial_partner_id, other[fname])
                    by_key.setdefault(key, []).append(other)
        found = {}
        for complaint in keyed:
            since = complaint.date_received - timedelta(
                days=complaint.company_id.complaint_repeat_days
            )
            matches = [
                other
                for fname in ("sale_order_id", "product_id")
                if complaint[fname]
                for other in by_key.get(
                    (
                        complaint.company_id,
                        complaint.commercial_partner_id,
                        complaint[fname],
                    ),
                    (),
                )
                if since <= other.date_closed <= complaint.date_received
            ]
            if matches:
                found[complaint] = max(matches, key=lambda c: (c.date_closed, c.id))
        return found

    def _raised_priority(self):
        index = PRIORITIES.index(self.priority or "0")
        return PRIORITIES[min(index + 1, len(PRIORITIES) - 1)]

    def _repeat_note(self, repeat_of):
        """Why this complaint is a repeat, before its priority is raised."""
        if repeat_of:
            reason = self.env._(
                "Repeat complaint: the customer complained about the same order "
                "or product in %(earlier)s, closed on %(closed)s.",
                earlier=repeat_of.name,
                closed=format_datetime(self.env, repeat_of.date_closed),
            )
        else:
            reason = self.env._(
                "Repeat complaint: reopened %(count)s times.", count=self.reopen_count
            )
        if self._raised_priority() != self.priority:
            return Markup("<p>%s %s</p>") % (reason, self.env._("Priority raised."))
        return Markup("<p>%s</p>") % reason
