"""The complaint: its fields, the stages it goes through and what a stage
change sets, the actions of its form. Other jobs are in the
``customer_complaint_*`` files beside it (deadlines, escalation, intake,
notification, satisfaction, integrity)."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "customer.complaint.audit.mixin",
        "customer.complaint.company.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "partner_email", "partner_phone"]
    _mail_post_access = "read"
    _primary_email = "partner_email"
    _check_company_auto = True

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
        tracking=True,
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
        tracking=True,
    )
    partner_email = fields.Char(
        string="Contact Email",
        compute="_compute_contact_snapshot",
        store=True,
        readonly=False,
        tracking=True,
    )
    partner_phone = fields.Char(
        string="Contact Phone",
        compute="_compute_contact_snapshot",
        store=True,
        readonly=False,
        tracking=True,
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
        "customer.complaint.category", index=True, tracking=True, ondelete="restrict"
    )
    cause_id = fields.Many2one(
        "customer.complaint.cause", index=True, tracking=True, ondelete="restrict"
    )
    cause_kind = fields.Selection(
        related="cause_id.kind", store=True, string="Cause Kind", index=True
    )
    tag_ids = fields.Many2many("customer.complaint.tag", string="Tags", tracking=True)
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
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        check_company=True,
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
    date_first_reaction = fields.Datetime(
        string="First Reaction On",
        readonly=True,
        copy=False,
        help="When the complaint first left registration.",
    )
    reaction_hours = fields.Float(
        string="Hours to React",
        compute="_compute_reaction_hours",
        store=True,
        aggregator="avg",
    )
    close_working_hours = fields.Float(
        string="Working Hours to Close",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours of the company's calendar from reception to closing.",
    )
    furthest_stage_id = fields.Many2one(
        "customer.complaint.stage",
        readonly=True,
        copy=False,
        index=True,
        help="The furthest stage of the regular flow the complaint reached: "
        "where a rejected complaint left the funnel.",
    )
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
        ondelete="restrict",
    )
    reject_note = fields.Text(string="Rejection Details", copy=False, tracking=True)
    # Analysis
    is_justified = fields.Selection(
        [("yes", "Justified"), ("no", "Not justified")],
        string="Justified",
        tracking=True,
        copy=False,
    )
    root_cause = fields.Text(copy=False, tracking=True)
    responsible_department = fields.Char(
        tracking=True,
        help="Department responsible for the cause, e.g. Delivery, Sales floor.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="The person responsible for the cause.",
    )
    customer_informed = fields.Selection(
        [("yes", "Correctly informed"), ("no", "Misinformed by staff")],
        string="Customer Information",
        tracking=True,
        copy=False,
        help="For a subjective cause: was the customer told the right things? "
        "A misinformed customer is due a compensation.",
    )
    compensation_due = fields.Boolean(compute="_compute_compensation_due")
    # Work and result
    action_ids = fields.One2many("customer.complaint.action", "complaint_id", "Actions")
    open_action_count = fields.Integer(compute="_compute_open_action_count")
    resolution = fields.Text(
        tracking=True,
        copy=False,
        help='What was decided, e.g. "Settled. One-time 15% discount granted."',
    )
    compensation_type = fields.Selection(
        [
            ("none", "None"),
            ("replacement", "Replacement"),
            ("refund", "Refund"),
            ("discount", "Discount"),
            ("gift", "Gift or service"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_amount = fields.Monetary(tracking=True, copy=False)
    playbook = fields.Html(related="category_id.playbook")
    similar_complaint_ids = fields.Many2many(
        "customer.complaint",
        string="Similar Cases",
        compute="_compute_similar_complaint_ids",
    )
    similar_count = fields.Integer(compute="_compute_similar_complaint_ids")
    reopen_count = fields.Integer(readonly=True, copy=False, tracking=True)
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
        tracking=True,
        check_company=True,
        domain="[('order_id', '=', sale_order_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        index=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
    )
    review_id = fields.Many2one(
        "customer.review",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
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
        check_company=True,
        domain="[('share', '=', False)]",
        help="The employee who served the customer.",
    )

    # One complaint per review, whatever the entry point or concurrency.
    _review_uniq = models.Constraint(
        "unique(review_id)", "This review already produced a complaint."
    )
    # The default order: list page 1 and kanban columns read it from an index
    # instead of sorting the table (measured by `make bench`: 4.9x and 2.8x).
    _default_order_idx = models.Index("(priority DESC, date_received DESC, id DESC)")
    _stage_order_idx = models.Index(
        "(stage_id, priority DESC, date_received DESC, id DESC)"
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

    @api.depends("cause_kind", "customer_informed")
    def _compute_compensation_due(self):
        for complaint in self:
            complaint.compensation_due = (
                complaint.cause_kind == "subjective"
                and complaint.customer_informed == "no"
            )

    @api.depends("action_ids.state")
    def _compute_open_action_count(self):
        for complaint in self:
            complaint.open_action_count = len(
                complaint.action_ids.filtered(lambda a: a.state == "todo")
            )

    def _compute_similar_complaint_ids(self):
        for complaint in self:
            keys = [
                (fname, complaint[fname].id)
                for fname in ("category_id", "cause_id", "product_id")
                if complaint[fname]
            ]
            similar = self.browse()
            if keys:
                domain = [("is_closed", "=", True), ("reject_reason_id", "=", False)]
                domain += ["|"] * (len(keys) - 1) + [(f, "=", v) for f, v in keys]
                if complaint.id:
                    domain.append(("id", "!=", complaint.id))
                similar = self.search(
                    domain, order="date_closed desc, id desc", limit=20
                )
            complaint.similar_complaint_ids = similar
            complaint.similar_count = len(similar)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.depends("date_received", "date_first_reaction")
    def _compute_reaction_hours(self):
        for complaint in self:
            start, end = complaint.date_received, complaint.date_first_reaction
            complaint.reaction_hours = (
                max((end - start).total_seconds() / 3600, 0.0) if start and end else 0.0
            )

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

    @api.constrains("stage_id")
    def _check_open_actions(self):
        for complaint in self:
            if not complaint.stage_id.requires_actions_done:
                continue
            open_actions = complaint.action_ids.filtered(lambda a: a.state == "todo")
            if open_actions:
                raise ValidationError(
                    _(
                        "Complaint %(ref)s cannot enter %(stage)s while these "
                        "actions are open: %(actions)s. Mark them done or "
                        "cancel them first.",
                        ref=complaint.name,
                        stage=complaint.stage_id.name,
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )

    @api.constrains("stage_id", "resolution")
    def _check_resolution(self):
        for complaint in self:
            stage = complaint.stage_id
            if (
                stage.is_closed
                and not stage.requires_reason
                and not complaint.resolution
            ):
                raise ValidationError(
                    _(
                        "Complaint %s cannot be closed without a resolution: write "
                        'down what was decided (e.g. "Settled. One-time 15%% '
                        'discount granted.").',
                        complaint.name,
                    )
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
        log_creation = not self.env.context.get("mail_create_nolog")
        complaints = super(
            CustomerComplaint,
            self.with_context(
                mail_auto_subscribe_no_notify=True, mail_create_nolog=True
            ),
        ).create(vals_list)
        complaints = complaints.with_env(self.env)
        if log_creation:
            complaints._log_creation()
        complaints._sync_stage_dates()
        # History imported already closed: nobody is to react to it any more.
        to_work = complaints.filtered(lambda c: not c.is_closed)
        to_work.filtered(lambda c: not c.user_id)._assign_owner()
        to_work._notify_new_complaints()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            self._sync_stage_dates()
            self.filtered(
                lambda c: c.stage_id.sends_satisfaction_survey
                and c.satisfaction_state != "sent"
            )._send_satisfaction_survey()
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
        """Keep closing date, first reaction, registration lock and the
        furthest stage reached in line with the stage (batched writes, as
        superuser: these fields are the application's)."""
        complaints = self.sudo()
        first_stage = self._default_stage_id()
        now = fields.Datetime.now()
        # A complaint may arrive already closed with its closing date (import).
        to_close = complaints.filtered(
            lambda c: c.is_closed and not c.close_working_hours
        )
        for complaint in to_close:
            closed_on = complaint.date_closed or now
            complaint.write(
                {
                    "date_closed": closed_on,
                    "close_working_hours": complaint._working_hours_until(closed_on),
                }
            )
        to_reopen = complaints.filtered(lambda c: not c.is_closed and c.date_closed)
        if to_reopen:
            to_reopen.write({"date_closed": False, "close_working_hours": 0.0})
        to_lock = complaints.filtered(
            lambda c: not c.registration_locked and c.stage_id != first_stage
        )
        if to_lock:
            to_lock.write({"registration_locked": True, "date_first_reaction": now})
        further = complaints.filtered(
            lambda c: not c.stage_id.requires_reason
            and c.stage_id.sequence > (c.furthest_stage_id.sequence or -1)
        )
        for stage, reached in further.grouped("stage_id").items():
            reached.write({"furthest_stage_id": stage.id})
        # Rejected at once: it still entered the funnel at registration.
        rejected_at_once = complaints.filtered(
            lambda c: not c.furthest_stage_id and c.stage_id.requires_reason
        )
        if rejected_at_once:
            rejected_at_once.write({"furthest_stage_id": first_stage.id})

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Complaint"),
            "res_model": "customer.complaint.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_open_reopen_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reopen Complaint"),
            "res_model": "customer.complaint.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_reopen(self, reason, stage=None):
        """Managers only: bring closed complaints back to work, with a reason.

        The only way out of a closed stage: the write runs as superuser once
        the manager's right, the reason and the target stage are checked.
        """
        if not self.env.user.has_group("customer_complaint.group_complaint_manager"):
            raise UserError(_("Only complaint managers can reopen a complaint."))
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(_("Say why the complaint is reopened."))
        self.check_access("write")
        not_closed = self.filtered(lambda c: not c.is_closed)
        if not_closed:
            raise UserError(
                _("%s is not closed.", ", ".join(not_closed.mapped("name")))
            )
        Stage = self.env["customer.complaint.stage"]
        if stage:
            stage = self._browse_argument(Stage, stage)
        else:
            stage = Stage.search(
                [("is_closed", "=", False), ("id", "!=", self._default_stage_id().id)],
                limit=1,
            )
        if not stage or stage.is_closed:
            raise UserError(_("A complaint is reopened into an open stage."))
        for complaint in self:
            complaint.sudo().write(
                {
                    "stage_id": stage.id,
                    "reject_reason_id": False,
                    "reopen_count": complaint.reopen_count + 1,
                }
            )
            complaint.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>") % (_("Reopened"), reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_similar(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint.customer_complaint_action"
        )
        action.update(
            domain=[("id", "in", self.similar_complaint_ids.ids)],
            context={"create": False},
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
        )
        return action

    def action_reject(self, reason, note=False):
        """Move the complaints to the rejection stage with the given reason
        (a record or its id, as over RPC)."""
        stage = self.env["customer.complaint.stage"].search(
            [("requires_reason", "=", True)], limit=1
        )
        if not stage:
            raise UserError(_("No rejection stage is configured."))
        if not reason:
            raise UserError(_("A rejection reason is required."))
        reason = self._browse_argument(
            self.env["customer.complaint.reject.reason"], reason
        )
        if note is not False and not isinstance(note, str):
            raise UserError(_("The rejection details must be a text."))
        self.write(
            {"stage_id": stage.id, "reject_reason_id": reason.id, "reject_note": note}
        )
        return True

    @api.model
    def _browse_argument(self, model, value):
        """``value`` (a record of ``model`` or its id) as one existing record."""
        if isinstance(value, models.BaseModel) and value._name == model._name:
            record = value
        elif isinstance(value, int) and not isinstance(value, bool):
            record = model.browse(value)
        else:
            raise UserError(
                _(
                    "%(value)r is not a %(model)s.",
                    value=value,
                    model=model._description,
                )
            )
        if len(record) != 1 or not record.exists():
            raise UserError(
                _(
                    "%(value)r is not a %(model)s.",
                    value=value,
                    model=model._description,
                )
            )
        return record
