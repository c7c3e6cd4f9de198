from odoo import SUPERUSER_ID, api

# The shipped rules' actions: {xml id: (method, first line of the comment
# shipped before, comment shipped now)}. Their code handed the records to a
# batch runner (one batch per transaction, at its flush); it now calls the
# model's method, as Odoo runs a rule's actions (once per record).
ACTIONS = {
    "automation_review_to_complaint_action": (
        "_create_complaints_from_reviews",
        "# One batch: the reviews are collected and their complaints created",
        "# Reviews that already have a complaint are skipped.",
    ),
    "automation_new_complaint_notify_action": (
        "_notify_new_complaints_once",
        "# One batch: the complaints are collected and notified together",
        "# Complaints already notified are skipped.",
    ),
    "automation_new_complaint_acknowledge_action": (
        "_acknowledge_new_complaints",
        "# One batch: the complaints are collected and acknowledged together",
        "# Complaints already acknowledged (or queued, in a large batch) are skipped.",
    ),
    "automation_complaint_burst_action": (
        "_detect_bursts_once",
        "# One batch: the complaints are collected and grouped together",
        "# Complaints already in a burst of their record are skipped.",
    ),
}


def migrate(cr, version):
    """The rules are data managers keep (noupdate): in their actions' code,
    the call to the removed runner becomes the method's own call and the
    shipped comment about batches the new one; what an administrator added
    to the code stays."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (method, old_comment, comment) in ACTIONS.items():
        action = env.ref(f"customer_complaint.{xmlid}", raise_if_not_found=False)
        old_call = f'records._run_once_per_transaction("{method}")'
        if not action or old_call not in (action.code or ""):
            continue
        lines = action.code.replace(old_call, f"records.{method}()").splitlines()
        if lines and lines[0].startswith(old_comment):
            # The shipped comment spans two lines.
            lines[:2] = [comment]
        action.code = "\n".join(lines)
