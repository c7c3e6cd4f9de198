import base64
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestDuplicates(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sofa, cls.chair = cls.env["product.product"].create(
            [{"name": "Sofa"}, {"name": "Chair"}]
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.sofa.id})],
            }
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Petro"})

    def _reject(self, complaint):
        # Closing needs a final response or a reason not to send one (when
        # the final response is installed).
        if "final_response_skip_reason" in complaint._fields:
            complaint.final_response_skip_reason = "Told by phone."
        complaint.action_reject(self.reason_duplicate)

    def _days_ago(self, days):
        return fields.Datetime.now() - timedelta(days=days)

    # ------------------------------------------------------------------
    # Possible duplicates
    # ------------------------------------------------------------------

    def test_possible_duplicates(self):
        company_partner = self.env["res.partner"].create(
            {"name": "Kovalenko Family", "is_company": True}
        )
        self.customer.parent_id = company_partner
        colleague = self.env["res.partner"].create(
            {"name": "Taras", "parent_id": company_partner.id}
        )
        same_order = self.create_complaint(
            sale_order_id=self.order.id, date_received=self._days_ago(10)
        )
        same_product = self.create_complaint(
            partner_id=colleague.id, product_id=self.sofa.id
        )
        old = self.create_complaint(
            product_id=self.sofa.id, date_received=self._days_ago(45)
        )
        self.create_complaint(
            partner_id=self.other_customer.id, product_id=self.sofa.id
        )
        self.create_complaint(product_id=self.chair.id)
        self.create_complaint()  # no order nor product: nothing to compare
        new = self.create_complaint(
            sale_order_id=self.order.id, sale_line_id=self.order.order_line.id
        ).with_user(self.member)
        self.assertEqual(new.product_id, self.sofa)
        self.assertEqual(new.possible_duplicate_ids, same_order | same_product)
        self.assertEqual(new.possible_duplicate_count, 2)
        action = new.action_view_possible_duplicates()
        self.assertEqual(
            self.env["customer.complaint"].search(action["domain"]),
            same_order | same_product,
        )
        # The window is a company setting.
        self.company.complaint_duplicate_days = 60
        new.invalidate_recordset(["possible_duplicate_ids"])
        self.assertEqual(new.possible_duplicate_ids, same_order | same_product | old)

    def test_form_shows_duplicates_while_registering(self):
        first = self.create_complaint(product_id=self.sofa.id)
        form = Form(self.env["customer.complaint"].with_user(self.member))
        form.partner_id = self.customer
        form.channel = "email"
        self.assertFalse(form.possible_duplicate_ids)
        form.product_id = self.sofa
        self.assertEqual(form.possible_duplicate_ids[:], first)
        complaint = form.save()
        self.assertEqual(complaint.possible_duplicate_ids, first)
        self.assertEqual(first.possible_duplicate_ids, complaint)

    def test_duplicate_window_checked(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.company.complaint_duplicate_days = -1
            self.env.flush_all()

    # ------------------------------------------------------------------
    # Merge
    # ------------------------------------------------------------------

    def _attach(self, complaint, name):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": b"\x89PNG photo of " + name.encode(),
                "mimetype": "image/png",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )

    def test_merge_copies_history_and_rejects_duplicate(self):
        original = self.create_complaint(sale_order_id=self.order.id)
        duplicate = self.create_complaint(
            sale_order_id=self.order.id, channel="email", subject="Torn sofa again"
        )
        photo = self._attach(duplicate, "torn.png")
        duplicate.message_post(
            body="I already wrote about this sofa!",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.customer.id,
            attachment_ids=[photo.id],
        )
        follower = self.env["res.partner"].create({"name": "Lawyer"})
        duplicate.message_subscribe(partner_ids=[follower.id])
        duplicate_messages = duplicate.message_ids
        self.env.cr.flush()

        wizard = (
            self.env["customer.complaint.merge"]
            .with_user(self.member)
            .with_context(active_model=duplicate._name, active_ids=duplicate.ids)
            .create({})
        )
        self.assertEqual(wizard.original_id, original)
        wizard.action_merge()

        # The duplicate: rejected as a duplicate, linked, its history intact.
        self.assertEqual(duplicate.stage_id, self.stages["rejected"])
        self.assertEqual(duplicate.reject_reason_id, self.reason_duplicate)
        self.assertIn(original.name, duplicate.reject_note)
        self.assertEqual(duplicate.duplicate_of_id, original)
        self.assertEqual(original.duplicate_ids, duplicate)
        self.assertEqual(original.with_user(self.member).duplicate_count, 1)
        if "outcome" in duplicate._fields:
            self.assertEqual(duplicate.outcome, "not_upheld")
        if "final_response_skip_reason" in duplicate._fields:
            self.assertIn(original.name, duplicate.final_response_skip_reason)
        self.assertLessEqual(duplicate_messages, duplicate.message_ids)
        self.assertTrue(photo.exists())
        self.assertEqual(
            (photo.res_id, photo.res_model), (duplicate.id, duplicate._name)
        )
        # The original: a note with the duplicate's messages and a copy of
        # its files, its followers.
        note = original.message_ids.filtered(
            lambda m: "I already wrote about this sofa!" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertIn(duplicate.name, str(note.body))
        self.assertIn("Torn sofa again", str(note.body))
        self.assertEqual(len(note.attachment_ids), 1)
        copy = note.attachment_ids
        self.assertEqual(copy.raw, photo.raw)
        self.assertEqual((copy.res_model, copy.res_id), (original._name, original.id))
        self.assertIn(duplicate.name, copy.name)
        self.assertIn(copy, original.photo_ids)
        self.assertIn(follower, original.message_partner_ids)
        # No longer offered as a possible duplicate.
        self.assertFalse(original.possible_duplicate_ids)

    def test_merge_refusals_write_nothing(self):
        original = self.create_complaint(sale_order_id=self.order.id)
        duplicate = self.create_complaint(sale_order_id=self.order.id)
        self._attach(duplicate, "receipt.png")
        other_customer = self.create_complaint(partner_id=self.other_customer.id)
        closed = self.create_complaint(sale_order_id=self.order.id)
        self._reject(closed)
        other_company = self.env["res.company"].create({"name": "Second Shop"})
        foreign = self.create_complaint(
            company_id=other_company.id,
            team_id=other_company.complaint_default_team_id.id,
        )
        self.env.cr.flush()
        messages_before = len(original.message_ids)
        cases = [
            (duplicate, duplicate, "into itself"),
            (duplicate, other_customer, "another customer"),
            (duplicate, foreign, "another company"),
            (closed, original, "is closed"),
            # All or nothing: the open duplicate is not merged either.
            (duplicate | closed, original, "is closed"),
            (duplicate, "abc", "is not a"),
        ]
        for duplicates, target, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                duplicates.action_merge_into(target)
        self.assertEqual(len(original.message_ids), messages_before)
        self.assertFalse(duplicate.duplicate_of_id)
        self.assertEqual(duplicate.stage_id, self.stages["new"])
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", original._name), ("res_id", "=", original.id)]
            )
        )

    def test_no_merge_into_a_duplicate(self):
        original = self.create_complaint(sale_order_id=self.order.id)
        first, second = (
            self.create_complaint(sale_order_id=self.order.id) for _i in range(2)
        )
        first.with_user(self.member).action_merge_into(original.id)
        with self.assertRaisesRegex(UserError, "itself a duplicate"):
            second.with_user(self.member).action_merge_into(first)
        # Several duplicates at once.
        third = self.create_complaint(product_id=self.sofa.id)
        (second | third).with_user(self.member).action_merge_into(original)
        self.assertEqual(original.duplicate_ids, first | second | third)

    def test_merge_needs_access_to_both(self):
        original = self.create_complaint(
            sale_order_id=self.order.id, team_id=self.other_team.id
        )
        duplicate = self.create_complaint(sale_order_id=self.order.id)
        with self.assertRaises(AccessError):
            duplicate.with_user(self.member).action_merge_into(original.id)
        self.assertFalse(duplicate.duplicate_of_id)

    def test_merge_attachment_content(self):
        """The copy is a file of its own: the original's photo stays readable
        even by someone who cannot read the duplicate."""
        original = self.create_complaint(product_id=self.sofa.id)
        duplicate = self.create_complaint(product_id=self.sofa.id)
        self._attach(duplicate, "a.png")
        duplicate.action_merge_into(original)
        copy = self.env["ir.attachment"].search(
            [("res_model", "=", original._name), ("res_id", "=", original.id)]
        )
        self.assertEqual(base64.b64decode(copy.datas), b"\x89PNG photo of a.png")
