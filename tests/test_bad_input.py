"""Bad input gets a clear error and writes nothing."""

import re
from datetime import datetime, timedelta
from email.message import EmailMessage

import psycopg2

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase


class BadInputCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="cc_portal_bad", groups="base.group_portal"
        )
        cls.product = cls.env["product.product"].create({"name": "Sofa"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        stranger = cls.env["res.partner"].create({"name": "Somebody Else"})
        cls.strangers_order = cls.env["sale.order"].create(
            {
                "partner_id": stranger.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    def count(self, model="customer.complaint"):
        return self.env[model].with_context(active_test=False).search_count([])


class TestBadInput(BadInputCase):
    def test_compensation_within_bounds(self):
        complaint = self.create_complaint()
        for amount in (-5000, -0.01, 1e300, 1_000_000_001):
            with (
                self.subTest(amount=amount),
                self.assertRaisesRegex(ValidationError, "compensation"),
            ):
                complaint.with_user(self.member).compensation_amount = amount
        complaint.with_user(self.member).compensation_amount = 150.0
        self.assertEqual(complaint.compensation_amount, 150.0)

    @mute_logger("odoo.sql_db")
    def test_compensation_checked_by_the_database(self):
        complaint = self.create_complaint()
        self.env.flush_all()
        with self.assertRaises(psycopg2.errors.CheckViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE customer_complaint SET compensation_amount = -1 WHERE id = %s",
                [complaint.id],
            )

    def test_reception_date_plausible(self):
        before = self.count()
        Complaint = self.env["customer.complaint"].with_user(self.member)
        for received in (
            "9999-12-31 10:00:00",
            "0001-01-01 10:00:00",
            "1969-12-31 23:59:59",
            fields.Datetime.now() + timedelta(days=2),
            "not a date",
        ):
            with (
                self.subTest(received=received),
                self.assertRaisesRegex(ValidationError, "reception"),
            ):
                Complaint.create(
                    {
                        "partner_id": self.customer.id,
                        "team_id": self.team.id,
                        "date_received": received,
                    }
                )
        self.assertEqual(self.count(), before)
        complaint = self.create_complaint(date_received=datetime(1999, 5, 1, 9, 0))
        self.assertEqual(complaint.date_received.year, 1999)
        with self.assertRaisesRegex(ValidationError, "reception"):
            complaint.with_user(self.member).date_received = "9999-01-01 00:00:00"

    def test_order_of_another_customer_refused(self):
        with self.assertRaisesRegex(ValidationError, "not an order of"):
            self.create_complaint(sale_order_id=self.strangers_order.id)
        complaint = self.create_complaint(sale_order_id=self.order.id)
        with self.assertRaisesRegex(ValidationError, "not a line of its"):
            complaint.with_user(
                self.member
            ).sale_line_id = self.strangers_order.order_line
        with self.assertRaisesRegex(ValidationError, "not an order of"):
            complaint.with_user(self.member).sale_order_id = self.strangers_order

    def test_portal_users_are_never_owner_or_assignee(self):
        complaint = self.create_complaint()
        for fname in ("user_id", "responsible_user_id", "specialist_id"):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(ValidationError, "portal"),
            ):
                complaint.with_user(self.member).write({fname: self.portal_user.id})
        # assertRaises (not ...Regex) rolls the savepoint back, as a request would.
        with self.assertRaises(ValidationError):
            self.env["customer.complaint.action"].with_user(self.member).create(
                {
                    "complaint_id": complaint.id,
                    "name": "Do it yourself",
                    "user_id": self.portal_user.id,
                }
            )
        self.assertFalse(
            self.env["customer.complaint.action"].search(
                [("complaint_id", "=", complaint.id)]
            )
        )

    def test_text_length_limits(self):
        before = self.count()
        with self.assertRaisesRegex(ValidationError, "subject"):
            self.create_complaint(subject="x" * 201)
        with self.assertRaisesRegex(ValidationError, "description"):
            self.create_complaint(description="<p>%s</p>" % ("x" * 100_001))
        self.assertEqual(self.count(), before)
        reviews_before = self.count("customer.review")
        with self.assertRaisesRegex(ValidationError, "comment"):
            self.env["customer.review"].create(
                {"partner_id": self.customer.id, "score": 1, "comment": "x" * 1_000_000}
            )
        self.assertEqual(self.count("customer.review"), reviews_before)
        self.assertEqual(self.count(), before)

    def test_email_without_sender_refused_cleanly(self):
        with self.assertRaisesRegex(ValidationError, "without a sender"):
            self.env["customer.complaint"].message_new(
                {"subject": "Anonymous", "body": "<p>Hello</p>", "email_from": False}
            )
        message = EmailMessage()
        message["To"] = "complaints@example.com"
        message["Subject"] = "No sender"
        message["Message-Id"] = "<no-sender@example.com>"
        message.set_content("Who am I?")
        before = self.count()
        with self.assertRaises(ValidationError):
            self.env["mail.thread"].sudo().message_process(
                "customer.complaint", message.as_string()
            )
        self.assertEqual(self.count(), before)

    def test_reject_and_reopen_arguments_checked(self):
        complaint = self.create_complaint(user_id=self.member.id)
        for reason in ("duplicate", [1, 2], 0, 10**9, self.customer):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                complaint.with_user(self.member).action_reject(reason)
        with self.assertRaises(UserError):
            complaint.with_user(self.member).action_reject(
                self.reason_duplicate.id, note=["not", "text"]
            )
        complaint.with_user(self.member).action_reject(self.reason_duplicate.id)
        self.assertEqual(complaint.reject_reason_id, self.reason_duplicate)
        for stage in ("analysis", 10**9, [1]):
            with self.subTest(stage=stage), self.assertRaises(UserError):
                complaint.with_user(self.manager).action_reopen("Back", stage)
        self.assertTrue(complaint.is_closed)


@tagged("post_install", "-at_install")
class TestBadInputHttp(BadInputCase, HttpCase):
    def test_rpc_reject_with_an_id(self):
        complaint = self.create_complaint(user_id=self.member.id)
        self.authenticate("cc_member", "cc_member")

        def reject(*args):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint",
                    "method": "action_reject",
                    "args": [[complaint.id], *args],
                    "kwargs": {},
                },
            )

        # Was an AttributeError (HTTP 500 body) before.
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            reject("duplicate")
        self.assertTrue(reject(self.reason_duplicate.id, "Filed twice"))
        complaint.invalidate_recordset()
        self.assertEqual(complaint.reject_reason_id, self.reason_duplicate)

    def test_public_review_comment_too_long(self):
        self.env.company.complaint_review_threshold = 3
        self.order.action_confirm()
        self.order.action_send_review_request()
        url = f"/review/{self.order.review_request_id.access_token}"
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        reviews_before, before = self.count("customer.review"), self.count()
        response = self.url_open(
            url, data={"csrf_token": csrf, "score": "1", "comment": "x" * 1_000_000}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.count("customer.review"), reviews_before)
        self.assertEqual(self.count(), before)
        # The link is not spent.
        self.assertEqual(self.url_open(url).status_code, 200)

    def test_rpc_message_new_with_a_text(self):
        self.authenticate("cc_member", "cc_member")
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint",
                    "method": "message_new",
                    "args": ["From: me"],
                    "kwargs": {},
                },
            )
