"""Generated bad input against the public endpoints, over real HTTP.

``hypothesis`` builds the payloads: the review page (``/review/<token>``) gets
random scores, comments, extra fields and forged tokens; the portal form
(``/my/complaints/new``) random subjects, descriptions, order ids and files.
For every payload: never a 500, and the database holds exactly what an
accepted submission writes (one review, one complaint, its photos) or nothing
at all. Then HTML and scripts typed by customers: stored sanitized, rendered
escaped, read back sanitized by the backend.

Runs in well under 90 s: one session and CSRF token per endpoint, examples are
derandomized (the same ones every run; ``CC_FUZZ_RANDOM=1`` for new ones).
Every review payload is posted on the page's own link, and first on its forged
link when the example draws one: 100 examples check the accepted and refused
submissions more often than 600 did with a single post each (most of those
spent on a forged link). ``CC_FUZZ_REVIEW_EXAMPLES`` and
``CC_FUZZ_PORTAL_EXAMPLES`` (default 200) ask for longer runs.
``hypothesis`` is a test-only library (requirements-dev.txt): without it the
two fuzzing tests are skipped, the markup tests still run.
"""

import base64
import os
import re
from datetime import timedelta
from unittest import skipIf
from urllib.parse import quote

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.mimetypes import guess_mimetype

from ..controllers.portal import MAX_SUBJECT_LENGTH, PHOTO_MIMETYPES

try:
    from hypothesis import HealthCheck, Phase, example, given, settings
    from hypothesis import strategies as st
except ImportError:  # a test-only library: the fuzzing skips, the rest runs
    st = None

needs_hypothesis = skipIf(
    st is None, "hypothesis is not installed (pip install -r requirements-dev.txt)"
)

REVIEW_EXAMPLES = int(os.environ.get("CC_FUZZ_REVIEW_EXAMPLES", 100))
PORTAL_EXAMPLES = int(os.environ.get("CC_FUZZ_PORTAL_EXAMPLES", 200))

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XSS = (
    '<script>alert("cc-xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href=\"javascript:alert('x')\">click</a>",
    "{{ 7*7 }} <t t-out='1'/> ${7*7}",
)
# Raw markup that must never reach a page unescaped.
RAW_MARKERS = ('<script>alert("cc-xss")', "<img src=x onerror", "<svg onload")

# The payloads, when hypothesis is there.
if st is not None:
    FUZZ_SETTINGS = {
        "deadline": None,
        "database": None,
        "derandomize": not os.environ.get("CC_FUZZ_RANDOM"),
        "suppress_health_check": list(HealthCheck),
        # No shrinking: a failure is reported at once with its payload, so the
        # test stays within its time budget even when it finds something.
        "phases": [Phase.explicit, Phase.reuse, Phase.generate],
    }
    texts = st.one_of(
        st.text(max_size=300),
        st.sampled_from(XSS),
        st.sampled_from(["", " ", "\t\n", "\x00", "é" * 5, "Late again"]),
    )
    scores = st.one_of(
        st.sampled_from(["1", "2", "3", "4", "5", " 3 ", "03"]),
        st.integers(min_value=-20, max_value=20).map(str),
        st.sampled_from(["", "3.5", "abc", "1e0", "+3", "\u00b2", "\u0663", "5\x00"]),
        st.floats(allow_nan=True).map(str),
        st.text(max_size=10),
        st.none(),
    )
    extra_fields = st.dictionaries(
        st.one_of(
            st.sampled_from(
                [
                    "partner_id",
                    "sale_order_id",
                    "company_id",
                    "review_request_id",
                    "channel",
                    "kwargs",
                    "lang",
                ]
            ),
            st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
            # "self" is left out: Odoo's route wrapper itself takes a ``self`` and
            # answers 500 to any route given that field (core, not this addon).
        ).filter(
            lambda k: k not in ("csrf_token", "score", "comment", "token", "self")
        ),
        st.text(max_size=30),
        max_size=4,
    )


def score_is_valid(score):
    """The page takes a whole number 1..5 in ASCII digits, spaces around
    allowed ('\u0663', an Arabic-Indic 3, and '\u00b2' are refused)."""
    if score is None or not re.fullmatch(r"\s*[0-9]{1,3}\s*", score):
        return False
    return 1 <= int(score) <= 5


