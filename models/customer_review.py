from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

MIN_SCORE, MAX_SCORE = 1, 5
MAX_COMMENT_LENGTH = 10000
# Set by the application: the complaint a review produced, its threshold flag
# and the Odoo rating it records.
REVIEW_MANAGED_FIELDS = frozenset(
    {"complaint_id", "complaint_ids", "is_below_threshold", "rating_id"}
)


class CustomerReview(models.Model):
    _name = "customer.review"
    _description = "Customer Review"
    _inherit = [
        "customer.complaint.audit.mixin",
        "mail.thread",
        "customer.complaint.company.mixin",
        "customer.specialist.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "comment"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    # The customer's statement: a later correction shows in the chatter.
    score = fields.Integer(
        required=True,
        aggregator="avg",
        tracking=True,
        help="From 1 (very bad) to 5 (excellent).",
    )
    comment = fields.Text(tracking=True)
    channel = fields.Selection(
        [
            ("website", "Website"),
            ("email", "Email"),
            ("phone", "Phone"),
            ("portal", "Portal"),
            ("social", "Social Network"),
            ("in_person", "In Person"),
            ("rating", "Odoo Rating"),
            ("import", "Import"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        index=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "customer.complaint.team", index="btree_not_null", check_company=True
    )
    sale_order_id = fields.Many2one(
        "sale.order", index="btree_not_null", check_company=True
    )
    product_id = fields.Many2one(
        "product.product", index="btree_not_null", check_company=True
    )
    specialist_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    rating_id = fields.Many2one(
        "rating.rating", string="Odoo Rating", readonly=True, index="btree_not_null"
    )
    rated_record_ref = fields.Reference(
        related="rating_id.resource_ref", string="Rated Document"
    )
    is_below_threshold = fields.Boolean(
        string="Counts as Complaint",
        compute="_compute_is_below_threshold",
        store=True,
        precompute=True,
        index=True,
        help="Scored at or under the threshold of its team or company when given.",
    )
    complaint_ids = fields.One2many(
        "customer.complaint",
        "review_id",
        string="Complaints",
        context={"active_test": False},
    )
    complaint_id = fields.Many2one(
        "customer.complaint",
        compute="_compute_complaint_id",
        store=True,
        index="btree_not_null",
    )
    # The satisfaction analysis's "archived" (report/customer_satisfaction_
    # report.py), stored: read without joining every complaint.
    complaint_archived = fields.Boolean(
        compute="_compute_complaint_archived",
        store=True,
        help="The complaint of the review is archived.",
    )

    _score_range = models.Constraint(
        f"CHECK(score BETWEEN {MIN_SCORE} AND {MAX_SCORE})",
        "The review score must be between 1 and 5.",
    )
    _rating_uniq = models.Constraint(
        "unique(rating_id)", "This rating is already recorded as a review."
    )

    @api.depends("partner_id", "score")
    def _compute_display_name(self):
        for review in self:
            review.display_name = _(
                "%(customer)s: %(score)s/5",
                customer=review.partner_id.display_name or "",
                score=review.score,
            )

    @api.depends("score", "team_id", "company_id")
    def _compute_is_below_threshold(self):
        default_teams = {
            company: company._get_complaint_default_team()
            for company in self.company_id
        }
        for review in self:
            team = review.team_id or default_teams.get(review.company_id)
            threshold = team._get_review_threshold(review.company_id)
            review.is_below_threshold = review.score <= threshold

    @api.depends("complaint_ids")
    def _compute_complaint_id(self):
        for review in self:
            review.complaint_id = review.complaint_ids[:1]

    @api.depends("complaint_id.active")
    def _compute_complaint_archived(self):
        for review in self:
            review.complaint_archived = bool(
                review.complaint_id and not review.complaint_id.active
            )

    @api.model
    def _check_score_value(self, score):
        # Checked before writing, so a wrong score never reaches the database
        # and the user gets a message rather than a constraint error.
        if isinstance(score, bool) or not isinstance(score, int):
            raise ValidationError(
                _("The review score must be a whole number from 1 to 5, not %r.", score)
            )
        if not MIN_SCORE <= score <= MAX_SCORE:
            raise ValidationError(
                _("The review score must be between 1 and 5, not %s.", score)
            )

    @api.constrains("score")
    def _check_score(self):
        for review in self:
            self._check_score_value(review.score)

    @api.model
    def _check_comment_value(self, comment):
        # Enforced here, not only in the public page's form (the comment is
        # copied into the complaint), and before writing, like the score.
        if comment and len(comment) > MAX_COMMENT_LENGTH:
            raise ValidationError(
                self.env._(
                    "A review comment is at most %s characters.", MAX_COMMENT_LENGTH
                )
            )

    @api.model
    def _refuse_managed_fields(self, vals):
        managed = REVIEW_MANAGED_FIELDS.intersection(vals)
        if managed and not self.env.su:
            labels = sorted(
                self._fields[fname]._description_string(self.env) for fname in managed
            )
            raise UserError(
                self.env._(
                    "These fields of a review are kept by the application and "
                    "cannot be written: %s.",
                    ", ".join(labels),
                )
            )

    @api.constrains("comment")
    def _check_comment(self):
        for review in self:
            self._check_comment_value(review.comment)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_managed_fields(vals)
            self._check_score_value(vals.get("score"))
            self._check_comment_value(vals.get("comment"))
        # A review is a customer's statement, not a document people follow:
        # no creator subscription nor "created" log per review (bench: 5x).
        reviews = super(
            CustomerReview,
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True),
        ).create(vals_list)
        # A low review becomes a complaint through the automation rule "Review
        # at or under the threshold: complaint" (data/base_automation_data.xml).
        return reviews.with_env(self.env)

    def write(self, vals):
        self._refuse_managed_fields(vals)
        if "score" in vals:
            self._check_score_value(vals["score"])
        if "comment" in vals:
            self._check_comment_value(vals["comment"])
        return super().write(vals)

    def _create_complaints_from_reviews(self):
        """Create one complaint per review at or under its threshold.

        What the automation rule "Review at or under the threshold:
        complaint" calls (Odoo runs it once per review); it also takes many
        reviews, in one ``create``.

        Idempotent: reviews that already have a complaint are skipped, and the
        unique index on ``customer_complaint.review_id`` refuses a second one.
        Complaints are created as superuser: whoever records the review (the
        public page, an import, a salesman) need not be a complaint user.
        """
        reviews = self.filtered(lambda r: r.is_below_threshold and not r.complaint_id)
        if not reviews:
            return self.env["customer.complaint"]
        default_teams = {
            company: company._get_complaint_default_team()
            for company in reviews.company_id
        }
        # sudo: whoever records the review need not be a complaint user.
        complaints = (
            self.env["customer.complaint"]
            .sudo()
            # The review a rule runs on is not the complaint's context.
            ._outside_rule_context()
            .with_context(mail_create_nosubscribe=True)
            .create(
                [
                    review._prepare_complaint_values(
                        review.team_id or default_teams[review.company_id]
                    )
                    for review in reviews
                ]
            )
        )
        # sudo(self.env.su): back to the caller's rights.
        return complaints.sudo(self.env.su)

    def _prepare_complaint_values(self, team):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "channel": "review",
            "review_id": self.id,
            "company_id": self.company_id.id,
            "team_id": team.id,
            "date_received": self.date,
            # Stored text, read by the company's staff: in its language.
            "subject": self.with_context(
                lang=self.company_id.partner_id.lang or self.env.lang
            ).env._("Review scored %s/5", self.score),
            "description": plaintext2html(self.comment) if self.comment else False,
            "sale_order_id": self.sale_order_id.id,
            "product_id": self.product_id.id,
            "specialist_id": self.specialist_id.id,
            "specialist_employee_id": self.specialist_employee_id.id,
            "priority": "2" if self.score == MIN_SCORE else "1",
        }

    def _erase_review_personal_data(self, placeholder, erased_partner):
        """The reviewer and their words go; score, date, team and product
        stay (the satisfaction figures). The Odoo rating behind it, and the
        message Odoo posted with it on the rated document, too."""
        for review in self:
            vals = {"partner_id": erased_partner.id, "sale_order_id": False}
            if review.comment:
                vals["comment"] = placeholder
            review.write(vals)
        ratings = self.rating_id
        ratings.write({"partner_id": erased_partner.id})
        ratings.filtered("feedback").write({"feedback": placeholder})
        # Odoo posts the rating with its feedback on the rated document.
        ratings.message_id.write(
            {
                "body": Markup("<p>%s</p>") % placeholder,
                "author_id": erased_partner.id,
                "email_from": False,
            }
        )
