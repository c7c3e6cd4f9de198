from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .portal import ComplaintPortal
from .read_your_writes import remember_write


class ComplaintProposalPortal(ComplaintPortal):
    """The customer's answer to the proposed resolution, as ``sale`` takes
    the answer to a quotation: a POST of the complaint page (CSRF checked by
    the route), the complaint opened with ``_document_check_access`` (the
    portal rule, or the access token of the email), then one model method
    that checks the state and the words and writes the answer."""

    @http.route(
        "/my/complaints/<int:complaint_id>/proposal/accept",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_complaint_proposal_accept(self, complaint_id, access_token=None, **kw):
        return self._complaint_answer_proposal(complaint_id, access_token, True)

    @http.route(
        "/my/complaints/<int:complaint_id>/proposal/refuse",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_complaint_proposal_refuse(
        self, complaint_id, access_token=None, refusal_reason=None, **kw
    ):
        return self._complaint_answer_proposal(
            complaint_id, access_token, False, refusal_reason
        )

    def _complaint_answer_proposal(
        self, complaint_id, access_token, accepted, words=None
    ):
        complaint_sudo, response = self._complaint_check_access(
            complaint_id, access_token
        )
        if response:
            return response
        user = request.env.user
        words = words if isinstance(words, str) else ""
        try:
            # A refused answer leaves nothing half-written.
            with request.env.cr.savepoint():
                complaint_sudo._portal_answer_proposal(
                    accepted,
                    self._complaint_text(words),
                    # Whoever holds only the link answers as the customer.
                    author=None if user._is_public() else user.partner_id,
                )
        except UserError as error:
            return self._complaint_page(
                complaint_sudo,
                access_token,
                status=400,
                page_values={
                    "proposal_error": error.args[0],
                    "proposal_words": words,
                },
            )
        remember_write()
        return request.redirect(
            complaint_sudo.get_portal_url(
                query_string="&proposal_answered=1", anchor="complaint_proposal"
            )
        )