def order_id_of(value):
    """The order id the portal form reads: ASCII digits (at most 9), else
    none; like the browser's form, "0" means no order."""
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else 0


@tagged("post_install", "-at_install", "customer_complaint")
class TestFuzzPublic(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_review_threshold = 3
        cls.portal = new_test_user(
            cls.env,
            login="fuzz_portal",
            password="fuzz_portal",
            name="Fuzz Portal",
            email="fuzz_portal@example.com",
            groups="base.group_portal",
        )
        cls.other = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.product = cls.env["product.product"].create({"name": "Fuzz Chair"})
        cls.order = cls._confirmed_order(cls.portal.partner_id)
        cls.other_order = cls._confirmed_order(cls.other)
        cls.Complaint = cls.env["customer.complaint"]
        cls.Review = cls.env["customer.review"]
        cls.Attachment = cls.env["ir.attachment"]

    @classmethod
    def _confirmed_order(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        return order

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _fresh_token(self):
        """A new, unused link on the order (the fuzzing spends many)."""
        rating = self.env["rating.rating"]._create_review_requests(self.order)
        rating.review_request_expiry = fields.Datetime.now() + timedelta(days=7)
        self.order.review_request_id = rating
        self.env.flush_all()
        return rating.access_token

    def _counts(self):
        self.env.invalidate_all()
        return (
            self.Review.search_count([]),
            self.Complaint.search_count([]),
            self.Attachment.search_count([("res_model", "=", "customer.complaint")]),
        )

    def _assert_escaped(self, response):
        for marker in RAW_MARKERS:
            self.assertNotIn(marker, response.text)

    def _review_csrf(self, token):
        page = self.url_open(f"/review/{token}")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    # ------------------------------------------------------------------
    # /review/<token>
    # ------------------------------------------------------------------

    def _check_review_post(self, url_token, token, score, data, stats):
        """Post ``data`` to the review page of ``url_token`` (``token`` is
        the order's real link): 404 for a forged link, 400 for a bad score,
        else the review (and a complaint when low) and nothing else."""
        before = self._counts()
        response = self.url_open(
            "/review/" + quote(url_token, safe=""), data=data, allow_redirects=False
        )
        after = self._counts()
        self.assertNotEqual(response.status_code, 500, (url_token, data))
        self._assert_escaped(response)
        valid = url_token == token and score_is_valid(score)
        if url_token != token:
            self.assertEqual(response.status_code, 404, (url_token, data))
        elif valid:
            self.assertEqual(response.status_code, 200, data)
        else:
            self.assertEqual(response.status_code, 400, data)
        self.env.invalidate_all()
        if valid:
            stats["accepted"] += 1
            self.assertIn("Thank you", response.text)
            review = self.Review.search([], limit=1, order="id desc")
            self.assertEqual(review.sale_order_id, self.order)
            self.assertEqual(review.score, int(score))
            self.assertEqual(review.partner_id, self.portal.partner_id)
            self.assertEqual(review.channel, "website")
            # Markup is reduced to its text; a lone "<" typed is text too.
            for marker in ("<script", "<img", "<svg"):
                self.assertNotIn(marker, review.comment or "")
            low = review.score <= 3
            if low and review.complaint_id.description:
                # The complaint shows the comment as escaped paragraphs.
                tags = re.findall(
                    r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)",
                    review.complaint_id.description,
                )
                self.assertLessEqual(set(tags), {"p", "br"})
            self.assertEqual(after[0], before[0] + 1)
            self.assertEqual(after[1], before[1] + int(low))
            self.assertEqual(bool(review.complaint_id), low)
            self.assertTrue(self.order.review_request_done)
        else:
            self.assertEqual(after, before, (url_token, data))
            self.assertFalse(self.order.review_request_done)

    @needs_hypothesis
    @mute_logger("odoo.http", "odoo.addons.base.models.ir_http")
    def test_fuzz_review_page(self):
        csrf = self._review_csrf(self._fresh_token())
        stats = {"examples": 0, "accepted": 0}

        @settings(max_examples=REVIEW_EXAMPLES, **FUZZ_SETTINGS)
        @given(
            forged=st.one_of(
                st.none(),
                # "/" would change the route (Odoo redirects "//"), not the token.
                st.text(max_size=60).filter(lambda t: t.strip(".") and "/" not in t),
                st.from_regex(r"[A-Za-z0-9_-]{43}", fullmatch=True),
            ),
            score=scores,
            comment=st.one_of(st.none(), texts),
            extra=extra_fields,
        )
        # Always tried, whatever the generation draws.
        @example(forged=None, score="\u00b2", comment=None, extra={})
        @example(forged=None, score="2", comment="a\x00b<script>x</script>", extra={})
        @example(forged=None, score="4", comment=None, extra={"token": "x" * 43})
        def check(forged, score, comment, extra):
            stats["examples"] += 1
            token = self._fresh_token()
            data = dict(extra, csrf_token=csrf)
            if score is not None:
                data["score"] = score
            if comment is not None:
                data["comment"] = comment
            if forged is not None:
                # The same payload on a forged link first: refused, nothing
                # written, the page's own link still unused.
                self._check_review_post(forged, token, score, data, stats)
            self._check_review_post(token, token, score, data, stats)

        check()
        self.assertGreaterEqual(stats["examples"], min(REVIEW_EXAMPLES, 100))
        self.assertTrue(stats["accepted"])

    # ------------------------------------------------------------------
    # /my/complaints/new
    # ------------------------------------------------------------------

    @needs_hypothesis
    @mute_logger("odoo.http", "odoo.addons.base.models.ir_http")
    def test_fuzz_portal_new_complaint(self):
        self.authenticate("fuzz_portal", "fuzz_portal")
        csrf = http.Request.csrf_token(self)
        own, foreign = str(self.order.id), str(self.other_order.id)
        stats = {"examples": 0, "accepted": 0}
        files_strategy = st.lists(
            st.tuples(
                st.one_of(
                    st.sampled_from(
                        [
                            "photo.png",
                            "../../etc/passwd.png",
                            "<b>x</b>.gif",
                            "é.jpg",
                            "nul\x00.png",
                        ]
                    ),
                    st.from_regex(r"[A-Za-z0-9 ._-]{1,20}", fullmatch=True),
                ),
                st.one_of(
                    st.sampled_from([PNG, GIF, SVG, b"plain text", b"%PDF-1.4"]),
                    st.binary(max_size=64),
                ),
            ),
            max_size=3,
        )

        @settings(max_examples=PORTAL_EXAMPLES, **FUZZ_SETTINGS)
        @given(
            subject=st.one_of(texts, st.text(min_size=195, max_size=205)),
            description=texts,
            order_id=st.one_of(
                st.sampled_from([own, foreign, "", "0", "-1", "99999999", "\u00b2"]),
                st.integers(min_value=-5, max_value=10**12).map(str),
                st.text(max_size=8),
            ),
            photos=files_strategy,
            extra=extra_fields,
        )
        @example(subject="\x00", description="d", order_id="", photos=[], extra={})
        @example(subject="s", description="d", order_id="\u00b2", photos=[], extra={})
        @example(
            subject="s", description="d", order_id="", photos=[("a.svg", SVG)], extra={}
        )
        # Accepted on the customer's own order, with photos of two kinds.
        @example(
            subject="Chair",
            description="Broken leg",
            order_id=own,
            photos=[("photo.png", PNG), ("photo.gif", GIF)],
            extra={"partner_id": foreign},
        )
        def check(subject, description, order_id, photos, extra):
            stats["examples"] += 1
            data = dict(
                extra,
                csrf_token=csrf,
                subject=subject,
                description=description,
                order_id=order_id,
            )
            files = [("photos", (name, content)) for name, content in photos]
            before = self._counts()
            response = self.url_open(
                "/my/complaints/new", data=data, files=files or None
            )
            after = self._counts()
            self.assertNotEqual(response.status_code, 500, data)
            self._assert_escaped(response)
            order_digits = bool(order_id_of(order_id))
            foreign_order = order_digits and order_id_of(order_id) != int(own)
            photos_ok = all(
                content and guess_mimetype(content[:1024]) in PHOTO_MIMETYPES
                for _name, content in photos
            )
            valid = bool(
                not foreign_order
                and subject.strip()
                and len(subject.strip()) <= MAX_SUBJECT_LENGTH
                and description.strip()
                and photos_ok
            )
            # A NUL character cannot be stored by PostgreSQL: dropping it or
            # refusing the form are both fine, a 500 is not.
            has_nul = "\x00" in subject + description + "".join(n for n, _c in photos)
            accepted = response.status_code == 200 and "created=1" in response.url
            if foreign_order:
                self.assertEqual(response.status_code, 403, data)
            elif has_nul:
                self.assertIn(response.status_code, (200, 400), data)
            elif not valid:
                self.assertEqual(response.status_code, 400, data)
            else:
                self.assertTrue(accepted, (response.status_code, data))
            if accepted:
                stats["accepted"] += 1
                complaint = self.Complaint.search([], limit=1, order="id desc")
                self.assertEqual(complaint.partner_id, self.portal.partner_id)
                self.assertIn(
                    complaint.subject,
                    (subject.strip(), subject.replace("\x00", "").strip()),
                )
                self.assertEqual(
                    complaint.sale_order_id.id, self.order.id if order_digits else False
                )
                self.assertEqual(after[0], before[0])
                self.assertEqual(after[1], before[1] + 1)
                self.assertEqual(after[2], before[2] + len(photos))
                self.assertNotIn("<script", complaint.description or "")
            else:
                self.assertEqual(after, before, data)

        check()
        self.assertGreaterEqual(stats["examples"], min(PORTAL_EXAMPLES, 100))
        self.assertTrue(stats["accepted"])

    # ------------------------------------------------------------------
    # Markup typed by customers
    # ------------------------------------------------------------------

    def test_portal_markup_is_stored_sanitized_and_rendered_escaped(self):
        self.authenticate("fuzz_portal", "fuzz_portal")
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": XSS[0],
                "description": f"{XSS[1]}\n{XSS[2]}",
                "order_id": self.order.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("created=1", response.url)
        self._assert_escaped(response)
        self.assertIn("&lt;script&gt;", response.text)
        complaint = self.Complaint.search([], limit=1, order="id desc")
        self.assertEqual(complaint.subject, XSS[0])
        self.assertNotIn("<img", complaint.description)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", complaint.description)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self._assert_escaped(listing)
        # The backend reads what is stored: text, no live markup.
        manager = new_test_user(
            self.env,
            login="fuzz_manager",
            groups="customer_complaint.group_complaint_manager",
        )
        values = complaint.with_user(manager).web_read(
            {"subject": {}, "description": {}}
        )[0]
        self.assertNotIn("<img", values["description"])
        self.assertNotIn("<svg", values["description"])

    def test_backend_html_is_sanitized(self):
        complaint = self.Complaint.create(
            {
                "partner_id": self.portal.partner_id.id,
                "channel": "phone",
                "description": "<p>ok</p>" + "".join(XSS),
            }
        )
        html = complaint.read(["description"])[0]["description"]
        self.assertIn("<p>ok</p>", html)
        for needle in ("<script", "onerror", "onload", 'href="javascript'):
            self.assertNotIn(needle, html)

    def test_review_markup_is_reduced_to_text(self):
        token = self._fresh_token()
        csrf = self._review_csrf(token)
        response = self.url_open(
            f"/review/{token}",
            data={"csrf_token": csrf, "score": "1", "comment": "".join(XSS) + "Bad"},
        )
        self.assertEqual(response.status_code, 200)
        review = self.Review.search([("sale_order_id", "=", self.order.id)])
        self.assertNotIn("<", review.comment)
        self.assertTrue(review.comment.endswith("Bad"))
        for needle in ("<script", "<img", "<svg", "onerror"):
            self.assertNotIn(needle, review.complaint_id.description)

    @mute_logger("odoo.http")
    def test_unicode_digits(self):
        """``str.isdigit`` is true for '²', which ``int`` refuses: the score
        and the order id must answer 400 / ignore it, not 500."""
        token = self._fresh_token()
        csrf = self._review_csrf(token)
        response = self.url_open(
            f"/review/{token}", data={"csrf_token": csrf, "score": "\u00b2"}
        )
        self.assertEqual(response.status_code, 400)
        self.authenticate("fuzz_portal", "fuzz_portal")
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Chair",
                "description": "Broken",
                "order_id": "\u00b2",
            },
        )
        self.assertNotEqual(response.status_code, 500)
        self.assertFalse(self.Review.search([("sale_order_id", "=", self.order.id)]))
