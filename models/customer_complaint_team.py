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
        help="How new complaints get an owner among the active team members. "
        "A team without members gives them to its leader.",
    )
    last_assigned_user_id = fields.Many2one(
        "res.users",
        readonly=True,
        check_company=True,
        help="Round robin: the member served last.",
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

    def _get_available_members(self):
        """Active members, or the leader when the team has none."""
        self.ensure_one()
        members = self.member_ids.filtered("active")
        return members or self.user_id.filtered("active")

    def _next_round_robin(self, members, count):
        """Owners for ``count`` complaints, taking the members in turn after
        the one served last; remembers the last one served."""
        self.ensure_one()
        members = members.sorted("id")
        start = 0
        if self.last_assigned_user_id in members:
            start = list(members).index(self.last_assigned_user_id) + 1
        owners = [members[(start + index) % len(members)] for index in range(count)]
        if owners:
            self.sudo().last_assigned_user_id = owners[-1]
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
