"""What the statutory deadlines change around the complaint: the escalation,
the dashboard, the causes report, the final response letter, and the bounds
of the law's data."""

from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_remedy_legal_deadline import RemedyCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestLegalRuleBounds(RemedyCase):
    def setUp(self):
        super().setUp()
        self.rule = self.env.ref("customer_complaint.legal_rule_ru_goods_refund")
        self.Rule = self.env["customer.complaint.legal.rule"].with_user(self.manager)
        self.Extension = self.env["customer.complaint.legal.extension"].with_user(
            self.manager
        )

    def test_extension_shorter_than_the_deadline_refused(self):
        with self.assertRefused(ValidationError, "more days than its deadline"):
            self.Extension.create(
                {"rule_id": self.rule.id, "name": "Shorter", "days": 10}
            )
        extension = self.Extension.create(
            {"rule_id": self.rule.id, "name": "Expert check", "days": 20}
        )
        # Nor may the deadline grow past an extension of it.
        with self.assertRefused(ValidationError, "Expert check"):
            self.rule.with_user(self.manager).deadline_days = 25
        self.assertEqual(extension.days, 20)

    def _refused_by_the_database(self, create, values):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                create(values)
                self.env.flush_all()

    def test_days_and_rates_out_of_range_refused(self):
        base = {
            "country_id": self.env.ref("base.ua").id,
            "remedy": "refund",
            "deadline_days": 10,
            "legal_reference": "Test law",
        }
        for values in (
            {"deadline_days": 0},
            {"deadline_days": 3651},
            {"penalty_rate": -1},
            {"penalty_rate": 100.01},
        ):
            with self.subTest(values=values):
                self._refused_by_the_database(self.Rule.create, {**base, **values})
        for days in (0, 3651):
            with self.subTest(days=days):
                self._refused_by_the_database(
                    self.Extension.create,
                    {"rule_id": self.rule.id, "name": "Out of range", "days": days},
                )
        # The bounds themselves are allowed.
        rule = self.Rule.create({**base, "deadline_days": 3650, "penalty_rate": 100})
        self.assertEqual(rule.deadline_days, 3650)


@tagged("post_install", "-at_install", "customer_complaint")
class TestLegalEscalation(RemedyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["customer.complaint"]._escalate_overdue()
        cls.company.complaint_escalation_hours = 24

    def demand(self, remedy, days_ago, **values):
        """The demand, its own deadline far ahead: only the law can escalate it."""
        complaint = super().demand(remedy, days_ago, **values)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET sla_deadline = %s WHERE id = %s",
            [fields.Datetime.now() + timedelta(days=30), complaint.id],
        )
        complaint.invalidate_recordset(["sla_deadline"])
        return complaint

    def test_near_statutory_deadline_escalates_then_passed_to_level_2(self):
        Complaint = self.env["customer.complaint"]
        # Due at midnight tonight: within the 24-hour escalation delay.
        near = self.demand("refund", 10)
        far = self.demand("refund", 2)
        self.assertEqual(Complaint._escalate_overdue(), 1)
        self.assertEqual(near.escalation_level, "1")
        self.assertEqual(far.escalation_level, "0")
        note = near.message_ids.filtered(lambda m: "Escalated to Level 1" in m.body)
        self.assertIn("statutory deadline", note.body)
        self.assertIn(near.legal_rule_id.legal_reference, note.body)
        # The owner's to-do says why: not the complaint's own deadline.
        summaries = [s for s in near.activity_ids.mapped("summary") if s]
        self.assertIn("Statutory deadline: complaint escalated (Level 1)", summaries)
        self.assertFalse([s for s in summaries if s.startswith("Overdue")])
        # Passed, and the delay since level 1 too: level 2.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_legal_deadline = %s, "
            "date_escalated = %s WHERE id = %s",
            [
                fields.Datetime.now() - timedelta(hours=1),
                fields.Datetime.now() - timedelta(hours=25),
                near.id,
            ],
        )
        near.invalidate_recordset()
        self.assertEqual(Complaint._escalate_overdue(), 1)
        self.assertEqual(near.escalation_level, "2")
        self.assertEqual(far.escalation_level, "0")

    def test_the_laws_clock_runs_while_waiting(self):
        complaint = self.demand("refund", 12)
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_waiting_since = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=1), complaint.id],
        )
        complaint.invalidate_recordset()
        self.env["customer.complaint"]._escalate_overdue()
        self.assertEqual(complaint.escalation_level, "1")


