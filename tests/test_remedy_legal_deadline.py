"""The customer's demand and the law's deadline: the statutory rule of the
company's country, the deadline from the demand (extended where the law
allows), met or failed, and the penalty accrued once late."""

from datetime import datetime, time, timedelta

import psycopg2
import pytz

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase


class RemedyCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.ru")
        cls.company.resource_calendar_id.tz = "Europe/Moscow"
        cls.goods = cls.env["product.product"].create(
            {"name": "Washing machine", "type": "consu", "list_price": 1000}
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Installation", "type": "service", "list_price": 100}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.goods.id,
                            "product_uom_qty": 2,
                            "price_unit": 1000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def demand(self, remedy, days_ago, **values):
        """A complaint whose customer demanded ``remedy`` ``days_ago`` days
        ago, at the start of that day in the company's time zone: whatever
        the hour the test runs, the deadline ends a whole number of days
        later and today is begun."""
        tz = pytz.timezone(self.company.resource_calendar_id.tz or "UTC")
        today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
        received = (
            tz.localize(datetime.combine(today - timedelta(days=days_ago), time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        return self.create_complaint(
            **{
                "user_id": self.member.id,
                "date_received": received,
                "remedy": remedy,
                "product_id": self.goods.id,
                "remedy_price": 1000,
                **values,
            }
        )

    @staticmethod
    def day_end(start, days):
        """Midnight in Moscow (UTC+3, no summer time) ending the ``days``-th
        day after the Moscow day of ``start``, in UTC."""
        moscow = timedelta(hours=3)
        last_day = (start + moscow).date() + timedelta(days=days)
        return datetime.combine(last_day + timedelta(days=1), time.min) - moscow


@tagged("post_install", "-at_install", "customer_complaint")
class TestRemedyLegalDeadline(RemedyCase):
    def test_a_term_in_days_ends_at_midnight_of_its_last_day(self):
        """The law counts from the day after the demand and ends at the end
        of the last day, in the company's time zone, whatever the hour."""
        for received, deadline in (
            # 15:00 in Moscow on 2 March: 10 days end on 12 March at 24:00.
            ("2026-03-02 12:00:00", "2026-03-12 21:00:00"),
            # 01:30 in Moscow on 3 March (still 2 March in UTC): 13 March.
            ("2026-03-02 22:30:00", "2026-03-13 21:00:00"),
            # 23:59 in Moscow on 2 March: 12 March still.
            ("2026-03-02 20:59:00", "2026-03-12 21:00:00"),
        ):
            complaint = self.create_complaint(
                user_id=self.member.id,
                date_received=received,
                remedy="refund",
                product_id=self.goods.id,
            )
            self.assertEqual(
                fields.Datetime.to_string(complaint.date_legal_deadline), deadline
            )

    def test_refund_ten_days_then_one_percent_a_day(self):
        complaint = self.demand("refund", 15)
        self.assertEqual(
            complaint.legal_rule_id,
            self.env.ref("customer_complaint.legal_rule_ru_goods_refund"),
        )
        self.assertEqual(complaint.date_demand, complaint.date_received)
        self.assertEqual(
            complaint.date_legal_deadline, self.day_end(complaint.date_demand, 10)
        )
        self.assertEqual(complaint.legal_status, "failed")
        # Late by 4 days and 23 hours: five days begun.
        self.assertEqual(complaint.legal_days_late, 5)
        self.assertEqual(complaint.legal_penalty, 50)
        # Closed now: the penalty stops growing there.
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Refunded.",
            }
        )
        self.assertEqual(complaint.legal_status, "failed")
        self.assertEqual(complaint.legal_penalty, 50)

    def test_met_when_closed_in_time(self):
        complaint = self.demand("price_reduction", 3)
        self.assertEqual(complaint.legal_status, "running")
        self.assertFalse(complaint.legal_days_late)
        self.assertFalse(complaint.legal_penalty)
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "outcome": "upheld",
                "resolution": "Discount granted.",
            }
        )
        self.assertEqual(complaint.legal_status, "met")

    def test_replacement_extended_by_a_quality_check(self):
        complaint = self.demand("replacement", 10)
        self.assertEqual(complaint.legal_status, "failed")
        self.assertEqual(complaint.legal_days_late, 3)
        check = self.env.ref("customer_complaint.legal_extension_ru_replacement_check")
        complaint.with_user(self.member).legal_extension_id = check
        self.assertEqual(
            complaint.date_legal_deadline, self.day_end(complaint.date_demand, 20)
        )
        self.assertEqual(complaint.legal_status, "running")
        self.assertFalse(complaint.legal_penalty)

    def test_services_three_percent_at_most_the_price(self):
        complaint = self.demand("refund", 50, product_id=self.service.id)
        self.assertEqual(complaint.remedy_kind, "service")
        self.assertEqual(
            complaint.legal_rule_id,
            self.env.ref("customer_complaint.legal_rule_ru_service_refund"),
        )
        # 40 days late at 3%: 1,200, capped at the price.
        self.assertEqual(complaint.legal_days_late, 40)
        self.assertEqual(complaint.legal_penalty, 1000)

    def test_price_from_the_order_line(self):
        line = self.order.order_line
        complaint = self.create_complaint(
            sale_order_id=self.order.id, sale_line_id=line.id, remedy="refund"
        )
        self.assertEqual(complaint.remedy_price, 1000)
        self.assertEqual(complaint.remedy_kind, "goods")

    def test_no_rule_no_statutory_deadline(self):
        self.assertFalse(self.demand("other", 30).date_legal_deadline)
        self.assertFalse(self.demand("none", 30).legal_status)
        self.company.country_id = self.env.ref("base.ua")
        complaint = self.demand("refund", 30)
        self.assertFalse(complaint.legal_rule_id)
        self.assertFalse(complaint.legal_penalty)

    def test_cron_fails_the_running_deadline_that_passed(self):
        complaint = self.demand("refund", 1)
        self.assertEqual(complaint.legal_status, "running")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_complaint SET date_legal_deadline = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=1), complaint.id],
        )
        complaint.invalidate_recordset(["date_legal_deadline", "legal_status"])
        self.env["customer.complaint"]._cron_fail_late_responses()
        self.assertEqual(complaint.legal_status, "failed")

    def test_the_law_is_the_addons_and_the_managers(self):
        complaint = self.demand("refund", 15)
        as_member = complaint.with_user(self.member)
        for values in (
            {"legal_status": "met"},
            {"date_legal_deadline": fields.Datetime.now()},
            {"legal_rule_id": False},
        ):
            with self.assertRefused(UserError, "Statutory"):
                as_member.write(values)
        Rule = self.env["customer.complaint.legal.rule"]
        with self.assertRaises(AccessError):
            Rule.with_user(self.member).create(
                {
                    "country_id": self.env.ref("base.ua").id,
                    "remedy": "refund",
                    "deadline_days": 1,
                    "legal_reference": "None",
                }
            )
        rule = self.env.ref("customer_complaint.legal_rule_ru_goods_refund")
        with self.assertRaises(AccessError):
            rule.with_user(self.member).deadline_days = 100
        rule.with_user(self.manager).deadline_days = 20
        self.assertEqual(
            complaint.date_legal_deadline, self.day_end(complaint.date_demand, 20)
        )

    def test_one_rule_in_force_per_country_kind_and_remedy(self):
        values = {
            "country_id": self.env.ref("base.ru").id,
            "kind": "goods",
            "remedy": "refund",
            "deadline_days": 5,
            "legal_reference": "Copy",
        }
        Rule = self.env["customer.complaint.legal.rule"].with_user(self.manager)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                Rule.create(values)
        Rule.create({**values, "active": False})


@tagged("post_install", "-at_install", "customer_complaint")
class TestRemedyRpc(RemedyCase, HttpCase):
    def test_staff_record_the_demand_over_json_rpc(self):
        complaint = self.create_complaint(
            user_id=self.member.id, product_id=self.goods.id
        )
        self.authenticate("cc_member", "cc_member")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "customer.complaint",
                "method": "write",
                "args": [[complaint.id], {"remedy": "repair", "remedy_price": 700}],
                "kwargs": {},
            },
        )
        complaint.invalidate_recordset()
        self.assertEqual(
            complaint.legal_rule_id,
            self.env.ref("customer_complaint.legal_rule_ru_goods_repair"),
        )
        self.assertEqual(
            complaint.date_legal_deadline, self.day_end(complaint.date_received, 45)
        )
