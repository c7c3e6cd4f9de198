"""The resolution proposed to the customer and their answer in the portal."""

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase
from .test_portal import PortalCase

RESOLUTION = "A new cover, sewn at our expense within a week."
WORDS = "A new cover will not do: the frame is cracked too."


def proposal_mails(complaint, partner):
    return complaint.env["mail.mail"].search(
        [
            ("model", "=", "customer.complaint"),
            ("res_id", "=", complaint.id),
            ("recipient_ids", "in", partner.ids),
            ("subject", "ilike", complaint.name),
            ("subject", "not ilike", "received"),
        ]
    )


@tagged("post_install", "-at_install", "customer_complaint")
class TestProposal(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.create_complaint(
            user_id=cls.member.id, subject="Torn sofa", resolution=RESOLUTION
        )
        cls.complaint.stage_id = cls.stages["analysis"]

    def _propose(self, complaint=None, user=None):
        complaint = complaint or self.complaint
        return complaint.with_user(user or self.member).action_propose_resolution()

    def _todos(self, complaint=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "=", (complaint or self.complaint).id),
                ("summary", "=like", "Resolution %"),
            ]
        )

    def test_propose_emails_the_customer_in_their_language(self):
        self.env["res.lang"]._activate_lang("uk_UA")
        template = self.env.ref("customer_complaint.mail_template_complaint_proposal")
        template.update_field_translations(
            "subject",
            {"uk_UA": "{{ object.name }}: наша пропозиція щодо вашої рекламації"},
        )
        body = str(template.body_html).replace(
            "Answer our proposal", "Відповісти на нашу пропозицію"
        )
        template.update_field_translations("body_html", {"uk_UA": body})
        self.customer.lang = "uk_UA"
        self._propose()
        complaint = self.complaint
        self.assertEqual(complaint.proposal_state, "proposed")
        self.assertEqual(complaint.proposed_resolution, RESOLUTION)
        self.assertTrue(complaint.date_proposed)
        self.assertEqual(complaint.proposal_user_id, self.member)
        mail = proposal_mails(complaint, self.customer)
        self.assertEqual(len(mail), 1)
        self.assertEqual(
            mail.subject, f"{complaint.name}: наша пропозиція щодо вашої рекламації"
        )
        body = str(mail.body_html)
        self.assertIn("Відповісти на нашу пропозицію", body)
        self.assertIn(RESOLUTION, body)
        self.assertIn(f"access_token={complaint.access_token}", body)
        # Logged in the chatter, as sent by the member.
        self.assertEqual(mail.mail_message_id.author_id, self.member.partner_id)
        self.assertIn(mail.mail_message_id, complaint.message_ids)

    def test_only_open_complaints_with_resolution_and_email(self):
        no_resolution = self.create_complaint(user_id=self.member.id)
        no_email = self.create_complaint(
            user_id=self.member.id,
            partner_id=self.env["res.partner"].create({"name": "No Email"}).id,
            resolution=RESOLUTION,
        )
        for complaint, regex in (
            (no_resolution, "no resolution"),
            (no_email, "no customer email"),
        ):
            with self.subTest(regex=regex), self.assertRefused(UserError, regex):
                self._propose(complaint)
            self.assertEqual(complaint.proposal_state, "none")
        # A complaint user of another team may not write the complaint.
        with self.assertRaises(AccessError):
            self._propose(user=self.outsider)
        self.assertEqual(self.complaint.proposal_state, "none")

    def test_accept(self):
        self._propose()
        self.complaint._portal_answer_proposal(True)
        complaint = self.complaint
        self.assertEqual(complaint.proposal_state, "accepted")
        self.assertTrue(complaint.date_proposal_answered)
        self.assertFalse(complaint.proposal_refusal_reason)
        message = complaint.message_ids[0]
        self.assertEqual(message.author_id, self.customer)
        self.assertIn("I accept the proposed resolution.", str(message.body))
        todo = self._todos()
        self.assertEqual(todo.summary, "Resolution accepted")
        self.assertEqual(todo.user_id, self.member)
        # Accepted: nothing more to propose.
        with self.assertRefused(UserError, "already accepted"):
            self._propose()

    def test_refuse_then_a_new_round(self):
        self._propose()
        self.complaint._portal_answer_proposal(False, f"  {WORDS}\n")
        complaint = self.complaint
        self.assertEqual(complaint.proposal_state, "refused")
        self.assertEqual(complaint.proposal_refusal_reason, WORDS)
        message = complaint.message_ids[0]
        self.assertEqual(message.author_id, self.customer)
        self.assertFalse(message.subtype_id.internal)
        self.assertIn(WORDS, str(message.body))
        todo = self._todos()
        self.assertEqual(todo.user_id, self.member)
        self.assertTrue(todo.summary.startswith("Resolution refused: A new cover"))
        self.assertLessEqual(len(todo.summary), 90)
        self.assertIn(WORDS, str(todo.note))
        # The owner changes the resolution and proposes again.
        complaint.resolution = "The sofa is replaced."
        self._propose()
        self.assertEqual(complaint.proposal_state, "proposed")
        self.assertEqual(complaint.proposed_resolution, "The sofa is replaced.")
        self.assertFalse(complaint.proposal_refusal_reason)
        self.assertFalse(complaint.date_proposal_answered)
        self.assertEqual(len(proposal_mails(complaint, self.customer)), 2)

    def test_bad_answers_write_nothing(self):
        complaint = self.complaint
        with self.assertRefused(UserError, "no proposed resolution"):
            complaint._portal_answer_proposal(True)
        self._propose()
        self.run_commit_hooks()  # the tracking of the proposal
        messages = complaint.message_ids
        for words in (None, "", "  \n ", "\x00", 42, "x" * 5001):
            with (
                self.subTest(words=str(words)[:10]),
                self.assertRefused(UserError, "few words|under 5000"),
            ):
                complaint._portal_answer_proposal(False, words)
        complaint._portal_answer_proposal(False, WORDS)
        # Answering twice fails.
        for accepted in (True, False):
            with self.assertRefused(UserError, "no proposed resolution"):
                complaint._portal_answer_proposal(accepted, "Changed my mind")
        self.assertEqual(complaint.proposal_state, "refused")
        self.assertEqual(complaint.proposal_refusal_reason, WORDS)
        self.run_commit_hooks()
        self.assertEqual(len(complaint.message_ids - messages), 1)
        self.assertEqual(len(self._todos()), 1)
        # A closed complaint's proposal is not answered any more.
        other = self.create_complaint(user_id=self.member.id, resolution=RESOLUTION)
        self._propose(other)
        other.write({"outcome": "upheld", "stage_id": self.stages["closed"].id})
        with self.assertRefused(UserError, "no proposed resolution"):
            other._portal_answer_proposal(True)
        with self.assertRefused(UserError, "is closed"):
            self._propose(other)

    def test_users_cannot_write_the_proposal(self):
        for user in (self.member, self.manager):
            for fname, value in (
                ("proposal_state", "accepted"),
                ("proposed_resolution", "Anything"),
                ("date_proposed", "2026-01-01 10:00:00"),
                ("proposal_refusal_reason", "Forged"),
                ("proposal_user_id", user.id),
            ):
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRefused(UserError, "kept by the application"),
                ):
                    self.complaint.with_user(user).write({fname: value})
        self.assertEqual(self.complaint.proposal_state, "none")
        Complaint = self.env["customer.complaint"].with_user(self.member)
        with self.assertRefused(UserError, "kept by the application"):
            Complaint.create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "proposal_state": "accepted",
                }
            )
        # What the web client sends for a new complaint: the default.
        created = Complaint.create(
            {
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "proposal_state": "none",
            }
        )
        self.assertEqual(created.proposal_state, "none")


