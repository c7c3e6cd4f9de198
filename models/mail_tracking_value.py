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
        # sudo: the guard sees every message's model, whatever the user may read.
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
        """Odoo keeps tracked many2one and selection values as text in the
        writer's language: the record's name, the option's label
        ("Satisfaction Check → Closed" for a Russian reader). On the addon's
        documents, a value that is still one of the record's names or one of
        the option's labels, in any language, is shown in the reader's
        language; a record renamed since keeps the name it had then. Nothing
        stored changes."""
        formatted = super()._tracking_value_format_model(model)
        if model not in AUDITED_MODELS:
            return formatted
        langs = {code for code, _name in self.env["res.lang"].get_installed()}
        reader = self.env.lang or "en_US"
        langs.add(reader)
        # {(field name, stored value key): (reader's text, all its texts)}
        known = {
            **self._translated_record_names(langs, reader),
            **self._translated_selection_labels(model, langs, reader),
        }
        by_id = {values["id"]: values for values in formatted}
        for tracking in self.filtered(lambda t: t.id in by_id):
            fname = tracking.field_id.name
            is_selection = tracking.field_id.ttype == "selection"
            for side, record_id, text in (
                ("oldValue", tracking.old_value_integer, tracking.old_value_char),
                ("newValue", tracking.new_value_integer, tracking.new_value_char),
            ):
                shown, texts = known.get(
                    (fname, text if is_selection else record_id), (None, ())
                )
                if text in texts:
                    by_id[tracking.id][side] = shown
        return formatted

    def _translated_record_names(self, langs, reader):
        """{(field, record id): (name in ``reader``, names in ``langs``)} of
        the records of the many2one values tracked, whose name translates."""
        ids_by_field = defaultdict(set)
        for tracking in self:
            field = tracking.field_id
            if field.ttype != "many2one" or field.relation not in self.env:
                continue
            comodel = self.env[field.relation]
            name_field = comodel._fields.get(comodel._rec_name)
            if name_field and name_field.translate:
                ids_by_field[field].update(
                    (tracking.old_value_integer, tracking.new_value_integer)
                )
        names = {}
        for field, ids in ids_by_field.items():
            # The names the tracking already shows, in other languages: read
            # whatever the reader's rights on the configuration.
            records = self.env[field.relation].sudo().browse(ids - {0}).exists()
            by_lang = {
                lang: records.with_context(lang=lang).mapped(records._rec_name)
                for lang in langs
            }
            for index, record in enumerate(records):
                names[field.name, record.id] = (
                    by_lang[reader][index],
                    {values[index] for values in by_lang.values()},
                )
        return names

    def _translated_selection_labels(self, model, langs, reader):
        """{(field, label): (label in ``reader``, labels in ``langs``)} of
        the options of the selection fields tracked, by any of their labels."""
        fnames = list(
            set(
                self.filtered(
                    lambda t: t.field_id.ttype == "selection"
                ).field_id.mapped("name")
            )
        )
        if not fnames:
            return {}
        Model = self.env[model]
        by_lang = {
            lang: Model.with_context(lang=lang).fields_get(fnames, ["selection"])
            for lang in langs
        }
        labels = {}
        for fname in by_lang[reader]:
            options = defaultdict(dict)
            for lang, described in by_lang.items():
                for value, label in described.get(fname, {}).get("selection") or []:
                    options[value][lang] = label
            for per_lang in options.values():
                texts = set(per_lang.values())
                for label in texts:
                    labels[fname, label] = (per_lang.get(reader, label), texts)
        return labels
