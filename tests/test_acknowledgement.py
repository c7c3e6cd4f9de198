from ast import literal_eval
from datetime import timedelta

from freezegun import freeze_time
from markupsafe import Markup
from psycopg2.errors import CheckViolation

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCase


@tagged("post_install", "-at_install", "customer_complaint")
class TestAcknowledgement(ComplaintCase):
    """The customer of a new complaint is acknowledged once, by the
    automation rule, in one batch of mails kept in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref(
            "customer_complaint.mail_template_complaint_acknowledgement"
        )
        cls.rule = cls.env.ref(
            "customer_complaint.automation_new_complaint_acknowledge"
        )

    def _register(self, count=1, **values):
        return self._register_each(*[values] * count)

    def _register_each(self, *values_list, user=None):
        """One complaint per values, in one create by ``user`` (the member)."""
        complaints = (
            self.env["customer.complaint"]
            .with_user(user or self.member)
            .create(
                [
                    {
                        "partner_id": self.customer.id,
                        "description": "<p>The sofa arrived with a torn cover.</p>",
                        "channel": "phone",
                        "team_id": self.team.id,
                        **values,
                    }
                    for values in values_list
                ]
            )
        )
        self.env.cr.flush()
        return complaints.with_user(self.env.user)

    def _mails(self, complaints):
        return self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "in", complaints.ids)]
        )

    def _set_send_limit(self, limit):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint.acknowledgement_send_limit", limit
        )

    def _cron_triggers(self):
        cron = self.env.ref("customer_complaint.ir_cron_send_acknowledgements")
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

    def test_acknowledgement_sent_and_logged(self):
        complaint = self._register()
        mail = self._mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(complaint.name, mail.subject)
        body = str(mail.body_html)
        self.assertIn(complaint.user_id.name, body)
        self.assertIn(f"access_token={complaint.access_token}", body)
        self.assertIn(complaint.access_url, body)
        # Logged in the chatter, as a message to the customer.
        self.assertIn(mail.mail_message_id, complaint.message_ids)
        self.assertEqual(
            mail.mail_message_id.subtype_id, self.env.ref("mail.mt_comment")
        )
        self.assertTrue(complaint.date_acknowledged)
        self.assertEqual(complaint.acknowledgement_status, "met")

    def test_answer_date_from_the_final_response_deadline(self):
        self.customer.tz = "Asia/Tokyo"
        complaint = self._register()
        self.assertTrue(complaint.date_final_response_due)
        self.assertGreater(complaint.date_final_response_due, complaint.date_received)
        # The date the customer reads is the deadline's, in their time zone.
        tz = "Asia/Tokyo"
        due = self.env["mail.render.mixin"]._render_template(
            "{{ format_datetime(object.date_final_response_due, tz=tz, "
            "dt_format='long') }}",
            "customer.complaint",
            complaint.ids,
            engine="inline_template",
            add_context={"tz": tz},
        )[complaint.id]
        self.assertIn(due, str(self._mails(complaint).body_html))

    def test_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("uk_UA")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_complaint")]
        )._update_translations("uk_UA")
        self.customer.lang = "uk_UA"
        complaint = self._register()
        mail = self._mails(complaint)
        self.assertEqual(mail.subject, f"{complaint.name}: ми отримали вашу рекламацію")
        self.assertIn("Ми отримали вашу рекламацію", str(mail.body_html))
        self.assertNotIn("We have received", str(mail.body_html))

    def test_once_per_complaint(self):
        complaints = self._register(count=3)
        complaints._acknowledge_new_complaints()
        self.env.cr.flush()
        self.assertEqual(len(self._mails(complaints)), 3)

    def test_large_batch_queued_for_the_cron(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint.acknowledgement_send_limit", 2
        )
        cron = self.env.ref("customer_complaint.ir_cron_send_acknowledgements")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        small = self._register(count=2)
        self.assertEqual(len(self._mails(small)), 2)
        self.assertFalse(any(small.mapped("acknowledgement_queued")))
        large = self._register(count=3)
        # Queued, the cron triggered; nothing rendered in this transaction.
        self.assertFalse(self._mails(large))
        self.assertTrue(all(large.mapped("acknowledgement_queued")))
        self.assertFalse(any(large.mapped("date_acknowledged")))
        self.assertEqual(large.mapped("acknowledgement_status"), ["running"] * 3)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
        )
        # Closed before the cron ran: left out, and out of the queue.
        large[2].sudo().write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Settled",
                "outcome": "upheld",
            }
        )
        # 18, and 1 reading the acknowledgement rule's domain.
        with self.assertQueryCount(__system__=19):
            self.env["customer.complaint"]._cron_send_acknowledgements()
        self.assertEqual(len(self._mails(large[:2])), 2)
        # The closing notice is its mail; no acknowledgement.
        self.assertNotIn(
            self.env.ref("mail.mt_comment"),
            self._mails(large[2]).mail_message_id.subtype_id,
        )
        self.assertFalse(large[2].date_acknowledged)
        self.assertFalse(any(large.mapped("acknowledgement_queued")))
        self.assertEqual(large[:2].mapped("acknowledgement_status"), ["met"] * 2)
        # Run again: nothing is sent twice.
        self.env["customer.complaint"]._cron_send_acknowledgements()
        self.assertEqual(len(self._mails(large[:2])), 2)

    def test_large_batch_with_the_rule_archived_queues_nothing(self):
        self._set_send_limit(2)
        self.rule.active = False
        # Odoo patches the models from the active rules: put them back as the
        # database has them once the test is rolled back.
        self.addCleanup(self.rule.write, {"active": True})
        triggers = self._cron_triggers()
        complaints = self._register(count=3)
        self.assertFalse(any(complaints.mapped("acknowledgement_queued")))
        self.assertEqual(self._cron_triggers(), triggers)
        self.env["customer.complaint"]._cron_send_acknowledgements()
        self.assertFalse(self._mails(complaints))
        self.assertFalse(any(complaints.mapped("date_acknowledged")))

    def test_cron_follows_the_rule_domain(self):
        self._set_send_limit(2)
        # An administrator's narrower rule: phone complaints only.
        self.rule.filter_domain = repr(
            literal_eval(self.rule.filter_domain) + [("channel", "=", "phone")]
        )
        by_phone, in_person = {"channel": "phone"}, {"channel": "in_person"}
        complaints = self._register_each(by_phone, in_person, by_phone, in_person)
        # The domain needs the records: all queued, none sent yet.
        self.assertTrue(all(complaints.mapped("acknowledgement_queued")))
        self.assertFalse(self._mails(complaints))
        self.env["customer.complaint"]._cron_send_acknowledgements()
        phoned = complaints.filtered(lambda c: c.channel == "phone")
        self.assertEqual(len(phoned), 2)
        self.assertEqual(len(self._mails(phoned)), 2)
        self.assertTrue(all(phoned.mapped("date_acknowledged")))
        self.assertFalse(self._mails(complaints - phoned))
        self.assertFalse(any((complaints - phoned).mapped("date_acknowledged")))
        self.assertFalse(any(complaints.mapped("acknowledgement_queued")))

    def test_only_the_complaints_to_acknowledge_are_counted_and_queued(self):
        self._set_send_limit(2)
        no_email = self.env["res.partner"].create({"name": "No Email"})
        closed = {
            "stage_id": self.stages["closed"].id,
            "resolution": "Settled",
            "outcome": "upheld",
        }
        not_to_acknowledge = (
            {"partner_id": no_email.id},
            # The contact email given, empty: the customer's is not used.
            {"partner_email": False},
            closed,
        )
        triggers = self._cron_triggers()
        # Two to acknowledge of five: within the limit, sent at once.
        complaints = self._register_each({}, *not_to_acknowledge, {}, user=self.manager)
        self.assertFalse(any(complaints.mapped("acknowledgement_queued")))
        self.assertEqual(self._cron_triggers(), triggers)
        acknowledged = complaints[0] | complaints[-1]
        self.assertEqual(len(self._mails(acknowledged)), 2)
        self.assertTrue(all(acknowledged.mapped("date_acknowledged")))
        self.assertFalse(any((complaints - acknowledged).mapped("date_acknowledged")))
        # Three of six: over the limit, only those three queued.
        complaints = self._register_each(
            {}, {}, *not_to_acknowledge, {}, user=self.manager
        )
        queued = complaints.filtered("acknowledgement_queued")
        self.assertEqual(queued, complaints[:2] | complaints[-1])
        self.assertGreater(self._cron_triggers(), triggers)
        self.assertFalse(self._mails(complaints))
        self.env["customer.complaint"]._cron_send_acknowledgements()
        self.assertEqual(len(self._mails(queued)), 3)
        self.assertTrue(all(queued.mapped("date_acknowledged")))
        self.assertFalse(any((complaints - queued).mapped("date_acknowledged")))

    def test_one_mail_that_cannot_be_made_does_not_stop_the_queue(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint.acknowledgement_send_limit", 1
        )
        complaints = self._register(count=3)
        broken = complaints[1]
        # An administrator's edit of the template that fails for one record.
        self.template.body_html = (
            Markup('<p><t t-out="1 // (object.id - %d)"/></p>') % broken.id
            + self.template.body_html
        )
        with mute_logger(
            "odoo.addons.customer_complaint.models.customer_complaint_batch_mixin",
            "odoo.addons.mail.models.mail_render_mixin",
        ):
            self.env["customer.complaint"]._cron_send_acknowledgements()
        self.assertEqual(len(self._mails(complaints - broken)), 2)
        self.assertFalse(self._mails(broken))
        self.assertFalse(broken.date_acknowledged)
        self.assertEqual(broken.acknowledgement_status, "running")
        # Out of the queue: the next runs do not fail on it again.
        self.assertFalse(any(complaints.mapped("acknowledgement_queued")))

    def test_mistyped_send_limit_falls_back_to_the_default(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint.acknowledgement_send_limit", "ten"
        )
        complaints = self._register(count=2)
        self.assertEqual(len(self._mails(complaints)), 2)
        self.assertFalse(any(complaints.mapped("acknowledgement_queued")))

    def test_not_without_email_or_when_switched_off(self):
        no_email = self.env["res.partner"].create({"name": "No Email"})
        complaint = self._register(partner_id=no_email.id)
        self.assertFalse(self._mails(complaint))
        self.assertFalse(complaint.date_acknowledged)
        self.company.complaint_acknowledge = False
        complaint = self._register()
        self.assertFalse(self._mails(complaint))
        self.company.complaint_acknowledge = True
        self.rule.active = False
        complaint = self._register()
        self.assertFalse(self._mails(complaint))

    def test_history_closed_on_import_is_not_acknowledged(self):
        received = fields.Datetime.now() - timedelta(days=30)
        complaint = (
            self.env["customer.complaint"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": received,
                    "stage_id": self.stages["closed"].id,
                    "date_closed": received + timedelta(days=2),
                    "resolution": "Settled",
                    "outcome": "upheld",
                }
            )
        )
        self.env.cr.flush()
        self.assertFalse(self._mails(complaint))

    def test_dates_and_statuses_are_kept_by_the_application(self):
        complaint = self._register()
        for fname, value in (
            ("date_acknowledged", fields.Datetime.now()),
            ("acknowledgement_queued", True),
            ("acknowledgement_status", "met"),
            ("final_response_status", "met"),
            ("date_final_response_due", fields.Datetime.now()),
        ):
            with self.subTest(field=fname), self.assertRaises(UserError):
                complaint.with_user(self.member).write({fname: value})


@tagged("post_install", "-at_install", "customer_complaint")
class TestResponseDeadlines(ComplaintCase):
    """First and final response: targets from the deadline policies, met or
    failed, the cron marking missed ones, the deadline-status report."""

    def test_first_response_is_the_first_public_staff_message(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.first_response_status, "running")
        complaint.with_user(self.member).message_post(
            body="Internal: call the carrier", subtype_xmlid="mail.mt_note"
        )
        complaint.message_post(
            body="I am still waiting",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(complaint.date_first_response)
        complaint.with_user(self.member).message_post(
            body="We are on it: a new cover is ordered.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(complaint.date_first_response)
        self.assertEqual(complaint.first_response_status, "met")

    def test_final_response_met_or_failed(self):
        on_time = self.create_complaint()
        late = self.create_complaint(
            date_received=fields.Datetime.now() - timedelta(days=60)
        )
        self.assertEqual(on_time.final_response_status, "running")
        self.assertEqual(late.final_response_status, "failed")
        (on_time | late).write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Settled",
                "outcome": "upheld",
            }
        )
        self.assertEqual(on_time.final_response_status, "met")
        self.assertEqual(late.final_response_status, "failed")

    def test_most_specific_policy_wins(self):
        Policy = self.env["customer.complaint.sla.policy"]
        Policy.create(
            {"target": "first_response", "team_id": self.team.id, "working_hours": 1}
        )
        fast, default = (
            self.create_complaint(),
            self.create_complaint(team_id=self.other_team.id),
        )
        self.assertLess(fast.date_first_response_due, default.date_first_response_due)

    def test_policy_target_and_stage_agree(self):
        Policy = self.env["customer.complaint.sla.policy"]
        for values in (
            {"target": "stage", "working_hours": 5},
            {
                "target": "first_response",
                "stage_id": self.stages["analysis"].id,
                "working_hours": 5,
            },
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(CheckViolation),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                Policy.create(values)
                self.env.flush_all()

    def test_cron_marks_missed_targets(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.first_response_status, "running")
        with freeze_time(complaint.date_first_response_due + timedelta(hours=1)):
            self.env["customer.complaint"]._cron_fail_late_responses()
            self.assertEqual(complaint.first_response_status, "failed")
            # An answer after the due date leaves it failed.
            complaint.with_user(self.member).message_post(
                body="Sorry for the delay",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertTrue(complaint.date_first_response)
            self.assertEqual(complaint.first_response_status, "failed")

    def test_deadline_status_report(self):
        team = self.env["customer.complaint.team"].create(
            {"name": "Status Team", "assignment_mode": "manual"}
        )
        complaints = self.env["customer.complaint"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "team_id": team.id,
                    "date_received": fields.Datetime.now() - timedelta(days=days),
                }
                for days in (0, 0, 60)
            ]
        )
        complaints[0].with_user(self.manager).message_post(
            body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.env.flush_all()
        rows = (
            self.env["customer.complaint.response.report"]
            .with_user(self.manager)
            ._read_group(
                [("team_id", "=", team.id), ("target", "=", "first_response")],
                ["status"],
                ["__count"],
            )
        )
        self.assertEqual(dict(rows), {"met": 1, "running": 1, "failed": 1})


@tagged("post_install", "-at_install", "customer_complaint")
class TestComplaintSubtypes(ComplaintCase):
    """Followers, the customer included, hear of what their subtypes say;
    a stage can email the customer a notice."""

    def _flush(self, complaint):
        # Tracking is posted when the transaction is saved.
        self.env.cr.flush()
        complaint.invalidate_recordset(["message_ids"])

    def test_customer_hears_only_of_resolution(self):
        complaint = self.create_complaint()
        # Odoo tracks no change of a record created in the same transaction.
        self._flush(complaint)
        resolved = self.env.ref("customer_complaint.mt_complaint_resolved")
        complaint.message_subscribe(
            partner_ids=self.customer.ids, subtype_ids=resolved.ids
        )
        complaint.with_user(self.member).stage_id = self.stages["analysis"]
        self._flush(complaint)
        stage_message = complaint.message_ids.filtered("tracking_value_ids")[0]
        self.assertEqual(
            stage_message.subtype_id,
            self.env.ref("customer_complaint.mt_complaint_stage"),
        )
        self.assertNotIn(self.customer, stage_message.notified_partner_ids)
        complaint.with_user(self.member).write(
            {
                "stage_id": self.stages["closed"].id,
                "resolution": "Settled",
                "outcome": "upheld",
            }
        )
        self._flush(complaint)
        closing_message = complaint.message_ids.filtered(
            lambda m: m.subtype_id == resolved
        )
        self.assertEqual(len(closing_message), 1)
        self.assertIn(self.customer, closing_message.notified_partner_ids)

    def test_rejection_subtype(self):
        complaint = self.create_complaint()
        # Odoo tracks no change of a record created in the same transaction.
        self._flush(complaint)
        complaint.with_user(self.member).action_reject(self.reason_duplicate)
        self._flush(complaint)
        self.assertIn(
            self.env.ref("customer_complaint.mt_complaint_rejected"),
            complaint.message_ids.subtype_id,
        )

    def test_stage_notice_to_the_customer(self):
        stage = self.stages["analysis"]
        self.stages["corrective_action"].mail_template_id = False
        stage.mail_template_id = self.env.ref(
            "customer_complaint.mail_template_complaint_progress"
        )
        complaint = self.create_complaint()
        # Odoo tracks no change of a record created in the same transaction.
        self._flush(complaint)
        complaint.with_user(self.member).stage_id = stage
        self._flush(complaint)
        notice = complaint.message_ids.filtered(
            lambda m: m.subject == f"{complaint.name}: {stage.name}"
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.customer, notice.partner_ids)
        # No notice where the stage has none.
        complaint.with_user(self.member).stage_id = self.stages["corrective_action"]
        self._flush(complaint)
        self.assertFalse(
            complaint.message_ids.filtered(
                lambda m: m.subject
                == f"{complaint.name}: {self.stages['corrective_action'].name}"
            )
        )
