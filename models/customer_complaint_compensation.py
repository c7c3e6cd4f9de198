"""Compensation as real documents: a refund is a draft credit note reversing
the order's invoice (Odoo's reversal wizard), a replacement a quotation of the
complained line at zero price. Their amounts are the complaint's compensation."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    credit_note_ids = fields.One2many(
        "account.move",
        "complaint_id",
        string="Credit Notes",
        readonly=True,
        groups="account.group_account_invoice",
    )
    credit_note_count = fields.Integer(
        compute="_compute_credit_note_count", groups="account.group_account_invoice"
    )
    replacement_order_ids = fields.One2many(
        "sale.order",
        "complaint_id",
        string="Replacement Orders",
        readonly=True,
        groups="base.group_user",
    )
    replacement_order_count = fields.Integer(
        compute="_compute_replacement_order_count", groups="base.group_user"
    )
    # Follow the documents when there are any; typed by hand otherwise (a
    # discount or a gift has no document).
    compensation_amount = fields.Monetary(
        compute="_compute_compensation_from_documents", store=True, readonly=False
    )
    compensation_type = fields.Selection(
        compute="_compute_compensation_from_documents", store=True, readonly=False
    )
    compensation_from_documents = fields.Boolean(
        compute="_compute_compensation_from_documents",
        store=True,
        groups="base.group_user",
        help="The compensation is the sum of the linked credit notes and "
        "replacement quotations (cancelled ones left out).",
    )

    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for complaint in self:
            complaint.credit_note_count = len(complaint.credit_note_ids)

    @api.depends("replacement_order_ids")
    def _compute_replacement_order_count(self):
        for complaint in self:
            complaint.replacement_order_count = len(complaint.replacement_order_ids)

    @api.depends(
        "credit_note_ids.state",
        "credit_note_ids.amount_total_signed",
        "replacement_order_ids.state",
        "replacement_order_ids.complaint_replacement_value",
    )
    def _compute_compensation_from_documents(self):
        for complaint in self:
            credit_notes = complaint.credit_note_ids
            orders = complaint.replacement_order_ids
            if not credit_notes and not orders:
                # No document: keep what was typed.
                complaint.compensation_amount = complaint.compensation_amount
                complaint.compensation_type = complaint.compensation_type
                complaint.compensation_from_documents = False
                continue
            credit_notes = credit_notes.filtered(lambda m: m.state != "cancel")
            orders = orders.filtered(lambda o: o.state != "cancel")
            complaint.compensation_from_documents = True
            # Refunds are negative in the company currency.
            complaint.compensation_amount = -sum(
                credit_notes.mapped("amount_total_signed")
            ) + sum(orders.mapped("complaint_replacement_value"))
            if credit_notes and orders:
                complaint.compensation_type = "other"
            elif credit_notes:
                complaint.compensation_type = "refund"
            elif orders:
                complaint.compensation_type = "replacement"
            else:
                complaint.compensation_type = "none"

    # ------------------------------------------------------------------
    # Refund: a draft credit note of the order's invoice
    # ------------------------------------------------------------------

    def action_create_refund(self):
        """A draft credit note reversing the posted invoice(s) of the order
        (of the complained line when there is one), through Odoo's reversal
        wizard: the user needs the right to create invoices (Invoicing: Billing)."""
        self.ensure_one()
        self._check_compensation_allowed(
            "account.move",
            self.env._(
                "Creating a credit note needs the Invoicing right Billing (or more)."
            ),
        )
        if self.credit_note_ids.filtered(lambda m: m.state == "draft"):
            raise UserError(
                self.env._(
                    "Complaint %s already has a draft credit note: post or cancel "
                    "it before creating another one.",
                    self.name,
                )
            )
        invoices = self._refundable_invoices()
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "reason": self.env._("Complaint %s", self.name),
                    "journal_id": invoices.journal_id[:1].id,
                }
            )
        )
        wizard.refund_moves()
        credit_notes = wizard.new_move_ids
        if self.sale_line_id:
            credit_notes._complaint_keep_lines_of(self.sale_line_id)
        credit_notes.complaint_id = self
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Refund: draft credit note(s) %s created.",
                ", ".join(credit_notes.mapped("display_name")),
            )
        )
        return self._action_view_documents("account.move", credit_notes)

    def _refundable_invoices(self):
        """The posted customer invoices of the order (those of the complained
        line when it is invoiced), not already reversed."""
        order = self.sale_order_id
        if not order:
            raise UserError(
                self.env._(
                    "Complaint %s has no sale order: a refund reverses the "
                    "order's invoice. Set the order (Order and Staff tab) first.",
                    self.name,
                )
            )
        invoices = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.state == "posted"
            and m.payment_state != "reversed"
        )
        line_invoices = invoices.filtered(
            lambda m: self.sale_line_id in m.invoice_line_ids.sale_line_ids
        )
        invoices = line_invoices or invoices
        if not invoices:
            raise UserError(
                self.env._(
                    "Order %s has no posted invoice to refund: invoice the order "
                    "first, or choose another compensation.",
                    order.name,
                )
            )
        return invoices

    # ------------------------------------------------------------------
    # Replacement: a quotation of the line at zero price
    # ------------------------------------------------------------------

    def action_create_replacement(self, lines=None):
        """A quotation for the customer of the complained order line (or of
        ``lines``, lines of the complaint's order) at zero price: the user
        needs the right to create quotations (Sales: User)."""
        self.ensure_one()
        self._check_compensation_allowed(
            "sale.order",
            self.env._(
                "Creating a quotation needs the Sales right User: Own Documents "
                "Only (or more)."
            ),
        )
        order = self.sale_order_id
        if not order:
            raise UserError(
                self.env._(
                    "Complaint %s has no sale order: a replacement repeats a line "
                    "of the order. Set the order (Order and Staff tab) first.",
                    self.name,
                )
            )
        lines = self._replacement_lines(lines)
        # The original order may belong to another salesperson: its lines are
        # read as they show on the complaint; the quotation is the user's.
        order_su = order.sudo()
        lines_su = lines.sudo()
        quotation = self.env["sale.order"].create(
            {
                "partner_id": order_su.partner_id.id,
                "partner_invoice_id": order_su.partner_invoice_id.id,
                "partner_shipping_id": order_su.partner_shipping_id.id,
                "pricelist_id": order_su.pricelist_id.id,
                "company_id": order_su.company_id.id,
                "origin": f"{self.name} ({order_su.name})",
                "complaint_id": self.id,
                "complaint_replacement_value": sum(
                    line._complaint_replacement_value() for line in lines_su
                ),
                "order_line": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "product_uom_qty": line.product_uom_qty,
                            "product_uom_id": line.product_uom_id.id,
                            # A price set by hand, as the web client sends
                            # it: kept when the quantity changes.
                            "price_unit": 0.0,
                            "technical_price_unit": line.price_unit,
                            "discount": 0.0,
                        }
                    )
                    for line in lines_su
                ],
            }
        )
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._("Replacement: quotation %s created.", quotation.name)
        )
        return self._action_view_documents("sale.order", quotation)

    def _replacement_lines(self, lines):
        order = self.sale_order_id
        if lines is None:
            # sudo: the order may be another salesperson's; its lines are read as the
            # complaint shows them.
            lines = self.sale_line_id or order.sudo().order_line.filtered(
                lambda line: not line.display_type and line.product_id
            )
            if len(lines) != 1:
                raise UserError(
                    self.env._(
                        "Order %s has several lines: choose the line the complaint "
                        "is about (Order and Staff tab) before creating the "
                        "replacement.",
                        order.name,
                    )
                )
            return lines.with_env(self.env)
        lines = self._browse_lines_argument(lines)
        if (
            not lines
            # sudo: lines of another salesperson's order are checked all the same.
            or lines.sudo().order_id != order
            or any(line.display_type or not line.product_id for line in lines.sudo())
        ):
            raise UserError(
                self.env._(
                    "A replacement repeats product lines of the complaint's order %s.",
                    order.name,
                )
            )
        return lines

    def _browse_lines_argument(self, lines):
        Line = self.env["sale.order.line"]
        if isinstance(lines, models.BaseModel) and lines._name == Line._name:
            return lines.exists()
        if isinstance(lines, (list, tuple)) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in lines
        ):
            return Line.browse(lines).exists()
        raise UserError(self.env._("%r are not sale order lines.", lines))

    # ------------------------------------------------------------------

    def _check_compensation_allowed(self, model, message):
        """Documents are created for open complaints the user may work, by
        users who may create them."""
        self.check_access("write")
        if not self.env[model].has_access("create"):
            raise AccessError(message)
        if self.is_closed:
            raise UserError(
                self.env._(
                    "Complaint %s is closed: reopen it before compensating.",
                    self.name,
                )
            )

    def _action_view_documents(self, model, records):
        action = {
            "type": "ir.actions.act_window",
            "res_model": model,
            "name": records._description,
        }
        if len(records) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=records.id)
        else:
            action.update(
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
                domain=[("id", "in", records.ids)],
            )
        return action

    @api.readonly
    def action_view_credit_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        action.update(
            domain=[("complaint_id", "=", self.id)],
            context={"default_move_type": "out_refund", "create": False},
        )
        if len(self.credit_note_ids) == 1:
            action.update(
                view_mode="form",
                views=[(False, "form")],
                res_id=self.credit_note_ids.id,
            )
        return action

    @api.readonly
    def action_view_replacement_orders(self):
        self.ensure_one()
        return self._action_view_documents("sale.order", self.replacement_order_ids)
