"""Re-tiering through the runs: upgrades, grace-period downgrades, locks, returning
customers, history with reasons in the reader's language, and chatter notes."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestTierReviews(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._ranked_customers()
        cls.star = cls.customers[0]
        cls.riser = cls.customers[15]

    def _history(self, partner):
        return self.env["customer.value.tier.history"].search([("partner_id", "=", partner.id)], order="id")

    def test_a_first_tier_is_counted_and_dated_but_is_no_change(self):
        run = self._run(days_ago=3)
        value = self._value(self.star)
        self.assertEqual(value.tier_id, self.diamond)
        self.assertEqual(value.tier_since, TODAY - timedelta(days=3), "the day the run gave it")
        self.assertEqual(self._value(self.customers[19]).tier_id, self.bronze)
        self.assertEqual(run.new_tier_count, 20)
        self.assertFalse(
            self.env["customer.value.tier.history"].search_count([("partner_id", "in", self.customers.ids)]),
            "a first tier changes no tier: no history row",
        )
        self.assertFalse(value.message_ids.filtered(lambda message: "Value tier" in (message.body or "")))
        self._invoice(self.customers[19], 90000, days_ago=1)
        self._run()
        upgraded = self._value(self.customers[19])
        self.assertEqual((upgraded.tier_id, upgraded.tier_since), (self.diamond, TODAY))
        self.assertEqual(value.tier_since, TODAY - timedelta(days=3), "an unchanged tier keeps its day")
        history = self._history(self.customers[19])
        self.assertEqual(
            (history.direction, history.reason_code, history.from_tier_id, history.to_tier_id),
            ("upgrade", "criteria", self.bronze, self.diamond),
        )
        self.assertIn("Meets the rule of Diamond", history.reason)
        self.assertTrue(history.message_id, "a real change gets its note")

    def test_reasons_are_rendered_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_value"], ["zh_CN"], overwrite=True)
        self._run()
        value = self._value(self.customers[19])
        lock_until = TODAY + timedelta(days=45)
        with freeze_time(TODAY):
            value.with_user(self.manager)._lock_tier(self.gold, "Strategic partner", lock_until)
        lock = self._history(self.customers[19])
        chinese = lock.with_context(lang="zh_CN")
        self.assertNotEqual(chinese.reason, lock.reason)
        self.assertIn("黄金", chinese.reason, "the tier name in Chinese as well")
        self.assertEqual(lock.reason_params, {"reason": "Strategic partner", "until": str(lock_until)})
        self.manager.lang = "en_US"
        self.env["res.lang"]._activate_lang("en_GB")
        british = lock.with_context(lang="en_GB")
        self.assertIn(lock_until.strftime("%d/%m/%Y"), british.reason, "dates in the reader's format")
        self.assertIn(lock_until.strftime("%m/%d/%Y"), lock.with_context(lang="en_US").reason)

    def test_scoring_twice_writes_nothing(self):
        run = self._run()
        histories = self.env["customer.value.tier.history"].search_count([])
        messages = self.env["mail.message"].search_count([])
        # an old write date on every row shows any row the second run rewrites
        self.env.flush_all()
        self.env.cr.execute("UPDATE customer_value SET write_date = '2000-01-01'")
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = '2000-01-01' WHERE id IN %s", [tuple(self.customers.ids)]
        )
        self.env.invalidate_all()
        self._run()  # everything again, as a manager's Recompute Now does
        self.assertEqual(run.state, "done")
        self.env.cr.execute("SELECT COUNT(*) FROM customer_value WHERE write_date != '2000-01-01'")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no figure, score or tier changed")
        self.env.cr.execute(
            "SELECT COUNT(*) FROM res_partner WHERE write_date != '2000-01-01' AND id IN %s",
            [tuple(self.customers.ids)],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no partner copy changed")
        self.assertEqual(self.env["customer.value.tier.history"].search_count([]), histories)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(run.new_tier_count, 20, "the counts of the first pass stay")

    def test_every_real_change_is_linked_to_its_note_on_the_value_record(self):
        self._run(days_ago=1)
        self._invoices([(c, 60000, 0) for c in self.customers[15:]])
        run = self._run()
        histories = self.env["customer.value.tier.history"].search([("run_id", "=", run.id)])
        self.assertEqual(set(histories.mapped("direction")), {"upgrade"})
        self.assertEqual(len(histories), 5)
        self.assertTrue(all(histories.mapped("message_id")))
        self.assertEqual(set(histories.message_id.mapped("model")), {"customer.value"})
        self.assertEqual(sorted(histories.message_id.mapped("res_id")), sorted(histories.value_id.ids))
        value = self._value(self.customers[15])
        self.assertIn("Value tier: Bronze → Diamond (Upgrade)", value.message_ids[0].body)
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "res.partner"), ("res_id", "in", self.customers.ids), ("body", "ilike", "tier")]
            ),
            "nothing about tiers in the partners' chatter",
        )
        messages = self.env["mail.message"].search_count([])
        self.assertTrue(self.env["customer.value.tier.history"]._run_step_post_notes(run))
        self.assertEqual(self.env["mail.message"].search_count([]), messages, "resumed: nothing left to post")

    def test_upgrade_at_once_at_the_nightly_scoring(self):
        self._run(days_ago=1)
        self.assertEqual(self._value(self.riser).tier_id, self.bronze)
        self._invoice(self.riser, 50000, days_ago=0)
        run = self._run()
        self.assertEqual(self._value(self.riser).tier_id, self.diamond)
        self.assertEqual(run.upgrade_count, 1, "only the riser earns a better tier; nobody falls at night")
        history = self._history(self.riser)[-1]
        self.assertEqual(
            (history.direction, history.from_tier_id, history.to_tier_id), ("upgrade", self.bronze, self.diamond)
        )

    def test_downgrade_waits_for_the_grace_and_goes_one_tier_at_a_time(self):
        self._run("review", days_ago=270)
        self.assertEqual(self._value(self.star).tier_id, self.diamond)
        # the star stops buying; the others keep buying, so it falls to the bottom of the ranking
        self._invoices([(c, 12000, 100) for c in self.customers[1:]])
        nightly = self._run(days_ago=120)
        self.assertEqual(self._value(self.star).tier_id, self.diamond, "nightly scoring never downgrades")
        self.assertFalse(nightly.downgrade_count)
        self._run("review", days_ago=90)
        value = self._value(self.star)
        self.assertEqual((value.tier_id, value.tier_below_count), (self.diamond, 1), "first review below: grace")
        review = self._run("review", days_ago=0)
        self.assertEqual((value.tier_id, value.tier_below_count), (self.gold, 0), "second review below: one tier down")
        self.assertGreaterEqual(review.downgrade_count, 1)
        last = self._history(self.star)[-1]
        self.assertEqual((last.direction, last.from_tier_id, last.to_tier_id), ("downgrade", self.diamond, self.gold))
        self.assertIn("2 consecutive reviews", last.reason)

    def test_review_now_is_refused_twice_a_day(self):
        Run = self.env["customer.value.run"].with_user(self.manager)
        with freeze_time(TODAY):
            Run.action_review_now()
            review = Run.search([("run_type", "=", "review")])
            self.assertEqual((review.state, review.user_id), ("queued", self.manager))
            Run.action_review_now()  # queued, not started yet: nothing more
            self.assertEqual(Run.search_count([("run_type", "=", "review")]), 1)
            review.sudo()._execute()
            self.assertEqual(review.state, "done")
            with self.assertRaises(UserError):
                Run.action_review_now()  # done today
        with self.assertRaises(AccessError):
            self.env["customer.value.run"].with_user(self.salesperson).action_review_now()

    def test_growth_upgrades_one_tier_at_a_review(self):
        riser = self._customers(1, "CV Riser")
        # 90-day periods before TODAY: 100, then 130 (+30%), then 170 (+31%)
        self._invoices([(riser, 100, 200), (riser, 130, 120), (riser, 170, 30)])
        self._run("review", days_ago=1)
        value = self._value(riser)
        self.assertEqual(value.growth_streak, 2)
        first = value.tier_id
        self.assertFalse(self._history(riser), "a first tier follows the score only, and is no change")
        self._invoice(riser, 5, days_ago=0)
        self._run("review")
        self.assertEqual(value.growth_streak, 2)
        ordered = list(self.tiers)
        self.assertEqual(value.tier_id, ordered[ordered.index(first) - 1], "two periods of +20%: one tier up")
        self.assertIn("grew by at least 20", self._history(riser)[-1].reason)

    def test_lock_holds_a_tier_until_its_end(self):
        self._run("review", days_ago=180)
        value = self._value(self.customers[19])
        wizard = Form(
            self.env["customer.value.lock.wizard"]
            .with_user(self.manager)
            .with_context(default_value_ids=value.ids, default_tier_id=value.tier_id.id)
        )
        wizard.tier_id = self.diamond
        wizard.reason = "  Strategic partner  "
        wizard.lock_until = TODAY - timedelta(days=45)
        with freeze_time(TODAY - timedelta(days=180)):
            action = wizard.save().action_lock()
        self.assertEqual(action["params"]["type"], "success", "the manager is told the lock worked")
        self.assertEqual(
            (value.tier_id, value.tier_locked, value.tier_locked_by_id, value.tier_lock_reason),
            (self.diamond, True, self.manager, "Strategic partner"),
        )
        self._run("review", days_ago=90)
        self.assertEqual(value.tier_id, self.diamond, "locked: the figures do not move it")
        self._run("review", days_ago=0)
        self.assertFalse(value.tier_locked, "the lock ended 45 days ago")
        self.assertEqual(
            (value.tier_id, value.tier_below_count),
            (self.diamond, 1),
            "once released the customer is reviewed at once: below Diamond, first review of grace",
        )
        history = self._history(self.customers[19])
        self.assertEqual(history.mapped("direction")[:2], ["lock", "unlock"])
        self.assertEqual(history[1].reason_code, "lock_ended")
        self.assertIn("Strategic partner", history[0].reason)

    def test_a_lock_does_not_block_upgrades(self):
        self._run("review", days_ago=10)
        value = self._value(self.riser)
        value.with_user(self.manager)._lock_tier(self.silver, "Key account", TODAY + timedelta(days=100))
        self.assertEqual(value.tier_id, self.silver)
        self._invoice(self.riser, 90000, days_ago=1)
        self._run()
        self.assertEqual(value.tier_id, self.diamond, "upgraded as soon as the criteria hold, lock or not")
        self.assertTrue(value.tier_locked, "the lock stays as a floor")

    def test_a_returning_customer_is_tiered_anew_at_once(self):
        self._run("review", days_ago=30)
        value = self._value(self.star)
        self.assertEqual(value.tier_id, self.diamond)
        self.star.action_archive()
        self._run(days_ago=20)
        self.assertFalse(value.active)
        self.assertFalse(value.tier_id, "an inactive record keeps no tier")
        self.assertEqual(self._history(self.star)[-1].reason_code, "inactive")
        self.star.action_unarchive()
        self._invoices([(c, 20000, 5) for c in self.customers[1:]])
        self._invoice(self.star, 100, days_ago=5)
        self._run()
        self.assertTrue(value.active)
        self.assertEqual(value.tier_id, self.bronze, "its figures earn Bronze now, not the Diamond of before")
        returned = self._history(self.star)[-1]
        self.assertEqual(
            (returned.direction, returned.from_tier_id, returned.to_tier_id),
            ("initial", self.bronze.browse(), self.bronze),
            "it had a tier before: its new one is recorded",
        )
        self.assertEqual(value.tier_since, TODAY)

    def test_lock_needs_a_reason_an_active_tier_a_future_date_and_a_manager(self):
        self._run()
        value = self._value(self.star)
        with self.assertRaises(AccessError):
            value.with_user(self.salesperson).action_lock_tier()
        with self.assertRaises(AccessError):
            value.with_user(self.salesperson).action_unlock_tier()
        Wizard = self.env["customer.value.lock.wizard"].with_user(self.manager)
        valid = {"value_ids": value.ids, "tier_id": self.gold.id, "reason": "x", "lock_until": "2099-01-01"}
        with self.assertRaisesRegex(ValidationError, "after today"):
            Wizard.create({**valid, "lock_until": fields.Date.today()})
        with self.assertRaisesRegex(ValidationError, "Reason"):
            Wizard.create({**valid, "reason": "   "})
        self.gold.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            Wizard.create(valid)
        self.gold.active = True
        form = Form(Wizard.with_context(default_value_ids=value.ids))
        form.tier_id = self.gold
        with self.assertRaises(AssertionError):  # required reason and date
            form.save()
