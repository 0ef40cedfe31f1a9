"""The bridge of customer value and loyalty (customer_value_loyalty): a member's loyalty
activity weighs in the health score, and a complaint's compensation can be paid in points
through a points adjustment, approved like any other."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase
from .complaint_common import ComplaintCase


def _order_entry(env, card, days_ago, issued=0.0, used=0.0, today=TODAY):
    """Points earned or spent on an order ``days_ago`` days before ``today``, as Odoo posts them."""
    with freeze_time(datetime.combine(today - timedelta(days=days_ago), time(12))):
        env["loyalty.history"].create(
            {
                "card_id": card.id,
                "issued": issued,
                "used": used,
                "description": "Order",
                "order_model": "res.partner",
                "order_id": card.partner_id.id,
            }
        )
        card.points += issued - used
    env.flush_all()


@tagged("post_install", "-at_install")
class TestLoyaltyActivityHealth(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for component in cls.env["customer.value.component"].search(
            [("score_type", "=", "health"), ("company_id", "=", False)]
        ):
            component.active = component.code == "loyalty_activity"
        cls.program = cls.env["loyalty.program"].create({"name": "CV Club", "program_type": "loyalty"})

    def test_points_earned_and_spent_in_the_window_make_a_member_healthy(self):
        member, other = self._customers(2, prefix="CV Member")
        self._invoices([(member, 500, 10), (member, 500, 400), (other, 500, 10), (other, 500, 400)])
        contact = self.env["res.partner"].create({"name": "Mia Member", "parent_id": member.id})
        card = self.env["loyalty.card"].create({"program_id": self.program.id, "partner_id": contact.id})
        _order_entry(self.env, card, 10, issued=100)
        _order_entry(self.env, card, 30, used=50, issued=0)
        _order_entry(self.env, card, 120, issued=500)  # before the 90 days of the engagement window
        self._run()
        value = self._value(member)
        self.assertEqual(value.loyalty_activity_count, 2)
        self.assertAlmostEqual(value.health_score, 66.7, places=1)
        self.assertIn("2 orders with points earned or spent", value.health_breakdown_html)
        non_member = self._value(other)
        self.assertIsNone(non_member.health_breakdown.get("loyalty_activity"), "no card: left to the other components")


@tagged("post_install", "-at_install")
class TestCompensationInPoints(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {"name": "CV Points Club", "program_type": "loyalty", "point_value": 0.01, "adjustment_approval_limit": 500}
        )
        cls.card = cls.env["loyalty.card"].create({"program_id": cls.program.id, "partner_id": cls.customer.id})
        cls.loyalty_manager = cls.env["res.users"].create(
            {
                "name": "Lola Loyalty",
                "login": "cv_loyalty_manager",
                "groups_id": [(6, 0, cls.env.ref("loyalty_tiers.group_loyalty_tiers_manager").ids)],
            }
        )

    def _points_compensation(self, points):
        complaint = self._complaint(root_cause_id=self.root_cause.id)
        return (
            self.env["customer.value.compensation"]
            .with_user(self.agent)
            .create(
                {
                    "complaint_id": complaint.id,
                    "kind": "points",
                    "points": points,
                    "description": "Sorry, have some points",
                }
            )
        )

    def test_points_are_given_through_an_adjustment_and_cost_their_value(self):
        compensation = self._points_compensation(200)
        self.assertEqual((compensation.loyalty_card_id, compensation.amount), (self.card, 2.0))
        compensation.action_submit()
        compensation.action_give()
        adjustment = compensation.points_adjustment_id
        self.assertEqual((adjustment.state, adjustment.points, compensation.state), ("posted", 200, "done"))
        self.assertIn(compensation.complaint_id.display_name, adjustment.reason)
        self.assertEqual(self.card.points, 200)
        self.assertEqual(adjustment.entry_id.kind, "adjustment")

    def test_many_points_wait_for_a_loyalty_manager(self):
        compensation = self._points_compensation(800)  # costs 8: within the complaint limit
        compensation.action_submit()
        self.assertEqual(compensation.state, "approved")
        compensation.action_give()
        adjustment = compensation.points_adjustment_id
        self.assertEqual(adjustment.state, "to_approve")
        self.assertEqual(self.card.points, 0)
        adjustment.with_user(self.loyalty_manager).action_approve()
        self.assertEqual(self.card.points, 800)

    def test_points_need_a_number_and_a_card(self):
        with self.assertRaises(ValidationError) as caught:
            self._points_compensation(0)
        self.assertIn("Points: give the number of points", str(caught.exception))
        self.card.partner_id = self.env["res.partner"].create({"name": "CV Someone Else"})
        compensation = self._points_compensation(50)
        compensation.action_submit()
        with self.assertRaises(UserError) as caught:
            compensation.action_give()
        self.assertIn("Loyalty Card: customer CV Grumpy Co has no loyalty card", str(caught.exception))
        self.assertEqual(compensation.state, "approved")
