"""The automation rules shipped as data: reviews at or under the threshold
become complaints, new complaints are told to their owner and the staff.
Both are base.automation records an administrator can switch off, narrow or
extend; each calls one method of the model, which Odoo runs once per record:
what a rule makes exists when the create() that triggered it returns."""

import logging
from ast import literal_eval
from contextlib import suppress

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

_logger = logging.getLogger(__name__)

# Queries per complaint made from a review, every shipped rule included:
# measured 57.6 in an import of 20 reviews, 52.6 in one of 200.
QUERIES_PER_COMPLAINT = 60


@tagged("post_install", "-at_install", "customer_complaint")
class TestAutomationRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_review_intake()
        cls.Review = cls.env["customer.review"]
        cls.Complaint = cls.env["customer.complaint"]
        cls.review_rule = cls.env.ref(
            "customer_complaint.automation_review_to_complaint"
        )
        cls.notify_rule = cls.env.ref(
            "customer_complaint.automation_new_complaint_notify"
        )

    def _switch_off(self, rule):
        rule.active = False
        # Odoo patches the models from the active rules: put them back as the
        # database has them once the test is rolled back.
        self.addCleanup(rule.write, {"active": True})

    def _add_rule(self, model, name, domain, code):
        rule = self.env["base.automation"].create(
            {
                "name": name,
                "model_id": self.env["ir.model"]._get_id(model),
                "trigger": "on_create",
                "filter_domain": repr(domain),
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": name,
                "model_id": rule.model_id.id,
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "state": "code",
                "code": code,
            }
        )
        return rule

    def test_rules_shipped_active_and_kept_on_update(self):
        for rule, model, method in (
            (self.review_rule, "customer.review", "_create_complaints_from_reviews"),
            (self.notify_rule, "customer.complaint", "_notify_new_complaints_once"),
        ):
            with self.subTest(rule=rule.name):
                self.assertTrue(rule.active)
                self.assertEqual(rule.model_id.model, model)
                self.assertEqual(rule.trigger, "on_create")
                self.assertEqual(len(rule.action_server_ids), 1)
                action = rule.action_server_ids
                self.assertEqual(action.state, "code")
                self.assertIn(f"records.{method}()", action.code)
                # noupdate: what the administrator changes survives updates.
                for record in (rule, action):
                    data = self.env["ir.model.data"].search(
                        [("model", "=", record._name), ("res_id", "=", record.id)]
                    )
                    self.assertTrue(data.noupdate)
        self.assertEqual(
            self.review_rule.filter_domain,
            '[("is_below_threshold", "=", True), ("complaint_id", "=", False)]',
        )
        self.assertEqual(self.notify_rule.filter_domain, '[("is_closed", "=", False)]')

    def test_complaint_made_when_create_returns(self):
        """Reviews created one by one, nothing flushed: each low one has its
        complaint, with owner, the owner's to-do, the staff's message and
        the acknowledgement, when its create() returns."""
        reviews = self.Review
        for score in (1, 2, 5, 3):
            review = self.create_reviews([score])
            reviews |= review
            complaint = review.complaint_id
            self.assertEqual(bool(complaint), score <= 3)
            if complaint:
                self.assertTrue(complaint.user_id)
                self.assertTrue(complaint.date_staff_notified)
                self.assertTrue(complaint.date_acknowledged)
                self.assertEqual(len(self.owner_activities(complaint)), 1)
        complaints = reviews.complaint_id
        # The staff hear of each complaint, on the complaint.
        messages = self.staff_messages()
        self.assertEqual(len(messages), 3)
        self.assertEqual(
            set(messages.mapped("res_id")),
            set(complaints.ids),
            messages.mapped("model"),
        )
        # Running the methods again does nothing more.
        reviews._create_complaints_from_reviews()
        complaints._notify_new_complaints_once()
        complaints._acknowledge_new_complaints()
        self.env.cr.flush()
        self.assertEqual(
            self.Complaint.search_count([("review_id", "in", reviews.ids)]), 3
        )
        self.assertEqual(len(self.staff_messages()), 3)
        self.assertEqual(len(self.owner_activities(complaints)), 3)

    def test_review_rule_switched_off_makes_no_complaint(self):
        self._switch_off(self.review_rule)
        reviews = self.create_reviews([1, 2])
        self.env.cr.flush()
        self.assertFalse(reviews.complaint_id)
        self.assertTrue(all(reviews.mapped("is_below_threshold")))
        # The rule's method still makes them, as the rule would, and the
        # complaints' own rules tell the staff.
        reviews._create_complaints_from_reviews()
        self.assertEqual(len(reviews.complaint_id), 2)
        self.assertEqual(len(self.staff_messages()), 2)
        # Back on: new reviews become complaints again.
        self.review_rule.active = True
        review = self.create_reviews([1])
        self.assertTrue(review.complaint_id)

    def test_review_rule_narrowed_with_a_domain(self):
        self.review_rule.filter_domain = repr(
            [
                ("is_below_threshold", "=", True),
                ("complaint_id", "=", False),
                ("channel", "!=", "import"),
            ]
        )
        imported = self.create_reviews([1], channel="import")
        phoned = self.create_reviews([1], channel="phone")
        self.env.cr.flush()
        self.assertFalse(imported.complaint_id)
        self.assertTrue(phoned.complaint_id)

    def test_the_method_keeps_the_threshold_whatever_the_domain(self):
        # A wider domain does not turn good reviews into complaints: the
        # threshold is the method's rule, the domain only narrows.
        self.review_rule.filter_domain = "[]"
        reviews = self.create_reviews([5, 1])
        self.env.cr.flush()
        self.assertEqual(reviews.complaint_id.review_id.mapped("score"), [1])

    def test_manager_rules_see_what_the_shipped_rules_made(self):
        tag = self.env["customer.complaint.tag"].create({"name": "Score 1"})
        self._add_rule(
            "customer.review",
            "Score 1: note to call back",
            [("score", "=", 1)],
            'record.message_post(body="Call the customer back today.")',
        )
        self._add_rule(
            "customer.complaint",
            "Review scored 1: tag",
            [("review_id.score", "=", 1)],
            f"records.write({{'tag_ids': [Command.link({tag.id})]}})",
        )
        # A manager's rule on complaint creation reads the owner.
        self._add_rule(
            "customer.complaint",
            "New complaint: owner in the log",
            [],
            'record.message_post(body="Owner: %s" % record.user_id.login)',
        )
        reviews = self.create_reviews([1, 2, 1, 5])
        # The manager's review rule ran during the create, on scores 1 only.
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "customer.review"),
                ("res_id", "in", reviews.ids),
                ("body", "ilike", "Call the customer back today."),
            ]
        )
        self.assertEqual(reviews.browse(notes.mapped("res_id")).mapped("score"), [1, 1])
        complaints = reviews.complaint_id
        self.assertEqual(len(complaints), 3)
        tagged_complaints = complaints.filtered(lambda c: tag in c.tag_ids)
        self.assertEqual(tagged_complaints.review_id.mapped("score"), [1, 1])
        for complaint in complaints:
            self.assertTrue(complaint.user_id)
            self.assertIn(
                f"<p>Owner: {complaint.user_id.login}</p>",
                complaint.message_ids.mapped("body"),
            )

    def test_notification_rule_switched_off(self):
        self._switch_off(self.notify_rule)
        complaint = self.create_complaint()
        reviews = self.create_reviews([1, 2])
        self.env.cr.flush()
        complaints = complaint | reviews.complaint_id
        self.assertEqual(len(complaints), 3)
        # The owner is still assigned, nobody is told.
        self.assertTrue(all(complaints.mapped("user_id")))
        self.assertFalse(self.owner_activities(complaints))
        self.assertFalse(self.staff_messages())
        self.assertFalse(any(complaints.mapped("date_staff_notified")))
        # Called by hand (or by an administrator's own rule): once.
        complaints._notify_new_complaints_once()
        complaints._notify_new_complaints_once()
        self.assertEqual(len(self.owner_activities(complaints)), 3)
        self.assertEqual(len(self.staff_messages()), 1)

    def test_closed_history_not_notified(self):
        closed = self.create_complaint(
            stage_id=self.stages["closed"].id,
            resolution="Settled by phone.",
            outcome="upheld",
            user_id=self.member.id,
        )
        self.env.cr.flush()
        self.assertFalse(closed.date_staff_notified)
        self.assertFalse(self.owner_activities(closed))
        self.assertFalse(self.staff_messages())

    def test_complaint_created_directly_is_notified_at_flush(self):
        complaint = self.create_complaint()
        self.assertTrue(complaint.user_id, "the owner is set at creation")
        self.env.cr.flush()
        self.assertTrue(complaint.date_staff_notified)
        self.assertEqual(len(self.owner_activities(complaint)), 1)
        message = self.staff_messages()
        self.assertEqual(
            (message.model, message.res_id), (complaint._name, complaint.id)
        )

    def test_ratings_go_through_the_same_rule(self):
        self.company.complaint_rating_as_review = True

        def rate(value):
            return self.env["rating.rating"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.customer.id,
                    "partner_id": self.customer.id,
                    "rating": value,
                    "consumed": True,
                }
            )

        def review_of(rating):
            return self.Review.search([("rating_id", "=", rating.id)])

        low = rate(1)
        self.env.cr.flush()
        self.assertTrue(review_of(low).complaint_id)
        self._switch_off(self.review_rule)
        low_again = rate(1)
        self.env.cr.flush()
        self.assertTrue(review_of(low_again))
        self.assertFalse(review_of(low_again).complaint_id)

    def _rows(self):
        """What a low review makes, counted in the database once the
        transaction's pending work (flush, precommit hooks) is done."""
        self.run_commit_hooks()
        counts = {}
        for name, query in (
            ("reviews", "SELECT count(*) FROM customer_review"),
            ("complaints", "SELECT count(*) FROM customer_complaint"),
            (
                "activities",
                "SELECT count(*) FROM mail_activity "
                "WHERE res_model = 'customer.complaint'",
            ),
            (
                "messages",
                "SELECT count(*) FROM mail_message WHERE model = 'customer.complaint'",
            ),
            ("mails", "SELECT count(*) FROM mail_mail"),
        ):
            self.env.cr.execute(query)
            counts[name] = self.env.cr.fetchone()[0]
        return counts

    def test_nothing_kept_from_a_rolled_back_savepoint(self):
        class Cancelled(Exception):
            """The caller's own error: no error of the rules ends the savepoint."""

        before = self._rows()
        # Not assertRaises: Odoo's runs its block in a savepoint of its own,
        # whose rollback would undo it all, whatever this savepoint did.
        with suppress(Cancelled), self.env.cr.savepoint():
            review = self.create_reviews([1])
            inside = self._rows()
            raise Cancelled
        # In the savepoint: the review, its complaint, the owner's to-do, the
        # messages (creation, staff, acknowledgement) and the mail.
        self.assertEqual(inside["reviews"], before["reviews"] + 1)
        self.assertEqual(inside["complaints"], before["complaints"] + 1)
        for name in ("activities", "messages", "mails"):
            self.assertGreater(inside[name], before[name], name)
        # Rolled back: none of it, nor anything made later from it.
        self.assertEqual(self._rows(), before)
        self.assertFalse(review.exists())

    def _import_reviews(self, size):
        """``size`` reviews scored 1 to 5 in turn: 60% become complaints."""
        self.env.invalidate_all()
        scores = [1 + index % 5 for index in range(size)]
        return self.create_reviews(scores, channel="import")

    def _import_queries(self, size):
        """The reviews of ``_import_reviews`` and the queries they cost, the
        commit's flush included."""
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        reviews = self._import_reviews(size)
        self.run_commit_hooks()
        return reviews, self.env.cr.sql_log_count - start

    def test_queries_per_complaint_constant(self):
        """Each complaint costs the same queries in an import of 20 reviews as
        in one of 200 (reference, owner, log, owner's to-do, staff message,
        acknowledgement): nothing grows with the batch."""
        self._import_queries(5)  # caches warm
        small, small_queries = self._import_queries(20)
        large, large_queries = self._import_queries(200)
        complaints = large.complaint_id
        self.assertEqual((len(small.complaint_id), len(complaints)), (12, 120))
        per_small, per_large = small_queries / 12, large_queries / 120
        _logger.info(
            "queries per complaint: %.1f (12), %.1f (120)", per_small, per_large
        )
        self.assertLessEqual(per_large, QUERIES_PER_COMPLAINT)
        self.assertLessEqual(per_large, per_small * 1.05)
        self.assertEqual(len(set(complaints.mapped("name"))), 120)
        self.assertTrue(all(complaints.mapped("user_id")))
        self.assertTrue(all(complaints.mapped("date_staff_notified")))
        self.assertTrue(all(complaints.mapped("date_acknowledged")))
        self.assertEqual(len(self.owner_activities(complaints)), 120)


