from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .customer_complaint_audit_mixin import ERASURE

# Texts the customer wrote or gave: replaced whole.
CUSTOMER_TEXT_FIELDS = ("subject", "proposal_refusal_reason")
# Texts the staff wrote: only the customer's names, emails and phones go.
STAFF_TEXT_FIELDS = (
    "resolution",
    "root_cause",
    "reject_note",
    "proposed_resolution",
    "final_response_skip_reason",
)
RETENTION_BATCH = 200


class CustomerComplaint(models.Model):
    """Erasure of a customer's personal data (GDPR art. 17, Russia's 152-FZ
    art. 21, Ukraine's law "On Personal Data" art. 8): the complaint, its
    messages, tracked values, files, review and survey answers keep what the
    register and its figures need and lose what identifies the customer.
    The one change allowed to rewrite the audit trail; it leaves its own
    trace (customer.complaint.erasure and a note), never the data."""

    _inherit = "customer.complaint"

    erasure_id = fields.Many2one(
        "customer.complaint.erasure",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
    )
    # Not stored: the filter searches the indexed erasure, and an upgrade
    # computes nothing over the register.
    is_erased = fields.Boolean(
        string="Personal Data Erased",
        compute="_compute_is_erased",
        search="_search_is_erased",
        help="The customer's personal data was erased: the complaint stays in "
        "the register and its figures.",
    )

    @api.depends("erasure_id")
    def _compute_is_erased(self):
        for complaint in self:
            # sudo: the erasure's record is the managers'; that it exists is not.
            complaint.is_erased = bool(complaint.sudo().erasure_id)

    def _search_is_erased(self, operator, value):
        # Boolean conditions come as 'in' a set of booleans (see is_overdue).
        if operator != "in":
            return NotImplemented
        erased = fields.Domain("erasure_id", "!=", False)
        return fields.Domain.OR(
            [erased] * (True in value) + [~erased] * (False in value)
        )

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    def _check_can_erase(self):
        if not self.env.su and not self._is_complaint_manager():
            raise AccessError(
                self.env._("Only complaint managers erase personal data.")
            )

    @api.model
    def _cron_erase_expired(self):
        """Erase the complaints closed longer ago than their company's
        retention period (0: kept until erased by hand), by batch."""
        # sudo: every company's complaints, whatever user the cron runs as.
        for company in (
            self.env["res.company"]
            .sudo()
            .search([("complaint_retention_years", ">", 0)])
        ):
            years = company.complaint_retention_years
            domain = [
                ("company_id", "=", company.id),
                ("is_closed", "=", True),
                (
                    "date_closed",
                    "<",
                    fields.Datetime.now() - relativedelta(years=years),
                ),
                ("erasure_id", "=", False),
            ]
            # The company's language: the placeholder and the reason.
            Complaint = self.sudo().with_context(
                active_test=False, lang=company.partner_id.lang
            )
            while batch := Complaint.search(domain, order="id", limit=RETENTION_BATCH):
                batch._erase_personal_data(
                    Complaint.env._(
                        "The retention period of %(years)s years ended.", years=years
                    ),
                    automatic=True,
                )
                self.env.invalidate_all()
                if self.env.context.get("ir_cron_progress_id"):
                    self.env["ir.cron"]._commit_progress(
                        len(batch), remaining=Complaint.search_count(domain)
                    )

    # ------------------------------------------------------------------
    # The erasure
    # ------------------------------------------------------------------

    def _erasure_needs_legal_ground(self):
        """The complaints still open or closed within their company's
        retention period: erased only on a manager's confirmed legal ground."""
        now = fields.Datetime.now()
        return self.filtered(
            lambda c: not c.is_closed
            or (
                c.company_id.complaint_retention_years
                and (
                    not c.date_closed
                    or c.date_closed
                    > now - relativedelta(years=c.company_id.complaint_retention_years)
                )
            )
        )

    def _erase_personal_data(
        self, reason, reviews=None, legal_ground=False, automatic=False
    ):
        """Erase the personal data of these complaints (and of ``reviews``,
        besides the complaints' own). Returns the erasure's record, or an
        empty one when all were erased before. The caller checks the right
        (wizard: managers; the cron)."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the personal data is erased."))
        # sudo: the erasure reaches every record of the complaints (messages,
        # files, answers), whoever the manager is; ERASURE lets it through the
        # audit trail's guards (they refuse every other rewrite).
        erasing = self.sudo().with_context(
            complaint_erasure=ERASURE, active_test=False, mail_notrack=True
        )
        complaints = erasing.browse(self.ids).filtered(lambda c: not c.erasure_id)
        reviews = (
            erasing.env["customer.review"].browse(reviews.ids if reviews else [])
            | complaints.review_id
            | erasing.env["customer.review"].search(
                [("complaint_id", "in", complaints.ids)]
            )
        )
        if not complaints and not reviews:
            return self.env["customer.complaint.erasure"]
        if not legal_ground:
            protected = complaints._erasure_needs_legal_ground()
            if protected:
                raise UserError(
                    self.env._(
                        "Complaint(s) %(refs)s are still open or within the "
                        "retention period: confirm the legal ground for erasing "
                        "them now.",
                        refs=", ".join(protected.mapped("name")),
                    )
                )
        # One trace per company: each company's managers see their own.
        erasures = self.env["customer.complaint.erasure"]
        by_company = complaints.grouped("company_id")
        reviews_by_company = reviews.grouped("company_id")
        for company in complaints.company_id | reviews.company_id:
            erasures |= by_company.get(
                company, complaints.browse()
            )._erase_company_personal_data(
                reviews_by_company.get(company, reviews.browse()),
                company,
                reason.strip(),
                legal_ground,
                automatic,
            )
        return erasures.sudo(self.env.su)

    def _erase_company_personal_data(
        self, reviews, company, reason, legal_ground, automatic
    ):
        """The erasure of these complaints and reviews of ``company``."""
        complaints = self
        erased_partner = self.env.ref("customer_complaint.partner_erased")
        customers = (
            self.env["res.partner"].search(
                [
                    (
                        "id",
                        "child_of",
                        (
                            complaints.partner_id | reviews.partner_id
                        ).commercial_partner_id.ids,
                    )
                ]
            )
            - erased_partner
        )
        scrubbers = self._personal_data_scrubbers(complaints, reviews, customers)
        placeholder = self.env._("[personal data erased]")
        counts = {}
        counts["messages"], counts["tracking"], message_attachments = (
            complaints._erase_chatter(reviews, customers, scrubbers, placeholder)
        )
        counts["attachments"] = complaints._erase_attachments(
            reviews, message_attachments, placeholder
        )
        counts["surveys"] = complaints._erase_survey_answers(
            placeholder, erased_partner
        )
        reviews._erase_review_personal_data(placeholder, erased_partner)
        erasure = self.env["customer.complaint.erasure"].create(
            {
                "user_id": self.env.uid,
                "company_id": company.id,
                "reason": scrubbers[None](reason),
                "automatic": automatic,
                "legal_ground_confirmed": bool(legal_ground),
                "complaint_ids": [(6, 0, complaints.ids)],
                "complaint_count": len(complaints),
                "review_count": len(reviews),
                "message_count": counts["messages"],
                "tracking_count": counts["tracking"],
                "attachment_count": counts["attachments"],
                "survey_answer_count": counts["surveys"],
                "kinds": self._erased_kinds_text(reviews, counts),
            }
        )
        complaints._erase_complaint_fields(
            scrubbers, placeholder, erased_partner, erasure
        )
        for documents in (complaints, reviews):
            documents.message_unsubscribe(partner_ids=customers.ids)
        for documents in (complaints, reviews):
            documents._message_log_batch(
                bodies=dict.fromkeys(documents.ids, erasure._note_body()),
                author_id=self.env.user.partner_id.id,
            )
        return erasure

    def _erase_complaint_fields(self, scrubbers, placeholder, erased_partner, erasure):
        """What the customer gave goes; the order (which names them) is
        unlinked, the price it gave is kept for the statutory penalty, the
        portal link changes (a new one is made when next shared). One write
        per price; the staff's texts that named the customer one by one."""
        common = {
            "partner_id": erased_partner.id,
            "partner_name": placeholder,
            "partner_email": False,
            "partner_phone": False,
            "email_cc": False,
            "description": Markup("<p>%s</p>") % placeholder,
            "sale_order_id": False,
            "sale_line_id": False,
            "access_token": False,
            "erasure_id": erasure.id,
        }
        groups = self.grouped(
            lambda c: (c.remedy_price,)
            + tuple(bool(c[fname]) for fname in CUSTOMER_TEXT_FIELDS)
        )
        for (price, *given), group in groups.items():
            group.write(
                {
                    **common,
                    # Written with the order: not recomputed from its line.
                    "remedy_price": price,
                    **{
                        fname: placeholder
                        for fname, is_given in zip(
                            CUSTOMER_TEXT_FIELDS, given, strict=True
                        )
                        if is_given
                    },
                }
            )
        for complaint in self:
            scrub = scrubbers[complaint._name, complaint.id]
            vals = self._scrubbed_values(complaint, STAFF_TEXT_FIELDS, scrub)
            vals.update(complaint._erased_properties(scrub, placeholder))
            if vals:
                complaint.write(vals)
            for action in complaint.action_ids:
                action.write(
                    self._scrubbed_values(action, ("name", "description"), scrub)
                )
            for activity in complaint.activity_ids:
                activity.write(
                    self._scrubbed_values(activity, ("summary", "note"), scrub)
                )

    def _erased_properties(self, scrub, placeholder):
        """The custom fields' texts: the customer's answers replaced, the
        staff's scrubbed."""
        self.ensure_one()
        vals = {}
        for fname, erase in (
            ("portal_properties", lambda text: placeholder),
            ("properties", scrub),
        ):
            texts = {
                prop["name"]: erase(prop["value"])
                for prop in self.read([fname])[0][fname] or []
                if prop["type"] in ("char", "text", "html") and prop.get("value")
            }
            changed = {
                name: text for name, text in texts.items() if text != self[fname][name]
            }
            if changed:
                vals[fname] = changed
        return vals

    @api.model
    def _erased_kinds_text(self, reviews, counts):
        _ = self.env._
        kinds = [_("contact details"), _("description"), _("portal access")]
        if counts["messages"] or counts["tracking"]:
            kinds.append(_("messages and tracked values"))
        if counts["attachments"]:
            kinds.append(_("attachments"))
        if reviews:
            kinds.append(_("reviews"))
        if counts["surveys"]:
            kinds.append(_("survey answers"))
        return ", ".join(kinds)
