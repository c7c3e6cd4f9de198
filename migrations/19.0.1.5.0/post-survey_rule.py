from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Low survey answers open their complaint when the answer is completed
    (survey.user_input._mark_done) since 19.0.1.5.0: the automation rule
    that did it, shipped as data managers keep (noupdate), is removed, or
    every answer of every survey would keep paying its search per write."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "customer_complaint.automation_survey_answer_to_complaint",
        raise_if_not_found=False,
    )
    if rule:
        rule.action_server_ids.unlink()
        rule.unlink()
