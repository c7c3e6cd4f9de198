"""Configuration in use cannot vanish: a cause, rejection reason, category,
team or stage used by any complaint (archived, or of another company, too)
is archived, not deleted; archived ones still show on old complaints."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase

ARCHIVE_INSTEAD = "archive it instead"


@tagged("post_install", "-at_install", "customer_complaint")
class TestConfigInUse(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cause = cls.env["customer.complaint.cause"].create(
            {"name": "Wrong colour delivered"}
        )
        cls.category = cls.env["customer.complaint.category"].create(
            {"name": "Furniture"}
        )
        cls.reason = cls.env["customer.complaint.reject.reason"].create(
            {"name": "Out of warranty"}
        )
        cls.used_team = cls.env["customer.complaint.team"].create(
            {"name": "Team In Use", "member_ids": [cls.member.id]}
        )
        cls.stage = cls.env["customer.complaint.stage"].create(
            {"name": "Expert Check", "sequence": 2}
        )

    def _complaint(self, archived=False, **values):
        complaint = self.create_complaint(**values)
        if archived:
            complaint.write({"active": False})
        return complaint

    def _assert_kept(self, record):
        with self.assertRaisesRegex(UserError, ARCHIVE_INSTEAD):
            record.with_user(self.manager).unlink()
        self.assertTrue(record.exists())

    def _assert_deletable(self, model, vals):
        record = self.env[model].create(vals)
        record.with_user(self.manager).unlink()
        self.assertFalse(record.exists())

    def test_used_by_an_active_complaint(self):
        complaint = self._complaint(
            cause_id=self.cause.id,
            category_id=self.category.id,
            team_id=self.used_team.id,
        )
        complaint.action_reject(self.reason)
        for record in (self.cause, self.category, self.used_team, self.reason):
            with self.subTest(model=record._name):
                self._assert_kept(record)

    def test_used_by_an_archived_complaint(self):
        complaint = self._complaint(
            cause_id=self.cause.id,
            category_id=self.category.id,
            team_id=self.used_team.id,
        )
        complaint.action_reject(self.reason)
        complaint.write({"active": False})
        for record in (self.cause, self.category, self.used_team, self.reason):
            with self.subTest(model=record._name):
                self._assert_kept(record)
        self.assertEqual(complaint.cause_id, self.cause)
        self.assertEqual(complaint.team_id, self.used_team)

    def test_used_in_a_company_the_manager_does_not_see(self):
        """Counted as the superuser: not a raw database error either."""
        branch = self.env["res.company"].create({"name": "Config Branch"})
        team = self.env["customer.complaint.team"].create(
            {"name": "Branch Team", "company_id": branch.id}
        )
        self.env["customer.complaint"].with_company(branch).create(
            {
                "partner_id": self.customer.id,
                "company_id": branch.id,
                "team_id": team.id,
                "cause_id": self.cause.id,
            }
        )
        self._assert_kept(self.cause)
        # A manager of both companies working in the branch.
        self.manager.company_ids |= branch
        with self.assertRaisesRegex(UserError, ARCHIVE_INSTEAD):
            team.with_user(self.manager).with_context(
                allowed_company_ids=branch.ids
            ).unlink()
        self.assertTrue(team.exists())

    def test_stage_in_use(self):
        in_stage = self._complaint()
        in_stage.write({"stage_id": self.stage.id})
        self._assert_kept(self.stage)
        # Moved on: it is still the furthest stage it reached, in the funnel.
        in_stage.write({"stage_id": self.stages["new"].id})
        self.assertEqual(in_stage.furthest_stage_id, self.stage)
        self._assert_kept(self.stage)
        in_stage.write({"active": False})
        self._assert_kept(self.stage)
        self._assert_kept(self.stages["new"])
        self._assert_deletable("customer.complaint.stage", {"name": "Unused stage"})

    def test_unused_ones_can_be_deleted(self):
        self._complaint(cause_id=self.cause.id)
        for model, vals in (
            ("customer.complaint.cause", {"name": "Unused cause"}),
            ("customer.complaint.category", {"name": "Unused category"}),
            ("customer.complaint.reject.reason", {"name": "Unused reason"}),
            ("customer.complaint.team", {"name": "Unused team"}),
            ("customer.complaint.stage", {"name": "Unused stage"}),
        ):
            with self.subTest(model=model):
                self._assert_deletable(model, vals)

    def test_archived_ones_still_show_on_old_complaints(self):
        complaint = self._complaint(
            cause_id=self.cause.id,
            category_id=self.category.id,
            team_id=self.used_team.id,
            user_id=self.member.id,
        )
        complaint.write({"stage_id": self.stage.id})
        complaint.write({"stage_id": self.stages["analysis"].id})
        complaint.action_reject(self.reason)
        records = (self.cause, self.category, self.used_team, self.reason, self.stage)
        for record in records:
            record.with_user(self.manager).action_archive()
        self.assertFalse(any(record.active for record in records))
        fields = ["cause_id", "category_id", "team_id", "reject_reason_id"]
        for user in (self.manager, self.member):
            with self.subTest(user=user.login):
                [values] = (
                    complaint.with_user(user)
                    .with_context(active_test=True)
                    .web_read(
                        {name: {"fields": {"display_name": {}}} for name in fields}
                    )
                )
                self.assertEqual(
                    [values[name]["display_name"] for name in fields],
                    [
                        "Wrong colour delivered",
                        "Furniture",
                        "Team In Use",
                        "Out of warranty",
                    ],
                )
                self.assertEqual(
                    complaint.with_user(user).furthest_stage_id.display_name,
                    "Expert Check",
                )
        # Not offered for new complaints any more.
        Cause = self.env["customer.complaint.cause"].with_user(self.member)
        self.assertNotIn(self.cause, Cause.search([]))
        self.assertFalse(Cause.name_search("Wrong colour"))
