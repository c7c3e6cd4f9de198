import importlib.util
from contextlib import contextmanager
from unittest.mock import patch

import pytz

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import file_path


def reference_year(complaint):
    """The year of ``complaint``'s reception in its company's time zone
    (its calendar's), which dates its reference, whatever the UTC year."""
    tz = pytz.timezone(complaint.company_id.resource_calendar_id.tz or "UTC")
    return pytz.utc.localize(complaint.date_received).astimezone(tz).year


def load_migration(version, script):
    """The module of ``migrations/<version>/<script>.py``, to run its
    functions on a database of the test's making."""
    name = f"customer_complaint_migration_{version}_{script}"
    spec = importlib.util.spec_from_file_location(
        name.replace(".", "_").replace("-", "_"),
        file_path(f"customer_complaint/migrations/{version}/{script}.py"),
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CursorModesMixin:
    """For HttpCase: the cursors the requests open, "ro" (what a replica
    serves) or "rw" (the primary). HttpCase serves read-only routes on a
    read-only transaction (``SET TRANSACTION READ ONLY``): a write there fails
    and Odoo logs its retry on a read/write cursor, which fails the test."""

    @contextmanager
    def _recorded_cursors(self):
        modes = []
        original = self.env.registry.cursor

        def cursor(readonly=False):
            cr = original(readonly=readonly)
            modes.append("ro" if cr.readonly else "rw")
            return cr

        with patch.object(self.env.registry, "cursor", cursor):
            yield modes

    @contextmanager
    def _cursor_modes(self):
        """The cursors, and no retry of a read-only request on the primary."""
        with (
            self._recorded_cursors() as modes,
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            yield modes

    def _get(self, url):
        """GET ``url``: the response and the cursors it used."""
        with self._cursor_modes() as modes:
            response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200, url)
        return response, modes


class ComplaintCase(TransactionCase):
    """Users per group, a team, factories for complaints, reviews and other
    companies, and what the intake and notification tests look at.

    Query counts: ``with self.assertQueryCount(n)`` flushes before and after
    as a commit does (``cr.flush()``: tracking is counted), fails above ``n``
    and only logs below it. Under Odoo's runner each exceeded bound is a
    failed subtest; under pytest-odoo the first one fails the test. Warm the
    caches with a small batch first.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="cc_manager",
            groups="customer_complaint.group_complaint_manager",
            name="Complaint Manager",
        )
        cls.member = new_test_user(
            cls.env,
            login="cc_member",
            groups="customer_complaint.group_complaint_user",
            name="Team Member",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="cc_outsider",
            groups="customer_complaint.group_complaint_user",
            name="Other Team Member",
        )
        cls.team = cls.env["customer.complaint.team"].create(
            {
                "name": "Test Team",
                "user_id": cls.manager.id,
                "member_ids": [cls.member.id],
            }
        )
        cls.other_team = cls.env["customer.complaint.team"].create(
            {"name": "Other Team", "member_ids": [cls.outsider.id]}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Olena Kovalenko",
                "email": "olena@example.com",
                "phone": "+380441234567",
            }
        )
        cls.stages = {
            key: cls.env.ref(f"customer_complaint.stage_{key}")
            for key in (
                "new",
                "analysis",
                "corrective_action",
                "satisfaction_check",
                "closed",
                "rejected",
            )
        }
        cls.reason_duplicate = cls.env.ref("customer_complaint.reject_reason_duplicate")

    @classmethod
    def create_complaint(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "description": "<p>The sofa arrived with a torn cover.</p>",
            "channel": "phone",
            "team_id": cls.team.id,
        }
        vals.update(values)
        return cls.env["customer.complaint"].create(vals)

    @classmethod
    def create_reviews(cls, scores, **values):
        """Reviews of the customer, one per score, in one batch."""
        return cls.env["customer.review"].create(
            [
                {"partner_id": cls.customer.id, "score": score, **values}
                for score in scores
            ]
        )

    @classmethod
    def setup_review_intake(cls, **values):
        """Reviews scored 3 or less become complaints of the test team; the
        manager is told by one message per batch; owners react within 2 days."""
        cls.company.write(
            {
                "complaint_review_threshold": 3,
                "complaint_default_team_id": cls.team.id,
                "complaint_notify_user_ids": [Command.set(cls.manager.ids)],
                "complaint_notify_group_ids": [Command.clear()],
                "complaint_notify_mode": "message",
                "complaint_reaction_days": 2,
                **values,
            }
        )

    @classmethod
    def create_company(cls, name):
        """Another company (the addon gives it its team, sequence and survey)."""
        return cls.env["res.company"].create({"name": name})

    @classmethod
    def create_company_manager(cls, company, login, **values):
        """A complaint manager who works for ``company`` only."""
        return new_test_user(
            cls.env,
            login=login,
            groups="customer_complaint.group_complaint_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    def run_commit_hooks(self):
        """What a commit runs before committing: tracking messages."""
        self.env.flush_all()
        self.env.cr.flush()

    def staff_messages(self, user=None):
        """The "new complaints" messages that reached ``user`` (the manager)."""
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", (user or self.manager).partner_id.id),
                ("subject", "=like", "New complaints:%"),
            ]
        )

    def owner_activities(self, complaints):
        """The owners' "react to the complaint" activities of ``complaints``."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "in", complaints.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("customer_complaint.mail_activity_type_react").id,
                ),
            ]
        )

    def render_causes_report(self, wizard):
        """The causes report of ``wizard`` as HTML, as its preview shows it."""
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_complaint.action_report_causes_resolutions", wizard.ids
            )[0]
            .decode()
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """assertRaisesRegex that rolls back what the failed call wrote
        (Odoo's assertRaises does, unittest's assertRaisesRegex does not)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)
