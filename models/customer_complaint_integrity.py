from datetime import datetime, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .customer_complaint_audit_mixin import is_erasure

# Fields that describe what the customer reported: once a complaint has left
# the registration stage they are part of the record and cannot be rewritten.
REGISTRATION_FIELDS = ("partner_id", "description", "date_received", "channel")

# Fields only the addon's own code paths write (they run as superuser after
# their own checks): a user's or an RPC write of one of them is refused.
MANAGED_FIELDS = frozenset(
    {
        "name",
        "active",
        "registration_locked",
        "date_first_reaction",
        "reaction_hours",
        "date_closed",
        "close_working_hours",
        "is_closed",
        "furthest_stage_id",
        "reopen_count",
        "sla_deadline",
        "sla_stage_id",
        "escalation_level",
        "date_escalated",
        "satisfaction_input_id",
        "satisfaction_state",
        "satisfaction_sent_on",
        "satisfaction_score",
        "problem_solved",
        "review_id",
        "cause_kind",
        "date_staff_notified",
        "date_acknowledged",
        "date_assigned",
        "acknowledgement_queued",
        "survey_input_id",
        "burst_ids",
        "date_final_response_sent",
        "date_acknowledgement_due",
        "date_first_response_due",
        "date_final_response_due",
        "date_first_response",
        "acknowledgement_status",
        "first_response_status",
        "final_response_status",
        "is_upheld",
        "handling_time_band",
        "date_waiting_since",
        "waiting_return_stage_id",
        "waiting_hours",
        "waiting_target_hours",
        "followup_of_id",
        "proposal_state",
        "proposed_resolution",
        "date_proposed",
        "date_proposal_answered",
        "proposal_refusal_reason",
        "proposal_user_id",
        "is_history",
        "is_repeat",
        "repeat_of_id",
        "legal_rule_id",
        "date_legal_deadline",
        "legal_status",
        "erasure_id",
    }
)
# What a manager importing history may give a new complaint.
HISTORY_FIELDS = frozenset({"date_closed", "date_first_reaction"})

# What may still change on a closed or rejected complaint, besides the chatter,
# activities and followers: how it shows on the kanban and its tags.
CLOSED_EDITABLE_FIELDS = frozenset({"color", "kanban_state", "tag_ids"})

# Sane bounds of user input.
MAX_COMPENSATION = 1_000_000_000
MAX_SUBJECT_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 100_000
EARLIEST_RECEPTION = datetime(1970, 1, 1)
RECEPTION_TOLERANCE = timedelta(hours=1)


