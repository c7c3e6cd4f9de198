import re
from urllib.parse import urlencode

from werkzeug.exceptions import BadRequest

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.mail.controllers.webclient import WebclientController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Photos a customer may join to a complaint: raster images only (no SVG,
# which can carry scripts), at most MAX_PHOTOS files of MAX_PHOTO_SIZE each.
PHOTO_MIMETYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
MAX_PHOTOS = 10
MAX_PHOTO_SIZE = 10 * 1024 * 1024
MAX_SUBJECT_LENGTH = 200
# What a customer's chatter may ask /mail/data about a complaint it reaches
# with the access token (the portal chatter asks for none of the others).
PORTAL_THREAD_REQUESTS = ("display_name",)


class ComplaintPortal(CustomerPortal):
    """The customer's "My complaints": list, complaint page, new complaint.

    Portal users have no access rights on complaints: every route checks that
    the complaint is the customer's (or that the access token is valid) and
    reads it as superuser, showing only the fields meant for the customer.
    These pages are the customer's: internal users, who work on complaints in
    the back office under its access rules, are sent there (as Odoo's portal
    pages send them with "Back to edit mode"), unless they hold the token.
    """

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _complaint_customer(self):
        """The commercial partner whose complaints the current user sees."""
        return request.env.user.partner_id.commercial_partner_id

    @staticmethod
    def _complaint_is_portal_user(user):
        """A logged-in portal contact: neither public nor internal."""
        return user.share and not user._is_public()

    @staticmethod
    def _complaint_backend_redirect(complaint_id=None):
        """Internal users find complaints in the back office, under its
        access rules (whatever the id, so no hint of what exists)."""
        url = "/odoo/complaints"
        if complaint_id:
            url += f"/{complaint_id}"
        return request.redirect(url)

    def _complaint_domain(self):
        return [("partner_id", "child_of", self._complaint_customer().id)]

    def _complaint_orders(self):
        """The customer's confirmed sale orders, as superuser."""
        return (
            request.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self._complaint_customer().id),
                    ("state", "=", "sale"),
                ],
                order="date_order desc, id desc",
            )
        )

    def _complaint_check_access(self, complaint_id, access_token=None):
        """The complaint as superuser if the current user may see it.

        Allowed with the complaint's access token, or to a portal user of
        the complaint's customer (same commercial partner); never to internal
        users without the token, whatever their rights.

        :raise MissingError: no such complaint
        :raise AccessError: the complaint is not the user's
        """
        complaint = request.env["customer.complaint"].sudo().browse(complaint_id)
        if not complaint.exists():
            raise MissingError(_("This complaint does not exist."))
        if access_token and complaint.access_token:
            if consteq(complaint.access_token, access_token):
                return complaint
        user = request.env.user
        if self._complaint_is_portal_user(user) and (
            complaint.partner_id.commercial_partner_id
            == user.partner_id.commercial_partner_id
        ):
            return complaint
        raise AccessError(_("You cannot see this complaint."))

    def _complaint_photos(self, complaint):
        """Images the customer sent with the complaint (uploaded by portal
        users), with an access token so that the page can display them.
        Attachments of the staff, e.g. of internal notes, are left out."""
        photos = (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", complaint._name),
                    ("res_id", "=", complaint.id),
                    ("mimetype", "in", PHOTO_MIMETYPES),
                    ("create_uid.share", "=", True),
                ],
                order="id",
            )
        )
        photos.generate_access_token()
        return photos

    # ------------------------------------------------------------------
    # /my home card
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            values["complaint_count"] = (
                request.env["customer.complaint"]
                .sudo()
                .search_count(self._complaint_domain())
                if self._complaint_is_portal_user(request.env.user)
                else 0
            )
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
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        if not self._complaint_is_portal_user(request.env.user):
            return self._complaint_backend_redirect()
        Complaint = request.env["customer.complaint"].sudo()
        domain = self._complaint_domain()
        sortings = self._complaint_searchbar_sortings()
        if sortby not in sortings:
            sortby = "date"
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
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
    )
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            if request.env.user._is_public():
                redirect = request.httprequest.full_path.rstrip("?")
                return request.redirect(
                    "/web/login?%s" % urlencode({"redirect": redirect})
                )
            if not request.env.user.share:
                return self._complaint_backend_redirect(complaint_id)
            # Same answer whether the complaint exists or is someone else's.
            return request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint,
                "page_name": "complaint",
                "photos": self._complaint_photos(complaint),
                # The portal chatter reads and posts with the token: portal
                # users have no access rights on complaints. It shows the
                # public messages only, never internal notes.
                "complaint_token": complaint._portal_ensure_token(),
                "created": kw.get("created"),
            }
        )
        values = self._get_page_view_values(
            complaint, access_token, values, "my_complaints_history", False, **kw
        )
        return request.render("customer_complaint.portal_my_complaint", values)

    # ------------------------------------------------------------------
    # New complaint
    # ------------------------------------------------------------------

    def _complaint_form_values(self, orders, form=None, errors=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "orders": orders,
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
        orders = self._complaint_orders()
        if request.httprequest.method == "GET":
            form = {}
            if self._complaint_int(post.get("order_id")):
                form["order_id"] = self._complaint_int(post.get("order_id"))
            return request.render(
                "customer_complaint.portal_new_complaint",
                self._complaint_form_values(orders, form),
            )

        form = {
            "order_id": self._complaint_int(post.get("order_id")),
            "subject": self._complaint_text(post.get("subject")),
            "description": self._complaint_text(post.get("description")),
        }
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
                complaint = request.env["customer.complaint"]._create_from_portal(
                    request.env.user.partner_id,
                    form["subject"],
                    form["description"],
                    sale_order=order,
                )
            except UserError as error:
                errors.append(error.args[0])
        if errors:
            return request.render(
                "customer_complaint.portal_new_complaint",
                self._complaint_form_values(orders, form, errors),
                status=400,
            )
        if photos:
            request.env["ir.attachment"].sudo().create(
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
        return request.redirect(f"{complaint.access_url}?created=1")


class ComplaintWebclient(WebclientController):
    """The access token of a complaint is the customer's (it is in the links
    of the emails they get and in their complaint page). With it, /mail/data
    reads the thread as superuser: the activities, the followers and every
    attachment, those of internal notes included. Answer a token holder who
    has no access rights only what the portal chatter needs.

    Malformed requests (a thread id that is not a number, parameters of the
    wrong type) are answered 400 Bad Request, never a server error."""

    @classmethod
    def _process_request(cls, fetch_params, context):
        if not isinstance(fetch_params, list) or not all(
            isinstance(item, str)
            or (isinstance(item, list) and item and isinstance(item[0], str))
            for item in fetch_params
        ):
            raise BadRequest("fetch_params: a list of names or [name, params]")
        if context is not None and not isinstance(context, dict):
            raise BadRequest("context: an object")
        return super()._process_request(fetch_params, context)

    @classmethod
    def _complaint_thread_params(cls, params):
        """The "mail.thread" parameters, checked: a thread model, an integer
        id, a list of names and access parameters (as core reads them)."""
        if not isinstance(params, dict):
            raise BadRequest("mail.thread: parameters expected")
        model = params.get("thread_model")
        if (
            not isinstance(model, str)
            or model not in request.env
            or not isinstance(request.env[model], request.env.registry["mail.thread"])
        ):
            raise BadRequest("mail.thread: unknown thread_model")
        thread_id = params.get("thread_id")
        if thread_id is False:  # a record not saved yet, as core reads it
            thread_id = 0
        elif isinstance(thread_id, str) and re.fullmatch(r"[0-9]{1,18}", thread_id):
            thread_id = int(thread_id)
        if type(thread_id) is not int or not 0 <= thread_id < 2**63:
            raise BadRequest("mail.thread: thread_id must be an integer")
        request_list = params.get("request_list", [])
        if not isinstance(request_list, list) or not all(
            isinstance(item, str) for item in request_list
        ):
            raise BadRequest("mail.thread: request_list must be a list of names")
        access_params = params.get("access_params", {})
        if not isinstance(access_params, dict):
            raise BadRequest("mail.thread: access_params must be an object")
        return dict(
            params,
            thread_id=thread_id,
            request_list=request_list,
            access_params=access_params,
        )

    @classmethod
    def _process_request_for_all(cls, store, name, params):
        if name == "mail.thread":
            params = cls._complaint_thread_params(params)
            if (
                params["thread_model"] == "customer.complaint"
                and params["request_list"]
                and not request.env["customer.complaint"]
                .browse(params["thread_id"])
                .exists()
                .has_access("read")
            ):
                params = dict(
                    params,
                    request_list=[
                        item
                        for item in params["request_list"]
                        if item in PORTAL_THREAD_REQUESTS
                    ],
                )
        return super()._process_request_for_all(store, name, params)
