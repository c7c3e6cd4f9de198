"""The resolution proposed to the customer: the staff send it by email with
the portal link; in the portal the customer accepts it or says, in their
words, why it does not solve the problem. The answer comes back to the
owner as a message of the customer and a To-Do activity."""

import textwrap

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from .customer_complaint_notification import assignee_today

PROPOSAL_TEMPLATE = "customer_complaint.mail_template_complaint_proposal"
# What the customer may type to refuse a proposal, and how much of it the
# owner's activity summary repeats.
MAX_PROPOSAL_WORDS = 5000
SUMMARY_WORDS = 60


class CustomerComplaintProposal(models.Model):
    _inherit = "customer.complaint"

    proposal_state = fields.Selection(
        [
            ("none", "Not Proposed"),
            ("proposed", "Awaiting Customer's Answer"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
        ],
        string="Proposal",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    # What the customer was asked to accept: the resolution may change after.
    proposed_resolution = fields.Text(readonly=True, copy=False)
    date_proposed = fields.Datetime(string="Proposed On", readonly=True, copy=False)
    date_proposal_answered = fields.Datetime(
        string="Customer Answered On", readonly=True, copy=False
    )
    proposal_refusal_reason = fields.Text(
        string="Customer's Refusal", readonly=True, copy=False
    )
    proposal_user_id = fields.Many2one(
        "res.users",
        string="Proposed By",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    def _check_proposable(self):
        """Open complaints with a resolution and a customer to email, whose
        proposal is not accepted yet (after a refusal: a new round)."""
        problems = []
        for complaint in self:
            if complaint.is_closed:
                problems.append(
                    self.env._("%s is closed.", complaint.name),
                )
            elif not (complaint.resolution or "").strip():
                problems.append(
                    self.env._("%s has no resolution to propose.", complaint.name)
                )
            elif not (complaint.partner_id and complaint.partner_email):
                problems.append(self.env._("%s has no customer email.", complaint.name))
            elif complaint.proposal_state == "accepted":
                problems.append(
                    self.env._(
                        "The customer already accepted the resolution of %s.",
                        complaint.name,
                    )
                )
        if problems:
            raise UserError(
                self.env._("The resolution cannot be proposed to the customer:")
                + "\n"
                + "\n".join(problems)
            )

    def action_propose_resolution(self):
        """Email the customers the resolution, with the portal link where they
        accept or refuse it; the email stays in the chatter."""
        self.check_access("write")
        self._check_proposable()
        template = self.env.ref(PROPOSAL_TEMPLATE)
        now = fields.Datetime.now()
        for complaint in self:
            # Checked above; the fields are the application's (integrity).
            complaint.sudo().write(
                {
                    "proposal_state": "proposed",
                    "proposed_resolution": complaint.resolution.strip(),
                    "date_proposed": now,
                    "date_proposal_answered": False,
                    "proposal_refusal_reason": False,
                    "proposal_user_id": self.env.user.id,
                }
            )
        for complaint in self:
            complaint.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
        return True

    def _portal_answer_proposal(self, accepted, words=None, author=None):
        """The customer's answer to the proposed resolution, from the portal.

        Called by the controller on the record of ``_document_check_access``
        (the customer's, or opened with its token): checks the state and the
        words before writing anything, then stores the answer, posts the
        customer's words as their message (``author``: the portal user's
        contact, else the complaint's customer) and gives the owner a To-Do.
        """
        self.ensure_one()
        # sudo: the customer cannot write the complaint, nor its managed fields.
        complaint = self.sudo()
        words = (words if isinstance(words, str) else "").replace("\x00", "").strip()
        if complaint.is_closed or complaint.proposal_state != "proposed":
            raise UserError(
                self.env._("There is no proposed resolution waiting for your answer.")
            )
        if not accepted and not words:
            raise UserError(
                self.env._(
                    "Tell us in a few words why the proposed resolution does not "
                    "solve your problem."
                )
            )
        if len(words) > MAX_PROPOSAL_WORDS:
            raise UserError(
                self.env._("Keep your answer under %s characters.", MAX_PROPOSAL_WORDS)
            )
        # The customer's message says it: no tracking note by the superuser.
        complaint.with_context(mail_notrack=True).write(
            {
                "proposal_state": "accepted" if accepted else "refused",
                "date_proposal_answered": fields.Datetime.now(),
                "proposal_refusal_reason": False if accepted else words,
            }
        )
        title = (
            self.env._("I accept the proposed resolution.")
            if accepted
            else self.env._("The proposed resolution does not solve my problem.")
        )
        body = Markup("<p><b>%s</b></p>") % title
        if words:
            body += plaintext2html(words)
        complaint.message_post(
            body=body,
            author_id=(author or complaint.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        owner = complaint.user_id or complaint.proposal_user_id
        if owner:
            complaint.with_context(lang=owner.lang)._schedule_proposal_todo(
                owner, accepted, words
            )
        return True

    def _schedule_proposal_todo(self, owner, accepted, words):
        """The owner's To-Do about the customer's answer, in their language."""
        if accepted:
            summary = self.env._("Resolution accepted")
        else:
            short = textwrap.shorten(words, SUMMARY_WORDS, placeholder="…")
            if short == "…":  # one long word
                short = words[: SUMMARY_WORDS - 1] + "…"
            summary = self.env._("Resolution refused: %s", short)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            # Not the customer's today, who answered on the portal.
            date_deadline=assignee_today(owner),
            summary=summary,
            note=plaintext2html(words) if words else False,
            user_id=owner.id,
        )
