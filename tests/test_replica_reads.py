"""Pages and buttons that only read run on a read-only cursor, as a
PostgreSQL replica serves them, and write nothing (no retry on the primary).

HttpCase serves read-only routes on a read-only transaction (``SET
TRANSACTION READ ONLY``): a write there fails and Odoo logs its retry on a
read/write cursor, which these tests refuse.
"""

from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import tagged

from .test_portal import PNG, PortalCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestReplicaReads(PortalCase):
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

    @contextmanager
    def _cursor_modes(self):
        """The cursors the requests inside open, "ro" or "rw"; a retry of a
        read-only request on the primary fails the test."""
        modes = []
        original = self.env.registry.cursor

        def cursor(readonly=False):
            cr = original(readonly=readonly)
            modes.append("ro" if cr.readonly else "rw")
            return cr

        with (
            patch.object(self.env.registry, "cursor", cursor),
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            yield modes

    def _get(self, url):
        """GET ``url``: the response and the cursors it used."""
        with self._cursor_modes() as modes:
            response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200, url)
        return response, modes

    def test_portal_pages_read_only(self):
        self.authenticate("portal_a", "portal_a")
        # The session's first request logs the device on a cursor of its own.
        self.url_open("/my")
        for url in ("/my/complaints", f"/my/complaints/{self.complaint_a.id}"):
            _response, modes = self._get(url)
            self.assertEqual(modes, ["ro"], url)

    def test_photos_shown_without_writing_a_token(self):
        self.authenticate("portal_a", "portal_a")
        response, _modes = self._get(f"/my/complaints/{self.complaint_a.id}")
        self.assertFalse(self.photo.access_token)
        token = self.photo._get_raw_access_token()
        self.assertIn(
            f"/web/image/{self.photo.id}/160x120?access_token={token}", response.text
        )
        self.authenticate(None, None)
        image = self.url_open(f"/web/content/{self.photo.id}?access_token={token}")
        self.assertEqual(image.content, PNG)

    def test_page_after_filing_reads_the_primary(self):
        """Back from filing the complaint (or answering a proposal), the page
        must show what the customer just wrote: not from a lagging replica."""
        self.authenticate("portal_a", "portal_a")
        self.url_open("/my")
        _response, modes = self._get(f"/my/complaints/{self.complaint_a.id}?created=1")
        self.assertEqual(modes, ["ro", "rw"])

    def test_review_page_read_only(self):
        url = f"/review/{self.order_a.review_request_id.access_token}"
        _response, modes = self._get(url)
        self.assertEqual(modes, ["ro"])

    def test_buttons_that_open_views_read_only(self):
        """The form's smart buttons and the dashboard's cards only open a
        view: JSON-RPC runs them on a read-only cursor."""
        self.authenticate("admin", "admin")
        self.url_open("/odoo")
        dashboard = self.env["customer.complaint.dashboard"].search([], limit=1)
        calls = [
            ("customer.complaint", method, self.complaint_a.id)
            for method in (
                "action_view_similar",
                "action_view_duplicates",
                "action_view_possible_duplicates",
                "action_view_followups",
                "action_view_credit_notes",
                "action_view_replacement_orders",
            )
        ] + [
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
