"""How complaints come in: references from the company's no-gap sequence,
the email alias, the portal, the default team, and the owner given by the
team's policy (absence and load respected)."""

from collections import defaultdict
from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintIntake(models.Model):
    _inherit = "customer.complaint"

    date_assigned = fields.Datetime(
        string="Assigned On",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="When the owner got the complaint. Round robin gives the next "
        "complaint of a team to the member after the one assigned last.",
    )
    # The team's last assignment (round robin's turn) read from an index.
    _team_turn_idx = models.Index(
        "(team_id, date_assigned DESC, id DESC) WHERE date_assigned IS NOT NULL"
    )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the complaints alias: a complaint from the sender."""
        if not isinstance(msg_dict, dict) or not isinstance(custom_values or {}, dict):
            raise UserError(_("An email is given as a dictionary of its parts."))
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from")
        if "partner_id" not in values:
            partner = (
                self._partner_find_from_emails_single([email_from])
                if email_from
                else self.env["res.partner"]
            )
            if not partner:
                raise ValidationError(
                    _(
                        "An email without a sender address cannot be registered as "
                        "a complaint: nobody could be answered."
                    )
                )
            values["partner_id"] = partner.id
        values.setdefault("channel", "email")
        values.setdefault("team_id", self.env.company._get_complaint_default_team().id)
        values.setdefault("subject", msg_dict.get("subject"))
        values.setdefault("description", msg_dict.get("body"))
        # The reference comes from the sequence, not from the email subject.
        values["name"] = _("New")
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _allocate_references(self, vals_list):
        """Set ``name`` from the company's no-gap sequence on the values that
        have none, dated by the reception (``ir.sequence.next_by_id``).

        As Odoo numbers invoices, the no-gap counter is a row written in the
        complaint's transaction: a create that fails rolls its numbers back
        with it, so the register has no holes. The row stays locked until
        the commit; a concurrent intake that finds it locked fails at once
        (``FOR UPDATE NOWAIT``) and Odoo retries its request. ``create``
        takes the numbers last, right before the INSERT.
        """
        new_name = _("New")
        pending = [vals for vals in vals_list if vals.get("name", new_name) == new_name]
        if not pending:
            return
        Company = self.env["res.company"]
        company_ids = [
            vals.get("company_id") or self.env.company.id for vals in pending
        ]
        sequences = Company.browse(set(company_ids))._get_complaint_sequences()
        for vals, company_id in zip(pending, company_ids, strict=True):
            company = Company.browse(company_id)
            received = fields.Datetime.to_datetime(
                vals.get("date_received") or fields.Datetime.now()
            )
            # The reception's day where the company is, as its statutory
            # deadline counts it: not the UTC one (New Year's Eve in Moscow).
            day = (
                pytz.utc.localize(received)
                .astimezone(company._get_complaint_tz())
                .date()
            )
            # The reception date also for a prefix without date ranges.
            sequence = sequences[company]
            vals["name"] = sequence.with_context(ir_sequence_date=day).next_by_id(
                sequence_date=day
            )

    # ------------------------------------------------------------------
    # Routing: the default team
    # ------------------------------------------------------------------

    def _default_team_id(self):
        """The team a complaint registered by hand gets (the form's default)."""
        company = self.env.company
        return self._get_default_teams(company)[company]

    @api.model
    def _get_default_teams(self, companies):
        """{company: the team of the complaints of that company that name
        none}: the company's default team (the configured one, else its
        first). A complaint user registering a complaint who is neither a
        member nor the leader of that team gets their own team of the
        company instead, so that they still see what they registered, and
        the intake pool (no team) when they have none."""
        user = self.env.user
        restricted = not self.env.su and not user.has_group(
            "customer_complaint.group_complaint_manager"
        )
        Team = self.env["customer.complaint.team"]
        teams = {}
        for company in companies:
            team = company._get_complaint_default_team()
            if restricted and user not in team.member_ids | team.user_id:
                # A complaint user reads the teams of the session's companies.
                team = Team.search(
                    [
                        ("company_id", "in", [company.id, False]),
                        "|",
                        ("member_ids", "in", user.ids),
                        ("user_id", "=", user.id),
                    ],
                    limit=1,
                )
            teams[company] = team
        return teams

    @api.model
    def _set_default_teams(self, vals_list):
        """Give ``team_id`` to the values of new complaints that name none
        (the key is absent; ``False`` is the intake pool, asked for): the
        ``default_team_id`` of the context, else the default team of their
        company (``company_id`` is set)."""
        pending = [vals for vals in vals_list if "team_id" not in vals]
        if not pending:
            return
        context_team = self.env.context.get("default_team_id")
        if context_team:
            for vals in pending:
                vals["team_id"] = context_team
            return
        default_company = self.env.company.id
        company_ids = [vals.get("company_id") or default_company for vals in pending]
        companies = self.env["res.company"].browse(set(company_ids))
        teams = self._get_default_teams(companies)
        for vals, company_id in zip(pending, company_ids, strict=True):
            vals["team_id"] = teams[companies.browse(company_id)].id

    @api.onchange("company_id")
    def _onchange_company_id_team(self):
        """A team of another company does not follow the complaint there."""
        team = self.team_id
        if team.company_id and team.company_id != self.company_id:
            self.team_id = self._get_default_teams(self.company_id)[self.company_id]

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------

    @api.model
    def _assign_owners(self, vals_list):
        """Set ``user_id`` on the values of complaints (with their ``team_id``
        and ``company_id``) according to their team's assignment mode: round
        robin or fewest open complaints, among the active members working
        for the complaint's company who are not on leave today and own fewer
        open complaints than the team's maximum (what the batch gives
        counts). When the team has no member at all, its leader gets them;
        when it has members but none available, its leader too, even at the
        maximum (nobody when the leader is archived). Manual teams are left
        alone.

        Returns the values given to a leader for want of an available member
        (their notified staff are to be told). Reads teams, members, leaves
        and loads as superuser, for the batch at once (a few queries per
        team, whatever the number of complaints): who may create a complaint
        need not see every colleague's companies, leaves or complaints for
        the owner to be chosen fairly."""
        by_team = defaultdict(list)
        for vals in vals_list:
            by_team[(vals.get("team_id"), vals.get("company_id"))].append(vals)
        Team = self.env["customer.complaint.team"].sudo()
        Company = self.env["res.company"].sudo()
        teams = Team.browse({team_id for team_id, _company in by_team if team_id})
        plans = []
        for (team_id, company_id), team_vals in by_team.items():
            team = teams.browse(team_id or ()).with_prefetch(teams._prefetch_ids)
            if not team or team.assignment_mode == "manual":
                continue
            company = Company.browse(company_id or self.env.company.id)
            plans.append(
                (team, company, team._get_available_members(company), team_vals)
            )
        candidates = self.env["res.users"].union(*(plan[2] for plan in plans))
        absent = Team._get_absent_users(candidates)
        needs_loads = any(
            team.assignment_mode == "balanced" or team.max_open_per_member
            for team, *_rest in plans
        )
        loads = Team._get_open_loads(candidates) if needs_loads else {}
        given_to_leaders = []
        turns = {}
        for team, company, members, team_vals in plans:
            available = members - absent
            if not available:
                owners = [None] * len(team_vals)
            elif team.assignment_mode == "round_robin":
                owners = team._next_round_robin(available, len(team_vals), loads, turns)
            else:
                owners = team._next_balanced(available, len(team_vals), loads)
            leader = team._get_fallback_owner(company)
            for vals, owner in zip(team_vals, owners, strict=True):
                if owner is None:
                    if not leader:
                        continue
                    owner = leader
                    loads[leader.id] = loads.get(leader.id, 0) + 1
                    # A team of its leader alone works that way by design.
                    if team.member_ids:
                        given_to_leaders.append(vals)
                vals["user_id"] = owner.id
        return given_to_leaders

    @api.model
    def _set_assignment_dates(self, vals_list):
        """Date the owner given by each of ``vals_list``, unless the values
        date it themselves. To the microsecond, unlike Odoo's dates: round
        robin orders by it assignments made within one second (those of one
        batch tie, and then the latest complaint of the batch comes last)."""
        now = datetime.now()
        for vals in vals_list:
            if "user_id" in vals and "date_assigned" not in vals:
                vals["date_assigned"] = vals["user_id"] and now

    def write(self, vals):
        """An unassigned open complaint moved to a team gets an owner by the
        team's mode, in the same write (one per owner), unless the write
        names the owner."""
        if "user_id" in vals:
            vals = dict(vals)
            self._set_assignment_dates([vals])
        if not vals.get("team_id") or "user_id" in vals or not self:
            return super().write(vals)
        stage = self.env["customer.complaint.stage"].browse(vals.get("stage_id") or ())
        # Who may write the team of these complaints may read their owner.
        to_assign = self.filtered(
            lambda c: not c.user_id
            and not (stage.is_closed if "stage_id" in vals else c.is_closed)
        )
        if not to_assign:
            return super().write(vals)
        team_vals = [
            {"team_id": vals["team_id"], "company_id": complaint.company_id.id}
            for complaint in to_assign
        ]
        given_to_leaders = {id(values) for values in self._assign_owners(team_vals)}
        by_owner = defaultdict(list)
        to_leaders = []
        last_served = {}
        for index, (complaint, values) in enumerate(
            zip(to_assign, team_vals, strict=True)
        ):
            owner_id = values.get("user_id", False)
            by_owner[owner_id].append(complaint.id)
            last_served[owner_id] = index
            if id(values) in given_to_leaders:
                to_leaders.append(complaint.id)
        rest = self - to_assign
        if rest:
            super(CustomerComplaintIntake, rest).write(vals)
        # The owner served last is written, and dated, last.
        for owner_id in sorted(by_owner, key=last_served.get):
            ids = by_owner[owner_id]
            complaints = self.browse(ids).with_prefetch(self._prefetch_ids)
            owner_vals = dict(vals, user_id=owner_id)
            self._set_assignment_dates([owner_vals])
            super(CustomerComplaintIntake, complaints).write(owner_vals)
        self.browse(to_leaders)._notify_given_to_leaders()
        return True

    def _notify_given_to_leaders(self):
        """Tell the notified staff of their team, one message per team and
        company for these complaints, which complaints went to the team leader
        because no member was available (on leave, at the maximum of open
        complaints, archived)."""
        # sudo: after create, the creator may not see a complaint routed to a
        # team they are not in.
        for (company, team), complaints in (
            self.sudo().grouped(lambda c: (c.company_id, c.team_id)).items()
        ):
            staff = team and team._get_notified_users(company)
            if not staff:
                continue
            complaints._post_staff_summary(
                staff.partner_id,
                title=self.env._(
                    "Given to the leader of %(team)s, no member being available",
                    team=team.name,
                ),
            )

    def _subscribe_owners(self):
        """The owners follow their new complaints, one subscription per owner
        for the batch (mail.thread would subscribe them one complaint at a
        time: see _message_auto_subscribe_followers)."""
        # sudo: after create, the creator may not see a complaint routed to
        # another team.
        for owner, complaints in self.sudo().grouped("user_id").items():
            if owner.active:
                complaints._message_subscribe(partner_ids=owner.partner_id.ids)

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        if self.env.context.get("complaint_owners_subscribed"):
            # create() subscribes the owners of the batch together.
            updated_values = dict(updated_values, user_id=False)
        return super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
