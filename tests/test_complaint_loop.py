"""The closed loop of complaints on the real database: each step in order with what it
needs, the follow-up visit scheduled after the resolution, the customer's satisfaction
counted in its CSAT, and reopening on record."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintLoop(ComplaintCase):
    def _resolved(self):
        complaint = self._complaint().with_user(self.agent)
        with freeze_time("2026-06-30 09:30:00"):
            complaint.write({"root_cause_id": self.root_cause.id, "diagnosis": "The carrier dropped it"})
            complaint.action_diagnose()
            complaint.resolution = "Sent a new router by courier"
            complaint.action_resolve()
        return complaint

    def test_the_loop_runs_in_order_with_what_each_step_needs(self):
        complaint = self._complaint().with_user(self.agent)
        self.assertEqual(complaint.stage, "received")
        self.assertRegex(complaint.reference, r"^CMP/2026/\d{5}$")
        self.assertEqual(complaint.partner_id, self.customer, "the commercial partner of the contact")
        with self.assertRaisesRegex(UserError, "needs “Root Cause”"):
            complaint.action_diagnose()
        complaint.root_cause_id = self.root_cause
        complaint.action_diagnose()
        with self.assertRaisesRegex(UserError, "needs “Resolution”"):
            complaint.action_resolve()
        complaint.resolution = "Replaced"
        complaint.action_resolve()
        with self.assertRaisesRegex(UserError, "needs “Customer Satisfaction”"):
            complaint.action_follow_up_done()
        complaint.csat_score = "4"
        complaint.action_follow_up_done()
        with self.assertRaisesRegex(UserError, "needs “Improvement Action”"):
            complaint.action_improvement_done()
        complaint.corrective_action = "Sturdier packaging for routers"
        complaint.action_improvement_done()
        complaint.action_close()
        self.assertEqual(complaint.stage, "closed")
        self.assertTrue(complaint.closed_on)
        self.assertEqual(
            complaint.step_ids.sorted("id").mapped("stage"),
            ["received", "diagnosed", "resolved", "follow_up", "improvement", "closed"],
        )
        self.assertFalse(complaint.step_ids.filtered(lambda s: s.stage != "closed" and not s.left_on))

    def test_skipping_a_step_is_refused_with_its_name(self):
        complaint = self._complaint().with_user(self.agent)
        complaint.write({"root_cause_id": self.root_cause.id, "resolution": "Replaced", "csat_score": "5"})
        with self.assertRaisesRegex(UserError, "cannot go to “Resolved”: the step “Diagnosed” is not done"):
            complaint.write({"stage": "resolved"})
        with self.assertRaisesRegex(UserError, "cannot go to “Closed”: the step “Diagnosed” is not done"):
            complaint.write({"stage": "closed"})
        complaint.action_diagnose()
        complaint.action_resolve()
        with self.assertRaisesRegex(UserError, "the step “Follow-up Visit” is not done"):
            complaint.action_close()
        with self.assertRaisesRegex(UserError, "use Reopen"):
            complaint.write({"stage": "diagnosed"})
        self.assertEqual(complaint.stage, "resolved")

    def test_resolving_schedules_the_follow_up_visit(self):
        with freeze_time("2026-06-30 09:30:00"):
            complaint = self._resolved()
        visit = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("customer_value.mail_activity_type_complaint_follow_up")
        )
        self.assertEqual(visit.date_deadline, date(2026, 7, 7), "7 days after the resolution")
        self.assertEqual(visit.user_id, self.agent)
        self.assertEqual(complaint.resolved_on, datetime(2026, 6, 30, 9, 30))
        complaint.csat_score = "2"
        complaint.action_follow_up_done()
        self.assertFalse(visit.exists(), "the visit is done when the follow-up step is")

    def test_the_follow_up_days_are_a_setting(self):
        self.company.complaint_follow_up_days = 3
        complaint = self._resolved()
        self.assertEqual(complaint.activity_ids.date_deadline, date(2026, 7, 3))

    def test_the_satisfaction_counts_in_the_customers_csat(self):
        complaint = self._resolved()
        complaint.csat_score = "2"
        answer = complaint.satisfaction_id
        self.assertRecordValues(
            answer, [{"partner_id": self.customer.id, "contact_id": self.contact.id, "kind": "csat", "score": 2}]
        )
        complaint.csat_score = "4"
        self.assertEqual(answer.score, 4, "one answer per complaint, following its score")
        answers = self.env["customer.value.satisfaction"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(answers, answer)

    def test_the_customers_rating_is_its_satisfaction(self):
        complaint = self._resolved()
        token = complaint.sudo()._rating_get_access_token()
        complaint.sudo().rating_apply(5, token=token, feedback="Quick and kind")
        self.assertEqual(complaint.csat_score, "5")
        self.assertRecordValues(complaint.satisfaction_id, [{"kind": "csat", "score": 5, "source": "rating"}])
        complaint.action_follow_up_done()
        self.assertEqual(complaint.stage, "follow_up")

    def test_reopening_is_on_record_and_restarts_the_clock(self):
        complaint = self._resolved()
        self._confirm_reason(complaint, "reopen", "The new router is broken too", "2026-07-01 10:00:00")
        self.assertEqual(complaint.stage, "received")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.resolved_on)
        reopening = complaint.step_ids.filtered("is_reopening")
        self.assertRecordValues(
            reopening, [{"stage": "received", "reason": "The new router is broken too", "user_id": self.agent.id}]
        )
        self.assertTrue(complaint.is_open)
        self.assertEqual(complaint.sla_next_check, complaint.resolution_warn_at, "the resolution clock runs again")
        with self.assertRaisesRegex(UserError, "Only a resolved complaint can be reopened"):
            complaint._reopen("again")

    def test_the_time_spent_resolved_does_not_count_after_a_reopening(self):
        """Received Friday 16:00, resolved Tuesday 9:30 after 1.5 working hours (Monday is a
        holiday), reopened Wednesday 10:00: the 7.5 working hours in between are a pause,
        so the 16 hours to resolve end on Friday 3 July at 10:30, not on Thursday 10:00."""
        complaint = self._resolved()
        self._confirm_reason(complaint, "reopen", "Still broken", "2026-07-01 10:00:00")
        resolved = complaint.pause_ids
        self.assertRecordValues(
            resolved,
            [
                {
                    "kind": "resolved",
                    "start": datetime(2026, 6, 30, 9, 30),
                    "end": datetime(2026, 7, 1, 10, 0),
                    "user_id": self.agent.id,
                    "reason": "Still broken",
                    "working_hours": 7.5,
                }
            ],
        )
        self.assertFalse(complaint.is_waiting, "the clock runs again")
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 7, 3, 10, 30))
        complaint.invalidate_recordset(["sla_hours_used"])
        with freeze_time("2026-07-01 10:00:00"):
            self.assertEqual(complaint.sla_hours_used, 1.5)
        self._check_sla("2026-07-02 11:00:00")
        self.assertEqual(complaint.sla_status, "on_track", "the old deadline, Thursday 10:00, has passed")

    def test_what_a_step_needed_cannot_be_emptied_after_it(self):
        complaint = self._resolved()
        with (
            self.assertRaisesRegex(ValidationError, "past “Diagnosed”, which needs “Root Cause”"),
            self.env.cr.savepoint(),
        ):
            complaint.root_cause_id = False
        with (
            self.assertRaisesRegex(ValidationError, "past “Resolved”, which needs “Resolution”"),
            self.env.cr.savepoint(),
        ):
            complaint.resolution = False
        complaint.diagnosis = False  # not a requirement

    def test_moving_on_ends_the_wait(self):
        complaint = self._complaint().with_user(self.agent)
        with freeze_time("2026-06-30 09:30:00"):
            complaint._pause_clock("Asked for the invoice number")
        with freeze_time("2026-06-30 11:30:00"):
            complaint.root_cause_id = self.root_cause
            complaint.action_diagnose()
        self.assertFalse(complaint.is_waiting)
        self.assertEqual(complaint.pause_ids.end, datetime(2026, 6, 30, 11, 30))
        with self.assertRaisesRegex(UserError, "already waiting"):
            complaint._pause_clock("twice")
            complaint._pause_clock("twice")
