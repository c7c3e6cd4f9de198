"""Who may do what, through the ORM, on complaints and what hangs off them.

One table: for every (object, operation) the roles that are allowed; every
other role must get an ``AccessError`` (or the ``UserError`` that refuses
deleting a complaint). Each cell is a ``subTest`` and runs in a savepoint that
is rolled back, so the cells do not influence each other.

The expected cells follow docs/guarantees.md and the rules in
``security/``: a portal customer reads their own complaints (the portal record
rule on the commercial partner), the public fields only, and changes nothing;
public users have no access rights at all; complaint users see their own and
their teams' complaints, managers everything of their companies, and another
company's manager nothing. ``survey.user_input`` is Odoo's: only
survey officers read answers, complaint groups do not imply that.
"""

import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

ROLES = (
    "public",
    "portal_a",
    "portal_b",
    "employee",
    "outsider",
    "team_user",
    "manager",
    "other_manager",
)
STAFF = {"team_user", "manager"}
NOBODY = set()

# (object, operation) -> roles allowed. Every role not listed is denied.
EXPECTED = {
    ("complaint", "read"): STAFF | {"portal_a"},
    # The staff's fields (analysis, owner, deadlines...): groups="base.group_user".
    ("complaint_internal", "read"): STAFF,
    ("complaint", "write"): STAFF,
    # The rule is checked on the new record before the creator follows it:
    # a complaint user registers complaints for their teams or unrouted ones
    # (the intake pool), not for another team.
    ("complaint", "create"): STAFF,
    ("complaint", "unlink"): NOBODY,
    # Reviews have only the multi-company rule: every complaint user of the
    # company reads them (customer and order smart buttons).
    ("review", "read"): STAFF | {"outsider"},
    ("review", "write"): STAFF | {"outsider"},
    ("review", "create"): STAFF | {"outsider"},
    ("review", "unlink"): NOBODY,
    ("action", "read"): STAFF,
    ("action", "write"): STAFF,
    ("action", "create"): STAFF,
    ("action", "unlink"): NOBODY,
    ("survey_answer", "read"): NOBODY,
    ("survey_answer", "write"): NOBODY,
    ("survey_answer", "create"): NOBODY,
    ("survey_answer", "unlink"): NOBODY,
    ("attachment", "read"): STAFF,
    ("report", "print"): STAFF,
}


class _Rollback(Exception):
    """Raised inside a savepoint to undo an operation that succeeded."""


