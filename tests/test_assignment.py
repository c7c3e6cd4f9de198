from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
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

    def _team_rows_updated(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_xact_user_tables
                WHERE relname = 'customer_complaint_team'"""
        )
        return self.env.cr.fetchone()[0]

    def test_round_robin_turn_is_read_from_the_complaints(self):
        """Concurrent intakes must not all write the team's row (they would
        fail on it); the turn follows the owner of the latest complaint."""
        self.team.assignment_mode = "round_robin"
        updated = self._team_rows_updated()
        first = self._complaints(2)
        self.assertEqual(self._team_rows_updated(), updated)
        self.assertEqual(self.team.last_assigned_user_id, self.agents[1])
        first[-1].user_id = self.agents[2]
        self.assertEqual(self._complaints(1).user_id, self.agents[0])

    def test_round_robin_turns_for_complaints_moved_one_by_one(self):
        """Older complaints moved into the team one at a time take their
        turns, whatever their ids."""
        self.team.assignment_mode = "manual"
        pooled = self.env["customer.complaint"].create(
            [{"partner_id": self.customer.id, "team_id": False}] * 3
        )
        newest = self._complaints(1)
        newest.user_id = self.agents[2]
        self.team.assignment_mode = "round_robin"
        for complaint in pooled:
            complaint.team_id = self.team
        self.assertEqual([c.user_id for c in pooled], list(self.agents))
        self.assertEqual(self.team.last_assigned_user_id, self.agents[2])

    def test_assignment_date_follows_the_owner(self):
        complaint = self._complaints(1)
        self.assertTrue(complaint.date_assigned)
        complaint.date_assigned = "2020-01-01 00:00:00"
        complaint.user_id = self.agents[1]
        self.assertGreater(complaint.date_assigned.year, 2020)
        complaint.user_id = False
        self.assertFalse(complaint.date_assigned)
        # Only the addon dates an assignment.
        with self.assertRaises(UserError):
            complaint.with_user(self.manager).date_assigned = "2020-01-01 00:00:00"

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
        self.assertEqual(len(new.filtered(lambda c: c.user_id == self.agents[1])), 2)

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


@tagged("post_install", "-at_install", "customer_complaint")
class TestAvailability(ComplaintCase):
    """Routing of complaints that name no team, assignment when a team is set
    later, and owners chosen among the members who are there and not
    overloaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agents = cls.env["res.users"].browse(
            [
                new_test_user(
                    cls.env,
                    login=f"cc_avail_{index}",
                    groups="customer_complaint.group_complaint_user",
                    name=f"Agent {index}",
                ).id
                for index in range(3)
            ]
        )
        cls.team.write(
            {
                "member_ids": [Command.set(cls.agents.ids)],
                "assignment_mode": "round_robin",
                "notify_user_ids": [Command.set(cls.outsider.ids)],
                "notify_mode": "message",
            }
        )
        cls.company.complaint_default_team_id = cls.team
        cls.now = fields.Datetime.now()

    def _complaints(self, count, **values):
        return self.env["customer.complaint"].create(
            [{"partner_id": self.customer.id, **values}] * count
        )

    def _on_leave(self, user, start=-1, end=8, **values):
        """A time off of ``user``'s employee from ``start`` to ``end`` hours
        from now."""
        employee = self.env["hr.employee"].create(
            {"name": user.name, "user_id": user.id}
        )
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "resource_id": employee.resource_id.id,
                "date_from": self.now + timedelta(hours=start),
                "date_to": self.now + timedelta(hours=end),
                **values,
            }
        )

    def _leader_notices(self, staff=None):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", (staff or self.outsider).partner_id.id),
                ("subject", "=like", "Given to the leader of%"),
            ]
        )

    # Routing

    def test_no_team_gets_the_company_default_team_and_an_owner(self):
        complaints = self._complaints(3)
        self.assertEqual(complaints.team_id, self.team)
        self.assertEqual(complaints.user_id, self.agents)
        # The form proposes the same team.
        defaults = self.env["customer.complaint"].default_get(["team_id"])
        self.assertEqual(defaults["team_id"], self.team.id)
        # No team asked for: the intake pool, nobody assigned.
        pooled = self._complaints(1, team_id=False)
        self.assertFalse(pooled.team_id or pooled.user_id)

    def test_default_team_of_the_complaint_company(self):
        branch = self.create_company("Branch Ltd")
        complaint = self._complaints(1, company_id=branch.id)
        self.assertEqual(complaint.team_id, branch._get_complaint_default_team())
        self.assertEqual(complaint.team_id.company_id, branch)

    def test_complaint_user_registering_by_hand(self):
        """Assignment reads colleagues, leaves and loads as superuser; a user
        outside the default team gets their own team (they see the
        complaint they registered)."""
        self._on_leave(self.agents[0])
        Complaint = self.env["customer.complaint"]
        mine = Complaint.with_user(self.agents[1]).create(
            {"partner_id": self.customer.id, "description": "<p>Late</p>"}
        )
        self.assertEqual(mine.team_id, self.team)
        self.assertIn(mine.user_id, self.agents[1:])
        theirs = Complaint.with_user(self.outsider).create(
            {"partner_id": self.customer.id}
        )
        self.assertEqual(theirs.team_id, self.other_team)
        self.assertEqual(theirs.user_id, self.outsider)
        # Moving an unassigned one to a team, as a plain user.
        pooled = Complaint.with_user(self.agents[1]).create(
            {"partner_id": self.customer.id, "team_id": False}
        )
        pooled.with_user(self.agents[1]).team_id = self.team
        self.assertIn(pooled.user_id, self.agents[1:])

    def test_moving_a_complaint_one_cannot_see_is_refused(self):
        """The owners read for the assignment are those of complaints the
        user may write: another team's unassigned one is refused whole."""
        self.other_team.assignment_mode = "round_robin"
        complaint = self._complaints(1)
        complaint.user_id = False
        with self.assertRaises(AccessError):
            complaint.with_user(self.outsider).team_id = self.other_team
        complaint.invalidate_recordset()
        self.assertEqual(complaint.team_id, self.team)
        self.assertFalse(complaint.user_id)

    def test_team_set_later_assigns(self):
        pooled = self._complaints(4, team_id=False)
        owned = self._complaints(1, team_id=False, user_id=self.manager.id)
        closed = self._complaints(
            1,
            team_id=False,
            stage_id=self.stages["closed"].id,
            resolution="Refunded",
            outcome="upheld",
        )
        (pooled | owned | closed).team_id = self.team
        self.assertEqual([c.user_id for c in pooled], [*self.agents, self.agents[0]])
        self.assertEqual(owned.user_id, self.manager)
        self.assertFalse(closed.user_id)
        self.assertEqual(self.team.last_assigned_user_id, self.agents[0])

    def test_owner_given_with_the_team_wins(self):
        pooled = self._complaints(2, team_id=False)
        pooled.write({"team_id": self.team.id, "user_id": self.manager.id})
        self.assertEqual(pooled.user_id, self.manager)
        cleared = self._complaints(1, team_id=False)
        cleared.write({"team_id": self.team.id, "user_id": False})
        self.assertFalse(cleared.user_id)

    def test_moving_to_a_closed_stage_with_the_team_assigns_nobody(self):
        pooled = self._complaints(1, team_id=False)
        pooled.write(
            {
                "team_id": self.team.id,
                "stage_id": self.stages["closed"].id,
                "resolution": "Refunded",
                "outcome": "upheld",
            }
        )
        self.assertFalse(pooled.user_id)

    # Absence

    def test_member_on_leave_skipped(self):
        self._on_leave(self.agents[0])
        # Past and future leaves, a public holiday: all there today.
        self._on_leave(self.agents[1], start=-48, end=-24)
        self._on_leave(self.agents[2], start=24, end=48)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": self.now - timedelta(hours=1),
                "date_to": self.now + timedelta(hours=8),
            }
        )
        complaints = self._complaints(4)
        self.assertEqual(
            [c.user_id for c in complaints], [*self.agents[1:], *self.agents[1:]]
        )
        self.team.assignment_mode = "balanced"
        self.assertNotIn(self.agents[0], self._complaints(3).user_id)

    def test_work_time_leave_does_not_count(self):
        """A leave of type Other (a training counted as work) is no absence."""
        self._on_leave(self.agents[0], time_type="other")
        self.assertIn(self.agents[0], self._complaints(3).user_id)

    # Load

    def test_max_open_per_member_in_a_batch(self):
        self.team.max_open_per_member = 2
        self._complaints(2, user_id=self.agents[0].id)
        complaints = self._complaints(5)
        # agents 1 and 2 fill up to 2 each; the fifth goes to the leader.
        self.assertEqual(
            [c.user_id for c in complaints],
            [
                self.agents[1],
                self.agents[2],
                self.agents[1],
                self.agents[2],
                self.manager,
            ],
        )
        # Balanced respects it too; closing one frees a place.
        self.team.assignment_mode = "balanced"
        complaints[0].write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Refunded",
                "outcome": "upheld",
            }
        )
        again = self._complaints(2)
        self.assertEqual(again.mapped("user_id"), self.agents[1] | self.manager)

    def test_max_open_per_member_not_negative(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.team.max_open_per_member = -1

    # Nobody available

    def test_nobody_available_leader_gets_it_and_staff_told_once(self):
        self.team.max_open_per_member = 1
        self._on_leave(self.agents[0])
        self._on_leave(self.agents[1])
        self._complaints(1, user_id=self.agents[2].id)
        # The leader gets them even at the maximum.
        self._complaints(1, user_id=self.manager.id)
        complaints = self._complaints(3)
        self.assertEqual(complaints.user_id, self.manager)
        self.run_commit_hooks()
        notice = self._leader_notices()
        self.assertEqual(len(notice), 1)
        for complaint in complaints:
            self.assertIn(complaint.name, notice.body)
        self.assertIn("Test Team", notice.subject)
        # Set later: the same, in a message of its own.
        pooled = self._complaints(2, team_id=False)
        pooled.team_id = self.team
        self.assertEqual(pooled.user_id, self.manager)
        self.run_commit_hooks()
        self.assertEqual(len(self._leader_notices()), 2)

    def test_leader_alone_by_design_is_no_news(self):
        self.team.member_ids = False
        self.assertEqual(self._complaints(2).user_id, self.manager)
        self.run_commit_hooks()
        self.assertFalse(self._leader_notices())

    def test_archived_leader_leaves_unassigned(self):
        leader = new_test_user(
            self.env,
            login="cc_avail_leader",
            groups="customer_complaint.group_complaint_user",
        )
        self.team.user_id = leader
        self.agents.action_archive()
        leader.action_archive()
        complaints = self._complaints(2)
        self.assertFalse(complaints.user_id)
        self.run_commit_hooks()
        self.assertFalse(self._leader_notices())

    def test_assignment_queries_do_not_grow(self):
        """Leaves, loads, leader and the notice: a few queries per team for
        the batch, whatever its size."""
        self.team.write({"assignment_mode": "balanced", "max_open_per_member": 3})
        self._on_leave(self.agents[0])
        Complaint = self.env["customer.complaint"]

        def queries(count):
            vals_list = [
                {"team_id": self.team.id, "company_id": self.company.id}
            ] * count
            vals_list = [dict(vals) for vals in vals_list]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            given = Complaint._assign_owners(vals_list)
            self.assertEqual(len(given), max(count - 6, 0))
            return self.env.cr.sql_log_count - before

        self.assertLessEqual(queries(300), queries(3))
        # One notice for a batch of 300 complaints given to the leader.
        complaints = self._complaints(300)
        self.run_commit_hooks()
        self.assertEqual(len(self._leader_notices()), 1)
        self.assertEqual(
            len(complaints.filtered(lambda c: c.user_id == self.manager)), 294
        )
