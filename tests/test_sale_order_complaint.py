from lxml import etree

from odoo import Command
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestSaleOrderComplaint(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sofa, cls.chair = cls.env["product.product"].create(
            [{"name": "Sofa"}, {"name": "Chair"}]
        )

    def _order(self, *products):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Living"}),
                    *(Command.create({"product_id": p.id}) for p in products),
                ],
            }
        )
        order.action_confirm()
        return order

    def test_new_complaint_prefilled_with_the_single_line(self):
        order = self._order(self.sofa).with_user(self.member)
        self.assertEqual(order.complaint_count, 0)
        action = order.action_new_complaint()
        self.assertEqual(action["res_model"], "customer.complaint")
        form = Form(
            self.env["customer.complaint"]
            .with_user(self.member)
            .with_context(**action["context"])
        )
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.sale_order_id, order)
        self.assertEqual(form.sale_line_id.product_id, self.sofa)
        self.assertEqual(form.product_id, self.sofa)
        form.subject = "Torn cover"
        complaint = form.save()
        self.assertEqual(complaint.sale_order_id, order)
        self.assertEqual(order.complaint_count, 1)

    def test_new_complaint_several_lines_no_line(self):
        order = self._order(self.sofa, self.chair)
        action = order.with_user(self.member).action_new_complaint()
        self.assertNotIn("default_sale_line_id", action["context"])
        form = Form(
            self.env["customer.complaint"]
            .with_user(self.member)
            .with_context(**action["context"])
        )
        self.assertEqual(form.sale_order_id, order)
        self.assertFalse(form.sale_line_id)
        form.sale_line_id = order.order_line.filtered(
            lambda line: line.product_id == self.chair
        )
        self.assertEqual(form.save().product_id, self.chair)

    def test_button_shown_without_complaints(self):
        """The header button does not depend on the complaint count (the
        smart button only shows once there are complaints)."""
        arch = (
            self.env["sale.order"]
            .with_user(self.member)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        button = etree.fromstring(arch).xpath(
            "//header/button[@name='action_new_complaint']"
        )
        self.assertEqual(len(button), 1)
        self.assertNotIn("complaint_count", button[0].get("invisible", ""))