@tagged("post_install", "-at_install", "customer_complaint")
class TestLegalFigures(RemedyCase):
    def _close(self, complaint, **values):
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Refunded.",
                **values,
            }
        )

    def _demands(self):
        """Late by 5 days (50 of penalty at 1% of 1,000 a day), running,
        closed in time, closed 3 days late (30), history without a demand."""
        late = self.demand("refund", 15)
        running = self.demand("price_reduction", 3)
        met = self.demand("refund", 2)
        self._close(met)
        missed = self.demand("repair", 48)
        self._close(missed)
        history = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .with_context(import_file=True)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "stage_id": self.stages["closed"].id,
                    "date_received": fields.Datetime.now() - timedelta(days=20),
                    "date_closed": fields.Datetime.now() - timedelta(days=15),
                }
            )
        )
        self.assertEqual(history.remedy, "not_recorded")
        self.assertEqual((late.legal_penalty, missed.legal_penalty), (50, 30))
        return late, running, met, missed

    def _dashboard(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["customer.complaint.dashboard"]
            .with_user(self.manager)
            .search([("company_id", "=", self.company.id)])
        )

    def test_dashboard_counts_statutory_deadlines_and_penalties(self):
        before = self._dashboard()
        counts = (
            before.legal_late_count,
            before.legal_met_count,
            before.legal_missed_count,
        )
        penalty = before.legal_penalty
        late, running, _met, _missed = self._demands()
        after = self._dashboard()
        self.assertEqual(
            (after.legal_late_count, after.legal_met_count, after.legal_missed_count),
            (counts[0] + 1, counts[1] + 1, counts[2] + 1),
        )
        # The open late complaint's penalty; the closed one's is not accruing.
        self.assertAlmostEqual(after.legal_penalty, penalty + 50)
        shown = self.env["customer.complaint"].search(
            after.action_open_legal_late()["domain"]
        )
        self.assertIn(late, shown)
        self.assertNotIn(running, shown)

    def test_causes_report_counts_demands_deadlines_and_penalties(self):
        self._demands()
        wizard = self.env["customer.complaint.causes.report"].create(
            {
                "date_from": fields.Date.today() - timedelta(days=60),
                "company_id": self.company.id,
                "team_id": self.team.id,
            }
        )
        legal = wizard._get_report_data()["legal"]
        self.assertEqual(
            legal["remedies"],
            [("Repair", 1), ("Price Reduction", 1), ("Refund", 2)],
        )
        self.assertEqual(legal["remedy_not_recorded"], 1)
        self.assertEqual((legal["met"], legal["failed"], legal["running"]), (1, 2, 1))
        self.assertEqual(legal["met_share"], 1 / 3)
        self.assertAlmostEqual(legal["penalty"], 80)
        html = self.render_causes_report(wizard)
        self.assertIn("Demand not recorded (imported history)", html)
        self.assertIn("Statutory deadlines missed", html)


@tagged("post_install", "-at_install", "customer_complaint")
class TestLegalLetter(RemedyCase):
    def _letter(self, complaint, outcome="upheld"):
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": outcome,
                "resolution": "The price is refunded.",
            }
        )
        self.env.cr.flush()
        complaint.invalidate_recordset(["message_ids"])
        # The letter is the last message to the customer (in their language).
        return str(
            complaint.message_ids.filtered(lambda m: self.customer in m.partner_ids)[
                :1
            ].body
        )

    def test_letter_names_the_remedy_and_the_legal_basis(self):
        body = self._letter(self.demand("refund", 3))
        self.assertIn("Your demand granted: <strong>Refund</strong>", body)
        self.assertIn(
            "Legal basis: <span>Consumer Rights Protection Law of the Russian "
            "Federation No. 2300-1, art. 22 (deadline)",
            body,
        )

    def test_letter_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations("ru_RU")
        self.customer.lang = "ru_RU"
        body = self._letter(self.demand("refund", 3))
        self.assertIn("Ваше требование удовлетворено: <strong>Возврат денег", body)
        self.assertIn(
            "Правовое основание: <span>Закон РФ от 07.02.1992 № 2300-1 «О "
            "защите прав потребителей», ст. 22",
            body,
        )
        self.assertNotIn("Consumer Rights Protection Law", body)

    def test_letter_in_ukrainian(self):
        self.env["res.lang"]._activate_lang("uk_UA")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations("uk_UA")
        self.customer.lang = "uk_UA"
        body = self._letter(self.demand("refund", 3))
        self.assertIn("Вашу вимогу задоволено:", body)
        self.assertIn("Правова підстава:", body)

    def test_partly_upheld_letter_grants_no_demand(self):
        body = self._letter(self.demand("refund", 3), outcome="partly_upheld")
        self.assertNotIn("granted", body)
        self.assertIn("Your demand: <strong>Refund</strong>", body)
        self.assertIn("Legal basis:", body)

    def test_extension_of_another_rule_refused(self):
        complaint = self.demand("refund", 3)
        check = self.env.ref("customer_complaint.legal_extension_ru_replacement_check")
        with self.assertRaisesRegex(ValidationError, "not one of the statutory rule"):
            complaint.with_user(self.member).legal_extension_id = check

    def test_no_demand_nothing_said(self):
        for remedy in ("none", "other"):
            body = self._letter(self.demand(remedy, 3))
            self.assertNotIn("Legal basis", body)
        self.assertNotIn("Your demand", self._letter(self.create_complaint()))


@tagged("post_install", "-at_install", "customer_complaint")
class TestLegalRpc(RemedyCase, HttpCase):
    def test_extension_chosen_over_json_rpc_not_the_law(self):
        """The lowest-rights staff user picks the extended case; the law's
        figures stay the addon's."""
        complaint = self.demand("replacement", 10, user_id=self.member.id)
        check = self.env.ref("customer_complaint.legal_extension_ru_replacement_check")
        self.authenticate("cc_member", "cc_member")

        def call(method, args):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "customer.complaint",
                    "method": method,
                    "args": args,
                    "kwargs": {},
                },
            )

        call("write", [[complaint.id], {"legal_extension_id": check.id}])
        read = call("read", [[complaint.id], ["legal_penalty", "date_legal_deadline"]])
        self.assertEqual(read[0]["legal_penalty"], 0)
        self.assertEqual(
            read[0]["date_legal_deadline"],
            fields.Datetime.to_string(self.day_end(complaint.date_demand, 20)),
        )
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            call("write", [[complaint.id], {"legal_status": "met"}])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.legal_extension_id, check)
        self.assertEqual(complaint.legal_status, "running")
