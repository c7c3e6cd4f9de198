import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

COMPLAINT_SEQUENCE_CODE = "customer.complaint"
# The default of a company's further options, in each of its languages
# (_complaint_translate_defaults).
FURTHER_OPTIONS = _lt(
    "<p>If you are not satisfied with our final response, you may refer "
    "your complaint, free of charge, to the consumer ombudsman or to the "
    "consumer protection authority within six months of this letter.</p>"
)

NOTIFY_MODES = [
    ("message", "Message (inbox or email)"),
    ("activity", "Activity"),
    ("both", "Message and activity"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_review_threshold = fields.Integer(
        string="Review Score Threshold",
        default=3,
        help="A review scored at or under this value (1-5) becomes a complaint.",
    )
    complaint_default_team_id = fields.Many2one(
        "customer.complaint.team",
        string="Default Complaint Team",
        help="Team of the complaints created from reviews and emails "
        "that name no team.",
    )
    complaint_notify_user_ids = fields.Many2many(
        "res.users",
        "res_company_complaint_notify_user_rel",
        "company_id",
        "user_id",
        string="Notified Staff",
        domain="[('share', '=', False)]",
    )
    complaint_notify_group_ids = fields.Many2many(
        "res.groups",
        "res_company_complaint_notify_group_rel",
        "company_id",
        "group_id",
        string="Notified Groups",
    )
    complaint_notify_mode = fields.Selection(
        NOTIFY_MODES, string="Notify Staff By", default="message", required=True
    )
    complaint_acknowledge = fields.Boolean(
        string="Acknowledge Complaints",
        default=True,
        help="Email the customer of a new complaint an acknowledgement: the "
        "reference, who handles it, the date of the final response and the "
        "portal link.",
    )
    complaint_further_options = fields.Html(
        string="Further Options of the Customer",
        translate=True,
        # The source text, whoever creates the company: its translations are
        # added for every language (_complaint_translate_defaults).
        default=lambda self: self.with_context(lang="en_US").env._(FURTHER_OPTIONS),
        help="Ends the final response letter: where the customer may turn if "
        "they disagree with the decision (e.g. an ombudsman).",
    )
    complaint_reaction_days = fields.Integer(
        string="Reaction Time (days)",
        default=1,
        help="Deadline of the owner's first activity on a new complaint.",
    )
    complaint_escalation_user_ids = fields.Many2many(
        "res.users",
        "res_company_complaint_escalation_user_rel",
        "company_id",
        "user_id",
        string="Escalation Managers",
        domain="[('share', '=', False)]",
        help="Told of overdue complaints; empty = the complaint managers.",
    )
    complaint_escalation_hours = fields.Integer(
        string="Level 2 Escalation After (hours)",
        default=24,
        help="An overdue complaint is escalated to level 2 when it is late by "
        "this many hours.",
    )
    complaint_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Sent to the customer when a complaint reaches the satisfaction check.",
    )
    complaint_satisfaction_threshold = fields.Integer(
        string="Low Satisfaction Score",
        default=2,
        help="An answer scored at or under this (1-5), or saying the problem is "
        "not solved, does not close the complaint.",
    )
    complaint_low_score_action = fields.Selection(
        [("reopen", "Back to work"), ("escalate", "Escalate")],
        string="On Low Satisfaction",
        default="reopen",
        required=True,
    )
    complaint_auto_close = fields.Boolean(
        string="Close on Good Satisfaction",
        default=True,
        help="A good answer closes the complaint (when it has a resolution).",
    )
    complaint_survey_timeout_days = fields.Integer(
        string="Wait for Answer (days)",
        default=14,
        help="Without an answer after this many days the complaint closes, "
        "with 'no answer' recorded.",
    )
    complaint_review_request_trigger = fields.Selection(
        [
            ("manual", "Manually, from the order"),
            ("confirm", "When the order is confirmed"),
            ("invoice", "When the order is fully invoiced"),
        ],
        string="Send Review Requests",
        default="manual",
        required=True,
    )
    complaint_review_token_days = fields.Integer(
        string="Review Link Valid (days)", default=30
    )
    complaint_duplicate_days = fields.Integer(
        string="Duplicate Window (days)",
        default=30,
        help="A complaint of the same customer about the same order or product "
        "received within this many days is shown as a possible duplicate.",
    )
    complaint_repeat_reopen_count = fields.Integer(
        string="Repeat After Reopenings",
        default=2,
        help="A complaint reopened more than this many times is a repeat "
        "complaint; 0: reopenings make no repeat.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Window (days)",
        default=90,
        help="A new complaint of the same customer about the same order or "
        "product within this many days of the last one closed is a repeat "
        "complaint; 0: none is.",
    )
    # Erasure of personal data (customer_complaint_personal_data.py).
    complaint_retention_years = fields.Integer(
        string="Keep Personal Data (years)",
        default=3,
        help="The customer's personal data of a complaint closed longer ago than "
        "this is erased by a daily job (the complaint and its figures stay); "
        "erasing earlier needs a manager's legal ground. 0: kept until a "
        "manager erases it.",
    )
    complaint_rating_as_review = fields.Boolean(
        string="Ratings Count as Reviews",
        help="Ratings given elsewhere in Odoo (live chat, tasks...) are recorded "
        "as reviews, so a low one creates a complaint.",
    )
    # Systemic problems (customer_complaint_burst.py).
    complaint_burst_count = fields.Integer(
        string="Systemic Problem After (complaints)",
        default=5,
        help="This many complaints of the same cause, product or category "
        "within the days below make a systemic problem; 0: not looked for.",
    )
    complaint_burst_days = fields.Integer(
        string="Systemic Problem Within (days)", default=7
    )
    complaint_quality_manager_id = fields.Many2one(
        "res.users",
        string="Quality Manager",
        domain=lambda self: [
            ("share", "=", False),
            (
                "all_group_ids",
                "in",
                self.env.ref("customer_complaint.group_complaint_manager").ids,
            ),
        ],
        help="Gets one activity per systemic problem, listing its complaints "
        "(a complaint manager).",
    )

    # Replies of the customer after closing (customer_complaint_reply.py).
    complaint_reply_reopen_days = fields.Integer(
        string="Reply After Closing Within (days)",
        default=14,
        help="A reply of the customer within this many days of closing reopens "
        "the complaint or opens a follow-up; 0: replies after closing change "
        "nothing.",
    )
    complaint_reply_after_close = fields.Selection(
        [("reopen", "Reopen the complaint"), ("follow_up", "Open a follow-up")],
        string="On a Reply After Closing",
        default="reopen",
        required=True,
    )

    _complaint_reply_reopen_days_range = models.Constraint(
        "CHECK(complaint_reply_reopen_days BETWEEN 0 AND 3650)",
        "The days a reply after closing reopens a complaint must be between 0 "
        "and 3650.",
    )
    _complaint_review_threshold_range = models.Constraint(
        "CHECK(complaint_review_threshold BETWEEN 1 AND 5)",
        "The review score threshold must be between 1 and 5.",
    )
    _complaint_repeat_reopen_count_range = models.Constraint(
        "CHECK(complaint_repeat_reopen_count BETWEEN 0 AND 100)",
        "The reopenings that make a repeat complaint must be between 0 and 100.",
    )
    _complaint_retention_years_range = models.Constraint(
        "CHECK(complaint_retention_years BETWEEN 0 AND 100)",
        "The retention period of personal data must be between 0 and 100 years.",
    )
    _complaint_repeat_days_range = models.Constraint(
        "CHECK(complaint_repeat_days BETWEEN 0 AND 3650)",
        "The repeat window must be between 0 and 3650 days.",
    )
    _complaint_duplicate_days_range = models.Constraint(
        "CHECK(complaint_duplicate_days BETWEEN 0 AND 3650)",
        "The duplicate window must be between 0 and 3650 days.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._complaint_setup()
        return companies

    @api.model
    def _complaint_setup_all(self):
        """At installation and upgrade: every company, archived ones too."""
        self.with_context(active_test=False).search([])._complaint_setup()

    def _complaint_setup(self):
        """Give the companies what the addon needs and they lack: a no-gap
        complaint sequence of their own, a default complaint team and the
        satisfaction survey. Called for new companies, at installation and at
        upgrade; never changes what a company already has."""
        # sudo: as for the creation below, whoever creates the company.
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("code", "=", COMPLAINT_SEQUENCE_CODE),
                    ("company_id", "in", self.ids),
                ]
            )
        )
        missing = self - sequences.company_id
        if missing:
            # sudo: only administrators create sequences; the creator may be none.
            self.env["ir.sequence"].sudo().create(
                [company._complaint_sequence_values() for company in missing]
            )
        survey = self.env.ref(
            "customer_complaint.survey_complaint_satisfaction", raise_if_not_found=False
        )
        # sudo: the addon completes the company, whoever creates it (teams are
        # the complaint managers').
        Team = self.env["customer.complaint.team"].sudo()
        for company in self.sudo():
            values = {}
            if not company.complaint_default_team_id:
                values["complaint_default_team_id"] = (
                    Team.search([("company_id", "=", company.id)], limit=1)
                    or Team.create(company._complaint_team_values())
                ).id
            if not company.complaint_survey_id and survey:
                values["complaint_survey_id"] = survey.id
            if values:
                company.write(values)
        self._complaint_translate_defaults()

    def _complaint_translate_defaults(self, langs=None):
        """The default further options in each language of ``langs`` (all
        installed ones by default): the ORM stores a default in one language
        only, so the letter to a Russian customer, or the settings of a
        Ukrainian manager, would read it in English. A text a manager wrote
        is kept; only the addon's untouched default is translated."""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        langs = [lang for lang in langs or installed if lang != "en_US"]
        fname = "complaint_further_options"
        field = self._fields[fname]
        source = self.with_context(lang="en_US").env._(FURTHER_OPTIONS)
        source_terms = field.get_trans_terms(source)
        # An html field is translated term by term (html_translate).
        terms = {}
        for lang in langs:
            translated = self.with_context(lang=lang).env._(FURTHER_OPTIONS)
            lang_terms = field.get_trans_terms(translated)
            if translated != source and len(lang_terms) == len(source_terms):
                terms[lang] = dict(zip(source_terms, lang_terms, strict=True))
        # As the setup above: the addon completes the company, whoever made it.
        for company in self.sudo():
            if company.with_context(lang="en_US")[fname] != source:
                continue
            translations = {
                lang: lang_terms
                for lang, lang_terms in terms.items()
                if company.with_context(lang=lang)[fname] == source
            }
            if translations:
                company.update_field_translations(fname, translations)

    def _complaint_sequence_values(self):
        """A sequence whose prefix tells this company's references apart."""
        self.ensure_one()
        return {
            "name": self.env._("Customer Complaint (%s)", self.name),
            "code": COMPLAINT_SEQUENCE_CODE,
            "prefix": f"CMP{self.id}/%(range_year)s/",
            "padding": 5,
            "use_date_range": True,
            "implementation": "no_gap",
            "company_id": self.id,
        }

    def _complaint_team_values(self):
        """The company's first team, led by whoever creates the company when
        they work on complaints (not OdooBot: then the team waits for its
        members, and its complaints for an owner)."""
        self.ensure_one()
        user = self.env.user
        leader = (
            user
            if not user.share
            and not user._is_superuser()
            and self in user.company_ids
            and user.has_group("customer_complaint.group_complaint_user")
            else user.browse()
        )
        return {
            "name": self.env._("Customer Care"),
            "company_id": self.id,
            "user_id": leader.id,
        }

    def _get_complaint_sequences(self):
        """{company: its complaint sequence}, in one query; a clear error for
        a company that has none (each company numbers its own complaints)."""
        # sudo: whoever files a complaint numbers it (gateway, portal, reviews).
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", COMPLAINT_SEQUENCE_CODE),
                    ("company_id", "in", self.ids),
                ],
                order="id",
            )
        )
        by_company = {}
        for sequence in sequences:
            by_company.setdefault(sequence.company_id, sequence)
        missing = self - sequences.company_id
        if missing:
            raise UserError(
                self.env._(
                    "Company %s has no complaint sequence, so its complaints "
                    "cannot be numbered. An administrator can create one "
                    "(Settings > Technical > Sequences: code customer.complaint, "
                    "implementation No gap, this company).",
                    missing[0].name,
                )
            )
        return by_company

    def _get_complaint_tz(self):
        """The time zone of the company's complaint days: its working
        calendar's, on which the statutory deadline is counted; UTC without."""
        self.ensure_one()
        # sudo: the calendar is staff's to read; a portal complaint is dated too.
        return pytz.timezone(self.sudo().resource_calendar_id.tz or "UTC")

    def _get_complaint_default_team(self):
        """The configured default team, else the company's first team: a
        complaint that arrives by itself should never wait unrouted."""
        self.ensure_one()
        # sudo: whoever files a complaint routes it (a portal customer, a review).
        return self.complaint_default_team_id or self.env[
            "customer.complaint.team"
        ].sudo().search([("company_id", "in", [self.id, False])], limit=1)

    @api.constrains("complaint_review_threshold")
    def _check_complaint_review_threshold(self):
        for company in self:
            if not 1 <= company.complaint_review_threshold <= 5:
                raise ValidationError(
                    self.env._("The review score threshold must be between 1 and 5.")
                )

    @api.constrains(
        "complaint_burst_count", "complaint_burst_days", "complaint_quality_manager_id"
    )
    def _check_complaint_bursts(self):
        managers = self.env.ref("customer_complaint.group_complaint_manager")
        for company in self:
            if company.complaint_burst_count < 0 or company.complaint_burst_count == 1:
                raise ValidationError(
                    self.env._(
                        "A systemic problem takes at least 2 complaints (0 to "
                        "not look for them)."
                    )
                )
            if company.complaint_burst_days < 1:
                raise ValidationError(
                    self.env._("A systemic problem's window is at least 1 day.")
                )
            user = company.complaint_quality_manager_id
            if user and (user.share or managers not in user.all_group_ids):
                raise ValidationError(
                    self.env._(
                        "The quality manager %s must be a complaint manager.",
                        user.name,
                    )
                )

    def _get_complaint_escalation_users(self):
        """Who hears of escalations: the configured managers, else the
        complaint managers of the company."""
        self.ensure_one()
        users = self.complaint_escalation_user_ids or self.env.ref(
            "customer_complaint.group_complaint_manager"
        ).all_user_ids.filtered(lambda user: self in user.company_ids)
        return users.filtered(lambda user: user.active and not user.share)
