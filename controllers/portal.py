import re
from urllib.parse import urlencode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.customer_complaint_portal import PHOTO_MIMETYPES
from .read_your_writes import read_your_writes, remember_write

# At most MAX_PHOTOS photos of MAX_PHOTO_SIZE each with a complaint (the
# types allowed are the model's PHOTO_MIMETYPES).
MAX_PHOTOS = 10
MAX_PHOTO_SIZE = 10 * 1024 * 1024
MAX_SUBJECT_LENGTH = 200


class ComplaintPortal(CustomerPortal):
    """The customer's "My complaints": list, complaint page, new complaint.

    Odoo's portal pattern, as ``sale`` does it: portal users read their
    complaints under the portal record rule (``ir.model.access`` gives them
    read only, internal fields carry ``groups``), so the list is searched with
    the user's environment; the complaint page is opened with
    ``_document_check_access`` (the rule, or the access token of the emails)
    and rendered with the record it returns. These pages are the customer's:
    internal users, who work on complaints in the back office under its rules,
    are sent there, unless they hold the customer's link (the token).
    """

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _complaint_is_customer():
        """A logged-in portal contact: neither public nor internal."""
        user = request.env.user
        return user.share and not user._is_public()

    @staticmethod
    def _complaint_backend_redirect(complaint_id=None):
        """Internal users find complaints in the back office, under its
        access rules (whatever the id, so no hint of what exists)."""
        url = "/odoo/complaints"
        if complaint_id:
            url += f"/{complaint_id}"
        return request.redirect(url)

    def _complaint_orders(self):
        """The confirmed orders the customer may complain about: those the
        portal rule of ``sale`` lets them read."""
        return request.env["sale.order"].search(
            [("state", "=", "sale")], order="date_order desc, id desc"
        )

    @staticmethod
    def _complaint_categories():
        """The categories the customer may choose, with their questions:
        read as superuser (portal users cannot read categories); the form
        shows their names and portal questions only."""
        return request.env["customer.complaint.category"].sudo().search([])

    # ------------------------------------------------------------------
    # /my home card
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        """The customer's complaints, counted under the portal record rule.
        Only customers get the counter: the card is always shown to whoever
        gets it (complaint_portal_home.js), and internal users work on
        complaints in the back office."""
        values = super()._prepare_home_portal_values(counters)
        Complaint = request.env["customer.complaint"]
        if (
            "complaint_count" in counters
            and self._complaint_is_customer()
            and Complaint.has_access("read")
        ):
            values["complaint_count"] = Complaint.search_count([])
        return values

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------

    def _complaint_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_received desc, id desc"},
            "update": {"label": _("Last Update"), "order": "write_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc"},
            "stage": {"label": _("Stage"), "order": "stage_id, id desc"},
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=read_your_writes,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        if not self._complaint_is_customer():
            return self._complaint_backend_redirect()
        # The user's environment: the portal record rule does the filtering.
        Complaint = request.env["customer.complaint"]
        sortings = self._complaint_searchbar_sortings()
        if sortby not in sortings:
            sortby = "date"
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=Complaint.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            [],
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Rendered as superuser, as sale renders its orders: the
                # template shows the public fields and the stage's name.
                "complaints": complaints.sudo(),
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("customer_complaint.portal_my_complaints", values)

    # ------------------------------------------------------------------
    # Complaint page
    # ------------------------------------------------------------------

    @http.route(
        "/my/complaints/<int:complaint_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        readonly=read_your_writes,
    )
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        complaint_sudo, response = self._complaint_check_access(
            complaint_id, access_token
        )
        if response:
            return response
        return self._complaint_page(complaint_sudo, access_token, **kw)

    def _complaint_check_access(self, complaint_id, access_token):
        """``(complaint_sudo, None)`` for whoever may open the complaint (the
        portal rule, or the access token of the email), else ``(None,
        response)``: employees go to the back office; on a page (GET), a
        visitor not logged in is asked to; anyone else gets a 404, the same
        whether the complaint exists or is someone else's."""
        user = request.env.user
        if user._is_internal() and not access_token:
            return None, self._complaint_backend_redirect(complaint_id)
        try:
            return self._document_check_access(
                "customer.complaint", complaint_id, access_token=access_token
            ), None
        except (AccessError, MissingError):
            if request.httprequest.method == "GET":
                if user._is_public():
                    redirect = request.httprequest.full_path.rstrip("?")
                    return None, request.redirect(
                        "/web/login?%s" % urlencode({"redirect": redirect})
                    )
                if user._is_internal():
                    return None, self._complaint_backend_redirect(complaint_id)
            return None, request.not_found()

    def _complaint_page(
        self, complaint_sudo, access_token, status=200, page_values=None, **kw
    ):
        """The complaint page of the record of ``_document_check_access``
        (``kw``: the query's flags; ``page_values``: what a refused form
        gives back)."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint_sudo,
                "page_name": "complaint",
                "photos": complaint_sudo._get_portal_photos(),
                "created": kw.get("created"),
                "proposal_answered": kw.get("proposal_answered"),
                **(page_values or {}),
            }
        )
        values = self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False, **kw
        )
        return request.render(
            "customer_complaint.portal_my_complaint", values, status=status
        )

    # ------------------------------------------------------------------
    # New complaint
    # ------------------------------------------------------------------

    def _complaint_form_values(self, orders, form=None, errors=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "orders": orders,
                "categories": self._complaint_categories(),
                "form": form or {},
                "errors": errors or [],
                "max_photos": MAX_PHOTOS,
                "max_photo_mb": MAX_PHOTO_SIZE // (1024 * 1024),
                "max_subject_length": MAX_SUBJECT_LENGTH,
            }
        )
        return values

    def _complaint_read_photos(self, files):
        """[(name, data, mimetype)] of the uploaded photos, and the errors."""
        files = [f for f in files if f and f.filename]
        if len(files) > MAX_PHOTOS:
            return [], [_("Send at most %s photos.", MAX_PHOTOS)]
        photos, errors = [], []
        for upload in files:
            data = upload.read(MAX_PHOTO_SIZE + 1)
            mimetype = guess_mimetype(data[:1024]) if data else None
            if len(data) > MAX_PHOTO_SIZE:
                errors.append(
                    _(
                        "%(name)s is too big: a photo may weigh %(size)s MB at most.",
                        name=upload.filename,
                        size=MAX_PHOTO_SIZE // (1024 * 1024),
                    )
                )
            elif mimetype not in PHOTO_MIMETYPES:
                errors.append(
                    _(
                        "%s is not a photo: send PNG, JPEG, GIF or WebP images.",
                        upload.filename,
                    )
                )
            else:
                photos.append((upload.filename, data, mimetype))
        return photos, errors

    @staticmethod
    def _complaint_int(value):
        """An id typed as ASCII digits, else False ("²".isdigit() is true)."""
        value = str(value or "")
        return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else False

    @staticmethod
    def _complaint_text(value):
        # PostgreSQL refuses NUL characters in text.
        return (value or "").replace("\x00", "").strip()

    @http.route(
        "/my/complaints/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_new_complaint(self, **post):
        if not self._complaint_is_customer():
            return request.redirect("/odoo/complaints/new")
        orders = self._complaint_orders()
        if request.httprequest.method == "GET":
            form = {}
            if self._complaint_int(post.get("order_id")):
                form["order_id"] = self._complaint_int(post.get("order_id"))
            if self._complaint_int(post.get("category_id")):
                form["category_id"] = self._complaint_int(post.get("category_id"))
            return request.render(
                "customer_complaint.portal_new_complaint",
                self._complaint_form_values(orders, form),
            )

        form = {
            "order_id": self._complaint_int(post.get("order_id")),
            "category_id": self._complaint_int(post.get("category_id")),
            "subject": self._complaint_text(post.get("subject")),
            "description": self._complaint_text(post.get("description")),
        }
        # The answers to the chosen category's questions: the form names
        # them prop_<category id>_<property name>.
        prefix = f"prop_{form['category_id']}_"
        form["answers"] = {
            key[len(prefix) :]: value
            for key, value in post.items()
            if key.startswith(prefix) and isinstance(value, str)
        }
        category = self._complaint_categories().filtered(
            lambda c: c.id == form["category_id"]
        )
        # The order is one of the options the form offered (the orders the
        # portal rule lets the customer read); the model checks that it is
        # the customer's.
        order = orders.filtered(lambda o: o.id == form["order_id"])
        if form["order_id"] and not order:
            form["order_id"] = False
            return request.render(
                "customer_complaint.portal_new_complaint",
                self._complaint_form_values(
                    orders, form, [_("This order is not one of yours.")]
                ),
                status=403,
            )
        errors = []
        if form["category_id"] and not category:
            errors.append(_("Choose one of the categories offered."))
        if not form["subject"]:
            errors.append(_("Say in a few words what the complaint is about."))
        elif len(form["subject"]) > MAX_SUBJECT_LENGTH:
            errors.append(
                _("Keep the subject under %s characters.", MAX_SUBJECT_LENGTH)
            )
        if not form["description"]:
            errors.append(_("Describe what happened."))
        photos, photo_errors = self._complaint_read_photos(
            request.httprequest.files.getlist("photos")
        )
        errors += photo_errors
        if not errors:
            try:
                # A refusal after the INSERT (a constraint, an automation
                # rule) leaves nothing half-written behind the 400 page.
                with request.env.cr.savepoint():
                    complaint = request.env["customer.complaint"]._create_from_portal(
                        request.env.user.partner_id,
                        form["subject"],
                        form["description"],
                        sale_order=order,
                        photos=photos,
                        category=category,
                        answers=form["answers"],
                    )
            except UserError as error:
                # One line per wrong answer.
                errors += error.args[0].splitlines()
        if errors:
            return request.render(
                "customer_complaint.portal_new_complaint",
                self._complaint_form_values(orders, form, errors),
                status=400,
            )
        remember_write()
        return request.redirect(f"{complaint.access_url}?created=1")
