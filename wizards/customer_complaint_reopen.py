from odoo import fields, models


class CustomerComplaintReopen(models.TransientModel):
    _name = "customer.complaint.reopen"
    _description = "Reopen Complaints"

    complaint_ids = fields.Many2many(
        "customer.complaint",
        default=lambda self: self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    stage_id = fields.Many2one(
        "customer.complaint.stage",
        string="Back To Stage",
        required=True,
        domain="[('is_closed', '=', False)]",
        default=lambda self: self.env["customer.complaint"]._first_working_stage(),
    )
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.complaint_ids.action_reopen(self.reason, self.stage_id)
        return {"type": "ir.actions.act_window_close"}
