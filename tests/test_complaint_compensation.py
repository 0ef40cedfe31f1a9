"""Service recovery on the real database: compensations within the limit for the
customer's tier are approved at once, those above wait for a complaint manager, a
credit note is drafted in accounting, and the cost is reported by tier and root cause."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintCompensation(ComplaintCase):
    def _compensation(self, amount, kind="coupon", complaint=None, user=None):
        complaint = complaint or self._complaint(root_cause_id=self.root_cause.id)
        return (
            self.env["customer.value.compensation"]
            .with_user(user or self.agent)
            .create({"complaint_id": complaint.id, "kind": kind, "amount": amount, "description": "Sorry"})
        )

    def test_within_the_limit_it_is_approved_at_once(self):
        compensation = self._compensation(15)  # customers without a tier: up to 20
        self.assertEqual(compensation.approval_limit, 20)
        compensation.action_submit()
        self.assertRecordValues(compensation, [{"state": "approved", "approved_by_id": self.agent.id}])
        compensation.action_give()
        self.assertEqual(compensation.state, "done")

    def test_above_the_limit_a_manager_approves(self):
        compensation = self._compensation(120, kind="credit_note")
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        self.assertIn(self.complaint_manager, compensation.activity_ids.user_id)
        with self.assertRaises(AccessError):
            compensation.action_approve()
        with self.assertRaisesRegex(UserError, "not approved yet"):
            compensation.action_give()
        compensation.with_user(self.complaint_manager).action_approve()
        self.assertRecordValues(compensation, [{"state": "approved", "approved_by_id": self.complaint_manager.id}])
        self.assertFalse(compensation.activity_ids)
        compensation.action_give()
        credit_note = compensation.credit_note_id
        self.assertRecordValues(
            credit_note,
            [{"move_type": "out_refund", "state": "draft", "partner_id": self.customer.id, "amount_untaxed": 120}],
        )
        self.assertEqual(compensation.state, "done")

    def test_the_approval_cannot_be_bypassed(self):
        compensation = self._compensation(120)
        for vals in ({"state": "approved", "approved_by_id": self.complaint_manager.id}, {"state": "done"}):
            with self.assertRaisesRegex(AccessError, "with its buttons only"):
                compensation.write(vals)
        with self.assertRaises(AccessError):
            self.env["customer.value.compensation"].with_user(self.agent).create(
                {"complaint_id": compensation.complaint_id.id, "kind": "coupon", "amount": 900, "state": "done"}
            )
        with self.assertRaisesRegex(ValidationError, "a complaint manager must approve it"):
            compensation.sudo().write({"state": "approved", "approved_by_id": self.agent.id})
        compensation.action_submit()
        compensation.with_user(self.complaint_manager).action_approve()
        with self.assertRaisesRegex(UserError, "cannot change"):
            compensation.amount = 500

    def test_the_limit_follows_the_customers_tier(self):
        self._invoice(self.customer, 1000, 30)
        self._run()
        self.assertEqual(self._value(self.customer).tier_id, self.diamond, "the only customer: the top 5%")
        complaint = self._complaint(root_cause_id=self.root_cause.id)
        self.assertEqual(complaint.tier_id, self.diamond)
        compensation = self._compensation(400, complaint=complaint)
        self.assertEqual(compensation.approval_limit, 500)
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved", "Diamond: up to 500")

    def test_bad_input_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._compensation(-5)
        with self.assertRaisesRegex(ValidationError, "needs its Cost"):
            self._compensation(0, kind="credit_note")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env.ref("customer_value.compensation_limit_no_tier").amount = -1

    def test_access_to_compensations(self):
        compensation = self._compensation(10)
        with self.assertRaises(AccessError):
            compensation.with_user(self.internal).read(["amount"])
        with self.assertRaises(AccessError):
            compensation.with_user(self.other_agent).read(["amount"])
        self.assertEqual(compensation.with_user(self.accountant).amount, 10, "accountants read the cost")
        with self.assertRaises(AccessError):
            compensation.with_user(self.accountant).write({"description": "x"})

    def test_the_cost_is_reported_by_tier_and_root_cause(self):
        for amount in (10, 15):
            compensation = self._compensation(amount)
            compensation.action_submit()
            compensation.action_give()
        self._compensation(5).action_refuse()
        groups = self.env["customer.value.compensation"]._read_group(
            [("state", "=", "done"), ("partner_id", "=", self.customer.id)],
            ["root_cause_id", "tier_id"],
            ["amount:sum"],
        )
        self.assertEqual(groups, [(self.root_cause, self.env["customer.value.tier"], 25.0)])
