from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _complaint_replacement_value(self):
        """What the customer paid for this line (taxes included), in the
        company currency: the value of a replacement of it."""
        self.ensure_one()
        company = self.order_id.company_id
        return self.currency_id._convert(
            self.price_total,
            company.currency_id,
            company,
            self.order_id.date_order or fields.Date.context_today(self),
        )
