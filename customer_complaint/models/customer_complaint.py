import heapq
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

# Fields that describe what the customer reported: once a complaint has left
# the registration stage they are part of the record and cannot be rewritten.
REGISTRATION_FIELDS = ("partner_id", "description", "date_received", "channel")


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "partner_email", "partner_phone"]
    _mail_post_access = "read"
    _primary_email = "partner_email"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        index="trigram",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # Registration
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_name = fields.Char(
        string="Contact Name",
        compute="_compute_contact_snapshot",
        store=True,
        readonly=False,
    )
    partner_email = fields.Char(
        string="Contact Email",
        compute="_compute_contact_snapshot",
        store=True,
        readonly=False,
    )
    partner_phone = fields.Char(
        string="Contact Phone",
        compute="_compute_contact_snapshot",
        store=True,
        readonly=False,
    )
    subject = fields.Char(tracking=True, help="The complaint in a few words.")
    description = fields.Html(string="Complaint", sanitize_style=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("website", "Website / Portal"),
            ("social", "Social Network"),
            ("in_person", "In Person"),
            ("review", "Review"),
            ("survey", "Survey"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
        index=True,
    )
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        index=True,
    )
    registration_locked = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set when the complaint leaves the registration stage: from then on "
        "the customer, channel, reception date and description cannot change.",
    )
    # Classification
    category_id = fields.Many2one(
        "customer.complaint.category", index=True, tracking=True
    )
    cause_id = fields.Many2one("customer.complaint.cause", index=True, tracking=True)
    cause_kind = fields.Selection(
        related="cause_id.kind", store=True, string="Cause Kind", index=True
    )
    tag_ids = fields.Many2many("customer.complaint.tag", string="Tags")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "High"), ("3", "Urgent")],
        default="0",
        index=True,
        tracking=True,
    )
    # Ownership and process
    team_id = fields.Many2one(
        "customer.complaint.team",
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    stage_id = fields.Many2one(
        "customer.complaint.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_expand_full",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    stage_requires_reason = fields.Boolean(related="stage_id.requires_reason")
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    kanban_state = fields.Selection(
        [("normal", "In Progress"), ("done", "Ready"), ("blocked", "Blocked")],
        default="normal",
        required=True,
        copy=False,
        tracking=True,
    )
    color = fields.Integer()
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason",
        string="Rejection Reason",
        tracking=True,
        copy=False,
        index=True,
    )
    reject_note = fields.Text(string="Rejection Details", copy=False)
    resolution = fields.Text(tracking=True, copy=False)
    # What the complaint is about
    sale_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        index="btree_not_null",
        domain="[('order_id', '=', sale_order_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        index=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    review_id = fields.Many2one(
        "customer.review",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The review this complaint was created from.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        string="Photos",
        compute="_compute_photo_ids",
        help="Images attached to the complaint or to its messages.",
    )
    specialist_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The employee who served the customer.",
    )

    # One complaint per review, whatever the entry point or concurrency.
    _review_uniq = models.Constraint(
        "unique(review_id)", "This review already produced a complaint."
    )
    _name_company_uniq = models.Constraint(
        "unique(name, company_id)",
        "The complaint reference must be unique per company.",
    )

    def _default_stage_id(self):
        return self.env["customer.complaint.stage"].search([], limit=1)

    @api.depends("partner_id")
    def _compute_contact_snapshot(self):
        # Depends on partner_id only: the snapshot keeps the details the
        # customer gave when complaining, even if the partner changes later.
        for complaint in self:
            partner = complaint.partner_id
            complaint.partner_name = partner.name
            complaint.partner_email = partner.email
            complaint.partner_phone = partner.phone

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for complaint in self:
            if complaint.sale_line_id:
                complaint.product_id = complaint.sale_line_id.product_id

    def _compute_photo_ids(self):
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("mimetype", "=like", "image/%"),
            ]
        )
        by_complaint = attachments.grouped("res_id")
        for complaint in self:
            complaint.photo_ids = by_complaint.get(complaint.id, attachments.browse())

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        if self.sale_line_id.order_id != self.sale_order_id:
            self.sale_line_id = False
        if self.sale_order_id and not self.partner_id:
            self.partner_id = self.sale_order_id.partner_id

    @api.constrains("stage_id", "reject_reason_id")
    def _check_reject_reason(self):
        for complaint in self:
            if complaint.stage_id.requires_reason and not complaint.reject_reason_id:
                raise ValidationError(
                    _(
                        "Complaint %(ref)s cannot enter the stage %(stage)s without "
                        "a rejection reason.",
                        ref=complaint.name,
                        stage=complaint.stage_id.name,
                    )
                )

    @api.constrains("sale_order_id", "sale_line_id")
    def _check_sale_line(self):
        for complaint in self:
            if (
                complaint.sale_line_id
                and complaint.sale_line_id.order_id != complaint.sale_order_id
            ):
                raise ValidationError(
                    _("The order line of complaint %s is not a line of its sale order.")
                    % complaint.name
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Own copies: the caller may pass the same dict several times.
        vals_list = [dict(vals) for vals in vals_list]
        self._allocate_references(vals_list)
        # One stage look-up for the batch rather than the default per record.
        if any("stage_id" not in vals for vals in vals_list):
            first_stage = self._default_stage_id().id
            for vals in vals_list:
                vals.setdefault("stage_id", first_stage)
        # The owner is set after creation, one write per owner, so that a batch
        # of complaints costs a bounded number of queries.
        complaints = super(
            CustomerComplaint, self.with_context(mail_auto_subscribe_no_notify=True)
        ).create(vals_list)
        complaints = complaints.with_env(self.env)
        complaints._sync_stage_dates()
        complaints.filtered(lambda c: not c.user_id)._assign_owner()
        complaints._notify_new_complaints()
        return complaints

    def write(self, vals):
        if any(field in vals for field in REGISTRATION_FIELDS):
            locked = self.filtered("registration_locked")
            if locked:
                raise UserError(
                    _(
                        "The registration of complaint(s) %(refs)s can no longer be "
                        "changed: customer, channel, reception date and description "
                        "are locked once a complaint leaves the registration stage. "
                        "Add a note in the chatter instead.",
                        refs=", ".join(locked.mapped("name")),
                    )
                )
        res = super().write(vals)
        if "stage_id" in vals:
            self._sync_stage_dates()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_always(self):
        raise UserError(
            _(
                "Complaints are never deleted: they are the company's record of what "
                "customers reported. Archive the complaint instead."
            )
        )

    def _sync_stage_dates(self):
        """Keep the closing date and the registration lock in line with the stage."""
        first_stage = self._default_stage_id()
        now = fields.Datetime.now()
        to_close = self.filtered(lambda c: c.is_closed and not c.date_closed)
        if to_close:
            to_close.write({"date_closed": now})
        to_reopen = self.filtered(lambda c: not c.is_closed and c.date_closed)
        if to_reopen:
            to_reopen.write({"date_closed": False})
        to_lock = self.filtered(
            lambda c: not c.registration_locked and c.stage_id != first_stage
        )
        if to_lock:
            to_lock.write({"registration_locked": True})

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Complaint"),
            "res_model": "customer.complaint.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_reject(self, reason, note=False):
        """Move the complaints to the rejection stage with the given reason."""
        stage = self.env["customer.complaint.stage"].search(
            [("requires_reason", "=", True)], limit=1
        )
        if not stage:
            raise UserError(_("No rejection stage is configured."))
        if not reason:
            raise UserError(_("A rejection reason is required."))
        self.write(
            {"stage_id": stage.id, "reject_reason_id": reason.id, "reject_note": note}
        )
        return True

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the complaints alias: a complaint from the sender."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from")
        if "partner_id" not in values and email_from:
            partner = self._partner_find_from_emails_single([email_from])
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
        """Set ``name`` from the sequence on the values that have none.

        One ``nextval`` per (company, reception day) for the whole batch
        instead of a sequence look-up per complaint.
        """
        new_name = _("New")
        pending = defaultdict(list)
        for vals in vals_list:
            if vals.get("name", new_name) == new_name:
                company_id = vals.get("company_id") or self.env.company.id
                day = fields.Date.to_date(
                    vals.get("date_received") or fields.Datetime.now()
                )
                pending[company_id, day].append(vals)
        sequences = self.env["ir.sequence"]
        for (company_id, day), group in pending.items():
            sequence = sequences.search(
                [
                    ("code", "=", "customer.complaint"),
                    ("company_id", "in", [company_id, False]),
                ],
                order="company_id",
                limit=1,
            )
            if not sequence:
                raise UserError(_("The complaint sequence is missing."))
            names = sequence.sudo()._complaint_next_batch(day, len(group))
            for vals, name in zip(group, names, strict=True):
                vals["name"] = name

    def _assign_owner(self):
        """Give each complaint an owner according to its team's assignment mode:
        round robin or fewest open complaints among the active members, the
        leader when the team has no members; manual teams are left alone."""
        by_user = defaultdict(list)
        for team, complaints in self.grouped("team_id").items():
            if not team or team.assignment_mode == "manual":
                continue
            members = team._get_available_members()
            if not members:
                continue
            if team.assignment_mode == "round_robin":
                owners = team._next_round_robin(members, len(complaints))
            else:
                owners = self._balanced_owners(members, len(complaints))
            for complaint, owner in zip(complaints, owners, strict=True):
                by_user[owner].append(complaint.id)
        # The owner's "react" activity replaces the assignation email.
        complaints = self.with_context(mail_auto_subscribe_no_notify=True)
        for owner, complaint_ids in by_user.items():
            complaints.browse(complaint_ids).write({"user_id": owner.id})

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

    def _notify_new_complaints(self):
        """Tell the owners and the configured staff about new complaints.

        The owner gets a to-do activity due within the reaction time; the
        staff get, per the policy, one message per batch listing the
        complaints, and/or an activity per complaint. All activities are
        created in one batch, without an assignation email each.
        """
        todo = self.env.ref("mail.mail_activity_data_todo")
        react, new_complaint = _("React to the complaint"), _("New complaint")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for (company, team), complaints in self.grouped(
            lambda c: (c.company_id, c.team_id)
        ).items():
            deadline = fields.Date.context_today(self) + timedelta(
                days=company.complaint_reaction_days
            )

            def activity(complaint, user, summary, deadline=deadline):
                return {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "summary": summary,
                    "date_deadline": deadline,
                }

            activities += [
                activity(c, c.user_id, react) for c in complaints if c.user_id
            ]
            staff = team._get_notified_users(company)
            mode = team._get_notify_mode(company)
            if mode in ("activity", "both"):
                activities += [
                    activity(c, user, new_complaint)
                    for c in complaints
                    for user in staff
                    if user != c.user_id
                ]
            if mode in ("message", "both") and staff:
                complaints._post_staff_summary(staff.partner_id)
        if activities:
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(activities)

    def _post_staff_summary(self, partners):
        """One notification per recipient listing these complaints."""
        lines = Markup("").join(
            Markup('<li><a href="/odoo/complaints/%s">%s</a> %s: %s</li>')
            % (
                complaint.id,
                complaint.name,
                html_escape(complaint.partner_id.display_name),
                html_escape(complaint.subject or complaint.get_channel_label()),
            )
            for complaint in self
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            _("%s new complaint(s):", len(self)),
            lines,
        )
        thread = self if len(self) == 1 else self.browse()
        thread.sudo().message_notify(
            partner_ids=partners.ids,
            subject=_("New complaints: %s", ", ".join(self[:5].mapped("name"))),
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def get_channel_label(self):
        self.ensure_one()
        return dict(self._fields["channel"]._description_selection(self.env)).get(
            self.channel, ""
        )