@tagged("post_install", "-at_install", "customer_complaint")
class TestProposalRpc(ComplaintCase, HttpCase):
    def test_rpc_cannot_write_nor_answer(self):
        complaint = self.create_complaint(user_id=self.member.id, resolution=RESOLUTION)
        self.authenticate("cc_member", "cc_member")
        for method, args, error in (
            ("write", [[complaint.id], {"proposal_state": "accepted"}], "UserError"),
            # Private: the portal routes call it after their access check.
            ("_portal_answer_proposal", [[complaint.id], True], "AccessError"),
        ):
            with (
                self.subTest(method=method),
                self.assertRaisesRegex(JsonRpcException, error),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "customer.complaint",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.proposal_state, "none")


class ProposalPortalCase(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.env.ref("base.user_admin")
        cls.complaint_a.write({"user_id": cls.owner.id, "resolution": RESOLUTION})
        cls.complaint_a.action_propose_resolution()

    def _url(self, answer, complaint=None):
        return f"/my/complaints/{(complaint or self.complaint_a).id}/proposal/{answer}"

    def _post(self, answer, complaint=None, **data):
        values = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open(
            self._url(answer, complaint), data=values, allow_redirects=False
        )

    def _owner_todos(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "=", self.complaint_a.id),
                ("user_id", "=", self.owner.id),
                ("summary", "=like", "Resolution %"),
            ]
        )


