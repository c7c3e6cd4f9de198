from collections import defaultdict

from odoo import models

from .customer_complaint_audit_mixin import AUDITED_MODELS, audit_trail_error


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _check_audit_trail(self):
        """The tracked old and new values of an audited document are its
        history: no user (administrators included) rewrites or deletes them."""
        if self.env.su:
            return
        models_ = self.sudo().mapped("mail_message_id.model")
        if any(model in AUDITED_MODELS for model in models_):
            raise audit_trail_error(self.env)

    def write(self, vals):
        self._check_audit_trail()
        return super().write(vals)

    def unlink(self):
        self._check_audit_trail()
        return super().unlink()

    def _tracking_value_format_model(self, model):
        """Odoo keeps a many2one's tracked values as the record's name in the
        writer's language ("Satisfaction Check → Closed" for a Russian
        reader). On the addon's documents, a value that is still one of the
        record's names, in any language, is shown in the reader's language;
        a record renamed since keeps the name it had then. Nothing stored
        changes."""
        formatted = super()._tracking_value_format_model(model)
        if model not in AUDITED_MODELS:
            return formatted
        ids_by_comodel = defaultdict(set)
        for tracking in self:
            field = tracking.field_id
            if field.ttype == "many2one" and field.relation in self.env:
                comodel = self.env[field.relation]
                if getattr(comodel._fields.get(comodel._rec_name), "translate", 0):
                    ids_by_comodel[field.relation].update(
                        (tracking.old_value_integer, tracking.new_value_integer)
                    )
        if not ids_by_comodel:
            return formatted
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        reader_lang = self.env.lang or "en_US"
        # {(comodel, id): (name in the reader's language, all its names)}
        names = {}
        for comodel, ids in ids_by_comodel.items():
            # The names the tracking already shows, in other languages: read
            # whatever the reader's rights on the configuration.
            records = self.env[comodel].sudo().browse(ids - {0}).exists()
            rec_name = records._rec_name
            by_lang = {
                lang: dict(
                    zip(
                        records.ids,
                        records.with_context(lang=lang).mapped(rec_name),
                        strict=True,
                    )
                )
                for lang in {*langs, reader_lang}
            }
            for record_id in records.ids:
                names[comodel, record_id] = (
                    by_lang[reader_lang][record_id],
                    {values[record_id] for values in by_lang.values()},
                )
        by_id = {values["id"]: values for values in formatted}
        for tracking in self.filtered(lambda t: t.id in by_id):
            comodel = tracking.field_id.relation
            for key, record_id, text in (
                ("oldValue", tracking.old_value_integer, tracking.old_value_char),
                ("newValue", tracking.new_value_integer, tracking.new_value_char),
            ):
                shown, known = names.get((comodel, record_id), (None, ()))
                if text in known:
                    by_id[tracking.id][key] = shown
        return formatted
