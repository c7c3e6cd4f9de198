from odoo import api, fields, models


class CustomerComplaintMerge(models.TransientModel):
    _name = "customer.complaint.merge"
    _description = "Merge Duplicate Complaints"

    complaint_ids = fields.Many2many(
        "customer.complaint",
        string="Duplicates",
        default=lambda self: self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    partner_id = fields.Many2one(
        "res.partner", compute="_compute_partner_company", string="Customer"
    )
    company_id = fields.Many2one("res.company", compute="_compute_partner_company")
    original_id = fields.Many2one(
        "customer.complaint",
        string="Merge Into",
        required=True,
        domain="[('id', 'not in', complaint_ids), ('duplicate_of_id', '=', False),"
        " ('company_id', '=', company_id),"
        " ('partner_id', 'child_of', partner_id)]",
        help="The original complaint: it receives the duplicates' messages, "
        "files and followers; the duplicates are rejected as duplicates.",
    )

    @api.depends("complaint_ids")
    def _compute_partner_company(self):
        for wizard in self:
            complaints = wizard.complaint_ids
            wizard.partner_id = complaints.partner_id.commercial_partner_id[:1]
            wizard.company_id = complaints.company_id[:1]

    @api.model
    def default_get(self, fields):
        res = super().default_get(fields)
        complaints = self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        )
        if "original_id" in fields and len(complaints) == 1:
            res["original_id"] = complaints.possible_duplicate_ids[:1].id
        return res

    def action_merge(self):
        self.ensure_one()
        self.complaint_ids.action_merge_into(self.original_id)
        return {"type": "ir.actions.act_window_close"}
