"""Erasure of a customer's personal data: the complaint, its chatter, files,
review and survey answers lose what identifies the customer, the register
and its figures stay, and only managers erase, leaving a trace."""

from datetime import timedelta

from markupsafe import Markup

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import ComplaintCase

# The customer of ComplaintCase, and what the staff typed about them.
PERSONAL_STRINGS = ("Olena Kovalenko", "olena@example.com", "+380441234567")
NEW_PHONE = "+380509876543"
# Copied on her email, and her answer to the portal's question.
CC = '"Taras Kovalenko" <taras.k@example.org>'
ANSWER = "Khreshchatyk 1, flat 12"


class ErasureCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "How did we do?",
                "question_and_page_ids": [
                    Command.create(
                        {"title": "What went wrong?", "question_type": "text_box"}
                    )
                ],
            }
        )

    def closed_complaint(self, years_ago=4, **values):
        complaint = self.create_complaint(
            **{
                "user_id": self.member.id,
                "subject": "Olena Kovalenko: torn cover",
                "description": "<p>Call Olena Kovalenko on +380441234567.</p>",
                **values,
            }
        )
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Sent Olena Kovalenko a new cover.",
                "compensation_amount": 50,
                "final_response_skip_reason": "Told by phone",
            }
        )
        # sudo: the closing date is the addon's; the test ages it.
        complaint.sudo().write(
            {"date_closed": fields.Datetime.now() - timedelta(days=365 * years_ago)}
        )
        return complaint

    def with_everything(self, complaint):
        """Messages, an email, tracking, a file, a review and a survey answer
        of the customer on ``complaint``; returns (review, answer)."""
        complaint.message_post(
            body="I am Olena Kovalenko, my email is olena@example.com",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        complaint.message_post(
            body="Reply by mail",
            subject="Re: olena@example.com",
            email_from='"Olena Kovalenko" <olena@example.com>',
            author_id=False,
            message_type="email",
        )
        complaint.with_user(self.member).message_post(
            body="Dear Olena Kovalenko, we are on it.",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env["ir.attachment"].create(
            {
                "name": "photo of Olena Kovalenko.jpg",
                "raw": b"EXIF olena@example.com",
                "res_model": "customer.complaint",
                "res_id": complaint.id,
            }
        )
        review = self.create_reviews([5], comment="Olena Kovalenko: fine in the end")
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": self.survey.id,
                "partner_id": self.customer.id,
                "email": "olena@example.com",
                "complaint_id": complaint.id,
            }
        )
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": answer.id,
                "question_id": self.survey.question_ids.id,
                "answer_type": "text_box",
                "value_text_box": "Olena Kovalenko, +380441234567",
            }
        )
        return review, answer

    def erase(self, complaints, user=None, **values):
        """Erase with the wizard; returns the complaints and reviews it
        showed."""
        wizard = (
            self.env["customer.complaint.erase"]
            .with_user(user or self.manager)
            .with_context(active_model=complaints._name, active_ids=complaints.ids)
            .create({"reason": "Request of Olena Kovalenko by email", **values})
        )
        shown = (wizard.target_complaint_ids, wizard.review_ids)
        wizard.action_erase()
        self.assertFalse(wizard.exists(), "the typed reason is not kept")
        self.env.invalidate_all()
        return shown

    def rows(self, query, *params):
        """The rows of ``query`` as text, as PostgreSQL stores them."""
        self.env.flush_all()
        self.env.cr.execute(query, params)
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def assertNoPersonalString(self, text, where):
        for string in (*PERSONAL_STRINGS, NEW_PHONE, "taras.k@example.org", ANSWER):
            self.assertNotIn(string.lower(), text.lower(), f"{string} left in {where}")


