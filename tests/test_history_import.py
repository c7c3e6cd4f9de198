"""Importing history: closed complaints a manager imports keep their dates,
and what was not recorded then (outcome, resolution, response dates) is
accepted as "Not Recorded" and counted as unknown, instead of the rules made
for new work refusing the whole file."""

import csv
import io
import random
import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestHistoryImport(ComplaintCase):
    """An import of history through load(), as a complaint manager: closed
    complaints with their closing date, compared with the same rows open."""

    ROWS = 300

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.tz = "UTC"
        rng = random.Random(14)
        now = fields.Datetime.now()
        start = now - timedelta(days=3 * 365)
        partners = cls.env["res.partner"].create(
            [{"name": f"Imported Customer {index}"} for index in range(20)]
        )
        cls.rows = []
        for index in range(cls.ROWS):
            received = start + timedelta(minutes=rng.randrange(60 * 24 * 1050))
            closed = received + timedelta(hours=rng.randrange(2, 24 * 30))
            cls.rows.append(
                {
                    "partner": str(partners[index % 20].id),
                    "subject": f"Imported complaint {index}",
                    "description": f"<p>What happened, number {index}.</p>",
                    "channel": rng.choice(["phone", "email", "in_person"]),
                    "received": fields.Datetime.to_string(received),
                    "closed": fields.Datetime.to_string(closed)
                    if rng.random() < 0.58
                    else "",
                }
            )

    def _import(self, history):
        columns = ["partner_id/.id", "subject", "description", "channel"]
        columns += ["date_received", "team_id/.id"]
        if history:
            columns += ["stage_id/.id", "date_closed", "resolution", "outcome"]
        closed_stage = str(self.stages["closed"].id)
        data = []
        for row in self.rows:
            line = [row["partner"], row["subject"], row["description"]]
            line += [row["channel"], row["received"], str(self.team.id)]
            if history:
                line += (
                    [closed_stage, row["closed"], "Settled.", "upheld"]
                    if row["closed"]
                    else ["", "", "", ""]
                )
            data.append(line)
        Complaint = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .with_context(import_file=True, tz="UTC")
        )
        self.env.flush_all()
        self.env.invalidate_all()
        queries, started = self.env.cr.sql_log_count, time.perf_counter()
        result = Complaint.load(columns, data)
        self.env.flush_all()
        self.env.cr.precommit.run()
        seconds = time.perf_counter() - started
        self.assertFalse(result["messages"], result["messages"][:3])
        return (
            seconds,
            self.env.cr.sql_log_count - queries,
            self.env["customer.complaint"].browse(result["ids"]),
        )

    def test_history_import_keeps_dates_and_costs_as_the_open_one(self):
        open_seconds, open_queries, _opened = self._import(history=False)
        seconds, queries, complaints = self._import(history=True)
        for row, complaint in zip(self.rows, complaints, strict=True):
            if row["closed"]:
                self.assertEqual(
                    fields.Datetime.to_string(complaint.date_closed), row["closed"]
                )
                self.assertTrue(complaint.is_closed)
                self.assertFalse(complaint.user_id)
            else:
                self.assertEqual(complaint.stage_id, self.stages["new"])
                self.assertTrue(complaint.user_id)
                self.assertFalse(complaint.date_closed)
        # One existence check per relational cell (Odoo's load), the rules
        # and the reference per complaint (300 rows: 3,295 measured, 4,636
        # when open, notified and acknowledged).
        cells = 3 * self.ROWS
        self.assertLess(queries, cells + 13 * self.ROWS, queries)
        self.assertLess(open_queries, cells + 13 * self.ROWS, open_queries)
        self.assertLessEqual(seconds, 3 * open_seconds, (seconds, open_seconds))


