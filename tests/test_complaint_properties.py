from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase
from .test_portal import PortalCase

INTERNAL = [
    {"name": "batch_no", "string": "Batch Number", "type": "char"},
    {"name": "lab_checked", "string": "Checked by the Lab", "type": "boolean"},
]
QUESTIONS = [
    {"name": "bought_at", "string": "Where did you buy it?", "type": "char"},
    {
        "name": "fault",
        "string": "What is wrong?",
        "type": "selection",
        "selection": [["broken", "Broken"], ["missing", "Missing part"]],
    },
    {"name": "quantity", "string": "How many pieces?", "type": "integer"},
    {"name": "noticed_on", "string": "Noticed on", "type": "date"},
    {"name": "still_used", "string": "Still in use", "type": "boolean"},
]


def _category(env, name):
    return env["customer.complaint.category"].create(
        {
            "name": name,
            "complaint_properties_definition": INTERNAL,
            "complaint_portal_properties_definition": QUESTIONS,
        }
    )


@tagged("post_install", "-at_install", "customer_complaint")
class TestComplaintProperties(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = _category(cls.env, "Defective Product (properties test)")

    def test_member_fills_searches_and_groups(self):
        Complaint = self.env["customer.complaint"].with_user(self.member)
        complaints = Complaint.create(
            [
                {
                    "partner_id": self.customer.id,
                    "description": "<p>Broken.</p>",
                    "channel": "phone",
                    "team_id": self.team.id,
                    "category_id": self.category.id,
                    "properties": {"batch_no": batch, "lab_checked": checked},
                    "portal_properties": {"fault": "broken"},
                }
                for batch, checked in (("B-1", True), ("B-1", False), ("B-2", True))
            ]
        )
        self.assertEqual(complaints[0].properties["batch_no"], "B-1")
        self.assertEqual(complaints[0].portal_properties["fault"], "Broken")
        found = Complaint.search(
            [("id", "in", complaints.ids), ("properties.batch_no", "=", "B-1")]
        )
        self.assertEqual(found, complaints[:2])
        found = Complaint.search(
            [("id", "in", complaints.ids), ("portal_properties.fault", "=", "broken")]
        )
        self.assertEqual(found, complaints)
        groups = dict(
            Complaint._read_group(
                [("id", "in", complaints.ids)], ["properties.batch_no"], ["__count"]
            )
        )
        self.assertEqual(groups, {"B-1": 2, "B-2": 1})
        # A copy keeps the values (the category's fields are the copy's too).
        self.assertEqual(complaints[2].copy().properties["batch_no"], "B-2")

    def test_member_cannot_change_the_definition(self):
        complaint = self.create_complaint(category_id=self.category.id)

        def new_definition():
            # As the form sends it (Odoo pops the flag from the dicts).
            return [
                dict(INTERNAL[0], value="X", definition_changed=True),
                {"name": "added", "string": "Added", "type": "char", "value": "Y"},
            ]

        with self.assertRaises(AccessError):
            complaint.with_user(self.member).properties = new_definition()
        self.assertEqual(self.category.complaint_properties_definition, INTERNAL)
        # A manager may, from the complaint form, as in Odoo's projects.
        complaint.with_user(self.manager).properties = new_definition()
        self.assertEqual(
            [d["name"] for d in self.category.complaint_properties_definition],
            ["batch_no", "added"],
        )

    def test_portal_questions_only_plain_types(self):
        for definition in (
            {
                "name": "shop",
                "string": "Shop",
                "type": "many2one",
                "comodel": "res.partner",
            },
            {"name": "labels", "string": "Labels", "type": "tags", "tags": []},
        ):
            with self.assertRaises(ValidationError):
                self.category.complaint_portal_properties_definition = [definition]
        self.assertEqual(
            self.category.complaint_portal_properties_definition, QUESTIONS
        )

    def test_parse_answers(self):
        Complaint = self.env["customer.complaint"]
        values = Complaint._parse_portal_answers(
            self.category,
            {
                "bought_at": "  Kyiv shop ",
                "fault": "missing",
                "quantity": "2",
                "noticed_on": "2026-03-01",
                "still_used": "on",
                "not_asked": "ignored",
            },
        )
        self.assertEqual(
            values,
            {
                "bought_at": "Kyiv shop",
                "fault": "missing",
                "quantity": 2,
                "noticed_on": "2026-03-01",
                "still_used": True,
            },
        )
        bad = {
            "fault": "stolen",
            "quantity": "²",
            "noticed_on": "2026-02-30",
            "bought_at": "x" * 501,
            "still_used": "maybe",
        }
        with self.assertRaises(UserError) as caught:
            Complaint._parse_portal_answers(self.category, bad)
        message = caught.exception.args[0]
        for text in (
            '"What is wrong?": choose one of the options.',
            '"How many pieces?": enter a whole number.',
            '"Noticed on": enter a date',
            '"Where did you buy it?": at most 500 characters.',
            '"Still in use": tick the box',
        ):
            self.assertIn(text, message)


@tagged("post_install", "-at_install", "customer_complaint")
class TestPortalProperties(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = _category(cls.env, "Defective Product (portal test)")
        cls.plain_category = cls.env["customer.complaint.category"].create(
            {"name": "Plain (portal test)"}
        )
        cls.archived_category = cls.env["customer.complaint.category"].create(
            {"name": "Archived (portal test)", "active": False}
        )

    def _answers(self, **answers):
        return {f"prop_{self.category.id}_{k}": v for k, v in answers.items()}

    def test_form_lists_categories_and_questions(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'<option value="{self.category.id}"', response.text)
        self.assertIn(f'<option value="{self.plain_category.id}"', response.text)
        self.assertNotIn(self.archived_category.name, response.text)
        self.assertIn(f'name="prop_{self.category.id}_fault"', response.text)
        self.assertIn("Where did you buy it?", response.text)
        # The staff's fields are never asked.
        self.assertNotIn("Batch Number", response.text)

    def test_file_with_answers(self):
        self.authenticate("portal_a", "portal_a")
        before = self._complaints_of(self.partner_a)
        data = {"category_id": self.category.id}
        data.update(self._answers(fault="broken", quantity="3", still_used="on"))
        # Answers to another category's questions are not read.
        data[f"prop_{self.plain_category.id}_fault"] = "missing"
        response = self._post_new_complaint(data)
        self.assertEqual(response.status_code, 200)
        complaint = self._complaints_of(self.partner_a) - before
        self.assertEqual(complaint.category_id, self.category)
        self.assertEqual(
            dict(complaint.portal_properties._values),
            {"fault": "broken", "quantity": 3, "still_used": True},
        )
        self.assertFalse(complaint.properties._values)
        # The page shows the answers; the internal values stay internal.
        complaint.properties = {"batch_no": "SECRET-BATCH"}
        page = self.url_open(complaint.access_url)
        self.assertIn("How many pieces?", page.text)
        self.assertIn("Broken", page.text)
        self.assertNotIn("SECRET-BATCH", page.text)
        self.assertNotIn("Batch Number", page.text)

    def test_bad_answers_are_refused(self):
        self.authenticate("portal_a", "portal_a")
        count = self.env["customer.complaint"].search_count([])
        cases = [
            (self._answers(quantity="three"), "enter a whole number."),
            (self._answers(fault="<script>"), "choose one of the options."),
            (self._answers(noticed_on="01/03/2026"), "enter a date"),
            (self._answers(bought_at="x" * 600), "at most 500 characters."),
        ]
        for answers, message in cases:
            data = dict(answers, category_id=self.category.id)
            response = self._post_new_complaint(data)
            self.assertEqual(response.status_code, 400, message)
            self.assertIn(message, response.text)
            # The customer's other input is kept.
            self.assertIn("Broken lamp", response.text)
        for category_id in (self.archived_category.id, 999999999, "abc"):
            response = self._post_new_complaint({"category_id": category_id})
            if category_id == "abc":
                # Not an id: read as no category.
                self.assertEqual(response.status_code, 200)
                continue
            self.assertEqual(response.status_code, 400)
            self.assertIn("Choose one of the categories offered.", response.text)
        # Only the complaint without a category was filed.
        self.assertEqual(self.env["customer.complaint"].search_count([]), count + 1)

    def test_portal_user_cannot_read_internal_properties(self):
        complaint = self.complaint_a
        complaint.category_id = self.category
        complaint.properties = {"batch_no": "SECRET-BATCH"}
        as_portal = complaint.with_user(self.portal_a)
        with self.assertRaises(AccessError):
            as_portal.read(["properties"])
        self.authenticate("portal_a", "portal_a")
        with self.assertRaises(Exception) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/customer.complaint/read",
                {
                    "model": "customer.complaint",
                    "method": "read",
                    "args": [complaint.ids, ["properties"]],
                    "kwargs": {},
                },
            )
        self.assertNotIn("SECRET-BATCH", str(caught.exception))
