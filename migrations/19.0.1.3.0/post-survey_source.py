from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The satisfaction campaign's survey opens complaints from low answers
    (its data is noupdate: new installs get the flag from the data file)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    survey = env.ref(
        "customer_complaint.survey_customer_satisfaction", raise_if_not_found=False
    )
    if survey:
        survey.is_complaint_source = True
