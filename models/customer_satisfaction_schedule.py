"""Scheduled satisfaction campaigns: every N months, the survey goes to the
customers who bought (confirmed orders) since the last run, by the daily
cron "Complaints: send scheduled satisfaction campaigns"."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class CustomerSatisfactionSchedule(models.Model):
    _name = "customer.satisfaction.schedule"
    _description = "Scheduled Satisfaction Campaign"
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "customer_complaint.survey_customer_satisfaction", raise_if_not_found=False
        ),
    )
    interval_months = fields.Integer(string="Every (months)", required=True, default=3)
    next_date = fields.Date(
        string="Next Campaign",
        required=True,
        default=fields.Date.context_today,
        help="The cron sends the campaign on this day, then moves it on by "
        "the interval.",
    )
    last_date = fields.Date(
        string="Last Campaign",
        readonly=True,
        copy=False,
        help="Customers who bought from this day on are asked next time; "
        "empty: those of the last interval.",
    )
    last_count = fields.Integer(
        string="Customers Last Asked", readonly=True, copy=False
    )

    @api.constrains("interval_months")
    def _check_interval_months(self):
        if any(schedule.interval_months < 1 for schedule in self):
            raise ValidationError(
                self.env._("A scheduled campaign runs every one month or more.")
            )

    def _run_campaign(self, today):
        """Send the survey to the customers who bought from the last run to
        yesterday (today's orders go to the next one), then plan the next."""
        self.ensure_one()
        date_from = self.last_date or today - relativedelta(months=self.interval_months)
        campaign = (
            self.env["customer.satisfaction.campaign"]
            .with_company(self.company_id)
            .create(
                {
                    "survey_id": self.survey_id.id,
                    "company_id": self.company_id.id,
                    "date_from": date_from,
                    "date_to": today - relativedelta(days=1),
                }
            )
        )
        if campaign.partner_ids:
            campaign._send_invitations()
        next_date = self.next_date
        while next_date <= today:
            next_date += relativedelta(months=self.interval_months)
        self.write(
            {
                "last_date": today,
                "next_date": next_date,
                "last_count": len(campaign.partner_ids),
            }
        )

    @api.model
    def _cron_send_campaigns(self):
        """The schedules due today, each in a savepoint: a failing one is
        logged and retried tomorrow, the others are sent."""
        today = fields.Date.context_today(self)
        # sudo: every schedule, whatever user the cron runs as.
        schedules = self.sudo().search([("next_date", "<=", today)])
        for schedule in schedules:
            try:
                with self.env.cr.savepoint():
                    schedule._run_campaign(today)
            except Exception:
                _logger.exception(
                    "Could not send scheduled satisfaction campaign %s", schedule.id
                )
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(1)

    def action_send_now(self):
        """Button: send the campaign now (customers since the last run)."""
        today = fields.Date.context_today(self)
        for schedule in self:
            schedule._run_campaign(today)
        return True
