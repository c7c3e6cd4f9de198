"""What the customer is told and by when: the acknowledgement (sent by the
automation rule "New complaint: acknowledge the customer"), the first
response (the first message the staff send them), the final response (the
decision: closing or rejection). Each has a target from the deadline
policies and a stored status; stage changes notify the followers by
subtype, and a stage can email the customer a notice (its template)."""

from odoo import api, fields, models

RESPONSE_STATUSES = [
    ("running", "Running"),
    ("met", "Met"),
    ("failed", "Failed"),
    # Imported history that did not record when it was done: unknown.
    ("not_recorded", "Not Recorded"),
]
# target: the field telling when it was done.
RESPONSE_DONE_FIELDS = {
    "acknowledgement": "date_acknowledged",
    "first_response": "date_first_response",
    "final_response": "date_closed",
}
ACKNOWLEDGEMENT_TEMPLATE = "customer_complaint.mail_template_complaint_acknowledgement"
ACKNOWLEDGEMENT_RULE = "customer_complaint.automation_new_complaint_acknowledge"
# The acknowledgements of a create of at most this many complaints (default
# of the system parameter customer_complaint.acknowledgement_send_limit) are
# sent by the rule when create() returns; a larger create queues them.
ACKNOWLEDGEMENT_SEND_LIMIT = 100
# The cron sends the queue by batches of this many complaints.
ACKNOWLEDGEMENT_BATCH = 500
# Each target's status: running, then met or failed (stored, searchable).
RESPONSE_STATUS_FIELD = {
    "selection": RESPONSE_STATUSES,
    "compute": "_compute_response_status",
    "store": True,
    "readonly": False,
    "copy": False,
    "groups": "base.group_user",
}


def deadline_status(due, done, now, unknown=False, paused=False):
    """The status of a deadline: none without a due date; met or failed
    once done; not recorded when history did not record it (``unknown``);
    else running until it passes (unless the clock is ``paused``)."""
    if not due:
        return False
    if done:
        return "met" if done <= due else "failed"
    if unknown:
        return "not_recorded"
    return "failed" if due < now and not paused else "running"


