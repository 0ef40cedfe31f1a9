"""Benchmark: the nightly run of N customers with M posted invoices, against a bare SQL
floor and a naive per-partner ORM computation of the same figures, in the same run.

Run through benchmarks/run.sh, which prepares a throw-away database (cloned from a kept
copy of the generated data when there is one). Prints each step of the first run, of the
nightly re-run on the same day and of the run of the next night, the floor (one GROUP BY
pass over the invoice lines into per-customer rows, plus one bulk UPDATE of those rows),
the ratios, the longest slice and the memory peaks, and writes them to
benchmarks/results/.
"""

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import psutil
from psycopg2.errors import SerializationFailure

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from screens import measure_screens

MOVE_TYPES = ("out_invoice", "out_refund")


class RssSampler(threading.Thread):
    """Peak resident memory of this process while a block runs, sampled every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.baseline = self.peak = self.process.memory_info().rss
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.running = False
        self.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def peak_mb(self):
        return self.peak / 2**20

    @property
    def growth_mb(self):
        return (self.peak - self.baseline) / 2**20


def environment(database):
    registry = Registry(database)
    cr = registry.cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {})


def naive_figures(env, partner_ids, reference, window_days):
    """What a per-partner implementation does: one search per customer, then Python."""
    Move = env["account.move"]
    start = reference - timedelta(days=window_days)
    figures = {}
    for partner_id in partner_ids:
        moves = Move.search(
            [
                ("commercial_partner_id", "=", partner_id),
                ("company_id", "=", env.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", MOVE_TYPES),
                ("invoice_date", "<=", reference),
            ]
        )
        if not moves:
            continue
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        window = moves.filtered(lambda move, start=start: move.invoice_date > start)
        window_invoices = window & invoices
        last = max(invoices.mapped("invoice_date"), default=max(moves.mapped("invoice_date")))
        figures[partner_id] = {
            "frequency": len(window_invoices),
            "monetary": round(sum(window.mapped("amount_untaxed_signed")), 2),
            "recency_days": (reference - last).days,
            "category_count": len(
                window_invoices.invoice_line_ids.filtered(
                    lambda line: line.display_type == "product"
                ).product_id.categ_id
            ),
        }
    # quintile scores of the sample, the naive way
    for key in ("frequency", "monetary"):
        ordered = sorted(figure[key] for figure in figures.values())
        for figure in figures.values():
            figure[f"{key}_score"] = 1 + min(4, 5 * ordered.index(figure[key]) // len(ordered))
    return figures


def next_phase(run):
    """What the next slice of ``run`` works on: planning, aggregation or a finish step."""
    if run.state == "queued":
        return "planning"
    if run.state == "aggregating":
        return "aggregation"
    step = run._next_step()
    return step[0] if step else "done"


def process_timed(env, run, on_planned=None, cron_transaction=True):
    """Work on ``run`` slice by slice as the cron worker does (a transaction per slice);
    return the seconds per phase and the longest single slice. ``on_planned`` is called
    once the chunks are planned and returns the helper processes to wait for.

    With ``cron_transaction``, as in Odoo's cron, a transaction with its snapshot stays open
    while the run is worked on: Odoo keeps the one that locks a job's row open for the whole
    job (up to ten calls of the worker, about a minute each, a whole run at a million
    customers), and it holds back what page pruning and VACUUM may remove meanwhile."""
    worker = env["customer.value.run.worker"]
    phases, longest, helpers = {}, (0.0, ""), []
    job = env.registry.cursor() if cron_transaction else None
    if job:
        job.execute("SELECT 1")  # Odoo's cursors are REPEATABLE READ: the snapshot lasts to the end
    try:
        while run.state in ("queued", "aggregating", "finishing"):
            phase = next_phase(run)
            if phase == "aggregation" and on_planned and not helpers:
                helpers = on_planned()
            started = time.perf_counter()
            if not worker._process(run, 0, auto_commit=True):  # a deadline long past: one slice at most
                time.sleep(0.05)  # the chunks left are with the helpers: wait, as the cron does, not spin
            seconds = time.perf_counter() - started
            phases[phase] = phases.get(phase, 0.0) + seconds
            longest = max(longest, (seconds, phase))
            env.invalidate_all()
        for helper in helpers:
            helper.wait()
    finally:
        if job:
            job.close()
    if run.state != "done":
        raise RuntimeError(f"run {run.id} ended {run.state}: {run.error}")
    # the job the run's last step triggers, once the workers are done: counted in the run's time
    started = time.perf_counter()
    env["customer.value.run.cleanup"]._cron_clean_tables()
    phases["cleanup job"] = time.perf_counter() - started
    return phases, longest


def work_chunks(database):
    """Helper process, as a second cron worker: load the registry, say so, then share the
    chunks of the run whose id comes on standard input, of its aggregation and of its
    finish steps done chunk by chunk, until the run ends (it ends no phase and takes no
    other step: the main process does, and times them)."""
    env = environment(database)
    print("ready", flush=True)
    run_id = int(sys.stdin.readline())
    run = env["customer.value.run"].browse(run_id).sudo().with_company(env.company)
    worker = env["customer.value.run.worker"]
    while run.state in ("queued", "aggregating", "finishing"):
        step = run._next_step() if run.state == "finishing" else None
        if step and step[0] not in run._chunk_finish_steps():
            step = None
        try:
            chunk = worker._work_chunk(run, step, auto_commit=True) if run.state == "aggregating" or step else None
        except SerializationFailure:  # a chunk changed since this transaction began: again, as the worker does
            chunk = True
            env.cr.rollback()
        if not chunk:
            time.sleep(0.05)
        env.cr.commit()
        env.invalidate_all()
    env.cr.close()


class Helpers:
    """Helper processes that share the chunks of a run, started and ready before the run is
    timed: Odoo's cron workers are running processes with their registry loaded."""

    def __init__(self, args, count):
        command = [sys.executable, __file__, "--config", args.config, "--database", args.database, "--helper"]
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
        self.processes = [subprocess.Popen(command, **pipes) for _index in range(count)]
        for process in self.processes:
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError("a helper process did not start")

    def start(self, run_id):
        """Let the helpers work on run ``run_id``; return them, to wait for."""
        for process in self.processes:
            process.stdin.write(f"{run_id}\n")
            process.stdin.close()
        return self.processes


