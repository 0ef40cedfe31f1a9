# the run model's other file, by what it does:
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class CustomerValueRun(models.Model):
    """The steps of a run, in order, each on the model that owns its data (see
    ``customer.value.run.worker``, which works on them): the finish steps, those of
    them the workers share chunk by chunk, and the steps done on each chunk and on the
    new scores, which inheriting models extend with ``super()``."""

    _inherit = "customer.value.run"

    def _steps(self):
        """The finish steps of this run in order, as (name, model, method) triples.

        ``env[model].method(run)`` does a slice of the step and returns True once the step
        is complete (False: call again). Each step lives on the model that owns its data;
        inheriting models insert theirs with ``super()``.
        """
        steps = [
            ("score", "customer.value.scoring", "_run_step_score"),
            ("write_scores", "customer.value", "_run_step_write_scores"),
            ("kpi_partials", "customer.value.kpi.partial", "_run_step_kpi_partials"),
            ("tier_notes", "customer.value.tier.history", "_run_step_post_notes"),
            ("churn_risk", "customer.value.health.assessment", "_run_step_churn_risk"),
            ("touchpoints", "customer.value.touchpoint", "_run_step_touchpoints"),
            ("kpis", "customer.value.kpi", "_run_step_kpis"),
        ]
        if self.run_type == "review":
            steps.append(("snapshot", "customer.value.snapshot", "_run_step_snapshot"))
        steps.append(("vacuum", "customer.value.run.cleanup", "_run_step_vacuum"))
        return steps

    def _chunk_finish_steps(self):
        """The names of the finish steps that the workers share chunk by chunk, as they
        share the aggregation: ``env[model].method(run, chunk)`` does the step on one
        chunk's customers in a transaction of its own, then ``method(run, None)`` ends
        the step once every chunk is through it (under the run's lock)."""
        return {"write_scores", "kpi_partials"}

    def _next_step(self):
        """The finish step this run does next, as (name, model, method); None when none is left."""
        steps = self._steps()
        names = [name for name, _model, _method in steps]
        position = names.index(self.last_step) + 1 if self.last_step in names else 0
        return steps[position] if position < len(steps) else None

    def _chunk_steps(self):
        """The steps done on each chunk's customers right after its aggregation, in its
        transaction (so the workers share them), as (name, model, method) triples:
        ``env[model].method(run, chunk, customers)``. For what needs no other customer's
        figures. ``customers`` holds what ``env[model]._chunk_step_read(run)`` asks for of
        them (None without it: see ``chunk._read_for_steps``), read once for every step.

        A step assesses the customers before their rows are written and returns what it
        changes as a :class:`~..tools.bulk.StagedWrite` (or None): the chunk then writes
        each changed row once, with its figures and every step's columns, where a write
        per step gave a new customer's row three versions in one transaction, each with
        its index entries; what must follow the write (history rows, hooks) is the
        write's ``after``."""
        return [
            ("health", "customer.value.health.assessment", "_run_chunk_step_health"),
            ("lifecycle", "customer.value.lifecycle.assessment", "_run_chunk_step_lifecycle"),
        ]

    def _score_steps(self):
        """The steps done on the new scores of every active customer (``scores``, indexed by
        value id, not written yet) in the score step's slice, as (name, model, method)
        triples: ``env[model].method(run, scores, stored)``, ``stored`` being the stored
        rows that ``env[model]._score_step_read(run)`` asks for (see
        ``customer.value.scoring._read_for_steps``). A step returns the rows it changes as
        a :class:`~..tools.bulk.StagedRows` (or None), and each changed row is written once with its scores
        (a write per step gave every row one more version on a first run), by the workers
        in the step after, chunk by chunk; what follows a step's write (its ``after``) is
        done once every step has staged its rows, in the score step's transaction. A step
        may add what it assessed to ``scores`` for the steps after it (the tier step adds
        the new tiers, which the summary counts); the reports computed from the new
        figures are steps here too, where a finish step would read every stored row again."""
        return [
            ("tiers", "customer.value.tiering", "_run_score_step_tiers"),
            ("clv_bands", "customer.value.clv.band", "_run_score_step_clv_bands"),
            ("summary", "customer.value.summary", "_run_score_step_summary"),
        ]
