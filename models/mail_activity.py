from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _to_store_defaults(self, target):
        """The chatter titles an activity without summary by its display name
        (mail's Activity component), which is not sent: the addon's own
        activities have no summary, their type names them in the reader's
        language (mail_activity_type_data.xml)."""
        return [*super()._to_store_defaults(target), "display_name"]
