"""The shipped rules run as Odoo runs automation rules: no override of the
rule engine, and what a rule makes exists when the create() that triggered
it returns, in the same transaction (nothing waits for a flush or a
commit)."""

from odoo.tests import tagged

from .common import ComplaintCase

FRAMEWORK_MODELS = ("base.automation", "ir.actions.server", "ir.cron")


@tagged("post_install", "-at_install", "customer_complaint")
class TestAutomationNative(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_review_intake()

    def test_rule_engine_not_overridden(self):
        for model in FRAMEWORK_MODELS:
            with self.subTest(model=model):
                modules = {
                    klass.__module__
                    for klass in type(self.env[model]).mro()
                    if klass.__module__.startswith("odoo.addons.")
                }
                self.assertFalse(
                    {m for m in modules if ".customer_complaint." in m}, modules
                )

    def test_review_scored_1_complaint_ready_when_create_returns(self):
        review = self.env["customer.review"].create(
            {"partner_id": self.customer.id, "score": 1}
        )
        complaint = review.complaint_id
        self.assertTrue(complaint)
        self.assertEqual(complaint.user_id, self.member)
        self.assertTrue(complaint.date_final_response_due)
        self.assertTrue(complaint.date_staff_notified)
        self.assertEqual(len(self.owner_activities(complaint)), 1)
        self.assertEqual(len(self.staff_messages()), 1)
        acknowledgement = complaint.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.partner_ids, self.customer)

    def test_server_action_reads_the_complaint_it_made(self):
        """Another module's code, here a server action, reads the complaint
        and its owner right after creating the review."""
        action = self.env["ir.actions.server"].create(
            {
                "name": "Review by phone",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "state": "code",
                "code": (
                    "review = env['customer.review'].create("
                    "{'partner_id': record.id, 'score': 1})\n"
                    "record.write({'comment': '%s %s' % ("
                    "review.complaint_id.name, review.complaint_id.user_id.login)})"
                ),
            }
        )
        action.with_context(
            active_model="res.partner",
            active_id=self.customer.id,
            active_ids=self.customer.ids,
        ).run()
        complaint = (
            self.env["customer.review"]
            .search([("partner_id", "=", self.customer.id)], limit=1)
            .complaint_id
        )
        self.assertEqual(
            self.customer.comment, f"<p>{complaint.name} {self.member.login}</p>"
        )