def rerun(args, run_id, helpers, days_later):
    """Worker process: the same run again from scratch, ``days_later`` days after it, as the
    nightly job does it, with ``helpers`` more processes sharing its chunks once planned
    (Odoo runs two cron workers by default, and the planning worker triggers the other);
    print its steps, its longest slice and this process's memory as JSON."""
    env = environment(args.database)
    helpers = Helpers(args, helpers)
    run = env["customer.value.run"].browse(run_id)
    run = run._queue(run.company_id, run.run_type, run.period_date + timedelta(days=days_later))
    env.cr.commit()
    with RssSampler() as memory:
        phases, longest = process_timed(
            env, run, on_planned=lambda: helpers.start(run.id), cron_transaction=not args.without_cron_transaction
        )
    print(
        json.dumps(
            {
                # the time of its phases, as for the first run: not the wait for the helper
                # processes to end, which now share the run's chunks to its end
                "seconds": sum(phases.values()),
                "phases": phases,
                "longest_slice": longest,
                "rss_peak_mb": memory.peak_mb,
                "rss_growth_mb": memory.growth_mb,
            }
        )
    )
    env.cr.close()


def nightly_run(argv, run_id, helpers, days_later=0):
    """The nightly re-run in a fresh process (so that its memory is its own)."""
    command = [sys.executable, __file__, *argv, "--rerun", str(run_id), "--helpers", str(helpers)]
    command += ["--days-later", str(days_later)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def churn_warnings(env):
    """Churn warning activities of the benchmark's customers, open or done (in a new
    transaction: the runs count in other processes)."""
    env.cr.commit()
    env.invalidate_all()
    warning = env.ref("customer_value.mail_activity_type_churn_warning")
    return env["mail.activity"].with_context(active_test=False).search_count([("activity_type_id", "=", warning.id)])


def touchpoints(env):
    """Touchpoints scheduled (each one activity), in a new transaction as above."""
    env.cr.commit()
    env.cr.execute("SELECT COUNT(*) FROM customer_value_touchpoint")
    return env.cr.fetchone()[0]


def distribution(env, column):
    """Active customers per value of ``column`` (health band, lifecycle stage)."""
    env.cr.execute(f"SELECT {column}, COUNT(*) FROM customer_value WHERE active GROUP BY 1 ORDER BY 1")
    return dict(env.cr.fetchall())


def server_settings(env):
    """The PostgreSQL settings that weigh most on the run's bulk writes, to read the figures
    by: a rewrite of a million value rows writes several GB of WAL, and with less room
    than that before a checkpoint each page is written again in full."""
    names = ("server_version", "shared_buffers", "work_mem", "max_wal_size", "wal_compression")
    env.cr.execute(SQL("SELECT %s", SQL(", ").join(SQL("current_setting(%s)", name) for name in names)))
    return dict(zip(names, env.cr.fetchone(), strict=True))


def sql_floor(env):
    """The bare SQL floor of a nightly run: one GROUP BY pass over the posted invoice lines
    into per-customer rows, then one bulk UPDATE of those rows."""
    cr = env.cr
    started = time.perf_counter()
    cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE floor_rows AS
            SELECT l.partner_id, COUNT(*) AS lines, SUM(-l.balance) AS revenue,
                   MIN(l.date) AS first_date, MAX(l.date) AS last_date, 0.0::float AS score
              FROM account_move_line l
             WHERE l.company_id = %s AND l.parent_state = 'posted' AND l.display_type = 'product'
             GROUP BY l.partner_id
            """,
            env.company.id,
        )
    )
    group_by = time.perf_counter() - started
    started = time.perf_counter()
    cr.execute(SQL("UPDATE floor_rows SET score = revenue / GREATEST(lines, 1), last_date = last_date + 1"))
    updated = cr.rowcount
    update = time.perf_counter() - started
    cr.rollback()
    return {"group_by_seconds": group_by, "update_seconds": update, "rows": updated}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generate-only", action="store_true", help="generate the data, then stop")
    parser.add_argument("--skip-generate", action="store_true", help="the data is there already")
    parser.add_argument(
        "--follow-up-user",
        action="store_true",
        help="give the company a follow-up user, so that churn warnings of customers without a salesperson "
        "become activities (the generated customers have none)",
    )
    parser.add_argument(
        "--without-cron-transaction",
        action="store_true",
        help="work on the runs without the transaction Odoo's cron keeps open around a job (as before 2026-12-04)",
    )
    parser.add_argument("--helper", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rerun", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--helpers", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--days-later", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.helper:
        return work_chunks(args.database)
    if args.rerun:
        return rerun(args, args.rerun, args.helpers, args.days_later)

    reference = date(2026, 6, 30)
    env = environment(args.database)
    results = {"customers": args.customers, "invoices": args.invoices, "server": server_settings(env)}
    print("PostgreSQL: " + ", ".join(f"{name} {value}" for name, value in results["server"].items()))
    if not args.skip_generate:
        started = time.perf_counter()
        generate(env, args.customers, args.invoices, reference)
        env.cr.commit()
        seconds = round(time.perf_counter() - started, 1)
        print(f"generated {args.customers:,} customers and {args.invoices:,} documents in {seconds} s")
        if args.generate_only:
            return env.cr.close()

    # 1. the first run, slice by slice as the cron workers do it
    if args.follow_up_user:
        env.company.customer_value_user_id = env.ref("base.user_admin")
    helpers = Helpers(args, args.workers - 1)
    run = env["customer.value.run"]._queue(env.company, "scoring", reference)
    env.cr.commit()
    with RssSampler() as memory:
        phases, longest = process_timed(
            env, run, on_planned=lambda: helpers.start(run.id), cron_transaction=not args.without_cron_transaction
        )
    results.update(
        workers=args.workers,
        first_run_seconds=round(sum(phases.values()), 2),
        first_run_steps={name: round(seconds, 2) for name, seconds in phases.items()},
        first_run_longest_slice=[round(longest[0], 2), longest[1]],
        first_run_peak_rss_mb=round(memory.peak_mb, 1),
        scored_customers=run.customer_count,
        chunks=len(run.chunk_ids),
        tier_history_rows=env["customer.value.tier.history"].search_count([("run_id", "=", run.id)]),
        chatter_notes=env["customer.value.tier.history"].search_count([("message_id", "!=", False)]),
        churn_warnings_first_run=churn_warnings(env),
        touchpoints_first_run=touchpoints(env),
        health_bands=distribution(env, "health_band"),
        lifecycle_stages=distribution(env, "lifecycle_stage"),
    )
    print(
        f"first run, {run.customer_count:,} customers, {results['chunks']} chunks: "
        f"{results['first_run_seconds']} s = "
        + " + ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())
        + f"; {results['tier_history_rows']:,} tier history rows, {results['chatter_notes']:,} chatter notes; "
        f"peak RSS {results['first_run_peak_rss_mb']} MB; longest slice {longest[0]:.2f} s ({longest[1]}); "
        f"health bands {results['health_bands']}, {results['churn_warnings_first_run']:,} churn warnings; "
        f"lifecycle stages {results['lifecycle_stages']}, {results['touchpoints_first_run']:,} touchpoints"
    )

    # 2. the floor, on the same data in the same run
    floor = sql_floor(env)
    floor_seconds = floor["group_by_seconds"] + floor["update_seconds"]
    results.update(
        floor_seconds=round(floor_seconds, 2),
        floor_group_by_seconds=round(floor["group_by_seconds"], 2),
        floor_update_seconds=round(floor["update_seconds"], 2),
    )
    print(
        f"SQL floor: GROUP BY over the invoice lines {floor['group_by_seconds']:.2f} s + bulk UPDATE of "
        f"{floor['rows']:,} rows {floor['update_seconds']:.2f} s = {floor_seconds:.2f} s"
    )

    # 3. the nightly run again for the same day, nothing changed (the measure), in a
    #    fresh process so that its memory is its own: every chunk and every step, writing
    #    nothing; with one worker, then with the workers sharing the chunks as the cron
    #    workers do
    for count in sorted({1, args.workers}):
        nightly = nightly_run(sys.argv[1:], run.id, helpers=count - 1)
        key = "nightly" if count == args.workers else "nightly_one_worker"
        results.update(
            {
                f"{key}_seconds": round(nightly["seconds"], 2),
                f"{key}_steps": {name: round(seconds, 2) for name, seconds in nightly["phases"].items()},
                f"{key}_longest_slice": [round(nightly["longest_slice"][0], 2), nightly["longest_slice"][1]],
                f"{key}_peak_rss_mb": round(nightly["rss_peak_mb"], 1),
                f"{key}_over_floor": round(nightly["seconds"] / floor_seconds, 2),
                f"{key}_churn_warnings_added": churn_warnings(env) - results["churn_warnings_first_run"],
                f"{key}_touchpoints_added": touchpoints(env) - results["touchpoints_first_run"],
            }
        )
        print(
            f"nightly re-run, nothing changed, {count} worker(s): {nightly['seconds']:.2f} s = "
            + " + ".join(f"{name} {seconds:.2f} s" for name, seconds in nightly["phases"].items())
            + f"; peak RSS {nightly['rss_peak_mb']:.1f} MB; longest slice "
            f"{nightly['longest_slice'][0]:.2f} s ({nightly['longest_slice'][1]}); "
            f"{nightly['seconds'] / floor_seconds:.2f}x the floor; "
            f"{results[key + '_churn_warnings_added']} churn warnings and "
            f"{results[key + '_touchpoints_added']} touchpoints added"
        )
    results["first_over_nightly"] = round(results["first_run_seconds"] / results["nightly_seconds"], 2)
    print(
        f"ratios with {args.workers} worker(s): nightly / floor {results['nightly_over_floor']}x, "
        f"first run / nightly {results['first_over_nightly']}x"
    )

    # 4. the naive per-partner ORM computation on a sample, and agreement with the set-based figures
    values = env["customer.value"].search([("company_id", "=", env.company.id)], order="partner_id")
    sample = values.partner_id.ids[:: max(1, len(values) // args.naive_sample)][: args.naive_sample]
    env.invalidate_all()
    started = time.perf_counter()
    naive = naive_figures(env, sample, reference, env.company.rfm_window_days)
    naive_seconds = time.perf_counter() - started
    sampled = env["customer.value"].search([("partner_id", "in", list(naive)), ("company_id", "=", env.company.id)])
    agree = sum(
        1
        for value in sampled
        if (value.frequency, round(value.monetary, 2), value.recency_days, value.category_count)
        == tuple(naive[value.partner_id.id][key] for key in ("frequency", "monetary", "recency_days", "category_count"))
    )
    per_customer_naive = naive_seconds / max(len(naive), 1)
    per_customer_set = nightly["seconds"] / max(run.customer_count, 1)
    results.update(
        naive_sample=len(naive),
        naive_seconds=round(naive_seconds, 2),
        naive_ms_per_customer=round(per_customer_naive * 1000, 3),
        set_based_ms_per_customer=round(per_customer_set * 1000, 4),
        speedup=round(per_customer_naive / per_customer_set, 1),
        figures_agree=f"{agree}/{len(sampled)}",
    )
    print(
        f"naive per-partner ORM: {len(naive)} customers in {results['naive_seconds']} s "
        f"({results['naive_ms_per_customer']} ms per customer); the whole nightly run "
        f"{results['set_based_ms_per_customer']} ms per customer: {results['speedup']}x faster; "
        f"figures agree for {results['figures_agree']} sampled customers"
    )
    results["sample_median_value_score"] = statistics.median(sampled.mapped("value_score")) if sampled else 0

    # 5. the run of the next night, no invoice added: every date-relative figure (days since
    #    the last invoice, tenure, the scoring date) moves, so every customer's row is written
    next_night = nightly_run(sys.argv[1:], run.id, helpers=args.workers - 1, days_later=1)
    results.update(
        next_night_seconds=round(next_night["seconds"], 2),
        next_night_steps={name: round(seconds, 2) for name, seconds in next_night["phases"].items()},
        next_night_peak_rss_mb=round(next_night["rss_peak_mb"], 1),
        next_night_over_floor=round(next_night["seconds"] / floor_seconds, 2),
    )
    print(
        f"the next night, no invoice added, {args.workers} worker(s): {next_night['seconds']:.2f} s = "
        + " + ".join(f"{name} {seconds:.2f} s" for name, seconds in next_night["phases"].items())
        + f"; peak RSS {next_night['rss_peak_mb']:.1f} MB; {results['next_night_over_floor']}x the floor"
    )

    # 6. the screens a salesperson opens, at this size
    salesperson = env["res.users"].create(
        {
            "name": "Benchmark Salesperson",
            "login": "bench_salesperson",
            "groups_id": [
                (6, 0, [env.ref("base.group_user").id, env.ref("customer_value.group_customer_value_user").id])
            ],
        }
    )
    screens = measure_screens(env(user=salesperson))
    results["screens_ms"] = screens
    print("screens, server time as a salesperson: " + ", ".join(f"{name} {ms} ms" for name, ms in screens.items()))

    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"scoring_{args.customers}_{args.invoices}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"results written to {path}")
    env.cr.close()


if __name__ == "__main__":
    main()
