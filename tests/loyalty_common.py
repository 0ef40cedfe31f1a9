"""Shared set-up for the loyalty_tiers tests: users of each role, a loyalty program with
three tiers (Silver, Gold, Black card) and their pricelists, and helpers that move points the
way Odoo's own flows do (a points history entry for the order, then the card's balance)."""

from contextlib import contextmanager
from datetime import date, datetime, time

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

START = date(2026, 1, 15)


class LedgerAssertions:
    """Checks on the points ledger, for any test case that moves points."""

    def _commit_hooks(self):
        """What the transaction's commit would run: the ledger reconciliation."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @contextmanager
    def assertRefused(self, exception, pattern):
        """The block raises ``exception`` with a message matching ``pattern``, and is rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _ledger_total(self, card):
        return sum(card.history_ids.mapped("issued")) - sum(card.history_ids.mapped("used"))

    def assertBalanced(self, card, points):
        """The card's points, its live lots and its ledger all say ``points``."""
        card.invalidate_recordset()
        self.assertAlmostEqual(card.points, points)
        self.assertAlmostEqual(
            sum(card.lot_ids.filtered(lambda lot: lot.state != "expired").mapped("remaining")), points
        )
        self.assertAlmostEqual(self._ledger_total(card), points)


class LoyaltyCase(LedgerAssertions, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env, login="lt_staff", groups="base.group_user,loyalty_tiers.group_loyalty_tiers_user"
        )
        cls.manager = new_test_user(
            cls.env, login="lt_manager", groups="base.group_user,loyalty_tiers.group_loyalty_tiers_manager"
        )
        cls.accountant = new_test_user(cls.env, login="lt_accountant", groups="account.group_account_invoice")
        cls.internal = new_test_user(cls.env, login="lt_internal", groups="base.group_user")
        Pricelist = cls.env["product.pricelist"]
        cls.own_pricelist = Pricelist.create({"name": "LT Own Prices"})
        cls.silver_pricelist = Pricelist.create({"name": "LT Silver -10%"})
        cls.gold_pricelist = Pricelist.create({"name": "LT Gold -20%"})
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "LT Club",
                "program_type": "loyalty",
                "point_value": 0.01,
                "birthday_bonus": "none",
                "tier_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Silver",
                            "sequence": 1,
                            "threshold": 1000,
                            "color": 7,
                            "pricelist_id": cls.silver_pricelist.id,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Gold",
                            "sequence": 2,
                            "threshold": 3000,
                            "color": 3,
                            "multiplier": 1.5,
                            "pricelist_id": cls.gold_pricelist.id,
                        },
                    ),
                    (0, 0, {"name": "Black", "sequence": 3, "threshold": 8000, "color": 11, "multiplier": 2.0}),
                ],
            }
        )
        cls.silver, cls.gold, cls.black = cls.program.tier_ids.sorted("sequence")
        cls.member = cls.env["res.partner"].create({"name": "LT Member", "email": "member@example.com"})
        cls.member.with_company(
            cls.program.company_id or cls.env.company
        ).specific_property_product_pricelist = cls.own_pricelist
        cls.card = cls.env["loyalty.card"].create({"program_id": cls.program.id, "partner_id": cls.member.id})

    def _at(self, day):
        return freeze_time(datetime.combine(day, time(10, 0)))

    def _order_points(self, card, issued=0.0, used=0.0, day=START, description="Order"):
        """Move points as sale and point of sale do: the order's history entry, then the balance."""
        with self._at(day):
            entry = self.env["loyalty.history"].create(
                {
                    "card_id": card.id,
                    "issued": issued,
                    "used": used,
                    "description": description,
                    "order_model": "res.partner",
                    "order_id": card.partner_id.id,
                }
            )
            card.points += issued - used
            self._commit_hooks()
        return entry

    def _reasons(self, card=None):
        """The reasons of the card's tier changes, newest first."""
        changes = self.env["loyalty.tier.history"].search([("card_id", "=", (card or self.card).id)])
        return changes.mapped("reason")
