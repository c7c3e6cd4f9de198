from odoo import fields, models


class CustomerComplaintActionCancel(models.TransientModel):
    _name = "customer.complaint.action.cancel"
    _description = "Cancel Complaint Actions"

    action_ids = fields.Many2many(
        "customer.complaint.action",
        default=lambda self: self.env["customer.complaint.action"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.action_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
