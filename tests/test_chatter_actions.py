from odoo.tests import HttpCase, tagged

from .test_portal import PortalCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestChatterActions(HttpCase):
    """The chatter offers Edit, Delete and Remove only where the server
    allows them: not on the messages and files of a complaint (its audit
    trail), even to the admin who posted them. Needs Chromium (else Odoo
    skips it)."""

    def test_no_edit_nor_delete_on_a_complaint(self):
        admin = self.env.ref("base.user_admin")
        contact = self.env["res.partner"].create({"name": "Chatter Contact"})
        contact.with_user(admin).message_post(
            body="Contact message", message_type="comment"
        )
        complaint = self.env["customer.complaint"].create(
            {"partner_id": contact.id, "channel": "phone", "subject": "Chatter"}
        )
        complaint.with_user(admin).message_post(
            body="Complaint message", message_type="comment"
        )
        for name, record in (("contact.txt", contact), ("complaint.txt", complaint)):
            self.env["ir.attachment"].create(
                {
                    "name": name,
                    "raw": b"Notes",
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        # The test sees the actions where Odoo offers them.
        self.start_tour(
            f"/odoo/res.partner/{contact.id}",
            "customer_complaint_chatter_editable_tour",
            login="admin",
        )
        self.start_tour(
            f"/odoo/action-customer_complaint.customer_complaint_action/{complaint.id}",
            "customer_complaint_chatter_audited_tour",
            login="admin",
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestPortalChatterActions(PortalCase):
    """The portal's chatter formats its messages itself: the customer's
    own messages on a complaint carry the same flag, so that the portal
    offers neither Edit nor Delete on them."""

    def test_portal_messages_flagged(self):
        self.authenticate("portal_a", "portal_a")
        params = {
            "thread_model": "customer.complaint",
            "thread_id": self.complaint_a.id,
            "token": self.complaint_a._portal_ensure_token(),
        }
        posted = self.make_jsonrpc_request(
            "/mail/message/post",
            params
            | {
                "post_data": {
                    "body": "Any news?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                }
            },
        )
        self.assertTrue(
            all(m["is_audit_trail"] for m in posted["store_data"]["mail.message"])
        )
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        messages = fetched["data"]["mail.message"]
        self.assertIn("Any news?", str(messages))
        self.assertTrue(all(m["is_audit_trail"] for m in messages))
