"""What an erasure of personal data (customer_complaint_personal_data.py)
rewrites around the complaints: the customer's strings found and replaced
in texts, the messages, emails, notifications and tracked values of the
complaints, their actions and reviews, their files and survey answers."""

import re
from collections import defaultdict

from lxml import html
from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools.mail import email_split_tuples

# Tracked fields whose old and new values are the customer's own.
PERSONAL_TRACKED_FIELDS = {
    "customer.complaint": {
        "partner_id",
        "partner_name",
        "partner_email",
        "partner_phone",
        "subject",
        "proposal_refusal_reason",
    },
    "customer.review": {"partner_id", "comment"},
}
MESSAGE_TEXT_FIELDS = (
    "body",
    "subject",
    "email_from",
    "reply_to",
    "incoming_email_to",
    "incoming_email_cc",
    "outgoing_email_to",
)
MAIL_TEXT_FIELDS = ("body_html", "email_to", "email_cc", "headers", "references")
# Shorter strings would replace parts of ordinary words.
MIN_PERSONAL_STRING = 3
# What mail clients and Odoo's composer wrap a signature in.
SIGNATURE_CLASSES = (
    "o-signature-container",
    "odoo_signature_wrapper",
    "gmail_signature",
)
# Fewer words than this in a subject: a term of the trade, kept.
SUBJECT_WORDS = 3


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    def _personal_data_scrubbers(self, complaints, reviews, customers):
        """{(model, id): scrub} for the complaints, their actions and the
        reviews, and {None: scrub} for them all: ``scrub(text)`` replaces the
        names, emails and phones of the document's customer (their company
        and its contacts) as given on the contacts, the complaints and the
        survey answers, and the complaints' subjects of three words or more,
        as typed and as HTML escapes them. One pattern per customer: a batch
        of the daily job holds many customers."""
        strings = defaultdict(set)
        for partner in customers:
            strings[partner.commercial_partner_id].update(
                # The login: in the links of the emails sent to them.
                (
                    partner.name,
                    partner.email,
                    partner.phone,
                    *partner.user_ids.mapped("login"),
                )
            )
        for complaint in complaints:
            strings[complaint.commercial_partner_id].update(
                (
                    complaint.partner_name,
                    complaint.partner_email,
                    complaint.partner_phone,
                    # Their words: copied into the acknowledgement, the
                    # emails' subjects ("Re: ...") and the staff's logs. A
                    # subject of one or two words ("Refund") names the
                    # matter, not the person: the staff's texts keep it.
                    *(
                        [complaint.subject]
                        if len((complaint.subject or "").split()) >= SUBJECT_WORDS
                        else []
                    ),
                    # Who the customer's emails copied.
                    *(
                        text
                        for name_email in email_split_tuples(complaint.email_cc or "")
                        for text in name_email
                    ),
                )
            )
        for answer in self._survey_answers_of(complaints):
            customer = answer.partner_id or answer.complaint_id.partner_id
            strings[customer.commercial_partner_id].update(
                (answer.email, answer.nickname)
            )
        by_customer = {
            customer: self._scrubber(texts) for customer, texts in strings.items()
        }
        scrubbers = {None: self._scrubber(set().union(*strings.values()))}
        for complaint in complaints:
            scrub = by_customer.get(complaint.commercial_partner_id, scrubbers[None])
            scrubbers["customer.complaint", complaint.id] = scrub
            for action in complaint.action_ids:
                scrubbers["customer.complaint.action", action.id] = scrub
        for review in reviews:
            scrubbers["customer.review", review.id] = by_customer.get(
                review.partner_id.commercial_partner_id, scrubbers[None]
            )
        return scrubbers

    @api.model
    def _scrubber(self, texts):
        """A function replacing ``texts`` (case-insensitive) in a text."""
        variants = {
            variant
            for text in texts
            if text and len(text.strip()) >= MIN_PERSONAL_STRING
            for variant in (text.strip(), str(escape(text.strip())))
        }
        if not variants:
            return lambda text: text
        placeholder = self.env._("[personal data erased]")
        # Whole words, emails and numbers only: "Ann" is not in "annual".
        pattern = re.compile(
            r"(?<![\w@.+-])(?:%s)(?![\w@-])"
            % "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)),
            re.IGNORECASE,
        )

        def scrub(text):
            if not text:
                return text
            scrubbed = pattern.sub(placeholder, str(text))
            return Markup(scrubbed) if isinstance(text, Markup) else scrubbed

        return scrub

    def _erase_chatter(self, reviews, customers, scrubbers, placeholder):
        """Messages (and their emails and tracked values) of the complaints,
        their actions and reviews: what the customer wrote is replaced, the
        staff's keep their text without the customer's names, emails and
        phones. Returns (messages changed, tracked values changed, files)."""
        Message = self.env["mail.message"]
        documents = [
            ("customer.complaint", self.ids),
            ("customer.complaint.action", self.action_ids.ids),
            ("customer.review", reviews.ids),
        ]
        messages = Message.browse()
        for model, ids in documents:
            if ids:
                messages |= Message.search(
                    [("model", "=", model), ("res_id", "in", ids)]
                )
        erased_partner = self.env.ref("customer_complaint.partner_erased")
        by_customer = messages.filtered(
            lambda m: m.author_id in customers or (not m.author_id and m.email_from)
        )
        unlink_customers = [(3, partner.id) for partner in customers]
        by_customer.write(
            {
                "body": Markup("<p>%s</p>") % placeholder,
                "subject": False,
                "email_from": False,
                "reply_to": False,
                "incoming_email_to": False,
                "incoming_email_cc": False,
                "author_id": erased_partner.id,
                "partner_ids": unlink_customers,
            }
        )
        changed = len(by_customer)
        # Staff messages quoting the customer (replies, logs of their text).
        unquoted = Message.browse()
        for message in messages - by_customer:
            scrub = scrubbers[message.model, message.res_id]
            vals = self._scrubbed_values(message, MESSAGE_TEXT_FIELDS, scrub)
            body = self._unquoted(vals.get("body", message.body), placeholder)
            if body is not None:
                vals["body"] = body
                unquoted |= message
            if message.partner_ids & customers:
                vals["partner_ids"] = unlink_customers
            if vals:
                message.write(vals)
                changed += 1
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        for mail in mails:
            message = mail.mail_message_id
            vals = self._scrubbed_values(
                mail, MAIL_TEXT_FIELDS, scrubbers[message.model, message.res_id]
            )
            if message in by_customer:
                vals["body_html"] = str(Markup("<p>%s</p>") % placeholder)
            elif message in unquoted:
                # The layout's preview repeats the quote as plain text.
                vals["body_html"] = str(message.body)
            to_customer = mail.recipient_ids & customers or "email_to" in vals
            if to_customer:
                vals["recipient_ids"] = unlink_customers
                # Not sent yet: it would go to someone no longer known.
                if mail.state in ("outgoing", "exception"):
                    vals["state"] = "cancel"
            if vals:
                mail.write(vals)
        # Whether and when the customer read or received a message: theirs.
        self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("res_partner_id", "in", customers.ids),
            ]
        ).unlink()
        tracked = self._erase_tracking_values(
            messages, customers, scrubbers, placeholder
        )
        return changed, tracked, messages.attachment_ids

    @api.model
    def _unquoted(self, body, placeholder):
        """``body`` with the quotes (blockquotes, quoted replies as Odoo's
        sanitizer marks them) replaced by ``placeholder``; None when it
        quotes nothing. What a staff message quotes is the customer's."""
        if not body or ("data-o-mail-quote" not in body and "<blockquote" not in body):
            return None
        root = html.fragment_fromstring(str(body), create_parent="div")
        quotes = [
            quote
            for quote in root.xpath(
                "//*[@data-o-mail-quote or self::blockquote]"
                "[not(ancestor::*[@data-o-mail-quote or self::blockquote])]"
            )
            # The sanitizer marks signatures as quotes too: the staff's own.
            if not self._is_signature(quote)
        ]
        if not quotes:
            return None
        for quote in quotes:
            for child in list(quote):
                quote.remove(child)
            quote.text = placeholder
        return escape(root.text or "") + Markup(
            "".join(html.tostring(child, encoding="unicode") for child in root)
        )

    @api.model
    def _is_signature(self, element):
        """Whether ``element`` is a signature (Odoo's composer, Gmail,
        Outlook, or text after "-- "), which Odoo marks as a quote."""
        classes = element.get("class") or ""
        return (
            any(mark in classes for mark in SIGNATURE_CLASSES)
            or element.get("id") == "Signature"
            or element.text_content().lstrip().startswith("--")
        )

    @api.model
    def _erase_tracking_values(self, messages, customers, scrubbers, placeholder):
        """Old and new values of the customer's fields become the
        placeholder, the others lose the customer's names, emails and phones.
        Returns how many changed."""
        erased_partner = self.env.ref("customer_complaint.partner_erased")
        trackings = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        changes = defaultdict(lambda: self.env["mail.tracking.value"])
        for tracking in trackings:
            message = tracking.mail_message_id
            scrub = scrubbers[message.model, message.res_id]
            personal = PERSONAL_TRACKED_FIELDS.get(tracking.field_id.model, ())
            vals = {}
            for fname in (
                "old_value_char",
                "new_value_char",
                "old_value_text",
                "new_value_text",
            ):
                if not tracking[fname]:
                    continue
                value = (
                    placeholder
                    if tracking.field_id.name in personal
                    else scrub(tracking[fname])
                )
                if value != tracking[fname]:
                    vals[fname] = value
            for fname in ("old_value_integer", "new_value_integer"):
                if (
                    tracking.field_id.relation == "res.partner"
                    and tracking[fname] in customers.ids
                ):
                    vals[fname] = erased_partner.id
            if vals:
                changes[tuple(sorted(vals.items()))] |= tracking
        # Most are the same placeholder: one write per distinct change.
        for vals, group in changes.items():
            group.write(dict(vals))
        return sum(len(group) for group in changes.values())

    def _erase_attachments(self, reviews, attachments, placeholder):
        """Files of the complaints, their actions, reviews and messages become a
        text file saying so: a photo or a letter cannot be scrubbed. Odoo's
        file store drops the old content at its next garbage collection."""
        Attachment = self.env["ir.attachment"]
        for model, ids in (
            ("customer.complaint", self.ids),
            ("customer.complaint.action", self.action_ids.ids),
            ("customer.review", reviews.ids),
        ):
            if ids:
                attachments |= Attachment.search(
                    [
                        ("res_model", "=", model),
                        ("res_id", "in", ids),
                        ("res_field", "=", False),
                    ]
                )
        if attachments:
            attachments.write(
                {
                    "name": self.env._("erased.txt"),
                    "raw": placeholder.encode(),
                    "mimetype": "text/plain",
                    "description": False,
                    "url": False,
                }
            )
        return len(attachments)

    @api.model
    def _survey_answers_of(self, complaints):
        # sudo: survey answers are not the complaint user's to read.
        return (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    ("complaint_id", "in", complaints.ids),
                    ("id", "in", complaints.satisfaction_input_id.ids),
                    ("id", "in", complaints.survey_input_id.ids),
                ]
            )
        )

    def _erase_survey_answers(self, placeholder, erased_partner):
        """The respondent and what they typed go; their scores stay (the
        satisfaction figures)."""
        answers = self._survey_answers_of(self)
        if not answers:
            return 0
        answers.write(
            {"partner_id": erased_partner.id, "email": False, "nickname": False}
        )
        for fname in ("value_char_box", "value_text_box"):
            answers.user_input_line_ids.filtered(fname).write({fname: placeholder})
        return len(answers)

    @api.model
    def _scrubbed_values(self, record, fnames, scrub):
        """The values of ``record``'s text fields ``fnames`` that ``scrub``
        changes, scrubbed."""
        vals = {}
        for fname in fnames:
            if record[fname] and (scrubbed := scrub(record[fname])) != record[fname]:
                vals[fname] = scrubbed
        return vals
