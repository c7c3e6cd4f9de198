from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The hours to react were calendar hours; they are working hours of the
    company's calendar now, as the deadlines and the hours to close."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Complaint = env["customer.complaint"].with_context(active_test=False)
    complaints = Complaint.search([("date_first_reaction", "!=", False)])
    env.add_to_compute(Complaint._fields["reaction_hours"], complaints)
    complaints._recompute_recordset(["reaction_hours"])
