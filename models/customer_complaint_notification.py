"""Who hears of new complaints: the creation log, the owner's and the staff's
activities, the staff summary message."""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models

# A staff summary lists this many complaints, then counts the others.
SUMMARY_LINES = 20


def assignee_today(user):
    """Today where ``user`` is: in their time zone (UTC without one, as
    ``env.tz``), by which mail.activity tells them a to-do is due or late,
    not in that of the cron, email or customer that planned it."""
    # sudo: any user's time zone, whoever's change plans their to-do.
    return fields.Date.context_today(user.with_context(tz=user.sudo().tz or "UTC"))


class CustomerComplaintNotification(models.Model):
    _inherit = "customer.complaint"

    def _log_creation(self):
        """The "Complaint created" log of mail.thread, for the whole batch in
        one ``_message_log_batch`` (as mail.thread logs records without a
        creation subtype)."""
        if not self:
            return
        self._message_log_batch(
            bodies={complaint.id: complaint._creation_message() for complaint in self}
        )

    def _notify_new_complaints(self):
        """Tell the owners and the configured staff about new complaints.

        The owner gets a to-do activity due within the reaction time; the
        staff get, per the policy, one message listing these complaints
        and/or an activity per complaint. All activities are
        created in one batch, without an assignation email each.
        """

        # Activity types of their own: named in each reader's language.
        react = self.env.ref("customer_complaint.mail_activity_type_react")
        new_complaint = self.env.ref(
            "customer_complaint.mail_activity_type_new_complaint"
        )
        todos = []
        for (company, team), complaints in self.grouped(
            lambda c: (c.company_id, c.team_id)
        ).items():
            deadline = timedelta(days=company.complaint_reaction_days)
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
        tuples, in one batched ``mail.activity`` create; returned in the order
        of ``todos``. A deadline is a date, or a ``timedelta`` counted from
        the user's today (``assignee_today``). A summary made by the addon is
        a function of an environment, called once per language in the
        language of each assignee (a text a user typed is given as it is); an
        activity type instead of a summary gives an activity of that type
        without summary, shown by the type's name in the language of whoever
        reads it.

        They are marked ``automated``, as ``activity_schedule`` marks those
        made by code: closing a complaint closes them and leaves the to-dos
        users planned themselves (``_close_automated_todos``).

        ``mail.activity`` makes each user follow the complaints of their
        activities (one ``message_subscribe`` per user) and updates their
        activity counter. With ``notify``, each user also gets the usual
        assignation email; without (a batch: new complaints, escalation),
        none (``mail_activity_quick_update``).
        """
        # sudo: to-dos for other users, whoever's change plans them (portal too).
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=not notify)
        )
        if not todos:
            return Activity
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # sudo: the planner may not read every complaint (another team's).
        complaints = self.browse(list({todo[0].id: None for todo in todos})).sudo()
        # The activities' document name, read for the batch at once rather
        # than complaint by complaint by their compute.
        complaints.fetch(["name"])
        summaries = {}

        def type_and_summary(summary, user):
            if isinstance(summary, models.BaseModel):
                return summary, False
            if not callable(summary):
                return todo_type, summary
            lang = user.lang or self.env.lang
            if (summary, lang) not in summaries:
                summaries[summary, lang] = summary(self.with_context(lang=lang).env)
            return todo_type, summaries[summary, lang]

        values = []
        for complaint, user, summary, deadline, *note in todos:
            activity_type, text = type_and_summary(summary, user)
            if isinstance(deadline, timedelta):
                deadline = assignee_today(user) + deadline
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": text,
                    "date_deadline": deadline,
                    "note": note[0] if note else False,
                    "automated": True,
                }
            )
        return Activity.create(values)

    def _html_list(self, limit):
        """These complaints as an HTML list of links to them (reference,
        category or channel): the first ``limit``, then how many more. No
        customer nor subject: these copies outside the complaint could not
        be found when the customer's personal data is erased."""
        shown = self[:limit]
        lines = Markup("").join(
            Markup('<li><a href="/odoo/complaints/%s">%s</a> %s</li>')
            % (
                complaint.id,
                complaint.name,
                complaint.category_id.name
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
        return Markup("<ul>%s</ul>") % lines

    def _post_staff_summary(self, partners, title=None):
        """One notification per recipient listing these complaints."""
        title = title or _("New complaints")
        body = Markup("<p>%s</p>%s") % (
            _("%(title)s: %(count)s complaint(s)", title=title, count=len(self)),
            self._html_list(SUMMARY_LINES),
        )
        # A single complaint: the message sits on it; a batch: one message.
        thread = self if len(self) == 1 else self.browse()
        # sudo: whoever's change it is may not write the complaint (another team's).
        thread.sudo().message_notify(
            partner_ids=partners.ids,
            subject=f"{title}: {', '.join(self[:5].mapped('name'))}",
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )
