"""Odoo's sale orders on the points ledger (loyalty_tiers_sale): the tier multiplier on what the
rules award, credit notes taking points back in proportion, redemptions restored, cancelled
orders reversed, and rewards kept for the tiers they are meant for."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestSaleOrdersOnTheLedger(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write(
            {
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [
                    Command.clear(),
                    Command.create({"reward_point_mode": "money", "reward_point_amount": 1, "minimum_amount": 0}),
                ],
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        {"reward_type": "discount", "discount": 10, "discount_mode": "percent", "required_points": 200}
                    ),
                ],
            }
        )
        cls.reward = cls.program.reward_ids
        cls.product = cls.env["product.product"].create(
            {
                "name": "LT Armchair",
                "type": "service",
                "list_price": 1000,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    def _order(self, amount=1000, day=date(2026, 2, 1), reward=None):
        with self._at(day):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.member.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount, "tax_id": []}
                        )
                    ],
                }
            )
            order._update_programs_and_rewards()
            if reward:
                self.assertFalse(order._apply_program_reward(reward, self.card))
            order.action_confirm()
            self._commit_hooks()
        return order

    def _refund(self, order, share=1.0, day=date(2026, 3, 1)):
        with self._at(day):
            invoice = (
                order.invoice_ids.filtered(lambda move: move.move_type == "out_invoice") or order._create_invoices()
            )
            if invoice.state == "draft":
                invoice.action_post()
            credit_note = invoice._reverse_moves([{"invoice_date": day}])
            for line in credit_note.invoice_line_ids:
                line.price_unit *= share
            credit_note.action_post()
            self._commit_hooks()
        return credit_note

    def test_an_order_earns_through_odoo_rules_and_a_gold_member_half_as_much_again(self):
        self._order(amount=1000)
        self.assertEqual(self.card.history_ids.mapped("kind"), ["award"])
        self.assertBalanced(self.card, 1000)
        self._order_points(self.card, issued=2500, day=date(2026, 2, 2))  # reaches Gold
        order = self._order(amount=200, day=date(2026, 2, 3))
        bonus = self.card.history_ids.filtered(lambda entry: entry.kind == "tier_bonus")
        self.assertEqual((bonus.issued, bonus.order_model, bonus.order_id), (100, "sale.order", order.id))
        self.assertBalanced(self.card, 3800)

    def test_a_credit_note_takes_back_the_points_in_proportion_and_never_twice(self):
        order = self._order(amount=1000)
        credit_note = self._refund(order, share=0.4)
        refund = self.card.history_ids.filtered(lambda entry: entry.kind == "refund")
        self.assertEqual((refund.used, refund.refund_move_id), (400, credit_note))
        self.assertBalanced(self.card, 600)
        credit_note.button_draft()
        credit_note.action_post()  # posted again: nothing taken twice
        self._commit_hooks()
        self.assertBalanced(self.card, 600)
        self._refund(order, share=1.0, day=date(2026, 3, 5))  # the rest: no more than the order earned
        self.assertBalanced(self.card, 0)

    def test_a_credit_note_for_two_orders_takes_back_from_each(self):
        first, second = self._order(amount=1000), self._order(amount=600, day=date(2026, 2, 2))
        with self._at(date(2026, 2, 3)):
            (first | second)._create_invoices()  # one invoice for both orders
        self.assertEqual(first.invoice_ids, second.invoice_ids)
        self._refund(first, share=0.5)
        refunds = self.card.history_ids.filtered(lambda entry: entry.kind == "refund")
        self.assertEqual(
            sorted(refunds.mapped(lambda entry: (entry.order_id, entry.used))), [(first.id, 500), (second.id, 300)]
        )
        self.assertBalanced(self.card, 800)

    def test_a_refund_of_spent_points_leaves_a_recorded_debt(self):
        order = self._order(amount=1000)
        self._order_points(self.card, used=900, day=date(2026, 2, 10))
        self._refund(order)
        self.assertEqual(self.card.lot_ids.filtered(lambda lot: lot.state == "debt").remaining, -900)
        self.assertBalanced(self.card, -900)

    def test_a_refunded_order_gives_back_the_points_it_redeemed(self):
        self._order(amount=1000, day=date(2026, 1, 20))
        order = self._order(amount=500, day=date(2026, 2, 1), reward=self.reward)
        award = self.card.history_ids.filtered(lambda entry: entry.order_id == order.id and entry.kind == "award")
        self.assertEqual(award.used, 200)
        balance = self.card.points
        self._refund(order)
        restored = self.card.history_ids.filtered(lambda entry: entry.kind == "restore")
        self.assertEqual(restored.issued, 200)
        self.assertBalanced(self.card, balance - award.issued + 200)

    def test_a_cancelled_order_reverses_its_entries_instead_of_deleting_them(self):
        self._order_points(self.card, issued=3500, day=date(2026, 1, 20))  # Gold: the order earns a bonus
        order = self._order(amount=200)
        entries = self.card.history_ids.filtered(
            lambda entry: entry.order_id == order.id and entry.order_model == "sale.order"
        )
        self.assertEqual(sorted(entries.mapped("kind")), ["award", "tier_bonus"])
        with self._at(date(2026, 2, 5)):
            order._action_cancel()
            self._commit_hooks()
        self.assertTrue(entries.exists())
        self.assertEqual(len(entries.reversal_ids), 2)
        self.assertFalse(self.card.history_ids.filtered(lambda entry: entry.kind == "correction"))
        self.assertBalanced(self.card, 3500)

    def test_a_tier_only_reward_is_for_members_of_that_tier(self):
        self.reward.tier_ids = self.gold
        self._order_points(self.card, issued=1500, day=date(2026, 1, 20))  # Silver
        with self._at(date(2026, 2, 1)):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.member.id,
                    "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
                }
            )
            order._update_programs_and_rewards()
            self.assertNotIn(self.card, order._get_claimable_rewards())
            self.assertIn("for Gold members only", order._apply_program_reward(self.reward, self.card)["error"])
            self._order_points(self.card, issued=2000, day=date(2026, 2, 1))  # Gold now
            self.assertEqual(order._get_claimable_rewards()[self.card], self.reward)
