from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.customer_complaint_outcome import DECIDED_OUTCOMES


class CustomerComplaintCausesReport(models.TransientModel):
    """Period, team and company of the "Causes and resolutions" report; the
    figures are aggregate queries, their number does not depend on the data.
    Archived complaints count unless ``exclude_archived``; the company must
    be one of the user's allowed companies, and the complaints are read
    through the user's record rules."""

    _name = "customer.complaint.causes.report"
    _description = "Causes and Resolutions Report"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=3),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    team_id = fields.Many2one(
        "customer.complaint.team",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    exclude_archived = fields.Boolean(
        string="Exclude Archived Complaints",
        help="Archived complaints are counted unless this is ticked.",
    )

    @api.constrains("company_id", "team_id")
    def _check_allowed_companies(self):
        for wizard in self:
            wizard._check_allowed_company()

    def _check_allowed_company(self):
        """Only the user's allowed companies, and a team of that company."""
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._("You can only report on the companies you are working in.")
            )
        # sudo: a team of another company gets the error below, not an access one.
        team_company = self.team_id.sudo().company_id
        if team_company and team_company != self.company_id:
            raise AccessError(
                self.env._(
                    "The team must be a team of %(company)s.",
                    company=self.company_id.display_name,
                )
            )

    def action_print(self):
        # The report is rebuilt from the values, not read from this row: a
        # read-only replica may serve it before the row reaches the replica.
        action = self.env.ref(
            "customer_complaint.action_report_causes_resolutions"
        ).report_action(None, data={"form": self._print_values()})
        # The dialog closes once the PDF is downloaded.
        action["close_on_report_download"] = True
        return action

    def _print_values(self):
        """The wizard's values, as ``new()`` takes them back (JSON)."""
        self.ensure_one()
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "company_id": self.company_id.id,
            "team_id": self.team_id.id,
            "exclude_archived": self.exclude_archived,
        }

    def _domain(self):
        domain = [
            ("date_received", ">=", self.date_from),
            ("date_received", "<", self.date_to + relativedelta(days=1)),
            ("company_id", "=", self.company_id.id),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.exclude_archived:
            domain.append(("active", "=", True))
        return domain

    def _complaints(self):
        """The complaints model the figures read: archived ones included (the
        domain leaves them out on request), the user's record rules applied."""
        # The timezone given: the period's bounds are converted in it, and a
        # new environment would otherwise read it from the user again.
        return self.env["customer.complaint"].with_context(
            active_test=False, tz=self.env.tz.zone
        )

    def _open_at_period_end(self):
        """Complaints of the company (and team) received by the period's end
        and not closed then, whenever received: what regulators count as
        open at the end of a reporting period."""
        end = self.date_to + relativedelta(days=1)
        domain = [
            ("date_received", "<", end),
            ("company_id", "=", self.company_id.id),
            "|",
            ("date_closed", "=", False),
            ("date_closed", ">=", end),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.exclude_archived:
            domain.append(("active", "=", True))
        return self._complaints().search_count(domain)

    def _funnel(self, domain):
        """The per-stage figures of the funnel (entered, left onwards, still
        there, dropped out and why), exact in the user's timezone: computed
        in one place for the report and the funnel view's rules."""
        return self.env["customer.complaint.funnel.report"]._stage_figures(
            self._complaints(), domain
        )

    def _get_report_data(self):
        self.ensure_one()
        # Checked again when printing: the allowed companies are those of the
        # request, not of the wizard's creation.
        self._check_allowed_company()
        Complaint = self._complaints()
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
                       coalesce(sum(c.compensation_amount), 0),
                       count(*) FILTER (WHERE c.handling_time_band = '3_days'),
                       count(*) FILTER (WHERE c.handling_time_band = '4_weeks'),
                       count(*) FILTER (WHERE c.handling_time_band = '8_weeks'),
                       count(*) FILTER (WHERE c.handling_time_band = 'over_8_weeks'),
                       count(*) FILTER (WHERE c.is_closed AND c.outcome IN %(decided)s),
                       count(*) FILTER (WHERE c.is_closed
                                          AND c.outcome = 'not_recorded'),
                       count(*) FILTER (WHERE c.is_closed AND c.is_upheld),
                       coalesce(sum(c.compensation_amount)
                           FILTER (WHERE c.is_closed AND c.is_upheld), 0)
                  FROM customer_complaint c
                 WHERE c.id IN (%(ids)s)
                """,
                resolved=resolved,
                decided=DECIDED_OUTCOMES,
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
            within_3_days,
            within_4_weeks,
            within_8_weeks,
            over_8_weeks,
            decided,
            outcome_not_recorded,
            upheld,
            redress_paid,
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
        entered_first = funnel[0]["entered"] if funnel else 0
        return {
            "total": total,
            "closed": closed,
            "rejected": rejected,
            "open": open_count,
            "conversion": closed / entered_first if entered_first else 0.0,
            # None: no data, the report prints a dash.
            "reaction_known": reaction_avg is not None,
            "close_known": close_avg is not None,
            "reaction_avg": reaction_avg or 0.0,
            "reaction_p90": reaction_p90 or 0.0,
            "close_avg": close_avg or 0.0,
            "close_p90": close_p90 or 0.0,
            "sla_compliance": closed_in_time / closed if closed else 0.0,
            "satisfaction_avg": satisfaction_avg or 0.0,
            "satisfaction_count": satisfaction_count,
            "compensation_total": compensation_total,
            "handling": {
                "within_3_days": within_3_days,
                "within_4_weeks": within_4_weeks,
                "within_8_weeks": within_8_weeks,
                "over_8_weeks": over_8_weeks,
                "decided": decided,
                "outcome_not_recorded": outcome_not_recorded,
                "upheld": upheld,
                "upheld_share": upheld / decided if decided else None,
                "redress_paid": redress_paid,
                "open_at_end": self._open_at_period_end(),
            },
            "funnel": funnel,
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
            # By employee (logins or not); a specialist user without an
            # employee counts under their own name.
            "top_specialists": sorted(
                [
                    (specialist.name, count)
                    for specialist, count in grouped(
                        "specialist_employee_id",
                        limit=5,
                        extra=[("specialist_employee_id", "!=", False)],
                    )
                    + grouped(
                        "specialist_id",
                        limit=5,
                        extra=[
                            ("specialist_employee_id", "=", False),
                            ("specialist_id", "!=", False),
                        ],
                    )
                ],
                key=lambda row: -row[1],
            )[:5],
        }
