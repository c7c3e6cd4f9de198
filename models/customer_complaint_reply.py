"""The customer's reply, by email (the alias's reply: ``message_update`` then
``message_post``) or in the portal chatter (``message_post``): on a
complaint waiting for them it brings the complaint back to the stage it
waited in; on a closed or rejected one, within the company's days of its
closing, it reopens the complaint or opens a linked follow-up complaint
(company setting). The owner gets a To-Do each time. After those days the
reply only stays in the chatter.

A customer is the complaint's customer or a contact of the same commercial
entity without an internal user. The changes run as superuser once the
author is checked: the customer may not write the complaint, and a closed
one is otherwise frozen (customer_complaint_integrity.py)."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import html2plaintext, plaintext2html

from .customer_complaint_notification import assignee_today

REPLY_MESSAGE_TYPES = ("comment", "email")


class CustomerComplaintReply(models.Model):
    _inherit = "customer.complaint"

    followup_of_id = fields.Many2one(
        "customer.complaint",
        string="Follow-up Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="base.group_user",
        help="The closed complaint whose customer's reply opened this one.",
    )
    followup_ids = fields.One2many(
        "customer.complaint",
        "followup_of_id",
        string="Follow-ups",
        groups="base.group_user",
    )
    followup_count = fields.Integer(
        compute="_compute_followup_count", groups="base.group_user"
    )

    @api.depends("followup_ids")
    def _compute_followup_count(self):
        # sudo: every follow-up counted, archived or of a team the reader is not in.
        counts = dict(
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [("followup_of_id", "in", self.ids)],
                ["followup_of_id"],
                ["__count"],
            )
        )
        for complaint in self:
            complaint.followup_count = counts.get(complaint._origin, 0)

    @api.readonly
    def action_view_followups(self):
        return self._action_view_complaints(self.followup_ids)

    # ------------------------------------------------------------------
    # The customer's reply
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if message.message_type in REPLY_MESSAGE_TYPES and not self.env.context.get(
            "complaint_reply_handled"
        ):
            # sudo: the customer may not write the complaint; the author is checked.
            complaints = self.sudo().filtered(
                lambda c: c._is_customer_author(message.sudo().author_id)
            )
            if complaints:
                # message.sudo(): read with the complaints' rights, whoever posted it.
                complaints.with_context(
                    complaint_reply_handled=True
                )._process_customer_reply(message.sudo())
        return res

    def _is_customer_author(self, author):
        """``author`` speaks for this complaint's customer: the customer or
        a contact of the same commercial entity, not an employee."""
        return bool(
            author
            and self.partner_id
            and author.commercial_partner_id == self.partner_id.commercial_partner_id
            and not author.user_ids.filtered(lambda u: not u.share)
        )

    def _process_customer_reply(self, message):
        """What the customer's ``message`` does (as superuser, the author
        checked): waiting complaints go back to work, closed ones within the
        company's days are reopened or followed up."""
        waiting = self.filtered("date_waiting_since")
        if waiting:
            waiting._return_from_waiting()
        now = fields.Datetime.now()
        # A merged duplicate is not reopened: its case goes on in the original.
        recently_closed = self.filtered(
            lambda c: c.is_closed
            and not c.duplicate_of_id
            and c.date_closed
            and c.company_id.complaint_reply_reopen_days
            and c.date_closed
            >= now - timedelta(days=c.company_id.complaint_reply_reopen_days)
        )
        by_mode = recently_closed.grouped(
            lambda c: c.company_id.complaint_reply_after_close
        )
        if by_mode.get("reopen"):
            by_mode["reopen"]._reopen_on_reply()
        if by_mode.get("follow_up"):
            by_mode["follow_up"]._follow_up_reply(message)

    def _return_from_waiting(self):
        """Back to the stage each complaint waited in (the first working
        stage when it waited from none), the owner told."""
        fallback = self._first_working_stage()
        for stage, complaints in self.grouped(
            lambda c: c.waiting_return_stage_id.filtered("active") or fallback
        ).items():
            if stage:
                complaints.write({"stage_id": stage.id})
        self._log_reply_effect(
            lambda env, complaint: env._(
                "The customer replied: back to %s.", complaint.stage_id.name
            ),
            lambda env: env._("Customer replied"),
        )

    def _reopen_on_reply(self):
        """Reopen into the stage each complaint was closed from (or waited
        in, or the first working stage), counted as a reopen."""
        fallback = self._first_working_stage()
        for complaint in self:
            stage = (
                complaint._stage_before_closing()
                or complaint.waiting_return_stage_id.filtered("active")
                or fallback
            )
            if not stage:
                continue
            complaint.write(
                {
                    "stage_id": stage.id,
                    "reject_reason_id": False,
                    "reopen_count": complaint.reopen_count + 1,
                }
            )
        self._log_reply_effect(
            lambda env, complaint: env._("Reopened by the customer's reply."),
            lambda env: env._("Reopened by the customer's reply"),
        )

    def _follow_up_reply(self, message):
        """A follow-up complaint of each closed one, about the same order and
        product, described by the customer's reply; one open follow-up at a
        time: a later reply is noted on it."""
        text = html2plaintext(message.body or "").strip() or "-"
        for complaint in self:
            followup = complaint.followup_ids.filtered(lambda c: not c.is_closed)[:1]
            if followup:
                # Quoted: an erasure replaces what staff messages quote.
                followup._message_log(
                    body=Markup("<p>%s</p><blockquote>%s</blockquote>")
                    % (
                        self.env._(
                            "The customer replied again on %s:",
                            complaint._get_html_link(),
                        ),
                        plaintext2html(text),
                    )
                )
                continue
            followup = self.create(complaint._followup_values(message, text))
            followup.message_subscribe(partner_ids=complaint.partner_id.ids)
            complaint._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The customer's reply after closing opened the follow-up "
                    "complaint %s.",
                    followup._get_html_link(),
                )
            )
            followup._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Follow-up of %s, opened by the customer's reply after it "
                    "was closed.",
                    complaint._get_html_link(),
                )
            )

    def _followup_values(self, message, text):
        self.ensure_one()
        return {
            "followup_of_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "sale_order_id": self.sale_order_id.id,
            "sale_line_id": self.sale_line_id.id,
            "product_id": self.product_id.id,
            "team_id": self.team_id.id,
            "category_id": self.category_id.id,
            "channel": "email" if message.message_type == "email" else "website",
            "subject": self.env._("Follow-up: %s", self.subject or self.name)[:200],
            "description": plaintext2html(text),
        }

    def _log_reply_effect(self, note, summary):
        """Log ``note(env, complaint)`` on each complaint and give its owner
        a To-Do ``summary(env)``, both in the owner's language."""
        for complaint in self:
            owner = complaint.user_id
            env = complaint.with_context(lang=owner.lang).env if owner else self.env
            complaint._message_log(
                body=Markup("<p>%s</p>") % note(env, complaint.with_env(env))
            )
            if owner:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=assignee_today(owner),
                    summary=summary(env),
                    user_id=owner.id,
                )

    def _stage_before_closing(self):
        """The last working stage (not registration) this complaint was in
        before it closed, from the tracking of its stage, newest first."""
        self.ensure_one()
        # sudo: tracking values are administrators' only (mail's access rights).
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                    ("field_id.name", "=", "stage_id"),
                    ("field_id.model", "=", self._name),
                ],
                order="id desc",
                limit=20,
            )
        )
        stages = self.env["customer.complaint.stage"].browse(
            trackings.mapped("old_value_integer")
        )
        registration = self._default_stage_id()
        return stages.exists().filtered(
            lambda s: s.active
            and not (s.is_closed or s.is_waiting)
            and s != registration
        )[:1]
