"""The register has no holes: a failed creation gives its reference back."""

from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, load_migration, reference_year

# Queries to number a complaint (ir.sequence.next_by_id of a date range:
# the range, the locked row, its update, its read): measured 4.0.
REFERENCE_QUERIES_PER_COMPLAINT = 4.1


def number(complaint):
    return int(complaint.name.rsplit("/", 1)[1])


@tagged("post_install", "-at_install", "customer_complaint")
class TestGaplessReferences(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.create_company("Branch Kharkiv")
        cls.partner2 = cls.env["res.partner"].create(
            {"name": "Kharkiv Customer", "company_id": cls.company2.id}
        )
        cls.sequence = cls.env.ref("customer_complaint.seq_customer_complaint")

    def _fail_three_times(self):
        """Three creations refused for three different reasons, each after
        its reference was drawn."""
        # Rejected without a reason (Python constraint).
        with self.assertRaises(ValidationError):
            self.create_complaint(stage_id=self.stages["rejected"].id)
        # Closed without a resolution (Python constraint).
        with self.assertRaises(ValidationError):
            self.create_complaint(stage_id=self.stages["closed"].id)
        # A second complaint for one review (SQL constraint).
        review = self.env["customer.review"].create(
            {"partner_id": self.customer.id, "score": 1}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.create_complaint(review_id=review.id)
            self.env.flush_all()
        return review

    def test_failed_creations_burn_no_reference(self):
        first = self.create_complaint()
        self._fail_three_times()
        second = self.create_complaint()
        # Only the review's own complaint in between.
        self.assertEqual(number(second), number(first) + 2)
        self.assertEqual(second.name[:-5], first.name[:-5])

    def test_failed_creations_in_between_are_invisible(self):
        first = self.create_complaint()
        # As a user: refused because of the company (after the references).
        with self.assertRaises(AccessError):
            self.env["customer.complaint"].with_user(self.manager).create(
                [{"partner_id": self.customer.id, "company_id": self.company2.id}]
            )
        for _attempt in range(3):
            with self.assertRaises(UserError):
                self.create_complaint(partner_id=self.partner2.id)
        second = self.create_complaint()
        self.assertEqual(number(second), number(first) + 1)

    def test_failed_batch_burns_no_reference(self):
        first = self.create_complaint()
        good = {"partner_id": self.customer.id, "team_id": self.team.id}
        for _attempt in range(3):
            with self.assertRaises(ValidationError):
                self.env["customer.complaint"].create(
                    [good, good, {**good, "stage_id": self.stages["rejected"].id}, good]
                )
        batch = self.env["customer.complaint"].create([good] * 3)
        self.assertEqual(
            [number(complaint) for complaint in batch],
            [number(first) + 1, number(first) + 2, number(first) + 3],
        )

    def test_batch_over_years_and_companies(self):
        Complaint = self.env["customer.complaint"]
        before = self.create_complaint(date_received="2024-02-01 10:00:00")
        batch = Complaint.create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_received": "2024-03-01 10:00:00",
                },
                {
                    "partner_id": self.customer.id,
                    "date_received": "2023-03-01 10:00:00",
                },
                {
                    "partner_id": self.customer.id,
                    "date_received": "2024-04-01 10:00:00",
                    "company_id": self.company2.id,
                },
                {
                    "partner_id": self.customer.id,
                    "date_received": "2024-12-31 10:00:00",
                },
            ]
        )
        names = batch.mapped("name")
        self.assertEqual(names[0], f"CMP/2024/{number(before) + 1:05d}")
        self.assertRegex(names[1], r"^CMP/2023/\d{5}$")
        self.assertEqual(names[2], f"CMP{self.company2.id}/2024/00001")
        self.assertEqual(names[3], f"CMP/2024/{number(before) + 2:05d}")

    def test_names_are_those_of_the_sequence(self):
        """Dated by the reception: the year of the reception, consecutive
        numbers of that year's range."""
        complaints = self.env["customer.complaint"].create(
            [
                {"partner_id": self.customer.id, "date_received": day}
                for day in ("2024-02-01 10:00:00", "2024-11-30 10:00:00")
            ]
        )
        first, second = complaints.mapped("name")
        self.assertRegex(first, r"^CMP/2024/\d{5}$")
        self.assertEqual(second, f"CMP/2024/{number(complaints[0]) + 1:05d}")

    def test_reference_dated_by_the_company_day(self):
        """New Year's Eve: 22:30 UTC is already next year in Moscow, where
        the company counts its days (its calendar's time zone)."""
        self.company2.resource_calendar_id.tz = "Europe/Moscow"
        Complaint = self.env["customer.complaint"].with_company(self.company2)
        after_midnight, before_midnight = Complaint.create(
            [
                {"partner_id": self.partner2.id, "date_received": received}
                for received in ("2025-12-31 22:30:00", "2025-12-31 20:30:00")
            ]
        )
        prefix = f"CMP{self.company2.id}"
        self.assertEqual(after_midnight.name, f"{prefix}/2026/00001")
        self.assertEqual(before_midnight.name, f"{prefix}/2025/00001")

    def test_each_company_numbers_its_own(self):
        main = self.create_complaint()
        Complaint = self.env["customer.complaint"].with_company(self.company2)
        own = Complaint.create([{"partner_id": self.partner2.id}] * 2)
        year = reference_year(own[0])
        self.assertEqual(
            own.mapped("name"),
            [
                f"CMP{self.company2.id}/{year}/00001",
                f"CMP{self.company2.id}/{year}/00002",
            ],
        )
        self.assertEqual(number(self.create_complaint()), number(main) + 1)

    def test_queries_per_complaint_constant(self):
        """Numbering costs the same queries per complaint for 5 or 500."""
        Complaint = self.env["customer.complaint"]

        def allocate(count):
            vals_list = [
                {"partner_id": self.customer.id, "date_received": "2025-06-01"}
                for _index in range(count)
            ]
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Complaint._allocate_references(vals_list)
            return vals_list, self.env.cr.sql_log_count - start

        self.create_complaint(date_received="2025-01-01")  # the 2025 range exists
        allocate(1)  # warm-up: caches that outlive the record cache
        small_vals, small = allocate(5)
        large_vals, large = allocate(500)
        self.assertLessEqual(large / 500, small / 5)
        self.assertLessEqual(large / 500, REFERENCE_QUERIES_PER_COMPLAINT)
        # Consecutive numbers, the large batch after the small one.
        numbers = [int(vals["name"][-5:]) for vals in small_vals + large_vals]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 505)))

    def test_complaint_sequence_stays_no_gap(self):
        with self.assertRefused(ValidationError, "No gap"):
            self.sequence.implementation = "standard"
        with self.assertRefused(ValidationError, "belong to a company"):
            self.sequence.company_id = False
        with self.assertRefused(ValidationError, "No gap"):
            self.env["ir.sequence"].create(
                {"name": "Another", "code": "customer.complaint"}
            )


