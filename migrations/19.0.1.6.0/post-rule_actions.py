import logging
import re

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# records._run_once_per_transaction("<method>"), either quote: the call that
# queued the records of a rule for one batch per transaction (removed).
RUNNER_CALL = re.compile(r"\._run_once_per_transaction\(\s*(['\"])(\w+)\1\s*\)")
# The shipped actions: {xml id: (first line of the comment shipped before,
# comment now, name now)}.
SHIPPED = {
    "automation_review_to_complaint_action": (
        "# One batch: the reviews are collected and their complaints created",
        "# Reviews that already have a complaint are skipped.",
        "Create the complaint",
    ),
    "automation_new_complaint_notify_action": (
        "# One batch: the complaints are collected and notified together",
        "# Complaints already notified are skipped.",
        "Tell the owner and the staff",
    ),
    "automation_new_complaint_acknowledge_action": (
        "# One batch: the complaints are collected and acknowledged together",
        "# Complaints already acknowledged (or queued, in a large batch) are skipped.",
        "Acknowledge the customer",
    ),
    "automation_complaint_burst_action": (
        "# One batch: the complaints are collected and grouped together",
        "# Complaints already in a burst of their record are skipped.",
        "Find the systemic problems",
    ),
}
# Text of the second line of every comment shipped before.
OLD_COMMENT_END = "transaction is saved ("


def migrate(cr, version):
    """Server actions run as Odoo runs them since 19.0.1.6.0: in every
    action's code (the shipped ones, copies, an administrator's own), the
    call to the removed runner becomes the method's own call, which would
    otherwise fail every create the rule runs on. The shipped actions (data
    managers keep, noupdate) also get their new comment and name when they
    still have the shipped ones; what an administrator added stays."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Action = env["ir.actions.server"].with_context(active_test=False)
    shipped = {
        action.id: texts
        for xmlid, texts in SHIPPED.items()
        if (action := env.ref(f"customer_complaint.{xmlid}", False))
    }
    for action in Action.search([("code", "like", "_run_once_per_transaction")]):
        lines = RUNNER_CALL.sub(r".\2()", action.code).splitlines()
        values = {}
        if action.id in shipped:
            old_comment, comment, name = shipped[action.id]
            if lines and lines[0].startswith(old_comment):
                # The shipped comment spans two lines, unless the second was
                # removed or replaced: that line stays.
                second = lines[1] if len(lines) > 1 else ""
                end = 2 if second.startswith("#") and OLD_COMMENT_END in second else 1
                lines[:end] = [comment]
            if "(one batch per transaction)" in action.name:
                values["name"] = name
        values["code"] = "\n".join(lines)
        action.write(values)
        if "_run_once_per_transaction" in action.code:
            _logger.warning(
                "Server action %s (%s) still calls _run_once_per_transaction, "
                "removed in 19.0.1.6.0: call the method itself.",
                action.id,
                action.name,
            )
