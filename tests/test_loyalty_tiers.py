"""The membership tier policy: upgrade at once, downgrade one step at the qualification
anniversary after the grace period, a manager's manual tier until its end date; each change
dated, noted on the card, and bringing the tier's pricelist."""

from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestTierPolicy(LoyaltyCase):
    def _nightly(self, day):
        with self._at(day):
            self.env["loyalty.program"]._cron_update_tiers()
        self.card.invalidate_recordset()

    def test_an_award_that_reaches_a_threshold_upgrades_at_once(self):
        self._order_points(self.card, issued=600, day=date(2026, 1, 15))
        self.assertFalse(self.card.tier_id)
        self._order_points(self.card, issued=500, day=date(2026, 2, 1))
        self.assertEqual((self.card.tier_id, self.card.tier_since), (self.silver, date(2026, 2, 1)))
        change = self.card.tier_history_ids
        self.assertEqual(
            (change.date, change.old_tier_id, change.new_tier_id, change.reason),
            (date(2026, 2, 1), self.silver.browse(), self.silver, "upgrade"),
        )
        notes = self.card.message_ids.filtered(lambda message: "Membership tier" in message.body)
        self.assertEqual(len(notes), 1)
        self.assertIn("Silver", notes.body)
        self.assertEqual(self.member.loyalty_tier_id, self.silver)

    def test_an_order_that_also_spends_points_qualifies_on_what_it_earned(self):
        self._order_points(self.card, issued=800, day=date(2026, 1, 10))
        self._order_points(self.card, issued=300, used=600, day=date(2026, 2, 1))  # earns 300, redeems 600
        self.assertEqual(self.card.tier_id, self.silver)

    def test_a_big_order_skips_tiers(self):
        self._order_points(self.card, issued=3500)
        self.assertEqual(self.card.tier_id, self.gold)
        self.assertEqual(len(self.card.tier_history_ids), 1)

    def test_the_tier_pricelist_is_set_on_the_member_and_their_own_restored_when_they_leave(self):
        partner = self.member.with_company(self.program.company_id or self.env.company)
        self._order_points(self.card, issued=1200, day=date(2025, 3, 1))
        self.assertEqual(partner.specific_property_product_pricelist, self.silver_pricelist)
        self._order_points(self.card, issued=2000, day=date(2025, 4, 1))
        self.assertEqual(partner.specific_property_product_pricelist, self.gold_pricelist)
        self._nightly(date(2026, 5, 2))  # a year and the grace after reaching Gold: one step down
        self.assertEqual(self.card.tier_id, self.silver)
        self.assertEqual(partner.specific_property_product_pricelist, self.silver_pricelist)
        self._nightly(date(2027, 6, 1))
        self.assertFalse(self.card.tier_id)
        self.assertEqual(partner.specific_property_product_pricelist, self.own_pricelist)

    def test_a_downgrade_waits_for_the_anniversary_and_the_grace_period_and_goes_one_step(self):
        self._order_points(self.card, issued=3500, day=date(2025, 3, 1))
        self.assertEqual(self.card.tier_id, self.gold)
        self._nightly(date(2026, 2, 28))  # qualification has lapsed, but before the anniversary
        self.assertEqual(self.card.tier_id, self.gold)
        self._nightly(date(2026, 3, 30))  # anniversary passed, still in the 30 days of grace
        self.assertEqual(self.card.tier_id, self.gold)
        self._nightly(date(2026, 3, 31))
        self.assertEqual((self.card.tier_id, self.card.tier_since), (self.silver, date(2026, 3, 31)))
        self.assertEqual(self._reasons(), ["downgrade", "upgrade"])
        self._nightly(date(2026, 4, 1))  # the new tier holds until its own anniversary
        self.assertEqual(self.card.tier_id, self.silver)

    def test_a_member_who_still_qualifies_renews_the_tier_silently(self):
        self._order_points(self.card, issued=1200, day=date(2025, 3, 1))
        self._order_points(self.card, issued=1100, day=date(2026, 1, 10))
        self._nightly(date(2026, 4, 15))
        self.assertEqual((self.card.tier_id, self.card.tier_since), (self.silver, date(2026, 3, 1)))
        self.assertEqual(len(self.card.tier_history_ids), 1)

    def test_the_nightly_update_run_twice_changes_nothing_twice(self):
        self._order_points(self.card, issued=3500, day=date(2025, 3, 1))
        self._nightly(date(2026, 4, 15))
        self._nightly(date(2026, 4, 15))
        self.card.tier_checked_on = False  # even a card looked at again the same day
        self._nightly(date(2026, 4, 15))
        self.assertEqual(self._reasons(), ["downgrade", "upgrade"])

    def test_refunded_points_do_not_qualify(self):
        self._order_points(self.card, issued=900, day=date(2026, 1, 15))
        with self._at(date(2026, 1, 20)):
            self.env["loyalty.card"]._post_ledger(
                [{"card_id": self.card.id, "kind": "refund", "used": 400, "description": "Credit note"}]
            )
        self._order_points(self.card, issued=300, day=date(2026, 2, 1))
        self.assertFalse(self.card.tier_id)

    def test_tiers_can_qualify_on_the_amount_invoiced(self):
        self.program.tier_basis = "amount"
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        )
        product = self.env["product.product"].create({"name": "LT Chair"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.member.id,
                "journal_id": journal.id,
                "invoice_date": date(2026, 3, 1),
                "invoice_line_ids": [
                    (0, 0, {"product_id": product.id, "quantity": 1, "price_unit": 3200, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self._nightly(date(2026, 3, 2))
        self.assertEqual(self.card.tier_id, self.gold)


@tagged("post_install", "-at_install")
class TestManualTier(LoyaltyCase):
    def test_a_manager_holds_a_member_in_a_tier_until_its_end_date(self):
        self._order_points(self.card, issued=1500, day=date(2026, 1, 20))
        card = self.card.with_user(self.manager)
        with self._at(date(2026, 2, 1)):
            card.write(
                {
                    "tier_manual_id": self.black.id,
                    "tier_manual_reason": "VIP of the year",
                    "tier_manual_until": date(2026, 6, 30),
                }
            )
        self.assertEqual(self.card.tier_id, self.black)
        self.assertEqual(self._reasons(), ["manual", "upgrade"])
        with self._at(date(2026, 6, 30)):
            self.env["loyalty.program"]._cron_update_tiers()
        self.assertEqual(self.card.tier_id, self.black)
        with self._at(date(2026, 7, 1)):
            self.env["loyalty.program"]._cron_update_tiers()
        self.assertEqual(self.card.tier_id, self.silver)
        self.assertEqual(self._reasons(), ["manual_end", "manual", "upgrade"])
        self.assertFalse(self.card.sudo().tier_manual_id)

    def test_a_manual_tier_needs_a_reason_and_an_end_date(self):
        card = self.card.with_user(self.manager)
        with self.assertRefused(ValidationError, "give the reason"):
            card.write({"tier_manual_id": self.gold.id, "tier_manual_until": date(2026, 6, 30)})
        with self.assertRefused(ValidationError, "give the date it ends"):
            card.write({"tier_manual_id": self.gold.id, "tier_manual_reason": "Goodwill"})
        other = self.env["loyalty.program"].create(
            {
                "name": "LT Other",
                "program_type": "loyalty",
                "tier_ids": [(0, 0, {"name": "Other Gold", "threshold": 10})],
            }
        )
        with self.assertRefused(ValidationError, "own program"):
            card.write(
                {"tier_manual_id": other.tier_ids.id, "tier_manual_reason": "x", "tier_manual_until": date(2026, 6, 30)}
            )

    def test_staff_cannot_set_a_manual_tier(self):
        with self.assertRaises(AccessError):
            self.card.with_user(self.staff).write(
                {
                    "tier_manual_id": self.black.id,
                    "tier_manual_reason": "Friend",
                    "tier_manual_until": date(2026, 6, 30),
                }
            )


@tagged("post_install", "-at_install")
class TestTierSettings(LoyaltyCase):
    def test_thresholds_must_rise_with_the_tiers(self):
        with self.assertRefused(ValidationError, "must qualify from more than tier Silver"):
            self.gold.threshold = 1000
        with self.assertRefused(ValidationError, "must qualify from more than tier Black"):
            self.env["loyalty.tier"].create(
                {"program_id": self.program.id, "name": "Bronze", "sequence": 4, "threshold": 500}
            )

    def test_a_multiplier_must_be_positive(self):
        for multiplier in (0, -1.5):
            with self.assertRefused(ValidationError, "Earning Multiplier of tier Gold must be greater than zero"):
                self.gold.multiplier = multiplier

    def test_program_settings_refuse_nonsense(self):
        for field, value, message in (
            ("tier_window_months", 0, "Qualification Window"),
            ("point_validity_months", 0, "Points Expire After"),
            ("tier_grace_days", -1, "cannot be negative days"),
            ("adjustment_approval_limit", -5, "Adjustments Need Approval Above"),
            ("point_value", -0.01, "Redemption Value per Point"),
        ):
            with self.subTest(field=field), self.assertRefused(ValidationError, message):
                self.program.write({field: value})

    def test_defaults_ship_with_the_program(self):
        program = self.env["loyalty.program"].create({"name": "LT Defaults", "program_type": "loyalty"})
        self.assertEqual(
            (
                program.tier_window_months,
                program.tier_grace_days,
                program.point_validity_months,
                program.expiry_reminder_days,
            ),
            (12, 30, 12, 30),
        )
