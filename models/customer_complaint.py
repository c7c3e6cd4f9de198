import heapq
import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, plaintext2html

_logger = logging.getLogger(__name__)

# A staff summary lists this many complaints, then counts the others.
SUMMARY_LINES = 20
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)


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
    # Deadlines and escalation
    sla_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_sla_deadline",
        store=True,
        index="btree_not_null",
        help="When the complaint must reach its next stage with a deadline, "
        "counted in working hours of the company's calendar from reception.",
    )
    sla_stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Deadline For",
        compute="_compute_sla_deadline",
        store=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    sla_hours_left = fields.Float(
        string="Hours Left", compute="_compute_is_overdue", help="Negative when late."
    )
    display_color = fields.Integer(compute="_compute_is_overdue")
    escalation_level = fields.Selection(
        [("0", "Not escalated"), ("1", "Level 1"), ("2", "Level 2")],
        default="0",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_escalated = fields.Datetime(string="Escalated On", readonly=True, copy=False)
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
    # Customer satisfaction after the resolution
    satisfaction_input_id = fields.Many2one(
        "survey.user_input", string="Satisfaction Answer", readonly=True, copy=False
    )
    satisfaction_state = fields.Selection(
        [("sent", "Survey sent"), ("answered", "Answered"), ("no_answer", "No answer")],
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    satisfaction_sent_on = fields.Datetime(readonly=True, copy=False)
    satisfaction_score = fields.Integer(
        readonly=True,
        copy=False,
        tracking=True,
        aggregator="avg",
        help="Overall satisfaction (1-5) the customer gave after the resolution.",
    )
    problem_solved = fields.Selection(
        [("yes", "Solved"), ("no", "Not solved")], readonly=True, copy=False
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

    @api.depends(
        "date_received", "stage_id", "team_id", "category_id", "priority", "company_id"
    )
    def _compute_sla_deadline(self):
        policies = self.env["customer.complaint.sla.policy"].sudo().search([])
        planned = {}
        for complaint in self:
            deadline, stage = complaint._sla_next_deadline(policies, planned)
            complaint.sla_deadline = deadline
            complaint.sla_stage_id = stage

    def _sla_next_deadline(self, policies, planned):
        """(deadline, stage) of the earliest stage not reached yet that has a
        deadline; the most specific policy wins for each stage."""
        if self.is_closed or not self.stage_id:
            return False, False
        best = {}
        for policy in policies:
            if policy.stage_sequence <= self.stage_id.sequence or not policy._match(
                self
            ):
                continue
            current = best.get(policy.stage_id)
            if not current or policy._specificity() > current._specificity():
                best[policy.stage_id] = policy
        if not best:
            return False, False
        calendar = self.company_id.resource_calendar_id
        deadlines = []
        for stage, policy in best.items():
            key = (calendar.id, self.date_received, policy.working_hours)
            if key not in planned:
                planned[key] = (
                    calendar.plan_hours(
                        policy.working_hours, self.date_received, compute_leaves=True
                    )
                    if calendar
                    else self.date_received + timedelta(hours=policy.working_hours)
                )
            deadlines.append((planned[key], stage.sequence, stage))
        deadline, _sequence, stage = min(deadlines, key=lambda d: d[:2])
        return deadline, stage

    @api.depends("sla_deadline", "color")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadline = complaint.sla_deadline
            complaint.is_overdue = bool(deadline and deadline < now)
            complaint.sla_hours_left = (
                (deadline - now).total_seconds() / 3600 if deadline else 0.0
            )
            # 1 is red in the kanban palette.
            complaint.display_color = 1 if complaint.is_overdue else complaint.color

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the overdue flag."))
        overdue = [("sla_deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return overdue
        return [
            "|",
            ("sla_deadline", "=", False),
            ("sla_deadline", ">=", fields.Datetime.now()),
        ]

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

    def _log_creation(self):
        """The "Complaint created" log of mail.thread, made by the ORM for the
        first complaint and copied in SQL to the others (no creation subtype
        here: mail.thread would log them all in one batch too)."""
        first = self[:1]
        message = first._message_log_batch(bodies={first.id: first._creation_message()})
        (self - first)._copy_row_sql(message)

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

    def _working_hours_until(self, end):
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if calendar:
            return calendar.get_work_hours_count(
                self.date_received, end, compute_leaves=True
            )
        return (end - self.date_received).total_seconds() / 3600

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

    @api.model
    def _create_from_portal(self, partner, subject, description, sale_order=None):
        """A complaint filed by a customer in the portal (as superuser: the
        caller has checked that ``sale_order`` belongs to ``partner``)."""
        if not (subject or "").strip() or not (description or "").strip():
            raise UserError(_("Say what the complaint is about and describe it."))
        sale_order = sale_order or self.env["sale.order"]
        if sale_order and sale_order.partner_id.commercial_partner_id != (
            partner.commercial_partner_id
        ):
            raise UserError(_("This order is not one of yours."))
        complaint = (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "channel": "website",
                    "subject": subject.strip(),
                    "description": plaintext2html(description),
                    "sale_order_id": sale_order.id,
                    "company_id": (sale_order.company_id or self.env.company).id,
                    "team_id": (sale_order.company_id or self.env.company)
                    ._get_complaint_default_team()
                    .id,
                }
            )
        )
        complaint.message_subscribe(partner_ids=partner.ids)
        return complaint

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

    def _assign_owner(self):
        """Give each complaint an owner according to its team's assignment mode:
        round robin or fewest open complaints among the active members, the
        leader when the team has no members; manual teams are left alone."""
        by_user = defaultdict(list)
        for (team, company), complaints in self.grouped(
            lambda c: (c.team_id, c.company_id)
        ).items():
            if not team or team.assignment_mode == "manual":
                continue
            # A shared team (no company) serves each company by its own people.
            members = team._get_available_members().filtered(
                lambda user, company=company: company in user.company_ids
            )
            if not members:
                continue
            if team.assignment_mode == "round_robin":
                owners = team._next_round_robin(members, len(complaints))
            else:
                owners = self._balanced_owners(members, len(complaints))
            for complaint, owner in zip(complaints, owners, strict=True):
                by_user[owner].append(complaint.id)
        # New complaints: nothing to track yet, and the owner's "react"
        # activity (which also makes them a follower) replaces the
        # assignation email and the follower rows written one by one.
        complaints = self.with_context(tracking_disable=True)
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

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_overdue(self):
        self._escalate_overdue()

    @api.model
    def _escalate_overdue(self, batch_size=1000):
        """Escalate overdue open complaints: level 1 once the deadline has
        passed, level 2 once it is late by the company's escalation delay.

        Set-based: complaints are taken by batch, each batch is escalated with
        a fixed number of queries and committed (when run by the cron). A batch
        that fails is retried record by record, so one bad record does not
        stop the others. A complaint is escalated once per level.
        """
        now = fields.Datetime.now()
        failed_ids = []
        escalated = 0
        for company in self.env["res.company"].sudo().search([]):
            delay = timedelta(hours=company.complaint_escalation_hours)
            for level, late_since in (("1", now), ("2", now - delay)):
                domain = [
                    ("company_id", "=", company.id),
                    ("is_closed", "=", False),
                    ("sla_deadline", "<", late_since),
                    ("escalation_level", "<", level),
                ]
                while True:
                    batch = self.sudo().search(
                        domain + [("id", "not in", failed_ids)],
                        order="id",
                        limit=batch_size,
                    )
                    if not batch:
                        break
                    failed_ids += batch._escalate_safely(level)
                    escalated += len(batch)
                    # Memory stays that of one batch, however many are late.
                    self.env.invalidate_all()
                    if self.env.context.get("ir_cron_progress_id"):
                        self.env["ir.cron"]._commit_progress(len(batch))
        return escalated - len(failed_ids)

    def _escalate_safely(self, level):
        """Escalate the batch; on failure, record by record. Returns the ids
        that could not be escalated."""
        try:
            with self.env.cr.savepoint():
                self._escalate(level)
            return []
        except CONCURRENCY_ERRORS:
            # Another transaction escalates the same rows: let Odoo retry the
            # whole run instead of failing them one by one.
            raise
        except Exception:  # noqa: BLE001 - any fault: retry one by one
            _logger.warning(
                "Escalating %s complaints failed; retrying one by one", len(self)
            )
        failed = []
        for complaint in self:
            try:
                with self.env.cr.savepoint():
                    complaint._escalate(level)
            except Exception:
                _logger.exception("Could not escalate complaint %s", complaint.id)
                failed.append(complaint.id)
        return failed

    def _escalate(self, level):
        """Record the escalation level, log it, give the team leader (or the
        owner) an activity and send the escalation managers one message.

        The log messages and activities of a batch are made by the ORM for
        one complaint (per activity user), then copied in SQL to the others:
        what the ORM adds (defaults, author, reply-to, follower, user
        notification) stays its own, without a round of Python per record.
        """
        self.with_context(mail_notrack=True).write(
            {"escalation_level": level, "date_escalated": fields.Datetime.now()}
        )
        label = dict(self._fields["escalation_level"]._description_selection(self.env))[
            level
        ]
        marker = "DEADLINE0ESCALATION"
        body = Markup("<p>%s</p>") % self.env._(
            "Escalated to %(level)s: deadline %(deadline)s passed.",
            level=label,
            deadline=marker,
        )
        before, _marker, after = body.partition(marker)
        first = self[:1]
        message = first._message_log_batch(
            bodies={
                first.id: Markup(before)
                + fields.Datetime.to_string(first.sla_deadline)
                + Markup(after)
            }
        )
        (self - first)._copy_row_sql(
            message,
            body=SQL(
                "%s || to_char(c.sla_deadline, 'YYYY-MM-DD HH24:MI:SS') || %s",
                before,
                after,
            ),
        )
        summary = self.env._("Overdue complaint escalated (%s)", label)
        today = fields.Date.context_today(self)
        self._create_todo_activities(
            [
                (complaint, user, summary, today)
                for complaint in self
                for user in (complaint.team_id.user_id or complaint.user_id)
            ]
        )
        for company, complaints in self.grouped("company_id").items():
            managers = company._get_complaint_escalation_users()
            if managers:
                complaints._post_staff_summary(
                    managers.partner_id,
                    title=self.env._("Escalated complaints (%s)", label),
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

    # ------------------------------------------------------------------
    # Satisfaction check
    # ------------------------------------------------------------------

    def _send_satisfaction_survey(self):
        """Invite each customer to the company's satisfaction survey."""
        template = self.env.ref(
            "customer_complaint.mail_template_complaint_satisfaction",
            raise_if_not_found=False,
        )
        without_survey = self.filtered(
            lambda c: not c.company_id.sudo().complaint_survey_id
        )
        if without_survey:
            # Before anything is sent: the stage change is refused as a whole.
            raise UserError(
                _(
                    "Company %(company)s has no satisfaction survey, so complaint(s) "
                    "%(refs)s cannot enter stage %(stage)s, which sends it to the "
                    "customer. Choose the survey in Settings > Complaints, or move "
                    "the complaint(s) to another stage.",
                    company=without_survey.company_id[0].name,
                    refs=", ".join(without_survey.mapped("name")),
                    stage=without_survey.stage_id[0].name,
                )
            )
        for complaint in self.sudo():
            survey = complaint.company_id.complaint_survey_id
            if not complaint.partner_id:
                continue
            answer = survey._create_answer(
                partner=complaint.partner_id,
                check_attempts=False,
                complaint_id=complaint.id,
            )
            complaint.write(
                {
                    "satisfaction_input_id": answer.id,
                    "satisfaction_state": "sent",
                    "satisfaction_sent_on": fields.Datetime.now(),
                }
            )
            if template:
                complaint.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment"
                )

    def _record_satisfaction(self, user_input):
        """Store the customer's answer; a low score or an unsolved problem
        sends the complaint back to work (or escalates it), a good one closes
        it when the company allows it."""
        self.ensure_one()
        score, solved = user_input._answer_values()
        self.write(
            {
                "satisfaction_input_id": user_input.id,
                "satisfaction_state": "answered",
                "satisfaction_score": score,
                "problem_solved": "yes" if solved else "no",
            }
        )
        company = self.company_id
        if score <= company.complaint_satisfaction_threshold or not solved:
            if company.complaint_low_score_action == "escalate":
                level = "2" if self.escalation_level != "0" else "1"
                self._escalate(level)
            else:
                self._back_to_work(
                    _("The customer is not satisfied (score %s/5).", score)
                )
        elif company.complaint_auto_close and self.resolution:
            self.stage_id = self._closing_stage()

    def _back_to_work(self, reason):
        """Return to the last working stage before the current one."""
        stage = self.env["customer.complaint.stage"].search(
            [
                ("is_closed", "=", False),
                ("sequence", "<", self.stage_id.sequence),
            ],
            order="sequence desc",
            limit=1,
        )
        if stage:
            self.stage_id = stage
        self.message_post(body=reason, subtype_xmlid="mail.mt_note")

    def _closing_stage(self):
        return self.env["customer.complaint.stage"].search(
            [("is_closed", "=", True), ("requires_reason", "=", False)], limit=1
        )

    @api.model
    def _cron_close_unanswered(self):
        """Close the complaints whose satisfaction survey stayed unanswered
        for the company's waiting time, recording "no answer"."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([]):
            waited = now - timedelta(days=company.complaint_survey_timeout_days)
            complaints = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("satisfaction_state", "=", "sent"),
                    ("satisfaction_sent_on", "<", waited),
                    ("is_closed", "=", False),
                    ("resolution", "!=", False),
                ]
            )
            if complaints:
                complaints.write(
                    {
                        "satisfaction_state": "no_answer",
                        "stage_id": complaints._closing_stage().id,
                    }
                )
