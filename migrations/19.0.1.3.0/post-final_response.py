from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The closing and rejection stages send the final response letter
    (their stage data is noupdate): where a manager set no notice of their
    own."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "customer_complaint.mail_template_complaint_final_response",
        raise_if_not_found=False,
    )
    if not template:
        return
    env["customer.complaint.stage"].with_context(active_test=False).search(
        [("is_closed", "=", True), ("mail_template_id", "=", False)]
    ).mail_template_id = template
