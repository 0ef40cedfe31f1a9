"""The points ledger: every award is a lot with its own expiry, spends take the oldest lots
first, entries are never edited nor deleted, and the card's balance always equals its lots
and its history."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .loyalty_common import START, LoyaltyCase


@tagged("post_install", "-at_install")
class TestPointLots(LoyaltyCase):
    def test_an_award_opens_a_lot_expiring_after_the_program_validity(self):
        self._order_points(self.card, issued=100, day=date(2026, 1, 15))
        lot = self.card.lot_ids
        self.assertEqual(len(lot), 1)
        self.assertEqual(
            (lot.date, lot.expiry_date, lot.points, lot.state), (date(2026, 1, 15), date(2027, 1, 15), 100, "live")
        )
        self.assertBalanced(self.card, 100)

    def test_spending_takes_the_lots_that_expire_first(self):
        self._order_points(self.card, issued=100, day=date(2026, 1, 15))
        self._order_points(self.card, issued=50, day=date(2026, 3, 1))
        redemption = self._order_points(self.card, used=120, day=date(2026, 4, 1))
        self.assertEqual(redemption.kind, "redemption")
        january, march = self.card.lot_ids.sorted("date")
        self.assertEqual((january.remaining, january.state), (0, "spent"))
        self.assertEqual((march.remaining, march.state), (30, "live"))
        self.assertBalanced(self.card, 30)

    def test_an_order_that_earns_and_spends_at_once_spends_the_older_points(self):
        self._order_points(self.card, issued=100, day=date(2026, 1, 15))
        self._order_points(self.card, issued=40, used=60, day=date(2026, 2, 1))
        january, february = self.card.lot_ids.sorted("date")
        self.assertEqual((january.remaining, february.remaining), (40, 40))
        self.assertBalanced(self.card, 80)

    def test_redeeming_more_than_the_balance_is_refused_and_changes_nothing(self):
        self._order_points(self.card, issued=150)
        with self.assertRefused(UserError, r"holds 150\.0 points: it cannot spend 200"):
            self._order_points(self.card, used=200, day=date(2026, 2, 1))
        self.assertBalanced(self.card, 150)

    def test_a_refund_beyond_the_balance_is_a_debt_paid_off_by_the_next_award(self):
        self._order_points(self.card, issued=100)
        self._order_points(self.card, used=100, day=date(2026, 2, 1))
        with self._at(date(2026, 2, 10)):
            self.env["loyalty.card"]._post_ledger(
                [{"card_id": self.card.id, "kind": "refund", "used": 100, "description": "Credit note"}]
            )
        debt = self.card.lot_ids.filtered(lambda lot: lot.state == "debt")
        self.assertEqual(debt.remaining, -100)
        self.assertBalanced(self.card, -100)
        self._order_points(self.card, issued=150, day=date(2026, 3, 1))
        self.assertEqual(debt.state, "spent")
        self.assertEqual(self.card.lot_ids.filtered(lambda lot: lot.state == "live").remaining, 50)
        self.assertBalanced(self.card, 50)

    def test_a_balance_changed_without_history_is_recorded_as_a_correction(self):
        self._order_points(self.card, issued=100)
        self.card.points += 25
        self._commit_hooks()
        correction = self.card.history_ids.filtered(lambda entry: entry.kind == "correction")
        self.assertEqual((correction.issued, correction.used), (25, 0))
        self.assertBalanced(self.card, 125)


@tagged("post_install", "-at_install")
class TestLedgerIsAppendOnly(LoyaltyCase):
    def test_posted_entries_cannot_be_edited_or_deleted_even_by_the_superuser(self):
        entry = self._order_points(self.card, issued=100)
        for vals in (
            {"card_id": self.env["loyalty.card"].create({"program_id": self.program.id}).id},
            {"kind": "adjustment"},
        ):
            with self.assertRefused(UserError, "cannot be edited once posted"):
                entry.write(vals)
        with self.assertRefused(UserError, "cannot be deleted"):
            entry.unlink()
        self.assertTrue(entry.exists())

    def test_changing_the_points_of_an_entry_posts_the_difference_as_an_entry_of_its_own(self):
        """sale_loyalty adds a reward bought after confirmation to the order's entry."""
        entry = self._order_points(self.card, issued=100)
        entry.used += 30
        self.card.points -= 30
        self._commit_hooks()
        self.assertEqual((entry.issued, entry.used), (100, 0))
        added = self.card.history_ids - entry
        self.assertEqual((added.kind, added.used), ("redemption", 30))
        self.assertBalanced(self.card, 70)

    def test_a_reversal_undoes_an_entry_once(self):
        entry = self._order_points(self.card, issued=100)
        entry._reverse("Order cancelled")
        self.assertEqual(entry.reversal_ids.used, 100)
        self.assertBalanced(self.card, 0)
        with self.assertRefused(UserError, "already reversed"):
            entry._reverse("Order cancelled")
        self.assertBalanced(self.card, 0)


@tagged("post_install", "-at_install")
class TestExpiry(LoyaltyCase):
    def test_the_expiry_cron_expires_each_lot_once(self):
        self._order_points(self.card, issued=100, day=date(2025, 1, 10))
        self._order_points(self.card, used=30, day=date(2025, 6, 1))
        self._order_points(self.card, issued=40, day=date(2025, 9, 1))
        with self._at(date(2026, 1, 20)):
            self.env["loyalty.point.lot"]._cron_expire()
            self.env["loyalty.point.lot"]._cron_expire()
        expiries = self.card.history_ids.filtered(lambda entry: entry.kind == "expiry")
        self.assertEqual(expiries.mapped("used"), [70])
        old, recent = self.card.lot_ids.sorted("date")
        self.assertEqual((old.state, old.expired_on, recent.state), ("expired", date(2026, 1, 20), "live"))
        self.assertBalanced(self.card, 40)

    def test_the_reminder_goes_once_before_the_lot_expires(self):
        self._order_points(self.card, issued=100, day=START)
        Mail = self.env["mail.mail"]
        before = Mail.search_count([])
        with self._at(date(2026, 12, 1)):  # 45 days before expiry: not yet
            self.env["loyalty.point.lot"]._cron_remind()
        self.assertEqual(Mail.search_count([]), before)
        with self._at(date(2026, 12, 20)):  # 26 days before expiry, within the 30 days
            self.env["loyalty.point.lot"]._cron_remind()
            self.env["loyalty.point.lot"]._cron_remind()
        mails = Mail.search([], order="id desc", limit=Mail.search_count([]) - before)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.member, mails.recipient_ids)
        self.assertIn("100", mails.body_html)
        self.assertTrue(self.card.lot_ids.reminder_sent)

    def test_expiring_soon_finds_the_cards_with_points_about_to_expire(self):
        self._order_points(self.card, issued=100, day=START)
        Card = self.env["loyalty.card"]
        with self._at(date(2026, 12, 1)):
            self.assertNotIn(self.card, Card.search([("expiring_soon", "=", True)]))
        with self._at(date(2026, 12, 20)):
            self.assertIn(self.card, Card.search([("expiring_soon", "=", True)]))
            self.assertNotIn(self.card, Card.search([("expiring_soon", "=", False)]))
