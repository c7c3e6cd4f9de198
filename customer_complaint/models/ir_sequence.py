from odoo import fields, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _complaint_next_batch(self, day, count):
        """``count`` consecutive references for ``day`` in one query.

        Same result as ``count`` calls of ``_next(day)``: for the standard
        implementation the numbers come from the PostgreSQL sequence Odoo keeps
        behind this sequence (or behind its date range); a no-gap sequence
        falls back to one call per number.
        """
        self.ensure_one()
        if self.implementation != "standard" or count == 1:
            return [self._next(sequence_date=day) for _index in range(count)]
        current = self._get_current_sequence(sequence_date=day)
        if current._name == "ir.sequence.date_range":
            pg_sequence = f"ir_sequence_{self.id:03d}_{current.id:03d}"
            sequence = self.with_context(
                ir_sequence_date=fields.Date.to_date(day),
                ir_sequence_date_range=current.date_from,
            )
        else:
            pg_sequence = f"ir_sequence_{self.id:03d}"
            sequence = self.with_context(ir_sequence_date=fields.Date.to_date(day))
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)", [pg_sequence, count]
        )
        # Fetch now: the prefix may query the user's timezone.
        numbers = [number for (number,) in self.env.cr.fetchall()]
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{self.padding}d}{suffix}" for number in numbers]
