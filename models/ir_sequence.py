from odoo import api, models
from odoo.exceptions import ValidationError

from .res_company import COMPLAINT_SEQUENCE_CODE


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.constrains("code", "implementation", "company_id")
    def _check_complaint_sequence(self):
        """Complaint references are numbered without gaps, per company: the
        register must not show holes that look like deleted complaints."""
        for sequence in self.filtered(lambda s: s.code == COMPLAINT_SEQUENCE_CODE):
            if sequence.implementation != "no_gap":
                raise ValidationError(
                    self.env._(
                        "The complaint sequence %s must use the No gap "
                        "implementation: complaint references have no holes.",
                        sequence.name,
                    )
                )
            if not sequence.company_id:
                raise ValidationError(
                    self.env._(
                        "The complaint sequence %s must belong to a company: "
                        "each company numbers its own complaints.",
                        sequence.name,
                    )
                )