@tagged("post_install", "-at_install", "customer_complaint")
class TestReferenceMigration(ComplaintCase):
    """The 19.0.1.1.0 post-migration, run on a database as it was before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = load_migration("19.0.1.1.0", "post-migrate")
        cls.sequence = cls.env.ref("customer_complaint.seq_customer_complaint")

    def _old_state(self):
        """The sequence as version 19.0.1.0.0 left it: standard, shared by
        all companies, numbers drawn from its PostgreSQL sequences."""
        Sequence = type(self.env["ir.sequence"])
        checks = [
            check
            for check in self.env["ir.sequence"]._constraint_methods
            if check.__name__ != "_check_complaint_sequence"
        ]
        with patch.object(Sequence, "_constraint_methods", checks):
            self.sequence.write({"implementation": "standard", "company_id": False})
        date_range = self.sequence._get_current_sequence(sequence_date="2025-06-01")
        date_range.number_next = 40
        for _draw in range(3):  # 40, 41, 42: nextval, the column stays at 40
            self.sequence._next(sequence_date="2025-06-01")
        self.sequence.number_next = 7
        self.sequence._next_do()  # 7, from the sequence's own one
        self.env.invalidate_all()
        self.assertEqual(date_range.number_next, 40)
        self.assertEqual(date_range.number_next_actual, 43)
        return date_range

    def test_migration_keeps_the_next_number(self):
        date_range = self._old_state()
        self.migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.sequence.implementation, "no_gap")
        self.assertEqual(self.sequence.company_id, self.env.ref("base.main_company"))
        self.assertEqual(date_range.number_next, 43)
        self.assertEqual(self.sequence.number_next, 8)
        complaint = self.create_complaint(date_received="2025-06-02 09:00:00")
        self.assertEqual(complaint.name, "CMP/2025/00043")
        # Standard no more: a failed creation gives its number back.
        elsewhere = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        foreign = self.env["res.partner"].create(
            {"name": "Elsewhere", "company_id": elsewhere.id}
        )
        with self.assertRaises(UserError):
            self.create_complaint(
                date_received="2025-06-02 09:00:00", partner_id=foreign.id
            )
        again = self.create_complaint(date_received="2025-06-02 09:00:00")
        self.assertEqual(again.name, "CMP/2025/00044")

    def test_migration_sets_up_the_other_companies(self):
        with patch.object(type(self.env["res.company"]), "_complaint_setup"):
            company = self.env["res.company"].create({"name": "Old Branch"})
        self.assertFalse(company.complaint_default_team_id)
        self.assertFalse(company.complaint_survey_id)
        self._old_state()
        self.migration.migrate(self.env.cr, "19.0.1.0.0")
        self.assertEqual(company.complaint_default_team_id.company_id, company)
        self.assertEqual(
            company.complaint_survey_id,
            self.env.ref("customer_complaint.survey_complaint_satisfaction"),
        )
        manager = self.create_company_manager(company, "cc_old_branch")
        complaint = (
            self.env["customer.complaint"]
            .with_user(manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "date_received": "2025-06-02 09:00:00",
                }
            )
        )
        self.assertEqual(complaint.name, f"CMP{company.id}/2025/00001")
        # Run twice (a second upgrade): nothing changes.
        team = company.complaint_default_team_id
        self.migration.migrate(self.env.cr, "19.0.1.0.0")
        self.assertEqual(company.complaint_default_team_id, team)
