from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestFinalResponse(ComplaintCase):
    """Closing or rejecting sends the final response letter, or needs a
    reason why not."""

    def _close(self, complaint, **values):
        complaint.with_user(self.member).write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Cover replaced at our expense.",
                "outcome": "upheld",
                "compensation_type": "discount",
                "compensation_amount": 40,
                **values,
            }
        )
        self.env.cr.flush()
        complaint.invalidate_recordset(["message_ids"])

    def _letter(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.subject == f"{complaint.name}: our final response"
        )

    def test_closing_sends_the_letter(self):
        complaint = self.create_complaint()
        self._close(complaint)
        letter = self._letter(complaint)
        self.assertEqual(len(letter), 1)
        self.assertIn(self.customer, letter.partner_ids)
        body = str(letter.body)
        self.assertIn("Upheld", body)
        self.assertIn("Cover replaced at our expense.", body)
        self.assertIn("Discount", body)
        self.assertIn("ombudsman", body)
        self.assertTrue(complaint.date_final_response_sent)

    def test_rejection_letter_gives_the_reason(self):
        complaint = self.create_complaint()
        complaint.with_user(self.member).action_reject(
            self.reason_duplicate, "Same as your complaint of last week."
        )
        self.env.cr.flush()
        complaint.invalidate_recordset(["message_ids"])
        body = str(self._letter(complaint).body)
        self.assertIn(self.reason_duplicate.name, body)
        self.assertIn("Same as your complaint of last week.", body)
        self.assertTrue(complaint.date_final_response_sent)

    def test_no_email_needs_a_reason(self):
        partner = self.env["res.partner"].create({"name": "Walk-in Customer"})
        complaint = self.create_complaint(partner_id=partner.id)
        with self.assertRaises(ValidationError):
            self._close(complaint)
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.outcome)
        self._close(
            complaint, final_response_skip_reason="Decision told by phone on Monday."
        )
        self.assertTrue(complaint.is_closed)
        self.assertFalse(self._letter(complaint))
        self.assertFalse(complaint.date_final_response_sent)
        # The reason is in the chatter.
        self.assertIn(
            "Decision told by phone on Monday.",
            complaint.message_ids.tracking_value_ids.mapped("new_value_text"),
        )

    def test_stage_without_letter_needs_a_reason(self):
        self.stages["closed"].mail_template_id = False
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            self._close(complaint)
        self._close(complaint, final_response_skip_reason="Letter handed over.")
        self.assertTrue(complaint.is_closed)

    def test_pdf_letter(self):
        complaint = self.create_complaint()
        self._close(complaint)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_complaint.action_report_final_response", complaint.ids
            )[0]
            .decode()
        )
        self.assertIn("Final response", html)
        self.assertIn("Cover replaced at our expense.", html)
        self.assertIn("ombudsman", html)

    def test_letter_dated_when_posted(self):
        complaint = self.create_complaint()
        self._close(complaint, final_response_skip_reason="Letter handed over.")
        # Choosing the stage's notice sends nothing, so dates nothing.
        template = complaint._track_template({"stage_id"})["stage_id"][0]
        self.assertEqual(
            template,
            self.env.ref("customer_complaint.mail_template_complaint_final_response"),
        )
        self.assertFalse(complaint.date_final_response_sent)
