import logging
import threading

import pandas as pd
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import clv, scoring, tiering
from ..tools.bulk import load_temp_table, read_frame
from .customer_value_run_chunk import CUSTOMER_MOVE_TYPES

_logger = logging.getLogger(__name__)

# Columns written by the population-wide scoring.
SCORE_COLUMNS = {
    "id": "integer",
    "recency_score": "integer",
    "frequency_score": "integer",
    "monetary_score": "integer",
    "rfm_segment": "varchar",
    "value_score": "double precision",
    "potential_score": "double precision",
    "abc_class": "varchar",
    "quadrant": "varchar",
    "clv": "numeric",
    "probability_alive": "double precision",
    "expected_purchases": "double precision",
}
TIER_COLUMNS = {
    "id": "integer",
    "tier_id": "integer",
    "tier_below_count": "integer",
    "needs_retention": "boolean",
}
# customer_value_tier_history columns written from a run's tier changes
HISTORY_COLUMNS = {
    "value_id": "integer",
    "partner_id": "integer",
    "from_tier_id": "integer",
    "to_tier_id": "integer",
    "direction": "varchar",
    "reason": "text",
    "value_score": "double precision",
    "rfm_segment": "varchar",
    "monetary": "numeric",
    "frequency": "integer",
}
MESSAGE_BATCH = 5000  # chatter notes created per batch
# company-dependent fields of res.partner that mirror customer_value for lists and search
PARTNER_MIRRORS = {
    "customer_value_tier_id": "tier_id",
    "customer_value_segment": "rfm_segment",
    "customer_value_abc": "abc_class",
    "customer_value_quadrant": "quadrant",
}


# history direction of each reason the tiering functions give
REASON_DIRECTIONS = {
    "initial": "initial",
    "criteria": "upgrade",
    "growth": "upgrade",
    "grace": "downgrade",
    "retired": "downgrade",
}