@tagged("post_install", "-at_install", "customer_complaint")
class TestPersonalDataErasure(ErasureCase):
    def test_no_personal_string_left_in_any_row(self):
        category = self.env["customer.complaint.category"].create(
            {
                "name": "Furniture",
                "complaint_portal_properties_definition": [
                    {"name": "address", "type": "char", "string": "Address"}
                ],
                "complaint_properties_definition": [
                    {"name": "note", "type": "text", "string": "Note"}
                ],
            }
        )
        complaint = self.create_complaint(
            user_id=self.member.id,
            subject="Olena Kovalenko: torn cover",
            description="<p>Call Olena Kovalenko on +380441234567.</p>",
            category_id=category.id,
            email_cc=CC,
            portal_properties={"address": ANSWER},
            properties={"note": "Olena Kovalenko calls after 6"},
        )
        action = self.env["customer.complaint.action"].create(
            {
                "complaint_id": complaint.id,
                "name": "Call Olena Kovalenko back",
                "user_id": self.member.id,
            }
        )
        self.env["ir.attachment"].create(
            {
                "name": "receipt of Olena Kovalenko.pdf",
                "raw": b"%PDF olena@example.com",
                "res_model": "customer.complaint.action",
                "res_id": action.id,
            }
        )
        action.action_done()
        # A tracked change of the contact details given.
        self.env.cr.precommit.run()  # the tracking of the change below is kept
        complaint.with_user(self.member).partner_phone = NEW_PHONE
        self.env.cr.precommit.run()
        review, answer = self.with_everything(complaint)
        token = complaint.access_token
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Sent Olena Kovalenko a new cover.",
                "compensation_amount": 50,
            }
        )
        complaint.sudo().date_closed = fields.Datetime.now() - timedelta(days=1500)
        reference, stage = complaint.name, complaint.stage_id
        self.env.flush_all()
        self.assertIn(
            "olena@example.com",
            self.rows(
                "SELECT m::text FROM mail_message m WHERE model = %s AND res_id = %s",
                "customer.complaint",
                complaint.id,
            ),
        )

        self.erase(complaint)

        ids = [complaint.id]
        messages = (
            "FROM mail_message m WHERE (m.model = 'customer.complaint' AND "
            "m.res_id = ANY(%s)) OR (m.model = 'customer.review' AND m.res_id = %s)"
        )
        for table, query, params in (
            (
                "complaint",
                "SELECT c::text FROM customer_complaint c WHERE id = ANY(%s)",
                (ids,),
            ),
            ("messages", f"SELECT m::text {messages}", (ids, review.id)),
            (
                "tracking values",
                "SELECT t::text FROM mail_tracking_value t WHERE mail_message_id IN "
                f"(SELECT m.id {messages})",
                (ids, review.id),
            ),
            (
                "emails",
                "SELECT mm::text FROM mail_mail mm WHERE mail_message_id IN "
                f"(SELECT m.id {messages})",
                (ids, review.id),
            ),
            (
                "notifications",
                "SELECT n::text FROM mail_notification n WHERE mail_message_id IN "
                f"(SELECT m.id {messages})",
                (ids, review.id),
            ),
            (
                "attachments",
                "SELECT a::text FROM ir_attachment a WHERE (res_model = "
                "'customer.complaint' AND res_id = ANY(%s)) OR (res_model = "
                "'customer.complaint.action' AND res_id = %s)",
                (ids, action.id),
            ),
            (
                "action",
                "SELECT a::text FROM customer_complaint_action a WHERE id = %s "
                "UNION ALL SELECT m::text FROM mail_message m WHERE model = "
                "'customer.complaint.action' AND res_id = %s",
                (action.id, action.id),
            ),
            (
                "review",
                "SELECT r::text FROM customer_review r WHERE id = %s",
                (review.id,),
            ),
            (
                "survey answers",
                "SELECT u::text FROM survey_user_input u WHERE id = %s UNION ALL "
                "SELECT l::text FROM survey_user_input_line l WHERE user_input_id = %s",
                (answer.id, answer.id),
            ),
            (
                "erasure",
                "SELECT e::text FROM customer_complaint_erasure e",
                (),
            ),
        ):
            with self.subTest(table=table):
                text = self.rows(query, *params)
                self.assertTrue(text, f"no row of {table}")
                self.assertNoPersonalString(text, table)
        attachments = self.env["ir.attachment"].search(
            [
                (
                    "res_model",
                    "in",
                    ("customer.complaint", "customer.complaint.action"),
                ),
                ("res_id", "in", (complaint.id, action.id)),
            ]
        )
        self.assertEqual(len(attachments), 2)
        for attachment in attachments:
            self.assertNoPersonalString(attachment.raw.decode(), "the files")
        # The register stays; the customer no longer follows nor opens it.
        self.assertEqual(complaint.name, reference)
        self.assertEqual(complaint.stage_id, stage)
        self.assertEqual(complaint.outcome, "upheld")
        self.assertEqual(complaint.compensation_amount, 50)
        self.assertEqual(review.score, 5)
        self.assertTrue(complaint.is_erased)
        self.assertEqual(
            complaint.partner_id, self.env.ref("customer_complaint.partner_erased")
        )
        self.assertNotIn(self.customer, complaint.message_partner_ids)
        self.assertNotEqual(complaint.access_token, token)
        # The contact itself is the rest of Odoo's.
        self.assertEqual(self.customer.name, "Olena Kovalenko")

    def chatter_rows(self, complaints):
        """Subjects and bodies of the complaints' messages and their emails."""
        return self.rows(
            "SELECT concat_ws(' ', m.subject, m.body, mm.body_html) "
            "FROM mail_message m LEFT JOIN mail_mail mm ON mm.mail_message_id = m.id "
            "WHERE m.model = 'customer.complaint' AND m.res_id = ANY(%s)",
            complaints.ids,
        )

    def test_what_staff_messages_quote_of_the_customer(self):
        """The description's log, a staff email's quote, a merged duplicate
        and a follow-up's note quote the customer's words: none stays in
        messages or emails; the staff's own words do."""
        words = (
            "legs wobble on the parquet",
            "drawer handle fell off",
            "armrest came loose",
        )
        complaint = self.create_complaint(
            user_id=self.member.id, description=f"<p>The {words[0]}.</p>"
        )
        self.env.cr.precommit.run()
        complaint.with_user(self.member).description = "<p>Table: see photos.</p>"
        self.env.cr.precommit.run()
        complaint.with_user(self.member).message_post(
            body=Markup(
                '<p>We will send a fitter.</p><div class="gmail_quote">On Monday '
                f"Olena Kovalenko wrote:<blockquote>The {words[0]}.</blockquote></div>"
                # The composer's signature, which Odoo marks as a quote.
                '<div class="o-signature-container"><div data-o-mail-quote="1">'
                "-- <br>Ivan from the service desk</div></div>"
            ),
            partner_ids=self.customer.ids,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        duplicate = self.create_complaint(
            user_id=self.member.id, description=f"<p>The {words[1]}.</p>"
        )
        duplicate.message_post(
            body=f"Also: the {words[1]}.",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        duplicate.with_user(self.manager).action_merge_into(complaint)
        # A follow-up opened by a reply after closing notes the next reply.
        self.company.write(
            {
                "complaint_reply_reopen_days": 14,
                "complaint_reply_after_close": "follow_up",
            }
        )
        closed = self.closed_complaint(years_ago=0)
        self.env.cr.precommit.run()
        for text in ("Still broken.", f"And the {words[2]}."):
            closed.message_post(
                body=text,
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(closed.followup_ids)
        complaints = complaint | duplicate | closed | closed.followup_ids
        before = self.chatter_rows(complaints)
        for text in words:
            self.assertIn(text, before)

        self.erase(complaint, legal_ground=True)

        self.assertTrue(all(complaints.mapped("is_erased")))
        after = self.chatter_rows(complaints)
        for text in words:
            self.assertFalse(text in after, f"{text} left in the chatter")
        self.assertIn("We will send a fitter.", after)
        self.assertIn("Ivan from the service desk", after)

    def test_the_subject_copied_into_emails_and_replies(self):
        """The acknowledgement names the complaint by its subject and replies
        repeat it ("Re: ..."): the customer's words, erased there too."""
        complaint = self.create_complaint(
            user_id=self.member.id, subject="Wobbly tabletop in the hall"
        )
        complaint.with_user(self.member).message_post(
            body="We will send a fitter.",
            subject="Re: Wobbly tabletop in the hall",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn("Wobbly tabletop", self.chatter_rows(complaint))

        self.erase(complaint, legal_ground=True)

        after = self.chatter_rows(complaint)
        self.assertFalse("Wobbly tabletop" in after, "the subject left")
        self.assertIn("We will send a fitter.", after)

    def test_a_short_subject_stays_in_the_staff_texts(self):
        """A subject of a word or two names the matter: erasing it would
        erase the staff's words (and the addon's own to-do titles)."""
        complaint = self.create_complaint(user_id=self.member.id, subject="Refund")
        complaint.with_user(self.member).message_post(
            body="Refund issued on 3 May.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.erase(complaint, legal_ground=True)
        self.assertIn("Refund issued on 3 May.", self.chatter_rows(complaint))

    def test_the_portal_login_in_the_emails_links(self):
        new_test_user(
            self.env,
            login="olena.portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        complaint = self.closed_complaint()
        complaint.with_user(self.member).message_post(
            body="Your new cover is on its way.",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn("olena.portal", self.chatter_rows(complaint))
        self.erase(complaint)
        self.assertNotIn("olena.portal", self.chatter_rows(complaint))

    def test_whole_words_only_and_no_copies_in_summaries(self):
        scrub = self.env["customer.complaint"]._scrubber({"Ann", "ann@example.com"})
        self.assertEqual(
            scrub('Ann (ann@example.com): annual <p style="max-height:1px">'),
            "[personal data erased] ([personal data erased]): annual "
            '<p style="max-height:1px">',
        )
        # The lists staff get outside the complaint name no customer.
        complaint = self.create_complaint(subject="Olena Kovalenko: torn cover")
        listed = complaint._html_list(5)
        self.assertIn(complaint.name, listed)
        self.assertNotIn("Kovalenko", listed)

    def test_the_erasure_leaves_its_own_trace(self):
        complaint = self.closed_complaint()
        self.with_everything(complaint)
        self.erase(complaint)
        erasure = complaint.erasure_id
        self.assertEqual(erasure.user_id, self.manager)
        self.assertEqual(erasure.complaint_ids, complaint)
        self.assertEqual(erasure.complaint_count, 1)
        self.assertEqual(erasure.review_count, 1)
        self.assertEqual(erasure.attachment_count, 1)
        self.assertEqual(erasure.survey_answer_count, 1)
        self.assertGreaterEqual(erasure.message_count, 3)
        self.assertFalse(erasure.automatic)
        # The reason, without the customer's name.
        self.assertIn("Request of", erasure.reason)
        self.assertNotIn("Kovalenko", erasure.reason)
        note = complaint.message_ids[0]
        self.assertIn("Personal data erased", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        # The managers read it; nobody writes or deletes it.
        self.assertEqual(
            self.env["customer.complaint.erasure"]
            .with_user(self.manager)
            .search([("complaint_ids", "in", complaint.ids)]),
            erasure,
        )
        with self.assertRaises(AccessError):
            erasure.with_user(self.manager).write({"reason": "Other"})
        with self.assertRaises(AccessError):
            erasure.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            erasure.with_user(self.member).read(["reason"])

    def test_every_complaint_and_review_of_the_customer(self):
        contact = self.env["res.partner"].create(
            {"name": "Petro Kovalenko", "parent_id": self.customer.id}
        )
        first = self.closed_complaint()
        second = self.closed_complaint(partner_id=contact.id)
        other = self.closed_complaint(
            partner_id=self.env["res.partner"].create({"name": "Someone Else"}).id
        )
        reviews = self.create_reviews([4, 5])
        self.assertEqual(self.erase(first), (first | second, reviews))
        self.assertTrue(first.is_erased and second.is_erased)
        self.assertFalse(other.is_erased)
        erased = self.env.ref("customer_complaint.partner_erased")
        self.assertEqual(reviews.partner_id, erased)
        # Erasing again changes nothing and leaves no second trace.
        self.assertFalse(second._erase_personal_data("Again"))

    def test_from_the_contact_or_a_review(self):
        reviewer = self.env["res.partner"].create(
            {"name": "Iryna Reviewer", "email": "iryna@example.com"}
        )
        review = self.env["customer.review"].create(
            {
                "partner_id": reviewer.id,
                "score": 4,
                "comment": "Iryna Reviewer likes it",
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Iryna's colleague", "parent_id": self.customer.id}
        )
        complaint = self.closed_complaint(partner_id=contact.id)
        # A contact leads to their company: every complaint of theirs.
        self.assertEqual(self.erase(contact), (complaint, self.env["customer.review"]))
        self.assertTrue(complaint.is_erased)
        # A customer with reviews only.
        self.assertEqual(self.erase(review), (self.env["customer.complaint"], review))
        self.assertNotIn("Iryna", review.comment)
        self.assertIn("Personal data erased", review.message_ids[0].body)
        # Without knowing what it was opened from, the wizard picks nobody.
        wizard = (
            self.env["customer.complaint.erase"]
            .with_user(self.manager)
            .with_context(active_ids=complaint.ids)
            .create({"reason": "Asked"})
        )
        self.assertFalse(wizard.customer_ids)

    def test_refused_while_open_or_within_retention_without_legal_ground(self):
        open_complaint = self.create_complaint(user_id=self.member.id)
        with self.assertRaisesRegex(UserError, open_complaint.name):
            self.erase(open_complaint)
        self.assertFalse(open_complaint.is_erased)
        recent = self.closed_complaint(
            years_ago=1,
            partner_id=self.env["res.partner"].create({"name": "Recent One"}).id,
        )
        with self.assertRaisesRegex(UserError, "legal ground"):
            self.erase(recent)
        self.assertFalse(recent.is_erased)
        self.erase(recent, legal_ground=True)
        self.assertTrue(recent.is_erased)
        self.assertTrue(recent.erasure_id.legal_ground_confirmed)
        # No retention period: a closed complaint is erased on request alone.
        self.company.complaint_retention_years = 0
        today = self.closed_complaint(
            years_ago=0,
            partner_id=self.env["res.partner"].create({"name": "Today's One"}).id,
        )
        self.erase(today)
        self.assertTrue(today.is_erased)
        self.assertFalse(today.erasure_id.legal_ground_confirmed)

    def test_cron_erases_after_the_retention_period(self):
        old = self.closed_complaint(years_ago=4)
        young = self.closed_complaint(years_ago=2)
        still_open = self.create_complaint(user_id=self.member.id)
        self.env["customer.complaint"]._cron_erase_expired()
        self.env.invalidate_all()
        self.assertTrue(old.is_erased)
        self.assertTrue(old.erasure_id.automatic)
        self.assertIn("3 years", old.erasure_id.reason)
        self.assertFalse(young.is_erased or still_open.is_erased)
        # A longer period keeps it; 0 keeps everything.
        self.company.complaint_retention_years = 0
        self.env["customer.complaint"]._cron_erase_expired()
        self.assertFalse(young.is_erased)

    def test_figures_unchanged_by_an_erasure(self):
        complaints = self.closed_complaint() | self.closed_complaint(years_ago=1)
        complaints |= self.create_complaint(
            user_id=self.member.id, remedy="refund", remedy_price=300
        )
        rejected = self.create_complaint(user_id=self.member.id)
        rejected.write(
            {
                "stage_id": self.stages["rejected"].id,
                "reject_reason_id": self.reason_duplicate.id,
                "outcome": "not_upheld",
            }
        )
        complaints |= rejected
        for complaint in complaints:
            self.with_everything(complaint)
        # An NPS answer that opened a complaint, of a contact of the company.
        survey = self.env.ref("customer_complaint.survey_customer_satisfaction")
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": self.customer.id,
                "state": "done",
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": survey.question_ids.filtered("is_nps").id,
                            "answer_type": "scale",
                            "value_scale": 3,
                        }
                    )
                ],
            }
        )
        self.customer.company_id = self.company
        opened = self.create_complaint(user_id=self.member.id)
        # sudo: which answer a complaint came from is the addon's to set.
        opened.sudo().survey_input_id = answer
        complaints |= opened
        Dashboard = self.env["customer.complaint.dashboard"].with_user(self.manager)
        Satisfaction = self.env["customer.satisfaction.report"].with_user(self.manager)
        Analysis = self.env["customer.complaint.report"].with_user(self.manager)
        wizard = (
            self.env["customer.complaint.causes.report"]
            .with_user(self.manager)
            .create(
                # The period ends today in the manager's timezone (the default).
                {"date_from": fields.Date.today() - timedelta(days=30)}
            )
        )

        def figures():
            self.env.flush_all()
            self.env.invalidate_all()
            dashboard = Dashboard.search([])
            return (
                dashboard.read([f for f in Dashboard._fields if f != "id"]),
                Analysis._read_group(
                    [],
                    ["stage_id", "outcome", "team_id", "cause_id"],
                    ["__count", "compensation_amount:sum"],
                ),
                wizard._get_report_data(),
                Satisfaction._read_group(
                    [], ["company_id", "source"], ["__count", "nps:avg", "csat:avg"]
                ),
            )

        before = figures()
        self.erase(complaints, legal_ground=True)
        self.assertTrue(all(complaints.mapped("is_erased")))
        self.assertEqual(figures(), before)

    def test_one_trace_per_company(self):
        other = self.create_company("Other Complaints Co")
        self.manager.write(
            {"company_ids": [Command.link(other.id)], "company_id": self.company.id}
        )
        here = self.closed_complaint()
        there = self.closed_complaint(
            company_id=other.id,
            team_id=other._get_complaint_default_team().id,
            user_id=False,
        )
        self.erase(
            here.with_context(allowed_company_ids=[self.company.id, other.id]),
            user=self.manager.with_context(
                allowed_company_ids=[self.company.id, other.id]
            ),
        )
        self.assertNotEqual(here.erasure_id, there.erasure_id)
        self.assertEqual(here.erasure_id.company_id, self.company)
        self.assertEqual(there.erasure_id.company_id, other)
        self.assertEqual(there.erasure_id.complaint_ids, there)

    def test_demo_erased_customer_still_counts(self):
        complaints = self.env.ref(
            "customer_complaint.complaint_erased_01", raise_if_not_found=False
        )
        if not complaints:
            self.skipTest("no demo data")
        complaints |= self.env.ref("customer_complaint.complaint_erased_02")
        self.assertTrue(all(complaints.mapped("is_erased")))
        self.assertTrue(complaints.erasure_id.automatic)
        text = self.rows(
            "SELECT c::text FROM customer_complaint c WHERE id = ANY(%s)",
            complaints.ids,
        )
        for string in ("Melnyk", "t.melnyk@example.com", "+380 67 204 3318"):
            self.assertNotIn(string, text)
        counted = self.env["customer.complaint.report"]._read_group(
            [("complaint_id", "in", complaints.ids)],
            ["outcome"],
            ["__count", "compensation_amount:sum"],
        )
        self.assertEqual(
            sorted(counted), [("partly_upheld", 1, 25.0), ("upheld", 1, 0.0)]
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestErasureRpc(ErasureCase, HttpCase):
    def call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_only_managers_erase_over_json_rpc(self):
        complaint = self.closed_complaint()
        new_test_user(self.env, login="cc_portal", groups="base.group_portal")
        new_test_user(self.env, login="cc_employee", groups="base.group_user")
        for login in ("cc_portal", "cc_employee", "cc_member"):
            self.authenticate(login, login)
            for model, method, args in (
                ("customer.complaint.erase", "create", [{"reason": "Asked"}]),
                (
                    "customer.complaint",
                    "_erase_personal_data",
                    [[complaint.id], "Asked"],
                ),
                ("customer.complaint", "write", [[complaint.id], {"erasure_id": 1}]),
                ("customer.complaint.erasure", "search_read", [[]]),
            ):
                with (
                    self.subTest(login=login, method=method),
                    self.assertRaises(JsonRpcException),
                ):
                    self.call(model, method, args)
        # The trail's guard is not lifted by a context a client sends.
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"photo",
                "res_model": "customer.complaint",
                "res_id": complaint.id,
            }
        )
        self.authenticate("admin", "admin")
        with self.assertRaises(JsonRpcException):
            self.call(
                "ir.attachment",
                "unlink",
                [attachment.ids],
                {"context": {"complaint_erasure": True}},
            )
        self.assertTrue(attachment.exists())
        self.assertFalse(complaint.is_erased)

        self.authenticate("cc_manager", "cc_manager")
        wizard_id = self.call(
            "customer.complaint.erase",
            "create",
            [{"reason": "Asked by phone"}],
            {
                "context": {
                    "active_model": "customer.complaint",
                    "active_ids": complaint.ids,
                }
            },
        )
        self.call("customer.complaint.erase", "action_erase", [[wizard_id]])
        complaint.invalidate_recordset()
        self.assertTrue(complaint.is_erased)
        self.assertEqual(complaint.erasure_id.user_id, self.manager)


@tagged("post_install", "-at_install", "customer_complaint")
class TestErasureTour(ErasureCase, HttpCase):
    browser_size = "1440x900"

    def test_tour_erase_from_the_form(self):
        """As a complaints manager, in the browser: the gear menu's Erase
        Personal Data on a complaint closed four years ago."""
        customer = self.env["res.partner"].create(
            {"name": "Mykola Erasmus", "email": "mykola@example.com"}
        )
        complaint = self.closed_complaint(partner_id=customer.id)
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_erasure_tour",
            login="cc_manager",
        )
        self.assertTrue(complaint.is_erased)
        self.assertEqual(complaint.erasure_id.reason, "The customer asked by letter.")
        self.assertNotIn("Mykola", complaint.partner_name)
