"""The till in Chromium (Odoo tour): a tier-only reward is offered to the members of its tier
alone, and the one a Gold member claims is paid from the Gold card's points."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .loyalty_common import LedgerAssertions


@tagged("post_install", "-at_install")
class TestTierRewardsAtTheTill(LedgerAssertions, TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the accounting test user that sets the shop up is no loyalty manager
        env = cls.env(su=True)
        env["loyalty.program"].search([]).write({"active": False})
        cls.program = env["loyalty.program"].create(
            {
                "name": "LT Till Club",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "pos_config_ids": [Command.link(cls.main_pos_config.id)],
                "birthday_bonus": "none",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
                "tier_ids": [
                    Command.create({"name": "Silver", "sequence": 1, "threshold": 500}),
                    Command.create({"name": "Gold", "sequence": 2, "threshold": 2000}),
                ],
            }
        )
        gold = cls.program.tier_ids.filtered(lambda tier: tier.name == "Gold")
        discount = {
            "reward_type": "discount",
            "discount": 10,
            "discount_applicability": "order",
            "required_points": 100,
        }
        cls.program.reward_ids = [
            Command.create(dict(discount, description="Every Member Discount")),
            Command.create(dict(discount, description="Gold Member Discount", tier_ids=[Command.set(gold.ids)])),
        ]
        cls.silver_card, cls.gold_card = (
            env["loyalty.card"].create(
                {"program_id": cls.program.id, "partner_id": env["res.partner"].create({"name": name}).id}
            )
            for name in ("LT Silver Member", "LT Gold Member")
        )

    def setUp(self):
        super().setUp()
        for card, points in ((self.silver_card, 1000), (self.gold_card, 3000)):
            self.env["loyalty.history"].sudo().create(
                {
                    "card_id": card.id,
                    "issued": points,
                    "description": "Earlier orders",
                    "order_model": "res.partner",
                    "order_id": card.partner_id.id,
                }
            )
            card.sudo().points += points
        self._commit_hooks()
        self.assertEqual((self.silver_card.tier_id.name, self.gold_card.tier_id.name), ("Silver", "Gold"))
        self.main_pos_config.write({"tax_regime_selection": False, "use_pricelist": False})
        self.main_pos_config.with_user(self.pos_user).open_ui()

    def test_the_till_offers_a_tier_only_reward_to_its_tier_alone(self):
        self.start_pos_tour("loyalty_tiers_pos_tier_rewards_tour")
        order = self.env["pos.order"].search([("partner_id", "=", self.gold_card.partner_id.id)])
        self.assertEqual(order.lines.reward_id.description, "Gold Member Discount")
        self.assertEqual(order.lines.filtered("reward_id").coupon_id, self.gold_card)
        spent = self.gold_card.history_ids.filtered(lambda entry: entry.order_model == "pos.order")
        self.assertEqual(spent.used, 100)
        self.assertBalanced(self.silver_card, 1000)
