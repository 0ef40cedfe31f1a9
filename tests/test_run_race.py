"""Two cron workers on one run, each with its own database connection and transactions:
every chunk is aggregated exactly once, then written exactly once by the step that writes
the scores chunk by chunk, and every other finish step runs exactly once.

The run must be committed for the second connection to see it, so this test writes with
real cursors and removes what it wrote at the end; it uses a day long past, so nothing
else is disturbed.
"""

import threading
import time
from datetime import date
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from odoo.addons.customer_value.models.customer_value_run_worker import ACTIVE_STATES

from .common import committed

RACE_DAY = date(1999, 12, 31)
CHUNKS = 12


@tagged("post_install", "-at_install")
class TestTwoWorkersRace(TransactionCase):
    def _create_run(self, env):
        company = env.ref("base.main_company")
        run = env["customer.value.run"]._queue(company, "scoring", RACE_DAY)
        env.cr.execute("SELECT MIN(id), MAX(id) FROM res_partner")
        low, high = env.cr.fetchone()
        size = max((high - low + 1) // CHUNKS, 1)
        env["customer.value.run.chunk"].create(
            [
                {"run_id": run.id, "partner_from": low + i * size, "partner_to": low + (i + 1) * size - 1}
                for i in range(CHUNKS)
            ]
        )
        run.state = "aggregating"
        return run.id, env["ir.cron.trigger"].search([], order="id desc", limit=1).id

    def _cleanup(self, run_id, last_trigger):
        def remove(env):
            env["customer.value.run"].browse(run_id).unlink()
            env["ir.cron.trigger"].search([("id", ">", last_trigger)]).unlink()

        committed(self.registry, remove)

    def test_two_connections_share_the_chunks_and_finish_once(self):
        run_id, last_trigger = committed(self.registry, self._create_run)
        self.addCleanup(self._cleanup, run_id, last_trigger)
        Chunk = type(self.env["customer.value.run.chunk"])
        Worker = type(self.env["customer.value.run.worker"])
        Value = type(self.env["customer.value"])
        aggregate, finish, write = Chunk._aggregate, Worker._finish_slice, Value._run_step_write_scores
        aggregated, written, finished, errors, workers, writers = [], [], [], [], set(), set()
        lock = threading.Lock()

        def counted_aggregate(chunk):
            with lock:
                aggregated.append(chunk.id)
                workers.add(threading.get_ident())
            time.sleep(0.05)  # hold the chunk a while, so the other worker has to take the next one
            return aggregate(chunk)

        def counted_write(value, run, chunk):
            with lock:
                written.append(chunk.id if chunk else False)
                if chunk:
                    writers.add(threading.get_ident())
            if chunk:
                time.sleep(0.05)
            return write(value, run, chunk)

        def counted_finish(worker, run):
            step = run.last_step
            result = finish(worker, run)
            with lock:
                finished.append((step, run.last_step, run.state))
            return result

        start = threading.Barrier(2)

        def worker():
            try:
                start.wait()
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    run = env["customer.value.run"].browse(run_id)
                    # called again while the run is on, as the cron is when the worker
                    # triggers it (a worker that finds the run's step taken stops)
                    while run.state in ACTIVE_STATES:
                        if not env["customer.value.run.worker"]._process(run, None, auto_commit=True):
                            time.sleep(0.01)
                        run.invalidate_recordset()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)

        with (
            patch.object(Chunk, "_aggregate", counted_aggregate),
            patch.object(Worker, "_finish_slice", counted_finish),
            patch.object(Value, "_run_step_write_scores", counted_write),
        ):
            threads = [threading.Thread(target=worker) for _i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)

        def check(env):
            run = env["customer.value.run"].browse(run_id)
            return run.state, run.error, sorted(run.chunk_ids.ids), set(run.chunk_ids.mapped("state"))

        state, error, chunk_ids, chunk_states = committed(self.registry, check)
        self.assertEqual((state, error), ("done", False))
        self.assertEqual(sorted(aggregated), chunk_ids, "every chunk aggregated exactly once")
        self.assertEqual(chunk_states, {"done"})
        self.assertEqual(len(workers), 2, "both workers aggregated chunks")
        self.assertEqual(sorted(written[:-1]), chunk_ids, "every chunk written exactly once")
        self.assertEqual(written[-1], False, "then the step ended, once")
        self.assertEqual(len(writers), 2, "both workers wrote chunks")
        completed = [new for old, new, _state in finished if new != old]
        run = self.env["customer.value.run"].new({"run_type": "scoring"})
        self.assertEqual(
            completed,
            [name for name, _model, _method in run._steps() if name not in run._chunk_finish_steps()],
            "each other step once, in order",
        )
        self.assertEqual([state for _old, _new, state in finished].count("done"), 1)
