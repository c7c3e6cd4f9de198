from odoo import api, fields, models


class CustomerComplaintRelatedMixin(models.AbstractModel):
    """The Complaints and Reviews smart buttons of a document complaints and
    reviews point to (a customer, a sale order): the counts, in one grouped
    query per model, and the lists they open."""

    _name = "customer.complaint.related.mixin"
    _description = "Complaints and Reviews of a Document"

    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_related_counts",
        groups="customer_complaint.group_complaint_user",
    )
    review_count = fields.Integer(
        string="Reviews",
        compute="_compute_complaint_related_counts",
        groups="customer_complaint.group_complaint_user",
    )

    def _complaint_related_domain(self):
        """The complaints and reviews of these documents."""
        raise NotImplementedError

    def _complaint_related_counts(self, model):
        """{document id: count of the records of ``model`` that are its}."""
        raise NotImplementedError

    def _complaint_related_defaults(self):
        """The values a complaint or review created from the list gets."""
        return {}

    def _compute_complaint_related_counts(self):
        for fname, model in (
            ("complaint_count", "customer.complaint"),
            ("review_count", "customer.review"),
        ):
            counts = self._complaint_related_counts(model)
            for record in self:
                record[fname] = counts.get(record.id, 0)

    def _action_view_related(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = self._complaint_related_domain()
        action["context"] = {
            f"default_{fname}": value
            for fname, value in self._complaint_related_defaults().items()
        }
        return action

    @api.readonly
    def action_view_complaints(self):
        return self._action_view_related("customer_complaint.customer_complaint_action")

    @api.readonly
    def action_view_reviews(self):
        return self._action_view_related("customer_complaint.customer_review_action")