@tagged("post_install", "-at_install", "customer_complaint")
class TestProposalPortal(ProposalPortalCase):
    def test_accept_as_the_portal_customer(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_complaint_proposal_accept", page.text)
        self.assertIn(RESOLUTION, page.text)
        response = self._post("accept")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("proposal_answered=1", response.headers["Location"])
        self.assertEqual(self.complaint_a.proposal_state, "accepted")
        self.assertEqual(self.complaint_a.message_ids[0].author_id, self.partner_a)
        self.assertEqual(self._owner_todos().summary, "Resolution accepted")
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn("Thank you for your answer", page.text)
        self.assertIn("You accepted this resolution", page.text)
        self.assertNotIn("o_complaint_proposal_accept", page.text)
        self.assertNotIn("refusal_reason", page.text)
        # Answering twice: refused, with a message, never a 500.
        response = self._post("refuse", refusal_reason=WORDS)
        self.assertEqual(response.status_code, 400)
        self.assertIn("no proposed resolution waiting", response.text)
        self.assertEqual(self.complaint_a.proposal_state, "accepted")

    def test_refuse_with_the_emailed_link(self):
        """Without a session: the token of the email opens the page and
        answers; the words are the customer's message."""
        token = self.complaint_a.access_token
        self.authenticate(None, None)
        page = self.url_open(
            f"/my/complaints/{self.complaint_a.id}?access_token={token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'name="access_token" value="{token}"', page.text)
        response = self._post("refuse", access_token=token, refusal_reason=WORDS)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.complaint_a.proposal_state, "refused")
        self.assertEqual(self.complaint_a.proposal_refusal_reason, WORDS)
        message = self.complaint_a.message_ids[0]
        self.assertEqual(message.author_id, self.partner_a)
        self.assertIn(WORDS, str(message.body))
        self.assertIn(WORDS, str(self._owner_todos().note))
        page = self.url_open(response.headers["Location"])
        self.assertIn("o_complaint_refusal_reason", page.text)
        self.assertIn(WORDS, page.text)
        self.assertNotIn("o_complaint_proposal_accept", page.text)

    def test_empty_words_rejected(self):
        self.authenticate("portal_a", "portal_a")
        messages = self.complaint_a.message_ids
        for data in ({}, {"refusal_reason": "   "}, {"refusal_reason": "x" * 5001}):
            with self.subTest(data=str(data)[:30]):
                response = self._post("refuse", **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("o_complaint_proposal_error", response.text)
                # The form is shown again, with what was typed.
                self.assertIn("o_complaint_proposal_refuse", response.text)
        self.complaint_a.invalidate_recordset()
        self.assertEqual(self.complaint_a.proposal_state, "proposed")
        self.assertEqual(self.complaint_a.message_ids, messages)
        self.assertFalse(self._owner_todos())

    @mute_logger("odoo.http")
    def test_other_customer_cannot_answer(self):
        self.authenticate("portal_b", "portal_b")
        for data in ({}, {"access_token": "wrong"}):
            with self.subTest(data=data):
                response = self._post("accept", **data)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(RESOLUTION, response.text)
        # Nor without a session, with a wrong token.
        self.authenticate(None, None)
        response = self._post("refuse", access_token="wrong", refusal_reason=WORDS)
        self.assertEqual(response.status_code, 404)
        self.complaint_a.invalidate_recordset()
        self.assertEqual(self.complaint_a.proposal_state, "proposed")
        self.assertFalse(self._owner_todos())

    @mute_logger("odoo.http")
    def test_csrf_and_post_required(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(
            self._url("accept"), data={"csrf_token": "invalid"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        response = self.url_open(self._url("accept"), allow_redirects=False)
        self.assertEqual(response.status_code, 405)
        self.complaint_a.invalidate_recordset()
        self.assertEqual(self.complaint_a.proposal_state, "proposed")


@tagged("post_install", "-at_install", "customer_complaint", "customer_complaint_tour")
class TestProposalTour(ProposalPortalCase):
    """Needs Chromium (else Odoo skips it)."""

    def test_proposal_tour(self):
        self.start_tour(
            f"/my/complaints/{self.complaint_a.id}",
            "customer_complaint_proposal_tour",
            login="portal_a",
        )
        self.assertEqual(self.complaint_a.proposal_state, "refused")
        self.assertEqual(
            self.complaint_a.proposal_refusal_reason,
            "The lamp base is still scratched.",
        )
