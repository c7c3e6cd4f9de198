from odoo.tests import tagged

from .test_portal import PortalCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestPortalHomeCard(PortalCase):
    """The Complaints card of the customer's /my: its counter, under the
    portal record rule, is sent to customers only (the card is then always
    shown, so that a customer with none can file the first one); internal
    users get none (test_internal_users_are_sent_to_the_back_office)."""

    def _counters(self):
        return self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count"]}
        )

    def test_counter_sent_with_no_complaint(self):
        self._new_portal_user("portal_c", "Carol Portal")
        self.authenticate("portal_c", "portal_c")
        self.assertEqual(self._counters(), {"complaint_count": 0})


@tagged("post_install", "-at_install", "customer_complaint", "customer_complaint_tour")
class TestPortalHomeTour(PortalCase):
    """Needs Chromium and the websocket-client package (else Odoo skips it)."""

    def test_card_leads_to_complaints_and_back(self):
        self._new_portal_user("portal_c", "Carol Portal")
        self.start_tour("/my", "customer_complaint_portal_home_tour", login="portal_c")

    def test_card_leads_to_own_complaint_and_back(self):
        self.start_tour(
            "/my", "customer_complaint_portal_home_complaint_tour", login="portal_a"
        )
