"""Who sees and changes what in loyalty_tiers: staff read members and request adjustments,
managers configure tiers, accountants read the ledger, other users see none of it."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyAccess(LoyaltyCase):
    def setUp(self):
        super().setUp()
        self._order_points(self.card, issued=100)

    def test_staff_read_members_and_request_adjustments_but_do_not_configure(self):
        card = self.card.with_user(self.staff)
        self.assertEqual(card.tier_id, self.env["loyalty.tier"])
        self.assertEqual(card.lot_ids.remaining, 100)
        self.assertEqual(len(card.history_ids), 1)
        self.env["loyalty.points.adjustment"].with_user(self.staff).create(
            {"card_id": self.card.id, "points": 5, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            self.silver.with_user(self.staff).threshold = 10
        with self.assertRaises(AccessError):
            self.program.with_user(self.staff).tier_grace_days = 5
        with self.assertRaises(AccessError):
            self.card.lot_ids.with_user(self.staff).remaining = 1000
        with self.assertRaises(AccessError):
            self.card.with_user(self.staff).points = 1000

    def test_managers_configure_tiers_and_programs(self):
        self.silver.with_user(self.manager).threshold = 900
        self.program.with_user(self.manager).tier_grace_days = 60
        self.assertEqual((self.silver.threshold, self.program.tier_grace_days), (900, 60))

    def test_accountants_read_the_ledger_and_lots_but_change_nothing(self):
        self.assertEqual(self.card.with_user(self.accountant).lot_ids.remaining, 100)
        self.assertEqual(
            self.env["loyalty.history"].with_user(self.accountant).search_count([("card_id", "=", self.card.id)]), 1
        )
        with self.assertRaises(AccessError):
            self.env["loyalty.points.adjustment"].with_user(self.accountant).create(
                {"card_id": self.card.id, "points": 5, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            self.silver.with_user(self.accountant).threshold = 10

    def test_other_users_see_no_lots_tiers_or_ledger(self):
        for model in ("loyalty.point.lot", "loyalty.tier", "loyalty.tier.history", "loyalty.points.adjustment"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.internal).search([])