class NotRecordedCase(ComplaintCase):
    """A register's export as a user imports it on Odoo's Import screen:
    a customer name, a subject, a description, a channel's label, the
    reception date, the stage's name and, for some closed ones, when they
    were closed; no outcome, resolution or response date."""

    HEADER = ["Customer", "Subject", "Description", "Channel", "Received", "Stage"]
    HEADER += ["Closed On"]
    FIELDS = ["partner_id", "subject", "description", "channel", "date_received"]
    FIELDS += ["stage_id", "date_closed"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.tz = cls.member.tz = "UTC"
        names = [f"Register Customer {index}" for index in range(5)]
        cls.env["res.partner"].create([{"name": name} for name in names])
        now = fields.Datetime.now().replace(microsecond=0)
        cls.rows = []
        # 30 closed (10 with a closing date), 10 open: the register's share.
        for index in range(40):
            received = now - timedelta(days=400 - 9 * index)
            closed = index < 30
            cls.rows.append(
                [
                    names[index % 5],
                    f"Register complaint {index}",
                    f"What happened, number {index}.",
                    "Phone",
                    fields.Datetime.to_string(received),
                    "Closed" if closed else "New",
                    fields.Datetime.to_string(received + timedelta(days=6))
                    if closed and index % 3 == 0
                    else "",
                ]
            )

    def import_rows(self, user, rows=None, header=None, field_names=None):
        """Odoo's Import screen (base_import) on a CSV file, as ``user``:
        its result, the complaints created."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header or self.HEADER)
        writer.writerows(self.rows if rows is None else rows)
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .create(
                {
                    "res_model": "customer.complaint",
                    "file": buffer.getvalue().encode(),
                    "file_name": "register.csv",
                    "file_type": "text/csv",
                }
            )
        )
        options = {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "encoding": "utf-8",
            "date_format": "%Y-%m-%d",
            "datetime_format": "%Y-%m-%d %H:%M:%S",
        }
        result = wizard.execute_import(
            field_names or self.FIELDS, header or self.HEADER, options
        )
        return result, self.env["customer.complaint"].browse(result.get("ids") or [])


@tagged("post_install", "-at_install", "customer_complaint")
class TestHistoryNotRecorded(NotRecordedCase):
    def setUp(self):
        super().setUp()
        if "base_import.import" not in self.env:
            self.skipTest("base_import is not installed")

    def test_closed_rows_without_outcome_imported_as_not_recorded(self):
        result, complaints = self.import_rows(self.manager)
        self.assertFalse(result["messages"], result["messages"][:3])
        self.assertEqual(len(complaints), 40)
        history = complaints.filtered("is_history")
        self.assertEqual(history, complaints.filtered("is_closed"))
        self.assertEqual(len(history), 30)
        for row, complaint in zip(self.rows, complaints, strict=True):
            if complaint not in history:
                self.assertEqual(complaint.stage_id, self.stages["new"])
                self.assertTrue(complaint.user_id)
                self.assertNotEqual(complaint.acknowledgement_status, "not_recorded")
                continue
            self.assertEqual(complaint.outcome, "not_recorded")
            self.assertEqual(complaint.remedy, "not_recorded")
            self.assertFalse(complaint.is_upheld)
            self.assertFalse(complaint.resolution)
            # What was not recorded stays unknown, not the time of the import.
            self.assertEqual(
                fields.Datetime.to_string(complaint.date_closed) or "", row[6]
            )
            self.assertFalse(complaint.date_first_reaction)
            self.assertEqual(complaint.acknowledgement_status, "not_recorded")
            self.assertEqual(complaint.first_response_status, "not_recorded")
            self.assertEqual(
                complaint.final_response_status,
                "met" if row[6] else "not_recorded",
            )
        # History tells nobody: no acknowledgement, no message to a customer.
        mails = self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "in", history.ids)]
        )
        self.assertFalse(mails)

    def test_given_outcome_and_conclusion_kept(self):
        header = [*self.HEADER, "Outcome", "Resolution", "Justified"]
        field_names = [*self.FIELDS, "outcome", "resolution", "is_justified"]
        rows = [
            [*self.rows[0], "Partly Upheld", "Refunded half.", ""],
            [*self.rows[1], "", "", "Yes"],
            [*self.rows[2], "", "Replaced.", ""],
        ]
        result, complaints = self.import_rows(self.manager, rows, header, field_names)
        self.assertFalse(result["messages"], result["messages"][:3])
        self.assertEqual(
            complaints.mapped("outcome"), ["partly_upheld", "upheld", "not_recorded"]
        )
        self.assertEqual(complaints[2].resolution, "Replaced.")

    def test_staff_import_follows_the_rules_of_new_work(self):
        before = self.env["customer.complaint"].search_count([])
        with mute_logger("odoo.sql_db", "odoo.models"):
            result, complaints = self.import_rows(self.member)
        self.assertFalse(complaints)
        self.assertRegex(
            " ".join(message["message"] for message in result["messages"]),
            "cannot be closed without an outcome",
        )
        self.assertEqual(self.env["customer.complaint"].search_count([]), before)

    def test_not_recorded_is_for_history_only(self):
        complaint = self.create_complaint(user_id=self.member.id)
        as_member = complaint.with_user(self.member)
        with self.assertRefused(ValidationError, "only history imported closed"):
            as_member.write(
                {
                    "stage_id": self.stages["closed"].id,
                    "outcome": "not_recorded",
                    "resolution": "Settled.",
                }
            )
        # A manager's new complaint closed at once is new work, import or not.
        with self.assertRefused(ValidationError, "only history imported closed"):
            self.env["customer.complaint"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "stage_id": self.stages["closed"].id,
                    "outcome": "not_recorded",
                    "resolution": "Settled.",
                }
            )
        with self.assertRefused(ValidationError, "without a resolution"):
            self.env["customer.complaint"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "stage_id": self.stages["closed"].id,
                    "outcome": "upheld",
                }
            )

    def test_history_flag_is_the_addons(self):
        Complaint = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .with_context(import_file=True)
        )
        with self.assertRefused(UserError, "is_history|Imported as History"):
            Complaint.create({"partner_id": self.customer.id, "is_history": True})
        complaint = self.create_complaint(user_id=self.member.id)
        with self.assertRefused(UserError, "is_history|Imported as History"):
            complaint.with_user(self.manager).write({"is_history": True})
        # Given closed by a manager, the import's flag is set, never taken.
        history = Complaint.create(
            {
                "partner_id": self.customer.id,
                "stage_id": self.stages["closed"].id,
                "is_history": False,
            }
        )
        self.assertTrue(history.is_history)

    def test_reopened_history_is_new_work(self):
        _result, complaints = self.import_rows(self.manager, self.rows[:1])
        complaint = complaints.with_user(self.manager)
        complaint.action_reopen("The customer called again.")
        self.assertTrue(complaint.is_history)
        self.assertFalse(complaint.outcome)
        # What history did not record stays unknown; the decision is due.
        self.assertEqual(complaint.acknowledgement_status, "not_recorded")
        self.assertEqual(complaint.first_response_status, "not_recorded")
        self.assertEqual(complaint.final_response_status, "failed")
        closing = {"stage_id": self.stages["closed"].id}
        with self.assertRefused(ValidationError, "without an outcome"):
            complaint.sudo().write(closing)
        with self.assertRefused(ValidationError, "only history imported closed"):
            complaint.sudo().write({**closing, "outcome": "not_recorded"})
        with self.assertRefused(ValidationError, "without a resolution"):
            complaint.sudo().write({**closing, "outcome": "upheld"})
        complaint.write({**closing, "outcome": "upheld", "resolution": "Settled."})
        self.assertEqual(complaint.final_response_status, "failed")
        self.assertEqual(complaint.acknowledgement_status, "not_recorded")

    def test_figures_count_unknown_outcomes_apart(self):
        Wizard = self.env["customer.complaint.causes.report"]
        period = {
            # The period ends today in the user's timezone (the default).
            "date_from": fields.Date.today() - timedelta(days=500),
            "team_id": self.team.id,
        }
        decided = self.create_complaint(user_id=self.member.id)
        decided.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Settled.",
            }
        )
        dashboard = self.env["customer.complaint.dashboard"]
        # A SQL view: what it reads must be in the database.
        self.env.flush_all()
        before = dashboard.search([("company_id", "=", self.company.id)])
        decided_before = before.decided_count
        rows = [[*row[:6], ""] for row in self.rows[:30]]
        # The last ten were received in the last 30 days' reach: closed in it.
        for row in rows[-10:]:
            row[6] = fields.Datetime.to_string(
                fields.Datetime.now().replace(microsecond=0) - timedelta(days=2)
            )
            row[4] = fields.Datetime.to_string(
                fields.Datetime.now().replace(microsecond=0) - timedelta(days=9)
            )
        header = [*self.HEADER, "Team"]
        field_names = [*self.FIELDS, "team_id"]
        rows = [[*row, self.team.name] for row in rows]
        result, _complaints = self.import_rows(self.manager, rows, header, field_names)
        self.assertFalse(result["messages"], result["messages"][:3])
        handling = Wizard.create(period)._get_report_data()["handling"]
        self.assertEqual(handling["decided"], 1)
        self.assertEqual(handling["upheld"], 1)
        self.assertEqual(handling["outcome_not_recorded"], 30)
        self.assertIn(
            "Outcome not recorded", self.render_causes_report(Wizard.create(period))
        )
        dashboard.invalidate_model()
        after = dashboard.search([("company_id", "=", self.company.id)])
        self.assertEqual(after.decided_count, decided_before)


@tagged("post_install", "-at_install", "customer_complaint")
class TestHistoryNotRecordedRpc(NotRecordedCase, HttpCase):
    """Over JSON-RPC, as the web client's import and a script would send it."""

    def _create(self, login, values):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "customer.complaint",
                "method": "create",
                "args": [values],
                "kwargs": {"context": {"import_file": True}},
            },
        )

    def test_lowest_rights_refused_managers_import(self):
        closed = {
            "partner_id": self.customer.id,
            "team_id": self.team.id,
            "stage_id": self.stages["closed"].id,
        }
        before = self.env["customer.complaint"].search_count([])
        with mute_logger("odoo.http"):
            with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
                self._create("cc_member", closed)
            with self.assertRaisesRegex(JsonRpcException, "UserError"):
                self._create("cc_manager", {**closed, "is_history": True})
        self.assertEqual(self.env["customer.complaint"].search_count([]), before)
        ids = self._create("cc_manager", closed)
        complaint = self.env["customer.complaint"].browse(ids)
        self.assertTrue(complaint.is_history)
        self.assertEqual(complaint.outcome, "not_recorded")
