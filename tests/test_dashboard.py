from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestDashboard(ComplaintCase):
    """The complaints dashboard (report/customer_complaint_dashboard.py): the
    figures of the companies a manager works for, read when it opens."""

    def _figures(self, company=None):
        dashboard = (
            self.env["customer.complaint.dashboard"]
            .with_user(self.manager)
            .search([("company_id", "=", (company or self.company).id)])
        )
        dashboard.invalidate_model()
        return dashboard

    def test_figures_follow_the_complaints(self):
        before = self._figures()
        self.assertEqual(len(before), 1)
        open_before, overdue_before = before.open_count, before.overdue_count
        received_before = before.received_this_month
        late, on_time = self.create_complaint(), self.create_complaint()
        decided = self.create_complaint()
        decided.write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Replaced.",
                "outcome": "upheld",
                "compensation_type": "discount",
                "compensation_amount": 25,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=1), late.id],
        )
        after = self._figures()
        self.assertEqual(after.open_count, open_before + 2)
        self.assertEqual(after.overdue_count, overdue_before + 1)
        self.assertEqual(after.received_this_month, received_before + 3)
        self.assertGreaterEqual(after.closed_this_month, 1)
        self.assertGreaterEqual(after.compensation_this_month, 25)
        self.assertGreaterEqual(after.decided_count, 1)
        # The card opens the complaints behind a figure.
        overdue = self.env["customer.complaint"].search(
            after.action_open_overdue()["domain"]
        )
        self.assertIn(late, overdue)
        self.assertNotIn(on_time, overdue)
        for action in (
            after.action_open_funnel(),
            after.action_open_causes(),
            after.action_open_products(),
            after.action_open_months(),
            after.action_open_satisfaction(),
        ):
            self.env[action["res_model"]].search(action["domain"])

    def test_nps_and_csat_of_the_last_90_days(self):
        before = self._figures()
        reviews_before, answers_before = before.review_count, before.answer_count
        self.create_reviews([5, 5, 2, 4])
        # An NPS answer of a customer of no company counts for the company.
        survey = self.env.ref("customer_complaint.survey_customer_satisfaction")
        question = survey.question_ids.filtered("is_nps")
        self.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": self.customer.id,
                "state": "done",
                "user_input_line_ids": [
                    (
                        0,
                        0,
                        {
                            "question_id": question.id,
                            "answer_type": "scale",
                            "value_scale": 10,
                        },
                    )
                ],
            }
        )
        self.env.flush_all()
        figures = self._figures()
        self.assertEqual(figures.review_count, reviews_before + 4)
        self.assertEqual(figures.answer_count, answers_before + 1)
        self.assertTrue(0 < figures.csat <= 100)
        self.assertTrue(-100 <= figures.nps <= 100)

    def test_managers_only_and_their_companies_only(self):
        other = self.env["res.company"].create({"name": "Other Complaints Co"})
        self.env["customer.complaint"].with_company(other).create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        self.assertFalse(self._figures(other))
        with self.assertRaises(AccessError):
            self.env["customer.complaint.dashboard"].with_user(self.member).search([])
