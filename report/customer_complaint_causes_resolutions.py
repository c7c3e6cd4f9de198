from odoo import api, models


class ReportCausesResolutions(models.AbstractModel):
    """The causes report printed from the wizard's values (``data["form"]``,
    see ``action_print``), rebuilt in memory: it reads no wizard row, so a
    read-only replica serves it even before the row reaches the replica."""

    _name = "report.customer_complaint.report_causes_resolutions"
    _description = "Causes and Resolutions PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        Wizard = self.env["customer.complaint.causes.report"]
        # Who may make the wizard may print it, as reading the row required.
        Wizard.check_access("read")
        form = (data or {}).get("form")
        return {
            "doc_ids": docids,
            "doc_model": Wizard._name,
            "docs": Wizard.new(form) if form else Wizard.browse(docids),
        }
