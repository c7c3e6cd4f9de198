from odoo.tests import TransactionCase, new_test_user


class ComplaintCase(TransactionCase):
    """Users per group, a team and a factory for complaints."""

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
