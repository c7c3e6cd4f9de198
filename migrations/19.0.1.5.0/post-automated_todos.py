from odoo import SUPERUSER_ID, api
from odoo.fields import Domain
from odoo.tools.translate import code_translations

# The summaries of the to-dos the addon gives (customer_complaint_notification
# and customer_complaint_escalation), as their sources read.
SUMMARIES = ("React to the complaint", "New complaint")
ESCALATED = "Overdue complaint escalated (%s)"


def migrate(cr, version):
    """Before 19.0.1.5.0 the addon's own to-dos were not flagged
    ``automated``, which closing a complaint now closes: flag them, known by
    their summaries in each installed language, and close those of the
    complaints already closed."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    domains = []
    for lang, _name in env["res.lang"].get_installed():
        translated = code_translations.get_python_translations(
            "customer_complaint", lang
        )
        summaries = [translated.get(src, src) for src in SUMMARIES]
        escalated = translated.get(ESCALATED, ESCALATED).replace("%s", "%")
        domains += [
            Domain("summary", "in", summaries),
            Domain("summary", "=like", escalated),
        ]
    todos = env["mail.activity"].search(
        Domain("res_model", "=", "customer.complaint")
        & Domain("automated", "=", False)
        & Domain.OR(domains)
    )
    todos.automated = True
    env["customer.complaint"].with_context(active_test=False).search(
        [("is_closed", "=", True), ("activity_ids", "in", todos.ids)]
    )._close_automated_todos()
