"""The users' record rule through ``is_my_work``: the same complaints as its
five clauses (own, of a team one is a member or the leader of, not routed
yet, with an action of one's), in a query on the complaints' own columns
(the teams and actions read as ids first: no subquery for PostgreSQL to run
on every complaint), and the migration of the rules of older databases."""

from odoo.tests import new_test_user, tagged

from .common import ComplaintCase, load_migration

# The clauses 19.0.1.6.1 shipped, as its rules held them (noupdate data).
OLD_CLAUSES = """
    '|', '|', '|', '|',
    ('user_id', '=', user.id),
    ('team_id', '=', False),
    ('team_id.member_ids', 'in', user.id),
    ('team_id.user_id', '=', user.id),
    ('action_ids.user_id', '=', user.id),
"""
OLD_RULES = {
    "customer_complaint_rule_user": f"[{OLD_CLAUSES}]",
    "customer_complaint_action_rule_user": (
        f"['|', ('user_id', '=', user.id), ('complaint_id', 'any', [{OLD_CLAUSES}])]"
    ),
}


@tagged("post_install", "-at_install", "customer_complaint")
class TestRuleMyWork(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.helper = new_test_user(
            cls.env,
            login="cc_helper",
            groups="customer_complaint.group_complaint_user",
        )
        cls.leader = new_test_user(
            cls.env,
            login="cc_team_leader",
            groups="customer_complaint.group_complaint_user",
        )
        cls.other_team.user_id = cls.leader
        cls.ours = cls.create_complaint()  # the member's team
        cls.theirs = cls.create_complaint(team_id=cls.other_team.id)
        cls.pool = cls.create_complaint(team_id=False)
        cls.owned = cls.create_complaint(
            team_id=cls.other_team.id, user_id=cls.helper.id
        )
        cls.helped = cls.create_complaint(team_id=cls.other_team.id)
        cls.env["customer.complaint.action"].create(
            {
                "complaint_id": cls.helped.id,
                "name": "Call back",
                "user_id": cls.member.id,
            }
        )
        cls.complaints = cls.ours | cls.theirs | cls.pool | cls.owned | cls.helped

    def _visible(self, user):
        Complaint = self.env["customer.complaint"].with_user(user)
        return Complaint.search([("id", "in", self.complaints.ids)])

    def test_same_complaints_as_the_clauses(self):
        expected = {
            self.member: self.ours | self.pool | self.helped,
            self.outsider: self.theirs | self.pool | self.owned | self.helped,
            self.leader: self.theirs | self.pool | self.owned | self.helped,
            self.helper: self.pool | self.owned,
            self.manager: self.complaints,
        }
        for user, complaints in expected.items():
            with self.subTest(user=user.login):
                visible = self._visible(user)
                self.assertEqual(visible, complaints)
                # The field, read on the records: the manager (who leads the
                # member's team) sees everything, his own work is a part.
                work = self.ours | self.pool if user == self.manager else complaints
                self.assertEqual(visible.filtered("is_my_work"), work)

    def test_rule_on_the_complaints_own_columns(self):
        query = self.env["customer.complaint"].with_user(self.member)._search([])
        sql = query.select().code
        for subquery in ("customer_complaint_action", "member_rel", "EXISTS"):
            self.assertNotIn(subquery, sql)
        self.assertIn('"customer_complaint"."team_id" IN', sql)

    def test_actions_of_visible_complaints(self):
        action = self.helped.action_ids
        Action = self.env["customer.complaint.action"]
        self.assertEqual(
            Action.with_user(self.member).search([("id", "=", action.id)]), action
        )
        self.assertEqual(
            Action.with_user(self.outsider).search([("id", "=", action.id)]), action
        )
        self.assertFalse(Action.with_user(self.helper).search([("id", "=", action.id)]))

    def test_migration_of_shipped_rules(self):
        migration = load_migration("19.0.1.7.0", "post-rule_my_work")
        rules = {
            xmlid: self.env.ref(f"customer_complaint.{xmlid}") for xmlid in OLD_RULES
        }
        edited = self.env.ref("customer_complaint.customer_complaint_rule_manager")
        edited_domain = edited.domain_force
        for xmlid, domain in OLD_RULES.items():
            rules[xmlid].domain_force = domain
        migration.migrate(self.env.cr, "19.0.1.6.1")
        for xmlid, rule in rules.items():
            with self.subTest(rule=xmlid):
                self.assertIn("('is_my_work', '=', True)", rule.domain_force)
                self.assertNotIn("action_ids", rule.domain_force)
        self.assertEqual(
            self._visible(self.member), self.ours | self.pool | self.helped
        )
        self.assertEqual(edited.domain_force, edited_domain)
        # A rule an administrator changed is left as it is.
        rules[
            "customer_complaint_rule_user"
        ].domain_force = "[('user_id', '=', user.id)]"
        migration.migrate(self.env.cr, "19.0.1.6.1")
        self.assertEqual(
            rules["customer_complaint_rule_user"].domain_force,
            "[('user_id', '=', user.id)]",
        )