@tagged("post_install", "-at_install", "customer_complaint")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Matrix Branch"})
        company_kw = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal_a": new_test_user(
                cls.env, login="mx_portal_a", groups="base.group_portal", **company_kw
            ),
            "portal_b": new_test_user(
                cls.env, login="mx_portal_b", groups="base.group_portal", **company_kw
            ),
            "employee": new_test_user(
                cls.env, login="mx_employee", groups="base.group_user", **company_kw
            ),
            "outsider": new_test_user(
                cls.env,
                login="mx_outsider",
                groups="customer_complaint.group_complaint_user",
                **company_kw,
            ),
            "team_user": new_test_user(
                cls.env,
                login="mx_team_user",
                groups="customer_complaint.group_complaint_user",
                **company_kw,
            ),
            "manager": new_test_user(
                cls.env,
                login="mx_manager",
                groups="customer_complaint.group_complaint_manager",
                **company_kw,
            ),
            "other_manager": new_test_user(
                cls.env,
                login="mx_other_manager",
                groups="customer_complaint.group_complaint_manager",
                company_id=cls.other_company.id,
                company_ids=[cls.other_company.id],
            ),
        }
        cls.partner_a = cls.users["portal_a"].partner_id
        cls.team = cls.env["customer.complaint.team"].create(
            {
                "name": "Matrix Team",
                "company_id": cls.company.id,
                "member_ids": [cls.users["team_user"].id],
            }
        )
        cls.complaint = cls.env["customer.complaint"].create(
            {
                "partner_id": cls.partner_a.id,
                "channel": "phone",
                "subject": "Matrix complaint",
                "description": "<p>Broken chair</p>",
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "user_id": cls.users["team_user"].id,
            }
        )
        # The creator (admin) follows; nobody of the matrix but the customer.
        cls.complaint.message_unsubscribe(
            partner_ids=(cls.complaint.message_partner_ids - cls.partner_a).ids
        )
        cls.review = cls.env["customer.review"].create(
            {
                "partner_id": cls.partner_a.id,
                "score": 4,
                "comment": "Fine",
                "company_id": cls.company.id,
            }
        )
        cls.action = cls.env["customer.complaint.action"].create(
            {
                "complaint_id": cls.complaint.id,
                "name": "Replace the chair",
                "user_id": cls.users["team_user"].id,
            }
        )
        cls.survey = cls.company.complaint_survey_id or cls.env["survey.survey"].create(
            {"title": "Matrix survey"}
        )
        cls.survey_answer = cls.env["survey.user_input"].create(
            {
                "survey_id": cls.survey.id,
                "partner_id": cls.partner_a.id,
                "complaint_id": cls.complaint.id,
            }
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "photo.txt",
                "datas": base64.b64encode(b"evidence"),
                "res_model": "customer.complaint",
                "res_id": cls.complaint.id,
            }
        )

    # ------------------------------------------------------------------
    # Operations, as one user
    # ------------------------------------------------------------------

    def _records(self, key):
        return {
            "complaint": self.complaint,
            "complaint_internal": self.complaint,
            "review": self.review,
            "action": self.action,
            "survey_answer": self.survey_answer,
            "attachment": self.attachment,
        }[key]

    def _create_values(self, key):
        return {
            "complaint": {
                "partner_id": self.partner_a.id,
                "channel": "phone",
                "subject": "Created in the matrix",
                "team_id": self.team.id,
                "company_id": self.company.id,
            },
            "review": {
                "partner_id": self.partner_a.id,
                "score": 5,
                "company_id": self.company.id,
            },
            "action": {
                "complaint_id": self.complaint.id,
                "name": "Call the customer",
                "user_id": self.users["team_user"].id,
            },
            "survey_answer": {
                "survey_id": self.survey.id,
                "partner_id": self.partner_a.id,
                "complaint_id": self.complaint.id,
            },
        }[key]

    _WRITE_VALUES = {
        "complaint": {"priority": "3"},
        "review": {"comment": "Changed"},
        "action": {"name": "Renamed"},
        "survey_answer": {"answered_by_phone": True},
    }

    def _operate(self, user, key, operation):
        if key == "report":
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                "customer_complaint.report_complaint_sheet", self.complaint.ids
            )
            return
        record = self._records(key).with_user(user)
        if operation == "read":
            fields_to_read = {
                "attachment": ["datas"],
                "complaint_internal": ["root_cause", "user_id", "sla_deadline"],
            }.get(key, ["display_name"])
            record.read(fields_to_read)
        elif operation == "write":
            record.write(self._WRITE_VALUES[key])
        elif operation == "create":
            record.create(self._create_values(key))
        elif operation == "unlink":
            record.unlink()
        self.env.flush_all()

    def _allowed(self, user, key, operation):
        """True if the operation succeeds; always rolled back."""
        denied = (AccessError, UserError) if operation == "unlink" else AccessError
        try:
            with self.env.cr.savepoint():
                self._operate(user, key, operation)
                raise _Rollback
        except _Rollback:
            return True
        except denied:
            return False
        finally:
            self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_matrix(self):
        mismatches = []
        for (key, operation), allowed_roles in EXPECTED.items():
            for role in ROLES:
                expected = role in allowed_roles
                with self.subTest(object=key, operation=operation, role=role):
                    actual = self._allowed(self.users[role], key, operation)
                    if actual != expected:
                        mismatches.append(
                            f"{role} {operation} {key}: "
                            f"{'allowed' if actual else 'denied'}, expected "
                            f"{'allowed' if expected else 'denied'}"
                        )
                    self.assertEqual(actual, expected, mismatches[-1:])
        # All the differing cells at once (pytest stops at the first subTest).
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_outsider_registers_unrouted_complaint(self):
        complaint = (
            self.env["customer.complaint"]
            .with_user(self.users["outsider"])
            .create({"partner_id": self.partner_a.id, "channel": "phone"})
        )
        self.assertFalse(complaint.team_id)
        self.assertTrue(complaint.with_user(self.users["outsider"]).read(["name"]))

    def test_matrix_is_complete(self):
        objects = ("complaint", "review", "action", "survey_answer")
        for key in objects:
            for operation in ("read", "write", "create", "unlink"):
                self.assertIn((key, operation), EXPECTED)
        self.assertTrue(set().union(*EXPECTED.values()) <= set(ROLES))

    def test_search_sees_only_allowed_complaints(self):
        """``search`` filters (no error) where ``read`` refuses."""
        for role in ("outsider", "other_manager"):
            with self.subTest(role=role):
                found = (
                    self.env["customer.complaint"]
                    .with_user(self.users[role])
                    .search([("id", "=", self.complaint.id)])
                )
                self.assertFalse(found)
        for role in STAFF:
            with self.subTest(role=role):
                found = (
                    self.env["customer.complaint"]
                    .with_user(self.users[role])
                    .search([("id", "=", self.complaint.id)])
                )
                self.assertEqual(found, self.complaint)
