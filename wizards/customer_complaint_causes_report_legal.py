"""The "Customers' demands and statutory deadlines" section of the causes
report: the period's demands by remedy, their statutory deadlines met,
missed, running or not recorded, and the penalties accrued."""

from odoo import models

from ..models.customer_complaint_legal_rule import REMEDIES
from .customer_complaint_causes_report_charts import DEADLINE_STATUSES


class CustomerComplaintCausesReportLegal(models.TransientModel):
    _inherit = "customer.complaint.causes.report"

    def _get_report_data(self):
        data = super()._get_report_data()
        data["legal"] = self._legal_figures()
        return data

    def _legal_figures(self):
        """One grouped query for the demands and statuses, one read of the
        late complaints for the penalties (computed, they grow each day)."""
        Complaint = self._complaints()
        domain = self._domain()
        groups = Complaint._read_group(domain, ["remedy", "legal_status"], ["__count"])
        remedies = dict.fromkeys([key for key, _label in REMEDIES], 0)
        statuses = dict.fromkeys(DEADLINE_STATUSES, 0)
        # Imported history that did not record the demand: unknown, apart.
        not_recorded = 0
        for remedy, status, count in groups:
            if remedy == "not_recorded":
                not_recorded += count
            elif remedy:
                remedies[remedy] += count
            if status:
                statuses[status] += count
        labels = dict(Complaint._fields["remedy"]._description_selection(self.env))
        decided = statuses["met"] + statuses["failed"]
        return {
            "remedies": [
                (labels[key], count) for key, count in remedies.items() if count
            ],
            "remedy_not_recorded": not_recorded,
            **statuses,
            "met_share": statuses["met"] / decided if decided else None,
            "penalty": Complaint._legal_penalty_totals(domain).get(
                self.company_id.id, 0.0
            ),
        }
