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
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        help="Customers with a confirmed order in the period; edit freely.",
    )

    @api.depends("date_from", "date_to")
    def _compute_partner_ids(self):
        for campaign in self:
            domain = [("state", "=", "sale")]
            if campaign.date_from:
                domain.append(("date_order", ">=", campaign.date_from))
            if campaign.date_to:
                domain.append(
                    ("date_order", "<", campaign.date_to + relativedelta(days=1))
                )
            orders = self.env["sale.order"].search(domain)
            campaign.partner_ids = orders.partner_id.filtered("email")

    def action_send(self):
        """Invite the customers through Odoo's own survey invitation."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("No customer to send the survey to."))
        invite = self.env["survey.invite"].create(
            {"survey_id": self.survey_id.id, "partner_ids": self.partner_ids.ids}
        )
        invite.action_invite()
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
