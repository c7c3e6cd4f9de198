"""The chatter of complaints and reviews is their audit trail: no user, managers
and administrators included, edits or deletes a message, a tracking value, a
log or a file of it, through the ORM, over JSON-RPC or through the chatter's
own routes. Posting stays free, and so do stars and read marks."""

import base64
from unittest.mock import patch

from markupsafe import Markup

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)
OTHER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
    "AAAABJRU5ErkJggg=="
)
REFUSAL = "part of its record"


class AuditTrailCase(ComplaintCase):
    """A complaint with the customer's message and photo, the creation log,
    a tracking message (priority changed by the member) and the member's
    own note; a review with a message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.complaint = cls.create_complaint(subject="Torn sofa")
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # changes after this one are tracked
        cls.creation_log = cls.complaint.message_ids[-1:]
        cls.photo = cls.env["ir.attachment"].create(
            {
                "name": "sofa.png",
                "raw": PNG,
                "res_model": cls.complaint._name,
                "res_id": cls.complaint.id,
            }
        )
        cls.customer_message = cls.complaint.message_post(
            body=Markup("<p>CUSTOMER-TEXT</p>"),
            author_id=cls.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=cls.photo.ids,
        )
        cls.complaint.with_user(cls.member).priority = "2"
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.tracking_message = cls.complaint.message_ids.filtered("tracking_value_ids")[
            :1
        ]
        cls.tracking_value = cls.tracking_message.tracking_value_ids[:1]
        cls.own_note = cls.complaint.with_user(cls.member).message_post(
            body=Markup("<p>MY-NOTE</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.review = cls.env["customer.review"].create(
            {"partner_id": cls.customer.id, "score": 2, "comment": "Slow"}
        )
        cls.review_message = cls.review.message_post(
            body=Markup("<p>REVIEW-TEXT</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.messages = (
            cls.customer_message
            | cls.creation_log
            | cls.tracking_message
            | cls.own_note
            | cls.review_message
        )

    def _snapshot(self):
        self.env.invalidate_all()
        messages = self.messages.exists()
        return (
            messages.ids,
            messages.mapped(lambda m: str(m.body)),
            self.tracking_value.exists().mapped("new_value_integer"),
            self.tracking_value.exists().mapped("new_value_char"),
            self.photo.exists().mapped("checksum"),
            self.photo.exists().mapped("res_id"),
            self.photo.exists().mapped("name"),
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestAuditTrailOrm(AuditTrailCase):
    def test_fixture(self):
        self.assertEqual(len(self.messages), 5)
        self.assertTrue(self.creation_log)
        self.assertNotIn(self.creation_log, self.tracking_message | self.own_note)
        self.assertTrue(self.tracking_value)
        self.assertEqual(self.photo.res_model, "customer.complaint")

    def test_messages_cannot_be_edited_or_deleted(self):
        before = self._snapshot()
        for user in (self.member, self.manager, self.admin):
            for message in self.messages:
                with self.subTest(user=user.login, message=message.id):
                    message = message.with_user(user)
                    with self.assertRaisesRegex(UserError, REFUSAL):
                        message.write({"body": "<p>rewritten</p>"})
                    with self.assertRaisesRegex(UserError, REFUSAL):
                        message.unlink()
        with self.assertRaisesRegex(UserError, REFUSAL):
            self.own_note.with_user(self.member).write({"is_internal": False})
        self.assertEqual(self._snapshot(), before)

    def test_chatter_edit_and_delete_refused(self):
        """The chatter edits and deletes through _message_update_content
        (its route then writes as superuser): refused for own notes too."""
        before = self._snapshot()
        for user in (self.member, self.manager):
            for record, message in (
                (self.complaint, self.own_note),
                (self.complaint, self.customer_message),
                (self.review, self.review_message),
            ):
                thread = record.with_user(user)
                with self.assertRaisesRegex(UserError, REFUSAL):
                    thread._message_update_content(message.sudo(), body="<p>edited</p>")
                with self.assertRaisesRegex(UserError, REFUSAL):
                    thread._message_update_content(
                        message.sudo(), body="", attachment_ids=[]
                    )
        self.assertEqual(self._snapshot(), before)

    def test_tracking_values_cannot_be_changed(self):
        before = self._snapshot()
        value = self.tracking_value.with_user(self.admin)
        with self.assertRaisesRegex(UserError, REFUSAL):
            value.write({"new_value_char": "Normal", "new_value_integer": 0})
        with self.assertRaisesRegex(UserError, REFUSAL):
            value.unlink()
        with self.assertRaisesRegex(UserError, REFUSAL):
            self.tracking_message.with_user(self.admin).write(
                {"tracking_value_ids": [(2, self.tracking_value.id)]}
            )
        self.assertEqual(self._snapshot(), before)

    def test_files_cannot_be_overwritten_or_deleted(self):
        before = self._snapshot()
        other = self.create_complaint()
        for photo in (
            self.photo.with_user(self.member),
            self.photo.with_user(self.manager),
            self.photo.sudo(),
        ):
            for vals in (
                {"datas": base64.b64encode(OTHER_PNG)},
                {"raw": OTHER_PNG},
                {"db_datas": OTHER_PNG},
                {"res_id": other.id},
                {"res_model": "res.partner", "res_id": self.customer.id},
                {"name": "renamed.png"},
                {"mimetype": "text/html"},
                {"type": "url", "url": "https://example.com/x.png"},
            ):
                with (
                    self.subTest(photo=photo.env.uid, vals=list(vals)),
                    self.assertRaisesRegex(UserError, REFUSAL),
                ):
                    photo.write(vals)
            with self.assertRaisesRegex(UserError, REFUSAL):
                photo.unlink()
        self.assertEqual(self._snapshot(), before)

    def test_harmless_file_writes_still_work(self):
        self.photo.sudo().generate_access_token()
        self.assertTrue(self.photo.access_token)
        # The administrator's "force storage": same content, rewritten.
        self.photo.sudo()._migrate()
        self.photo.sudo().write({"raw": PNG, "mimetype": self.photo.mimetype})
        self.assertEqual(self.photo.raw, PNG)
        # New files and files of other documents stay free.
        note = self.env["ir.attachment"].create(
            {"name": "n.txt", "raw": b"x", "res_model": "res.partner", "res_id": 1}
        )
        note.write({"raw": b"y"})
        note.unlink()

    def test_posting_starring_and_reading_still_work(self):
        complaint = self.complaint.with_user(self.member)
        upload = (
            self.env["ir.attachment"]
            .with_user(self.member)
            .create(
                {
                    "name": "more.png",
                    "raw": PNG,
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )
        message = complaint.message_post(
            body="A new answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=upload.ids,
        )
        self.assertEqual(upload.res_model, "customer.complaint")
        self.assertEqual(upload.res_id, self.complaint.id)
        complaint.message_post(
            body="A new note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.review.with_user(self.member).message_post(body="Noted")
        for record in (message, self.customer_message, self.tracking_message):
            record = record.with_user(self.member)
            record.toggle_message_starred()
            self.assertTrue(record.starred)
            record.toggle_message_starred()
            self.assertFalse(record.starred)
        self.customer_message.with_user(self.member).set_message_done()
        # Tracking goes on being recorded.
        tracked = len(self.complaint.message_ids.tracking_value_ids)
        complaint.priority = "3"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.complaint.invalidate_recordset()
        self.assertEqual(
            len(self.complaint.message_ids.tracking_value_ids), tracked + 1
        )

    def test_emails_are_sent_and_cleaned(self):
        """The mail queue deletes the copy of an email sent from a template
        (auto_delete) as superuser; notifications of posted messages keep
        their message."""
        template = self.env.ref(
            "customer_complaint.mail_template_complaint_satisfaction"
        )
        mail = self.env["mail.mail"].browse(template.send_mail(self.complaint.id))
        outgoing = mail.mail_message_id
        self.assertEqual(outgoing.model, "customer.complaint")
        self.assertTrue(mail.auto_delete)
        posted = self.complaint.with_user(self.member).message_post(
            body="We are on it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        notifications = self.env["mail.mail"].search(
            [("mail_message_id", "=", posted.id)]
        )
        self.assertTrue(notifications)
        # What the mail queue does, with a fake SMTP server.
        MailServer = type(self.env["ir.mail_server"])
        with (
            patch.object(MailServer, "_disable_send", lambda *args: False),
            patch.object(MailServer, "_connect__", lambda *args, **kwargs: None),
            patch.object(
                MailServer,
                "send_email",
                lambda self, message, *args, **kwargs: message["Message-Id"],
            ),
        ):
            (mail | notifications).send(auto_commit=False, raise_exception=True)
        self.assertFalse(notifications.exists())
        self.assertFalse(mail.exists())
        self.assertFalse(outgoing.exists())
        self.assertTrue(posted.exists())
        self.assertIn("We are on it", str(posted.body))

    def test_superuser_code_paths_pass(self):
        """The addon's and Odoo's internal code runs as superuser: it may
        still maintain messages (an administrator's shell is outside the
        application's promise, see docs/guarantees.md)."""
        self.own_note.sudo().write({"starred_partner_ids": [(4, self.customer.id)]})
        self.customer_message.with_user(self.member).sudo().write({})


@tagged("post_install", "-at_install", "customer_complaint")
class TestAuditTrailHttp(HttpCase, AuditTrailCase):
    """The same attempts over JSON-RPC and through the chatter's routes."""

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def _assert_refused(self, route, params, error="odoo.exceptions.UserError"):
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(route, params)
        self.assertEqual(str(caught.exception), error, (route, params))

    def _upload(self, pending):
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "thread_model": "customer.complaint",
                "thread_id": self.complaint.id,
                "is_pending": "true" if pending else "false",
            },
            files={"ufile": ("upload.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["ir.attachment"].browse(
            response.json()["data"]["attachment_id"]
        )

    @mute_logger("odoo.http")
    def test_rpc_writes_and_deletes_refused(self):
        before = self._snapshot()
        for login in ("cc_member", "cc_manager"):
            self.authenticate(login, login)
            for message in self.messages:
                with self.subTest(login=login, message=message.id):
                    self._assert_refused(
                        "/web/dataset/call_kw",
                        {
                            "model": "mail.message",
                            "method": "write",
                            "args": [message.ids, {"body": "<p>rewritten</p>"}],
                            "kwargs": {},
                        },
                    )
                    self._assert_refused(
                        "/web/dataset/call_kw",
                        {
                            "model": "mail.message",
                            "method": "unlink",
                            "args": [message.ids],
                            "kwargs": {},
                        },
                    )
            for method, args in (
                (
                    "write",
                    [self.photo.ids, {"datas": base64.b64encode(OTHER_PNG).decode()}],
                ),
                ("unlink", [self.photo.ids]),
            ):
                self._assert_refused(
                    "/web/dataset/call_kw",
                    {
                        "model": "ir.attachment",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        self.authenticate("admin", "admin")
        for method, args in (
            ("write", [self.tracking_value.ids, {"new_value_char": "Normal"}]),
            ("unlink", [self.tracking_value.ids]),
        ):
            self._assert_refused(
                "/web/dataset/call_kw",
                {
                    "model": "mail.tracking.value",
                    "method": method,
                    "args": args,
                    "kwargs": {},
                },
            )
        self.assertEqual(self._snapshot(), before)

    @mute_logger("odoo.http")
    def test_chatter_routes_refused(self):
        """Edit and "Delete" of the chatter: refused for the author's own
        notes and messages (UserError); the chatter offers them nothing else
        (the route answers 404 to others than the author)."""
        manager_note = self.complaint.with_user(self.manager).message_post(
            body=Markup("<p>MANAGER-NOTE</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        review_note = self.review.with_user(self.member).message_post(
            body=Markup("<p>MEMBER-REVIEW-NOTE</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.messages |= manager_note | review_note
        before = self._snapshot()
        for login, own, others in (
            ("cc_member", self.own_note | review_note, manager_note),
            ("cc_manager", manager_note, self.own_note | review_note),
        ):
            self.authenticate(login, login)
            for message, error in [
                (message, "odoo.exceptions.UserError") for message in own
            ] + [
                (message, "werkzeug.exceptions.NotFound")
                for message in others | self.customer_message | self.creation_log
            ]:
                for update in (
                    {"body": "<p>edited</p>"},
                    {"body": "", "attachment_ids": []},  # the chatter's "Delete"
                ):
                    self._assert_refused(
                        "/mail/message/update_content",
                        {"message_id": message.id, "update_data": update},
                        error,
                    )
            self._assert_refused(
                "/mail/attachment/delete", {"attachment_id": self.photo.id}
            )
        self.assertEqual(self._snapshot(), before)

    @mute_logger("odoo.http")
    def test_chatter_posting_still_works(self):
        self.authenticate("cc_member", "cc_member")
        # A file dropped in the composer and removed before sending.
        dropped = self._upload(pending=True)
        self.assertEqual(dropped.res_model, "mail.compose.message")
        self.make_jsonrpc_request(
            "/mail/attachment/delete", {"attachment_id": dropped.id}
        )
        self.assertFalse(dropped.exists())
        # A file sent with a note: part of the record from then on.
        sent = self._upload(pending=True)
        result = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "customer.complaint",
                "thread_id": self.complaint.id,
                "post_data": {
                    "body": "See the new photo",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                    "attachment_ids": sent.ids,
                },
            },
        )
        message = self.env["mail.message"].browse(result["message_id"])
        self.assertIn("See the new photo", str(message.body))
        self.assertEqual(message.attachment_ids, sent)
        self.assertEqual(sent.res_model, "customer.complaint")
        self._assert_refused("/mail/attachment/delete", {"attachment_id": sent.id})
        self.assertTrue(sent.exists())
        # Stars are the user's own.
        starred = self._call_kw(
            "mail.message", "toggle_message_starred", [self.customer_message.ids]
        )
        self.assertTrue(starred)
        self.assertIn(self.member.partner_id, self.customer_message.starred_partner_ids)