@tagged("post_install", "-at_install", "customer_complaint")
class TestAutomationRulesAccess(ComplaintCase):
    def test_administrators_manage_the_rules(self):
        admin = new_test_user(
            self.env,
            login="cc_admin",
            groups="base.group_system,customer_complaint.group_complaint_manager",
        )
        action = self.env.ref("customer_complaint.base_automation_action_complaints")
        menu = self.env.ref("customer_complaint.base_automation_menu_complaints")
        self.assertEqual(menu.group_ids, self.env.ref("base.group_system"))
        rules = (
            self.env["base.automation"]
            .with_user(admin)
            .with_context(active_test=False)
            .search(literal_eval(action.domain))
        )
        self.assertIn(
            self.env.ref("customer_complaint.automation_review_to_complaint"), rules
        )
        self.assertIn(
            self.env.ref("customer_complaint.automation_new_complaint_notify"), rules
        )
        self.assertEqual(
            set(rules.mapped("model_id.model")),
            {"customer.complaint", "customer.review"},
        )
        rules.with_user(admin).write({"active": False})
        rules.with_user(admin).write({"active": True})
        # A complaint manager without Settings access does not see Odoo's
        # automation rules (they may run code): the administrator manages them.
        with self.assertRaises(AccessError):
            self.env["base.automation"].with_user(self.manager).search([])
