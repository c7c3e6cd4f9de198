"""The customer-voice buttons on orders and contacts work as superuser (an
email to the customer, a survey answer that may open a complaint): over
JSON-RPC only the complaint staff may press them."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .test_customer_voice import CustomerVoiceCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestCustomerVoiceRpc(CustomerVoiceCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="cc_voice_portal", groups="base.group_portal"
        )
        new_test_user(cls.env, login="cc_voice_employee", groups="base.group_user")
        # The portal user's own order: their portal lets them read it.
        cls.order = cls._confirmed_order(cls.portal.partner_id)

    def call(self, model, method, ids):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
        )

    def test_only_complaint_staff_request_a_review(self):
        for login in ("cc_voice_portal", "cc_voice_employee"):
            self.authenticate(login, login)
            with (
                self.subTest(login=login),
                self.assertRaises(JsonRpcException),
            ):
                self.call("sale.order", "action_send_review_request", self.order.ids)
        self.assertFalse(self.order.review_request_id)
        self.assertFalse(
            self.order.message_ids.filtered(lambda m: "/review/" in m.body)
        )
        # The complaint staff may, though they may not write the order.
        self.authenticate("cc_member", "cc_member")
        self.call("sale.order", "action_send_review_request", self.order.ids)
        self.assertTrue(self.order.review_request_id)

    def test_only_complaint_staff_answer_the_survey_by_phone(self):
        customer = self.portal.partner_id
        Answer = self.env["survey.user_input"]
        before = Answer.search_count([("partner_id", "=", customer.id)])
        for login in ("cc_voice_portal", "cc_voice_employee"):
            self.authenticate(login, login)
            with (
                self.subTest(login=login),
                self.assertRaises(JsonRpcException),
            ):
                self.call(
                    "res.partner", "action_fill_satisfaction_by_phone", customer.ids
                )
        self.assertEqual(
            Answer.search_count([("partner_id", "=", customer.id)]), before
        )
        self.authenticate("cc_member", "cc_member")
        action = self.call(
            "res.partner", "action_fill_satisfaction_by_phone", customer.ids
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            Answer.search_count([("partner_id", "=", customer.id)]), before + 1
        )

    def test_code_running_as_superuser_still_may(self):
        """An administrator's automation runs as superuser for whoever
        triggered it: the check is for callers, not for such code."""
        employee = self.env["res.users"].search([("login", "=", "cc_voice_employee")])
        self.order.with_user(employee).sudo().action_send_review_request()
        self.assertTrue(self.order.review_request_id)
        action = (
            self.portal.partner_id.with_user(employee)
            .sudo()
            .action_fill_satisfaction_by_phone()
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
