from datetime import datetime

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCase, reference_year


@tagged("post_install", "-at_install", "customer_complaint")
class TestComplaintFlow(ComplaintCase):
    def test_reference_from_sequence(self):
        complaints = self.env["customer.complaint"].create(
            [
                {"partner_id": self.customer.id, "channel": "email"},
                {"partner_id": self.customer.id, "channel": "social"},
                {
                    "partner_id": self.customer.id,
                    "date_received": "2025-03-01 10:00:00",
                },
            ]
        )
        year = reference_year(complaints[0])
        refs = complaints.mapped("name")
        self.assertRegex(refs[0], rf"^CMP/{year}/\d{{5}}$")
        self.assertRegex(refs[1], rf"^CMP/{year}/\d{{5}}$")
        self.assertEqual(int(refs[1][-5:]), int(refs[0][-5:]) + 1)
        # The year comes from the reception date, not from today.
        self.assertRegex(refs[2], r"^CMP/2025/\d{5}$")

    def test_defaults_and_contact_snapshot(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.stage_id, self.stages["new"])
        self.assertEqual(complaint.company_id, self.env.company)
        self.assertEqual(complaint.partner_email, "olena@example.com")
        self.assertEqual(complaint.partner_phone, "+380441234567")
        self.assertFalse(complaint.registration_locked)
        # The snapshot keeps what the customer gave when complaining.
        self.customer.email = "new-address@example.com"
        self.assertEqual(complaint.partner_email, "olena@example.com")

    def test_stage_flow_sets_and_clears_closing_date(self):
        complaint = self.create_complaint()
        for key in ("analysis", "corrective_action", "satisfaction_check"):
            complaint.stage_id = self.stages[key]
            self.assertFalse(complaint.date_closed)
        before = fields.Datetime.now()
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Refunded",
                "outcome": "upheld",
            }
        )
        self.assertTrue(complaint.is_closed)
        self.assertGreaterEqual(complaint.date_closed, before.replace(microsecond=0))
        complaint.stage_id = self.stages["analysis"]
        self.assertFalse(complaint.date_closed)
        self.assertFalse(complaint.is_closed)

    def test_rejection_requires_reason(self):
        complaint = self.create_complaint()
        with (
            self.assertRaisesRegex(ValidationError, "rejection reason"),
            self.cr.savepoint(),
        ):
            complaint.stage_id = self.stages["rejected"]
        complaint.invalidate_recordset()
        self.assertEqual(complaint.stage_id, self.stages["new"])
        with self.assertRaisesRegex(ValidationError, "rejection reason"):
            self.create_complaint(stage_id=self.stages["rejected"].id)
        with self.assertRaises(UserError):
            complaint.action_reject(self.env["customer.complaint.reject.reason"])

        complaint.action_reject(
            self.reason_duplicate, "Same as the phone call of Monday"
        )
        self.assertEqual(complaint.stage_id, self.stages["rejected"])
        self.assertEqual(complaint.reject_reason_id, self.reason_duplicate)
        self.assertTrue(complaint.date_closed)

    def test_reject_wizard(self):
        complaints = self.create_complaint() | self.create_complaint(channel="email")
        action = complaints.action_open_reject_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        )
        wizard_form.reject_reason_id = self.reason_duplicate
        wizard_form.reject_note = "Filed twice"
        wizard_form.save().action_reject()
        self.assertEqual(complaints.stage_id, self.stages["rejected"])
        self.assertEqual(set(complaints.mapped("reject_note")), {"Filed twice"})

    def test_unlink_refused_for_everyone(self):
        complaint = self.create_complaint(user_id=self.member.id)
        for env in (
            self.env(user=self.member),
            self.env(user=self.manager),
            self.env(su=True),
        ):
            with (
                self.subTest(user=env.user.login, su=env.su),
                self.assertRaises(UserError),
            ):
                env["customer.complaint"].browse(complaint.id).unlink()
        self.assertTrue(complaint.exists())
        complaint.with_user(self.manager).action_archive_with_reason("Test data")
        self.assertFalse(complaint.active)
        self.assertTrue(complaint.exists())

    def test_registration_locked_after_first_stage(self):
        complaint = self.create_complaint()
        other = self.env["res.partner"].create({"name": "Someone Else"})
        # Still editable while registering.
        complaint.write({"channel": "email", "description": "<p>Corrected</p>"})
        complaint.stage_id = self.stages["analysis"]
        self.assertTrue(complaint.registration_locked)
        locked_values = {
            "partner_id": other.id,
            "description": "<p>Rewritten</p>",
            "date_received": datetime(2020, 1, 1),
            "channel": "in_person",
        }
        for field, value in locked_values.items():
            with self.subTest(field=field), self.assertRaisesRegex(UserError, "locked"):
                complaint.with_user(self.manager).write({field: value})
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.channel, "email")
        # Going back to registration does not unlock it.
        complaint.stage_id = self.stages["new"]
        with self.assertRaises(UserError):
            complaint.channel = "phone"
        # Working fields stay editable.
        complaint.write(
            {"user_id": self.member.id, "priority": "2", "resolution": "Refund"}
        )
        self.assertEqual(complaint.priority, "2")

    def test_changes_are_tracked(self):
        complaint = self.create_complaint()
        # Changes made in the transaction that created the record are not
        # tracked (the creation message covers them): commit the creation.
        self.env.flush_all()
        self.env.cr.precommit.run()
        cause = self.env.ref("customer_complaint.cause_late_delivery")
        complaint.write(
            {
                "stage_id": self.stages["analysis"].id,
                "user_id": self.manager.id,
                "cause_id": cause.id,
                "resolution": "Delivery fee refunded",
                "outcome": "upheld",
            }
        )
        # Tracking values are written when the transaction commits.
        self.env.flush_all()
        self.env.cr.precommit.run()
        complaint.invalidate_recordset(["message_ids"])
        tracked = complaint.message_ids.tracking_value_ids.field_id.mapped("name")
        for field in ("stage_id", "user_id", "cause_id", "resolution"):
            self.assertIn(field, tracked)
        self.assertEqual(complaint.cause_kind, "objective")

    def test_form_creates_complaint_from_order(self):
        product = self.env["product.product"].create(
            {"name": "Oak Wardrobe", "list_price": 500}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        with Form(self.env["customer.complaint"].with_user(self.member)) as form:
            form.sale_order_id = order
            self.assertEqual(form.partner_id, self.customer)
            form.sale_line_id = order.order_line
            self.assertEqual(form.product_id, product)
            form.channel = "in_person"
            form.team_id = self.team
        complaint = form.record
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.product_id, product)
        self.assertEqual(complaint.partner_name, "Olena Kovalenko")

    def test_order_line_must_belong_to_order(self):
        product = self.env["product.product"].create({"name": "Chair"})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(2)
            ]
        )
        with self.assertRaisesRegex(ValidationError, "order line"):
            self.create_complaint(
                sale_order_id=orders[0].id, sale_line_id=orders[1].order_line.id
            )

    def test_kanban_shows_every_stage(self):
        self.create_complaint()
        # The kanban asks with read_group_expand: every stage is a column.
        complaints = self.env["customer.complaint"].with_context(read_group_expand=True)
        groups = complaints.web_read_group(
            [("id", "=", 0)], ["stage_id"], aggregates=["__count"]
        )["groups"]
        shown = {group["stage_id"][0] for group in groups}
        self.assertTrue(
            set(self.env["customer.complaint.stage"].search([]).ids) <= shown
        )
