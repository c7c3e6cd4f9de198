"""Repeat complaints: reopened too often, or the same customer again about
the same order or product soon after the last one closed; marked by the
automation rule, linked to the earlier one, priority raised, managers told
once."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase

RULE = "customer_complaint.automation_complaint_repeat"


class RepeatCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_repeat_days": 90,
                "complaint_repeat_reopen_count": 2,
                "complaint_escalation_user_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Armchair"})
        cls.other_product = cls.env["product.product"].create({"name": "Lamp"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Olena's colleague", "parent_id": cls.customer.id}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Someone Else", "email": "someone@example.com"}
        )

    def close(self, complaint):
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Settled.",
            }
        )
        return complaint

    def closed_long_ago(self, days, **values):
        """A complaint a manager registers closed ``days`` ago (with its
        closing date, as history is)."""
        now = fields.Datetime.now()
        return (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": now - timedelta(days=days + 5),
                    "date_closed": now - timedelta(days=days),
                    "stage_id": self.stages["closed"].id,
                    "outcome": "upheld",
                    "resolution": "Settled.",
                    **values,
                }
            )
        )

    def new_as_member(self, **values):
        return (
            self.env["customer.complaint"]
            .with_user(self.member)
            .create(
                {
                    "partner_id": self.customer.id,
                    "description": "<p>Again.</p>",
                    "channel": "phone",
                    "team_id": self.team.id,
                    **values,
                }
            )
        )

    def manager_messages(self):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.manager.partner_id.id),
                ("subject", "=like", "Repeat complaints:%"),
            ]
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestRepeatComplaints(RepeatCase):
    def test_same_order_after_closing_is_a_repeat(self):
        earlier = self.close(self.create_complaint(sale_order_id=self.order.id))
        complaint = self.new_as_member(sale_order_id=self.order.id)
        self.assertTrue(complaint.is_repeat)
        self.assertEqual(complaint.repeat_of_id, earlier)
        self.assertEqual(complaint.priority, "1")
        self.assertIn(earlier.name, complaint.message_ids[0].body)
        messages = self.manager_messages()
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.res_id, complaint.id)
        # The product set later changes nothing: the managers heard once.
        complaint.with_user(self.member).product_id = self.product
        self.assertEqual(len(self.manager_messages()), 1)
        self.assertEqual(complaint.priority, "1")

    def test_same_product_by_a_contact_of_the_customer(self):
        earlier = self.closed_long_ago(30, product_id=self.product.id)
        complaint = self.new_as_member(
            partner_id=self.contact.id, product_id=self.product.id, priority="3"
        )
        self.assertEqual(complaint.repeat_of_id, earlier)
        # Urgent stays urgent, and the note does not say otherwise.
        self.assertEqual(complaint.priority, "3")
        self.assertNotIn("Priority raised", complaint.message_ids[0].body)

    def test_product_known_after_registration(self):
        earlier = self.close(self.create_complaint(product_id=self.product.id))
        complaint = self.new_as_member()
        self.assertFalse(complaint.is_repeat)
        complaint.with_user(self.member).product_id = self.product
        self.assertEqual(complaint.repeat_of_id, earlier)
        self.assertEqual(len(self.manager_messages()), 1)

    def test_what_is_no_repeat(self):
        self.closed_long_ago(120, product_id=self.product.id)
        other_company = self.create_company("Other Shop")
        self.close(
            self.env["customer.complaint"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                    "product_id": self.product.id,
                }
            )
        )
        archived = self.close(self.create_complaint(product_id=self.product.id))
        archived.with_user(self.manager).action_archive_with_reason("Test entry.")
        self.close(self.create_complaint(product_id=self.other_product.id))
        self.close(
            self.create_complaint(
                partner_id=self.stranger.id, product_id=self.product.id
            )
        )
        self.create_complaint(sale_order_id=self.order.id)  # not closed
        merged = self.close(self.create_complaint(product_id=self.product.id))
        self.env.flush_all()
        # Merged as a duplicate: no earlier case (set as the merge does).
        merged.sudo().duplicate_of_id = self.create_complaint()
        complaint = self.new_as_member(
            product_id=self.product.id, sale_order_id=self.order.id
        )
        self.assertFalse(complaint.is_repeat)
        self.assertFalse(self.manager_messages())

    def test_window_and_rule_are_the_switches(self):
        self.close(self.create_complaint(product_id=self.product.id))
        self.company.complaint_repeat_days = 0
        self.assertFalse(self.new_as_member(product_id=self.product.id).is_repeat)
        self.company.complaint_repeat_days = 90
        self.env.ref(RULE).active = False
        self.assertFalse(self.new_as_member(product_id=self.product.id).is_repeat)
        self.env.ref(RULE).active = True
        self.assertTrue(self.new_as_member(product_id=self.product.id).is_repeat)

    def test_reopened_too_often(self):
        complaint = self.create_complaint(user_id=self.member.id)
        as_manager = complaint.with_user(self.manager)
        for count in (1, 2, 3, 4):
            self.close(complaint)
            as_manager.action_reopen(f"Reopening number {count}")
            self.assertEqual(complaint.is_repeat, count > 2, count)
        self.assertFalse(complaint.repeat_of_id)
        self.assertEqual(complaint.priority, "1")
        self.assertEqual(len(self.manager_messages()), 1)
        bodies = complaint.message_ids.mapped("body")
        self.assertEqual(sum("reopened 3 times" in body for body in bodies), 1)

    def test_marks_are_the_addons(self):
        earlier = self.close(self.create_complaint())
        complaint = self.new_as_member()
        with self.assertRefused(UserError, "Repeat"):
            complaint.with_user(self.manager).write({"is_repeat": True})
        with self.assertRefused(UserError, "Repeat Of"):
            complaint.with_user(self.member).write({"repeat_of_id": earlier.id})

    def test_imported_history_is_no_repeat(self):
        self.close(self.create_complaint(sale_order_id=self.order.id))
        history = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .with_context(import_file=True)
            .create(
                [
                    {
                        "partner_id": self.customer.id,
                        "sale_order_id": self.order.id,
                        "stage_id": self.stages["closed"].id,
                    }
                ]
                * 3
            )
        )
        self.assertFalse(history.filtered("is_repeat"))
        self.assertEqual(set(history.mapped("priority")), {"0"})
        self.assertFalse(self.manager_messages())

    def test_figures(self):
        def figures():
            # SQL views: what they read in the database, not the cache.
            self.env.flush_all()
            self.env.invalidate_all()
            report = self.env["customer.complaint.report"]
            ((total,),) = report._read_group(
                [("company_id", "=", self.company.id)], [], ["repeat_count:sum"]
            )
            dashboard = self.env["customer.complaint.dashboard"].search(
                [("company_id", "=", self.company.id)]
            )
            listed = self.env["customer.complaint"].search_count(
                dashboard.action_open_repeats()["domain"]
            )
            return total, dashboard.repeat_count, listed

        before = figures()
        self.close(self.create_complaint(sale_order_id=self.order.id))
        self.new_as_member(sale_order_id=self.order.id)
        self.new_as_member(sale_order_id=self.order.id)
        # A repeat of 40 days ago: in the analysis, not in the 30 days.
        self.closed_long_ago(45, product_id=self.product.id)
        self.new_as_member(
            product_id=self.product.id,
            date_received=fields.Datetime.now() - timedelta(days=40),
        )
        total, recent, listed = figures()
        self.assertEqual(total, before[0] + 3)
        self.assertEqual(recent, before[1] + 2)
        self.assertEqual(listed, recent)


@tagged("post_install", "-at_install", "customer_complaint")
class TestRepeatComplaintsRpc(RepeatCase, HttpCase):
    def test_lowest_rights_over_json_rpc(self):
        earlier = self.close(self.create_complaint(product_id=self.product.id))
        self.authenticate("cc_member", "cc_member")

        def create(values):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint",
                    "method": "create",
                    "args": [
                        {"partner_id": self.customer.id, "team_id": self.team.id}
                        | values
                    ],
                    "kwargs": {},
                },
            )

        with mute_logger("odoo.http"):
            with self.assertRaisesRegex(JsonRpcException, "UserError"):
                create({"is_repeat": True, "repeat_of_id": earlier.id})
        complaint = self.env["customer.complaint"].browse(
            create({"product_id": self.product.id})
        )
        self.assertEqual(complaint.repeat_of_id, earlier)
        self.assertEqual(len(self.manager_messages()), 1)
