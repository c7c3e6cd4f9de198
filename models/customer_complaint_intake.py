"""How complaints come in: references from the company's no-gap sequence,
the email alias, the portal, and the owner given by the team's policy."""

import heapq
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintIntake(models.Model):
    _inherit = "customer.complaint"

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
        have none.

        As Odoo numbers invoices, the counter is a row (the ``ir.sequence``,
        or its ``ir.sequence.date_range`` of the reception year) written in
        the complaint's transaction: a create that fails rolls its numbers
        back with it, so the register has no holes. A batch reserves all its
        numbers on a counter with one ORM write of ``number_next``; a
        concurrent transaction writing the same counter waits for the row
        lock, then fails with a serialization error (REPEATABLE READ) and
        Odoo retries it: no number is given twice. Queries: a few per
        company and date range, whatever the size of the batch. Names are
        those of ``get_next_char()``.
        """
        new_name = _("New")
        pending = defaultdict(list)
        for vals in vals_list:
            if vals.get("name", new_name) == new_name:
                company_id = vals.get("company_id") or self.env.company.id
                day = fields.Date.to_date(
                    vals.get("date_received") or fields.Datetime.now()
                )
                pending[company_id].append((day, vals))
        if not pending:
            return
        companies = self.env["res.company"].browse(list(pending))
        sequences = companies._get_complaint_sequences()
        for company in companies:
            sequence = sequences[company]
            if sequence.implementation != "no_gap":
                raise UserError(
                    _(
                        "The complaint sequence of company %s must use the No gap "
                        "implementation.",
                        company.name,
                    )
                )
            # counter (sequence or date range) -> [(day, vals)], in order
            counters = defaultdict(list)
            for day, vals in pending[company.id]:
                counter = next(
                    (
                        counter
                        for counter in counters
                        if counter._name == "ir.sequence"
                        or counter.date_from <= day <= counter.date_to
                    ),
                    None,
                ) or sequence._get_current_sequence(sequence_date=day)
                counters[counter].append((day, vals))
            step, padding = sequence.number_increment, sequence.padding
            for counter, items in counters.items():
                first = counter.number_next
                counter.write({"number_next": first + step * len(items)})
                range_from = (
                    counter.date_from if counter._name != "ir.sequence" else False
                )
                by_day = defaultdict(list)
                for index, (day, vals) in enumerate(items):
                    by_day[day].append((first + step * index, vals))
                for day, numbered in by_day.items():
                    # What get_next_char() does, its prefix interpolated once
                    # per day rather than per complaint (0.2 ms each).
                    prefix, suffix = sequence.with_context(
                        ir_sequence_date=day, ir_sequence_date_range=range_from
                    )._get_prefix_suffix()
                    for number, vals in numbered:
                        vals["name"] = f"{prefix}{number:0{padding}d}{suffix}"

    @api.model
    def _assign_owners(self, vals_list):
        """Set ``user_id`` on the values of new complaints (with their
        ``team_id`` and ``company_id``) according to their team's assignment
        mode: round robin or fewest open complaints among the active members
        working for the complaint's company, the leader when the team has no
        members; manual teams are left alone. Reads teams and members as
        superuser: who may create a complaint need not see every colleague's
        companies or complaints for the owner to be chosen fairly."""
        by_team = defaultdict(list)
        for vals in vals_list:
            by_team[(vals.get("team_id"), vals.get("company_id"))].append(vals)
        Team = self.env["customer.complaint.team"].sudo()
        for (team_id, company_id), team_vals in by_team.items():
            team = Team.browse(team_id or ())
            if not team or team.assignment_mode == "manual":
                continue
            company = self.env["res.company"].sudo().browse(company_id or ())
            # A shared team (no company) serves each company by its own people.
            members = team._get_available_members().filtered(
                lambda user, company=company: company in user.company_ids
            )
            if not members:
                continue
            if team.assignment_mode == "round_robin":
                owners = team._next_round_robin(members, len(team_vals))
            else:
                owners = self.sudo()._balanced_owners(members, len(team_vals))
            for vals, owner in zip(team_vals, owners, strict=True):
                vals["user_id"] = owner.id

    def _subscribe_owners(self):
        """The owners follow their new complaints, one subscription per owner
        for the batch (mail.thread would subscribe them one complaint at a
        time: see _message_auto_subscribe_followers)."""
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

    def _balanced_owners(self, members, count):
        """Owners for ``count`` complaints, each to the member who has the
        fewest open complaints at that moment (ties: the lowest id)."""
        open_counts = dict(
            self._read_group(
                [("user_id", "in", members.ids), ("is_closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        heap = [(open_counts.get(user, 0), user.id) for user in members]
        heapq.heapify(heap)
        owners = []
        for _index in range(count):
            load, user_id = heapq.heappop(heap)
            owners.append(members.browse(user_id))
            heapq.heappush(heap, (load + 1, user_id))
        return owners
