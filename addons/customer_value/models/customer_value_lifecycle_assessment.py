import pandas as pd

from odoo import api, models

from ..tools import lifecycle
from ..tools.bulk import StagedWrite, insert_frame, load_temp_table

STAGE_COLUMNS = {"lifecycle_stage": "varchar", "lifecycle_since": "date"}
HISTORY_COLUMNS = {"value_id": "integer", "partner_id": "integer", "from_stage": "varchar", "to_stage": "varchar"}


class CustomerValueLifecycleAssessment(models.AbstractModel):
    """The lifecycle step of the value runs, done on each chunk of customers once
    aggregated: gives each customer its stage from its company's rules and stages the
    stages that change for the chunk's write; once written, dates each change in the
    lifecycle history and hands those rows to ``_on_lifecycle_changes`` of
    ``customer.value``.

    The first stages the company's first run gives are its baseline, not moves: the value
    record keeps them and the day, and the history starts empty (as the tier history does)
    instead of dating every customer's stage, held for years maybe, to the day the engine
    started. A customer first seen by a later run has its first stage dated."""

    _name = "customer.value.lifecycle.assessment"
    _description = "Customer Lifecycle Assessment"

    @api.model
    def _chunk_step_read(self, run):
        """The figures the stage rules read, and the stored stage (see
        ``customer.value.run._chunk_steps``)."""
        return ["tenure_days", "recency_days", "revenue_trend", *STAGE_COLUMNS], {}

    @api.model
    def _run_chunk_step_lifecycle(self, run, chunk, state):
        if state.empty:
            return None
        stages = lifecycle.stages(
            state,
            state["lifecycle_stage"],
            state["lifecycle_since"],
            run.date,
            run.company_id._customer_value_lifecycle_rules(),
        )
        moved = stages != state["lifecycle_stage"].fillna("")
        if not moved.any():
            return None
        result = pd.DataFrame({"id": state.index[moved], "lifecycle_stage": stages[moved].to_numpy()})
        result["lifecycle_since"] = str(run.date)
        load_temp_table(self.env.cr, "customer_value_lifecycle", {"id": "integer", **STAGE_COLUMNS}, result)
        recorded = moved & state["lifecycle_stage"].notna() if self._is_baseline(run) else moved
        return StagedWrite(
            "customer_value_lifecycle",
            [*STAGE_COLUMNS],
            lambda: self._record_stage_changes(run, state[recorded], stages[recorded]),
        )

    @api.model
    def _is_baseline(self, run):
        """Whether ``run`` (being worked on, so not done) gives its company's first stages: no
        run of the company has ended."""
        domain = [("company_id", "=", run.company_id.id), ("state", "=", "done")]
        return not self.env["customer.value.run"].search_count(domain, limit=1)

    @api.model
    def _record_stage_changes(self, run, state, stages):
        """Once the chunk's rows are written: date each change of stage in the lifecycle
        history and hand those rows to the hook."""
        if state.empty:
            return
        rows = pd.DataFrame(
            {
                "value_id": state.index,
                "partner_id": state["partner_id"].to_numpy(),
                "from_stage": state["lifecycle_stage"].to_numpy(),
                "to_stage": stages.to_numpy(),
            }
        )
        History = self.env["customer.value.lifecycle.history"]
        constants = {"company_id": run.company_id.id, "date": run.date, "run_id": run.id}
        histories = History.browse(insert_frame(self.env.cr, History._table, HISTORY_COLUMNS, rows, constants))
        Value = self.env["customer.value"]
        Value.invalidate_model(["lifecycle_history_ids"])
        Value._on_lifecycle_changes(histories)
