"""The SLA clock of complaints on the real database with frozen time: deadlines in working
hours across nights, weekends and public holidays, pauses, the warning, and the
escalation ladder firing each level once however often the scheduled check runs."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .complaint_common import FRIDAY_4PM, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintSla(ComplaintCase):
    def _activities(self, complaint, user):
        return self.env["mail.activity"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id), ("user_id", "=", user.id)]
        )

    def test_deadlines_count_working_hours_only(self):
        complaint = self._complaint()
        self.assertEqual(complaint.sla_id, self.policy)
        # 2 h: Friday 16-17, then Monday is a holiday, Tuesday 9-10
        self.assertEqual(complaint.response_deadline, datetime(2026, 6, 30, 10, 0))
        # 16 h: Friday 1, Tuesday 7, Wednesday 7, Thursday 9-10
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 7, 2, 10, 0))
        # warned at 80%: 1.6 h = Friday's hour and Tuesday 9:00-9:36
        self.assertEqual(complaint.response_warn_at, datetime(2026, 6, 30, 9, 36))
        self.assertEqual(complaint.sla_status, "on_track")
        self.assertEqual(complaint.sla_next_check, datetime(2026, 6, 30, 9, 36))
        self.company.complaint_warning_percent = 50  # 1 h: Friday 16-17
        self.assertEqual(complaint.response_warn_at, datetime(2026, 6, 26, 17, 0))

    def test_public_holiday_moves_the_deadline(self):
        self.env["resource.calendar.leaves"].search([("calendar_id", "=", self.calendar.id)]).unlink()
        complaint = self._complaint()
        self.assertEqual(complaint.response_deadline, datetime(2026, 6, 29, 10, 0))

    def test_time_used_and_left_are_working_hours(self):
        complaint = self._complaint()
        with freeze_time("2026-06-30 12:30:00"):  # Friday 1 h + Tuesday 9-12 = 4 h, lunch not counted
            complaint.invalidate_recordset(["sla_hours_used", "sla_hours_left", "sla_deadline"])
            self.assertAlmostEqual(complaint.sla_hours_used, 4.0)
            self.assertAlmostEqual(complaint.sla_hours_left, -2.0)  # 2 h to answer
            self.assertEqual(complaint.sla_deadline, complaint.response_deadline)
            self.assertAlmostEqual(complaint.sla_used_percent, 200.0)

    def test_waiting_for_the_customer_stops_the_clock_and_is_recorded(self):
        complaint = self._complaint()
        self._confirm_reason(complaint, "pause", "Asked for photos of the box", "2026-06-30 09:30:00")
        self.assertTrue(complaint.is_waiting)
        self.assertEqual(complaint.sla_status, "paused")
        self.assertFalse(complaint.resolution_deadline, "no deadline is known while the clock stands still")
        self.assertFalse(complaint.sla_next_check, "nothing falls due while waiting")
        with freeze_time("2026-07-01 09:30:00"):
            complaint.with_user(self.agent).action_resume()
        pause = complaint.pause_ids
        self.assertRecordValues(
            pause,
            [
                {
                    "user_id": self.agent.id,
                    "resumed_by_id": self.agent.id,
                    "reason": "Asked for photos of the box",
                    "start": datetime(2026, 6, 30, 9, 30),
                    "end": datetime(2026, 7, 1, 9, 30),
                }
            ],
        )
        # Tuesday 9:30-17:00 less lunch (6.5 h) and Wednesday 9:00-9:30 (0.5 h): 7 h not counted
        self.assertAlmostEqual(pause.working_hours, 7.0)
        self.assertEqual(complaint.response_deadline, datetime(2026, 7, 1, 10, 0))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 7, 3, 10, 0))
        self.assertFalse(complaint.is_waiting)
        self.assertEqual(complaint.sla_status, "on_track")

    def test_a_pause_after_the_deadline_does_not_undo_the_breach(self):
        complaint = self._complaint()
        self._check_sla("2026-06-30 10:05:00")
        self.assertEqual(complaint.sla_status, "breached")
        with freeze_time("2026-06-30 11:00:00"):
            complaint._pause_clock("Waiting for the serial number")
        self.assertEqual(complaint.response_deadline, datetime(2026, 6, 30, 10, 0))
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(complaint.sla_breached_on, datetime(2026, 6, 30, 10, 0))

    def test_each_escalation_level_fires_once(self):
        complaint = self._complaint()
        checks = {
            "2026-06-30 09:00:00": (0, False),  # nothing due yet
            "2026-06-30 09:40:00": (0, True),  # 80% of the time to answer: the warning
            "2026-06-30 10:05:00": (1, True),  # no answer by 10:00: the team leader
            "2026-06-30 14:55:00": (1, True),  # the manager 4 working hours later, at 15:00
            "2026-06-30 15:05:00": (2, True),
            "2026-07-01 15:55:00": (2, True),  # the director 8 working hours after the manager
            "2026-07-01 16:05:00": (3, True),
        }
        for moment, (level, warned) in checks.items():
            for _run in range(2):
                self._check_sla(moment)
            self.assertEqual(complaint.escalation_level, level, moment)
            self.assertEqual(complaint.response_warned, warned, moment)
        for user in (self.leader, self.complaint_manager, self.director):
            self.assertEqual(len(self._activities(complaint, user)), 1, user.name)
        warnings = complaint.message_ids.filtered(lambda m: "SLA warning" in (m.body or ""))
        # one for the answer, one at 80% of the time to resolve (Wednesday 13:48)
        self.assertEqual(len(warnings), 2)
        self.assertEqual(len(warnings.filtered(lambda m: "to the answer" in m.body)), 1)
        self.assertEqual(warnings.partner_ids, (self.agent | self.leader).partner_id)
        self.assertTrue(complaint.resolution_warned)
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(complaint.sla_attained, 0.0, "a breach is a miss, resolved or not")

    def test_a_resolved_complaint_is_not_escalated(self):
        complaint = self._complaint()
        with freeze_time("2026-06-30 09:50:00"):
            complaint.write({"root_cause_id": self.root_cause.id, "resolution": "Sent a new router"})
            complaint.action_diagnose()
            complaint.action_resolve()
        self.assertEqual(complaint.sla_status, "met")
        self.assertFalse(complaint.sla_next_check)
        self.assertEqual((complaint.sla_deadline, complaint.sla_hours_left), (False, 0.0), "no clock runs")
        self.assertEqual(complaint.sla_attained, 100.0)
        breached, running = self._complaint(), self._complaint(at=datetime(2026, 6, 30, 10, 0))
        self._check_sla("2026-06-30 10:05:00")
        self.assertEqual((breached.sla_status, running.sla_status), ("breached", "on_track"))
        groups = self.env["customer.value.complaint"]._read_group(
            [("id", "in", (complaint | breached | running).ids)], [], ["sla_attained:avg"]
        )
        self.assertEqual(groups, [(50.0,)], "one met, one breached; one still running does not count")
        self._check_sla("2026-07-03 10:00:00")
        self.assertEqual(complaint.escalation_level, 0)
        self.assertFalse(self._activities(complaint, self.leader))

    def test_an_answer_stops_the_response_clock(self):
        complaint = self._complaint()
        with freeze_time("2026-06-30 09:10:00"):
            complaint.with_user(self.agent).message_post(body="We are on it", subtype_xmlid="mail.mt_note")
            self.assertFalse(complaint.responded_on, "an internal note is no answer to the customer")
            complaint.with_user(self.agent).message_post(
                body="Sorry: a new router is on its way", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(complaint.responded_on, datetime(2026, 6, 30, 9, 10))
        self.assertEqual(complaint.sla_next_check, complaint.resolution_warn_at)
        self._check_sla("2026-06-30 10:30:00")
        self.assertEqual(complaint.sla_status, "on_track")

    def test_major_incident_escalates_at_creation(self):
        complaint = self._complaint(priority="p0")
        self.assertEqual(complaint.escalation_level, 1)
        self.assertTrue(complaint.emergency_alerted)
        self.assertEqual(len(self._activities(complaint, self.director)), 1, "the emergency team is alerted")
        self.assertEqual(len(self._activities(complaint, self.leader)), 1, "the first level is told at once")
        self._check_sla(FRIDAY_4PM)
        self._check_sla(FRIDAY_4PM)
        self.assertEqual(len(self._activities(complaint, self.director)), 1)
        self.assertEqual(len(self._activities(complaint, self.leader)), 1)

    def test_the_first_matching_policy_applies(self):
        gold_policy = self.env["customer.value.complaint.sla"].create(
            {
                "name": "CV Delivery",
                "sequence": 0,
                "category_ids": self.env.ref("customer_value.complaint_category_delivery").ids,
                "response_hours": 1,
                "resolution_hours": 8,
                "calendar_id": self.calendar.id,
            }
        )
        delivery = self._complaint(category_id=self.env.ref("customer_value.complaint_category_delivery").id)
        billing = self._complaint(category_id=self.env.ref("customer_value.complaint_category_billing").id)
        self.assertEqual(delivery.sla_id, gold_policy)
        self.assertEqual(billing.sla_id, self.policy)
        self.assertEqual(delivery.response_deadline, datetime(2026, 6, 26, 17, 0))
        billing.priority = "p1"
        self.assertEqual(billing.sla_id, self.env.ref("customer_value.complaint_sla_p1"), "a new priority, a new SLA")

    def test_bad_targets_and_calendars_are_refused(self):
        policies = self.env["customer.value.complaint.sla"]
        base = {"name": "CV Bad", "calendar_id": self.calendar.id}
        with self.assertRaisesRegex(ValidationError, "Respond Within.*positive"):
            policies.create(dict(base, response_hours=-1, resolution_hours=8))
        with self.assertRaisesRegex(ValidationError, "Resolve Within.*positive"):
            policies.create(dict(base, response_hours=1, resolution_hours=0))
        with self.assertRaisesRegex(ValidationError, "more time to respond"):
            policies.create(dict(base, response_hours=10, resolution_hours=8))
        empty = self.env["resource.calendar"].create({"name": "CV No Hours", "attendance_ids": False})
        with self.assertRaisesRegex(ValidationError, "CV No Hours.*no working time"):
            policies.create(dict(base, response_hours=1, resolution_hours=8, calendar_id=empty.id))
        flexible = self.env["resource.calendar"].create({"name": "CV Flexible", "flexible_hours": True})
        with self.assertRaisesRegex(ValidationError, "CV Flexible.*no working time"):
            policies.create(dict(base, response_hours=1, resolution_hours=8, calendar_id=flexible.id))
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.team.escalation_level_ids[0].delay_hours = -2
        with self.assertRaisesRegex(ValidationError, "Warn at SLA Time Used"):
            self.company.complaint_warning_percent = 100
        with self.assertRaisesRegex(ValidationError, "names no user"):
            self.other_team.escalation_level_ids = [(0, 0, {"name": "Nobody"})]
