"""Complaint references without holes, numbered per company.

- The complaint sequences switch from the standard implementation (a
  PostgreSQL sequence, whose numbers are lost with a failed creation) to
  "no gap", keeping their next number, the date ranges' included: Odoo's
  switch drops the PostgreSQL sequences and would go back to the stale
  ``number_next`` column.
- The sequence shared by all companies becomes the main company's (its
  ``CMP/`` references go on); every other company gets its own sequence, a
  default complaint team and the satisfaction survey when it has none.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

CODE = "customer.complaint"


def switch_to_no_gap(sequences, values=None):
    """Make the standard ``sequences`` no-gap with the next numbers they
    would have given (``number_next_actual`` reads the PostgreSQL sequences,
    so it is read before the switch drops them); ``values``: more values to
    write on each sequence."""
    for sequence in sequences:
        if sequence.implementation != "standard":
            if values and values.get(sequence):
                sequence.write(values[sequence])
            continue
        next_numbers = {
            date_range: date_range.number_next_actual
            for date_range in sequence.date_range_ids
        }
        sequence.write(
            {
                **(values or {}).get(sequence, {}),
                "implementation": "no_gap",
                "number_next": sequence.number_next_actual or 1,
            }
        )
        for date_range, number in next_numbers.items():
            date_range.write({"number_next": number or 1})
        _logger.info(
            "Complaint sequence %s is no-gap now, next number %s",
            sequence.name,
            sequence.number_next,
        )


def migrate_sequences(env):
    sequences = (
        env["ir.sequence"]
        .with_context(active_test=False)
        .search([("code", "=", CODE)], order="id")
    )
    main = env.ref("base.main_company", raise_if_not_found=False) or env[
        "res.company"
    ].search([], order="id", limit=1)
    values = {}
    shared = sequences.filtered(lambda s: not s.company_id)
    if shared and main and main not in sequences.company_id:
        values[shared[0]] = {"company_id": main.id}
        shared = shared[1:]
    if shared:
        # Another sequence without company: nobody may use it any more.
        _logger.warning(
            "Complaint sequences %s have no company: archived", shared.mapped("name")
        )
        shared.write({"active": False})
        sequences -= shared
    switch_to_no_gap(sequences, values)
    env["res.company"]._complaint_setup_all()


def migrate(cr, version):
    if not version:
        return
    migrate_sequences(api.Environment(cr, SUPERUSER_ID, {}))
