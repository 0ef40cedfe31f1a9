"""Tier benefits and the birthday bonus: the multiplier on what Odoo's rules award, double
points in the birthday month, and the yearly fixed grant from a cron safe to run twice."""

from datetime import date

from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestEarningMultiplier(LoyaltyCase):
    def test_a_gold_member_earns_half_as_much_again(self):
        self._order_points(self.card, issued=3500, day=date(2026, 1, 15))  # reaches Gold
        self._order_points(self.card, issued=100, day=date(2026, 2, 1))
        bonus = self.card.history_ids.filtered(lambda entry: entry.kind == "tier_bonus")
        self.assertEqual(bonus.issued, 50)
        self.assertEqual((bonus.order_model, bonus.order_id), ("res.partner", self.member.id))
        self.assertBalanced(self.card, 3650)

    def test_a_member_without_tier_earns_what_the_rules_award(self):
        self._order_points(self.card, issued=100)
        self.assertEqual(self.card.history_ids.mapped("kind"), ["award"])
        self.assertBalanced(self.card, 100)

    def test_points_that_are_not_an_order_earn_no_bonus(self):
        self._order_points(self.card, issued=3500)
        self.env["loyalty.card"]._post_ledger(
            [{"card_id": self.card.id, "kind": "adjustment", "issued": 100, "description": "Goodwill"}]
        )
        self.assertFalse(self.card.history_ids.filtered(lambda entry: entry.kind == "tier_bonus"))
        self.assertBalanced(self.card, 3600)


@tagged("post_install", "-at_install")
class TestBirthdayBonus(LoyaltyCase):
    def test_double_points_in_the_birthday_month_only(self):
        self.program.birthday_bonus = "double"
        self.member.birthdate = date(1990, 3, 12)
        self._order_points(self.card, issued=100, day=date(2026, 2, 28))
        self._order_points(self.card, issued=100, day=date(2026, 3, 31))
        birthday = self.card.history_ids.filtered(lambda entry: entry.kind == "birthday")
        self.assertEqual((birthday.issued, birthday.date.month), (100, 3))
        self.assertBalanced(self.card, 300)

    def test_the_fixed_grant_comes_once_a_year_however_often_the_cron_runs(self):
        self.program.write({"birthday_bonus": "fixed", "birthday_points": 250})
        self.member.birthdate = date(1990, 3, 12)
        Program = self.env["loyalty.program"]
        with self._at(date(2026, 2, 28)):
            Program._cron_birthday_grant()
        self.assertBalanced(self.card, 0)
        for day in (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 20)):
            with self._at(day):
                Program._cron_birthday_grant()
        self.assertBalanced(self.card, 250)
        with self._at(date(2027, 3, 1)):
            Program._cron_birthday_grant()
        grants = self.card.history_ids.filtered(lambda entry: entry.kind == "birthday")
        self.assertEqual(sorted(grants.mapped("description")), ["Birthday grant 2026", "Birthday grant 2027"])
        self.assertBalanced(self.card, 500)
