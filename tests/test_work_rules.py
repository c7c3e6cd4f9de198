from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestWorkRules(ComplaintCase):
    def test_subjective_misinformation_means_compensation(self):
        complaint = self.create_complaint()
        complaint.cause_id = self.env.ref("customer_complaint.cause_misinformation")
        self.assertEqual(complaint.cause_kind, "subjective")
        self.assertFalse(complaint.compensation_due)
        complaint.customer_informed = "no"
        self.assertTrue(complaint.compensation_due)
        complaint.cause_id = self.env.ref("customer_complaint.cause_late_delivery")
        self.assertFalse(complaint.compensation_due)

    def test_open_actions_block_satisfaction_check(self):
        complaint = self.create_complaint(user_id=self.member.id)
        complaint.stage_id = self.stages["corrective_action"]
        refund, call = self.env["customer.complaint.action"].create(
            [
                {
                    "complaint_id": complaint.id,
                    "name": "Refund delivery fee",
                    "action_type": "compensation",
                    "user_id": self.outsider.id,
                },
                {
                    "complaint_id": complaint.id,
                    "name": "Call the customer",
                    "action_type": "explanation",
                    "user_id": self.member.id,
                },
            ]
        )
        # The assignee, even from another team, gets an activity and can open
        # the complaint; other users outside the team see neither.
        self.assertEqual(refund.activity_id.user_id, self.outsider)
        self.assertEqual(refund.activity_id.res_id, complaint.id)
        self.assertTrue(complaint.with_user(self.outsider).read(["name"]))
        stranger = new_test_user(
            self.env,
            login="cc_stranger",
            groups="customer_complaint.group_complaint_user",
        )
        self.assertFalse(
            self.env["customer.complaint.action"]
            .with_user(stranger)
            .search([("complaint_id", "=", complaint.id)])
        )
        with (
            self.assertRaisesRegex(ValidationError, "Refund delivery fee") as error,
            self.cr.savepoint(),
        ):
            complaint.stage_id = self.stages["satisfaction_check"]
        self.assertIn("Call the customer", str(error.exception))
        complaint.invalidate_recordset()
        refund.action_done()
        self.assertEqual(refund.state, "done")
        self.assertTrue(refund.date_done)
        self.assertNotIn(refund.activity_id, complaint.activity_ids)
        call.action_cancel("Refunded on the spot.")
        self.assertEqual(complaint.open_action_count, 0)
        complaint.stage_id = self.stages["satisfaction_check"]
        self.assertEqual(complaint.stage_id, self.stages["satisfaction_check"])

    def test_closing_requires_resolution(self):
        complaint = self.create_complaint()
        with (
            self.assertRaisesRegex(ValidationError, "without a resolution"),
            self.cr.savepoint(),
        ):
            complaint.write({"stage_id": self.stages["closed"].id, "outcome": "upheld"})
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Settled. One-time 15% discount granted.",
                "outcome": "upheld",
                "compensation_type": "discount",
                "compensation_amount": 45.0,
            }
        )
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.currency_id, self.env.company.currency_id)
        # Rejection needs a reason, not a resolution.
        rejected = self.create_complaint()
        rejected.action_reject(self.reason_duplicate)
        self.assertTrue(rejected.is_closed)

    def test_playbook_of_the_category(self):
        category = self.env.ref("customer_complaint.category_delivery")
        category.playbook = "<p>Call the carrier, then the customer.</p>"
        complaint = self.create_complaint(category_id=category.id)
        self.assertIn("Call the carrier", complaint.playbook)

    def test_similar_closed_cases_most_recent_first(self):
        category = self.env.ref("customer_complaint.category_delivery")
        cause = self.env.ref("customer_complaint.cause_late_delivery")
        old, recent = (
            self.create_complaint(category_id=category.id),
            self.create_complaint(cause_id=cause.id),
        )
        # Closed after the demo data's cases (the list shows the 20 latest).
        now = fields.Datetime.now()
        for complaint, hours in ((old, 5), (recent, 1)):
            complaint.write(
                {
                    "stage_id": self.stages["closed"].id,
                    "resolution": "Refund",
                    "outcome": "upheld",
                }
            )
            complaint.date_closed = now - timedelta(hours=hours)
        still_open = self.create_complaint(category_id=category.id)
        rejected = self.create_complaint(category_id=category.id)
        rejected.action_reject(self.reason_duplicate)
        unrelated = self.create_complaint(
            category_id=self.env.ref("customer_complaint.category_billing").id
        )
        unrelated.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Credit note",
                "outcome": "upheld",
            }
        )

        current = self.create_complaint(category_id=category.id, cause_id=cause.id)
        similar = current.similar_complaint_ids
        # Demo data may hold similar cases too: look at ours, in their order.
        self.assertEqual(similar & (old | recent), recent | old)
        self.assertNotIn(still_open, similar)
        self.assertNotIn(rejected, similar)
        self.assertNotIn(unrelated, similar)
        self.assertNotIn(current, similar)
        action = current.action_view_similar()
        self.assertEqual(
            self.env["customer.complaint"].search(action["domain"]), similar
        )

    def test_walk_from_registration_to_closure(self):
        """The whole regulation, through the form as staff would do it."""
        with Form(self.env["customer.complaint"].with_user(self.member)) as form:
            form.partner_id = self.customer
            form.channel = "phone"
            form.subject = "Sofa delivered with a torn cover"
            form.team_id = self.team
        complaint = form.record
        self.assertEqual(complaint.user_id, self.member)
        complaint = complaint.with_user(self.member)
        with Form(complaint) as form:
            form.stage_id = self.stages["analysis"]
            form.cause_id = self.env.ref("customer_complaint.cause_misinformation")
            form.customer_informed = "no"
            form.is_justified = "yes"
            form.root_cause = "The seller promised free delivery."
        self.assertTrue(complaint.compensation_due)
        with Form(complaint) as form:
            form.stage_id = self.stages["corrective_action"]
            with form.action_ids.new() as action:
                action.name = "Refund the delivery"
                action.action_type = "compensation"
        complaint.action_ids.action_done()
        with Form(complaint) as form:
            form.stage_id = self.stages["satisfaction_check"]
            form.resolution = "Settled. Delivery refunded."
            form.compensation_type = "refund"
            form.compensation_amount = 30
        with Form(complaint) as form:
            form.stage_id = self.stages["closed"]
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)
        self.assertFalse(complaint.sla_deadline)