class CustomerComplaint(models.Model):
    """The register's guarantees: what users may write, when, and how."""

    _inherit = "customer.complaint"

    _compensation_range = models.Constraint(
        f"CHECK(compensation_amount IS NULL OR "
        f"compensation_amount BETWEEN 0 AND {MAX_COMPENSATION})",
        "The compensation must be between 0 and 1,000,000,000.",
    )

    @api.constrains("compensation_amount")
    def _check_compensation_amount(self):
        for complaint in self:
            if not 0 <= complaint.compensation_amount <= MAX_COMPENSATION:
                raise ValidationError(
                    self.env._(
                        "The compensation of complaint %(ref)s must be between 0 "
                        "and %(max)s, not %(amount)s.",
                        ref=complaint.name,
                        max=f"{MAX_COMPENSATION:,}",
                        amount=complaint.compensation_amount,
                    )
                )

    @api.constrains("subject", "description")
    def _check_text_length(self):
        for complaint in self:
            self._check_text_values(complaint)

    @api.constrains("partner_id", "sale_order_id", "sale_line_id")
    def _check_order_customer(self):
        for complaint in self:
            order, line = complaint.sale_order_id, complaint.sale_line_id
            if line and line.order_id != order:
                raise ValidationError(
                    self.env._(
                        "The order line of complaint %s is not a line of its sale "
                        "order.",
                        complaint.name,
                    )
                )
            if order and (
                order.partner_id.commercial_partner_id
                != complaint.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is not an order of %(customer)s.",
                        order=order.name,
                        customer=complaint.partner_id.display_name,
                    )
                )

    @api.constrains("user_id", "responsible_user_id", "specialist_id")
    def _check_internal_users(self):
        for complaint in self:
            users = (
                complaint.user_id
                | complaint.responsible_user_id
                | complaint.specialist_id
            )
            if any(users.mapped("share")):
                raise ValidationError(
                    self.env._(
                        "Owner, responsible and specialist of complaint %s must be "
                        "employees with an internal user, not portal users.",
                        complaint.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            is_manager = self._is_complaint_manager()
            for vals in vals_list:
                given = {
                    fname
                    for fname in MANAGED_FIELDS.intersection(vals)
                    if not self._is_empty_value(fname, vals[fname])
                }
                if is_manager:
                    given -= HISTORY_FIELDS
                self._refuse_managed_fields(given)
        for vals in vals_list:
            self._check_date_received_value(vals.get("date_received"))
            self._check_text_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._refuse_managed_fields(MANAGED_FIELDS.intersection(vals))
            self._check_closed_frozen(vals)
        if "date_received" in vals:
            self._check_date_received_value(vals["date_received"])
        self._check_text_values(vals)
        erasure = is_erasure(self.env)
        if not erasure and any(fname in vals for fname in REGISTRATION_FIELDS):
            locked = self.filtered("registration_locked")
            if locked:
                raise UserError(
                    self.env._(
                        "The registration of complaint(s) %(refs)s can no longer be "
                        "changed: customer, channel, reception date and description "
                        "are locked once a complaint leaves the registration stage. "
                        "Add a note in the chatter instead.",
                        refs=", ".join(locked.mapped("name")),
                    )
                )
        old_descriptions = (
            {complaint.id: complaint.description for complaint in self}
            if "description" in vals and not erasure
            else {}
        )
        res = super().write(vals)
        if old_descriptions:
            self._log_description_changes(old_descriptions)
        return res

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _is_complaint_manager(self):
        return self.env.user.has_group("customer_complaint.group_complaint_manager")

    @api.model
    def _is_empty_value(self, fname, value):
        """A value the web client or an import sends for a field it does not
        set: the field's default, or nothing."""
        if fname == "name":
            return value in (False, None, "", self.env._("New"), "New")
        if fname == "active":
            return value is True
        if fname == "escalation_level":
            return value in (False, None, "0")
        if fname == "proposal_state":
            return value in (False, None, "none")
        return not value

    @api.model
    def _refuse_managed_fields(self, fnames):
        if not fnames:
            return
        labels = sorted(
            self._fields[fname]._description_string(self.env) for fname in fnames
        )
        raise UserError(
            self.env._(
                "These fields of a complaint are kept by the application and cannot "
                "be written: %(fields)s.",
                fields=", ".join(labels),
            )
        )

    def _check_closed_frozen(self, vals):
        """A closed or rejected complaint changes only after a manager's Reopen."""
        closed = self.filtered("is_closed")
        if not closed:
            return
        frozen = {
            fname
            for fname in vals
            if fname not in CLOSED_EDITABLE_FIELDS
            and not fname.startswith(("message_", "activity_", "website_message"))
            # Unknown names are left to the ORM's own error.
            and fname in self._fields
            and self._fields[fname].store
        }
        if frozen:
            raise UserError(
                self.env._(
                    "Complaint(s) %(refs)s are closed: their stage, analysis, "
                    "resolution and compensation change only after a manager "
                    "reopens them (Reopen, with a reason).",
                    refs=", ".join(closed.mapped("name")),
                )
            )

    @api.model
    def _check_text_values(self, values):
        """Length limits of what people type (``values``: a dict or a record),
        checked before writing: public and portal text has no other limit."""
        subject, description = (
            values[fname] if fname in values else None
            for fname in ("subject", "description")
        )
        if subject and len(subject) > MAX_SUBJECT_LENGTH:
            raise ValidationError(
                self.env._(
                    "The subject of a complaint is at most %s characters.",
                    MAX_SUBJECT_LENGTH,
                )
            )
        if description and len(description) > MAX_DESCRIPTION_LENGTH:
            raise ValidationError(
                self.env._(
                    "The description of a complaint is at most %s characters.",
                    MAX_DESCRIPTION_LENGTH,
                )
            )

    @api.model
    def _check_date_received_value(self, value):
        """Checked before writing: the deadlines are computed from this date."""
        if not value:
            return
        try:
            received = fields.Datetime.to_datetime(value)
        except (TypeError, ValueError):
            received = None
        if received is None:
            raise ValidationError(
                self.env._("%r is not a date and time of reception.", value)
            )
        latest = fields.Datetime.now() + RECEPTION_TOLERANCE
        if not EARLIEST_RECEPTION <= received <= latest:
            raise ValidationError(
                self.env._(
                    "The reception date %(date)s is not plausible: a complaint is "
                    "received between 1970 and now.",
                    date=fields.Datetime.to_string(received),
                )
            )

    def _log_description_changes(self, old_descriptions):
        """Html is not tracked by Odoo: log the old and new text instead."""
        bodies = {}
        for complaint in self:
            old = old_descriptions.get(complaint.id) or ""
            new = complaint.description or ""
            if str(old) == str(new):
                continue
            bodies[complaint.id] = Markup(
                "<p><b>%s</b></p><p>%s</p><blockquote>%s</blockquote>"
                "<p>%s</p><blockquote>%s</blockquote>"
            ) % (
                self.env._("Description changed"),
                self.env._("Before:"),
                Markup(old) if old else "—",
                self.env._("After:"),
                Markup(new) if new else "—",
            )
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)

    @api.model
    def _first_use_of(self, records, fname):
        """``(record, count)``: the first of ``records`` complaints point to
        through ``fname``, archived complaints and every company counted (a
        configuration record in use is archived, not deleted); or None."""
        used = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([(fname, "in", records.ids)], [fname], ["__count"], limit=1)
        )
        return used[0] if used else None

    # ------------------------------------------------------------------
    # Archiving: not deleting
    # ------------------------------------------------------------------

    def action_archive(self):
        """Archiving needs a reason: open the wizard that asks for it."""
        self._check_can_archive()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Archive Complaint"),
            "res_model": "customer.complaint.archive",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_unarchive(self):
        """Restore archived complaints (managers), logged."""
        self._check_can_archive()
        archived = self.filtered(lambda c: not c.active)
        # sudo: active is a managed field (integrity); the right is checked above.
        archived.sudo().write({"active": True})
        archived._message_log_batch(
            bodies=dict.fromkeys(
                archived.ids,
                Markup("<p>%s</p>") % self.env._("Restored from the archive."),
            )
        )
        return True

    def action_archive_with_reason(self, reason):
        """Archive the complaints with the manager's reason, logged on each.
        An archived complaint stays in every report and count."""
        self._check_can_archive()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the complaint is archived."))
        active = self.filtered("active")
        # sudo: active is a managed field (integrity); the right is checked above.
        active.sudo().write({"active": False})
        active._message_log_batch(
            bodies=dict.fromkeys(
                active.ids,
                Markup("<p><b>%s</b></p><p>%s</p>")
                % (self.env._("Archived"), reason.strip()),
            )
        )
        return True

    def _check_can_archive(self):
        if not self.env.su and not self._is_complaint_manager():
            raise AccessError(
                self.env._("Only complaint managers archive or restore complaints.")
            )
        self.check_access("write")
