from odoo import fields, models


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    complaint_order_ids = fields.Many2many(
        "sale.order",
        string="About Orders",
        help="Set by a satisfaction campaign: each invited customer's answer "
        "records the latest of these orders of theirs.",
    )

    def _prepare_answers(self, partners, emails):
        answers = super()._prepare_answers(partners, emails)
        if self.complaint_order_ids:
            latest = {}
            for order in self.complaint_order_ids.sorted("date_order"):
                latest[order.partner_id] = order
            for answer in answers:
                order = latest.get(answer.partner_id)
                if order and not answer.sale_order_id:
                    answer.sale_order_id = order
        return answers
