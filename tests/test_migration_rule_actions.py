"""The 19.0.1.6.0 post-migration, run on server actions as a database of
19.0.1.5.0 has them: the call to the removed rule runner becomes the
method's own call, in the shipped actions and in an administrator's own;
the shipped actions get their new comment and name; what an administrator
added or renamed stays."""

from odoo.tests import tagged

from .common import ComplaintCase, load_migration

# The shipped actions as 19.0.1.5.0 left them: {xml id: (name, code)}.
OLD_SHIPPED = {
    "automation_review_to_complaint_action": (
        "Create the complaints (one batch per transaction)",
        "# One batch: the reviews are collected and their complaints created "
        "together\n"
        "# when the transaction is saved (reviews with a complaint are skipped).\n"
        'records._run_once_per_transaction("_create_complaints_from_reviews")',
    ),
    "automation_new_complaint_notify_action": (
        "Tell the owner and the staff (one batch per transaction)",
        "# One batch: the complaints are collected and notified together when "
        "the\n"
        "# transaction is saved (complaints already notified are skipped).\n"
        'records._run_once_per_transaction("_notify_new_complaints_once")',
    ),
    "automation_new_complaint_acknowledge_action": (
        "Acknowledge the customers (one batch per transaction)",
        "# One batch: the complaints are collected and acknowledged together "
        "when the\n"
        "# transaction is saved (complaints already acknowledged are skipped).\n"
        'records._run_once_per_transaction("_acknowledge_new_complaints")',
    ),
    "automation_complaint_burst_action": (
        "Find the systemic problems (one batch per transaction)",
        "# One batch: the complaints are collected and grouped together when "
        "the\n"
        "# transaction is saved (complaints already in a burst are skipped).\n"
        'records._run_once_per_transaction("_detect_bursts_once")',
    ),
}


@tagged("post_install", "-at_install", "customer_complaint")
class TestRuleActionsMigration(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = load_migration("19.0.1.6.0", "post-rule_actions")
        cls.shipped = {
            xmlid: cls.env.ref(f"customer_complaint.{xmlid}") for xmlid in OLD_SHIPPED
        }

    def _migrate(self):
        """Run the migration; it logs a warning for each call it leaves."""
        self.env.flush_all()
        with self.assertNoLogs(self.migration.__name__, "WARNING"):
            self.migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()

    def _own_action(self, code):
        """An administrator's own rule on new complaints and its action."""
        rule = self.env["base.automation"].create(
            {
                "name": "Our acknowledgement",
                "model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "trigger": "on_create",
            }
        )
        return self.env["ir.actions.server"].create(
            {
                "name": "Acknowledge, then tell us",
                "model_id": rule.model_id.id,
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "state": "code",
                "code": code,
            }
        )

    def test_shipped_actions_become_as_installed_now(self):
        installed = {
            xmlid: (action.name, action.code) for xmlid, action in self.shipped.items()
        }
        for xmlid, (name, code) in OLD_SHIPPED.items():
            self.shipped[xmlid].write({"name": name, "code": code})
        self._migrate()
        for xmlid, action in self.shipped.items():
            with self.subTest(action=xmlid):
                self.assertEqual((action.name, action.code), installed[xmlid])
        # Run again (an update that fails and is resumed): nothing changes.
        self._migrate()
        for xmlid, action in self.shipped.items():
            with self.subTest(action=xmlid):
                self.assertEqual((action.name, action.code), installed[xmlid])

    def test_administrator_lines_and_name_kept(self):
        notify = self.shipped["automation_new_complaint_notify_action"]
        follow = (
            "# Ours: the quality lead follows every new complaint.\n"
            f"records.message_subscribe(partner_ids=[{self.manager.partner_id.id}])"
        )
        notify.write(
            {
                "name": "Tell the owner, the staff and the quality lead",
                "code": OLD_SHIPPED["automation_new_complaint_notify_action"][1]
                + "\n"
                + follow,
            }
        )
        acknowledge = self.shipped["automation_new_complaint_acknowledge_action"]
        old_name, old_code = OLD_SHIPPED["automation_new_complaint_acknowledge_action"]
        # A line of the administrator's above the shipped comment: the comment
        # is not recognised, and kept; the call is rewritten all the same.
        acknowledge.code = "# Ours: checked on 2026-11-02.\n" + old_code
        self._migrate()
        self.assertEqual(notify.name, "Tell the owner, the staff and the quality lead")
        self.assertEqual(
            notify.code,
            "# Complaints already notified are skipped.\n"
            "records._notify_new_complaints_once()\n" + follow,
        )
        self.assertEqual(acknowledge.name, "Acknowledge the customer")
        self.assertEqual(
            acknowledge.code,
            "# Ours: checked on 2026-11-02.\n"
            + old_code.replace(
                'records._run_once_per_transaction("_acknowledge_new_complaints")',
                "records._acknowledge_new_complaints()",
            ),
        )

    def test_administrator_own_action_rewritten(self):
        code = (
            "# One batch: the complaints are collected and acknowledged together "
            "when the\n"
            "# transaction is saved.\n"
            "if records.filtered(lambda c: c.priority == '2'):\n"
            "    records._run_once_per_transaction( '_acknowledge_new_complaints' )\n"
            "records.message_post(body='Seen by our rule')"
        )
        action = self._own_action(code)
        self._migrate()
        self.assertEqual(action.name, "Acknowledge, then tell us")
        # Only the call changes: the comment is the administrator's.
        self.assertEqual(
            action.code,
            code.replace(
                "records._run_once_per_transaction( '_acknowledge_new_complaints' )",
                "records._acknowledge_new_complaints()",
            ),
        )

    def test_call_left_is_logged(self):
        code = (
            "method = '_acknowledge_new_complaints'\n"
            "records._run_once_per_transaction(method)"
        )
        action = self._own_action(code)
        self.env.flush_all()
        with self.assertLogs(self.migration.__name__, "WARNING") as logs:
            self.migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(action.code, code)
        self.assertEqual(len(logs.records), 1)
        self.assertIn(action.name, logs.output[0])

    def test_shortened_shipped_comment_keeps_the_call(self):
        review = self.shipped["automation_review_to_complaint_action"]
        old_code = OLD_SHIPPED["automation_review_to_complaint_action"][1]
        first, _second, call = old_code.splitlines()
        # The administrator dropped the comment's second line, or put one of
        # their own there.
        for code in (
            f"{first}\n{call}",
            f"{first}\n# Ours: imported reviews too.\n{call}",
        ):
            with self.subTest(code=code):
                review.code = code
                self._migrate()
                self.assertEqual(
                    review.code,
                    code.replace(
                        first, "# Reviews that already have a complaint are skipped."
                    ).replace(call, "records._create_complaints_from_reviews()"),
                )
