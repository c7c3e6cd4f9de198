"""The users' record rules (noupdate data) read the complaint's is_my_work
field instead of its five clauses: the same complaints, the teams and
actions resolved to ids first so that the complaints' indexes answer the
rule (a million complaints: tools/bench/README.md). Only the shipped
clauses are replaced: a rule an administrator edited stays as it is."""

import re

from odoo import SUPERUSER_ID, api

RULES = (
    "customer_complaint.customer_complaint_rule_user",
    "customer_complaint.customer_complaint_action_rule_user",
)
CLAUSES = (
    "'|', '|', '|', '|',",
    "('user_id', '=', user.id),",
    "('team_id', '=', False),",
    "('team_id.member_ids', 'in', user.id),",
    "('team_id.user_id', '=', user.id),",
    "('action_ids.user_id', '=', user.id),",
)
# The clauses in a row, whatever the spaces and line breaks between them.
SHIPPED = re.compile(r"\s*".join(re.escape(clause) for clause in CLAUSES))
MY_WORK = "('is_my_work', '=', True),"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and SHIPPED.search(rule.domain_force or ""):
            rule.domain_force = SHIPPED.sub(MY_WORK, rule.domain_force)
