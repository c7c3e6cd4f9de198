from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintCategory(models.Model):
    _name = "customer.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    playbook = fields.Html(
        translate=True,
        help="The procedure staff follow for complaints of this category; "
        "shown on the complaint form.",
    )
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "unique(name)", "A complaint category with this name already exists."
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Old complaints keep what they were classified with: one used by a
        complaint (archived, or of another company, too) is archived instead."""
        used = self.env["customer.complaint"]._first_use_of(self, "category_id")
        if used:
            record, count = used
            raise UserError(
                self.env._(
                    'The category "%(name)s" is used by %(count)s complaint(s), '
                    "archived ones included, and cannot be deleted: "
                    "archive it instead.",
                    name=record.display_name,
                    count=count,
                )
            )
