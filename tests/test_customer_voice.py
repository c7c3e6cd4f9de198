from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.customer_complaint.models.rating_rating import ReviewTokenError

from .common import ComplaintCase


class CustomerVoiceCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_complaint.survey_complaint_satisfaction")
        cls.company.write(
            {
                "complaint_survey_id": cls.survey.id,
                "complaint_satisfaction_threshold": 2,
                "complaint_low_score_action": "reopen",
                "complaint_auto_close": True,
                "complaint_survey_timeout_days": 14,
                "complaint_review_threshold": 3,
                "complaint_default_team_id": cls.team.id,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Oak Table"})

    @classmethod
    def _confirmed_order(cls, partner=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        return order


@tagged("post_install", "-at_install", "customer_complaint")
class TestSatisfactionCheck(CustomerVoiceCase):
    def _at_satisfaction_check(self):
        complaint = self.create_complaint(user_id=self.member.id)
        complaint.write(
            {
                "stage_id": self.stages["corrective_action"].id,
                "resolution": "Settled. One-time 15% discount granted.",
                "outcome": "upheld",
            }
        )
        complaint.stage_id = self.stages["satisfaction_check"]
        return complaint

    def _answer(self, complaint, score, solved):
        answer = complaint.satisfaction_input_id
        ref = self.env.ref
        answer._save_lines(
            ref("customer_complaint.survey_complaint_satisfaction_q_overall"),
            str(score),
        )
        choice = "yes" if solved else "no"
        answer._save_lines(
            ref("customer_complaint.survey_complaint_satisfaction_q_solved"),
            ref(
                f"customer_complaint.survey_complaint_satisfaction_q_solved_{choice}"
            ).id,
        )
        answer._mark_done()

    def test_survey_sent_and_linked(self):
        complaint = self._at_satisfaction_check()
        answer = complaint.satisfaction_input_id
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.complaint_id, complaint)
        self.assertEqual(complaint.satisfaction_state, "sent")
        invitation = complaint.message_ids.filtered(
            lambda m: "was your complaint resolved" in (m.subject or "")
        )
        self.assertEqual(len(invitation), 1)
        self.assertIn(answer.access_token, invitation.body)

    def test_low_score_sends_back_to_work(self):
        complaint = self._at_satisfaction_check()
        self._answer(complaint, 2, solved=True)
        self.assertEqual(complaint.satisfaction_state, "answered")
        self.assertEqual(complaint.satisfaction_score, 2)
        self.assertEqual(complaint.stage_id, self.stages["corrective_action"])
        self.assertFalse(complaint.is_closed)

    def test_unsolved_problem_escalates_when_configured(self):
        self.company.complaint_low_score_action = "escalate"
        complaint = self._at_satisfaction_check()
        self._answer(complaint, 5, solved=False)
        self.assertEqual(complaint.problem_solved, "no")
        self.assertEqual(complaint.escalation_level, "1")
        self.assertEqual(complaint.stage_id, self.stages["satisfaction_check"])

    def test_good_score_closes(self):
        complaint = self._at_satisfaction_check()
        self._answer(complaint, 5, solved=True)
        self.assertEqual(complaint.stage_id, self.stages["closed"])
        self.assertEqual(complaint.problem_solved, "yes")
        self.company.complaint_auto_close = False
        other = self._at_satisfaction_check()
        self._answer(other, 4, solved=True)
        self.assertEqual(other.stage_id, self.stages["satisfaction_check"])

    def test_no_answer_closes_after_waiting(self):
        waiting = self._at_satisfaction_check()
        recent = self._at_satisfaction_check()
        waiting.satisfaction_sent_on = fields.Datetime.now() - timedelta(days=15)
        self.env["customer.complaint"]._cron_close_unanswered()
        self.assertEqual(waiting.stage_id, self.stages["closed"])
        self.assertEqual(waiting.satisfaction_state, "no_answer")
        self.assertEqual(recent.satisfaction_state, "sent")
        self.assertFalse(recent.is_closed)


@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewRequests(CustomerVoiceCase):
    def test_request_sends_single_use_link(self):
        order = self._confirmed_order()
        self.assertFalse(order.review_request_id)
        order.action_send_review_request()
        request = order.review_request_id
        # A rating of the order by its customer, with a long token.
        self.assertEqual(request.resource_ref, order)
        self.assertEqual(request.partner_id, order.partner_id)
        self.assertGreaterEqual(len(request.access_token), 40)
        self.assertGreater(request.review_request_expiry, fields.Datetime.now())
        mail = order.message_ids.filtered(lambda m: "/review/" in m.body)
        self.assertIn(request.access_token, mail.body)
        # A second email extends the same link.
        order.action_send_review_request()
        self.assertEqual(order.review_request_id, request)

    def test_confirmation_trigger(self):
        self.company.complaint_review_request_trigger = "confirm"
        self.assertTrue(self._confirmed_order().review_request_id)
        self.company.complaint_review_request_trigger = "manual"
        self.assertFalse(self._confirmed_order().review_request_id)

    def test_token_submission_rules(self):
        Rating = self.env["rating.rating"]
        order = self._confirmed_order()
        order.action_send_review_request()
        token = order.review_request_id.access_token
        reviews_before = self.env["customer.review"].search_count([])
        for score in ("0", "6", "-1", "3.5", "abc", "", None):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                Rating._get_review_request(token)._submit_review(score, "bad")
        with self.assertRaises(ReviewTokenError) as forged:
            Rating._get_review_request(token[:-2] + "xx")
        self.assertEqual(forged.exception.http_status, 404)
        self.assertEqual(self.env["customer.review"].search_count([]), reviews_before)

        review = Rating._get_review_request(token)._submit_review(
            "2", "<script>alert('x')</script><b>Broken</b> leg"
        )
        self.env.cr.flush()  # the automation rules run (as at commit)
        self.assertEqual(review.score, 2)
        self.assertEqual(review.sale_order_id, order)
        self.assertEqual(review.rating_id, order.review_request_id)
        self.assertEqual(order.review_request_id.rating, 2)
        self.assertNotIn("<", review.comment)
        self.assertNotIn("alert", review.comment)
        self.assertIn("Broken", review.comment)
        self.assertTrue(review.complaint_id, "a low score becomes a complaint")
        with self.assertRaises(ReviewTokenError) as reused:
            Rating._get_review_request(token)
        self.assertEqual(reused.exception.http_status, 409)
        # Odoo's own rating page cannot rate it a second time either.
        with self.assertRaises(ReviewTokenError):
            order.rating_apply(5, token=token)
        self.assertEqual(
            self.env["customer.review"].search_count([]), reviews_before + 1
        )

    def test_expired_token(self):
        order = self._confirmed_order()
        order.action_send_review_request()
        order.review_request_id.review_request_expiry = (
            fields.Datetime.now() - timedelta(minutes=1)
        )
        with self.assertRaises(ReviewTokenError) as expired:
            self.env["rating.rating"]._get_review_request(
                order.review_request_id.access_token
            )
        self.assertEqual(expired.exception.http_status, 410)
        with self.assertRaises(ReviewTokenError):
            order.rating_apply(4, token=order.review_request_id.access_token)


@tagged("post_install", "-at_install", "customer_complaint")
class TestCampaignsAndMetrics(CustomerVoiceCase):
    def test_campaign_invites_recent_buyers(self):
        buyer = self.env["res.partner"].create(
            {"name": "Buyer", "email": "b@example.com"}
        )
        old_buyer = self.env["res.partner"].create(
            {"name": "Old", "email": "o@example.com"}
        )
        self._confirmed_order(buyer)
        old = self._confirmed_order(old_buyer)
        old.date_order = fields.Datetime.now() - timedelta(days=200)
        wizard = self.env["customer.satisfaction.campaign"].create({})
        self.assertIn(buyer, wizard.partner_ids)
        self.assertNotIn(old_buyer, wizard.partner_ids)
        wizard.partner_ids = buyer
        wizard.action_send()
        answers = self.env["survey.user_input"].search(
            [("survey_id", "=", wizard.survey_id.id), ("partner_id", "=", buyer.id)]
        )
        self.assertEqual(len(answers), 1)

    def test_phone_answer_and_partner_metrics(self):
        action = self.customer.with_user(
            self.member
        ).action_fill_satisfaction_by_phone()
        answer = self.env["survey.user_input"].search(
            [("partner_id", "=", self.customer.id), ("answered_by_phone", "=", True)]
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(answer.access_token, action["url"])
        nps = self.env.ref("customer_complaint.survey_customer_satisfaction_q_nps")
        answer._save_lines(nps, "6")
        answer._mark_done()
        Review = self.env["customer.review"]
        Review.create(
            [
                {"partner_id": self.customer.id, "score": 5},
                {"partner_id": self.customer.id, "score": 2},
            ]
        )
        self.env.cr.flush()  # the automation rules run (as at commit)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.nps_category, "detractor")
        self.assertAlmostEqual(self.customer.review_score_avg, 3.5)
        # The review scored 2 and the detractor's answer (NPS 6) each opened one.
        self.assertEqual(self.customer.open_complaint_count, 2)
        other = self.env["res.partner"].create({"name": "Quiet customer"})
        self.assertFalse(other.nps_category)
        self.assertEqual(other.review_score_avg, 0)
