import base64
import json
import os

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)


class PortalCase(HttpCase):
    """Two portal customers, A and B, each with a confirmed order and a
    complaint; A's complaint carries an internal note and a root cause."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = cls._new_portal_user("portal_a", "Alice Portal")
        cls.portal_b = cls._new_portal_user("portal_b", "Bob Portal")
        cls.partner_a = cls.portal_a.partner_id
        cls.partner_b = cls.portal_b.partner_id
        cls.product = cls.env["product.product"].create(
            {"name": "Desk Lamp", "list_price": 40.0, "type": "consu"}
        )
        cls.order_a = cls._new_order(cls.partner_a)
        cls.order_b = cls._new_order(cls.partner_b)
        Complaint = cls.env["customer.complaint"]
        cls.complaint_a = Complaint._create_from_portal(
            cls.partner_a, "Scratched lamp", "The lamp base is scratched.", cls.order_a
        )
        cls.complaint_b = Complaint._create_from_portal(
            cls.partner_b, "Late delivery", "Two weeks late.", cls.order_b
        )
        cls.complaint_a.root_cause = "SECRET-CAUSE"
        cls.complaint_a.message_post(body="SECRET-NOTE", subtype_xmlid="mail.mt_note")
        cls.complaint_a.message_post(
            body="PUBLIC-ANSWER",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @classmethod
    def _new_portal_user(cls, login, name):
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            name=name,
            email=f"{login}@example.com",
            groups="base.group_portal",
        )

    @classmethod
    def _new_order(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        return order

    def _post_new_complaint(self, data=None, files=None):
        values = {
            "csrf_token": http.Request.csrf_token(self),
            "order_id": self.order_a.id,
            "subject": "Broken lamp",
            "description": "The shade arrived cracked.",
        }
        values.update(data or {})
        return self.url_open("/my/complaints/new", data=values, files=files)

    def _complaints_of(self, partner):
        return self.env["customer.complaint"].search([("partner_id", "=", partner.id)])


@tagged("post_install", "-at_install", "customer_complaint")
class TestPortal(PortalCase):
    def test_portal_users_read_their_own_complaints(self):
        """Read access through ir.model.access, the portal record rule on the
        commercial partner; nothing else."""
        Complaint = self.env["customer.complaint"].with_user(self.portal_a)
        self.assertTrue(Complaint.has_access("read"))
        for operation in ("write", "create", "unlink"):
            self.assertFalse(Complaint.has_access(operation), operation)
        self.assertEqual(Complaint.search([]), self.complaint_a)
        self.assertTrue(self.complaint_a.with_user(self.portal_a).has_access("read"))
        self.assertFalse(self.complaint_b.with_user(self.portal_a).has_access("read"))
        # A contact of the customer's company reads the company's complaints.
        colleague = self._new_portal_user("portal_a_colleague", "Alice Colleague")
        colleague.partner_id.parent_id = self.partner_a.commercial_partner_id
        self.partner_a.is_company = True
        self.assertEqual(
            self.env["customer.complaint"].with_user(colleague).search([]),
            self.complaint_a,
        )

    def test_home_counter(self):
        self.authenticate("portal_a", "portal_a")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/complaints"', home.text)
        self.assertIn('data-placeholder_count="complaint_count"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count"]}
        )
        self.assertEqual(counters["complaint_count"], 1)

    def test_list_shows_own_complaints_only(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertIn("Scratched lamp", response.text)
        self.assertIn(self.order_a.name, response.text)
        self.assertNotIn(self.complaint_b.name, response.text)
        self.assertNotIn("Late delivery", response.text)

    def test_own_complaint_page(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertIn("Scratched lamp", response.text)
        self.assertIn("The lamp base is scratched.", response.text)
        self.assertIn(self.order_a.name, response.text)
        self.assertIn(self.complaint_a.stage_id.name, response.text)
        self.assertIn('class="d-print-none o_portal_chatter', response.text)
        self.assertNotIn("SECRET-CAUSE", response.text)
        self.assertNotIn("SECRET-NOTE", response.text)

    @mute_logger("odoo.http")
    def test_other_customer_complaint_refused(self):
        self.authenticate("portal_a", "portal_a")
        for url in (
            f"/my/complaints/{self.complaint_b.id}",
            f"/my/complaints/{self.complaint_b.id}?access_token=wrong",
            f"/my/complaints/{self.complaint_a.id + self.complaint_b.id + 1000}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.complaint_b.name, response.text)
            self.assertNotIn("Late delivery", response.text)

    def test_access_token(self):
        """Without a session, the emailed link (with the token) opens the
        complaint; without the token, the customer is asked to log in."""
        token = self.complaint_b._portal_ensure_token()
        response = self.url_open(
            f"/my/complaints/{self.complaint_b.id}?access_token={token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_b.name, response.text)
        response = self.url_open(
            f"/my/complaints/{self.complaint_b.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_chatter_shows_public_messages_only(self):
        self.authenticate("portal_a", "portal_a")
        token = self.complaint_a._portal_ensure_token()
        params = {
            "thread_model": "customer.complaint",
            "thread_id": self.complaint_a.id,
            "token": token,
        }
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        dump = json.dumps(fetched)
        self.assertIn("PUBLIC-ANSWER", dump)
        self.assertNotIn("SECRET-NOTE", dump)
        self.assertNotIn("SECRET-CAUSE", dump)
        # The route of the back-office chatter, with the same token.
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "customer.complaint", "thread_id": self.complaint_a.id}
            | {"token": token},
        )
        dump = json.dumps(messages)
        self.assertIn("PUBLIC-ANSWER", dump)
        self.assertNotIn("SECRET-NOTE", dump)
        init = self.make_jsonrpc_request("/portal/chatter_init", params)
        self.assertNotIn("SECRET", json.dumps(init))

    def test_chatter_reply(self):
        self.authenticate("portal_a", "portal_a")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "customer.complaint",
                "thread_id": self.complaint_a.id,
                "token": self.complaint_a._portal_ensure_token(),
                "post_data": {
                    "body": "Any news?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.complaint_a.message_ids[:1]
        self.assertIn("Any news?", str(message.body))
        self.assertEqual(message.author_id, self.partner_a)
        self.assertFalse(message.subtype_id.internal)

    @mute_logger("odoo.http")
    def test_customer_cannot_rewrite_their_messages(self):
        """The portal chatter offers the author to edit or delete their
        message: on a complaint it is part of the record, refused."""
        self.authenticate("portal_a", "portal_a")
        token = self.complaint_a._portal_ensure_token()
        posted = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "customer.complaint",
                "thread_id": self.complaint_a.id,
                "token": token,
                "post_data": {
                    "body": "CUSTOMER-WORDS",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.env["mail.message"].browse(posted["message_id"])
        self.assertEqual(message.author_id, self.partner_a)
        for update in ({"body": "Rewritten"}, {"body": "", "attachment_ids": []}):
            with self.assertRaises(JsonRpcException) as caught:
                self.make_jsonrpc_request(
                    "/mail/message/update_content",
                    {
                        "message_id": message.id,
                        "update_data": update,
                        "thread_model": "customer.complaint",
                        "thread_id": self.complaint_a.id,
                        "token": token,
                    },
                )
            self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.env.invalidate_all()
        self.assertIn("CUSTOMER-WORDS", str(message.body))

    @mute_logger("odoo.http")
    def test_chatter_of_other_customer_refused(self):
        self.authenticate("portal_a", "portal_a")
        params = {
            "thread_model": "customer.complaint",
            "thread_id": self.complaint_b.id,
        }
        # Without token: the portal user has no right on B's complaint.
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        self.assertFalse(fetched["messages"])
        # With the token of A's own complaint: refused.
        with self.assertRaises(Exception):  # noqa: B017 - NotFound over JSON-RPC
            self.make_jsonrpc_request(
                "/mail/chatter_fetch",
                params | {"token": self.complaint_a._portal_ensure_token()},
            )

    def test_thread_data_with_token_hides_internal_data(self):
        """The token opens the thread as superuser to /mail/data, and the
        customer reads their complaint: the attachments of internal notes,
        the activities and the followers must not reach them either way
        (``_thread_to_store`` of the complaint)."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "SECRET-FILE.txt",
                "raw": b"internal",
                "res_model": "customer.complaint",
                "res_id": self.complaint_a.id,
            }
        )
        self.complaint_a.message_post(
            body="See file",
            subtype_xmlid="mail.mt_note",
            attachment_ids=attachment.ids,
        )
        self.complaint_a.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="SECRET-ACTIVITY",
            user_id=self.env.ref("base.user_admin").id,
        )
        request_list = [
            "activities",
            "attachments",
            "followers",
            "scheduledMessages",
            "suggestedRecipients",
            "display_name",
        ]

        def thread_data(with_token=True):
            access_params = (
                {"token": self.complaint_a._portal_ensure_token()} if with_token else {}
            )
            return self.make_jsonrpc_request(
                "/mail/data",
                {
                    "fetch_params": [
                        [
                            "mail.thread",
                            {
                                "thread_model": "customer.complaint",
                                "thread_id": self.complaint_a.id,
                                "access_params": access_params,
                                "request_list": request_list,
                            },
                        ]
                    ]
                },
            )

        self.authenticate("portal_a", "portal_a")
        for with_token in (True, False):
            dump = json.dumps(thread_data(with_token))
            self.assertIn(self.complaint_a.name, dump, with_token)
            self.assertNotIn("SECRET", dump, with_token)
        # The customer's link without a session, and an employee without
        # complaint rights who holds it.
        self.authenticate(None, None)
        dump = json.dumps(thread_data())
        self.assertIn(self.complaint_a.name, dump)
        self.assertNotIn("SECRET", dump)
        new_test_user(
            self.env,
            login="cc_portal_employee",
            password="cc_portal_employee",
            groups="base.group_user",
        )
        self.authenticate("cc_portal_employee", "cc_portal_employee")
        dump = json.dumps(thread_data())
        self.assertIn(self.complaint_a.name, dump)
        self.assertNotIn("SECRET", dump)
        # Staff still get everything.
        new_test_user(
            self.env,
            login="cc_portal_manager",
            password="cc_portal_manager",
            groups="customer_complaint.group_complaint_manager",
        )
        self.authenticate("cc_portal_manager", "cc_portal_manager")
        dump = json.dumps(thread_data())
        self.assertIn("SECRET-FILE.txt", dump)
        self.assertIn("SECRET-ACTIVITY", dump)

    def _new_colleague(self, login, groups):
        """An employee whose contact belongs to customer A's company."""
        user = new_test_user(
            self.env, login=login, password=login, groups=groups, name=login
        )
        user.partner_id.parent_id = self.partner_a
        self.assertEqual(
            user.partner_id.commercial_partner_id,
            self.partner_a.commercial_partner_id,
        )
        return user

    def test_internal_users_are_sent_to_the_back_office(self):
        """Internal users of the customer's commercial partner, with or
        without complaint rights, are not served the customer's pages."""
        for login, groups in (
            ("cc_portal_employee", "base.group_user"),
            ("cc_portal_member", "customer_complaint.group_complaint_user"),
        ):
            self._new_colleague(login, groups)
            self.authenticate(login, login)
            with self.subTest(login=login):
                page = self.url_open(
                    f"/my/complaints/{self.complaint_a.id}", allow_redirects=False
                )
                self.assertIn(page.status_code, (302, 303))
                self.assertTrue(
                    page.headers["Location"].endswith(
                        f"/odoo/complaints/{self.complaint_a.id}"
                    )
                )
                self.assertNotIn("Scratched lamp", page.text)
                listing = self.url_open("/my/complaints", allow_redirects=False)
                self.assertIn(listing.status_code, (302, 303))
                self.assertTrue(
                    listing.headers["Location"].endswith("/odoo/complaints")
                )
                self.assertNotIn(self.complaint_a.name, listing.text)
                counters = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["complaint_count"]}
                )
                # No counter, so no Complaints card on their /my.
                self.assertNotIn("complaint_count", counters)
                # The customer's link, with the token, still opens the page.
                token = self.complaint_a._portal_ensure_token()
                page = self.url_open(
                    f"/my/complaints/{self.complaint_a.id}?access_token={token}"
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn("Scratched lamp", page.text)
                self.assertNotIn("SECRET", page.text)

    def test_complaint_sheet_shows_what_is_meant_for_the_customer(self):
        """The sheet is handed to the customer: public messages only under
        History, no internal note, log nor tracking, no internal field, no
        file of an internal note."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation's own tracking
        self.complaint_a.write(
            {"responsible_department": "SECRET-DEPARTMENT", "priority": "2"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        secret_png = self.env["ir.attachment"].create(
            {
                "name": "SECRET-PHOTO.png",
                "raw": PNG,
                "res_model": "customer.complaint",
                "res_id": self.complaint_a.id,
            }
        )
        # A note as the chatter logs it (a comment with the note subtype).
        self.complaint_a.message_post(
            body="SECRET-NOTE-WITH-PHOTO",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=secret_png.ids,
        )
        self.assertTrue(self.complaint_a.message_ids.tracking_value_ids)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_complaint.action_report_complaint_sheet",
                self.complaint_a.ids,
            )[0]
            .decode()
        )
        self.assertIn(self.complaint_a.name, html)
        self.assertIn("PUBLIC-ANSWER", html)
        self.assertIn("History", html)
        self.assertNotIn("SECRET", html)

    @mute_logger("odoo.http")
    def test_mail_data_malformed_requests_read_nothing(self):
        """Malformed /mail/data parameters get Odoo's own error answer (its
        mail controllers parse them): nothing of the complaint is read."""
        self.authenticate("portal_a", "portal_a")
        token = self.complaint_a._portal_ensure_token()
        good = {
            "thread_model": "customer.complaint",
            "thread_id": self.complaint_a.id,
            "access_params": {"token": token},
            "request_list": ["display_name", "attachments"],
        }
        for params in (
            dict(good, thread_id="abc"),
            dict(good, thread_id=[self.complaint_a.id]),
            dict(good, thread_id={"id": self.complaint_a.id}),
            dict(good, thread_id=None),
            dict(good, thread_model=["customer.complaint"]),
            dict(good, access_params=["token"]),
            ["customer.complaint", self.complaint_a.id],
        ):
            with (
                self.subTest(params=params),
                self.assertRaises(JsonRpcException) as caught,
            ):
                self.make_jsonrpc_request(
                    "/mail/data", {"fetch_params": [["mail.thread", params]]}
                )
            self.assertNotIn(self.complaint_a.name, str(caught.exception))
        # Odd but well-formed lists: the public part only, as always.
        for request_list in ("attachments", [{"attachments": 1}, "attachments"]):
            data = self.make_jsonrpc_request(
                "/mail/data",
                {
                    "fetch_params": [
                        ["mail.thread", dict(good, request_list=request_list)]
                    ]
                },
            )
            self.assertNotIn('"attachments"', json.dumps(data))
        # A well-formed request (the id as text included) is answered.
        for thread_id in (self.complaint_a.id, str(self.complaint_a.id)):
            data = self.make_jsonrpc_request(
                "/mail/data",
                {"fetch_params": [["mail.thread", dict(good, thread_id=thread_id)]]},
            )
            self.assertIn(self.complaint_a.name, json.dumps(data))
            self.assertNotIn('"attachments"', json.dumps(data))

    def test_new_complaint_form(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="csrf_token"', response.text)
        self.assertRegex(
            response.text, r'<textarea [^>]*name="description"[^>]*></textarea>'
        )
        self.assertIn(f'value="{self.order_a.id}"', response.text)
        self.assertIn(self.order_a.name, response.text)
        self.assertNotIn(self.order_b.name, response.text)

    def test_new_complaint_with_photo(self):
        self.authenticate("portal_a", "portal_a")
        before = self._complaints_of(self.partner_a)
        response = self._post_new_complaint(
            files={"photos": ("lamp.png", PNG, "image/png")}
        )
        self.assertEqual(response.status_code, 200)
        complaint = self._complaints_of(self.partner_a) - before
        self.assertEqual(len(complaint), 1)
        self.assertTrue(
            response.url.endswith(f"/my/complaints/{complaint.id}?created=1")
        )
        self.assertIn(complaint.name, response.text)
        self.assertEqual(complaint.subject, "Broken lamp")
        self.assertIn("The shade arrived cracked.", complaint.description)
        self.assertEqual(complaint.sale_order_id, self.order_a)
        self.assertEqual(complaint.channel, "website")
        self.assertIn(self.partner_a, complaint.message_partner_ids)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachment.name, "lamp.png")
        self.assertEqual(attachment.mimetype, "image/png")
        self.assertEqual(attachment.raw, PNG)
        self.assertEqual(complaint.photo_ids, attachment)
        self.assertIn(f"/web/image/{attachment.id}/", response.text)

    def test_new_complaint_without_order(self):
        self.authenticate("portal_a", "portal_a")
        before = self._complaints_of(self.partner_a)
        response = self._post_new_complaint({"order_id": ""})
        self.assertEqual(response.status_code, 200)
        complaint = self._complaints_of(self.partner_a) - before
        self.assertEqual(len(complaint), 1)
        self.assertFalse(complaint.sale_order_id)

    def test_new_complaint_with_other_customer_order(self):
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        response = self._post_new_complaint({"order_id": self.order_b.id})
        self.assertEqual(response.status_code, 403)
        self.assertIn("This order is not one of yours.", response.text)
        self.assertNotIn(self.order_b.name, response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    def test_new_complaint_invalid(self):
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        cases = [
            ({"subject": "  "}, None, "Say in a few words"),
            ({"description": ""}, None, "Describe what happened."),
            ({"subject": "x" * 201}, None, "Keep the subject under 200 characters"),
            (
                None,
                {"photos": ("notes.txt", b"plain text", "text/plain")},
                "not a photo",
            ),
            (
                None,
                {
                    "photos": (
                        "huge.png",
                        PNG + os.urandom(10 * 1024 * 1024),
                        "image/png",
                    )
                },
                "too big",
            ),
        ]
        for data, files, message in cases:
            response = self._post_new_complaint(data, files)
            self.assertEqual(response.status_code, 400, message)
            self.assertIn(message, response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_new_complaint_refused_after_insert_writes_nothing(self):
        """A refusal raised once the complaint is inserted (here an
        administrator's automation rule) leaves no complaint, number or
        photo behind the 400 page."""
        rule = self.env["base.automation"].create(
            {
                "name": "Refuse portal complaints",
                "model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "trigger": "on_create",
                "filter_domain": "[('channel', '=', 'website')]",
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": "Refuse portal complaints",
                "model_id": rule.model_id.id,
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "state": "code",
                "code": "raise UserError('Filing is closed for maintenance.')",
            }
        )
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        response = self._post_new_complaint(
            files={"photos": ("lamp.png", PNG, "image/png")}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Filing is closed for maintenance.", response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_too_many_photos(self):
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        files = [("photos", (f"p{i}.png", PNG, "image/png")) for i in range(11)]
        response = self._post_new_complaint(files=files)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 photos", response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    @mute_logger("odoo.http")
    def test_new_complaint_requires_csrf(self):
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        response = self._post_new_complaint({"csrf_token": "invalid"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)


@tagged("post_install", "-at_install", "customer_complaint", "customer_complaint_tour")
class TestPortalTour(PortalCase):
    """Needs Chromium and the websocket-client package (else Odoo skips it)."""

    def test_portal_tour(self):
        before = self._complaints_of(self.partner_a)
        self.start_tour(
            "/my/complaints/new", "customer_complaint_portal_tour", login="portal_a"
        )
        complaint = self._complaints_of(self.partner_a) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.subject, "Broken lamp")
        self.assertEqual(complaint.sale_order_id, self.order_a)
        self.assertEqual(complaint.photo_ids.name, "lamp.png")
        self.assertIn(
            "Any news about my lamp?",
            "".join(complaint.message_ids.mapped(lambda m: str(m.body))),
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestPortalRpc(PortalCase):
    """The portal customer, the user with the lowest rights that reads
    complaints, attacks over JSON-RPC (``/web/dataset/call_kw``)."""

    # What a portal customer reads of their complaint.
    PUBLIC_FIELDS = [
        "name",
        "subject",
        "description",
        "partner_id",
        "sale_order_id",
        "stage_id",
        "is_closed",
        "date_received",
        "date_closed",
        "resolution",
    ]
    # A sample of the staff's fields, one per job of the complaint.
    INTERNAL_FIELDS = [
        "root_cause",
        "responsible_department",
        "responsible_user_id",
        "cause_id",
        "is_justified",
        "customer_informed",
        "compensation_type",
        "compensation_amount",
        "user_id",
        "team_id",
        "tag_ids",
        "action_ids",
        "reject_note",
        "specialist_id",
        "review_id",
        "photo_ids",
        "similar_complaint_ids",
        "sla_deadline",
        "is_overdue",
        "escalation_level",
        "satisfaction_score",
        "satisfaction_input_id",
        "activity_ids",
        "message_follower_ids",
    ]

    def setUp(self):
        super().setUp()
        self.authenticate("portal_a", "portal_a")

    def _call(self, method, args, kwargs=None, model="customer.complaint"):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_refused(self, method, args, kwargs=None, model="customer.complaint"):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(method, args, kwargs, model)
        self.assertEqual(
            str(caught.exception), "odoo.exceptions.AccessError", (method, args)
        )

    def test_own_complaint_readable_public_fields_only(self):
        [values] = self._call("read", [self.complaint_a.ids, self.PUBLIC_FIELDS])
        self.assertEqual(values["name"], self.complaint_a.name)
        self.assertEqual(values["subject"], "Scratched lamp")
        self.assertEqual(values["sale_order_id"][0], self.order_a.id)
        self.assertEqual(values["stage_id"][0], self.complaint_a.stage_id.id)
        # The fields the customer may read: no internal one among them.
        readable = self._call("fields_get", [], {"attributes": ["type"]})
        self.assertIn("subject", readable)
        self.assertFalse(set(readable) & set(self.INTERNAL_FIELDS))
        stored = [
            fname
            for fname, field in self.env["customer.complaint"]._fields.items()
            if fname in readable and field.store and field.type != "binary"
        ]
        [values] = self._call("read", [self.complaint_a.ids, stored])
        self.assertEqual(values["name"], self.complaint_a.name)
        self.assertNotIn("SECRET", json.dumps(values, default=str))
        for method, args, kwargs in (
            ("search_read", [[], self.PUBLIC_FIELDS], {}),
            ("web_search_read", [[]], {"specification": {"name": {}, "subject": {}}}),
        ):
            found = self._call(method, args, kwargs)
            records = found["records"] if method == "web_search_read" else found
            self.assertEqual([r["id"] for r in records], self.complaint_a.ids, method)
            self.assertNotIn("SECRET", json.dumps(found, default=str))
        self.assertEqual(self._call("search_count", [[]]), 1)

    @mute_logger("odoo.http", "odoo.models")
    def test_other_customer_complaint_refused(self):
        self._assert_refused("read", [self.complaint_b.ids, ["name"]])
        self._assert_refused(
            "web_read", [self.complaint_b.ids], {"specification": {"subject": {}}}
        )
        self.assertFalse(
            self._call("search_read", [[("id", "=", self.complaint_b.id)], ["name"]])
        )
        self.assertFalse(self._call("name_search", [], {"name": "Late"}))

    @mute_logger("odoo.http", "odoo.models")
    def test_internal_fields_refused(self):
        for fname in self.INTERNAL_FIELDS:
            with self.subTest(field=fname):
                self._assert_refused("read", [self.complaint_a.ids, [fname]])
                self._assert_refused(
                    "web_search_read", [[]], {"specification": {fname: {}}}
                )
        # No oracle: searching, sorting or grouping by an internal field.
        self._assert_refused(
            "search_read", [[("root_cause", "ilike", "SECRET")], ["name"]]
        )
        self._assert_refused("search_read", [[], ["name"]], {"order": "root_cause"})
        self._assert_refused("formatted_read_group", [[], ["user_id"]])
        self._assert_refused(
            "web_read_group", [[], ["team_id"]], {"aggregates": ["__count"]}
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_write_create_unlink_refused(self):
        before = self.complaint_a.read(["subject", "description", "stage_id"])
        count = self.env["customer.complaint"].search_count([])
        self._assert_refused("write", [self.complaint_a.ids, {"subject": "Hacked"}])
        self._assert_refused(
            "write", [self.complaint_a.ids, {"stage_id": self.complaint_b.stage_id.id}]
        )
        self._assert_refused(
            "create",
            [
                {
                    "partner_id": self.partner_a.id,
                    "subject": "Forged",
                    "channel": "phone",
                }
            ],
        )
        self._assert_refused("unlink", [self.complaint_a.ids])
        self._assert_refused("action_reject", [self.complaint_a.ids, 1])
        self.env.invalidate_all()
        self.assertEqual(
            self.complaint_a.read(["subject", "description", "stage_id"]), before
        )
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    @mute_logger("odoo.http", "odoo.models")
    def test_attachments_and_notes_not_readable(self):
        secret = self.env["ir.attachment"].create(
            {
                "name": "SECRET-FILE.txt",
                "raw": b"internal",
                "res_model": "customer.complaint",
                "res_id": self.complaint_a.id,
            }
        )
        self._assert_refused(
            "search_read",
            [[("res_model", "=", "customer.complaint")], ["name"]],
            model="ir.attachment",
        )
        self._assert_refused("read", [secret.ids, ["name"]], model="ir.attachment")
        messages = self._call(
            "search_read",
            [
                [
                    ("model", "=", "customer.complaint"),
                    ("res_id", "=", self.complaint_a.id),
                ],
                ["body"],
            ],
            model="mail.message",
        )
        dump = json.dumps(messages)
        self.assertIn("PUBLIC-ANSWER", dump)
        self.assertNotIn("SECRET", dump)

    @mute_logger("odoo.http", "odoo.models")
    def test_no_post_as_someone_else_nor_to_others(self):
        """Posting through RPC: not in someone else's name, not to partners
        of the customer's choosing; nobody is made a follower."""
        victim = self.env["res.partner"].create(
            {"name": "Victim", "email": "victim@example.com"}
        )
        messages = self.complaint_a.message_ids
        followers = self.complaint_a.message_partner_ids
        for kwargs in (
            {"author_id": self.partner_b.id},
            {"author_id": victim.id},
            {"partner_ids": [victim.id]},
        ):
            with self.subTest(kwargs=kwargs):
                self._assert_refused(
                    "message_post",
                    [self.complaint_a.ids],
                    dict(
                        kwargs,
                        body="FORGED",
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    ),
                )
        self._assert_refused(
            "message_subscribe", [self.complaint_a.ids], {"partner_ids": victim.ids}
        )
        self.env.invalidate_all()
        self.assertEqual(self.complaint_a.message_ids, messages)
        self.assertEqual(self.complaint_a.message_partner_ids, followers)