class CustomerValueRun(models.Model):
    """One computation of a company's customer values as of a date.

    A *scoring* run (nightly) refreshes every figure and applies upgrades and first tiers
    at once; a *review* run (on the company's review schedule) also applies downgrades
    after the grace period and keeps a snapshot of every customer's tier for the
    migration report. Aggregation runs in chunks of partners (``customer.value.run.chunk``)
    that any number of workers can claim in parallel; scoring and tiering run once the
    last chunk is done. Runs are unique per company, date and type, which makes the
    scheduled actions idempotent.
    """

    _name = "customer.value.run"
    _description = "Customer Value Run"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="As Of", required=True, readonly=True)
    run_type = fields.Selection(
        [("scoring", "Scoring"), ("review", "Tier Review")], string="Type", required=True, readonly=True
    )
    state = fields.Selection(
        [("aggregating", "Aggregating"), ("scoring", "Scoring"), ("done", "Done"), ("failed", "Failed")],
        default="aggregating",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Started By", default=lambda self: self.env.user, readonly=True)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)
    chunk_ids = fields.One2many("customer.value.run.chunk", "run_id", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    new_tier_count = fields.Integer(string="First Tiers", readonly=True)
    upgrade_count = fields.Integer(string="Upgrades", readonly=True)
    downgrade_count = fields.Integer(string="Downgrades", readonly=True)
    # revenue concentration of the company's customer base on that date
    total_revenue = fields.Monetary(string="Revenue in Window", readonly=True)
    top1_share = fields.Float(string="Top 1% Share", readonly=True, aggregator="avg")
    top5_share = fields.Float(string="Top 5% Share", readonly=True, aggregator="avg")
    top10_share = fields.Float(string="Top 10% Share", readonly=True, aggregator="avg")
    top20_share = fields.Float(string="Top 20% Share", readonly=True, aggregator="avg")
    largest_share = fields.Float(string="Largest Customer Share", readonly=True, aggregator="max")
    largest_partner_id = fields.Many2one("res.partner", string="Largest Customer", readonly=True)
    concentration_warning = fields.Boolean(
        readonly=True, help="The largest customer's share is above the warning threshold of the company."
    )
    clv_model = fields.Selection(
        [("bgnbd", "BG/NBD and Gamma-Gamma"), ("heuristic", "Heuristic")],
        string="Lifetime Value Model",
        readonly=True,
        help="BG/NBD and Gamma-Gamma when they could be fitted on the customers, else the plain heuristic.",
    )
    clv_parameters = fields.Char(
        string="Model Parameters", readonly=True, help="Fitted parameters, or why the heuristic was used."
    )

    _sql_constraints = [
        (
            "company_date_type_uniq",
            "UNIQUE (company_id, date, run_type)",
            "A company has one run of each type per day.",
        ),
    ]

    @api.depends("run_type", "date")
    def _compute_name(self):
        types = dict(self._fields["run_type"]._description_selection(self.env))
        for run in self:
            run.name = f"{types.get(run.run_type, '')} {run.date or ''}".strip()

    # ------------------------------------------------------------------
    # entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_nightly_scoring(self):
        """Score every company's customers as of today (once per day and company)."""
        companies = self.env["res.company"].search([])
        self._run_scheduled(companies, "scoring")

    @api.model
    def _cron_tier_review(self):
        """Review tiers of the companies whose review date has come."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            ["|", ("tier_next_review_date", "=", False), ("tier_next_review_date", "<=", today)]
        )
        self._run_scheduled(companies, "review")

    @api.model
    def _cron_work_chunks(self):
        """Second worker: share the aggregation of the runs in progress with the worker that
        started them (triggered by it), and finish a run when it does the last chunk."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for run in self.search([("state", "=", "aggregating")]):
            run._execute(auto_commit=auto_commit)

    @api.model
    def _run_scheduled(self, companies, run_type):
        today = fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for done, company in enumerate(companies, start=1):
            run = self._get_or_create(company, today, run_type)
            if run.state != "done":
                run._execute(auto_commit=auto_commit)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(companies) - done)

    @api.model
    def action_recompute_now(self):
        """Manager button: score the current company's customers now, as of today."""
        self._check_manager()
        run = self._get_or_create(self.env.company, fields.Date.context_today(self), "scoring")
        run._reset()
        run._execute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s customers of %(company)s scored.", count=run.customer_count, company=run.company_id.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def action_review_now(self):
        """Manager button: run the current company's tier review today, ahead of schedule."""
        self._check_manager()
        today = fields.Date.context_today(self)
        if self.search_count(
            [("company_id", "=", self.env.company.id), ("date", "=", today), ("run_type", "=", "review")]
        ):
            raise UserError(_("The tiers of %s were already reviewed today.", self.env.company.name))
        run = self._get_or_create(self.env.company, today, "review")
        run._execute()
        return run._action_open()

    def _action_open(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _check_manager(self):
        self.env["customer.value"]._check_manager()

    @api.model
    def _get_or_create(self, company, date, run_type):
        domain = [("company_id", "=", company.id), ("date", "=", date), ("run_type", "=", run_type)]
        return self.sudo().search(domain, limit=1) or self.sudo().create(
            {"company_id": company.id, "date": date, "run_type": run_type}
        )

    def _reset(self):
        """Start this run over (managers' Recompute Now), unless a worker is finishing it."""
        if not self._lock_run():
            raise UserError(
                _("The values of %s are being computed right now: try again in a minute.", self.company_id.name)
            )
        self.chunk_ids.unlink()
        self.write({"state": "aggregating", "error": False, "finished_at": False})

    # ------------------------------------------------------------------
    # execution
    # ------------------------------------------------------------------
    def _execute(self, auto_commit=False):
        """Process this run to the end in the current worker.

        With ``auto_commit`` (scheduled actions outside tests) every chunk and every step
        of the finish is its own transaction: a chunk that fails is recorded and skipped
        while the others go on, a crash loses at most the step in progress, and calling
        this again resumes where the run stopped. Without it, everything is one transaction
        and any error rolls it all back.
        """
        self.ensure_one()
        run = self.sudo().with_company(self.company_id)
        try:
            planning = not run.chunk_ids
            run._start()
            if auto_commit and planning and len(run.chunk_ids) > 1:
                # let another cron worker claim chunks in parallel with this one (only the
                # worker that plans the run calls it, so the helper does not call itself)
                self.env.ref("customer_value.ir_cron_customer_value_chunk_worker").sudo()._trigger()
            run._commit(auto_commit)
            run._work_chunks(auto_commit)
            run._finish(auto_commit)
        except Exception as error:
            if not auto_commit:
                raise
            self.env.cr.rollback()
            _logger.exception("Customer value run %s of %s failed", run.name, run.company_id.name)
            run._mark_failed(str(error))
            run._commit(auto_commit)

    def _commit(self, auto_commit):
        """Commit the work done so far, in scheduled actions only (see :meth:`_execute`)."""
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _start(self):
        """Plan the chunks of a new run, or take up a failed one again."""
        if not self.started_at:
            self.started_at = fields.Datetime.now()
        if self.state == "failed":
            self.chunk_ids.filtered(lambda chunk: chunk.state == "failed").write({"state": "pending", "error": False})
            self.write({"state": "aggregating", "error": False})
        if not self.chunk_ids:
            self._plan_chunks()

    def _mark_failed(self, error):
        """Record a failure, unless another worker has finished the run meanwhile."""
        self.env.cr.execute(
            SQL(
                "UPDATE customer_value_run SET state = 'failed', error = %s WHERE id = %s AND state != 'done'",
                error,
                self.id,
            )
        )
        self.invalidate_recordset(["state", "error"])

    def _lock_run(self):
        """Lock this run's row for the current transaction; False when another worker holds
        it or changed it since this transaction began."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL("SELECT id FROM customer_value_run WHERE id = %s FOR UPDATE NOWAIT", self.id))
        except (LockNotAvailable, SerializationFailure):
            return False
        return True

    def _work_chunks(self, auto_commit=False):
        """Aggregate pending chunks until none is left to claim.

        Several workers may run this on the same run at once: it writes only the chunks
        it claims, never the run itself.
        """
        settings = self.company_id._customer_value_scoring_settings()
        while True:
            try:
                chunk = self.chunk_ids._claim()
            except SerializationFailure:
                if not auto_commit:
                    raise
                # another worker finished a chunk after this transaction's snapshot was
                # taken, which repeatable read cannot lock: start a new transaction
                self.env.cr.rollback()
                continue
            if not chunk:
                break
            try:
                with self.env.cr.savepoint():
                    chunk._aggregate(settings)
            except Exception as error:
                if not auto_commit:
                    raise
                _logger.exception("Chunk %s of customer value run %s failed", chunk.display_name, self.name)
                chunk.write({"state": "failed", "error": str(error)})
            self._commit(auto_commit)

    def _plan_chunks(self):
        """Split the range of customer ids into chunks of ``customer_value.chunk_size`` ids."""
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT MIN(id), MAX(id) FROM (
                    SELECT MIN(commercial_partner_id) AS id FROM account_move
                     WHERE company_id = %(company)s AND state = 'posted' AND move_type IN %(types)s
                    UNION ALL
                    SELECT MAX(commercial_partner_id) FROM account_move
                     WHERE company_id = %(company)s AND state = 'posted' AND move_type IN %(types)s
                    UNION ALL
                    SELECT MIN(partner_id) FROM customer_value WHERE company_id = %(company)s
                    UNION ALL
                    SELECT MAX(partner_id) FROM customer_value WHERE company_id = %(company)s
                ) bounds
                """,
                company=self.company_id.id,
                types=CUSTOMER_MOVE_TYPES,
            )
        )
        low, high = self.env.cr.fetchone()
        if low is None:
            return
        size = int(self.env["ir.config_parameter"].sudo().get_param("customer_value.chunk_size", 20000))
        self.env["customer.value.run.chunk"].create(
            [
                {"run_id": self.id, "partner_from": start, "partner_to": min(start + size - 1, high)}
                for start in range(low, high + 1, size)
            ]
        )

    def _finish(self, auto_commit=False):
        """Score, tier, post and publish once every chunk is aggregated.

        Each step holds the run's row lock, so a second worker arriving here returns at
        once, and each step can be repeated: a finish cut short (a crash, a worker's time
        limit) resumes at the next call without duplicating anything.
        """
        Chunk = self.env["customer.value.run.chunk"]
        if Chunk.search_count([("run_id", "=", self.id), ("state", "!=", "done")]):
            failed = Chunk.search([("run_id", "=", self.id), ("state", "=", "failed")])
            if failed:
                self._mark_failed(
                    _(
                        "%(count)s of %(total)s chunks failed and are retried at the next run. First error: %(error)s",
                        count=len(failed),
                        total=len(self.chunk_ids),
                        error=failed[0].error,
                    )
                )
            return
        for _name, step in self._finish_steps():
            if not self._lock_run():
                return  # another worker is finishing this run
            self.invalidate_recordset(["state"])
            if self.state == "done":
                return
            step()
            self._commit(auto_commit)

    def _finish_steps(self):
        """The steps after aggregation, in order, as (name, callable) pairs."""
        settings = self.company_id._customer_value_scoring_settings()
        review = self.run_type == "review"
        steps = [
            ("scoring", lambda: self._score(settings)),
            ("tiers", lambda: self._apply_tiers(settings, review)),
            ("chatter_notes", self._post_tier_messages),
            ("snapshot", self._take_snapshot) if review else None,
            ("partner_mirrors", lambda: self._write_partner_mirrors(self.company_id)),
            ("done", self._mark_done),
        ]
        return [step for step in steps if step]

    def _mark_done(self):
        if self.run_type == "review":
            self.company_id._customer_value_schedule_next_review(self.date)
        self.write({"state": "done", "finished_at": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # scoring
    # ------------------------------------------------------------------
    def _score(self, settings):
        """Population-wide scores of the company's customers, written back in bulk."""
        self.state = "scoring"
        self.env["customer.value"].flush_model()
        metrics = read_frame(
            self.env.cr,
            SQL(
                """
                SELECT id, partner_id, recency_days, frequency, monetary, revenue_trend, tenure_days,
                       purchase_days, lifetime_revenue
                  FROM customer_value
                 WHERE company_id = %s AND active
                """,
                self.company_id.id,
            ),
            index_col="id",
        )
        conc = scoring.concentration(metrics.set_index("partner_id")["monetary"])
        self.write(
            {
                "customer_count": len(metrics),
                "total_revenue": conc["total_revenue"],
                "top1_share": conc["top_1"],
                "top5_share": conc["top_5"],
                "top10_share": conc["top_10"],
                "top20_share": conc["top_20"],
                "largest_share": conc["largest_share"],
                "largest_partner_id": conc["largest_partner_id"],
                "concentration_warning": conc["largest_share"] > self.company_id.concentration_warning_percent,
            }
        )
        if metrics.empty:
            return
        lifetime, model = clv.lifetime_values(metrics, settings.window_days, settings.clv_horizon_days)
        self.write({"clv_model": model["model"], "clv_parameters": self._describe_clv_model(model)})
        metrics["clv"] = lifetime["clv"]
        scores = scoring.score_customers(metrics, settings).join(lifetime).reset_index()
        load_temp_table(self.env.cr, "customer_value_scores", SCORE_COLUMNS, scores)
        columns = [name for name in SCORE_COLUMNS if name != "id"]
        self._update_from_temp("customer_value_scores", columns)

    @api.model
    def _describe_clv_model(self, model):
        if model["model"] == "heuristic":
            return _("The models could not be fitted (%s): heuristic used.", model["reason"])
        return "BG/NBD r={r:.3f} α={alpha:.3f} a={a:.3f} b={b:.3f}; Gamma-Gamma p={p:.3f} q={q:.3f} γ={v:.3f}".format(
            **model
        )

    def _update_from_temp(self, temp_table, columns):
        """Copy ``columns`` from ``temp_table`` onto customer_value rows of the same id,
        touching only the rows whose values differ."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value v
                   SET %(assignments)s, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                  FROM %(temp)s t
                 WHERE v.id = t.id AND (%(old)s) IS DISTINCT FROM (%(new)s)
                """,
                assignments=SQL(", ").join(SQL("%s = t.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns),
                uid=self.env.uid,
                temp=SQL.identifier(temp_table),
                old=SQL(", ").join(SQL("v.%s", SQL.identifier(c)) for c in columns),
                new=SQL(", ").join(SQL("t.%s", SQL.identifier(c)) for c in columns),
            )
        )
        self.env["customer.value"].invalidate_model(columns)

    # ------------------------------------------------------------------
    # tiering
    # ------------------------------------------------------------------
    def _apply_tiers(self, settings, review):
        """Move customers between tiers: first tiers and upgrades always, downgrades and
        growth upgrades on reviews only (see :func:`~..tools.tiering.apply_hysteresis`)."""
        company = self.company_id
        Tier = self.env["customer.value.tier"]
        self._release_expired_locks()
        self.env["customer.value"].flush_model()
        rules = Tier._rules_for_company(company)
        state = read_frame(
            self.env.cr,
            SQL(
                """
                SELECT id, partner_id, tier_id, tier_below_count, tier_locked, value_score, monetary, frequency,
                       rfm_segment, growth_streak, recency_days, tier_reviewed_run_id
                  FROM customer_value
                 WHERE company_id = %s AND active
                """,
                company.id,
            ),
            index_col="id",
        )
        if state.empty:
            return
        rank_of = {rule.tier_id: rank for rank, rule in enumerate(rules)}
        state["tier_id"] = state["tier_id"].astype("Int64")
        state["current"] = state["tier_id"].map(rank_of).fillna(tiering.NO_TIER).astype("int64")
        state["candidate"] = tiering.candidate_tiers(state["value_score"], state["monetary"], state["frequency"], rules)
        state["below_count"] = state["tier_below_count"].fillna(0).astype("int64")
        state["locked"] = state["tier_locked"].fillna(False).astype(bool)
        state["growth"] = state["growth_streak"].fillna(0) >= settings.growth_periods
        if review:  # rows reviewed by an interrupted attempt of this run keep their result
            state = state[state["tier_reviewed_run_id"] != self.id]
        result = tiering.apply_hysteresis(state, len(rules), company.tier_downgrade_grace_reviews, review)
        tier_of_rank = pd.Series({rank: tier_id for tier_id, rank in rank_of.items()}, dtype="Int64")
        result["tier_id"] = result["tier"].map(tier_of_rank).astype("Int64")
        # a customer whose tier was archived and who earns none now loses it
        retired = (result["reason"] == "") & (result["tier_id"].fillna(0) != state["tier_id"].fillna(0))
        result.loc[retired, "reason"] = "retired"
        watched = Tier.browse(list(rank_of)).filtered("retention_watch").ids
        result["needs_retention"] = result["tier_id"].isin(watched) & (
            state["recency_days"] >= company.retention_inactivity_days
        )
        result = result.rename(columns={"below_count": "tier_below_count"}).reset_index()
        load_temp_table(self.env.cr, "customer_value_tiers", TIER_COLUMNS, result)
        self._update_from_temp("customer_value_tiers", ["tier_id", "tier_below_count", "needs_retention"])
        if review:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE customer_value SET tier_reviewed_run_id = %s
                     WHERE id IN (SELECT id FROM customer_value_tiers)
                    """,
                    self.id,
                )
            )
            self.env["customer.value"].invalidate_model(["tier_reviewed_run_id"])
        self._record_tier_changes(result[result["reason"] != ""], state, settings)

    def _release_expired_locks(self):
        expired = self.env["customer.value"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("tier_locked", "=", True),
                ("tier_lock_until", "<", self.date),
            ]
        )
        for value in expired:
            value._unlock_tier(_("The lock ended on %s.", value.tier_lock_until))

    def _record_tier_changes(self, changed, state, settings):
        """History rows, in one bulk insert, for the customers whose tier changed."""
        if changed.empty:
            return
        History = self.env["customer.value.tier.history"]
        names = {
            tier.id: tier.name for tier in self.env["customer.value.tier"].with_context(active_test=False).search([])
        }
        share_ahead = tiering.share_ranked_ahead(state["value_score"])
        before = state.loc[changed["id"]]
        rows = pd.DataFrame(
            {
                "value_id": changed["id"].to_numpy(),
                "partner_id": before["partner_id"].to_numpy(),
                "from_tier_id": before["tier_id"].to_numpy(),
                "to_tier_id": changed["tier_id"].to_numpy(),
                "direction": changed["reason"].map(REASON_DIRECTIONS).to_numpy(),
                "value_score": before["value_score"].to_numpy(),
                "rfm_segment": before["rfm_segment"].to_numpy(),
                "monetary": before["monetary"].to_numpy(),
                "frequency": before["frequency"].to_numpy(),
            }
        )
        rows["reason"] = [
            self._tier_reason(reason, names.get(new), names.get(old), score, share_ahead[value_id], settings)
            for reason, new, old, score, value_id in zip(
                changed["reason"],
                rows["to_tier_id"],
                rows["from_tier_id"],
                rows["value_score"],
                rows["value_id"],
                strict=True,
            )
        ]
        load_temp_table(self.env.cr, "customer_value_tier_changes", HISTORY_COLUMNS, rows)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_tier_history
                       (%(columns)s, company_id, date, run_id, user_id,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(columns)s, %(company)s, %(date)s, %(run)s, %(uid)s,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM customer_value_tier_changes
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in HISTORY_COLUMNS),
                company=self.company_id.id,
                date=self.date,
                run=self.id,
                uid=self.env.uid,
            )
        )
        History.invalidate_model()
        self.env["customer.value"].invalidate_model(["tier_history_ids"])
        counts = rows["direction"].value_counts()
        self.write(
            {
                "new_tier_count": self.new_tier_count + int(counts.get("initial", 0)),
                "upgrade_count": self.upgrade_count + int(counts.get("upgrade", 0)),
                "downgrade_count": self.downgrade_count + int(counts.get("downgrade", 0)),
            }
        )

    def _post_tier_messages(self):
        """A chatter note on each customer for this run's tier changes that have none yet,
        in batches (resumable: a change keeps the note it got)."""
        History = self.env["customer.value.tier.history"]
        while histories := History.search([("run_id", "=", self.id), ("message_id", "=", False)], limit=MESSAGE_BATCH):
            histories._post_chatter_notes()
            # keep the cache small on a large first run
            self.env["mail.message"].invalidate_model()
            History.invalidate_model()

    def _tier_reason(self, reason, new_tier, old_tier, score, share_ahead, settings):
        """Why a customer changed tier, in the user's language (tiers given by name)."""
        if reason == "growth":
            return _(
                "Revenue grew by at least %(rate)s%% in each of the last %(periods)s periods of %(days)s days.",
                rate=settings.growth_percent,
                periods=settings.growth_periods,
                days=settings.trend_period_days,
            )
        if reason == "grace":
            return _(
                "Below the rule of %(tier)s at %(reviews)s consecutive reviews: one tier down.",
                tier=old_tier,
                reviews=self.company_id.tier_downgrade_grace_reviews,
            )
        if reason == "retired":
            return _("%s is no longer an active tier.", old_tier)
        return _(
            "Meets the rule of %(tier)s: value score %(score).1f, %(ahead).1f%% of customers ranked ahead.",
            tier=new_tier,
            score=score,
            ahead=share_ahead,
        )

    def _take_snapshot(self):
        """Keep every customer's tier and figures at this review, for the migration report."""
        self.env["customer.value"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_snapshot
                       (run_id, date, value_id, partner_id, company_id, tier_id, value_score, monetary,
                        rfm_segment, abc_class, quadrant, create_uid, create_date, write_uid, write_date)
                SELECT %(run)s, %(date)s, id, partner_id, company_id, tier_id, value_score, monetary,
                       rfm_segment, abc_class, quadrant,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM customer_value
                 WHERE company_id = %(company)s AND active
                    ON CONFLICT (run_id, value_id) DO NOTHING
                """,
                run=self.id,
                date=self.date,
                uid=self.env.uid,
                company=self.company_id.id,
            )
        )

    # ------------------------------------------------------------------
    # partner mirrors
    # ------------------------------------------------------------------
    @api.model
    def _write_partner_mirrors(self, company, partner_ids=None):
        """Copy tier, segment, ABC class and quadrant onto the company-dependent fields of
        the customers and their contacts, for partner lists, search and group-by.

        Only partners whose values differ are written; inactive value rows clear them.
        """
        self.env["customer.value"].flush_model()
        key = str(company.id)
        assignments = SQL(", ").join(
            SQL(
                "%(col)s = COALESCE(p.%(col)s, '{}'::jsonb)"
                " || jsonb_build_object(%(key)s::text, CASE WHEN v.active THEN v.%(src)s END)",
                col=SQL.identifier(column),
                key=key,
                src=SQL.identifier(source),
            )
            for column, source in PARTNER_MIRRORS.items()
        )
        old = SQL(", ").join(SQL("p.%s->>%s", SQL.identifier(column), key) for column in PARTNER_MIRRORS)
        new = SQL(", ").join(
            SQL("CASE WHEN v.active THEN v.%s::text END", SQL.identifier(source)) for source in PARTNER_MIRRORS.values()
        )
        only = SQL("AND v.partner_id IN %s", tuple(partner_ids)) if partner_ids else SQL()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET %(assignments)s
                  FROM customer_value v
                 WHERE v.company_id = %(company)s AND p.commercial_partner_id = v.partner_id %(only)s
                   AND (%(old)s) IS DISTINCT FROM (%(new)s)
                """,
                assignments=assignments,
                company=company.id,
                only=only,
                old=old,
                new=new,
            )
        )
        self.env["res.partner"].invalidate_model(list(PARTNER_MIRRORS))
