from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestAssignment(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agents = cls.env["res.users"].browse(
            [
                new_test_user(
                    cls.env,
                    login=f"cc_agent_{index}",
                    groups="customer_complaint.group_complaint_user",
                ).id
                for index in range(3)
            ]
        )
        cls.team.member_ids = cls.agents

    def _complaints(self, count):
        return self.env["customer.complaint"].create(
            [{"partner_id": self.customer.id, "team_id": self.team.id}] * count
        )

    def test_round_robin_continues_where_it_stopped(self):
        self.team.assignment_mode = "round_robin"
        first = self._complaints(4)
        self.assertEqual(first.user_id.ids, self.agents.ids)
        self.assertEqual(first.mapped("user_id").ids, self.agents.ids)
        self.assertEqual([c.user_id for c in first], [*self.agents, self.agents[0]])
        second = self._complaints(2)
        self.assertEqual([c.user_id for c in second], [self.agents[1], self.agents[2]])

    def test_balanced_fills_the_least_loaded(self):
        self.team.assignment_mode = "manual"
        busy = self._complaints(3)
        busy[:2].user_id = self.agents[0]
        busy[2].user_id = self.agents[2]
        # A closed complaint does not count as load.
        closed = self._complaints(1)
        closed.write(
            {
                "user_id": self.agents[1].id,
                "stage_id": self.stages["closed"].id,
                "resolution": "Apologised",
                "outcome": "upheld",
            }
        )
        self.team.assignment_mode = "balanced"
        new = self._complaints(3)
        open_load = {
            agent: self.env["customer.complaint"].search_count(
                [("user_id", "=", agent.id), ("is_closed", "=", False)]
            )
            for agent in self.agents
        }
        self.assertEqual(list(open_load.values()), [2, 2, 2])
        self.assertEqual(
            new.filtered(lambda c: c.user_id == self.agents[1]).ids.__len__(), 2
        )

    def test_manual_leaves_unassigned(self):
        self.team.assignment_mode = "manual"
        self.assertFalse(self._complaints(2).user_id)

    def test_inactive_members_skipped_and_leader_fallback(self):
        self.team.assignment_mode = "round_robin"
        self.agents[:2].action_archive()
        self.assertEqual(self._complaints(2).user_id, self.agents[2])
        self.team.member_ids = False
        self.assertEqual(self._complaints(1).user_id, self.manager)

    def test_explicit_owner_kept(self):
        complaint = self.create_complaint(user_id=self.outsider.id)
        self.assertEqual(complaint.user_id, self.outsider)
