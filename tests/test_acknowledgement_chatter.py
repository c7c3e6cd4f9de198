import re

from odoo.tests import tagged

from .common import ComplaintCase
from .test_portal import PNG, PortalCase

# A width in pixels, as an attribute or a style (width, min-width).
PIXEL_WIDTH = re.compile(r'width\s*(?:=\s*"|:\s*)(\d+)')


def acknowledgement_of(complaint):
    return complaint.env["mail.mail"].search(
        [
            ("model", "=", complaint._name),
            ("res_id", "=", complaint.id),
            ("subject", "like", "we have received your complaint"),
        ]
    )


@tagged("post_install", "-at_install", "customer_complaint")
class TestAcknowledgementFromThePortal(PortalCase):
    """A customer files a complaint in the portal: the acknowledgement is
    the company's message to them, in their portal chatter too."""

    def test_acknowledgement_written_by_the_company(self):
        self.authenticate("portal_a", "portal_a")
        before = self._complaints_of(self.partner_a)
        response = self._post_new_complaint(
            files={"photos": ("lamp.png", PNG, "image/png")}
        )
        self.assertEqual(response.status_code, 200)
        complaint = self._complaints_of(self.partner_a) - before
        mail = acknowledgement_of(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.partner_a)
        message = mail.mail_message_id
        self.assertNotEqual(message.author_id, self.partner_a)
        self.assertEqual(
            message.author_id,
            complaint.user_id.partner_id or complaint.company_id.partner_id,
        )
        self.assertNotIn(self.partner_a.email, message.email_from)
        # The customer's "Communication history" on the complaint's page.
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "customer.complaint",
                "thread_id": complaint.id,
                "token": complaint.access_token,
            },
        )
        self.assertIn(message.id, fetched["messages"])


@tagged("post_install", "-at_install", "customer_complaint")
class TestAcknowledgementInTheChatter(ComplaintCase):
    """The chatter keeps the letter, which fits its width and names the
    complaint by its reference; the email has Odoo's light layout."""

    def test_letter_fits_the_chatter(self):
        complaint = self.create_complaint(
            partner_id=self.customer.id, user_id=self.member.id
        )
        self.env.cr.flush()
        mail = acknowledgement_of(complaint)
        self.assertEqual(len(mail), 1)
        body = str(mail.mail_message_id.body)
        self.assertIn(complaint.name, body)
        self.assertNotIn(complaint.name.replace("/", "-"), body)
        wide = [int(w) for w in PIXEL_WIDTH.findall(body) if int(w) > 300]
        self.assertFalse(wide, "fixed widths past the chatter's")
        # The email itself keeps Odoo's light layout around the letter.
        self.assertIn(complaint.name.replace("/", "-"), str(mail.body_html))
        self.assertIn("Dear Olena Kovalenko", str(mail.body_html))
