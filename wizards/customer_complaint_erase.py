from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintErase(models.TransientModel):
    """A manager erases customers' personal data from all their complaints
    and reviews; opened from complaints, reviews or contacts."""

    _name = "customer.complaint.erase"
    _description = "Erase Personal Data"

    customer_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: self._default_customers(),
        help="Their companies' contacts included.",
    )
    target_complaint_ids = fields.Many2many(
        "customer.complaint",
        "customer_complaint_erase_target_rel",
        string="Complaints to Erase",
        compute="_compute_targets",
    )
    review_ids = fields.Many2many(
        "customer.review", string="Reviews to Erase", compute="_compute_targets"
    )
    protected_refs = fields.Char(
        string="Open or Within Retention", compute="_compute_targets"
    )
    reason = fields.Text(required=True)
    legal_ground = fields.Boolean(
        string="I confirm the legal ground",
        help="Needed to erase a complaint still open or closed within the "
        "retention period: e.g. the customer withdrew their consent or objects, "
        "and no law obliges the company to keep the data.",
    )

    @api.model
    def _default_customers(self):
        """The customers of the complaints, reviews or contacts the wizard
        was opened from."""
        model = self.env.context.get("active_model")
        if model not in ("customer.complaint", "customer.review", "res.partner"):
            return self.env["res.partner"]
        records = self.env[model].browse(self.env.context.get("active_ids") or [])
        partners = records if model == "res.partner" else records.partner_id
        erased = self.env.ref("customer_complaint.partner_erased")
        return (partners - erased).commercial_partner_id

    @api.depends("customer_ids")
    def _compute_targets(self):
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        for wizard in self:
            customers = wizard.customer_ids.ids
            targets = Complaint.search(
                [("partner_id", "child_of", customers), ("erasure_id", "=", False)]
            )
            wizard.target_complaint_ids = targets
            wizard.review_ids = self.env["customer.review"].search(
                [("partner_id", "child_of", customers)]
            )
            wizard.protected_refs = ", ".join(
                targets._erasure_needs_legal_ground().mapped("name")
            )

    def action_erase(self):
        self.ensure_one()
        self.env["customer.complaint"]._check_can_erase()
        if not self.target_complaint_ids and not self.review_ids:
            raise UserError(
                self.env._(
                    "These customers have no complaint or review whose personal "
                    "data is not erased yet."
                )
            )
        self.target_complaint_ids._erase_personal_data(
            self.reason, reviews=self.review_ids, legal_ground=self.legal_ground
        )
        # The reason as typed may name the customer: not left for the vacuum.
        self.unlink()
        return {"type": "ir.actions.act_window_close"}
