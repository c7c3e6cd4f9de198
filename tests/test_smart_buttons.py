from odoo import Command
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestSmartButtons(ComplaintCase):
    def test_customer_counts_company_and_contacts(self):
        company = self.env["res.partner"].create(
            {"name": "Mebli Plus LLC", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Ivan", "parent_id": company.id}
        )
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        self.create_complaint(partner_id=company.id)
        self.create_complaint(partner_id=contact.id)
        self.create_complaint(partner_id=contact.id, channel="email")
        partners = (company | contact | stranger).with_user(self.manager)
        self.assertEqual(partners.mapped("complaint_count"), [3, 2, 0])

        action = company.with_user(self.manager).action_view_complaints()
        found = self.env["customer.complaint"].search(action["domain"])
        self.assertEqual(len(found), 3)
        self.assertEqual(action["context"]["default_partner_id"], company.id)

    def test_sale_order_count(self):
        product = self.env["product.product"].create({"name": "Desk"})
        order, other = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(2)
            ]
        )
        self.create_complaint(sale_order_id=order.id)
        self.create_complaint(sale_order_id=order.id, channel="social")
        self.assertEqual(
            (order | other).with_user(self.member).mapped("complaint_count"), [2, 0]
        )
        action = order.action_view_complaints()
        self.assertEqual(
            self.env["customer.complaint"].search_count(action["domain"]), 2
        )
        self.assertEqual(action["context"]["default_sale_order_id"], order.id)

    def test_team_open_count(self):
        self.create_complaint()
        closed = self.create_complaint()
        closed.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Replaced",
                "outcome": "upheld",
            }
        )
        self.assertEqual(self.team.open_complaint_count, 1)
