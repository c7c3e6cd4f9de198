import base64

from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ComplaintCase

# A 1x1 PNG: a photo of the complaint.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install", "customer_complaint")
class TestFormTours(HttpCase):
    """The complaint's form and kanban in the browser, as a complaint user.
    Needs Chromium (else Odoo skips it)."""

    # The width of a common laptop screen: the chatter beside the sheet.
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="cc_form_user",
            groups="customer_complaint.group_complaint_user",
            name="Form User",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Quick Customer", "email": "quick.customer@example.com"}
        )
        cls.stages = {
            key: cls.env.ref(f"customer_complaint.stage_{key}")
            for key in ("corrective_action", "satisfaction_check", "closed")
        }

    def _complaint(self, **values):
        return self.env["customer.complaint"].create(
            {
                "partner_id": self.customer.id,
                "subject": "Late delivery",
                "channel": "phone",
                "user_id": self.user.id,
                **values,
            }
        )

    def _stages_entered(self, complaint):
        return (
            complaint.message_ids.tracking_value_ids.filtered(
                lambda v: v.field_id.name == "stage_id"
            )
            .sorted("id")
            .mapped("new_value_char")
        )

    def test_refused_stage_goes_back(self):
        complaint = self._complaint()
        complaint.stage_id = self.stages["corrective_action"]
        action = self.env["customer.complaint.action"].create(
            {
                "complaint_id": complaint.id,
                "name": "Call the customer back",
                "user_id": self.user.id,
            }
        )
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_stage_refused_tour",
            login="cc_form_user",
        )
        self.assertEqual(action.state, "done")
        self.assertEqual(complaint.stage_id, self.stages["satisfaction_check"])
        # Entered once: the refused move left no trace.
        self.assertEqual(self._stages_entered(complaint), ["Satisfaction Check"])

    def test_close_asks_outcome(self):
        complaint = self._complaint()
        complaint.stage_id = self.stages["satisfaction_check"]
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_close_asks_outcome_tour",
            login="cc_form_user",
        )
        self.assertEqual(complaint.stage_id, self.stages["closed"])
        self.assertEqual(complaint.outcome, "partly_upheld")
        self.assertEqual(
            complaint.resolution, "Called back, the customer is satisfied."
        )

    def test_every_tab_inside_the_sheet(self):
        definition = [{"name": "batch_no", "string": "Batch Number", "type": "char"}]
        questions = [
            {"name": "bought_at", "string": "Where did you buy it?", "type": "char"}
        ]
        category = self.env["customer.complaint.category"].create(
            {
                "name": "Furniture (tabs)",
                "playbook": "<p>Call the customer within the day.</p>",
                "complaint_properties_definition": definition,
                "complaint_portal_properties_definition": questions,
            }
        )
        # A closed complaint of the category: a similar case.
        self._complaint(
            category_id=category.id,
            stage_id=self.stages["closed"].id,
            resolution="Replaced.",
            outcome="upheld",
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        complaint = self._complaint(
            category_id=category.id,
            sale_order_id=order.id,
            specialist_id=self.user.id,
            properties={"batch_no": "B-7"},
            portal_properties={"bought_at": "Kyiv"},
        )
        self.env["ir.attachment"].create(
            {
                "name": "leg.png",
                "raw": PNG,
                "mimetype": "image/png",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_notebook_tour",
            login="cc_form_user",
        )

    def test_quick_create_edit_opens_full_form(self):
        self.start_tour(
            "/odoo/action-customer_complaint.customer_complaint_action",
            "customer_complaint_quick_create_tour",
            login="cc_form_user",
        )
        complaint = self.env["customer.complaint"].search(
            [("subject", "=", "Wobbly chair leg")]
        )
        self.assertEqual(complaint.partner_id, self.customer)


@tagged("post_install", "-at_install", "customer_complaint")
class TestFormRules(ComplaintCase):
    """The form's stage rules without a browser (Odoo's Form runs the view's
    onchanges and required attributes as the web client does)."""

    def test_refused_stage_raises_before_saving(self):
        complaint = self.create_complaint(user_id=self.member.id)
        complaint.stage_id = self.stages["corrective_action"]
        self.env["customer.complaint.action"].create(
            {"complaint_id": complaint.id, "name": "Refund", "user_id": self.member.id}
        )
        form = Form(complaint.with_user(self.member))
        with self.assertRaisesRegex(ValidationError, "actions are open: Refund"):
            form.stage_id = self.stages["satisfaction_check"]
        with self.assertRaisesRegex(ValidationError, "without a rejection reason"):
            form.stage_id = self.stages["rejected"]
        self.assertEqual(complaint.stage_id, self.stages["corrective_action"])

    def test_outcome_required_to_close_unless_implied(self):
        complaint = self.create_complaint(
            user_id=self.member.id, resolution="Repaired."
        )
        complaint.stage_id = self.stages["satisfaction_check"]
        form = Form(complaint.with_user(self.member))
        form.stage_id = self.stages["closed"]
        with self.assertRaisesRegex(AssertionError, "outcome is a required field"):
            form.save()
        form.outcome = "not_upheld"
        form.save()
        self.assertEqual(complaint.outcome, "not_upheld")
        # Justified: the closing implies "upheld", the form does not ask.
        justified = self.create_complaint(
            user_id=self.member.id, resolution="Repaired.", is_justified="yes"
        )
        form = Form(justified.with_user(self.member))
        form.stage_id = self.stages["closed"]
        form.save()
        self.assertEqual(justified.outcome, "upheld")
