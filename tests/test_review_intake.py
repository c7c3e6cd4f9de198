import base64
from datetime import timedelta
from email.message import EmailMessage

import psycopg2

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

# A 1x1 PNG: the customer's "photo".
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install", "customer_complaint")
class TestReviewIntake(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_review_intake()
        cls.Review = cls.env["customer.review"]

    def _review(self, score, **values):
        review = self.create_reviews([score], **values)
        # The automation rules make and notify the complaint when the
        # transaction is flushed, as at commit.
        self.env.cr.flush()
        return review

    def test_generated_texts_in_the_readers_languages(self):
        """A complaint made from a review (by a customer, in any language)
        has its subject in the company's language."""
        for lang in ("ru_RU", "uk_UA"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations(["ru_RU", "uk_UA"])
        self.company.partner_id.lang = "uk_UA"
        owner = self.team.member_ids[:1] or self.team.user_id
        owner.lang = "ru_RU"
        review = self.create_reviews([1])
        self.env.cr.flush()
        complaint = review.complaint_id
        self.assertEqual(complaint.subject, "Відгук з оцінкою 1/5")
        # The owner's to-do is named by its type, in each reader's language
        # (test_readers_language).
        self.assertEqual(self.owner_activities(complaint).user_id, owner)
        self.assertEqual(complaint.user_id, owner)

    def test_threshold_boundary(self):
        at_threshold = self._review(3, comment="Courier was two hours late")
        above = self._review(4)
        self.assertTrue(at_threshold.complaint_id)
        self.assertFalse(above.complaint_id)
        complaint = at_threshold.complaint_id
        self.assertEqual(complaint.channel, "review")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.stage_id, self.stages["new"])
        self.assertEqual(complaint.team_id, self.team)
        self.assertIn("Courier was two hours late", complaint.description)
        # The seed's example: "any review scored 4 or lower".
        self.company.complaint_review_threshold = 4
        self.assertTrue(self._review(4).complaint_id)
        self.assertFalse(self._review(5).complaint_id)

    def test_team_overrides_threshold(self):
        strict = self.env["customer.complaint.team"].create(
            {"name": "VIP", "review_threshold": 4, "member_ids": [self.member.id]}
        )
        self.assertTrue(self._review(4, team_id=strict.id).complaint_id)
        self.assertFalse(self._review(4).complaint_id)
        self.assertEqual(
            self._review(4, team_id=strict.id).complaint_id.team_id, strict
        )

    def test_without_default_team_the_first_team_takes_it(self):
        self.company.complaint_default_team_id = False
        complaint = self._review(1).complaint_id
        first_team = self.env["customer.complaint.team"].search(
            [("company_id", "in", [self.company.id, False])], limit=1
        )
        self.assertEqual(complaint.team_id, first_team)
        self.assertTrue(complaint.user_id)

    def test_links_follow_the_review(self):
        product = self.env["product.product"].create({"name": "Sofa"})
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        review = self._review(
            1,
            sale_order_id=order.id,
            product_id=product.id,
            specialist_id=self.member.id,
        )
        complaint = review.complaint_id
        self.assertEqual(complaint.sale_order_id, order)
        self.assertEqual(complaint.product_id, product)
        self.assertEqual(complaint.specialist_id, self.member)
        self.assertEqual(complaint.review_id, review)
        self.assertEqual(complaint.priority, "2")

    def test_score_and_comment_corrections_are_tracked(self):
        review = self._review(4, comment="Fine")
        # As if committed (Odoo does not track records created in the same
        # transaction); tracking values are posted at commit time.
        self.env.flush_all()
        self.env.cr.precommit.run()
        review.write({"score": 2, "comment": "Broken after a week"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = review.message_ids.tracking_value_ids
        score = values.filtered(lambda v: v.field_id.name == "score")
        self.assertEqual((score.old_value_integer, score.new_value_integer), (4, 2))
        comment = values.filtered(lambda v: v.field_id.name == "comment")
        self.assertEqual(
            (comment.old_value_text, comment.new_value_text),
            ("Fine", "Broken after a week"),
        )

    def test_invalid_scores_refused_and_nothing_stored(self):
        before = self.Review.search_count([])
        for score in (0, 6, -1, 3.5, "abc", "", None, True):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                self._review(score)
        review = self._review(5)
        with self.assertRaises(ValidationError):
            review.score = 9
        self.assertEqual(self.Review.search_count([]), before + 1)
        self.assertEqual(review.score, 5)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_bad_scores(self):
        review = self._review(5)
        with self.assertRaises(psycopg2.errors.CheckViolation), self.cr.savepoint():
            self.cr.execute(
                "UPDATE customer_review SET score = 9 WHERE id = %s", [review.id]
            )

    @mute_logger("odoo.sql_db")
    def test_one_complaint_per_review(self):
        review = self._review(2)
        complaint = review.complaint_id
        self.assertTrue(complaint)
        # Re-processing, even after archiving the complaint, creates nothing.
        complaint.action_archive()
        review._create_complaints_from_reviews()
        self.assertEqual(
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .search_count([("review_id", "=", review.id)]),
            1,
        )
        # The database refuses a second one whatever the path.
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.env["customer.complaint"].create(
                {"partner_id": self.customer.id, "review_id": review.id}
            )

    def test_staff_notice_on_each_complaint(self):
        """The rule runs per complaint, as Odoo runs rules: a batch of reviews
        gives one notice per complaint, each on its complaint (its chatter
        and the staff's inbox), naming it."""
        complaints = self.create_reviews([1] * 5).complaint_id
        messages = self.staff_messages(self.manager)
        self.assertEqual(len(messages), 5)
        for complaint in complaints:
            message = messages.filtered(lambda m, c=complaint: m.res_id == c.id)
            self.assertEqual(message.model, "customer.complaint")
            self.assertIn(complaint.name, message.subject)
            self.assertEqual(message.body.count('href="/odoo/complaints/'), 1)

    def test_notified_staff_users_and_groups(self):
        director_group = self.env["res.groups"].create({"name": "Directors"})
        director = new_test_user(
            self.env, login="cc_director", groups="base.group_user"
        )
        director.group_ids = [(4, director_group.id)]
        self.company.complaint_notify_group_ids = [(6, 0, [director_group.id])]
        complaint = self._review(1).complaint_id
        message = self.staff_messages(director)
        self.assertEqual(
            message.partner_ids, self.manager.partner_id | director.partner_id
        )
        self.assertEqual(message.model, "customer.complaint")
        self.assertEqual(message.res_id, complaint.id)
        self.assertIn(f"/odoo/complaints/{complaint.id}", message.body)

    def test_owner_activity_and_staff_activities(self):
        self.team.notify_mode = "activity"
        complaint = self._review(2).complaint_id
        activities = complaint.activity_ids
        self.assertEqual(activities.user_id, self.member | self.manager)
        owner_activity = activities.filtered(lambda a: a.user_id == self.member)
        self.assertEqual(
            owner_activity.date_deadline,
            fields.Date.context_today(complaint) + timedelta(days=2),
        )
        # Activity mode: no message to the staff.
        self.assertFalse(self.staff_messages(self.manager))

    def test_team_notified_staff_override_company(self):
        self.team.notify_user_ids = self.outsider
        self._review(1)
        self.assertTrue(self.staff_messages(self.outsider))
        self.assertFalse(self.staff_messages(self.manager))

    def test_review_form_makes_assigned_complaint(self):
        with Form(self.Review.with_user(self.member)) as form:
            form.partner_id = self.customer
            form.score = 2
            form.comment = "The table wobbles"
        review = form.record
        self.env.cr.flush()  # the automation rules run (as at commit)
        complaint = review.complaint_id
        self.assertEqual(complaint.user_id, self.member)
        self.assertEqual(complaint.activity_ids.user_id, self.member)
        self.assertTrue(self.staff_messages(self.manager))

    def test_rating_counts_as_review_when_enabled(self):
        def rate(value):
            rating = self.env["rating.rating"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.customer.id,
                    "partner_id": self.customer.id,
                    "rating": value,
                    "feedback": "Support never called back",
                    "consumed": True,
                }
            )
            self.env.cr.flush()  # the automation rules run (as at commit)
            return rating

        self.assertFalse(self.Review.search([("rating_id", "=", rate(1).id)]))
        self.company.complaint_rating_as_review = True
        rating = rate(1)
        review = self.Review.search([("rating_id", "=", rating.id)])
        self.assertEqual(review.score, 1)
        self.assertEqual(review.channel, "rating")
        self.assertEqual(review.rated_record_ref, self.customer)
        self.assertTrue(review.complaint_id)
        # Re-rating does not record the rating twice.
        rating.write({"rating": 3})
        self.assertEqual(self.Review.search_count([("rating_id", "=", rating.id)]), 1)
        self.assertFalse(
            self.Review.search([("rating_id", "=", rate(5).id)]).complaint_id
        )

    def test_photos_listed_from_attachments(self):
        complaint = self.create_complaint()
        photo, document = self.env["ir.attachment"].create(
            [
                {
                    "name": "scratch.png",
                    "raw": PNG,
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                },
                {
                    "name": "invoice.txt",
                    "raw": b"Invoice 42",
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                },
            ]
        )
        self.assertEqual(complaint.photo_ids, photo)
        self.assertTrue(document.exists())


@tagged("post_install", "-at_install", "customer_complaint")
class TestEmailIntake(ComplaintCase):
    def _incoming_email(self, sender, subject, body, attachment=None):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "complaints@complaints.example.com"
        message["Subject"] = subject
        message["Message-Id"] = f"<{subject.replace(' ', '-')}@customer.example.com>"
        message.set_content(body)
        if attachment:
            message.add_attachment(
                attachment, maintype="image", subtype="png", filename="broken-leg.png"
            )
        return message.as_string()

    def test_email_creates_complaint_with_attachments(self):
        alias = self.env.ref("customer_complaint.mail_alias_complaints")
        domain = self.env["mail.alias.domain"].create(
            {"name": "complaints.example.com"}
        )
        alias.alias_domain_id = domain
        self.company.complaint_default_team_id = self.team
        raw = self._incoming_email(
            "Taras Melnyk <taras@customer.example.com>",
            "Broken chair leg",
            "The chair I bought last week broke.",
            attachment=PNG,
        )
        complaint_id = self.env["mail.thread"].sudo().message_process(None, raw)
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.subject, "Broken chair leg")
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.partner_id.email, "taras@customer.example.com")
        self.assertEqual(complaint.partner_id.name, "Taras Melnyk")
        self.assertIn("chair I bought", complaint.description)
        self.assertEqual(complaint.photo_ids.mapped("name"), ["broken-leg.png"])
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.user_id, self.member)

    def test_email_from_known_customer_uses_partner(self):
        raw = self._incoming_email(
            "olena@example.com",
            "Wrong colour",
            "I ordered a green sofa, got a red one.",
        )
        complaint = self.env["customer.complaint"].browse(
            self.env["mail.thread"].sudo().message_process("customer.complaint", raw)
        )
        self.assertEqual(complaint.partner_id, self.customer)
