from odoo import api, fields, models


class CustomerComplaintErase(models.TransientModel):
    """A manager erases a customer's personal data: from their complaints
    (the ones chosen lead to the customer) and their reviews."""

    _name = "customer.complaint.erase"
    _description = "Erase Personal Data"

    complaint_ids = fields.Many2many(
        "customer.complaint",
        "customer_complaint_erase_chosen_rel",
        string="Chosen Complaints",
        default=lambda self: self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    customer_ids = fields.Many2many(
        "res.partner", string="Customers", compute="_compute_targets"
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

    @api.depends("complaint_ids")
    def _compute_targets(self):
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        erased = self.env.ref("customer_complaint.partner_erased")
        for wizard in self:
            customers = (wizard.complaint_ids.partner_id - erased).commercial_partner_id
            targets = Complaint.search(
                [("partner_id", "child_of", customers.ids), ("erasure_id", "=", False)]
            )
            wizard.customer_ids = customers
            wizard.target_complaint_ids = targets
            wizard.review_ids = self.env["customer.review"].search(
                [("partner_id", "child_of", customers.ids)]
            )
            wizard.protected_refs = ", ".join(
                targets._erasure_needs_legal_ground().mapped("name")
            )

    def action_erase(self):
        self.ensure_one()
        self.complaint_ids._check_can_erase()
        self.target_complaint_ids._erase_personal_data(
            self.reason, reviews=self.review_ids, legal_ground=self.legal_ground
        )
        return {"type": "ir.actions.act_window_close"}
