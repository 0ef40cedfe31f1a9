"""Re-tiering through the runs: upgrades, grace-period downgrades, locks, history, chatter
and idempotent scheduled actions."""

from datetime import timedelta
from unittest.mock import patch

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
        # 20 customers who bought about 280 days before TODAY; customer 0 is the best
        # (top 5% = Diamond), 1-3 Gold, 4-9 Silver, the rest Bronze
        cls.customers = cls._customers(20)
        cls._invoices([(c, 10000 - 400 * i, 280 + i) for i, c in enumerate(cls.customers)])
        cls.star = cls.customers[0]
        cls.riser = cls.customers[15]

    def _history(self, partner):
        return self.env["customer.value.tier.history"].search([("partner_id", "=", partner.id)], order="id")

    def test_first_run_assigns_tiers_with_history_and_chatter(self):
        run = self._run()
        value = self._value(self.star)
        self.assertEqual(value.tier_id, self.diamond)
        self.assertEqual(self._value(self.customers[19]).tier_id, self.bronze)
        self.assertEqual(run.new_tier_count, 20)
        history = self._history(self.star)
        self.assertEqual(len(history), 1)
        self.assertEqual(
            (history.direction, history.from_tier_id, history.to_tier_id),
            ("initial", self.bronze.browse(), self.diamond),
        )
        self.assertIn("Diamond", history.reason)
        self.assertEqual(history.value_score, value.value_score)
        self.assertIn("Diamond", self.star.message_ids[0].body)

    def test_scoring_twice_changes_nothing(self):
        run = self._run()
        values = self.env["customer.value"].search([])
        before = {v.id: (v.write_date, v.tier_id, v.value_score) for v in values}
        histories = self.env["customer.value.tier.history"].search_count([])
        messages = self.env["mail.message"].search_count([])
        run._reset()  # everything again, as a manager's Recompute Now does
        run._execute()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.chunk_ids), 1)
        values.invalidate_recordset()
        self.assertEqual({v.id: (v.write_date, v.tier_id, v.value_score) for v in values}, before)
        self.assertEqual(self.env["customer.value.tier.history"].search_count([]), histories)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(run.new_tier_count, 20, "the counts of the first pass stay")

    def test_every_change_is_linked_to_its_chatter_note(self):
        run = self._run()
        histories = self.env["customer.value.tier.history"].search([("run_id", "=", run.id)])
        self.assertEqual(len(histories), 20)
        self.assertTrue(all(histories.mapped("message_id")))
        self.assertEqual(histories.message_id.mapped("res_id"), histories.partner_id.ids)
        messages = self.env["mail.message"].search_count([])
        run._post_tier_messages()  # resumed after a crash: nothing left to post
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

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

    def test_a_review_run_twice_does_not_count_twice(self):
        self._run("review", days_ago=90)
        self._invoices([(c, 12000, 50) for c in self.customers[1:]])
        review = self._run("review")
        value = self._value(self.star)
        self.assertEqual(value.tier_below_count, 1)
        review._reset()
        review._execute()  # the same review processed again
        self.assertEqual(value.tier_below_count, 1)
        self.assertEqual(value.tier_id, self.diamond)
        self.assertEqual(self.env["customer.value.snapshot"].search_count([("run_id", "=", review.id)]), 20)

    def test_review_now_is_refused_twice_a_day(self):
        Run = self.env["customer.value.run"].with_user(self.manager)
        action = Run.action_review_now()
        self.assertEqual(Run.browse(action["res_id"]).state, "done")
        with self.assertRaises(UserError):
            Run.action_review_now()
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
        self.assertEqual(self._history(riser).direction, "initial", "a first tier follows the score only")
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
        wizard.reason = "Strategic partner"
        wizard.lock_until = TODAY - timedelta(days=45)
        with freeze_time(TODAY - timedelta(days=180)):
            wizard.save().action_lock()
        self.assertEqual(
            (value.tier_id, value.tier_locked, value.tier_locked_by_id), (self.diamond, True, self.manager)
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
        directions = self._history(self.customers[19]).mapped("direction")
        self.assertEqual(directions[:3], ["initial", "lock", "unlock"])
        self.assertIn("Strategic partner", self._history(self.customers[19])[1].reason)

    def test_lock_needs_a_reason_a_future_date_and_a_manager(self):
        self._run()
        value = self._value(self.star)
        with self.assertRaises(AccessError):
            value.with_user(self.salesperson).action_lock_tier()
        with self.assertRaises(AccessError):
            value.with_user(self.salesperson).action_unlock_tier()
        with self.assertRaises(ValidationError):
            self.env["customer.value.lock.wizard"].with_user(self.manager).create(
                {"value_ids": value.ids, "tier_id": self.gold.id, "reason": "x", "lock_until": fields.Date.today()}
            )
        form = Form(
            self.env["customer.value.lock.wizard"].with_user(self.manager).with_context(default_value_ids=value.ids)
        )
        form.tier_id = self.gold
        with self.assertRaises(AssertionError):  # required reason and date
            form.save()

    def test_scheduled_actions_run_once_per_day(self):
        with freeze_time(TODAY):
            self.env.ref("customer_value.ir_cron_customer_value_scoring").method_direct_trigger()
            self.env.ref("customer_value.ir_cron_customer_value_scoring").method_direct_trigger()
            runs = self.env["customer.value.run"].search([("run_type", "=", "scoring")])
            self.assertEqual(len(runs), 1)
            self.assertEqual(runs.date, TODAY)
            self.assertEqual(self.env["customer.value.tier.history"].search_count([]), 20)
            self.company.tier_next_review_date = TODAY + timedelta(days=10)
            self.env.ref("customer_value.ir_cron_customer_value_tier_review").method_direct_trigger()
            self.assertFalse(self.env["customer.value.run"].search([("run_type", "=", "review")]), "not due yet")
            self.company.tier_next_review_date = TODAY
            self.env.ref("customer_value.ir_cron_customer_value_tier_review").method_direct_trigger()
            self.env.ref("customer_value.ir_cron_customer_value_tier_review").method_direct_trigger()
            review = self.env["customer.value.run"].search([("run_type", "=", "review")])
            self.assertEqual(len(review), 1)
            self.assertEqual(self.env["customer.value.snapshot"].search_count([("run_id", "=", review.id)]), 20)
            self.assertEqual(self.company.tier_next_review_date, TODAY + timedelta(days=92), "three months later")

    def _flaky_aggregation(self, failing_call):
        """Patch chunk aggregation so that its ``failing_call``-th call raises."""
        Chunk = type(self.env["customer.value.run.chunk"])
        original = Chunk._aggregate
        calls = []

        def flaky(chunk, settings):
            calls.append(chunk.id)
            if len(calls) == failing_call:
                raise RuntimeError("database went away")
            return original(chunk, settings)

        return patch.object(Chunk, "_aggregate", flaky), calls

    def test_a_failing_chunk_loses_only_itself_and_the_run_resumes(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        run = self.env["customer.value.run"]._get_or_create(self.company, TODAY, "scoring")
        flaky, calls = self._flaky_aggregation(2)
        # not assertRaises: in Odoo tests it rolls back to a savepoint taken before the block
        with flaky:
            try:
                run._execute()
            except RuntimeError:
                pass
        self.assertEqual(len(calls), 2)
        self.assertEqual(run.chunk_ids.mapped("state").count("done"), 1)
        self.assertNotEqual(run.state, "done")
        run._execute()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.customer_count, 20)
        self.assertEqual(self.env["customer.value"].search_count([]), 20)

    def test_in_scheduled_actions_a_failing_chunk_is_recorded_and_the_others_go_on(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        run = self.env["customer.value.run"]._get_or_create(self.company, TODAY, "scoring")
        flaky, calls = self._flaky_aggregation(2)
        with flaky, patch.object(self.env.cr, "commit", lambda: None):  # a real commit would end the test
            run._execute(auto_commit=True)
            self.assertEqual(len(calls), len(run.chunk_ids), "every chunk was tried")
            self.assertEqual(run.chunk_ids.mapped("state").count("failed"), 1)
            self.assertEqual(run.state, "failed")
            self.assertIn("database went away", run.error)
            self.assertIn("database went away", run.chunk_ids.filtered(lambda c: c.state == "failed").error)
            self.assertEqual(self.env["customer.value"].search_count([]), 15, "the other chunks' customers are kept")
            run._execute(auto_commit=True)  # the next call retries the failed chunk and finishes
        self.assertEqual(run.state, "done")
        self.assertFalse(run.error)
        self.assertEqual(self.env["customer.value"].search_count([]), 20)

    def test_a_second_cron_worker_shares_the_chunks(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        helper = self.env.ref("customer_value.ir_cron_customer_value_chunk_worker")
        run = self.env["customer.value.run"]._get_or_create(self.company, TODAY, "scoring")
        Run = type(run)
        # the first worker plans the run and triggers the helper (its own chunk work left out here)
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", helper.id)])
        with patch.object(self.env.cr, "commit", lambda: None), patch.object(Run, "_work_chunks", lambda *a: None):
            run._execute(auto_commit=True)
            self.assertEqual(len(self.env["ir.cron.trigger"].search([("cron_id", "=", helper.id)]) - triggers), 1)
            run._execute(auto_commit=True)  # a worker joining the planned run, as the helper does
        self.assertEqual(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", helper.id)]) - triggers),
            1,
            "only the worker that plans the run calls the helper",
        )
        self.assertEqual(set(run.chunk_ids.mapped("state")), {"pending"})
        helper.method_direct_trigger()  # the helper cron takes the chunks and finishes the run
        self.assertEqual(set(run.chunk_ids.mapped("state")), {"done"})
        self.assertEqual(run.state, "done")
        self.assertEqual(run.customer_count, 20)
