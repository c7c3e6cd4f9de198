"""Duplicates: possible duplicates shown while registering, and merging a
duplicate into the original (its messages, files and followers copied over,
the duplicate rejected as "Duplicate", linked both ways, nothing deleted)."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    possible_duplicate_ids = fields.Many2many(
        "customer.complaint",
        string="Possible Duplicates",
        compute="_compute_possible_duplicate_ids",
        groups="base.group_user",
        help="Complaints of the same customer about the same order or product, "
        "received within the company's duplicate window.",
    )
    possible_duplicate_count = fields.Integer(
        compute="_compute_possible_duplicate_ids", groups="base.group_user"
    )
    duplicate_of_id = fields.Many2one(
        "customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="base.group_user",
        help="The complaint this one was merged into.",
    )
    duplicate_ids = fields.One2many(
        "customer.complaint",
        "duplicate_of_id",
        string="Merged Duplicates",
        readonly=True,
        groups="base.group_user",
    )
    duplicate_count = fields.Integer(
        compute="_compute_duplicate_count", groups="base.group_user"
    )

    @api.depends(
        "partner_id", "sale_order_id", "product_id", "date_received", "company_id"
    )
    def _compute_possible_duplicate_ids(self):
        for complaint in self:
            duplicates = self.browse()
            partner = complaint.partner_id.commercial_partner_id
            keys = [
                (fname, complaint[fname].id)
                for fname in ("sale_order_id", "product_id")
                if complaint[fname]
            ]
            if partner and keys:
                days = complaint.company_id.complaint_duplicate_days
                received = complaint.date_received or fields.Datetime.now()
                domain = [
                    ("partner_id", "child_of", partner.id),
                    ("company_id", "=", complaint.company_id.id),
                    ("duplicate_of_id", "=", False),
                    ("date_received", ">=", received - timedelta(days=days)),
                    ("date_received", "<=", received + timedelta(days=days)),
                    *(["|"] * (len(keys) - 1)),
                    *((fname, "=", value) for fname, value in keys),
                ]
                if complaint._origin.id:
                    domain.append(("id", "!=", complaint._origin.id))
                duplicates = self.search(domain, order="date_received, id", limit=20)
            complaint.possible_duplicate_ids = duplicates
            complaint.possible_duplicate_count = len(duplicates)

    @api.depends("duplicate_ids")
    def _compute_duplicate_count(self):
        for complaint in self:
            complaint.duplicate_count = len(complaint.duplicate_ids)

    @api.readonly
    def action_view_possible_duplicates(self):
        return self._action_view_complaints(self.possible_duplicate_ids)

    @api.readonly
    def action_view_duplicates(self):
        return self._action_view_complaints(self.duplicate_ids)

    def _action_view_complaints(self, complaints):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint.customer_complaint_action"
        )
        action.update(
            domain=[("id", "in", complaints.ids)],
            context={"create": False, "active_test": False},
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
        )
        return action

    @api.readonly
    def action_open_merge_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Into..."),
            "res_model": "customer.complaint.merge",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Merge
    # ------------------------------------------------------------------

    def action_merge_into(self, original):
        """Mark these complaints as duplicates of ``original`` (a record or
        its id): their customer messages and files are copied into its
        chatter, their followers follow it, and they are rejected with the
        reason "Duplicate". The duplicates keep their own history (the audit
        trail of a complaint is never rewritten, so nothing is moved away)."""
        original = self._browse_argument(self.browse(), original)
        self._check_merge(original)
        (self | original).check_access("write")
        original._merge_copy_history(self)
        original._merge_followers(self)
        reason = self.env.ref("customer_complaint.reject_reason_duplicate")
        values = {"duplicate_of_id": original.id}
        # The outcome and the final response of a closing, when these fields
        # exist: the customer is answered on the original.
        if "outcome" in self._fields:
            values["outcome"] = "not_upheld"
        if "final_response_skip_reason" in self._fields:
            values["final_response_skip_reason"] = self.env._(
                "Merged into %s: the customer is answered there.", original.name
            )
        self.write(values)
        self.action_reject(reason, self.env._("Duplicate of %s.", original.name))
        self._message_log_batch(
            bodies=dict.fromkeys(
                self.ids,
                Markup("<p>%s</p>")
                % self.env._(
                    "Merged into %s: its messages, files and followers were "
                    "copied there.",
                    original._get_html_link(),
                ),
            )
        )
        return True

    def _check_merge(self, original):
        if not self:
            raise UserError(self.env._("Choose the duplicate complaints to merge."))
        if original in self:
            raise UserError(
                self.env._("Complaint %s cannot be merged into itself.", original.name)
            )
        if original.duplicate_of_id:
            raise UserError(
                self.env._(
                    "Complaint %(ref)s is itself a duplicate of %(original)s: merge "
                    "into %(original)s instead.",
                    ref=original.name,
                    original=original.duplicate_of_id.name,
                )
            )
        for duplicate in self:
            if duplicate.is_closed:
                raise UserError(
                    self.env._(
                        "Complaint %s is closed: only an open complaint is merged "
                        "as a duplicate.",
                        duplicate.name,
                    )
                )
            if duplicate.company_id != original.company_id:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s belongs to another company than "
                        "%(original)s: they cannot be merged.",
                        ref=duplicate.name,
                        original=original.name,
                    )
                )
            if (
                duplicate.partner_id.commercial_partner_id
                != original.partner_id.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s is from another customer than "
                        "%(original)s: they cannot be merged.",
                        ref=duplicate.name,
                        original=original.name,
                    )
                )

    def _merge_copy_history(self, duplicates):
        """One note on ``self`` per merge with each duplicate's complaint and
        messages (author, date, text), carrying copies of their files."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        # sudo: the messages and files of complaints the user may write.
        files = Attachment.sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", duplicates.ids),
                ("res_field", "=", False),
            ],
            order="id",
        )
        copies = Attachment.create(
            [
                {
                    **attachment.copy_data()[0],
                    "res_id": self.id,
                    "name": self.env._(
                        "%(name)s (from %(ref)s)",
                        name=attachment.name,
                        ref=duplicates.browse(attachment.res_id).name,
                    ),
                }
                for attachment in files
            ]
        )
        parts = []
        for duplicate in duplicates:
            parts.append(
                Markup("<p><b>%s</b></p>")
                % self.env._(
                    "Merged duplicate %(link)s (received %(date)s): %(subject)s",
                    link=duplicate._get_html_link(),
                    date=format_datetime(self.env, duplicate.date_received),
                    subject=duplicate.subject or "",
                )
            )
            if duplicate.description:
                parts.append(
                    Markup("<blockquote>%s</blockquote>") % duplicate.description
                )
            # sudo: as the files: all messages and authors of a complaint the user
            # may write (checked in action_merge_into).
            messages = duplicate.sudo().message_ids.filtered(
                lambda m: m.message_type in ("email", "comment") and m.body
            )
            for message in messages.sorted("id"):
                parts.append(
                    Markup("<p><i>%s</i></p><blockquote>%s</blockquote>")
                    % (
                        self.env._(
                            "%(author)s, %(date)s:",
                            author=message.author_id.display_name
                            or message.email_from
                            or "",
                            date=format_datetime(self.env, message.date),
                        ),
                        message.body,
                    )
                )
        self._message_log(body=Markup("").join(parts), attachment_ids=copies.ids)

    def _merge_followers(self, duplicates):
        """The duplicates' followers follow ``self`` too, with their subtypes
        (those already following it keep theirs)."""
        self.ensure_one()
        # sudo: every follower of complaints the user may write, whoever they are.
        followers = duplicates.sudo().message_follower_ids.filtered(
            lambda f: f.partner_id not in self.sudo().message_partner_ids
        )
        by_subtypes = {}
        for follower in followers:
            by_subtypes.setdefault(follower.subtype_ids, set()).add(
                follower.partner_id.id
            )
        for subtypes, partner_ids in by_subtypes.items():
            self.message_subscribe(
                partner_ids=list(partner_ids), subtype_ids=subtypes.ids
            )
