"""Manual points adjustments with their reason: small ones post at once, those above the
program's limit wait for a loyalty manager; each reaches the ledger as one entry."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestPointsAdjustments(LoyaltyCase):
    def _adjust(self, points, user=None, **vals):
        Adjustment = self.env["loyalty.points.adjustment"].with_user(user or self.staff)
        return Adjustment.create({"card_id": self.card.id, "points": points, "reason": "Goodwill", **vals})

    def test_a_small_adjustment_posts_at_once(self):
        adjustment = self._adjust(100)
        adjustment.action_post()
        self.assertEqual(adjustment.state, "posted")
        self.assertEqual(
            (adjustment.entry_id.kind, adjustment.entry_id.issued, adjustment.entry_id.description),
            ("adjustment", 100, "Goodwill"),
        )
        self.assertBalanced(self.card, 100)

    def test_a_large_adjustment_waits_for_a_manager(self):
        adjustment = self._adjust(800)
        self.assertTrue(adjustment.needs_approval)
        adjustment.action_post()
        self.assertEqual(adjustment.state, "to_approve")
        self.assertBalanced(self.card, 0)
        activity = adjustment.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("loyalty_tiers.group_loyalty_tiers_manager"))
        with self.assertRaises(AccessError):
            adjustment.action_approve()
        adjustment.with_user(self.manager).action_approve()
        self.assertEqual((adjustment.state, adjustment.approved_by_id), ("posted", self.manager))
        self.assertFalse(adjustment.activity_ids)
        self.assertBalanced(self.card, 800)
        adjustment.with_user(self.manager).action_approve()  # a second click posts nothing more
        self.assertBalanced(self.card, 800)

    def test_a_manager_posts_large_adjustments_directly_and_refuses_others(self):
        self._adjust(800, user=self.manager).action_post()
        self.assertBalanced(self.card, 800)
        waiting = self._adjust(-700)
        waiting.action_post()
        with self.assertRaises(AccessError):
            waiting.action_refuse()
        waiting.with_user(self.manager).action_refuse()
        self.assertEqual(waiting.state, "refused")
        self.assertFalse(waiting.entry_id)
        self.assertBalanced(self.card, 800)
        with self.assertRefused(UserError, "cannot be changed"):
            waiting.points = -10

    def test_taking_away_more_than_the_balance_is_refused(self):
        self._order_points(self.card, issued=50)
        adjustment = self._adjust(-80)
        with self.assertRefused(UserError, "holds 50.0 points: it cannot spend 80"):
            adjustment.action_post()
        self.assertBalanced(self.card, 50)

    def test_zero_points_and_expired_lots_are_refused(self):
        with self.assertRefused(ValidationError, "Points: give the number of points"):
            self._adjust(0)
        self._order_points(self.card, issued=100, day=date(2025, 1, 10))
        with self._at(date(2026, 1, 20)):
            self.env["loyalty.point.lot"]._cron_expire()
        with self.assertRefused(ValidationError, "has expired: its points can no longer be adjusted"):
            self._adjust(20, lot_id=self.card.lot_ids.id)

    def test_an_adjustment_of_a_lot_keeps_its_expiry(self):
        self._order_points(self.card, issued=100, day=date(2026, 1, 15))
        self._order_points(self.card, issued=100, day=date(2026, 3, 1))
        march = self.card.lot_ids.sorted("date")[1]
        self._adjust(-30, lot_id=march.id).action_post()
        self.assertEqual(self.card.lot_ids.sorted("date").mapped("remaining"), [100, 70])
        self._adjust(20, lot_id=march.id).action_post()
        self.assertEqual((march.remaining, march.expiry_date), (90, date(2027, 3, 1)))
        self.assertEqual(len(self.card.lot_ids), 2)
        self.assertBalanced(self.card, 190)

    def test_odoo_balance_button_becomes_an_adjustment(self):
        wizard = Form(
            self.env["loyalty.card.update.balance"].with_user(self.staff).with_context(default_card_id=self.card.id)
        )
        wizard.new_balance = 900
        wizard.description = "Migrated from the old shop"
        action = wizard.save().action_update_card_point()
        adjustment = self.env["loyalty.points.adjustment"].search([("card_id", "=", self.card.id)])
        self.assertEqual(
            (adjustment.points, adjustment.state, adjustment.reason), (900, "to_approve", "Migrated from the old shop")
        )
        self.assertEqual((action["res_model"], action["res_id"]), ("loyalty.points.adjustment", adjustment.id))
        self.assertBalanced(self.card, 0)
