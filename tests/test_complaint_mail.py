"""Complaints from e-mail through Odoo's real mail gateway (``message_process`` of raw
e-mails): a mail to the team's alias creates a complaint, a reply threads into it and
restarts a clock that waited for the customer, unknown senders are flagged or refused."""

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .complaint_common import ComplaintCase

RAW_EMAIL = """Return-Path: <{sender}>
From: {sender_name} <{sender}>
To: {to}
Subject: {subject}
Message-ID: {message_id}
{extra}Date: Tue, 30 Jun 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestComplaintMail(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "grumpy-service.example"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "cv-complaints", "alias_domain_id": domain.id})

    def _receive(self, subject, sender="gus@grumpy.example", message_id="<1@grumpy.example>", extra="", body="Hi"):
        raw = RAW_EMAIL.format(
            sender=sender,
            sender_name="Gus",
            to="cv-complaints@grumpy-service.example",
            subject=subject,
            message_id=message_id,
            extra=extra,
            body=body,
        )
        return self.env["mail.thread"].message_process(False, raw)

    def test_an_email_to_the_alias_creates_a_complaint_and_replies_thread_in(self):
        with freeze_time("2026-06-30 09:00:00"):
            complaint_id = self._receive("My router arrived broken", body="The box was crushed.")
        complaint = self.env["customer.value.complaint"].browse(complaint_id)
        self.assertRecordValues(
            complaint,
            [
                {
                    "name": "My router arrived broken",
                    "team_id": self.team.id,
                    "contact_id": self.contact.id,
                    "partner_id": self.customer.id,
                    "unknown_sender": False,
                    "user_id": False,
                    "stage": "received",
                    "sla_id": self.policy.id,
                }
            ],
        )
        self.assertIn("The box was crushed.", complaint.description)
        with freeze_time("2026-06-30 09:30:00"):
            complaint._pause_clock("Asked for a photo")
        with freeze_time("2026-06-30 11:00:00"):
            reply_id = self._receive(
                "Re: My router arrived broken",
                message_id="<2@grumpy.example>",
                extra="In-Reply-To: <1@grumpy.example>\nReferences: <1@grumpy.example>\n",
                body="Here is the photo.",
            )
        self.assertEqual(reply_id, complaint.id, "the reply threads into the complaint")
        self.assertEqual(self.env["customer.value.complaint"].search_count([("team_id", "=", self.team.id)]), 1)
        self.assertIn("Here is the photo.", "".join(complaint.message_ids.mapped("body")))
        self.assertFalse(complaint.is_waiting, "the customer's answer restarts the clock")
        self.assertIn("The customer answered", "".join(complaint.message_ids.mapped("body")))

    def test_unknown_senders_are_flagged(self):
        complaint_id = self._receive("Broken!", sender="stranger@nowhere.example")
        complaint = self.env["customer.value.complaint"].browse(complaint_id)
        self.assertTrue(complaint.unknown_sender)
        self.assertFalse(complaint.partner_id)
        self.assertIn("stranger@nowhere.example", complaint.email_from)

    def test_an_unknown_sender_answers_only_for_its_own_complaint(self):
        with freeze_time("2026-06-30 09:00:00"):
            complaint = self.env["customer.value.complaint"].browse(
                self._receive("Broken!", sender="stranger@nowhere.example", message_id="<s1@nowhere.example>")
            )
            complaint._pause_clock("Asked who they are")
        thread = "In-Reply-To: <s1@nowhere.example>\nReferences: <s1@nowhere.example>\n"
        with freeze_time("2026-06-30 10:00:00"):
            self._receive("Re: Broken!", sender="someone@else.example", message_id="<s2@else.example>", extra=thread)
        self.assertTrue(complaint.is_waiting, "a reply from another unknown address does not restart the clock")
        with freeze_time("2026-06-30 11:00:00"):
            self._receive(
                "Re: Broken!", sender="stranger@nowhere.example", message_id="<s3@nowhere.example>", extra=thread
            )
        self.assertFalse(complaint.is_waiting)
        self.assertEqual(complaint.pause_ids.end.hour, 11)

    def test_unknown_senders_can_be_refused(self):
        self.team.unknown_sender_policy = "refuse"
        self.assertEqual(self.team.alias_id.alias_contact, "partners")
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self._receive("Broken!", sender="stranger@nowhere.example")
        self.assertFalse(
            self.env["customer.value.complaint"].search([("email_from", "ilike", "stranger@nowhere.example")])
        )
        known_id = self._receive("Broken too", message_id="<3@grumpy.example>")
        known = self.env["customer.value.complaint"].browse(known_id)
        self.assertEqual(known.contact_id, self.contact, "known customers still get through")
