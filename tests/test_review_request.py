import base64
import re

from lxml import etree, html

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

# A 1x1 transparent PNG.
PNG = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
        "kgAAAABJRU5ErkJggg=="
    )
)


@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewPageCompany(HttpCase):
    """The public review page says who asks: the order's company, its logo
    and name at the top, for a visitor who is not logged in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Shevchuk Furniture", "logo": PNG}
        )
        cls.env.user.company_ids += cls.company
        customer = cls.env["res.partner"].create(
            {"name": "Anna Shevchuk", "email": "anna@example.com"}
        )
        product = cls.env["product.product"].create({"name": "Wardrobe"})
        cls.order = (
            cls.env["sale.order"]
            .with_company(cls.company)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        cls.order.action_confirm()
        cls.order.action_send_review_request()
        cls.url = f"/review/{cls.order.review_request_id.access_token}"

    def _company_header(self, response):
        self.assertEqual(response.status_code, 200)
        headers = html.fromstring(response.text).xpath(
            "//header[contains(@class, 'o_customer_review_company')]"
        )
        self.assertEqual(len(headers), 1)
        return headers[0]

    def test_page_shows_the_order_company(self):
        page = self.url_open(self.url)
        header = self._company_header(page)
        self.assertEqual(header.text_content().strip(), "Shevchuk Furniture")
        logo_src = header.xpath(".//img/@src")
        self.assertEqual(logo_src, [f"/logo.png?company={self.company.id}"])
        # The logo is served to the public visitor: the company's own image.
        logo = self.url_open(logo_src[0])
        self.assertEqual(logo.status_code, 200)
        self.assertEqual(logo.headers["Content-Type"], "image/png")

    def test_thanks_page_shows_the_order_company(self):
        page = self.url_open(self.url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        thanks = self.url_open(self.url, data={"csrf_token": csrf, "score": "5"})
        self.assertIn("Thank you", thanks.text)
        self._company_header(thanks)

    def test_unknown_link_names_no_company(self):
        response = self.url_open("/review/" + "x" * 43)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("o_customer_review_company", response.text)


SALESMAN_GROUPS = (
    "sales_team.group_sale_salesman,customer_complaint.group_complaint_user"
)


@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewRequestButton(TransactionCase):
    def test_request_review_asks_first(self):
        """The button emails a live link at once: the form asks first, as
        the complaint user (the lowest group that sees it) gets it."""
        user = new_test_user(
            self.env, login="cc_review_salesman", groups=SALESMAN_GROUPS
        )
        arch = self.env["sale.order"].with_user(user).get_views([(False, "form")])
        form = etree.fromstring(arch["views"]["form"]["arch"])
        buttons = form.xpath("//button[@name='action_send_review_request']")
        self.assertEqual(len(buttons), 1)
        self.assertTrue(buttons[0].get("confirm"))
        self.assertTrue(buttons[0].get("confirm-label"))


@tagged("post_install", "-at_install", "customer_complaint", "customer_complaint_tour")
class TestReviewRequestTour(HttpCase):
    """Needs Chromium (else Odoo skips it)."""

    def test_request_review_cancel_then_send(self):
        user = new_test_user(self.env, login="cc_review_tour", groups=SALESMAN_GROUPS)
        customer = self.env["res.partner"].create(
            {"name": "Anna Shevchuk", "email": "anna@example.com"}
        )
        product = self.env["product.product"].create({"name": "Wardrobe"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "customer_complaint_review_request_tour",
            login="cc_review_tour",
        )
        # One request, sent once: the cancelled click sent nothing.
        self.assertTrue(order.review_requested_on)
        requests = order.message_ids.filtered(
            lambda m: "Rate your order" in str(m.body)
        )
        self.assertEqual(len(requests), 1)
