import logging
import threading
import time
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import _, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

ACTIVE_STATES = ("queued", "aggregating", "finishing")
MAX_ATTEMPTS = 3  # a failed run is retried this many times in all, then waits for the next night
RETRY_DELAY = timedelta(minutes=10)
WORK_SECONDS = 60  # a worker takes no new slice after this long: the cron calls it again
MAX_CONFLICTS = 20  # slices retried in a row after another worker's concurrent update
CONFLICT_PAUSE = 0.01  # seconds before the first retry; each conflict in a row waits that much longer


class CustomerValueRunWorker(models.AbstractModel):
    """Works on the value runs, slice by slice, as the cron workers do.

    A slice is one transaction: planning a run, aggregating one chunk of customers (which
    several workers share), or a slice of a finish step (the run's :meth:`_steps`), one
    chunk of it for the steps the workers share too (the write of the scores). The run
    stores the last step completed, so a worker killed at any point loses one slice and the
    next one resumes there. Runs of one company never overlap: only its oldest unfinished
    run is worked on; a scoring run gives way to a newer run queued behind it, and a run
    older than a finished newer one is abandoned, so older figures never overwrite newer
    ones. A failed run is retried later, a few times.
    """

    _name = "customer.value.run.worker"
    _description = "Customer Value Run Worker"

    @api.model
    def _auto_commit(self):
        """Commit each slice in scheduled actions, never in tests (one transaction)."""
        return not getattr(threading.current_thread(), "testing", False)

    def _commit(self, auto_commit):
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _cron_process_runs(self, seconds=WORK_SECONDS):
        """Work on every company's current run for about ``seconds``, and report the
        progress so that the cron calls again while work is left; return the slices done."""
        auto_commit = self._auto_commit()
        deadline = time.monotonic() + seconds
        slices = 0
        while True:
            progress = 0
            for run in self._runs_to_process():
                progress += self._process(run, deadline, auto_commit)
                if time.monotonic() >= deadline:
                    break
            slices += progress
            if not progress or time.monotonic() >= deadline:
                break
        remaining = len(self._runs_to_process()) if slices else 0
        self.env["ir.cron"]._notify_progress(done=slices, remaining=remaining)
        return slices

    @api.model
    def _unfinished_domain(self):
        """The runs not over yet: being worked on, or failed with attempts left (retried
        later)."""
        return [
            "|",
            ("state", "in", ACTIVE_STATES),
            "&",
            ("state", "=", "failed"),
            ("attempt_count", "<", MAX_ATTEMPTS),
        ]

    @api.model
    def _runs_to_process(self):
        """Each company's current run: its oldest unfinished run (a failed run with
        attempts left holds the others back until its retry)."""
        Run = self.env["customer.value.run"].sudo()
        Run.flush_model()
        query = Run._search(self._unfinished_domain())
        query.order = SQL("company_id, started_at, id")
        self.env.cr.execute(query.select("DISTINCT ON (company_id) id", "retry_at"))
        now = fields.Datetime.now()
        return Run.browse(run_id for run_id, retry_at in self.env.cr.fetchall() if not retry_at or retry_at <= now)

    @api.model
    def _process(self, run, deadline, auto_commit):
        """Work on ``run`` slice by slice until it ends, another worker holds what is left,
        or ``deadline`` (``time.monotonic()``, None: no limit) passes; return the slices done.

        At least one slice is tried whatever the deadline. With ``auto_commit`` each slice
        is its own transaction, and a failure is recorded on the run (which is retried
        later); without it everything is one transaction and an error propagates.
        """
        run = run.sudo().with_company(run.company_id)
        slices = conflicts = 0
        while not slices or deadline is None or time.monotonic() < deadline:
            try:
                with self.env.cr.savepoint():
                    progressed = self._process_slice(run, auto_commit)
            except SerializationFailure:
                # another worker changed what this slice read: again, in a new transaction,
                # after a pause, or a worker racing through chunks with nothing to do (a
                # nightly write of no changed score) used up the retries in milliseconds
                conflicts += 1
                if not auto_commit or conflicts > MAX_CONFLICTS:
                    raise
                self.env.cr.rollback()
                time.sleep(CONFLICT_PAUSE * conflicts)
                continue
            except Exception as error:
                if not auto_commit:
                    raise
                _logger.exception("Customer value run %s of %s failed", run.name, run.company_id.name)
                self._mark_failed(run, str(error))
                self._commit(auto_commit)
                return slices + 1
            conflicts = 0
            self._commit(auto_commit)  # without progress, a new transaction sees the other workers' work
            if not progressed:
                break
            slices += 1
            if run.state not in ACTIVE_STATES:
                break
        return slices

    @api.model
    def _process_slice(self, run, auto_commit=False):
        """Do the next slice of ``run``; False when there is nothing this worker can do."""
        run.invalidate_recordset()
        if run.state in ("queued", "failed"):
            if not self._lock_run(run):
                return False
            self._start(run)
            return True
        if run.state not in ACTIVE_STATES:
            return False
        if newer := self._superseding_run(run):
            if not self._lock_run(run):
                return False
            run.write({"state": "cancelled", "superseded_by_id": newer.id, "finished_at": fields.Datetime.now()})
            return True
        if run.state == "aggregating":
            return self._chunk_slice(run, None, auto_commit)
        step = run._next_step()
        if step and step[0] in run._chunk_finish_steps():
            return self._chunk_slice(run, step, auto_commit)
        if not self._lock_run(run):
            return False  # another worker is on a step of this run
        return self._finish_slice(run)

    @api.model
    def _start(self, run):
        """Plan the chunks of a queued run, or take up a failed one where it stopped."""
        if run.state == "failed":
            run.chunk_ids.filtered(lambda chunk: chunk.state == "failed").write({"state": "pending"})
            run.chunk_ids.filtered("error").write({"error": False})
            pending = run.chunk_ids.filtered(lambda chunk: chunk.state == "pending")
            run.state = "aggregating" if pending else "finishing"
            return
        run.chunk_ids._plan(run)
        run.state = "aggregating"
        if len(run.chunk_ids) > 1:
            self._trigger_helper()

    @api.model
    def _trigger_helper(self):
        """Let a second cron worker share the chunks: the worker cron, or the nightly one
        when the worker cron is the one running (a cron never runs twice at once)."""
        worker = self.env.ref("customer_value.ir_cron_customer_value_worker")
        if self.env.context.get("cron_id") == worker.id:
            worker = self.env.ref("customer_value.ir_cron_customer_value_scoring")
        worker.sudo()._trigger()

    @api.model
    def _superseding_run(self, run):
        """A newer run of the company that makes ``run`` pointless: a finished run of a
        later date (it would write older figures over it), or, for a scoring run, a run of
        the same date or later queued behind it (it redoes all of this one)."""
        Run = self.env["customer.value.run"].sudo()
        domain = [("company_id", "=", run.company_id.id), ("id", "!=", run.id)]
        newer_done = Run.search([*domain, ("state", "=", "done"), ("date", ">", run.date)], limit=1)
        if newer_done or run.run_type == "review":
            return newer_done
        return Run.search(
            [*domain, ("state", "in", ACTIVE_STATES), ("date", ">=", run.date), ("started_at", ">=", run.started_at)],
            limit=1,
        )

    @api.model
    def _chunk_slice(self, run, step, auto_commit):
        """One chunk of the aggregation (``step`` None) or of a finish step done chunk by
        chunk (``step``: (name, model, method), see ``run._chunk_finish_steps``), which the
        workers share; when no chunk is left, the run moves on: to its finish steps after
        the aggregation, to the next step after the last call of a chunked one."""
        if self._work_chunk(run, step, auto_commit):
            return True
        if step:
            left = run.chunk_ids.filtered(lambda chunk: not chunk.error and chunk.step_done != step[0])
        else:
            left = run.chunk_ids.filtered(lambda chunk: chunk.state == "pending")
        if left:
            return False  # the chunks left are with other workers
        if not self._lock_run(run):
            return False
        if failed := run.chunk_ids.filtered("error"):
            self._mark_failed(
                run,
                _(
                    "%(count)s of %(total)s chunks failed. First error: %(error)s",
                    count=len(failed),
                    total=len(run.chunk_ids),
                    error=failed[0].error,
                ),
            )
        elif step:
            name, model, method = step
            getattr(self.env[model].with_company(run.company_id), method)(run, None)
            run.write({"last_step": name, "step_progress": 0})
            self._share_next_step(run)
        else:
            run.state = "finishing"
        return True

    @api.model
    def _work_chunk(self, run, step, auto_commit):
        """Claim a chunk that is left of the aggregation (``step`` None) or of ``step`` and
        do it; return it (empty when no chunk is free)."""
        chunk = run.chunk_ids._claim(step and step[0])
        if chunk:
            chunk._work_or_record_failure(self._chunk_work(run, step), auto_commit)
        return chunk

    @api.model
    def _chunk_work(self, run, step):
        """What a worker does on a chunk it claimed: aggregate it, or do ``step`` on it."""
        if not step:
            return lambda chunk: chunk._aggregate()
        name, model, method = step

        def work(chunk):
            # as in the aggregation and the finish steps: PostgreSQL would compile the
            # statements on a chunk's rows, which takes longer than running them
            self.env.cr.execute(SQL("SET LOCAL jit = off"))
            getattr(self.env[model].with_company(run.company_id), method)(run, chunk)
            chunk.step_done = name

        return work

    @api.model
    def _finish_slice(self, run):
        """One slice of the next finish step; the run is done after the last one."""
        step = run._next_step()
        if not step:
            self._mark_done(run)
            return True
        name, model, method = step
        # the steps' statements read a company's every customer once: compiling them took
        # PostgreSQL longer than running them (1.9 s of JIT for a 0.9 s read of 100,000 rows)
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        if getattr(self.env[model].with_company(run.company_id), method)(run):
            run.write({"last_step": name, "step_progress": 0})
            self._share_next_step(run)
        return True

    @api.model
    def _share_next_step(self, run):
        """Let a second worker share the next step of ``run`` when the workers share it
        chunk by chunk, as they share the aggregation: the one that helped with the step
        before may have stopped, finding no chunk left to take."""
        following = run._next_step()
        if following and following[0] in run._chunk_finish_steps() and len(run.chunk_ids) > 1:
            self._trigger_helper()

    @api.model
    def _mark_done(self, run):
        run.write({"state": "done", "finished_at": fields.Datetime.now(), "error": False})
        if run.user_id and not run.user_id._is_superuser():
            run.user_id._bus_send(
                "simple_notification",
                {
                    "type": "success",
                    "title": _("Customer values of %s are ready.", run.company_id.name),
                    "message": _("%(run)s: %(count)s customers.", run=run.name, count=run.customer_count),
                },
            )

    @api.model
    def _mark_failed(self, run, error):
        """Record a failure (unless another worker has finished the run meanwhile) and
        plan the next attempt."""
        attempts = run.attempt_count + 1
        retry_at = fields.Datetime.now() + RETRY_DELAY if attempts < MAX_ATTEMPTS else None
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value_run
                   SET state = 'failed', error = %s, attempt_count = %s, retry_at = %s
                 WHERE id = %s AND state != 'done'
                """,
                error,
                attempts,
                retry_at,
                run.id,
            )
        )
        run.invalidate_recordset(["state", "error", "attempt_count", "retry_at"])
        if retry_at:
            self.env.ref("customer_value.ir_cron_customer_value_worker").sudo()._trigger(retry_at)

    @api.model
    def _lock_run(self, run):
        """Lock the run's row for the current transaction; False when another worker holds
        it or changed it since this transaction began."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL("SELECT id FROM customer_value_run WHERE id = %s FOR UPDATE NOWAIT", run.id))
        except (LockNotAvailable, SerializationFailure):
            return False
        return True
