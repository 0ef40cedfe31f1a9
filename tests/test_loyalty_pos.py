"""Odoo's point of sale on the points ledger (loyalty_tiers_pos): the till's calls as its
JavaScript makes them (the order, then its points, then its points history), run by a cashier
with no loyalty rights; the tier bonus on what the rules award, returns taking points back."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon

from .loyalty_common import LedgerAssertions


@tagged("post_install", "-at_install")
class TestPointOfSaleOnTheLedger(LedgerAssertions, TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        # the accounting test user that sets the shop up is no loyalty manager
        cls.program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                {
                    "name": "LT Till Club",
                    "program_type": "loyalty",
                    "trigger": "auto",
                    "applies_on": "both",
                    "pos_config_ids": [Command.link(cls.config.id)],
                    "birthday_bonus": "none",
                    "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
                    "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "required_points": 200})],
                    "tier_ids": [
                        Command.create({"name": "Silver", "sequence": 1, "threshold": 500}),
                        Command.create({"name": "Gold", "sequence": 2, "threshold": 2000, "multiplier": 1.5}),
                    ],
                }
            )
            .sudo(False)
        )
        cls.gold = cls.program.tier_ids.filtered(lambda tier: tier.name == "Gold")
        cls.member = cls.env["res.partner"].create({"name": "LT Till Member"})
        cls.card = cls.env["loyalty.card"].create({"program_id": cls.program.id, "partner_id": cls.member.id})
        cls.lamp = cls.create_product("LT Lamp", cls.categ_basic, 100, tax_ids=[])
        cls.cashier = new_test_user(
            cls.env,
            login="lt_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.env.company.id,
        )

    def setUp(self):
        super().setUp()
        self.open_new_session()
        self.env = self.env(user=self.cashier)

    def _till_order(self, quantity=0, spent=0, returns=(), reward=None):
        """One order as the till sends it: the order, its points, then its history lines.
        ``returns`` are (line of an earlier order, quantity brought back); ``spent`` points
        pay for ``reward`` (by default the program's reward for every member)."""
        lines = [{"product": self.lamp, "quantity": quantity}] if quantity else []
        lines += [
            {"product": line.product_id, "quantity": -back, "refunded_orderline_id": line.id} for line, back in returns
        ]
        if spent:
            reward = reward or self.program.reward_ids[0]
            lines.append(
                {
                    "product": reward.discount_line_product_id,
                    "quantity": 1,
                    "is_reward_line": True,
                    "reward_id": reward.id,
                    "coupon_id": self.card.id,
                    "points_cost": spent,
                }
            )
        data = self.create_ui_order_data(lines, customer=self.member)
        synced = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(synced["pos.order"][0]["id"])
        if quantity > 0:
            won = self.program.rule_ids.reward_point_amount * order.amount_total
            change = won - spent
            coupon_data = {
                str(self.card.id): {"points": change, "program_id": self.program.id, "partner_id": self.member.id}
            }
            confirmed = order.confirm_coupon_programs(coupon_data)
            history_lines = [
                {"order_id": order.id, "card_id": str(self.card.id), "spent": max(-change, 0), "won": max(change, 0)}
            ]
            order.add_loyalty_history_lines(history_lines, confirmed["coupon_updates"])
            self.confirmed = confirmed
        self._commit_hooks()
        return order

    def test_a_till_sale_is_one_ledger_entry_with_the_tier_bonus(self):
        self._till_order(25)  # 2,500: the award reaches Gold
        self.assertEqual(self.card.tier_id, self.gold)
        self._till_order(10)  # 1,000 earned as Gold: × 1.5
        self.assertEqual(
            sorted(self.card.history_ids.mapped(lambda entry: (entry.kind, entry.issued))),
            [("award", 1000), ("award", 2500), ("tier_bonus", 500)],
            "no correction entry, nothing recorded twice by the till's later history call",
        )
        self.assertBalanced(self.card, 4000)
        self.assertEqual(self.confirmed["coupon_updates"][0]["points"], 4000, "the till shows the bonus")

    def test_a_sale_that_redeems_and_earns_records_both(self):
        self._till_order(10)
        order = self._till_order(5, spent=200)
        entry = self.card.history_ids.filtered(lambda e: e.order_id == order.id)
        self.assertEqual((entry.issued, entry.used), (500, 200))
        self.assertBalanced(self.card, 1300)

    def test_the_till_cannot_spend_more_than_the_card_holds(self):
        self._till_order(1)  # 100 points
        with self.assertRefused(UserError, "holds 100.0 points: it cannot spend 200"):
            self._till_order(0.5, spent=200)

    def test_a_tier_only_reward_is_refused_to_members_outside_its_tier(self):
        gold_only = (
            self.env["loyalty.reward"]
            .sudo()
            .create(
                {
                    "program_id": self.program.id,
                    "reward_type": "discount",
                    "discount": 20,
                    "required_points": 200,
                    "description": "LT Gold Gift",
                    "tier_ids": [Command.set(self.gold.ids)],
                }
            )
        )
        self._till_order(10)  # 1,000 points: Silver
        with self.assertRefused(UserError, "LT Gold Gift is for Gold members only"):
            self._till_order(1, spent=200, reward=gold_only)
        self._till_order(15)  # Gold
        order = self._till_order(1, spent=200, reward=gold_only)
        self.assertEqual(order.lines.filtered("reward_id").reward_id, gold_only)

    def test_a_return_takes_back_its_share_and_restores_the_redemption(self):
        first = self._till_order(10)
        second = self._till_order(5, spent=200)
        self.assertBalanced(self.card, 1300)
        self._till_order(returns=[(second.lines.filtered(lambda line: not line.is_reward_line), 5)])
        self.assertBalanced(self.card, 1000)  # 500 taken back, 200 given back
        give_back = self._till_order(returns=[(first.lines, 4)])
        self.assertBalanced(self.card, 600)
        give_back._take_back_loyalty_points()  # the till syncs the return again
        self.assertBalanced(self.card, 600)
        refunds = self.card.history_ids.filtered(lambda entry: entry.kind == "refund")
        self.assertEqual(sorted(refunds.mapped("used")), [400, 500])
        self.assertEqual(refunds.refund_pos_order_id.refunded_order_id, first | second)

    def test_a_return_of_spent_points_leaves_a_recorded_debt(self):
        first = self._till_order(10)
        self._till_order(0.5, spent=1000)  # spends them all
        self._till_order(returns=[(first.lines, 10)])
        self.assertBalanced(self.card, -950)
        self.assertEqual(self.card.lot_ids.filtered(lambda lot: lot.remaining < 0).remaining, -950)
