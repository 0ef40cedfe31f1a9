import pandas as pd

from odoo import api, models
from odoo.tools import SQL

from ..tools import health
from ..tools.bulk import StagedWrite, changed_rows, insert_frame, load_temp_table, marked_ids

CHURN_RISK_BATCH = 2000  # customers handed to the churn risk hook in one slice (about 10 s of activities)
HEALTH_COLUMNS = {
    "id": "integer",
    "health_score": "double precision",
    "health_band": "varchar",
    "health_previous_score": "double precision",
    "health_change": "double precision",
    "health_band_since": "date",
    "health_breakdown": "jsonb",
    "churn_causes": "varchar",
}
# the stored health the assessment reads and writes (the breakdown is compared as numbers)
STATE_COLUMNS = [name for name in HEALTH_COLUMNS if name not in ("id", "health_breakdown")]
HISTORY_COLUMNS = {
    "value_id": "integer",
    "partner_id": "integer",
    "event": "varchar",
    "from_band": "varchar",
    "to_band": "varchar",
    "from_score": "double precision",
    "to_score": "double precision",
    "change": "double precision",
}


class CustomerValueHealthAssessment(models.AbstractModel):
    """The health step of the value runs, done on each chunk of customers once aggregated
    (a customer's health needs no other customer's figures): scores its health from the
    health components (``customer.value.component`` of type health), bands it, records
    band changes and large moves in the health history, and finds the causes of a churn
    warning. Only the rows that change are staged for the chunk's write; once written, the hook
    ``_on_health_changes`` of ``customer.value`` gets what changed, and the next step the
    customers newly at risk since their previous assessment, through ``_on_churn_risk``.
    """

    _name = "customer.value.health.assessment"
    _description = "Customer Health Assessment"

    @api.model
    def _chunk_step_read(self, run):
        """The health figures, the stored health and the silence of the chunk's customers
        (see ``customer.value.run._chunk_steps``)."""
        company = run.company_id
        Component = self.env["customer.value.component"]
        # the engine's own: enough purchase days for a score, and buying in the window
        figures = Component._score_fields(company, ("health",), engine=("purchase_days", "frequency"))
        codes = list(Component._counting(company, "health"))
        return [*figures, *STATE_COLUMNS], {
            "silence_days": lambda column: SQL("%s::date - %s", run.date, column("last_interaction_date")),
            **self._stored_breakdown(codes),
        }

    @api.model
    def _run_chunk_step_health(self, run, chunk, state):
        company = run.company_id
        if state.empty:
            return None
        result = self._assess(state, run)
        changed = changed_rows(result, state, STATE_COLUMNS, also=result["breakdown_moved"])
        if changed.empty:
            return None  # nothing to write, nor to record: a move or a new cause changes the row
        changed = changed.assign(health_breakdown=self._breakdown(state.loc[changed.index], company)).reset_index()
        load_temp_table(self.env.cr, "customer_value_health", HEALTH_COLUMNS, changed)
        written = [*STATE_COLUMNS, "health_breakdown"]
        return StagedWrite("customer_value_health", written, lambda: self._after_health(run, state, result))

    @api.model
    def _after_health(self, run, state, result):
        """Once the chunk's rows are written: the health history and its hook, and the mark
        of the customers newly at risk for the churn risk step."""
        Value = self.env["customer.value"]
        Value._on_health_changes(self._record_moves(run, state, result))
        # a customer's first assessment is its baseline: what holds then is no change, and the
        # customers at risk on the day the engine starts are listed, not each given an activity
        assessed_before = state["health_band"].notna()
        raised = health.newly_raised(result["churn_causes"], state["churn_causes"].fillna("")) & assessed_before
        if raised.any():
            self.env.cr.execute(
                SQL(
                    "UPDATE customer_value SET churn_warning_pending = TRUE WHERE id = ANY(%s)",
                    result.index[raised].tolist(),
                )
            )

    @api.model
    def _run_step_churn_risk(self, run):
        """Hand the customers the health step found newly at risk to ``_on_churn_risk`` of
        ``customer.value``, a batch per slice (each warning is an activity with a note),
        and clear their mark: a run cut off resumes with the rest, and no customer is
        handed over twice."""
        Value = self.env["customer.value"]
        Value.flush_model()
        ids = marked_ids(self.env.cr, Value._table, "churn_warning_pending", run.company_id.id, CHURN_RISK_BATCH)
        if ids:
            Value._on_churn_risk(Value.browse(ids))
            self.env.cr.execute(SQL("UPDATE customer_value SET churn_warning_pending = FALSE WHERE id = ANY(%s)", ids))
            # keep the cache small on a run with many warnings
            self.env.invalidate_all()
        return len(ids) < CHURN_RISK_BATCH

    @api.model
    def _stored_breakdown(self, codes):
        """The stored breakdown as the columns :func:`tools.health.breakdown_moved` compares
        (numbers, not its JSON text): ``{name: function}`` for
        ``customer.value.run.chunk._read_customers``."""

        def stored(sql):
            return lambda column: SQL(sql, breakdown=column("health_breakdown"), codes=codes)

        return {
            "breakdown_empty": stored("%(breakdown)s IS NULL"),
            "breakdown_same_keys": stored(
                "COALESCE(%(breakdown)s ?& %(codes)s::text[] AND %(breakdown)s - %(codes)s::text[] = '{}', FALSE)"
            ),
            **{
                f"breakdown__{code}": lambda column, code=code: SQL(
                    "(%s ->> %s)::float", column("health_breakdown"), code
                )
                for code in codes
            },
        }

    @api.model
    def _enough(self, state, company):
        """Whether each customer has enough purchase days for a health score."""
        return state["purchase_days"].fillna(0) >= company.health_min_purchase_days

    @api.model
    def _breakdown(self, state, company):
        """The JSON text of each customer's health component scores (none without enough
        data), built for the rows written only: it costs more than the rest of the step."""
        scores, _weights = self.env["customer.value.component"]._component_scores(state, company, "health")
        return health.breakdown(scores, state.index).where(self._enough(state, company), None)

    @api.model
    def _assess(self, state, run):
        """Score, band, previous score, change, band date and warning causes per customer
        (index: value id), and whether its breakdown moved (``breakdown_moved``)."""
        company = run.company_id
        scores, weights = self.env["customer.value.component"]._component_scores(state, company, "health")
        enough = self._enough(state, company)
        score = health.weighted_available(scores, weights, state.index).where(enough)
        result = pd.DataFrame(index=state.index)
        result["health_score"] = score
        result["health_band"] = health.bands(score, company.health_green_from, company.health_amber_from)
        old_score = state["health_score"]
        moved = ~((score.isna() & old_score.isna()) | (score == old_score))
        first = old_score.isna()
        result["health_previous_score"] = old_score.where(moved & ~first, state["health_previous_score"])
        result.loc[first, "health_previous_score"] = score[first]
        result["health_change"] = (score - result["health_previous_score"]).round(1)
        new_band = result["health_band"] != state["health_band"].fillna("")
        result["health_band_since"] = state["health_band_since"].where(~new_band, str(run.date))
        result["breakdown_moved"] = health.breakdown_moved(scores, state, enough)
        causes = health.warning_causes(
            result["health_band"],
            result["health_change"],
            state["silence_days"],
            state["frequency"].fillna(0) > 0,
            company.churn_drop_points,
            company.churn_silence_days,
        )
        result["churn_causes"] = causes.where(causes != "", None)
        return result

    @api.model
    def _record_moves(self, run, state, result):
        """History rows of the band changes (not a first band) and of the moves larger than
        the churn warning's drop; return them."""
        before_band = state["health_band"].fillna(health.NO_BAND)
        band_changed = (result["health_band"] != before_band) & (before_band != health.NO_BAND)
        change = result["health_score"] - state["health_score"]
        large = change.abs() > run.company_id.churn_drop_points
        recorded = band_changed | (large & state["health_score"].notna())
        if not recorded.any():
            return self.env["customer.value.health.history"]
        rows = pd.DataFrame(
            {
                "value_id": result.index[recorded],
                "partner_id": state.loc[recorded, "partner_id"].to_numpy(),
                "event": "band",
                "from_band": before_band[recorded].to_numpy(),
                "to_band": result.loc[recorded, "health_band"].to_numpy(),
                "from_score": state.loc[recorded, "health_score"].to_numpy(),
                "to_score": result.loc[recorded, "health_score"].to_numpy(),
                "change": change[recorded].round(1).to_numpy(),
            }
        )
        within = ~band_changed[recorded].to_numpy()
        rows.loc[within, "event"] = ["rise" if points > 0 else "drop" for points in rows.loc[within, "change"]]
        constants = {"company_id": run.company_id.id, "date": run.date, "run_id": run.id}
        History = self.env["customer.value.health.history"]
        histories = History.browse(insert_frame(self.env.cr, History._table, HISTORY_COLUMNS, rows, constants))
        self.env["customer.value"].invalidate_model(["health_history_ids"])
        return histories
