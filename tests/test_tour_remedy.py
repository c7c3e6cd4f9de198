from odoo.tests import HttpCase, new_test_user, tagged

from .test_remedy_legal_deadline import RemedyCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestRemedyTour(HttpCase):
    """A complaint user records the customer's demand on the form and sees
    the statutory deadline. Needs Chromium (else Odoo skips it)."""

    browser_size = "1440x900"

    def test_demand_shows_the_statutory_deadline(self):
        self.env.company.country_id = self.env.ref("base.ru")
        self.env.company.resource_calendar_id.tz = "Europe/Moscow"
        user = new_test_user(
            self.env,
            login="cc_remedy_user",
            groups="customer_complaint.group_complaint_user",
            name="Remedy User",
        )
        customer = self.env["res.partner"].create(
            {"name": "Demanding Customer", "email": "demanding@example.com"}
        )
        complaint = self.env["customer.complaint"].create(
            {
                "partner_id": customer.id,
                "subject": "Leaking washing machine",
                "user_id": user.id,
            }
        )
        self.assertFalse(complaint.legal_rule_id)
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_remedy_tour",
            login="cc_remedy_user",
        )
        self.assertEqual(complaint.remedy, "refund")
        self.assertEqual(
            complaint.legal_rule_id,
            self.env.ref("customer_complaint.legal_rule_ru_goods_refund"),
        )
        self.assertEqual(
            complaint.date_legal_deadline,
            RemedyCase.day_end(complaint.date_received, 10),
        )
