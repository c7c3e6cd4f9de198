from odoo import fields, models


class CustomerComplaintActionCancel(models.TransientModel):
    _name = "customer.complaint.action.cancel"
    _description = "Cancel Complaint Actions"

    action_ids = fields.Many2many(
        "customer.complaint.action",
        default=lambda self: self._default_action_ids(),
    )
    reason = fields.Text(required=True)

    def _default_action_ids(self):
        context = self.env.context
        if context.get("active_model") != "customer.complaint.action":
            return self.env["customer.complaint.action"]
        return self.env["customer.complaint.action"].browse(
            context.get("active_ids", [])
        )

    def action_cancel(self):
        self.ensure_one()
        self.action_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
