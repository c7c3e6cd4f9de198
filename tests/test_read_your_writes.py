"""Whoever just wrote reads what they wrote, whatever the replica's lag.

Under HttpCase every request runs inside the test's transaction, which is
never committed: a read-only cursor's snapshot never shows it, as a replica
that has not applied the write yet would not. A session whose last write the
snapshot shows (an old, committed transaction) reads the replica again.
"""

from odoo import http
from odoo.tests import tagged

from ..controllers.read_your_writes import SESSION_KEY
from .common import CursorModesMixin
from .test_proposal import ProposalPortalCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestReadYourWrites(CursorModesMixin, ProposalPortalCase):
    def _call(self, model, method, args, kwargs=None, route="call_kw"):
        """A JSON-RPC call as the web client makes it: result and cursors."""
        with self._cursor_modes() as modes:
            result = self.make_jsonrpc_request(
                f"/web/dataset/{route}/{model}.{method}",
                {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            )
        return result, modes

    def _list(self):
        result, modes = self._call(
            "customer.complaint",
            "web_search_read",
            [],
            {"domain": [], "specification": {"subject": {}}},
        )
        return {record["subject"] for record in result["records"]}, modes

    def _session_mark(self):
        return http.root.session_store.get(self.session.sid).get(SESSION_KEY)

    def test_customer_files_and_reads_the_primary(self):
        self.authenticate("portal_a", "portal_a")
        with self._cursor_modes() as modes:
            response = self._post_new_complaint({"subject": "Cracked shade"})
        self.assertIn("?created=1", response.url)
        self.assertIn("Cracked shade", response.text)
        # The POST, then its page: the read-only cursor routes, the primary serves.
        self.assertEqual(modes, ["ro", "rw", "ro", "rw"])
        self.assertTrue(self._session_mark())
        list_page, modes = self._get("/my/complaints")
        self.assertIn("Cracked shade", list_page.text)
        self.assertEqual(modes, ["ro", "rw"])
        # Another session of the same customer wrote nothing: the replica.
        self.authenticate("portal_a", "portal_a")
        _response, modes = self._get("/my/complaints")
        self.assertEqual(modes, ["ro"])

    def test_session_reads_the_replica_once_it_has_the_write(self):
        """The session's last write is an old, committed transaction: every
        snapshot shows it, the replica serves."""
        self.authenticate("portal_a", "portal_a", session_extra={SESSION_KEY: "3"})
        for url in ("/my/complaints", f"/my/complaints/{self.complaint_a.id}"):
            _response, modes = self._get(url)
            self.assertEqual(modes, ["ro"], url)

    def test_back_office_reads_the_replica_once_it_has_the_write(self):
        self.authenticate("admin", "admin", session_extra={SESSION_KEY: "3"})
        _subjects, modes = self._list()
        self.assertEqual(modes, ["ro"])

    def test_answer_to_proposal_then_page_on_the_primary(self):
        self.authenticate("portal_a", "portal_a")
        response = self._post("accept")
        self.assertIn("proposal_answered=1", response.headers["Location"])
        page, modes = self._get(response.headers["Location"])
        self.assertIn("You accepted this resolution", page.text)
        self.assertEqual(modes, ["ro", "rw"])

    def test_review_link_spent_after_submitting(self):
        self.order_b.action_send_review_request()
        url = f"/review/{self.order_b.review_request_id.access_token}"
        self.authenticate(None, None)
        form = self.url_open(url)
        csrf = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        answer = self.url_open(url, data={"csrf_token": csrf, "score": "5"})
        self.assertIn("Thank you", answer.text)
        with self._cursor_modes() as modes:
            again = self.url_open(url)
        self.assertEqual(again.status_code, 409)
        self.assertEqual(modes, ["ro", "rw"])

    def test_staff_archive_then_list_on_the_primary(self):
        self.authenticate("admin", "admin")
        subjects, modes = self._list()
        self.assertIn("Late delivery", subjects)
        self.assertEqual(modes, ["ro"])
        # The archive button, its wizard saved, then confirmed.
        action, _modes = self._call(
            "customer.complaint",
            "action_archive",
            [[self.complaint_b.id]],
            route="call_button",
        )
        wizard, _modes = self._call(
            action["res_model"],
            "web_save",
            [[], {"reason": "Entered twice"}],
            {"specification": {}, "context": action["context"]},
        )
        _result, modes = self._call(
            action["res_model"],
            "action_archive_complaints",
            [[wizard[0]["id"]]],
            {"context": action["context"]},
            route="call_button",
        )
        self.assertEqual(modes, ["ro", "rw"])
        self.complaint_b.invalidate_recordset(["active"])
        self.assertFalse(self.complaint_b.active)
        subjects, modes = self._list()
        self.assertNotIn("Late delivery", subjects)
        self.assertEqual(modes, ["ro", "rw"])
        # The rest of Odoo keeps core's routing.
        _result, modes = self._call(
            "res.partner",
            "web_search_read",
            [],
            {"domain": [], "specification": {"name": {}}},
        )
        self.assertEqual(modes, ["ro"])

    def test_staff_save_then_read_on_the_primary(self):
        self.authenticate("admin", "admin")
        self._call(
            "customer.complaint",
            "web_save",
            [[self.complaint_b.id], {"subject": "Late delivery, twice"}],
            {"specification": {"subject": {}}},
        )
        result, modes = self._call(
            "customer.complaint",
            "web_read",
            [[self.complaint_b.id]],
            {"specification": {"subject": {}}},
        )
        self.assertEqual(result[0]["subject"], "Late delivery, twice")
        self.assertEqual(modes, ["ro", "rw"])

    def test_other_models_writes_leave_reads_on_the_replica(self):
        self.authenticate("admin", "admin")
        self._call("res.partner", "write", [[self.partner_b.id], {"phone": "+1 555"}])
        self.assertFalse(self._session_mark())
        _subjects, modes = self._list()
        self.assertEqual(modes, ["ro"])
