"""Systemic problems: a burst is N complaints of the same cause, product or
category received within D days (the company's settings). Found by the
automation rule "Complaints of one cause, product or category: systemic
problem" (customer_complaint_systemic.py); the quality manager's activity and
the chatter of the problem live on the burst, not on one customer's complaint,
so it is told once and reported on its own."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_notification import assignee_today

# (kind, the complaint's field that names the shared record)
BURST_KINDS = (
    ("cause", "cause_id"),
    ("product", "product_id"),
    ("category", "category_id"),
)
BURST_FIELDS = dict(BURST_KINDS)
# An activity lists this many complaints, then counts the others.
ACTIVITY_LINES = 20


class CustomerComplaintBurst(models.Model):
    _name = "customer.complaint.burst"
    _description = "Systemic Problem"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["cause_id.name", "product_id.name", "category_id.name"]

    kind = fields.Selection(
        [("cause", "Cause"), ("product", "Product"), ("category", "Category")],
        string="Same",
        required=True,
        readonly=True,
        index=True,
    )
    cause_id = fields.Many2one(
        "customer.complaint.cause",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    category_id = fields.Many2one(
        "customer.complaint.category",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    date_start = fields.Datetime(
        string="From",
        required=True,
        readonly=True,
        help="Reception of the burst's first complaint.",
    )
    date_end = fields.Datetime(
        string="Window End",
        required=True,
        readonly=True,
        help="Complaints of the same kind received until then join this burst; "
        "after it a new burst can start.",
    )
    complaint_ids = fields.Many2many(
        "customer.complaint",
        "customer_complaint_burst_rel",
        "burst_id",
        "complaint_id",
        string="Complaints",
        readonly=True,
    )
    complaint_count = fields.Integer(
        string="Complaints Count", compute="_compute_complaint_count", store=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Quality Manager",
        readonly=True,
        help="Told of the burst by an activity when it was found.",
    )

    _burst_uniq = models.UniqueIndex(
        "(company_id, kind, COALESCE(cause_id, 0), COALESCE(product_id, 0), "
        "COALESCE(category_id, 0), date_start)",
        "This systemic problem is already recorded.",
    )
    _window_check = models.Constraint(
        "CHECK(date_end > date_start)",
        "A systemic problem's window must end after it starts.",
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        # Archived members count too, as the burst's list shows them: the
        # count does not depend on the reader's context.
        for burst in self.with_context(active_test=False):
            burst.complaint_count = len(burst.complaint_ids)

    @api.depends("kind", "cause_id", "product_id", "category_id", "complaint_count")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for burst in self:
            burst.display_name = _(
                "%(kind)s %(record)s: %(count)s complaints",
                kind=kinds.get(burst.kind, ""),
                record=burst._get_record().display_name if burst.kind else "",
                count=burst.complaint_count,
            )

    @api.constrains("kind", "cause_id", "product_id", "category_id")
    def _check_record_of_kind(self):
        for burst in self:
            named = [fname for fname in BURST_FIELDS.values() if burst[fname]]
            if named != [BURST_FIELDS.get(burst.kind)]:
                raise ValidationError(
                    _(
                        "A systemic problem names one cause, product or "
                        "category, the one of its kind."
                    )
                )

    def _get_record(self):
        """The cause, product or category the complaints share."""
        self.ensure_one()
        return self[BURST_FIELDS[self.kind]]

    @api.readonly
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint.customer_complaint_action"
        )
        action["domain"] = [("id", "in", self.complaint_ids.ids)]
        action["context"] = {"active_test": False}
        return action

    def _activity_texts(self):
        """The summary and note of the quality manager's activity, in their
        language, with the complaints the burst has now."""
        self.ensure_one()
        # In the quality manager's language, whoever's change found it.
        burst = self.with_context(lang=self.user_id.lang, active_test=False)
        complaints = burst.complaint_ids.sorted("date_received")
        return {
            "summary": burst.env._("Systemic problem: %s", burst.display_name),
            "note": Markup("<p>%s</p>%s")
            % (
                burst.env._(
                    "%(count)s complaints about %(record)s within "
                    "%(days)s days. Look for the common cause:",
                    count=len(complaints),
                    record=burst._get_record().display_name,
                    days=burst.company_id.complaint_burst_days,
                ),
                complaints._html_list(ACTIVITY_LINES),
            ),
        }

    def _notify_quality_managers(self):
        """One to-do activity per burst for its company's quality manager,
        in one batched create, listing the complaints."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        values = [
            {
                "res_model_id": model_id,
                "res_id": burst.id,
                "activity_type_id": todo.id,
                "user_id": burst.user_id.id,
                "date_deadline": assignee_today(burst.user_id),
                # The addon's own: updated as complaints join or leave.
                "automated": True,
                **burst._activity_texts(),
            }
            for burst in self.filtered("user_id")
        ]
        if values:
            # sudo: the quality manager's to-do, whoever's change found the burst.
            self.env["mail.activity"].sudo().create(values)

    def _update_quality_manager_activities(self):
        """Complaints joined or left these bursts: the quality manager's open
        activity says the count and lists the complaints the burst has now,
        as its row does (its chatter keeps the growth)."""
        for burst in self.filtered("user_id"):
            # The to-do the addon gave the manager, not one they planned.
            activities = burst.activity_search(
                ["mail.mail_activity_data_todo"], user_id=burst.user_id.id
            )
            if activities:
                activities.write(burst._activity_texts())

    def _log_joined(self, joined):
        """One note per burst on the complaints that joined it later: the
        manager was told once, the burst's chatter shows its growth."""
        bodies = {
            burst.id: Markup("<p>%s</p>%s")
            % (
                self.env._(
                    "%(count)s more complaint(s) joined:", count=len(complaints)
                ),
                complaints._html_list(ACTIVITY_LINES),
            )
            for burst, complaints in joined.items()
        }
        if bodies:
            bursts = self.browse(list(bodies))
            bursts._message_log_batch(bodies=bodies)
            bursts._update_quality_manager_activities()
