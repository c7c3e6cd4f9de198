from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The property types the portal form can ask and check (no records: a
# many2one or tags property would show the customer internal names).
PORTAL_PROPERTY_TYPES = (
    "boolean",
    "integer",
    "float",
    "char",
    "text",
    "date",
    "selection",
    "separator",
)


class CustomerComplaintCategory(models.Model):
    _name = "customer.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    playbook = fields.Html(
        translate=True,
        help="The procedure staff follow for complaints of this category; "
        "shown on the complaint form.",
    )
    active = fields.Boolean(default=True)
    # Two definitions, as Odoo's properties have no "public" flag: the fields
    # staff fill in, and the questions the portal form asks the customer. The
    # internal values are then a field of their own, kept from portal users
    # by its groups (customer_complaint_properties.py).
    complaint_properties_definition = fields.PropertiesDefinition(
        "Complaint Properties",
        help="Fields of this category's complaints filled in by staff; "
        "never shown to the customer.",
    )
    complaint_portal_properties_definition = fields.PropertiesDefinition(
        "Questions to the Customer",
        help="Fields the customer is asked in the portal when filing a "
        "complaint of this category; staff see and correct the answers.",
    )

    _name_uniq = models.Constraint(
        "unique(name)", "A complaint category with this name already exists."
    )

    @api.constrains("complaint_portal_properties_definition")
    def _check_portal_properties_definition(self):
        for category in self:
            for definition in category.complaint_portal_properties_definition:
                if definition.get("type") not in PORTAL_PROPERTY_TYPES:
                    raise ValidationError(
                        self.env._(
                            'The question "%(name)s" of category %(category)s '
                            "cannot be asked in the portal: use a yes/no, "
                            "number, text, date or selection field.",
                            name=definition.get("string") or definition.get("name"),
                            category=category.display_name,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Old complaints keep what they were classified with: one used by a
        complaint (archived, or of another company, too) is archived instead."""
        used = self.env["customer.complaint"]._first_use_of(self, "category_id")
        if used:
            record, count = used
            raise UserError(
                self.env._(
                    'The category "%(name)s" is used by %(count)s complaint(s), '
                    "archived ones included, and cannot be deleted: "
                    "archive it instead.",
                    name=record.display_name,
                    count=count,
                )
            )
