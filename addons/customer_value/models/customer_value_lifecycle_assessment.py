import pandas as pd

from odoo import api, models
from odoo.tools import SQL

from ..tools import lifecycle
from ..tools.bulk import insert_frame, load_temp_table, read_frame

STAGE_COLUMNS = {"id": "integer", "lifecycle_stage": "varchar", "lifecycle_since": "date"}
HISTORY_COLUMNS = {"value_id": "integer", "partner_id": "integer", "from_stage": "varchar", "to_stage": "varchar"}


class CustomerValueLifecycleAssessment(models.AbstractModel):
    """The lifecycle step of the value runs, done on each chunk of customers once
    aggregated: gives each active customer its stage from its company's rules, writes the
    stages that change in bulk, dates each change in the lifecycle history and hands those
    rows to ``_on_lifecycle_changes`` of ``customer.value``."""

    _name = "customer.value.lifecycle.assessment"
    _description = "Customer Lifecycle Assessment"

    @api.model
    def _run_chunk_step_lifecycle(self, run, chunk):
        Value = self.env["customer.value"]
        Value.flush_model()
        state = read_frame(
            self.env.cr,
            SQL(
                """
                SELECT id, partner_id, tenure_days, recency_days, revenue_trend, lifecycle_stage, lifecycle_since
                  FROM customer_value
                 WHERE company_id = %s AND active AND partner_id BETWEEN %s AND %s
                 ORDER BY id
                """,
                run.company_id.id,
                chunk.partner_from,
                chunk.partner_to,
            ),
            index_col="id",
        )
        if state.empty:
            return
        stages = lifecycle.stages(
            state,
            state["lifecycle_stage"],
            state["lifecycle_since"],
            run.date,
            run.company_id._customer_value_lifecycle_rules(),
        )
        moved = stages != state["lifecycle_stage"].fillna("")
        if not moved.any():
            return
        result = pd.DataFrame({"id": state.index[moved], "lifecycle_stage": stages[moved].to_numpy()})
        result["lifecycle_since"] = str(run.date)
        load_temp_table(self.env.cr, "customer_value_lifecycle", STAGE_COLUMNS, result)
        Value._update_from_temp("customer_value_lifecycle", ["lifecycle_stage", "lifecycle_since"])
        rows = pd.DataFrame(
            {
                "value_id": state.index[moved],
                "partner_id": state.loc[moved, "partner_id"].to_numpy(),
                "from_stage": state.loc[moved, "lifecycle_stage"].to_numpy(),
                "to_stage": stages[moved].to_numpy(),
            }
        )
        History = self.env["customer.value.lifecycle.history"]
        constants = {"company_id": run.company_id.id, "date": run.date, "run_id": run.id}
        histories = History.browse(insert_frame(self.env.cr, History._table, HISTORY_COLUMNS, rows, constants))
        Value.invalidate_model(["lifecycle_history_ids"])
        Value._on_lifecycle_changes(histories)
