"""What complaint users and managers click in the web client, in Chromium (Odoo tours)."""

from odoo.tests import HttpCase, tagged

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintWebClient(HttpCase, ComplaintCase):
    def test_an_agent_takes_a_complaint_round_the_loop(self):
        self.start_tour("/odoo", "customer_value_complaint_agent_tour", login=self.agent.login)
        complaint = self.env["customer.value.complaint"].search([("name", "=", "The router arrived broken")])
        self.assertRecordValues(
            complaint,
            [
                {
                    "stage": "received",
                    "reopen_count": 1,
                    "priority": "p1",
                    "csat_score": "4",
                    "partner_id": self.customer.id,
                }
            ],
        )
        self.assertRecordValues(
            complaint.pause_ids.sorted("id"),
            [
                {"kind": "waiting", "reason": "Asked for photos of the box"},
                {"kind": "resolved", "reason": "The new router is broken too"},
            ],
        )
        self.assertTrue(all(complaint.pause_ids.mapped("end")))
        self.assertEqual(complaint.step_ids.filtered("is_reopening").reason, "The new router is broken too")
        self.assertRecordValues(complaint.compensation_ids, [{"kind": "coupon", "amount": 80, "state": "draft"}])

    def test_a_manager_approves_a_compensation_and_reads_the_reports(self):
        complaint = self._complaint(root_cause_id=self.root_cause.id)
        compensation = self.env["customer.value.compensation"].create(
            {"complaint_id": complaint.id, "kind": "coupon", "amount": 150}
        )
        compensation.with_user(self.agent).action_submit()
        self.start_tour("/odoo", "customer_value_complaint_manager_tour", login=self.complaint_manager.login)
        self.assertRecordValues(compensation, [{"state": "done", "approved_by_id": self.complaint_manager.id}])
