"""The shipped automation rules' actions run once for all the records a
rule processes (``base.automation._process`` runs each action once per
record): customer_complaint_batch_mixin.py."""

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.models.ir_actions import IrActionsServer

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestAutomationBatch(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_review_intake()
        cls.review_rule = cls.env.ref(
            "customer_complaint.automation_review_to_complaint"
        )
        cls.notify_rule = cls.env.ref(
            "customer_complaint.automation_new_complaint_notify"
        )

    def _count_action_runs(self):
        """The ``_run`` of each server action (what evaluates its code), by
        action and number of records."""
        runs = []
        original = IrActionsServer._run

        def counting_run(action, records, eval_context):
            runs.append((action.id, len(eval_context.get("records") or records)))
            return original(action, records, eval_context)

        return runs, patch.object(IrActionsServer, "_run", counting_run)

    def test_shipped_actions_run_once_for_all_the_records(self):
        """Odoo runs a rule's actions once per record; a shipped action, whose
        code only hands its records to the batch runner, runs once for all
        the records the rule processes."""
        runs, counting = self._count_action_runs()
        with counting:
            reviews = self.create_reviews([1, 2, 5, 1, 4])
            self.env.cr.flush()
        self.assertEqual(len(reviews.complaint_id), 3)
        review_action = self.review_rule.action_server_ids
        notify_action = self.notify_rule.action_server_ids
        self.assertEqual(
            [run for run in runs if run[0] == review_action.id],
            [(review_action.id, 3)],
        )
        self.assertEqual(
            [run for run in runs if run[0] == notify_action.id],
            [(notify_action.id, 3)],
        )

    def test_own_action_added_to_a_shipped_rule_runs_per_record(self):
        """An administrator's action on a shipped rule runs as Odoo runs it:
        once per record, with ``record``; the shipped action still runs once."""
        own = self.env["ir.actions.server"].create(
            {
                "name": "Tag the subject",
                "model_id": self.notify_rule.model_id.id,
                "usage": "base_automation",
                "base_automation_id": self.notify_rule.id,
                "state": "code",
                "code": "record.write({'subject': (record.subject or '') + ' [seen]'})",
            }
        )
        runs, counting = self._count_action_runs()
        with counting:
            reviews = self.create_reviews([1, 1, 1])
            self.env.cr.flush()
        complaints = reviews.complaint_id
        self.assertEqual(len(complaints), 3)
        self.assertTrue(all(s.endswith("[seen]") for s in complaints.mapped("subject")))
        self.assertEqual([run for run in runs if run[0] == own.id], [(own.id, 1)] * 3)
        notify_action = self.notify_rule.action_server_ids - own
        self.assertEqual(
            [run for run in runs if run[0] == notify_action.id],
            [(notify_action.id, 3)],
        )
        self.assertTrue(all(complaints.mapped("date_staff_notified")))

    def test_edited_shipped_action_runs_per_record(self):
        """A shipped action whose code an administrator changed to anything
        but batch calls runs per record again."""
        action = self.notify_rule.action_server_ids
        action.code = (
            'records._run_once_per_transaction("_notify_new_complaints_once")\n'
            "log('notified %s' % record.id)"
        )
        runs, counting = self._count_action_runs()
        with counting:
            reviews = self.create_reviews([1, 1])
            self.env.cr.flush()
        self.assertEqual(
            [run for run in runs if run[0] == action.id], [(action.id, 1)] * 2
        )
        self.assertTrue(all(reviews.complaint_id.mapped("date_staff_notified")))
