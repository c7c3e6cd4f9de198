from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        groups="customer_complaint.group_complaint_user",
    )
    review_count = fields.Integer(
        string="Reviews",
        compute="_compute_review_count",
        groups="customer_complaint.group_complaint_user",
    )

    def _compute_complaint_count(self):
        counts = self._count_by_order("customer.complaint")
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def _compute_review_count(self):
        counts = self._count_by_order("customer.review")
        for order in self:
            order.review_count = counts.get(order, 0)

    def _count_by_order(self, model):
        return dict(
            self.env[model]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )

    def _action_view_related(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_complaints(self):
        return self._action_view_related("customer_complaint.customer_complaint_action")

    def action_view_reviews(self):
        return self._action_view_related("customer_complaint.customer_review_action")
