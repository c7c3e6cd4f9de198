import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewPage(HttpCase):
    """The public review page over real HTTP, as the customer's browser uses it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_review_threshold = 3
        customer = cls.env["res.partner"].create(
            {"name": "Anna Shevchuk", "email": "anna@example.com"}
        )
        product = cls.env["product.product"].create({"name": "Wardrobe"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.order.action_confirm()
        cls.order.action_send_review_request()
        cls.url = f"/review/{cls.order.review_request_id.access_token}"

    def _csrf(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _reviews(self):
        return self.env["customer.review"].search(
            [("sale_order_id", "=", self.order.id)]
        )

    def test_submit_once(self):
        csrf = self._csrf()
        response = self.url_open(
            self.url,
            data={
                "csrf_token": csrf,
                "score": "1",
                "comment": "<img src=x onerror=alert(1)>Late",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        review = self._reviews()
        self.assertEqual(review.score, 1)
        self.assertEqual(review.comment, "Late")
        self.assertTrue(review.complaint_id)
        again = self.url_open(self.url, data={"csrf_token": csrf, "score": "5"})
        self.assertEqual(again.status_code, 409)
        self.assertIn("already been reviewed", again.text)
        self.assertEqual(self.url_open(self.url).status_code, 409)
        self.assertEqual(len(self._reviews()), 1)

    def test_bad_score_writes_nothing(self):
        csrf = self._csrf()
        for score in ("0", "6", "3.5", "abc", "", "²", "٣", "3\x00"):
            with self.subTest(score=score):
                response = self.url_open(
                    self.url, data={"csrf_token": csrf, "score": score}
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(self._reviews())
        self.assertFalse(self.order.review_request_done)

    def test_forged_and_expired_links(self):
        self.assertEqual(self.url_open("/review/" + "x" * 43).status_code, 404)
        self.assertEqual(self.url_open("/review/short").status_code, 404)
        self.assertEqual(self.url_open("/review/" + "é" * 43).status_code, 404)
        csrf = self._csrf()
        self.order.review_request_id.review_request_expiry = (
            fields.Datetime.now() - timedelta(seconds=1)
        )
        response = self.url_open(self.url, data={"csrf_token": csrf, "score": "4"})
        self.assertEqual(response.status_code, 410)
        self.assertFalse(self._reviews())
