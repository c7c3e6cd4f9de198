import heapq

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_company import NOTIFY_MODES


class CustomerComplaintTeam(models.Model):
    _name = "customer.complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.thread", "customer.complaint.company.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        index=True,
    )
    member_ids = fields.Many2many(
        "res.users",
        "customer_complaint_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    color = fields.Integer()
    assignment_mode = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round robin"),
            ("balanced", "Balanced (fewest open complaints)"),
        ],
        default="balanced",
        required=True,
        tracking=True,
        help="How new complaints, and unassigned ones moved to this team, get "
        "an owner among the active team members who are not on leave and "
        "under the maximum of open complaints. A team without members gives "
        "them to its leader; so does a team none of whose members is "
        "available, and its notified staff are told.",
    )
    max_open_per_member = fields.Integer(
        string="Max. Open Complaints per Member",
        tracking=True,
        help="A member who owns this many open complaints (of any team) gets no "
        "new one from this team until some are closed; 0 = no limit. When "
        "every member is at the limit or on leave, the team leader gets the "
        "complaint.",
    )
    last_assigned_user_id = fields.Many2one(
        "res.users",
        compute="_compute_last_assigned_user_id",
        help="Round robin: the member who was given a complaint of the team "
        "last; the next one goes to the member after them.",
    )
    # Policy overrides; empty means "as in the company settings".
    review_threshold = fields.Integer(
        string="Review Score Threshold",
        help="Overrides the company threshold for reviews routed to this team "
        "(1-5; 0 = use the company setting).",
    )
    notify_user_ids = fields.Many2many(
        "res.users",
        "customer_complaint_team_notify_user_rel",
        "team_id",
        "user_id",
        string="Notified Staff",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Notified of every new complaint of this team; "
        "empty = the company's notified staff.",
    )
    notify_group_ids = fields.Many2many(
        "res.groups",
        "customer_complaint_team_notify_group_rel",
        "team_id",
        "group_id",
        string="Notified Groups",
    )
    notify_mode = fields.Selection(
        NOTIFY_MODES, string="Notify Staff By", help="Empty = the company setting."
    )
    complaint_ids = fields.One2many("customer.complaint", "team_id")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    _max_open_per_member_positive = models.Constraint(
        "CHECK(max_open_per_member >= 0)",
        "The maximum of open complaints per member cannot be negative.",
    )
    _review_threshold_range = models.Constraint(
        "CHECK(review_threshold BETWEEN 0 AND 5)",
        "The team's review score threshold must be between 0 and 5.",
    )

    @api.constrains("review_threshold")
    def _check_review_threshold(self):
        for team in self:
            if not 0 <= team.review_threshold <= 5:
                raise ValidationError(
                    self.env._(
                        "The review score threshold of team %s must be between "
                        "1 and 5 (0 uses the company setting).",
                        team.name,
                    )
                )

    @api.constrains("company_id")
    def _check_company_of_complaints(self):
        """A team of a company keeps the company of its complaints: moving it
        would leave them in a team of another company."""
        teams = self.filtered("company_id")
        if not teams:
            return
        # sudo: every complaint of the team, other companies' and archived ones.
        groups = (
            self.env["customer.complaint"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("team_id", "in", teams.ids)], ["team_id", "company_id"])
        )
        moved = [team for team, company in groups if company != team.company_id]
        if moved:
            raise ValidationError(
                self.env._(
                    "Team %s has complaints of another company and cannot move "
                    "to this one: create a team in this company instead.",
                    moved[0].display_name,
                )
            )

    def _compute_open_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("team_id", "in", self.ids), ("is_closed", "=", False)],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_complaint_count = counts.get(team, 0)

    def _compute_last_assigned_user_id(self):
        for team in self:
            team.last_assigned_user_id = team._get_last_assigned(team.member_ids)

    def _get_last_assigned(self, members):
        """The member among ``members`` who was given a complaint of the team
        last (archived complaints count: they took their turn)."""
        self.ensure_one()
        if not self.id or not members:
            return members.browse()
        # sudo: the turn counts the complaints of every member, also those
        # the reader cannot see; only their owner is read.
        latest = (
            self.env["customer.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("team_id", "=", self.id),
                    ("date_assigned", "!=", False),
                    ("user_id", "in", members.ids),
                ],
                order="date_assigned desc, id desc",
                limit=1,
            )
        )
        return members & latest.user_id

    # The policy getters accept an empty team: then the company decides.
    def _get_review_threshold(self, company):
        return self.review_threshold or company.complaint_review_threshold

    def _get_notify_mode(self, company):
        return self.notify_mode or company.complaint_notify_mode

    def _get_notified_users(self, company):
        """Staff to notify of this team's new complaints (team or company policy)."""
        if self.notify_user_ids or self.notify_group_ids:
            users, groups = self.notify_user_ids, self.notify_group_ids
        else:
            users = company.complaint_notify_user_ids
            groups = company.complaint_notify_group_ids
        users |= groups.all_user_ids
        return users.filtered(lambda user: user.active and not user.share)

    @api.constrains("max_open_per_member")
    def _check_max_open_per_member(self):
        for team in self:
            if team.max_open_per_member < 0:
                raise ValidationError(
                    self.env._(
                        "The maximum of open complaints per member of team %s "
                        "cannot be negative (0 = no limit).",
                        team.name,
                    )
                )

    # Assignment. The pickers take ``loads``, {user id: open complaints},
    # shared by all the teams of a batch and counting what the batch gives.

    def _get_available_members(self, company):
        """The members who may own complaints of ``company``: active internal
        users working for it (a shared team serves each company by its own
        people). Absence and load are the assignment's business."""
        self.ensure_one()
        return self.member_ids.filtered(
            lambda user: user.active and not user.share and company in user.company_ids
        )

    def _get_fallback_owner(self, company):
        """Who gets the complaints when no member can: the leader, if active
        and working for ``company``; else nobody (left unassigned)."""
        self.ensure_one()
        return self.user_id.filtered(
            lambda user: user.active and not user.share and company in user.company_ids
        )

    @api.model
    def _get_absent_users(self, users, now=None):
        """The ``users`` on leave at ``now``: a time off (``resource.calendar.
        leaves`` of type Time Off, as the Time Off app validates them) of one
        of their resources (their employees) covers that moment. One query
        for all the users.

        Leaves of a whole calendar (public holidays) do not count: they take
        every member of the calendar off alike, so skipping them would give
        the day's complaints to the leader alone; the deadlines already
        leave those days out."""
        if not users:
            return users
        now = now or fields.Datetime.now()
        # sudo: employees read only their own time off; the choice weighs all.
        groups = (
            self.env["resource.calendar.leaves"]
            .sudo()
            ._read_group(
                [
                    ("resource_id.user_id", "in", users.ids),
                    ("time_type", "=", "leave"),
                    ("date_from", "<=", now),
                    ("date_to", ">", now),
                ],
                ["resource_id.user_id"],
            )
        )
        return users.browse([user.id for (user,) in groups if user])

    @api.model
    def _get_open_loads(self, users):
        """{user id: open complaints they own}, in one query."""
        if not users:
            return {}
        # sudo: the load counts complaints the caller cannot see (other teams).
        groups = (
            self.env["customer.complaint"]
            .sudo()
            ._read_group(
                [("user_id", "in", users.ids), ("is_closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        return {user.id: count for user, count in groups}

    def _under_cap(self, user, loads):
        cap = self.max_open_per_member
        return not cap or loads.get(user.id, 0) < cap

    def _next_round_robin(self, members, count, loads, turns):
        """Owners for ``count`` complaints, taking the members in turn after
        the one served last and passing over those at the team's maximum of
        open complaints; ``None`` where nobody is left under it. The turn is
        read from the complaints, not kept on the team: concurrent intakes
        would all write that one row. ``turns`` ({team id: member served
        last}) carries it between the groups of one batch (one per company
        of a shared team)."""
        self.ensure_one()
        members = members.sorted("id")
        size = len(members)
        position = 0
        # The batch's earlier groups of this team (other companies) count.
        last = turns.get(self.id) or self._get_last_assigned(members)
        if last in members:
            position = list(members).index(last) + 1
        owners = []
        for _index in range(count):
            owner = None
            for step in range(size):
                candidate = members[(position + step) % size]
                if self._under_cap(candidate, loads):
                    owner = candidate
                    position = (position + step + 1) % size
                    break
            if owner is None:
                # Loads only grow: nobody is under the limit for the rest.
                owners += [None] * (count - len(owners))
                break
            loads[owner.id] = loads.get(owner.id, 0) + 1
            owners.append(owner)
            turns[self.id] = owner
        return owners

    def _next_balanced(self, members, count, loads):
        """Owners for ``count`` complaints, each to the member who has the
        fewest open complaints at that moment (ties: the lowest id), below
        the team's maximum; ``None`` where nobody is left under it."""
        self.ensure_one()
        heap = [(loads.get(user.id, 0), user.id) for user in members]
        heapq.heapify(heap)
        owners = []
        for _index in range(count):
            if not heap or not self._under_cap(members.browse(heap[0][1]), loads):
                owners += [None] * (count - len(owners))
                break
            load, user_id = heap[0]
            heapq.heapreplace(heap, (load + 1, user_id))
            loads[user_id] = load + 1
            owners.append(members.browse(user_id))
        return owners

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A team complaints belong to (archived ones and those out of the
        user's companies included) is archived, not deleted: its complaints
        would fall into the intake pool every user sees."""
        used = self.env["customer.complaint"]._first_use_of(self, "team_id")
        if used:
            team, count = used
            raise UserError(
                self.env._(
                    'The team "%(name)s" has %(count)s complaint(s), archived '
                    "ones included, and cannot be deleted: archive it instead.",
                    name=team.display_name,
                    count=count,
                )
            )
