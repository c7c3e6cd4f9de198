"""Following a complaint no longer gives access to it: the users' record rules
(noupdate data) read the complaint's action assignees instead of its
followers. Only that clause is replaced, other edits of the rules stay."""

from odoo import SUPERUSER_ID, api

RULES = (
    "customer_complaint.customer_complaint_rule_user",
    "customer_complaint.customer_complaint_action_rule_user",
)
FOLLOWER_CLAUSE = "('message_partner_ids', 'in', user.partner_id.id)"
ASSIGNEE_CLAUSE = "('action_ids.user_id', '=', user.id)"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and FOLLOWER_CLAUSE in (rule.domain_force or ""):
            rule.domain_force = rule.domain_force.replace(
                FOLLOWER_CLAUSE, ASSIGNEE_CLAUSE
            )
