import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

# language code in Odoo -> .po file of the addon
LANGS = {"ru_RU": "ru", "uk_UA": "uk"}
# printf and inline-template placeholders that a translation must keep
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sdr]|%%|\{\{.*?\}\}")
# a few terms as a user reads them, per language
EXPECTED = {
    "ru_RU": {
        "stage_new": "Новая",
        "stage_corrective_action": "Корректирующие действия",
        "stage_satisfaction_check": "Оценка удовлетворённости",
        "stage_id": "Этап",
        "user_id": "Ответственный",
        "sla_deadline": "Срок",
        "cause_kind": "Вид причины",
        "subjective": "Субъективная",
        "report": "Карточка рекламации",
        "headings": ("Анализ", "Решение"),
    },
    "uk_UA": {
        "stage_new": "Нова",
        "stage_corrective_action": "Коригувальні дії",
        "stage_satisfaction_check": "Оцінка задоволеності",
        "stage_id": "Етап",
        "user_id": "Відповідальний",
        "sla_deadline": "Термін",
        "cause_kind": "Вид причини",
        "subjective": "Суб’єктивна",
        "report": "Картка рекламації",
        "headings": ("Аналіз", "Рішення"),
    },
}


@tagged("post_install", "-at_install", "customer_complaint")
class TestI18n(TransactionCase):
    """The Russian and Ukrainian translations are complete and load."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
            module._update_translations(code)
        cls.env.registry.clear_cache()
        cls.env.invalidate_all()
        cls.pot = polib.pofile(
            file_path("customer_complaint/i18n/customer_complaint.pot")
        )
        cls.po = {
            code: polib.pofile(file_path(f"customer_complaint/i18n/{name}.po"))
            for code, name in LANGS.items()
        }

    def test_po_files_have_no_empty_or_fuzzy_entry(self):
        for code, po in self.po.items():
            with self.subTest(lang=code):
                self.assertTrue(len(po) > 0)
                self.assertFalse(
                    [e.msgid for e in po if not e.msgstr.strip()], "empty msgstr"
                )
                self.assertFalse([e.msgid for e in po if e.fuzzy], "fuzzy entries")
                self.assertFalse(po.obsolete_entries(), "obsolete entries")
                self.assertIn("nplurals=3;", po.metadata.get("Plural-Forms", ""))

    def test_po_files_cover_the_template(self):
        for code, po in self.po.items():
            translations = {e.msgid: e.msgstr for e in po}
            with self.subTest(lang=code):
                missing = [e.msgid for e in self.pot if e.msgid not in translations]
                self.assertFalse(missing, "msgids of the .pot missing from the .po")
                for entry in self.pot:
                    msgstr = translations[entry.msgid]
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgid)),
                        sorted(PLACEHOLDER.findall(msgstr)),
                        f"placeholders of {entry.msgid!r}",
                    )

    def test_terms_read_in_the_language(self):
        Complaint = self.env["customer.complaint"]
        for code, expected in EXPECTED.items():
            with self.subTest(lang=code):
                for key in ("stage_new", "stage_corrective_action"):
                    stage = self.env.ref(f"customer_complaint.{key}")
                    self.assertEqual(stage.with_context(lang=code).name, expected[key])
                stage = self.env.ref("customer_complaint.stage_satisfaction_check")
                self.assertEqual(
                    stage.with_context(lang=code).name,
                    expected["stage_satisfaction_check"],
                )
                fields = Complaint.with_context(lang=code).fields_get(
                    ["stage_id", "user_id", "sla_deadline", "cause_kind"],
                    ["string", "selection"],
                )
                for name in ("stage_id", "user_id", "sla_deadline", "cause_kind"):
                    self.assertEqual(fields[name]["string"], expected[name])
                self.assertIn(
                    ("subjective", expected["subjective"]),
                    fields["cause_kind"]["selection"],
                )
                report = self.env.ref(
                    "customer_complaint.action_report_complaint_sheet"
                )
                self.assertEqual(
                    report.with_context(lang=code).name, expected["report"]
                )

    def _render_sheet(self, code, env_lang):
        partner = self.env["res.partner"].create(
            {"name": f"Customer {code}", "lang": code}
        )
        complaint = self.env["customer.complaint"].create(
            {
                "partner_id": partner.id,
                "channel": "phone",
                "description": "<p>The sofa arrived with a torn cover.</p>",
            }
        )
        Report = self.env["ir.actions.report"].with_context(lang=env_lang)
        html, _report_type = Report._render_qweb_html(
            "customer_complaint.action_report_complaint_sheet", complaint.ids
        )
        html = html.decode()
        self.assertIn(complaint.name, html)
        return html

    def _assert_sheet_translated(self, html, expected):
        for heading in expected["headings"]:
            self.assertRegex(html, rf"<h4[^>]*>{heading}</h4>")
        self.assertNotRegex(html, r"<h4[^>]*>(Analysis|Resolution)</h4>")
        # field values follow the customer's language
        self.assertIn(f"<span>{expected['stage_new']}</span>", html)

    def test_complaint_sheet_renders_in_the_language(self):
        """Printed by a user working in the customer's language."""
        for code, expected in EXPECTED.items():
            with self.subTest(lang=code):
                self._assert_sheet_translated(self._render_sheet(code, code), expected)

    def test_complaint_sheet_follows_the_customer_language(self):
        """Printed by an English-speaking user for a Russian/Ukrainian customer."""
        for code, expected in EXPECTED.items():
            self._assert_sheet_translated(self._render_sheet(code, "en_US"), expected)
