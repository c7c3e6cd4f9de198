from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Complaints registered before the systemic-problem rule (19.0.1.3.0)
    were never looked at for bursts: find them now."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["customer.complaint"]._detect_bursts_in_history()
