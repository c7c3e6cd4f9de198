"""Analysis and outcome of a complaint: cause analysis, corrective actions,
resolution and compensation, similar cases, and the decisions that end or
reopen it (reject with a reason, reopen by a manager)."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintResolution(models.Model):
    _inherit = "customer.complaint"

    # Analysis
    is_justified = fields.Selection(
        [("yes", "Justified"), ("no", "Not justified")],
        string="Justified",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    root_cause = fields.Text(copy=False, tracking=True, groups="base.group_user")
    responsible_department = fields.Char(
        groups="base.group_user",
        tracking=True,
        help="Department responsible for the cause, e.g. Delivery, Sales floor.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        groups="base.group_user",
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
        groups="base.group_user",
    )
    compensation_due = fields.Boolean(
        compute="_compute_compensation_due", groups="base.group_user"
    )
    # Work and result
    action_ids = fields.One2many(
        "customer.complaint.action",
        "complaint_id",
        "Actions",
        groups="base.group_user",
    )
    open_action_count = fields.Integer(
        compute="_compute_open_action_count", groups="base.group_user"
    )
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
        groups="base.group_user",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_amount = fields.Monetary(
        tracking=True, copy=False, groups="base.group_user"
    )
    playbook = fields.Html(related="category_id.playbook", groups="base.group_user")
    similar_complaint_ids = fields.Many2many(
        "customer.complaint",
        string="Similar Cases",
        compute="_compute_similar_complaint_ids",
        groups="base.group_user",
    )
    similar_count = fields.Integer(
        compute="_compute_similar_complaint_ids", groups="base.group_user"
    )
    reopen_count = fields.Integer(
        readonly=True, copy=False, tracking=True, groups="base.group_user"
    )

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
                # Closed on a date: the latest ones read from its index.
                domain = [
                    ("is_closed", "=", True),
                    ("date_closed", "!=", False),
                    ("reject_reason_id", "=", False),
                ]
                domain += ["|"] * (len(keys) - 1) + [(f, "=", v) for f, v in keys]
                if complaint.id:
                    domain.append(("id", "!=", complaint.id))
                similar = self.search(
                    domain, order="date_closed desc, id desc", limit=20
                )
            complaint.similar_complaint_ids = similar
            complaint.similar_count = len(similar)

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

    @api.onchange("stage_id")
    def _onchange_stage_id_check_entry(self):
        """Refuse in the form, before any save, a stage the complaint cannot
        enter yet: the web client puts the previous stage back when an
        onchange raises, so the user does what is missing (an action done)
        and moves on, instead of a form stuck on a stage every save refuses.
        What the form can ask for itself (resolution, outcome) is required
        there instead."""
        self._check_open_actions()
        self._check_reject_reason()

    @api.constrains("stage_id", "resolution", "is_history", "reopen_count")
    def _check_resolution(self):
        for complaint in self:
            stage = complaint.stage_id
            if (
                stage.is_closed
                and not stage.requires_reason
                and not complaint.resolution
                and not complaint._history_as_imported()
            ):
                raise ValidationError(
                    _(
                        "Complaint %s cannot be closed without a resolution: write "
                        'down what was decided (e.g. "Settled. One-time 15%% '
                        'discount granted.").',
                        complaint.name,
                    )
                )

    @api.readonly
    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Complaint"),
            "res_model": "customer.complaint.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    @api.readonly
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
            stage = self._first_working_stage()
        if not stage or stage.is_closed:
            raise UserError(_("A complaint is reopened into an open stage."))
        for complaint in self:
            # sudo: a closed complaint is frozen, reopen_count managed: checked above.
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

    @api.readonly
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
