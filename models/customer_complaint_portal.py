"""The complaint as the customer reaches it: in the portal (read access
through ``ir.model.access`` and the portal record rule, internal fields kept
for employees with ``groups``), with the access token of their emails, and
through the chatter's ``/mail/data``."""

import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

# Photos a customer may join to a complaint: raster images only (no SVG,
# which can carry scripts).
PHOTO_MIMETYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
# What /mail/data may tell about a complaint's thread to whoever is not an
# employee who may read it: a customer, or the holder of its access token
# (which opens the thread as superuser). The portal chatter asks for nothing
# else; activities, followers, every attachment (those of internal notes
# included), scheduled messages and suggested recipients are the staff's.
PORTAL_THREAD_REQUESTS = frozenset({"display_name"})


class CustomerComplaintPortal(models.Model):
    _inherit = "customer.complaint"

    # Given at the INSERT, as rating and survey give theirs: the links of a
    # batch of acknowledgements then cost no write per complaint
    # (_portal_ensure_token, which get_portal_url calls, finds it).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    @api.model
    def _create_from_portal(
        self,
        partner,
        subject,
        description,
        sale_order=None,
        photos=(),
        category=None,
        answers=None,
    ):
        """A complaint filed by a customer in the portal, with the customer's
        ``photos`` ([(name, data, mimetype)], checked by the caller) and
        ``answers`` ({name: text}) to the ``category``'s portal questions, in
        one transaction: the form files a complaint with its photos or
        nothing, and checks everything before writing. As superuser:
        customers cannot create complaints themselves."""
        if not (subject or "").strip() or not (description or "").strip():
            raise UserError(_("Say what the complaint is about and describe it."))
        sale_order = sale_order or self.env["sale.order"]
        if sale_order and sale_order.partner_id.commercial_partner_id != (
            partner.commercial_partner_id
        ):
            raise UserError(_("This order is not one of yours."))
        # sudo: portal customers cannot read categories (ir.model.access).
        category = (category or self.env["customer.complaint.category"]).sudo()
        if category and not (category.exists() and category.active):
            raise UserError(_("Choose one of the categories offered."))
        portal_properties = self._parse_portal_answers(category, answers or {})
        company = sale_order.company_id or self.env.company
        # sudo: customers cannot create complaints (ir.model.access).
        complaint = (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "channel": "website",
                    "subject": subject.strip(),
                    "description": plaintext2html(description),
                    "sale_order_id": sale_order.id,
                    "company_id": company.id,
                    "team_id": company._get_complaint_default_team().id,
                    "category_id": category.id,
                    "portal_properties": portal_properties,
                }
            )
        )
        complaint.message_subscribe(partner_ids=partner.ids)
        if photos:
            # sudo: portal and public users have no access rights on attachments.
            self.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": complaint._name,
                        "res_id": complaint.id,
                    }
                    for name, data, mimetype in photos
                ]
            )
        return complaint

    def _get_portal_photos(self):
        """The images the customer sent with the complaint (uploaded by
        portal or public users; the page links them with Odoo's scoped
        token, ``_get_raw_access_token``, which writes nothing); the staff's
        files, those of internal notes included, are left out. Read as
        superuser: portal users have no access rights on attachments."""
        self.ensure_one()
        photos = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("mimetype", "in", PHOTO_MIMETYPES),
                    ("create_uid.share", "=", True),
                ],
                order="id",
            )
        )
        return photos

    # ------------------------------------------------------------------
    # Chatter (mail.thread hooks)
    # ------------------------------------------------------------------

    def _thread_to_store(self, store, fields, *, request_list=None):
        """What ``/mail/data`` answers about the thread: everything to the
        employees who may read the complaint; to anyone else (a portal
        customer, a token holder, whom ``_get_thread_with_access`` hands the
        thread as superuser) only ``PORTAL_THREAD_REQUESTS``."""
        if request_list and not self._is_read_by_staff():
            request_list = [
                item
                for item in request_list
                if isinstance(item, str) and item in PORTAL_THREAD_REQUESTS
            ]
        return super()._thread_to_store(store, fields, request_list=request_list)

    def _is_read_by_staff(self):
        """Whether the current user is an employee who may read all of
        ``self`` under the complaint rules (not through a token)."""
        if not self.env.user._is_internal():
            return False
        complaints = self.sudo(False)
        return complaints._filtered_access("read") == complaints
