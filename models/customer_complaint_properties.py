"""Custom fields per category, as Odoo's properties (``fields.Properties``).

Two sets, each defined on the category: the internal ``properties``, and
the ``portal_properties`` the customer is asked when filing a complaint in
the portal. Both are staff fields (``groups``): the portal page renders the
customer's answers, never the internal values. Odoo's property
definitions have no "public" flag (and its editor would show none): with two
definitions each is edited with Odoo's own widget, and the staff's values
live in a field of their own, which no portal code path reads.
"""

import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

MAX_PORTAL_CHAR = 500
MAX_PORTAL_TEXT = 5000
PORTAL_INTEGER = re.compile(r"-?[0-9]{1,9}")
PORTAL_FLOAT = re.compile(r"-?[0-9]{1,12}(?:[.,][0-9]{1,6})?")
PORTAL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class CustomerComplaintProperties(models.Model):
    _inherit = "customer.complaint"

    properties = fields.Properties(
        definition="category_id.complaint_properties_definition",
        copy=True,
        groups="base.group_user",
    )
    # Staff only too: reading it needs the category, which portal users
    # cannot read; the portal page shows the answers (_get_portal_answers).
    portal_properties = fields.Properties(
        "Customer's Answers",
        definition="category_id.complaint_portal_properties_definition",
        copy=True,
        groups="base.group_user",
    )

    @api.model
    def _parse_portal_answers(self, category, answers):
        """The ``portal_properties`` value ({name: value}) of the customer's
        ``answers`` ({name: text}, as posted) to ``category``'s questions.
        Names the category does not ask are ignored; wrong values raise one
        UserError naming the questions, before anything is written."""
        values, errors = {}, []
        # sudo: portal customers cannot read categories.
        for definition in category.sudo().complaint_portal_properties_definition:
            name = definition["name"]
            text = (answers.get(name) or "").replace("\x00", "").strip()
            if definition["type"] == "separator" or (
                not text and definition["type"] != "boolean"
            ):
                continue
            try:
                values[name] = self._parse_portal_answer(definition, text)
            except ValueError as error:
                errors.append(error.args[0])
        if errors:
            raise UserError("\n".join(errors))
        return values

    @api.model
    def _parse_portal_answer(self, definition, text):
        """The value of a non-empty answer, or ValueError(what to enter,
        naming the question: one whole sentence for the translators)."""
        kind = definition["type"]
        question = definition.get("string") or definition["name"]
        if kind == "boolean":
            if text not in ("", "on", "1", "true"):
                raise ValueError(
                    self.env._('"%s": tick the box or leave it.', question)
                )
            return bool(text)
        if kind == "integer":
            if not PORTAL_INTEGER.fullmatch(text):
                raise ValueError(self.env._('"%s": enter a whole number.', question))
            return int(text)
        if kind == "float":
            if not PORTAL_FLOAT.fullmatch(text):
                raise ValueError(self.env._('"%s": enter a number.', question))
            return float(text.replace(",", "."))
        if kind == "date":
            try:
                if not PORTAL_DATE.fullmatch(text):
                    raise ValueError(text)
                return date.fromisoformat(text).isoformat()
            except ValueError:
                raise ValueError(
                    self.env._('"%s": enter a date (year-month-day).', question)
                ) from None
        if kind == "selection":
            if text not in [key for key, _label in definition.get("selection") or []]:
                raise ValueError(
                    self.env._('"%s": choose one of the options.', question)
                )
            return text
        limit = MAX_PORTAL_CHAR if kind == "char" else MAX_PORTAL_TEXT
        if len(text) > limit:
            raise ValueError(
                self.env._(
                    '"%(question)s": at most %(limit)s characters.',
                    question=question,
                    limit=limit,
                )
            )
        return text

    def _get_portal_answers(self):
        """[(question, answer)] of the customer's answers, as text, for the
        portal page; read as superuser (portal users cannot read categories),
        and only ``portal_properties``."""
        self.ensure_one()
        lines = []
        value = self.sudo().read(["portal_properties"])[0]["portal_properties"]
        for prop in value or []:
            answer = prop.get("value")
            kind = prop["type"]
            if kind == "separator" or (
                answer in (None, False, "") and kind != "boolean"
            ):
                continue
            if kind == "boolean":
                answer = self.env._("Yes") if answer else self.env._("No")
            elif kind == "selection":
                answer = dict(prop.get("selection") or []).get(answer, answer)
            elif kind == "date":
                answer = format_date(self.env, answer)
            lines.append((prop.get("string") or prop["name"], str(answer)))
        return lines
