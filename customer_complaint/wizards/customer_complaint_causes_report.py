from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class CustomerComplaintCausesReport(models.TransientModel):
    """Period, team and company of the "Causes and resolutions" report; the
    figures are aggregate queries, their number does not depend on the data."""

    _name = "customer.complaint.causes.report"
    _description = "Causes and Resolutions Report"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=3),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    team_id = fields.Many2one("customer.complaint.team")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def action_print(self):
        return self.env.ref(
            "customer_complaint.action_report_causes_resolutions"
        ).report_action(self)

    def _domain(self):
        domain = [
            ("date_received", ">=", self.date_from),
            ("date_received", "<", self.date_to + relativedelta(days=1)),
            ("company_id", "=", self.company_id.id),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        return domain

    def _funnel(self, domain):
        """(stage, entered, rejected there) for the regular stages reached by
        the complaints of ``domain``: one query grouped by furthest stage,
        cumulated here, exact in the user's timezone (the funnel view groups
        by UTC day)."""
        furthest = self.env["customer.complaint"]._read_group(
            domain, ["furthest_stage_id"], ["__count", "reject_reason_id:count"]
        )
        stages = self.env["customer.complaint.stage"].search(
            [("requires_reason", "=", False)], order="sequence, id"
        )
        funnel = []
        for stage in stages:
            entered = sum(
                count
                for reached, count, _rejected in furthest
                if reached and reached.sequence >= stage.sequence
            )
            rejected = sum(
                rejected for reached, _count, rejected in furthest if reached == stage
            )
            if entered:
                funnel.append((stage, entered, rejected))
        return funnel

    def _get_report_data(self):
        self.ensure_one()
        Complaint = self.env["customer.complaint"]
        domain = self._domain()
        query = Complaint._search(domain)
        resolved = SQL("c.is_closed IS TRUE AND c.reject_reason_id IS NULL")
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE %(resolved)s),
                       count(*) FILTER (WHERE c.reject_reason_id IS NOT NULL),
                       count(*) FILTER (WHERE c.is_closed IS NOT TRUE),
                       avg(c.reaction_hours)
                           FILTER (WHERE c.date_first_reaction IS NOT NULL),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.reaction_hours)
                           FILTER (WHERE c.date_first_reaction IS NOT NULL),
                       avg(c.close_working_hours) FILTER (WHERE %(resolved)s),
                       percentile_cont(0.9)
                           WITHIN GROUP (ORDER BY c.close_working_hours)
                           FILTER (WHERE %(resolved)s),
                       count(*)
                           FILTER (WHERE %(resolved)s AND c.escalation_level = '0'),
                       avg(c.satisfaction_score)
                           FILTER (WHERE c.satisfaction_state = 'answered'),
                       count(*) FILTER (WHERE c.satisfaction_state = 'answered'),
                       coalesce(sum(c.compensation_amount), 0)
                  FROM customer_complaint c
                 WHERE c.id IN (%(ids)s)
                """,
                resolved=resolved,
                ids=query.subselect(),
            )
        )
        (
            total,
            closed,
            rejected,
            open_count,
            reaction_avg,
            reaction_p90,
            close_avg,
            close_p90,
            closed_in_time,
            satisfaction_avg,
            satisfaction_count,
            compensation_total,
        ) = self.env.cr.fetchone()

        def grouped(groupby, aggregates=("__count",), limit=None, extra=()):
            return Complaint._read_group(
                domain + list(extra),
                [groupby],
                list(aggregates),
                order="__count desc",
                limit=limit,
            )

        causes = []
        cumulative = 0
        with_cause = grouped("cause_id", extra=[("cause_id", "!=", False)])
        cause_total = sum(count for _cause, count in with_cause)
        for cause, count in with_cause:
            cumulative += count
            causes.append(
                {
                    "name": cause.display_name,
                    "kind": cause.kind,
                    "count": count,
                    "share": count / cause_total,
                    "cumulative": cumulative / cause_total,
                }
            )
        funnel = self._funnel(domain)
        entered_first = funnel[0][1] if funnel else 0
        return {
            "total": total,
            "closed": closed,
            "rejected": rejected,
            "open": open_count,
            "conversion": closed / entered_first if entered_first else 0.0,
            "reaction_avg": reaction_avg or 0.0,
            "reaction_p90": reaction_p90 or 0.0,
            "close_avg": close_avg or 0.0,
            "close_p90": close_p90 or 0.0,
            "sla_compliance": closed_in_time / closed if closed else 0.0,
            "satisfaction_avg": satisfaction_avg or 0.0,
            "satisfaction_count": satisfaction_count,
            "compensation_total": compensation_total,
            "funnel": [
                {"stage": stage.name, "entered": count, "rejected": rejected_here}
                for stage, count, rejected_here in funnel
            ],
            "causes": causes,
            "cause_kinds": dict(
                grouped("cause_kind", extra=[("cause_kind", "!=", False)])
            ),
            "compensations": [
                {"type": ctype, "count": count, "amount": amount}
                for ctype, count, amount in grouped(
                    "compensation_type",
                    aggregates=("__count", "compensation_amount:sum"),
                    extra=[("compensation_type", "!=", False)],
                )
            ],
            "top_products": [
                (product.display_name, count)
                for product, count in grouped(
                    "product_id", limit=5, extra=[("product_id", "!=", False)]
                )
            ],
            "top_specialists": [
                (user.name, count)
                for user, count in grouped(
                    "specialist_id", limit=5, extra=[("specialist_id", "!=", False)]
                )
            ],
        }
