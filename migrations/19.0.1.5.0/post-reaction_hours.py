from odoo import SUPERUSER_ID, api
from odoo.tools import split_every

# Complaints recomputed and written at a time: a large register is not held
# in memory at once.
CHUNK = 5000


def migrate(cr, version):
    """The hours to react were calendar hours; they are working hours of the
    company's calendar now, as the deadlines and the hours to close."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Complaint = env["customer.complaint"].with_context(active_test=False)
    field = Complaint._fields["reaction_hours"]
    ids = Complaint.search([("date_first_reaction", "!=", False)]).ids
    for chunk in split_every(CHUNK, ids, Complaint.browse):
        env.add_to_compute(field, chunk)
        chunk.flush_recordset(["reaction_hours"])
        env.invalidate_all()
