import pandas as pd

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import tiering
from ..tools.bulk import StagedRows, changed_rows

# what the tier step reads of the stored rows, besides whether a customer without a tier had one
STATE_COLUMNS = [
    "active",
    "tier_id",
    "tier_since",
    "tier_below_count",
    "tier_lock_tier_id",
    "value_score",
    "monetary",
    "frequency",
    "complaint_rate",
    "rfm_segment",
    "growth_streak",
    "recency_days",
    "needs_retention",
]
# history direction of each reason the tiering functions give
REASON_DIRECTIONS = {
    "initial": "initial",
    "criteria": "upgrade",
    "growth": "upgrade",
    "grace": "downgrade",
    "retired": "downgrade",
    "inactive": "downgrade",
}


class CustomerValueTiering(models.AbstractModel):
    """The tier step of the value runs, done on the new scores in the score step's slice:
    moves customers between tiers with hysteresis
    (:func:`~..tools.tiering.apply_hysteresis`), records each change in the history and
    flags watched customers for retention.

    Upgrades and first tiers apply at every run; downgrades and growth upgrades at tier
    reviews only, and the review moves the company's next review date in the same
    transaction, so a review is never counted twice. A customer whose record went
    inactive (no posted invoices, archived) loses its tier, so it comes back as new.
    """

    _name = "customer.value.tiering"
    _description = "Customer Value Tier Assignment"

    @api.model
    def _score_step_read(self, run):
        """What the tier step reads of the stored rows, which the score step reads for it
        (see ``customer.value.run._score_steps``): its columns, and besides the active
        rows those that still hold a tier (a customer gone inactive loses it). The tier
        locks that ended are released first, so that the read sees them released."""
        self._release_expired_locks(run)
        returning = SQL(
            "tier_id IS NULL AND EXISTS"
            " (SELECT 1 FROM customer_value_tier_history h WHERE h.value_id = customer_value.id)"
        )
        return STATE_COLUMNS, {"returning": returning}, SQL("tier_id IS NOT NULL")

    @api.model
    def _run_score_step_tiers(self, run, scores, stored):
        """Stage the new tiers of the run's company, assessed on ``scores``, the new scores
        of its active customers, and ``stored``, the rows as stored that
        :meth:`_score_step_read` asked for (see ``customer.value.run._score_steps``); once
        written, the history rows and the hooks follow. The new tier of each customer goes
        into ``scores`` too, for the steps after this one."""
        company = run.company_id
        review = run.run_type == "review"
        state = stored.copy()
        if review:
            company._customer_value_schedule_next_review(run.period_date)
        if state.empty:
            return None
        scored = state.index.isin(scores.index)
        for name in scores.columns.intersection(state.columns):
            state[name] = scores[name].reindex(state.index).where(scored, state[name])
        result = self._new_tiers(state, run, review)
        scores["tier_id"] = result["tier_id"].reindex(scores.index)  # for the score steps after this one
        names = ["tier_id", "tier_since", "tier_below_count", "needs_retention"]
        changed = changed_rows(result, state, names)
        if changed.empty:
            return None
        moves = result[result["reason"] != ""]
        flagged = result.index[
            result["needs_retention"] & ~state["needs_retention"].reindex(result.index).fillna(False)
        ]
        return StagedRows(changed[names], lambda: self._after_tiers(run, moves, state, flagged))

    @api.model
    def _after_tiers(self, run, moves, state, flagged):
        """Once the tiers are written: the history rows of the moves, and the hooks."""
        Value = self.env["customer.value"]
        histories = self.env["customer.value.tier.history"]._record_run_changes(run, moves, state)
        Value._on_tier_changes(histories)
        Value._on_retention_needed(Value.browse(flagged.tolist()))

    @api.model
    def _new_tiers(self, state, run, review):
        """New tier, the day it was given, below-count, retention flag and reason (empty:
        unchanged) per row."""
        company = run.company_id
        settings = company._customer_value_scoring_settings()
        rules = self.env["customer.value.tier"]._rules_for_company(company)
        rank_of = {rule.tier_id: rank for rank, rule in enumerate(rules)}
        tier_of_rank = pd.Series({rank: tier_id for tier_id, rank in rank_of.items()}, dtype="Int64")
        state["tier_id"] = state["tier_id"].astype("Int64")
        active = state[state["active"]].copy()

        def ranks(column):
            return active[column].astype("Int64").map(rank_of).fillna(tiering.NO_TIER).astype("int64")

        active["current"] = ranks("tier_id")
        active["floor"] = ranks("tier_lock_tier_id")
        active["candidate"] = tiering.candidate_tiers(
            active["value_score"].fillna(0),
            active["monetary"].fillna(0),
            active["frequency"].fillna(0),
            rules,
            active["complaint_rate"],
        )
        active["below_count"] = active["tier_below_count"].fillna(0).astype("int64")
        active["growth"] = active["growth_streak"].fillna(0) >= settings.growth_periods
        result = tiering.apply_hysteresis(active, len(rules), company.tier_downgrade_grace_reviews, review)
        result["tier_id"] = result["tier"].map(tier_of_rank).astype("Int64")
        # a customer whose tier was archived and who earns none now loses it
        retired = (result["reason"] == "") & (result["tier_id"].fillna(0) != active["tier_id"].fillna(0))
        result.loc[retired, "reason"] = "retired"
        watched = self.env["customer.value.tier"].browse(list(rank_of)).filtered("retention_watch").ids
        result["needs_retention"] = result["tier_id"].isin(watched) & (
            active["recency_days"] >= company.retention_inactivity_days
        )
        moved = result["tier_id"].fillna(0) != active["tier_id"].fillna(0)
        result["tier_since"] = active["tier_since"].where(~moved, fields.Date.to_string(run.date))
        result.loc[result["tier_id"].isna(), "tier_since"] = None
        result = result.rename(columns={"below_count": "tier_below_count"})[
            ["tier_id", "tier_since", "tier_below_count", "needs_retention", "reason"]
        ]
        gone = state[~state["active"]]
        dropped = pd.DataFrame(
            {
                "tier_id": pd.NA,
                "tier_since": None,
                "tier_below_count": 0,
                "needs_retention": False,
                "reason": "inactive",
            },
            index=gone.index,
        ).astype({"tier_id": "Int64", "tier_since": object})
        return pd.concat([result, dropped]) if len(dropped) else result

    @api.model
    def _release_expired_locks(self, run):
        expired = self.env["customer.value"].search(
            [
                ("company_id", "=", run.company_id.id),
                ("tier_locked", "=", True),
                ("tier_lock_until", "<", run.date),
            ]
        )
        for value in expired:
            value._unlock_tier("lock_ended", {"until": fields.Date.to_string(value.tier_lock_until)})
