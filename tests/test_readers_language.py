"""Texts a Russian reader sees in Russian whoever wrote them (issue 26,
point 10): the owner's first activity, stage names in the tracking history,
the company's default further options, the dashboard's counted words."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from ..report.customer_complaint_dashboard import plural
from .common import ComplaintCase
from .test_complaint_properties import _category


@tagged("post_install", "-at_install", "customer_complaint")
class TestReadersLanguage(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("ru_RU", "uk_UA"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations(["ru_RU", "uk_UA"])
        cls.reader = new_test_user(
            cls.env,
            login="cc_reader_ru",
            groups="customer_complaint.group_complaint_manager",
            name="Читатель",
            lang="ru_RU",
        )

    def test_owner_activity_named_in_the_readers_language(self):
        """The owner's "React to the complaint" is an activity type of its
        own, without summary: the activity shows the type's name, which each
        reader reads in their language (a summary is text stored in one)."""
        react = self.env.ref("customer_complaint.mail_activity_type_react")
        # As the .po file's model term gives it.
        react.update_field_translations(
            "name", {"ru_RU": "Отреагировать на рекламацию"}
        )
        complaint = self.create_complaint(user_id=self.member.id)
        self.env.cr.flush()  # the automation rules run (as at commit)
        activity = self.owner_activities(complaint)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, react)
        self.assertFalse(activity.summary)
        self.assertEqual(
            # The web client reads in the user's language.
            activity.with_user(self.reader)
            .with_context(lang=self.reader.lang)
            .activity_type_id.name,
            "Отреагировать на рекламацию",
        )
        self.assertEqual(activity.activity_type_id.name, "React to the complaint")
        # The chatter titles it with its display name: sent to the client.
        store = Store()
        store.add(activity.with_user(self.reader).with_context(lang="ru_RU"))
        [sent] = store.get_result()["mail.activity"]
        self.assertEqual(sent["display_name"], "Отреагировать на рекламацию")

    def _stage_tracking(self, complaint):
        return self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", complaint._name),
                ("mail_message_id.res_id", "=", complaint.id),
                ("field_id.name", "=", "stage_id"),
            ]
        )

    def test_stage_names_in_the_tracking_read_in_the_readers_language(self):
        """Odoo stores a tracked stage as its name in the writer's language;
        a Russian reader sees the stages' Russian names, an English one the
        English names; a stage renamed since keeps the name it had."""
        complaint = self.create_complaint()
        # Odoo tracks no change of a record created in the same transaction.
        self.env.cr.flush()
        complaint.with_user(self.manager).stage_id = self.stages["analysis"]
        self.env.cr.flush()
        tracking = self._stage_tracking(complaint)
        self.assertEqual(
            (tracking.old_value_char, tracking.new_value_char), ("New", "Analysis")
        )
        for lang in ("ru_RU", "uk_UA", "en_US"):
            with self.subTest(lang=lang):
                [shown] = tracking.with_context(lang=lang)._tracking_value_format()
                self.assertEqual(
                    (shown["oldValue"], shown["newValue"]),
                    (
                        self.stages["new"].with_context(lang=lang).name,
                        self.stages["analysis"].with_context(lang=lang).name,
                    ),
                )
        self.assertEqual(self.stages["new"].with_context(lang="ru_RU").name, "Новая")
        # A selection's label too (priority: "Normal" → "High").
        complaint.with_user(self.manager).priority = "2"
        self.env.cr.flush()
        priority = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", complaint.id),
                ("field_id.name", "=", "priority"),
            ]
        )
        self.assertEqual(priority.new_value_char, "High")
        [shown] = priority.with_context(lang="ru_RU")._tracking_value_format()
        self.assertEqual((shown["oldValue"], shown["newValue"]), ("Обычный", "Высокий"))
        # Renamed since: the history keeps the name it was tracked with.
        self.stages["analysis"].with_context(lang="en_US").name = "Investigation"
        [shown] = tracking.with_context(lang="ru_RU")._tracking_value_format()
        self.assertEqual((shown["oldValue"], shown["newValue"]), ("Новая", "Analysis"))

    def test_company_default_further_options_in_each_language(self):
        """The default further options of the final response: stored in
        every language from the translated source, whoever created the
        company; a text a manager wrote is kept."""
        ru = "<p>Если вас не устраивает наш окончательный ответ"
        english = "<p>If you are not satisfied with our final response"
        Company = self.env["res.company"]
        # Created by a Russian administrator: English stays English.
        branch = Company.with_context(lang="ru_RU").create({"name": "Филиал"})
        for company in (self.company, branch):
            with self.subTest(company=company.name):
                options = {
                    lang: str(company.with_context(lang=lang).complaint_further_options)
                    for lang in ("en_US", "ru_RU", "uk_UA")
                }
                self.assertTrue(options["en_US"].startswith(english))
                self.assertTrue(options["ru_RU"].startswith(ru))
                self.assertNotIn("If you are not", options["uk_UA"])
        # The letter to a Russian customer says it in Russian.
        html = self._russian_customers_letter()
        self.assertIn("Если вас не устраивает", html)
        # A manager's own text is not replaced by a later language load.
        branch.with_context(lang="en_US").complaint_further_options = "<p>Call us.</p>"
        branch._complaint_translate_defaults(["ru_RU"])
        self.assertEqual(
            str(branch.with_context(lang="ru_RU").complaint_further_options),
            "<p>Call us.</p>",
        )

    def _russian_customers_letter(self):
        """The final response letter's HTML of a complaint of a Russian
        customer, closed and upheld."""
        self.customer.lang = "ru_RU"
        complaint = self.create_complaint(
            stage_id=self.stages["closed"].id, resolution="Refunded.", outcome="upheld"
        )
        return (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_html(
                "customer_complaint.action_report_final_response", complaint.ids
            )[0]
            .decode()
        )

    def test_letter_dated_in_the_customers_language(self):
        """The final response letter to a Russian customer is dated as
        Russian reads dates (res.lang's format), not in ISO."""
        html = self._russian_customers_letter()
        # Not frozen: the template's datetime escapes freezegun.
        today = fields.Date.context_today(self.env["res.users"])
        self.assertRegex(
            html, rf'<p class="text-muted"><span[^>]*>{today:%d\.%m\.%Y}</span></p>'
        )
        self.assertNotIn(today.isoformat(), html)

    def test_portal_answer_errors_are_whole_sentences(self):
        """Each wrong answer is one translated sentence naming the question,
        with the language's own quotes."""
        category = _category(self.env, "Defective Product (language test)")
        with self.assertRaises(UserError) as caught:
            self.env["customer.complaint"].with_context(
                lang="ru_RU"
            )._parse_portal_answers(category, {"quantity": "three"})
        self.assertEqual(
            caught.exception.args[0], "«How many pieces?»: введите целое число."
        )

    def test_counted_words_follow_the_number(self):
        """Plural forms by Babel's CLDR rule of the reader's language: 1
        отзыв, 2 отзыва, 5 отзывов, 21 отзыв (Odoo's translations have no
        plural forms)."""
        forms = {
            "ru_RU": "отзыв|отзыва|отзывов|отзыва",
            "uk_UA": "відгук|відгуки|відгуків|відгуку",
            "en_US": "review|reviews",
        }
        expected = {
            "ru_RU": [
                "1 отзыв",
                "2 отзыва",
                "5 отзывов",
                "11 отзывов",
                "21 отзыв",
                "51 отзыв",
            ],
            "uk_UA": [
                "1 відгук",
                "2 відгуки",
                "5 відгуків",
                "11 відгуків",
                "21 відгук",
                "51 відгук",
            ],
            "en_US": [
                "1 review",
                "2 reviews",
                "5 reviews",
                "11 reviews",
                "21 reviews",
                "51 reviews",
            ],
        }
        for lang, words in forms.items():
            env = self.env(context=dict(self.env.context, lang=lang))
            self.assertEqual(
                [plural(env, n, words) for n in (1, 2, 5, 11, 21, 51)], expected[lang]
            )
        # Not translated yet: the English forms, by the English rule.
        ru = self.env(context=dict(self.env.context, lang="ru_RU"))
        self.assertEqual(plural(ru, 51, "review|reviews"), "51 reviews")
        self.assertEqual(plural(ru, 1, "review|reviews"), "1 review")
        # The dashboard's card shows the counts with their word.
        row = (
            self.env["customer.complaint.dashboard"]
            .with_user(self.manager)
            .search([("company_id", "=", self.company.id)])
        )
        self.assertEqual(
            row.review_text, plural(row.env, row.review_count, "review|reviews")
        )
        arch = row.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        for fname in ("review_text", "answer_text", "escalated_text"):
            self.assertIn(f'name="{fname}"', arch)
