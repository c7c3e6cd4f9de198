from odoo import SUPERUSER_ID, api
from odoo.fields import Domain
from odoo.tools.translate import code_translations

# The to-dos the addon gave before 19.0.1.5.0, by their summary as its
# sources read: the first two have an activity type of their own now.
TYPED = {
    "React to the complaint": "customer_complaint.mail_activity_type_react",
    "New complaint": "customer_complaint.mail_activity_type_new_complaint",
}
ESCALATED = "Overdue complaint escalated (%s)"


def migrate(cr, version):
    """Before 19.0.1.5.0 the addon's own to-dos were not flagged
    ``automated`` (closing a complaint now closes those) and the react and
    new complaint ones named themselves by a summary in one language: flag
    them, known by their summaries in each installed language, give those
    two their type (named in each reader's language), and close the to-dos
    of complaints already closed."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Activity = env["mail.activity"]
    base = Domain("res_model", "=", "customer.complaint") & Domain(
        "automated", "=", False
    )
    langs = [lang for lang, _name in env["res.lang"].get_installed()]
    translations = {
        lang: code_translations.get_python_translations("customer_complaint", lang)
        for lang in langs
    }
    flagged = Activity
    for source, xmlid in TYPED.items():
        summaries = {translations[lang].get(source, source) for lang in langs}
        todos = Activity.search(base & Domain("summary", "in", list(summaries)))
        todos.write(
            {"automated": True, "activity_type_id": env.ref(xmlid).id, "summary": False}
        )
        flagged |= todos
    escalated = Domain.OR(
        Domain(
            "summary",
            "=like",
            translations[lang].get(ESCALATED, ESCALATED).replace("%s", "%"),
        )
        for lang in langs
    )
    todos = Activity.search(base & escalated)
    todos.automated = True
    flagged |= todos
    env["customer.complaint"].with_context(active_test=False).search(
        [("is_closed", "=", True), ("activity_ids", "in", flagged.ids)]
    )._close_automated_todos()
