from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        counts = self._count_in_partner_tree("customer.complaint")
        for partner in self:
            partner.complaint_count = counts.get(partner.id, 0)

    def _compute_review_count(self):
        counts = self._count_in_partner_tree("customer.review")
        for partner in self:
            partner.review_count = counts.get(partner.id, 0)

    def _count_in_partner_tree(self, model):
        """{partner id: records of ``model`` whose partner is this partner or
        one of its contacts}, in one grouped query."""
        counts = {}
        for partner, count in self.env[model]._read_group(
            [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
        ):
            while partner:
                if partner.id in self.ids:
                    counts[partner.id] = counts.get(partner.id, 0) + count
                partner = partner.parent_id
        return counts

    def _action_view_related(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_complaints(self):
        return self._action_view_related("customer_complaint.customer_complaint_action")

    def action_view_reviews(self):
        return self._action_view_related("customer_complaint.customer_review_action")
