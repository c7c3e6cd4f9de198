"""The complaint: its fields, the stages it goes through and what a stage
change sets, the actions of its form. Other jobs are in the
``customer_complaint_*`` files beside it (deadlines, escalation, intake,
notification, satisfaction, integrity)."""

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
        groups="base.group_user",
        readonly=True,
        copy=False,
        help="Set when the complaint leaves the registration stage: from then on "
        "the customer, channel, reception date and description cannot change.",
    )
    # Classification
    category_id = fields.Many2one(
        "customer.complaint.category",
        index=True,
        tracking=True,
        ondelete="restrict",
        groups="base.group_user",
    )
    cause_id = fields.Many2one(
        "customer.complaint.cause",
        index=True,
        tracking=True,
        ondelete="restrict",
        groups="base.group_user",
    )
    cause_kind = fields.Selection(
        related="cause_id.kind",
        store=True,
        string="Cause Kind",
        index=True,
        groups="base.group_user",
    )
    tag_ids = fields.Many2many(
        "customer.complaint.tag",
        string="Tags",
        tracking=True,
        groups="base.group_user",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "High"), ("3", "Urgent")],
        default="0",
        index=True,
        tracking=True,
    )
    # Ownership and process
    team_id = fields.Many2one(
        "customer.complaint.team",
        groups="base.group_user",
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        default=lambda self: self._default_team_id(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        groups="base.group_user",
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
    stage_requires_reason = fields.Boolean(
        related="stage_id.requires_reason", groups="base.group_user"
    )
    # Set by the stage (see _stage_change_values); not readonly so that a
    # manager's import of history can give them (the import offers no
    # readonly field): the integrity guard refuses them to anyone else.
    # Similar cases and the reports read the latest closings first.
    date_closed = fields.Datetime(
        string="Closed On", copy=False, index="btree_not_null"
    )
    date_first_reaction = fields.Datetime(
        groups="base.group_user",
        string="First Reaction On",
        copy=False,
        help="When the complaint first left registration.",
    )
    reaction_hours = fields.Float(
        groups="base.group_user",
        string="Working Hours to React",
        compute="_compute_reaction_hours",
        store=True,
        aggregator="avg",
        help="Working hours of the company's calendar from reception to the "
        "first reaction, as the deadlines count them.",
    )
    close_working_hours = fields.Float(
        groups="base.group_user",
        string="Working Hours to Close",
        compute="_compute_close_working_hours",
        store=True,
        aggregator="avg",
        help="Working hours of the company's calendar from reception to closing.",
    )
    furthest_stage_id = fields.Many2one(
        "customer.complaint.stage",
        groups="base.group_user",
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
        groups="base.group_user",
    )
    color = fields.Integer(groups="base.group_user")
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason",
        groups="base.group_user",
        string="Rejection Reason",
        tracking=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    reject_note = fields.Text(
        string="Rejection Details",
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
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
        groups="base.group_user",
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
        groups="base.group_user",
    )
    specialist_id = fields.Many2one(
        "res.users",
        groups="base.group_user",
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
    # The dashboard's figures (report/customer_complaint_dashboard.py), read
    # from these alone (index-only scans): the open complaints, those
    # received and those closed since last month.
    _dashboard_open_idx = models.Index(
        "(company_id, sla_deadline, escalation_level) INCLUDE (date_legal_deadline) "
        "WHERE active AND NOT is_closed"
    )
    _dashboard_received_idx = models.Index("(company_id, date_received) WHERE active")
    _dashboard_closed_idx = models.Index(
        "(company_id, date_closed) INCLUDE (final_response_status, outcome, "
        "is_upheld, compensation_amount, legal_status) WHERE active AND is_closed"
    )
    _name_company_uniq = models.Constraint(
        "unique(name, company_id)",
        "The complaint reference must be unique per company.",
    )

    def _default_stage_id(self):
        return self.env["customer.complaint.stage"].search([], limit=1)

    @api.model
    def _first_working_stage(self):
        """The first open stage after registration, not a waiting one: where
        a complaint is reopened or returns when it has no stage of its own
        (a waiting stage shares its sequence with working ones)."""
        return self.env["customer.complaint.stage"].search(
            [
                ("is_closed", "=", False),
                ("is_waiting", "=", False),
                ("id", "!=", self._default_stage_id().id),
            ],
            limit=1,
        )

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

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.depends("date_received", "date_first_reaction", "company_id")
    def _compute_reaction_hours(self):
        # Working hours, as the deadlines and the hours to close: one unit.
        self._set_working_hours_since_reception("reaction_hours", "date_first_reaction")

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

    @api.model_create_multi
    def create(self, vals_list):
        # Own copies: the caller may pass the same dict several times.
        vals_list = [dict(vals) for vals in vals_list]
        # Team, owner and stage side effects go into the values: one INSERT
        # per batch, no second round of writes.
        given_to_leaders = self._prepare_new_complaints(vals_list)
        self._set_assignment_dates(vals_list)
        self._queue_acknowledgements(vals_list)
        # Last: the no-gap counter stays locked until the commit.
        self._allocate_references(vals_list)
        log_creation = not self.env.context.get("mail_create_nolog")
        complaints = super(
            CustomerComplaint,
            self.with_context(
                mail_auto_subscribe_no_notify=True,
                mail_create_nolog=True,
                complaint_owners_subscribed=True,
            ),
        ).create(vals_list)
        complaints = complaints.with_env(self.env)
        if log_creation:
            complaints._log_creation()
        complaints._subscribe_owners()
        # Their team's staff hear of those no member was available for.
        complaints.browse(
            [complaints._ids[index] for index in given_to_leaders]
        )._notify_given_to_leaders()
        # Owner and staff are told by the automation rule "New complaint: tell
        # the owner and the staff" (customer_complaint_automation.py).
        return complaints

    def write(self, vals):
        """A change of stage, decided here from the stage's flags: checked,
        its effects put into the values (stage_effects.py), then the
        satisfaction survey sent and the addon's to-dos closed."""
        if "stage_id" not in vals or not self:
            return super().write(vals)
        stage = self.env["customer.complaint.stage"].browse(vals["stage_id"] or ())
        self._check_final_response_sendable(stage, vals)
        closing = self.filtered(lambda c: stage.is_closed and not c.is_closed)
        # The stage's side effects go into the values, one write per group of
        # complaints they are the same for (as crm.lead.write does).
        for complaints, values in self._stage_change_groups(vals):
            super(CustomerComplaint, complaints).write(values)
        self.filtered(
            lambda c: c.stage_id.sends_satisfaction_survey
            and c.satisfaction_state != "sent"
        )._send_satisfaction_survey()
        if closing:
            closing._close_automated_todos()
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_always(self):
        raise UserError(
            _(
                "Complaints are never deleted: they are the company's record of what "
                "customers reported. Archive the complaint instead."
            )
        )
