"""The customer's demand and the law's deadline: the remedy the customer
demands, when, and the price concerned; the statutory rule of the company's
country for it (customer_complaint_legal_rule.py), the deadline it gives,
whether it was met, and the penalty accrued once late."""

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_legal_rule import REMEDIES, REMEDY_KINDS
from .customer_complaint_response import RESPONSE_STATUSES, deadline_status


class CustomerComplaintRemedy(models.Model):
    _inherit = "customer.complaint"

    remedy = fields.Selection(
        [*REMEDIES, ("not_recorded", "Not Recorded")],
        string="Customer's Demand",
        tracking=True,
        groups="base.group_user",
        help="What the customer demands. Not Recorded: imported history without one.",
    )
    remedy_kind = fields.Selection(
        REMEDY_KINDS,
        string="Goods or Service",
        compute="_compute_remedy_kind",
        store=True,
        readonly=False,
        groups="base.group_user",
    )
    date_demand = fields.Datetime(
        string="Demand Made On",
        compute="_compute_date_demand",
        store=True,
        readonly=False,
        tracking=True,
        groups="base.group_user",
        help="When the customer made the demand: the statutory deadline "
        "runs from it. The reception date unless said otherwise.",
    )
    remedy_price = fields.Monetary(
        string="Price Concerned",
        compute="_compute_remedy_price",
        store=True,
        readonly=False,
        # The base of the penalty: a change shows in the chatter.
        tracking=True,
        groups="base.group_user",
        help="The price paid for the goods or service (from the order line, "
        "taxes included): the base of the statutory penalty.",
    )
    legal_rule_id = fields.Many2one(
        "customer.complaint.legal.rule",
        string="Statutory Rule",
        compute="_compute_legal_rule_id",
        store=True,
        index="btree_not_null",
        groups="base.group_user",
        help="The rule of the company's country for this kind and demand "
        "(Configuration > Statutory Deadlines).",
    )
    legal_extension_id = fields.Many2one(
        "customer.complaint.legal.extension",
        string="Extended Case",
        domain="[('rule_id', '=', legal_rule_id)]",
        tracking=True,
        groups="base.group_user",
        help="The case in which the law allows a longer deadline (e.g. a "
        "quality check), if it applies.",
    )
    date_legal_deadline = fields.Datetime(
        string="Statutory Deadline",
        compute="_compute_date_legal_deadline",
        store=True,
        groups="base.group_user",
    )
    legal_status = fields.Selection(
        RESPONSE_STATUSES,
        string="Statutory Deadline Status",
        compute="_compute_legal_status",
        store=True,
        # Written by the cron when the deadline passes (a managed field).
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Met when the complaint was closed by the statutory deadline; "
        "failed once it passes (checked by the cron that fails late "
        "responses).",
    )
    legal_days_late = fields.Integer(
        string="Days Late",
        compute="_compute_legal_penalty",
        groups="base.group_user",
    )
    legal_penalty = fields.Monetary(
        string="Penalty Accrued",
        compute="_compute_legal_penalty",
        groups="base.group_user",
        help="What the law makes the seller owe so far: the price times the "
        "daily rate for each day past the statutory deadline, until closing.",
    )

    # The cron's search: the running statutory deadlines among all complaints.
    _legal_running_idx = models.Index(
        "(date_legal_deadline) WHERE legal_status = 'running'"
    )

    @api.depends("product_id")
    def _compute_remedy_kind(self):
        for complaint in self:
            if complaint.product_id:
                complaint.remedy_kind = (
                    "service" if complaint.product_id.type == "service" else "goods"
                )
            elif not complaint.remedy_kind:
                complaint.remedy_kind = "goods"

    @api.depends("remedy", "date_received")
    def _compute_date_demand(self):
        for complaint in self:
            if complaint.remedy in (False, "none", "not_recorded"):
                complaint.date_demand = False
            elif not complaint.date_demand:
                complaint.date_demand = complaint.date_received

    @api.depends("sale_line_id")
    def _compute_remedy_price(self):
        for complaint in self:
            line = complaint.sale_line_id
            if line:
                complaint.remedy_price = line.currency_id._convert(
                    line.price_reduce_taxinc,
                    complaint.currency_id,
                    complaint.company_id,
                    fields.Date.to_date(line.order_id.date_order)
                    or fields.Date.today(),
                )

    @api.depends("company_id.country_id", "remedy_kind", "remedy")
    def _compute_legal_rule_id(self):
        Rule = self.env["customer.complaint.legal.rule"]
        rules = {}
        for complaint in self:
            key = (
                complaint.company_id.country_id,
                complaint.remedy_kind,
                complaint.remedy,
            )
            if key not in rules:
                rules[key] = Rule._rule_for(*key)
            complaint.legal_rule_id = rules[key]

    @api.constrains("legal_extension_id")
    def _check_legal_extension_rule(self):
        for complaint in self:
            extension = complaint.legal_extension_id
            if extension and extension.rule_id != complaint.legal_rule_id:
                raise ValidationError(
                    self.env._(
                        "The extended case %(case)s is not one of the statutory "
                        "rule of complaint %(ref)s.",
                        case=extension.name,
                        ref=complaint.name,
                    )
                )

    @api.depends(
        "date_demand",
        "legal_rule_id.deadline_days",
        "legal_extension_id.days",
        "legal_extension_id.rule_id",
    )
    def _compute_date_legal_deadline(self):
        for complaint in self:
            rule, extension = complaint.legal_rule_id, complaint.legal_extension_id
            if not (rule and complaint.date_demand):
                complaint.date_legal_deadline = False
                continue
            days = extension.days if extension.rule_id == rule else rule.deadline_days
            complaint.date_legal_deadline = complaint._legal_day_end(
                complaint.date_demand, days
            )

    def _legal_day_end(self, start, days):
        """The end of the ``days``-th day after the day of ``start``, in the
        company's time zone (its working calendar's): a term in days runs
        from the next day and ends at midnight of its last (Russia's Civil
        Code arts. 191 and 194), whatever the hour of the demand."""
        self.ensure_one()
        tz = self.company_id._get_complaint_tz()
        last_day = pytz.utc.localize(start).astimezone(tz).date() + timedelta(days=days)
        end = tz.localize(datetime.combine(last_day + timedelta(days=1), time.min))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends("date_legal_deadline", "date_closed", "is_history", "is_closed")
    def _compute_legal_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.legal_status = deadline_status(
                complaint.date_legal_deadline,
                complaint.date_closed,
                now,
                unknown=complaint.is_history and complaint.is_closed,
            )

    @api.depends(
        "date_legal_deadline",
        "date_closed",
        "remedy_price",
        "legal_rule_id.penalty_rate",
        "legal_rule_id.penalty_capped",
    )
    def _compute_legal_penalty(self):
        now = fields.Datetime.now()
        for complaint in self:
            due = complaint.date_legal_deadline
            end = complaint.date_closed or (not complaint.is_closed and now)
            late = end - due if due and end and end > due else timedelta(0)
            # Each day begun past the deadline counts, as the law's "each day".
            days = math.ceil(late / timedelta(days=1))
            rule = complaint.legal_rule_id
            penalty = complaint.remedy_price * rule.penalty_rate / 100 * days
            if rule.penalty_capped:
                penalty = min(penalty, complaint.remedy_price)
            complaint.legal_days_late = days
            complaint.legal_penalty = complaint.currency_id.round(penalty)

    @api.model
    def _legal_penalty_totals(self, domain):
        """{company id: penalty accrued} of the complaints of ``domain`` past
        their statutory deadline, in each company's currency. The penalty
        grows each day, so it is computed, not stored: the late complaints
        are read in one query with what the compute needs (their rules and
        currencies prefetched), whatever their number."""
        late = self.search_fetch(
            [
                *domain,
                ("legal_status", "in", ("running", "failed")),
                ("date_legal_deadline", "<", fields.Datetime.now()),
            ],
            [
                "company_id",
                "date_legal_deadline",
                "date_closed",
                "is_closed",
                "remedy_price",
                "legal_rule_id",
            ],
        )
        totals = defaultdict(float)
        for complaint in late:
            totals[complaint.company_id.id] += complaint.legal_penalty
        return totals

    @api.model
    def _cron_fail_late_responses(self):
        """Running statutory deadlines that passed: failed, as the responses'."""
        res = super()._cron_fail_late_responses()
        # sudo: every company's complaints, whatever user the cron runs as; the
        # status is a managed field.
        self.sudo().with_context(active_test=False, mail_notrack=True).search(
            [
                ("legal_status", "=", "running"),
                ("date_legal_deadline", "<", fields.Datetime.now()),
            ]
        ).write({"legal_status": "failed"})
        return res
