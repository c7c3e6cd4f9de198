from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    specialist_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The employee who served the customer.",
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
        new_name = _("New")
        missing = [vals for vals in vals_list if vals.get("name", new_name) == new_name]
        sequence = self.env["ir.sequence"]
        for vals in missing:
            vals["name"] = (
                sequence.next_by_code(
                    "customer.complaint", sequence_date=vals.get("date_received")
                )
                or new_name
            )
        complaints = super().create(vals_list)
        complaints._sync_stage_dates()
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
