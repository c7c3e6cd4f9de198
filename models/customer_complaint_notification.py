"""Who hears of new complaints: the creation log, the owner's and the staff's
activities, the staff summary message."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

# A staff summary lists this many complaints, then counts the others.
SUMMARY_LINES = 20


class CustomerComplaintNotification(models.Model):
    _inherit = "customer.complaint"

    def _log_creation(self):
        """The "Complaint created" log of mail.thread, made by the ORM for the
        first complaint and copied in SQL to the others (no creation subtype
        here: mail.thread would log them all in one batch too)."""
        first = self[:1]
        message = first._message_log_batch(bodies={first.id: first._creation_message()})
        (self - first)._copy_row_sql(message)

    def _notify_new_complaints(self):
        """Tell the owners and the configured staff about new complaints.

        The owner gets a to-do activity due within the reaction time; the
        staff get, per the policy, one message per batch listing the
        complaints, and/or an activity per complaint. All activities are
        created in one batch, without an assignation email each.
        """
        react, new_complaint = _("React to the complaint"), _("New complaint")
        todos = []
        for (company, team), complaints in self.grouped(
            lambda c: (c.company_id, c.team_id)
        ).items():
            deadline = fields.Date.context_today(self) + timedelta(
                days=company.complaint_reaction_days
            )
            todos += [(c, c.user_id, react, deadline) for c in complaints if c.user_id]
            staff = team._get_notified_users(company)
            mode = team._get_notify_mode(company)
            if mode in ("activity", "both"):
                todos += [
                    (c, user, new_complaint, deadline)
                    for c in complaints
                    for user in staff
                    if user != c.user_id
                ]
            if mode in ("message", "both") and staff:
                complaints._post_staff_summary(staff.partner_id)
        self._create_todo_activities(todos)

    @api.model
    def _create_todo_activities(self, todos, notify=False):
        """To-do activities from (complaint, user, summary, deadline[, note])
        tuples, in one batch.

        With ``notify``, the ORM creates each (with its assignation email)
        and they are returned. Without, the ORM creates one activity per
        (user, summary, deadline, note) and the others are SQL copies of it,
        the user following each complaint as the ORM makes them; the ORM's
        ones are returned.
        """
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=not notify)
        )
        if not todos:
            return Activity
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)

        def values(complaint_id, user, summary, deadline, note=False):
            return {
                "res_model_id": model_id,
                "res_id": complaint_id,
                "activity_type_id": todo_type.id,
                "user_id": user.id,
                "summary": summary,
                "date_deadline": deadline,
                "note": note,
            }

        if notify:
            return Activity.create(
                [
                    values(complaint.id, user, summary, deadline, *note)
                    for complaint, user, summary, deadline, *note in todos
                ]
            )
        groups = defaultdict(list)
        for complaint, user, summary, deadline, *note in todos:
            groups[(user, summary, deadline, *note)].append(complaint.id)
        firsts = Activity.create([values(ids[0], *key) for key, ids in groups.items()])
        for ((user, *_todo), ids), activity in zip(groups.items(), firsts, strict=True):
            others = self.browse(ids[1:])
            if not others:
                continue
            others._copy_row_sql(activity, res_name=SQL("c.name"))
            others._copy_follower_sql(self.browse(ids[0]), user.partner_id)
            if activity.date_deadline <= fields.Date.today():
                # As the ORM does: the user's counter of activities due.
                user._bus_send(
                    "mail.activity/updated",
                    {"activity_created": True, "count_diff": len(others)},
                )
        return firsts

    def _post_staff_summary(self, partners, title=None):
        """One notification per recipient listing these complaints."""
        title = title or _("New complaints")
        shown = self[:SUMMARY_LINES]
        lines = Markup("").join(
            Markup('<li><a href="/odoo/complaints/%s">%s</a> %s: %s</li>')
            % (
                complaint.id,
                complaint.name,
                complaint.partner_id.display_name,
                complaint.subject
                or complaint._fields["channel"].convert_to_export(
                    complaint.channel, complaint
                ),
            )
            for complaint in shown
        )
        if len(self) > len(shown):
            lines += Markup("<li>%s</li>") % self.env._(
                "and %(count)s more", count=len(self) - len(shown)
            )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            _("%(title)s: %(count)s complaint(s)", title=title, count=len(self)),
            lines,
        )
        # A single complaint: the message sits on it; a batch: one message.
        thread = self if len(self) == 1 else self.browse()
        thread.sudo().message_notify(
            partner_ids=partners.ids,
            subject=f"{title}: {', '.join(self[:5].mapped('name'))}",
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _copy_row_sql(self, template, on_conflict_nothing=False, **columns):
        """Copy the row of ``template`` (a message, an activity or a follower
        of one complaint) to each complaint of ``self`` in one INSERT ...
        SELECT: ``res_id`` becomes the complaint, ``columns`` are SQL
        expressions over ``c``, the complaint, for the columns that differ.
        Returns the ids of the new rows."""
        if not self:
            return []
        template.flush_recordset()
        columns["res_id"] = SQL("c.id")
        names = [
            name
            for name, field in template._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (%(names)s)
                SELECT %(values)s
                  FROM %(table)s t, %(complaints)s c
                 WHERE t.id = %(template)s AND c.id = ANY(%(ids)s)
                 ORDER BY c.id
                %(conflict)s
                RETURNING id
                """,
                conflict=SQL("ON CONFLICT DO NOTHING" if on_conflict_nothing else ""),
                table=SQL.identifier(template._table),
                complaints=SQL.identifier(self._table),
                names=SQL(", ").join(SQL.identifier(name) for name in names),
                values=SQL(", ").join(
                    columns.get(name, SQL.identifier("t", name)) for name in names
                ),
                template=template.id,
                ids=self.ids,
            )
        )
        new_ids = [row[0] for row in self.env.cr.fetchall()]
        # Their chatter and activity fields changed behind the ORM's back.
        self.invalidate_recordset(
            [
                name
                for name in self._fields
                if name.startswith(("activity_", "my_activity_", "message_"))
            ]
        )
        return new_ids

    def _copy_follower_sql(self, followed, partner):
        """``partner`` follows the complaints of ``self`` with the subtypes
        it has on ``followed`` (already followed through the ORM)."""
        follower = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", followed.id),
                    ("partner_id", "=", partner.id),
                ]
            )
        )
        if not follower:
            return
        new_ids = self._copy_row_sql(follower, on_conflict_nothing=True)
        if new_ids:
            self.env.cr.execute(
                """
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT f.id, r.mail_message_subtype_id
                  FROM unnest(%s::int[]) AS f(id),
                       mail_followers_mail_message_subtype_rel r
                 WHERE r.mail_followers_id = %s
                """,
                [new_ids, follower.id],
            )
