"""The final response: when a complaint is closed or rejected, the customer
receives a letter (email and QWeb PDF, in their language) with the decision,
the resolution and compensation or the reasons for the rejection, and their
further options (the company's text). The closing and rejection stages send
it as their customer notice; a complaint closes only if the letter goes out
or a reason for not sending it is given (tracked in the chatter)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FINAL_RESPONSE_TEMPLATE = "customer_complaint.mail_template_complaint_final_response"


class CustomerComplaintFinalResponse(models.Model):
    _inherit = "customer.complaint"

    date_final_response_sent = fields.Datetime(
        string="Final Response Sent On",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    final_response_skip_reason = fields.Text(
        string="Final Response Not Sent Because",
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Why the customer gets no final response letter by email (e.g. "
        "no email address: answered by phone, letter handed over in person).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # History registered already closed had its answer outside Odoo.
        closed = self.env["customer.complaint.stage"].search([("is_closed", "=", True)])
        reason = self.env._("Registered already closed.")
        vals_list = [
            dict(vals, final_response_skip_reason=reason)
            if vals.get("stage_id") in closed.ids
            and not vals.get("final_response_skip_reason")
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    def _check_final_response_sendable(self, stage, vals):
        """Closing or rejecting needs the final response letter to go out
        (the stage sends it and the customer has an email) or a reason."""
        if not stage.is_closed or vals.get("final_response_skip_reason"):
            return
        unsendable = self.filtered(
            lambda c: not c.is_closed
            and not c.final_response_skip_reason
            and not c.date_final_response_sent
            and not (stage.mail_template_id and c.partner_email)
        )
        if unsendable:
            raise ValidationError(
                _(
                    "The final response of %(refs)s cannot be emailed (no email "
                    "address, or the stage %(stage)s sends none): say why in "
                    "Final Response Not Sent Because (Responses tab), then close.",
                    refs=", ".join(unsendable.mapped("name")),
                    stage=stage.name,
                )
            )

    def _message_track_post_template(self, changes):
        # A closed complaint with a reason for sending no letter gets none.
        complaints = self - self.filtered(
            lambda c: c.is_closed and c.final_response_skip_reason
        )
        res = super(
            CustomerComplaintFinalResponse, complaints
        )._message_track_post_template(changes)
        # Dated here, once super posted what _track_template chose (it only
        # chooses): a failed post dates nothing.
        # Mail calls it record by record; a deleted record returns None.
        if res is None or not changes:
            return res
        for complaint in complaints.filtered("is_closed"):
            template = complaint._track_template(changes).get("stage_id", (None,))[0]
            if template and template == self.env.ref(
                FINAL_RESPONSE_TEMPLATE, raise_if_not_found=False
            ):
                # sudo: a managed field (integrity) of a closed, hence frozen,
                # complaint.
                complaint.sudo().with_context(mail_notrack=True).write(
                    {"date_final_response_sent": fields.Datetime.now()}
                )
        return res
