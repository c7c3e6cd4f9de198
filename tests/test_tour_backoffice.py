from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "customer_complaint")
class TestBackofficeTour(HttpCase):
    """The acknowledgement-to-final-response path in the web client, as a
    complaint user. Needs Chromium (else Odoo skips it)."""

    def test_register_analyse_close(self):
        new_test_user(
            self.env,
            login="cc_tour_user",
            groups="customer_complaint.group_complaint_user",
            name="Tour User",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour.customer@example.com"}
        )
        self.start_tour(
            "/odoo/action-customer_complaint.customer_complaint_action/new",
            "customer_complaint_backoffice_tour",
            login="cc_tour_user",
        )
        complaint = self.env["customer.complaint"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.subject, "Scratched table top")
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.outcome, "upheld")
        self.assertTrue(complaint.date_acknowledged)
        self.assertTrue(complaint.date_final_response_sent)
        mails = self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertIn(
            f"{complaint.name}: we have received your complaint",
            mails.mapped("subject"),
        )
