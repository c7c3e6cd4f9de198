"""Pages and buttons that only read run on a read-only cursor, as a
PostgreSQL replica serves them, and write nothing (no retry on the primary).
"""

from odoo.tests import tagged

from .common import CursorModesMixin, load_migration
from .test_portal import PNG, PortalCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestReplicaReads(CursorModesMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the portal upload makes it: by the customer, as superuser.
        cls.photo = (
            cls.env["ir.attachment"]
            .with_user(cls.portal_a)
            .sudo()
            .create(
                {
                    "name": "lamp.png",
                    "raw": PNG,
                    "mimetype": "image/png",
                    "res_model": "customer.complaint",
                    "res_id": cls.complaint_a.id,
                }
            )
        )
        cls.order_a.action_send_review_request()

    def test_portal_pages_read_only(self):
        self.authenticate("portal_a", "portal_a")
        for url in ("/my/complaints", f"/my/complaints/{self.complaint_a.id}"):
            _response, modes = self._get(url)
            self.assertEqual(modes, ["ro"], url)

    def test_photos_shown_without_writing_a_token(self):
        self.authenticate("portal_a", "portal_a")
        response, modes = self._get(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(modes, ["ro"])
        self.assertFalse(self.photo.access_token)
        token = self.photo._get_raw_access_token()
        self.assertIn(
            f"/web/image/{self.photo.id}/160x120?access_token={token}", response.text
        )
        self.authenticate(None, None)
        image = self.url_open(f"/web/content/{self.photo.id}?access_token={token}")
        self.assertEqual(image.content, PNG)

    def test_older_complaints_get_their_token_by_migration(self):
        """The page's pager links the customer's other complaints with their
        token: one without (made before 19.0.1.3.0) would be written on a
        read. The 19.0.1.6.1 migration gives it one."""
        older = self.env["customer.complaint"]._create_from_portal(
            self.partner_a, "Older", "Filed before tokens were made.", self.order_a
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET access_token = NULL WHERE id = %s",
            [older.id],
        )
        load_migration("19.0.1.6.1", "post-portal_tokens").migrate(
            self.env.cr, "19.0.1.6.0"
        )
        older.invalidate_recordset()
        self.assertTrue(older.access_token)
        self.authenticate("portal_a", "portal_a")
        # The list puts the customer's complaints in the session's history,
        # which the page's pager walks.
        self._get("/my/complaints")
        _response, modes = self._get(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(modes, ["ro"])

    def test_review_page_read_only(self):
        url = f"/review/{self.order_a.review_request_id.access_token}"
        _response, modes = self._get(url)
        self.assertEqual(modes, ["ro"])

    def test_buttons_that_open_views_read_only(self):
        """The smart buttons, the wizard openers and the dashboard's cards
        only open a view: JSON-RPC runs them on a read-only cursor."""
        self.authenticate("admin", "admin")
        dashboard = self.env["customer.complaint.dashboard"].search([], limit=1)
        action = self.env["customer.complaint.action"].create(
            {
                "complaint_id": self.complaint_a.id,
                "name": "Replace the lamp",
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        calls = (
            [
                ("customer.complaint", method, self.complaint_a.id)
                for method in (
                    "action_view_similar",
                    "action_view_duplicates",
                    "action_view_possible_duplicates",
                    "action_view_followups",
                    "action_view_credit_notes",
                    "action_view_replacement_orders",
                )
            ]
            + [
                ("customer.complaint", method, self.complaint_a.id)
                for method in (
                    "action_open_reject_wizard",
                    "action_open_reopen_wizard",
                    "action_open_merge_wizard",
                )
            ]
            + [
                ("customer.complaint.action", "action_open_cancel_wizard", action.id),
                ("res.partner", "action_view_complaints", self.partner_a.id),
                ("res.partner", "action_view_reviews", self.partner_a.id),
                ("sale.order", "action_view_complaints", self.order_a.id),
                ("sale.order", "action_view_reviews", self.order_a.id),
                ("sale.order", "action_new_complaint", self.order_a.id),
            ]
            + [
                ("customer.complaint.dashboard", method, dashboard.id)
                for method in (
                    "action_open_open",
                    "action_open_overdue",
                    "action_open_funnel",
                    "action_open_causes",
                    "action_open_products",
                    "action_open_months",
                    "action_open_satisfaction",
                )
            ]
        )
        for model, method, record_id in calls:
            with self._cursor_modes() as modes:
                action = self.make_jsonrpc_request(
                    f"/web/dataset/call_button/{model}.{method}",
                    {
                        "model": model,
                        "method": method,
                        "args": [[record_id]],
                        "kwargs": {},
                    },
                )
            self.assertEqual(action["type"], "ir.actions.act_window", method)
            self.assertEqual(modes, ["ro"], method)
