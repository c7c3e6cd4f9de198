from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerSatisfactionCampaign(models.TransientModel):
    _name = "customer.satisfaction.campaign"
    _description = "Satisfaction Campaign"

    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "customer_complaint.survey_customer_satisfaction", raise_if_not_found=False
        ),
    )
    date_from = fields.Date(
        string="Bought From",
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=3),
    )
    date_to = fields.Date(string="Bought Until", default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    sale_order_ids = fields.Many2many(
        "sale.order",
        string="Orders",
        compute="_compute_partner_ids",
        store=True,
        help="The confirmed orders of the period: each customer's answer "
        "records the latest of theirs.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        help="Customers with a confirmed order in the period; edit freely.",
    )

    @api.depends("date_from", "date_to", "company_id")
    def _compute_partner_ids(self):
        for campaign in self:
            domain = [
                ("state", "=", "sale"),
                ("company_id", "=", campaign.company_id.id),
            ]
            if campaign.date_from:
                domain.append(("date_order", ">=", campaign.date_from))
            if campaign.date_to:
                domain.append(
                    ("date_order", "<", campaign.date_to + relativedelta(days=1))
                )
            orders = self.env["sale.order"].search(domain)
            campaign.sale_order_ids = orders
            campaign.partner_ids = orders.partner_id.filtered("email")

    def action_send(self):
        """Invite the customers through Odoo's own survey invitation."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("No customer to send the survey to."))
        self._send_invitations()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Satisfaction survey sent to %s customers.", len(self.partner_ids)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_invitations(self):
        """A new answer per customer (also for those who answered an earlier
        campaign), recording the order it is about."""
        self.ensure_one()
        # As superuser: complaint managers need not be survey users; the
        # invitation is still sent in the manager's name.
        invite = (
            self.env["survey.invite"]
            .sudo()
            .create(
                {
                    "survey_id": self.survey_id.id,
                    "partner_ids": self.partner_ids.ids,
                    "existing_mode": "new",
                    "complaint_order_ids": self.sale_order_ids.filtered(
                        lambda order: order.partner_id in self.partner_ids
                    ).ids,
                }
            )
        )
        invite.action_invite()
