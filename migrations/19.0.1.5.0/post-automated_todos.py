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
# The quality manager's to-do on a systemic problem.
SYSTEMIC = "Systemic problem: %s"


def migrate(cr, version):
    """Before 19.0.1.5.0 the addon's own to-dos were not flagged
    ``automated`` (closing a complaint now closes those, a systemic problem
    now updates only its own) and the react and new complaint ones named
    themselves by a summary in one language: flag them, known by their
    summaries in the source and each installed language, give those two
    their type (named in each reader's language), and close the to-dos of
    complaints already closed."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Activity = env["mail.activity"]
    translations = [
        code_translations.get_python_translations("customer_complaint", lang)
        for lang, _name in env["res.lang"].get_installed()
    ]

    def summary_is(source):
        """The summary reads ``source`` in some language (``%s`` any text)."""
        texts = {source} | {
            translated.get(source, source) for translated in translations
        }
        return Domain.OR(
            Domain("summary", "=like", text.replace("%s", "%")) for text in texts
        )

    def todos(model, source):
        return Activity.search(
            Domain("res_model", "=", model)
            & Domain("automated", "=", False)
            & summary_is(source)
        )

    flagged = Activity
    for source, xmlid in TYPED.items():
        typed = todos("customer.complaint", source)
        typed.write(
            {"automated": True, "activity_type_id": env.ref(xmlid).id, "summary": False}
        )
        flagged |= typed
    flagged |= todos("customer.complaint", ESCALATED)
    flagged |= todos("customer.complaint.burst", SYSTEMIC)
    flagged.automated = True
    env["customer.complaint"].with_context(active_test=False).search(
        [("is_closed", "=", True), ("activity_ids", "in", flagged.ids)]
    )._close_automated_todos()
