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
        self.assertEqual(
            complaint.cause_id,
            self.env.ref("customer_complaint.cause_defective_product"),
        )
        self.assertEqual(complaint.action_ids.mapped("name"), ["Replace the table top"])
        self.assertEqual(complaint.action_ids.state, "done")
        # Every stage of the path was entered, in order (tracked).
        stages = (
            complaint.message_ids.tracking_value_ids.filtered(
                lambda v: v.field_id.name == "stage_id"
            )
            .sorted("id")
            .mapped("new_value_char")
        )
        self.assertEqual(
            stages, ["Analysis", "Corrective Action", "Satisfaction Check", "Closed"]
        )
        self.assertTrue(complaint.date_acknowledged)
        self.assertTrue(complaint.date_final_response_sent)
        mails = self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertIn(
            f"{complaint.name}: we have received your complaint",
            mails.mapped("subject"),
        )

    def test_manager_reads_the_dashboard_and_prints_the_causes(self):
        new_test_user(
            self.env,
            login="cc_tour_manager",
            groups="customer_complaint.group_complaint_manager",
            name="Tour Manager",
        )
        self.env["customer.complaint"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Tour Co"}).id}
        )
        self.start_tour(
            "/odoo/action-customer_complaint.customer_complaint_dashboard_action",
            "customer_complaint_manager_tour",
            login="cc_tour_manager",
        )