class CustomerComplaintResponse(models.Model):
    _inherit = "customer.complaint"

    date_acknowledgement_due = fields.Datetime(
        string="Acknowledgement Due",
        compute="_compute_response_due",
        store=True,
        groups="base.group_user",
    )
    date_first_response_due = fields.Datetime(
        string="First Response Due",
        compute="_compute_response_due",
        store=True,
        groups="base.group_user",
    )
    # Told to the customer in the acknowledgement: not internal.
    date_final_response_due = fields.Datetime(
        string="Final Response Due",
        compute="_compute_response_due",
        store=True,
        help="When the customer is to have the decision, by the deadline "
        "policies of the final response (working hours from reception).",
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged On",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="When the customer was sent the acknowledgement.",
    )
    acknowledgement_queued = fields.Boolean(
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The acknowledgement waits for the cron that sends large batches.",
    )
    date_first_response = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="When the staff first sent the customer a message.",
    )
    acknowledgement_status = fields.Selection(**RESPONSE_STATUS_FIELD)
    first_response_status = fields.Selection(**RESPONSE_STATUS_FIELD)
    final_response_status = fields.Selection(**RESPONSE_STATUS_FIELD)

    # The cron's search: the few queued rows among all complaints.
    _acknowledgement_queued_idx = models.Index(
        "(id) WHERE acknowledgement_queued IS TRUE"
    )

    @api.depends(
        "date_received",
        "team_id",
        "category_id",
        "priority",
        "company_id",
        "waiting_target_hours",
    )
    def _compute_response_due(self):
        """The most specific policy of each response target, planned for the
        whole batch at once (one calendar pass per calendar), later by the
        working hours waited for the customer while it was due."""
        # A stored compute runs as superuser (compute_sudo): every policy
        # applies, whoever's change recomputes the deadlines.
        policies = self.env["customer.complaint.sla.policy"].search(
            [("target", "!=", "stage")]
        )
        chosen = {}
        # {(policy match key, target): policy}: matched once per
        # combination of the batch.
        matched = {}
        for complaint in self:
            if not complaint.date_received:
                continue
            for target in RESPONSE_DONE_FIELDS:
                key = (policies._match_key(complaint), target)
                if key not in matched:
                    matching = policies.filtered(
                        lambda p, t=target, c=complaint: p.target == t and p._match(c)
                    )
                    matched[key] = matching and max(
                        matching, key=lambda p: p._specificity()
                    )
                best = matched[key]
                if best:
                    chosen[complaint, target] = (
                        complaint.company_id,
                        complaint.date_received,
                        best.working_hours + complaint._waiting_target_hours(target),
                    )
        plans = list(set(chosen.values()))
        planned = dict(zip(plans, self._plan_working_hours(plans), strict=True))
        for complaint in self:
            for target in RESPONSE_DONE_FIELDS:
                plan = chosen.get((complaint, target))
                complaint[f"date_{target}_due"] = planned[plan] if plan else False

    @api.depends(
        "date_acknowledgement_due",
        "date_acknowledged",
        "date_first_response_due",
        "date_first_response",
        "date_final_response_due",
        "date_closed",
        "is_history",
        "is_closed",
    )
    def _compute_response_status(self):
        # A running target whose due date passes turns failed by the cron
        # (_cron_fail_late_responses): stored, so that it can be searched.
        now = fields.Datetime.now()
        for complaint in self:
            for target, done_field in RESPONSE_DONE_FIELDS.items():
                complaint[f"{target}_status"] = deadline_status(
                    complaint[f"date_{target}_due"],
                    complaint[done_field],
                    now,
                    # History did not record it; its final response is unknown
                    # only while it stays closed (reopened, it is due again).
                    unknown=complaint.is_history
                    and (target != "final_response" or complaint.is_closed),
                    # Waiting for the customer stops the clock: read, not a
                    # dependency, so that entering the wait undoes no failure.
                    paused=bool(complaint.date_waiting_since),
                )

    def _acknowledge_new_complaints(self):
        """Send the customers of these new complaints the acknowledgement
        (reference, owner, final response date, portal link), in their
        language, once: complaints acknowledged, queued, closed, without an
        email or of a company that does not acknowledge are skipped. What the
        rule "New complaint: acknowledge the customer" calls."""
        self._outside_rule_context()._filter_to_acknowledge().filtered(
            lambda c: not c.acknowledgement_queued
        )._send_acknowledgements()

    @api.model
    def _queue_acknowledgements(self, vals_list):
        """As Odoo's notifications (``mail.mail.force.send.limit``), a create
        of many complaints to acknowledge (an import) queues their
        acknowledgements for the cron
        "Complaints: send queued acknowledgements", triggered now, while the
        acknowledgement rule is active: the transaction creating the
        complaints does not wait for mails rendered one by one. Sets the
        values before the INSERT."""
        # sudo: system parameters are administrators' to read.
        limit = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "customer_complaint.acknowledgement_send_limit",
                ACKNOWLEDGEMENT_SEND_LIMIT,
            )
        )
        try:
            limit = int(limit)
        except ValueError:
            # A mistyped setting must not stop complaints being registered.
            limit = ACKNOWLEDGEMENT_SEND_LIMIT
        if len(vals_list) <= limit:
            return
        rule = self.env.ref(ACKNOWLEDGEMENT_RULE, raise_if_not_found=False)
        # sudo: whoever creates complaints may not read automation rules.
        if not (rule and rule.sudo().active):
            return
        to_acknowledge = self._vals_to_acknowledge(vals_list)
        if len(to_acknowledge) <= limit:
            return
        for vals in to_acknowledge:
            vals["acknowledgement_queued"] = True
        self.env.ref("customer_complaint.ir_cron_send_acknowledgements")._trigger()

    @api.model
    def _vals_to_acknowledge(self, vals_list):
        """The values, completed by ``_prepare_new_complaints``, of the new
        complaints ``_filter_to_acknowledge`` may keep once inserted: not
        given as acknowledged, not in a closed stage, with a contact email,
        of a company that acknowledges. The rule's domain cannot be applied
        before the INSERT: the cron applies it to the queue."""
        if not self.env.ref(ACKNOWLEDGEMENT_TEMPLATE, raise_if_not_found=False):
            return []

        def ids(fname, vals_list=vals_list):
            return list({vals[fname] for vals in vals_list if vals.get(fname)})

        # sudo: as _filter_to_acknowledge, whoever files.
        env = self.sudo().env
        closed_stages = set(
            env["customer.complaint.stage"]
            .browse(ids("stage_id"))
            .filtered("is_closed")
            .ids
        )
        silent_companies = set(
            env["res.company"]
            .browse(ids("company_id"))
            .filtered(lambda c: not c.complaint_acknowledge)
            .ids
        )
        # The contact email is the customer's, unless the values give one.
        customers = [vals for vals in vals_list if "partner_email" not in vals]
        with_email = set(
            env["res.partner"]
            .browse(ids("partner_id", customers))
            .filtered("email")
            .ids
        )
        return [
            vals
            for vals in vals_list
            if not vals.get("date_acknowledged")
            and vals.get("stage_id") not in closed_stages
            and vals.get("company_id") not in silent_companies
            and (
                vals["partner_email"]
                if "partner_email" in vals
                else vals.get("partner_id") in with_email
            )
        ]

    @api.model
    def _cron_send_acknowledgements(self):
        """The queued acknowledgements, by batches of
        ``ACKNOWLEDGEMENT_BATCH`` complaints, each batch committed. A
        complaint whose mail cannot be made (a template an administrator
        broke) leaves the queue unacknowledged: its acknowledgement target
        fails in time, and the others are sent. The rule's conditions hold
        as when it runs: archived, it sends nothing; its domain filters."""
        rule = self.env.ref(ACKNOWLEDGEMENT_RULE, raise_if_not_found=False)
        # sudo: every queued complaint, whatever user the cron runs as.
        queued = (
            self.sudo()
            .with_context(active_test=False)
            .search([("acknowledgement_queued", "=", True)], order="id")
        )
        for start in range(0, len(queued), ACKNOWLEDGEMENT_BATCH):
            batch = queued[start : start + ACKNOWLEDGEMENT_BATCH]
            batch.with_context(mail_notrack=True).write(
                {"acknowledgement_queued": False}
            )
            if rule and rule.active:
                rule._filter_post(batch)._filter_to_acknowledge()._call_safely(
                    "_send_acknowledgements"
                )
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(
                    len(batch), remaining=len(queued) - start - len(batch)
                )

    def _filter_to_acknowledge(self):
        if not self.env.ref(ACKNOWLEDGEMENT_TEMPLATE, raise_if_not_found=False):
            return self.browse()
        # sudo: whoever files (a portal customer) may not read these fields, and
        # the sending writes managed ones.
        return self.sudo().filtered(
            lambda c: not c.date_acknowledged
            and not c.is_closed
            and c.partner_email
            and c.company_id.complaint_acknowledge
        )

    def _send_acknowledgements(self):
        """One batch of mails per author; each stays in the chatter as a
        message to the customer (a discussion: their portal shows it too),
        written by the owner, else the company, as sale's templates sign: not
        by the current user, who is the customer when filed in the portal."""
        if not self:
            return
        self.with_context(mail_notrack=True).write(
            {"date_acknowledged": fields.Datetime.now()}
        )
        # sudo: whoever files (a portal customer) may not read mail templates.
        template = self.env.ref(ACKNOWLEDGEMENT_TEMPLATE).sudo()
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        for author, complaints in self.grouped(
            lambda c: c.user_id.partner_id.filtered("email") or c.company_id.partner_id
        ).items():
            # No layout here: the message keeps the letter alone, as a posted
            # message does; the layout is for the email only.
            mails = template.send_mail_batch(
                complaints.ids,
                email_values={
                    "author_id": author.id,
                    "email_from": author.email_formatted,
                    "message_type": "auto_comment",
                    "subtype_id": comment,
                },
            )
            complaints._layout_acknowledgement_emails(template, mails)

    def _layout_acknowledgement_emails(self, template, mails):
        """The emails in Odoo's light layout, in the customer's language, as
        ``send_mail_batch`` lays them out. The layout is made for mail
        clients (590 px wide, the reference with dashes): in the chatter it
        ran past the right edge."""
        langs = template._render_lang(self.ids)
        companies = self._mail_get_companies(default=self.env.company)
        model = self.env["ir.model"]._get(self._name)
        for mail in mails:
            lang = langs.get(mail.res_id) or self.env.lang
            mail.body_html = template.with_context(lang=lang)._render_encapsulate(
                "mail.mail_notification_light",
                mail.body_html,
                add_context={
                    "company": companies[mail.res_id],
                    "model_description": model.with_context(lang=lang).display_name,
                },
                context_record=self.browse(mail.res_id).with_context(lang=lang),
            )

    @api.model
    def _cron_fail_late_responses(self):
        """Running response targets whose due date passed: failed. One
        grouped write per target."""
        now = fields.Datetime.now()
        # sudo: every company's complaints, whatever user the cron runs as; the
        # statuses are managed fields.
        Complaint = self.sudo().with_context(active_test=False, mail_notrack=True)
        for target in RESPONSE_DONE_FIELDS:
            Complaint.search(
                [
                    (f"{target}_status", "=", "running"),
                    (f"date_{target}_due", "<", now),
                    # Waiting for the customer: the clock stands still.
                    ("date_waiting_since", "=", False),
                ]
            ).write({f"{target}_status": "failed"})

    def _message_post_after_hook(self, message, msg_vals):
        """The first public message of the staff on a complaint is its first
        response to the customer."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            message.message_type == "comment"
            and not message.is_internal
            and not message.subtype_id.internal
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            # sudo: date_first_response is managed (integrity): the addon writes it.
            unanswered = self.sudo().filtered(lambda c: not c.date_first_response)
            unanswered.with_context(mail_notrack=True).write(
                {"date_first_response": message.date or fields.Datetime.now()}
            )
        return res

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            if self.stage_id.requires_reason:
                return self.env.ref("customer_complaint.mt_complaint_rejected")
            if self.stage_id.is_closed:
                return self.env.ref("customer_complaint.mt_complaint_resolved")
            return self.env.ref("customer_complaint.mt_complaint_stage")
        return super()._track_subtype(init_values)

    def _track_template(self, changes):
        """The stage's customer notice, as project and helpdesk stages send
        theirs: an email to the customer, kept in the chatter."""
        res = super()._track_template(changes)
        complaint = self[0]
        template = complaint.stage_id.mail_template_id
        if "stage_id" in changes and template and complaint.partner_email:
            res["stage_id"] = (
                template,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_note"
                    ),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res
