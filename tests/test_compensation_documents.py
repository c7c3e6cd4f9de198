from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestCompensationDocuments(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The lowest rights that create the documents: complaint user plus
        # Invoicing "Billing" (credit notes) and Sales "Own Documents" (quotations).
        cls.biller = new_test_user(
            cls.env,
            login="cc_biller",
            groups="customer_complaint.group_complaint_user,account.group_account_invoice",
            name="Billing Member",
        )
        cls.seller = new_test_user(
            cls.env,
            login="cc_seller",
            groups="customer_complaint.group_complaint_user,sales_team.group_sale_salesman",
            name="Selling Member",
        )
        cls.team.member_ids = [Command.link(cls.biller.id), Command.link(cls.seller.id)]
        cls.sofa, cls.chair = cls.env["product.product"].create(
            [
                {"name": "Sofa", "list_price": 800.0, "invoice_policy": "order"},
                {"name": "Chair", "list_price": 100.0, "invoice_policy": "order"},
            ]
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.sofa.id, "price_unit": 800.0}),
                    Command.create(
                        {
                            "product_id": cls.chair.id,
                            "price_unit": 100.0,
                            "product_uom_qty": 2,
                        }
                    ),
                ],
            }
        )
        cls.order.action_confirm()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.sofa_line = cls.order.order_line.filtered(
            lambda line: line.product_id == cls.sofa
        )

    def _reject(self, complaint):
        # Closing needs a final response or a reason not to send one (when
        # the final response is installed).
        if "final_response_skip_reason" in complaint._fields:
            complaint.final_response_skip_reason = "Told by phone."
        complaint.action_reject(self.reason_duplicate)

    def _complaint(self, **values):
        vals = {"sale_order_id": self.order.id, "sale_line_id": self.sofa_line.id}
        vals.update(values)
        return self.create_complaint(**vals)

    # ------------------------------------------------------------------
    # Refund
    # ------------------------------------------------------------------

    def test_refund_is_draft_credit_note_of_the_line(self):
        complaint = self._complaint()
        action = complaint.with_user(self.biller).action_create_refund()
        credit_note = complaint.credit_note_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(action["res_id"], credit_note.id)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.sofa)
        self.assertEqual(credit_note.amount_total, self.sofa_line.price_total)
        self.assertIn(complaint.name, credit_note.ref)
        # The compensation follows the document.
        self.assertEqual(complaint.compensation_type, "refund")
        self.assertAlmostEqual(
            complaint.compensation_amount, self.sofa_line.price_total
        )
        self.assertTrue(complaint.compensation_from_documents)
        # Both ways.
        self.assertEqual(credit_note.complaint_id, complaint)
        self.assertEqual(
            credit_note.with_user(self.biller).action_view_complaint()["res_id"],
            complaint.id,
        )
        self.assertEqual(complaint.with_user(self.biller).credit_note_count, 1)
        self.assertEqual(
            complaint.with_user(self.biller).action_view_credit_notes()["res_id"],
            credit_note.id,
        )

    def test_refund_whole_invoice_without_line(self):
        complaint = self._complaint(sale_line_id=False)
        complaint.with_user(self.biller).action_create_refund()
        self.assertEqual(
            complaint.credit_note_ids.amount_total, self.invoice.amount_total
        )

    def test_second_draft_refused_and_posting_and_cancel(self):
        complaint = self._complaint()
        complaint.with_user(self.biller).action_create_refund()
        with self.assertRaisesRegex(UserError, "already has a draft credit note"):
            complaint.with_user(self.biller).action_create_refund()
        self.assertEqual(len(complaint.credit_note_ids), 1)
        credit_note = complaint.credit_note_ids
        credit_note.with_user(self.biller).write(
            {
                "invoice_line_ids": [
                    Command.update(
                        credit_note.invoice_line_ids.id, {"price_unit": 200.0}
                    )
                ]
            }
        )
        self.assertAlmostEqual(complaint.compensation_amount, credit_note.amount_total)
        self.assertLess(complaint.compensation_amount, self.sofa_line.price_total)
        credit_note.with_user(self.biller).button_cancel()
        self.assertEqual(complaint.compensation_amount, 0.0)
        self.assertEqual(complaint.compensation_type, "none")

    def test_refund_needs_order_and_posted_invoice(self):
        no_order = self.create_complaint()
        with self.assertRaisesRegex(UserError, "has no sale order"):
            no_order.with_user(self.biller).action_create_refund()
        draft_order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.sofa.id})],
            }
        )
        draft_order.action_confirm()
        draft_order._create_invoices()  # draft invoice only
        complaint = self.create_complaint(sale_order_id=draft_order.id)
        with self.assertRaisesRegex(UserError, "no posted invoice"):
            complaint.with_user(self.biller).action_create_refund()
        self.assertFalse(complaint.credit_note_ids)
        self.assertFalse(complaint.compensation_amount)

    def test_refund_needs_billing_right(self):
        complaint = self._complaint()
        moves_before = self.env["account.move"].search_count([])
        for user in (self.member, self.seller):
            with self.assertRaises(AccessError):
                complaint.with_user(user).action_create_refund()
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)

    def test_closed_complaint_refused(self):
        complaint = self._complaint()
        self._reject(complaint)
        with self.assertRaisesRegex(UserError, "is closed"):
            complaint.with_user(self.biller).action_create_refund()
        with self.assertRaisesRegex(UserError, "is closed"):
            complaint.with_user(self.seller).action_create_replacement()

    # ------------------------------------------------------------------
    # Replacement
    # ------------------------------------------------------------------

    def test_replacement_quotation_at_zero_price(self):
        complaint = self._complaint()
        action = complaint.with_user(self.seller).action_create_replacement()
        quotation = complaint.replacement_order_ids
        self.assertEqual(action["res_id"], quotation.id)
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.partner_id, self.customer)
        self.assertEqual(quotation.user_id, self.seller)
        self.assertEqual(quotation.order_line.product_id, self.sofa)
        self.assertEqual(quotation.order_line.product_uom_qty, 1)
        self.assertEqual(quotation.order_line.price_unit, 0.0)
        self.assertEqual(quotation.amount_total, 0.0)
        self.assertIn(complaint.name, quotation.origin)
        self.assertEqual(quotation.complaint_id, complaint)
        self.assertEqual(
            quotation.with_user(self.seller).action_view_replacement_complaint()[
                "res_id"
            ],
            complaint.id,
        )
        # The value given is what the customer paid for the line.
        self.assertAlmostEqual(
            quotation.complaint_replacement_value, self.sofa_line.price_total
        )
        self.assertEqual(complaint.compensation_type, "replacement")
        self.assertAlmostEqual(
            complaint.compensation_amount, self.sofa_line.price_total
        )
        self.assertEqual(complaint.with_user(self.seller).replacement_order_count, 1)
        # The price stays at zero when the quantity changes.
        quotation.order_line.product_uom_qty = 2
        self.assertEqual(quotation.order_line.price_unit, 0.0)

    def test_replacement_chosen_lines_and_bad_lines(self):
        complaint = self._complaint(sale_line_id=False)
        with self.assertRaisesRegex(UserError, "several lines"):
            complaint.with_user(self.seller).action_create_replacement()
        other_order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.chair.id})],
            }
        )
        for bad in (other_order.order_line, [other_order.order_line.id], "x", []):
            with self.assertRaises(UserError):
                complaint.with_user(self.seller).action_create_replacement(bad)
        self.assertFalse(complaint.replacement_order_ids)
        complaint.with_user(self.seller).action_create_replacement(
            self.order.order_line.ids
        )
        quotation = complaint.replacement_order_ids
        self.assertEqual(quotation.order_line.product_id, self.sofa | self.chair)
        self.assertAlmostEqual(complaint.compensation_amount, self.invoice.amount_total)

    def test_replacement_needs_sales_right(self):
        complaint = self._complaint()
        orders_before = self.env["sale.order"].search_count([])
        for user in (self.member, self.biller):
            with self.assertRaises(AccessError):
                complaint.with_user(user).action_create_replacement()
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
        no_order = self.create_complaint()
        with self.assertRaisesRegex(UserError, "has no sale order"):
            no_order.with_user(self.seller).action_create_replacement()

    def test_both_documents_and_manual_amounts(self):
        complaint = self._complaint()
        complaint.with_user(self.biller).action_create_refund()
        complaint.with_user(self.seller).action_create_replacement()
        self.assertEqual(complaint.compensation_type, "other")
        self.assertAlmostEqual(
            complaint.compensation_amount, 2 * self.sofa_line.price_total
        )
        # Without documents, the amount typed by hand stays.
        manual = self.create_complaint()
        manual.with_user(self.member).write(
            {"compensation_type": "discount", "compensation_amount": 50.0}
        )
        manual.with_user(self.member).write({"subject": "Discount granted"})
        self.env.flush_all()
        self.assertEqual(manual.compensation_type, "discount")
        self.assertEqual(manual.compensation_amount, 50.0)
        self.assertFalse(manual.compensation_from_documents)
        # Recomputed (as at an upgrade): still the typed amount.
        manual.invalidate_recordset()
        self.env.add_to_compute(manual._fields["compensation_amount"], manual)
        self.env.flush_all()
        manual.invalidate_recordset()
        self.assertEqual(manual.compensation_amount, 50.0)
        self.assertEqual(manual.compensation_type, "discount")
