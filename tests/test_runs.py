"""The value runs as the scheduled actions and the web client drive them: buttons that
queue, the nightly schedule in each company's timezone, runs worked on in bounded slices
that resume at the step after the last one done, runs of a company that never overlap,
and failures that are retried."""

import json
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import SerializationFailure

from odoo import api, sql_db
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.customer_value.models import customer_value_run_worker as worker_module
from odoo.addons.customer_value.models.customer_value_run_cleanup import VACUUMED_TABLES
from odoo.addons.customer_value.models.customer_value_run_worker import CONFLICT_PAUSE, MAX_ATTEMPTS, MAX_CONFLICTS
from odoo.addons.customer_value.models.customer_value_score_write import STAGE_TABLE

from .common import TODAY, CustomerValueCase


@contextmanager
def scheduled(case):
    """Run as the scheduled actions do, a transaction per slice, but inside the test's
    transaction (a real commit would end it)."""
    Worker = type(case.env["customer.value.run.worker"])
    with patch.object(case.env.cr, "commit", lambda: None), patch.object(Worker, "_auto_commit", lambda self: True):
        yield


@tagged("post_install", "-at_install")
class TestRuns(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._ranked_customers()
        cls.star = cls.customers[0]
        cls.Run = cls.env["customer.value.run"]
        cls.Worker = cls.env["customer.value.run.worker"]
        cls.worker = cls.env.ref("customer_value.ir_cron_customer_value_worker")

    def _triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.worker.id)])

    # ------------------------------------------------------------------
    # buttons (a, b)
    # ------------------------------------------------------------------
    def test_buttons_queue_the_run_from_every_list_they_appear_in(self):
        """The list header buttons call their method with the (empty) selection, as the web
        client does; nothing is computed in the request."""
        for model, method, run_type in (
            ("customer.value.run", "action_recompute_now", "scoring"),
            ("customer.value.run", "action_review_now", "review"),
            ("customer.value", "action_recompute_now", "scoring"),
        ):
            with self.subTest(model=model, method=method):
                self.Run.search([]).unlink()
                triggers = self._triggers()
                action = api.call_kw(self.env[model].with_user(self.manager), method, [[]], {})
                self.assertEqual(action["tag"], "display_notification")
                run = self.Run.search([("run_type", "=", run_type)])
                self.assertEqual((run.state, run.user_id), ("queued", self.manager))
                self.assertFalse(self.env["customer.value"].search_count([]), "not computed in the request")
                self.assertTrue(self._triggers() - triggers, "the worker cron is woken")
        for model, method in (
            ("customer.value.run", "action_recompute_now"),
            ("customer.value", "action_recompute_now"),
        ):
            with self.subTest(user="salesperson", model=model), self.assertRaises(AccessError):
                api.call_kw(self.env[model].with_user(self.salesperson), method, [[]], {})
        with self.assertRaises(AccessError):
            api.call_kw(self.Run.with_user(self.salesperson), "action_review_now", [[]], {})

    def test_recompute_now_restarts_the_days_run_for_the_new_request(self):
        first_manager = self.manager
        second_manager = self.manager.copy({"login": "cv_manager_2"})
        with freeze_time("2026-06-30 08:00:00"):
            self.Run.with_user(first_manager).action_recompute_now()
            run = self.Run.search([])
            run._execute()
        self.assertEqual(run.state, "done")
        with freeze_time("2026-06-30 15:30:00"):
            self.Run.with_user(second_manager).action_recompute_now()
        self.assertEqual(len(self.Run.search([])), 1, "the same run of the day, started over")
        self.assertEqual((run.state, run.user_id), ("queued", second_manager))
        self.assertEqual(run.started_at, datetime(2026, 6, 30, 15, 30))
        self.assertFalse(run.finished_at)
        run._execute()
        self.assertEqual(run.state, "done")

    def test_the_worker_cron_finishes_a_queued_run_and_tells_its_user(self):
        self.Run.with_user(self.manager).action_recompute_now()
        self.worker.method_direct_trigger()
        run = self.Run.search([])
        self.assertEqual(run.state, "done")
        self.assertEqual(self.env["customer.value"].search_count([]), 20)
        self.env.flush_all()  # sends the bus notifications prepared for the commit
        sent = [
            json.loads(notification.message)
            for notification in self.env["bus.bus"].search([], order="id")
            if json.loads(notification.channel)[1:] == ["res.partner", self.manager.partner_id.id]
        ]
        self.assertEqual(sent[-1]["type"], "simple_notification")
        self.assertIn("are ready", sent[-1]["payload"]["title"])

    # ------------------------------------------------------------------
    # resuming (e), bounded slices (n)
    # ------------------------------------------------------------------
    def _count_steps(self):
        """Patch every finish step to count its calls (and still do its work)."""
        calls = []
        patches = []
        for name, model, method in self.Run.new({"run_type": "review"})._steps():
            cls = type(self.env[model])
            original = getattr(cls, method)

            def counted(record, run, _original=original, _name=name):
                calls.append(_name)
                return _original(record, run)

            patches.append(patch.object(cls, method, counted))
        return patches, calls

    def test_a_run_cut_off_resumes_at_the_step_after_the_last_one_done(self):
        run = self.Run._queue(self.company, "review", TODAY)
        Snapshot = type(self.env["customer.value.snapshot"])
        with scheduled(self), patch.object(Snapshot, "_run_step_snapshot", side_effect=RuntimeError("killed")):
            self.Worker._process(run, None, auto_commit=True)
        names = [name for name, _model, _method in run._steps()]
        before_snapshot = names[names.index("snapshot") - 1]
        self.assertEqual((run.state, run.last_step, run.attempt_count), ("failed", before_snapshot, 1))
        self.assertIn("killed", run.error)
        self.assertTrue(run.retry_at)
        patches, calls = self._count_steps()
        for active in patches:
            active.start()
        try:
            with scheduled(self):
                self.Worker._process(run, None, auto_commit=True)
        finally:
            for active in patches:
                active.stop()
        self.assertEqual(calls, ["snapshot", "vacuum"], "score, tiers and notes are not done again")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.new_tier_count, 20, "one first tier each, counted once")
        self.assertEqual(self.env["customer.value.snapshot"].search_count([("run_id", "=", run.id)]), 20)

    def test_the_finish_steps_run_without_jit_compilation(self):
        """The finish steps' statements read every customer of the company once: PostgreSQL's
        JIT compiled them for longer than they ran (1.9 s for a 0.9 s read at 100,000
        customers)."""
        run = self.Run._queue(self.company, "scoring", TODAY)
        run.state = "finishing"
        self.env.cr.execute("SET LOCAL jit = on")
        self.Worker._finish_slice(run)
        self.assertEqual(run.last_step, "score")
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], "off")

    def _counts_of_cleaning(self):
        """{table: (manual vacuums, manual analyzes)} of the tables the cleaning job cleans."""
        self.env.cr.execute("SELECT pg_stat_clear_snapshot()")
        self.env.cr.execute(
            "SELECT relname, vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname IN %s",
            [VACUUMED_TABLES],
        )
        return {name: (vacuums, analyzes) for name, vacuums, analyzes in self.env.cr.fetchall()}

    def _cleaning_triggers(self):
        cron = self.env.ref("customer_value.ir_cron_customer_value_clean")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_a_scheduled_run_ends_by_triggering_the_cleaning_job_after_its_own(self):
        before = self._counts_of_cleaning()
        run = self.Run._queue(self.company, "scoring", TODAY)
        with scheduled(self):
            self.Worker._process(run, None, auto_commit=True)
        self.assertEqual((run.state, run.last_step), ("done", "vacuum"))
        self.assertEqual(self._counts_of_cleaning(), before, "nothing is vacuumed inside the worker's job")
        [trigger] = self._cleaning_triggers()
        self.assertGreaterEqual(trigger.call_at, run.finished_at + timedelta(minutes=1), "once that job is over")

    def test_the_cleaning_job_waits_while_a_run_is_worked_on(self):
        before = self._counts_of_cleaning()
        self.Run._queue(self.company, "scoring", TODAY)
        self.assertEqual(self.env["customer.value.run.cleanup"]._cron_clean_tables(), {})
        self.assertEqual(self._counts_of_cleaning(), before)
        self.assertEqual(len(self._cleaning_triggers()), 1, "it comes back later")

    def test_the_cleaning_job_drops_the_staged_scores_that_no_run_will_write(self):
        runs = {
            state: self.Run._queue(self.company, "scoring", TODAY - timedelta(days=days))
            for days, state in enumerate(("cancelled", "failed for good", "failed, to retry"))
        }
        runs["cancelled"].state = "cancelled"
        runs["failed for good"].write({"state": "failed", "attempt_count": MAX_ATTEMPTS})
        runs["failed, to retry"].write({"state": "failed", "attempt_count": MAX_ATTEMPTS - 1})
        tables = {state: STAGE_TABLE % run.id for state, run in runs.items()}
        for table in tables.values():
            self.env.cr.execute(SQL("CREATE TABLE %s (id integer PRIMARY KEY)", SQL.identifier(table)))
        self.env["customer.value.run.cleanup"]._cron_clean_tables()
        self.env.cr.execute("SELECT tablename FROM pg_tables WHERE tablename IN %s", [tuple(tables.values())])
        self.assertEqual({name for (name,) in self.env.cr.fetchall()}, {tables["failed, to retry"]})

    def test_the_cleaning_job_cleans_the_tables_that_need_it_and_only_those(self):
        """The counts that decide are those of committed work, which a test cannot make: on a
        connection of their own the tables are cleaned, then one of them is given dead rows
        (an insert rolled back), as a run's committed rewrites would."""
        self._run()
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr._cnx.autocommit = True
            try:
                cr.execute(SQL("VACUUM ANALYZE %s", SQL(", ").join(SQL.identifier(t) for t in VACUUMED_TABLES)))
                cr.execute("BEGIN")
                cr.execute(
                    "INSERT INTO customer_value_summary (company_id)"
                    " SELECT (SELECT MIN(id) FROM res_company) FROM generate_series(1, 500)"
                )
                cr.execute("ROLLBACK")
                cr.execute("SELECT pg_stat_force_next_flush()")  # before the statement returns
            finally:
                cr._cnx.autocommit = False
        before = self._counts_of_cleaning()
        cleaned = self.env["customer.value.run.cleanup"]._cron_clean_tables()
        self.assertEqual(list(cleaned), ["customer_value_summary"])
        after = self._counts_of_cleaning()
        self.assertEqual(after["customer_value_summary"][0], before["customer_value_summary"][0] + 1)
        del after["customer_value_summary"], before["customer_value_summary"]
        self.assertEqual(after, before, "the tables without dead rows or changes are left alone")

    def test_every_call_of_the_worker_does_a_bounded_slice(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        self._run(days_ago=1)
        self._invoices([(c, 50000 + 1000 * i, 0) for i, c in enumerate(self.customers[8:])])  # upgrades
        run = self.Run._queue(self.company, "scoring", TODAY)
        steps = []
        calls = 0
        while run.state != "done":
            calls += 1
            self.assertLess(calls, 1000)
            self.assertEqual(self.Worker._cron_process_runs(seconds=0), 1, "one slice per call")
            steps.append((run.state, run.last_step))
        self.assertGreater(len(run.chunk_ids), 3)
        self.assertEqual(
            steps.count(("aggregating", False)), 1 + len(run.chunk_ids), "the plan, then a chunk per slice"
        )
        self.assertGreaterEqual(run.upgrade_count, 6)
        changes = self.env["customer.value.tier.history"].search_count([("direction", "!=", "initial")])
        note_slices = changes // 5 + 1  # five notes per slice; the step ends with a slice short of five
        self.assertEqual(
            steps.count(("finishing", "score")), 1 + len(run.chunk_ids), "the scores and tiers, then a chunk's write"
        )
        self.assertEqual(
            steps.count(("finishing", "write_scores")), 1 + len(run.chunk_ids), "the write's end, then a chunk's KPIs"
        )
        self.assertEqual(
            steps.count(("finishing", "kpi_partials")), note_slices, "the KPI sums' end, then the notes but the last"
        )
        self.assertEqual(
            list(dict.fromkeys(last for _state, last in steps if last)),
            [name for name, _model, _method in self.Run.new({"run_type": "scoring"})._steps()],
        )
        figures = {v.id: (v.value_score, v.tier_id.id) for v in self.env["customer.value"].search([])}
        self._run()  # the same run again in one go: the same figures
        self.assertEqual({v.id: (v.value_score, v.tier_id.id) for v in self.env["customer.value"].search([])}, figures)

    def test_the_score_step_wakes_a_second_worker_to_share_the_write_of_its_rows(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        run = self.Run._queue(self.company, "scoring", TODAY)
        while not run.last_step:
            triggers = self._triggers()
            self.assertTrue(self.Worker._process_slice(run))
        self.assertEqual(run.last_step, "score")
        self.assertGreater(len(run.chunk_ids), 1)
        self.assertTrue(self._triggers() - triggers, "the worker cron is woken for the write, chunk by chunk")

    def test_the_end_of_the_write_wakes_a_second_worker_to_share_the_kpi_sums(self):
        # the worker that helped with the write stops when it finds no chunk left to write
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        run = self.Run._queue(self.company, "scoring", TODAY)
        while run.last_step != "write_scores":
            triggers = self._triggers()
            self.assertTrue(self.Worker._process_slice(run))
        self.assertGreater(len(run.chunk_ids), 1)
        self.assertTrue(self._triggers() - triggers, "the worker cron is woken for the KPI sums, chunk by chunk")

    def test_conflicts_with_another_worker_are_retried_after_a_growing_pause_and_counted_in_a_row(self):
        """A slice that met another worker's concurrent update is tried again after a pause
        that grows with each conflict in a row: a worker racing through chunks with nothing
        to do used up the retries of the other within milliseconds, and its job failed. A
        slice that goes through starts the count again; too many in a row still fail."""
        Worker = type(self.Worker)
        real_slice = Worker._process_slice
        conflicts_before_each_slice = [MAX_CONFLICTS]
        conflicts_left = list(conflicts_before_each_slice)

        def process_slice(worker, run, auto_commit=False):
            if conflicts_left[0]:
                conflicts_left[0] -= 1
                raise SerializationFailure("could not serialize access due to concurrent update")
            conflicts_left[0] = conflicts_before_each_slice[0]
            return real_slice(worker, run, auto_commit)

        pauses = []
        run = self.Run._queue(self.company, "scoring", TODAY)
        with (
            scheduled(self),
            patch.object(Worker, "_process_slice", process_slice),
            patch.object(self.env.cr, "rollback", lambda: None),  # the slice's savepoint undid its work
            patch.object(worker_module.time, "sleep", pauses.append),
        ):
            self.Worker._process(run, None, auto_commit=True)
            self.assertEqual(run.state, "done", f"{MAX_CONFLICTS} conflicts before every slice, never more in a row")
            self.assertEqual(pauses[:3], [CONFLICT_PAUSE, 2 * CONFLICT_PAUSE, 3 * CONFLICT_PAUSE])
            self.assertEqual(pauses[MAX_CONFLICTS], CONFLICT_PAUSE, "a slice that went through starts again")
            conflicts_before_each_slice[0] = conflicts_left[0] = MAX_CONFLICTS + 1
            run = self.Run._queue(self.company, "scoring", TODAY + timedelta(days=1))
            with self.assertRaises(SerializationFailure):
                self.Worker._process(run, None, auto_commit=True)

    def test_a_first_run_analyzes_the_value_table_it_filled_and_a_later_run_leaves_it(self):
        """The steps after the write join the value table: once a company's first run has
        written it, the planner's statistics count its rows, not the table as it was."""

        def estimated_rows():
            self.env.cr.execute("SELECT reltuples FROM pg_class WHERE oid = 'customer_value'::regclass")
            return self.env.cr.fetchone()[0]

        self.env.cr.execute("ANALYZE customer_value")  # as the table was before this company's first run
        before = estimated_rows()
        first = self._run(days_ago=1)
        self.assertLess(before, first.customer_count / 2, "the statistics counted too few rows for the run")
        self.assertGreaterEqual(estimated_rows(), first.customer_count)
        self._invoices([(customer, 500, 10) for customer in self._customers(5, "CV Later")])
        analyzed = estimated_rows()
        second = self._run()
        self.assertEqual(second.customer_count, first.customer_count + 5)
        self.assertEqual(estimated_rows(), analyzed, "statistics that count most rows are left as they are")

    # ------------------------------------------------------------------
    # reviews (d)
    # ------------------------------------------------------------------
    def test_a_review_that_failed_after_its_tier_step_does_not_count_the_grace_twice(self):
        self.company.tier_next_review_date = TODAY - timedelta(days=90)
        with freeze_time(TODAY - timedelta(days=90)):
            self.Run._queue(self.company, "review", TODAY - timedelta(days=90))._execute()
        value = self._value(self.star)
        self.assertEqual(value.tier_id, self.diamond)
        # the star stops buying and falls to the bottom
        self._invoices([(c, 12000, 50) for c in self.customers[1:]])
        self.company.tier_next_review_date = TODAY
        History = type(self.env["customer.value.tier.history"])
        killed = patch.object(History, "_run_step_post_notes", side_effect=RuntimeError("worker killed"))
        with freeze_time(f"{TODAY} 02:00:00"), scheduled(self), killed:
            self.Run._cron_nightly_runs()
            review = self.Run.search([("run_type", "=", "review")], order="id desc", limit=1)
            self.Worker._process(review, None, auto_commit=True)
        self.assertEqual(
            (review.state, review.last_step), ("failed", "kpi_partials"), "failed after its scores and tiers"
        )
        self.assertEqual((value.tier_id, value.tier_below_count), (self.diamond, 1), "first review below")
        self.assertEqual(self.company.tier_next_review_date, TODAY + timedelta(days=92), "moved with the tier step")
        # the next night: the review is not due any more; the failed one is retried
        with freeze_time(f"{TODAY + timedelta(days=1)} 02:00:00"), scheduled(self):
            self.Run._cron_nightly_runs()
            self.Worker._process(review, None, auto_commit=True)
        self.assertEqual(review.state, "done")
        self.assertEqual(self.Run.search_count([("run_type", "=", "review")]), 2, "no second review of the period")
        self.assertEqual((value.tier_id, value.tier_below_count), (self.diamond, 1), "still one review below")

    def test_a_review_is_identified_by_its_scheduled_period(self):
        self.company.tier_next_review_date = TODAY - timedelta(days=1)  # due yesterday, runs today
        with freeze_time(f"{TODAY} 02:00:00"):
            self.Run._cron_nightly_runs()
        review = self.Run.search([("run_type", "=", "review")])
        self.assertEqual((review.period_date, review.date), (TODAY - timedelta(days=1), TODAY))
        self.assertEqual(review.state, "done")
        self.assertEqual(self.company.tier_next_review_date, TODAY - timedelta(days=1) + timedelta(days=92))

    # ------------------------------------------------------------------
    # nightly schedule in the company's timezone (h)
    # ------------------------------------------------------------------
    def test_the_nightly_run_follows_the_company_timezone(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.company.tier_next_review_date = TODAY + timedelta(days=30)
        with freeze_time("2026-06-29 09:00:00"):  # 17:00 in Shanghai: business hours, nothing starts
            self.Run._cron_nightly_runs()
        self.assertFalse(self.Run.search([]))
        with freeze_time("2026-06-29 17:30:00"):  # 01:30 on June 30 in Shanghai
            self.Run._cron_nightly_runs()
            self.Run._cron_nightly_runs()  # the hourly call again: nothing more
        run = self.Run.search([])
        self.assertEqual((len(run), run.date, run.state), (1, TODAY, "done"), "dated by the company's calendar")
        nightly = self.env.ref("customer_value.ir_cron_customer_value_scoring")
        self.assertEqual((nightly.interval_number, nightly.interval_type), (1, "hours"))

    # ------------------------------------------------------------------
    # runs of a company never overlap (m)
    # ------------------------------------------------------------------
    def test_a_scoring_and_a_review_queued_together_run_one_after_the_other(self):
        scoring = self.Run._queue(self.company, "scoring", TODAY)
        review = self.Run._queue(self.company, "review", TODAY)
        self.assertEqual(self.Worker._runs_to_process(), scoring, "one run of a company at a time")
        self.Worker._cron_process_runs()
        self.assertEqual((scoring.state, scoring.superseded_by_id), ("cancelled", review), "the review redoes it all")
        self.assertEqual(review.state, "done")
        self.assertEqual(self.env["customer.value"].search_count([("scored_on", "=", TODAY)]), 20)

    def test_a_run_older_than_a_finished_one_is_abandoned(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        yesterday = self.Run._queue(self.company, "scoring", TODAY - timedelta(days=1))
        self.Worker._process_slice(yesterday)  # planned, then the worker was killed
        self.assertEqual(yesterday.state, "aggregating")
        today = self.Run._queue(self.company, "review", TODAY)
        today._execute()  # e.g. a worker that took today's run first
        self.Worker._cron_process_runs()  # the chunk worker takes yesterday's run up again
        self.assertEqual((yesterday.state, yesterday.superseded_by_id), ("cancelled", today))
        values = self.env["customer.value"].search([])
        self.assertEqual(set(values.mapped("scored_on")), {TODAY}, "today's figures stay")

    def test_a_failed_run_is_retried(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        Chunk = type(self.env["customer.value.run.chunk"])
        original = Chunk._aggregate
        calls = []

        def flaky(chunk):
            calls.append(chunk.id)
            if len(calls) == 2:
                raise RuntimeError("database went away")
            return original(chunk)

        with freeze_time(f"{TODAY} 01:00:00"), scheduled(self), patch.object(Chunk, "_aggregate", flaky):
            run = self.Run._queue(self.company, "scoring", TODAY)
            self.Worker._process(run, None, auto_commit=True)
            self.assertEqual(len(calls), len(run.chunk_ids), "every chunk was tried")
            self.assertEqual(run.chunk_ids.mapped("state").count("failed"), 1)
            self.assertEqual((run.state, run.attempt_count), ("failed", 1))
            self.assertIn("database went away", run.chunk_ids.filtered(lambda c: c.state == "failed").error)
            self.assertEqual(self.env["customer.value"].search_count([]), 15, "the other chunks' customers are kept")
            self.assertEqual(self._triggers().mapped("call_at")[-1], datetime(2026, 6, 30, 1, 10), "retried later")
            self.assertFalse(self.Worker._runs_to_process(), "not before its retry time")
        with freeze_time(f"{TODAY} 01:11:00"), scheduled(self):
            self.Worker._cron_process_runs()
        self.assertEqual((run.state, run.error), ("done", False))
        self.assertEqual(self.env["customer.value"].search_count([]), 20)

    def test_a_run_that_failed_its_last_attempt_waits_for_the_next_night(self):
        run = self.Run._queue(self.company, "scoring", TODAY)
        run.write({"state": "failed", "attempt_count": MAX_ATTEMPTS - 1})
        self.assertEqual(self.Worker._runs_to_process(), run, "an attempt is left")
        run.attempt_count = MAX_ATTEMPTS
        self.assertFalse(self.Worker._runs_to_process(), "no attempt left")

    def test_a_run_that_failed_to_write_a_chunk_writes_it_when_retried_without_aggregating_it_again(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        Value, Chunk = type(self.env["customer.value"]), type(self.env["customer.value.run.chunk"])
        write, aggregate = Value._run_step_write_scores, Chunk._aggregate
        writes, aggregated = [], []

        def flaky_write(value, run, chunk):
            if chunk:
                writes.append(chunk.id)
                if len(writes) == 2:
                    raise RuntimeError("disk full")
            return write(value, run, chunk)

        def counted_aggregate(chunk):
            aggregated.append(chunk.id)
            return aggregate(chunk)

        scored = [("tier_id", "!=", False)]
        with (
            freeze_time(f"{TODAY} 01:00:00"),
            scheduled(self),
            patch.object(Value, "_run_step_write_scores", flaky_write),
            patch.object(Chunk, "_aggregate", counted_aggregate),
        ):
            run = self.Run._queue(self.company, "scoring", TODAY)
            self.Worker._process(run, None, auto_commit=True)
            failed = run.chunk_ids.filtered("error")
            self.assertEqual(len(writes), len(run.chunk_ids), "every chunk's write was tried")
            self.assertEqual((run.state, run.last_step, len(failed), failed.state), ("failed", "score", 1, "done"))
            self.assertIn("disk full", run.error)
            self.assertEqual(self.env["customer.value"].search_count(scored), 15, "the other chunks' rows are written")
        with (
            freeze_time(f"{TODAY} 01:11:00"),
            scheduled(self),
            patch.object(Value, "_run_step_write_scores", flaky_write),
            patch.object(Chunk, "_aggregate", counted_aggregate),
        ):
            self.Worker._cron_process_runs()
        self.assertEqual((run.state, run.error), ("done", False))
        self.assertEqual(sorted(aggregated), sorted(run.chunk_ids.ids), "each chunk aggregated once")
        self.assertEqual(writes[len(run.chunk_ids) :], failed.ids, "then only the failed chunk's write again")
        self.assertEqual(self.env["customer.value"].search_count(scored), 20)

    def test_a_second_cron_worker_shares_the_chunks(self):
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 5)
        nightly = self.env.ref("customer_value.ir_cron_customer_value_scoring")
        run = self.Run._queue(self.company, "scoring", TODAY)
        helper_triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", nightly.id)])
        # the worker cron plans the run and wakes the other cron as a helper
        self.Worker.with_context(cron_id=self.worker.id)._process_slice(run)
        self.assertEqual(run.state, "aggregating")
        woken = self.env["ir.cron.trigger"].search([("cron_id", "=", nightly.id)]) - helper_triggers
        self.assertEqual(len(woken), 1)
        self.assertEqual(set(run.chunk_ids.mapped("state")), {"pending"})
        self.worker.method_direct_trigger()
        self.assertEqual(set(run.chunk_ids.mapped("state")), {"done"})
        self.assertEqual((run.state, run.customer_count), ("done", 20))


@tagged("post_install", "-at_install")
class TestTestServer(CustomerValueCase):
    def test_the_test_server_does_not_take_the_port_of_the_running_odoo(self):
        from odoo.tools import config

        self.assertNotEqual(config["http_port"], 8069, "scripts/test.sh gives the tests a free port")
