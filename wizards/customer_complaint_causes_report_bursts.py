"""The "Systemic problems" section of the causes report: the bursts that
started in the period (customer_complaint_burst.py)."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class CustomerComplaintCausesReportBursts(models.TransientModel):
    _inherit = "customer.complaint.causes.report"

    def _get_report_data(self):
        data = super()._get_report_data()
        data["bursts"] = self._bursts()
        return data

    def _bursts(self):
        """The period's bursts of the company, newest first; with a team,
        those with a complaint of the team. One search, one read of their
        complaints."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date_start", ">=", self.date_from),
            ("date_start", "<", self.date_to + relativedelta(days=1)),
        ]
        if self.team_id:
            domain.append(("complaint_ids.team_id", "=", self.team_id.id))
        # Archived members too, as the burst's count (one read for all).
        Burst = self.env["customer.complaint.burst"].with_context(active_test=False)
        kinds = dict(Burst._fields["kind"]._description_selection(self.env))

        def day(value):
            return fields.Datetime.context_timestamp(self, value).date()

        return [
            {
                "kind": kinds[burst.kind],
                "name": burst._get_record().display_name,
                "date_start": day(burst.date_start),
                "date_end": day(burst.date_end),
                "count": burst.complaint_count,
                "complaints": ", ".join(burst.complaint_ids[:10].mapped("name")),
            }
            for burst in Burst.search(domain)
        ]
