"""Benchmark: nightly scoring of N customers with M posted invoices, set-based against a
naive per-partner ORM computation of the same figures on a sample, in the same run.

Run through benchmarks/run.sh, which prepares a throw-away database. Prints wall times,
peak memory and the ratio, and writes them to benchmarks/results/.
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

import odoo
from odoo import api
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

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


def work_chunks(database, run_id):
    """Worker process: claim and aggregate chunks of a run until none is left."""
    env = environment(database)
    run = env["customer.value.run"].browse(run_id)
    started = time.time()
    run._work_chunks(auto_commit=True)
    env.cr.commit()
    print(json.dumps({"start": started, "end": time.time()}))
    env.cr.close()


def aggregate_in_processes(env, run, count, argv):
    """Seconds for ``count`` worker processes to aggregate every chunk of ``run``, planned
    afresh."""
    run._reset()
    run._start()
    env.cr.commit()
    command = [sys.executable, __file__, *argv, "--worker-run", str(run.id)]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _index in range(count)]
    spans = [json.loads(worker.communicate()[0].strip().splitlines()[-1]) for worker in workers]
    env.invalidate_all()
    if set(run.chunk_ids.mapped("state")) != {"done"}:
        raise RuntimeError(f"chunks left undone by {count} workers: {run.chunk_ids.mapped('state')}")
    return max(span["end"] for span in spans) - min(span["start"] for span in spans)


def rerun(database, run_id):
    """Worker process: run a scoring again from scratch, as the nightly job does, and print
    its time and the process's memory growth as JSON."""
    env = environment(database)
    run = env["customer.value.run"].browse(run_id)
    run._reset()
    env.cr.commit()
    with RssSampler() as memory:
        started = time.perf_counter()
        run._execute(auto_commit=True)
        env.cr.commit()
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss_peak_mb": memory.peak_mb, "rss_growth_mb": memory.growth_mb}))
    env.cr.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rerun", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.worker_run:
        return work_chunks(args.database, args.worker_run)
    if args.rerun:
        return rerun(args.database, args.rerun)

    reference = date(2026, 6, 30)
    env = environment(args.database)
    results = {"customers": args.customers, "invoices": args.invoices}

    started = time.perf_counter()
    partner_ids = generate(env, args.customers, args.invoices, reference)
    env.cr.commit()
    results["generate_seconds"] = round(time.perf_counter() - started, 1)
    print(f"generated {args.customers:,} customers and {args.invoices:,} documents in {results['generate_seconds']} s")

    # 1. set-based, one worker, the first run: aggregation chunks, then the steps of the
    #    run's finish (population scoring, first tiers for everybody with their history
    #    rows and chatter notes, partner mirrors), each timed on its own
    run = env["customer.value.run"]._get_or_create(env.company, reference, "scoring")
    phases = {}
    with RssSampler() as memory:
        started = time.perf_counter()
        run._start()
        env.cr.commit()
        run._work_chunks(auto_commit=True)
        phases["aggregation"] = time.perf_counter() - started
        for name, step in run._finish_steps():
            mark = time.perf_counter()
            step()
            env.cr.commit()
            phases[name] = time.perf_counter() - mark
    history_count = env["customer.value.tier.history"].search_count([("run_id", "=", run.id)])
    note_count = env["customer.value.tier.history"].search_count([("run_id", "=", run.id), ("message_id", "!=", False)])
    results.update(
        {f"{name}_seconds": round(seconds, 2) for name, seconds in phases.items()},
        metrics_and_scores_seconds=round(phases["aggregation"] + phases["scoring"], 2),
        tier_history_rows=history_count,
        chatter_notes=note_count,
        first_run_seconds=round(sum(phases.values()), 2),
        scored_customers=run.customer_count,
        chunks=len(run.chunk_ids),
        peak_rss_mb=round(memory.peak_mb, 1),
        rss_growth_mb=round(memory.growth_mb, 1),
    )
    print(
        f"first run, {run.customer_count:,} customers: {results['first_run_seconds']} s = "
        + " + ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())
        + f"; {history_count:,} tier history rows, {note_count:,} chatter notes; "
        f"peak RSS {results['peak_rss_mb']} MB (+{results['rss_growth_mb']} MB during the run)"
    )

    # 2. the nightly job of the next night when nothing changed, in a fresh process so its
    #    memory is its own: every chunk, the scores, the tiers and the mirrors, writing nothing
    output = subprocess.run(
        [sys.executable, __file__, *sys.argv[1:], "--rerun", str(run.id)], capture_output=True, text=True, check=True
    ).stdout
    nightly = json.loads(output.strip().splitlines()[-1])
    results.update(
        nightly_seconds=round(nightly["seconds"], 2),
        nightly_rss_growth_mb=round(nightly["rss_growth_mb"], 1),
        nightly_rss_peak_mb=round(nightly["rss_peak_mb"], 1),
    )
    print(
        f"nightly re-run, nothing changed (chunks, scores, tiers, mirrors): {results['nightly_seconds']} s, "
        f"peak RSS {results['nightly_rss_peak_mb']} MB "
        f"(+{results['nightly_rss_growth_mb']} MB during the run)"
    )

    # 3. aggregation shared by parallel worker processes (as cron workers would share it),
    #    against one worker process on the same run, both on planned chunks
    if args.workers > 1:
        review = env["customer.value.run"]._get_or_create(env.company, reference, "review")
        spans = {count: aggregate_in_processes(env, review, count, sys.argv[1:]) for count in (1, args.workers)}
        results.update(
            parallel_workers=args.workers,
            one_worker_aggregation_seconds=round(spans[1], 2),
            parallel_aggregation_seconds=round(spans[args.workers], 2),
        )
        print(
            f"aggregation with {args.workers} worker processes: {spans[args.workers]:.2f} s against "
            f"{spans[1]:.2f} s with one, from the first chunk claimed to the last one done"
        )

    # 4. naive per-partner ORM computation on a sample, and agreement with the set-based figures
    sample = partner_ids[:: max(1, len(partner_ids) // args.naive_sample)][: args.naive_sample]
    env.invalidate_all()
    started = time.perf_counter()
    naive = naive_figures(env, sample, reference, env.company.rfm_window_days)
    naive_seconds = time.perf_counter() - started
    values = env["customer.value"].search([("partner_id", "in", list(naive)), ("company_id", "=", env.company.id)])
    agree = sum(
        1
        for value in values
        if (value.frequency, round(value.monetary, 2), value.recency_days, value.category_count)
        == tuple(naive[value.partner_id.id][key] for key in ("frequency", "monetary", "recency_days", "category_count"))
    )
    per_customer_naive = naive_seconds / max(len(naive), 1)
    per_customer_set = results["metrics_and_scores_seconds"] / max(run.customer_count, 1)
    results.update(
        naive_sample=len(naive),
        naive_seconds=round(naive_seconds, 2),
        naive_ms_per_customer=round(per_customer_naive * 1000, 3),
        set_based_ms_per_customer=round(per_customer_set * 1000, 4),
        speedup=round(per_customer_naive / per_customer_set, 1),
        naive_estimate_all_customers_seconds=round(per_customer_naive * run.customer_count),
        figures_agree=f"{agree}/{len(values)}",
    )
    print(
        f"naive per-partner ORM: {len(naive)} customers in {results['naive_seconds']} s "
        f"({results['naive_ms_per_customer']} ms per customer, about "
        f"{results['naive_estimate_all_customers_seconds']:,} s for all); set-based metrics and scores "
        f"{results['set_based_ms_per_customer']} ms per customer: {results['speedup']}x faster"
    )
    print(f"naive and set-based figures agree for {results['figures_agree']} sampled customers")
    median_score = statistics.median(values.mapped("value_score")) if values else 0
    results["sample_median_value_score"] = median_score

    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"scoring_{args.customers}_{args.invoices}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"results written to {path}")
    env.cr.close()


if __name__ == "__main__":
    main()
