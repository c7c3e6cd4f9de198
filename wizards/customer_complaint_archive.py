from odoo import fields, models


class CustomerComplaintArchive(models.TransientModel):
    _name = "customer.complaint.archive"
    _description = "Archive Complaints"

    complaint_ids = fields.Many2many(
        "customer.complaint",
        default=lambda self: self.env["customer.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    def action_archive_complaints(self):
        self.complaint_ids.action_archive_with_reason(self.reason)
        return {"type": "ir.actions.act_window_close"}
