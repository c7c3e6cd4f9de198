"""History brought in by an import: complaints a manager imports already
closed (``import_file`` in the context, as Odoo's Import screen sets it).
What was not recorded at the time (the outcome, the resolution, the dates of
the acknowledgement, the first and the final response) is accepted and shows
as "Not Recorded", counted as unknown by the figures, instead of the rules
made for new work refusing the whole file. Reopened, it is work again: its
next closing needs an outcome and a resolution; what it did not record
before stays unknown."""

from odoo import api, fields, models


class CustomerComplaintHistory(models.Model):
    _inherit = "customer.complaint"

    is_history = fields.Boolean(
        string="Imported as History",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Imported already closed by a manager: what was not recorded "
        "then (outcome, resolution, response dates) shows as Not Recorded. "
        "Reopening it makes it ordinary work again.",
    )

    @api.model
    def _is_history_import(self, stage):
        """Whether a new complaint in ``stage`` is history: an import (or an
        RPC client saying so, as Odoo's importer does) of a closed complaint
        by a manager, who alone may give history its dates."""
        return bool(
            stage.is_closed
            and self.env.context.get("import_file")
            and (self.env.su or self._is_complaint_manager())
        )

    def _history_as_imported(self):
        """Imported history never reopened: what it did not record (outcome,
        resolution) is accepted."""
        self.ensure_one()
        return self.is_history and not self.reopen_count
