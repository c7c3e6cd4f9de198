from odoo import fields, models


class CustomerComplaintReject(models.TransientModel):
    _name = "customer.complaint.reject"
    _description = "Reject Complaints"

    complaint_ids = fields.Many2many(
        "customer.complaint",
        default=lambda self: self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason", string="Reason", required=True
    )
    reject_note = fields.Text(string="Details")

    def action_reject(self):
        self.complaint_ids.action_reject(self.reject_reason_id, self.reject_note)
        return {"type": "ir.actions.act_window_close"}
