import json

import pandas as pd
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_date

from ..tools import tiering
from ..tools.bulk import insert_frame
from .customer_value import RFM_SEGMENTS
from .customer_value_tiering import REASON_DIRECTIONS

DIRECTIONS = [
    ("initial", "First Tier"),
    ("upgrade", "Upgrade"),
    ("downgrade", "Downgrade"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
]
REASON_CODES = [
    ("initial", "First tier"),
    ("criteria", "Meets the rule"),
    ("growth", "Revenue growth"),
    ("grace", "Below the rule after the grace period"),
    ("retired", "Tier archived"),
    ("inactive", "No posted invoices"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
    ("lock_ended", "Lock ended"),
    ("legacy", "Recorded as text"),
]
HISTORY_COLUMNS = {
    "value_id": "integer",
    "partner_id": "integer",
    "from_tier_id": "integer",
    "to_tier_id": "integer",
    "direction": "varchar",
    "reason_code": "varchar",
    "reason_params": "jsonb",
    "value_score": "double precision",
    "rfm_segment": "varchar",
    "monetary": "numeric",
    "frequency": "integer",
}


class CustomerValueTierHistory(models.Model):
    """One dated tier change of a customer, with its reason and a snapshot of its figures.

    The reason is stored as a code with parameters and rendered in the reader's language
    (:attr:`reason`); the chatter note of the change is written in the company's language.
    """

    _name = "customer.value.tier.history"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Customer Value Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # rows are written once, in bulk, and carry their date and run: no creation and update
    # stamps, whose user references PostgreSQL would check on every row
    _log_access = False

    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="value_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="value_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    run_id = fields.Many2one("customer.value.run", ondelete="set null")
    from_tier_id = fields.Many2one("customer.value.tier", ondelete="restrict")
    to_tier_id = fields.Many2one("customer.value.tier", ondelete="restrict")
    direction = fields.Selection(DIRECTIONS, required=True)
    reason_code = fields.Selection(REASON_CODES, required=True)
    reason_params = fields.Json(string="Reason Details")
    reason = fields.Text(compute="_compute_reason")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        default=lambda self: self.env.user,
        help="Who locked or unlocked the tier; empty for the changes of a value run.",
    )
    message_id = fields.Many2one("mail.message", string="Chatter Note", readonly=True, ondelete="set null")
    # figures when the change happened
    value_score = fields.Float(readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment", readonly=True)
    monetary = fields.Monetary(string="Revenue in Window", readonly=True)
    frequency = fields.Integer(string="Invoices in Window", readonly=True)

    def init(self):
        """The changes still waiting for their chatter note, found without reading the
        whole history every night."""
        res = super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_tier_history_note_pending_index
                    ON customer_value_tier_history (company_id, id)
                 WHERE message_id IS NULL AND direction != 'initial'
                """
            )
        )
        return res

    @api.depends("reason_code", "reason_params", "from_tier_id", "to_tier_id")
    @api.depends_context("lang")
    def _compute_reason(self):
        for history in self:
            history.reason = history._render_reason()

    def _render_reason(self):
        """Why the tier changed, in the language of the environment (dates in its format)."""
        self.ensure_one()
        params = self.reason_params or {}
        code = self.reason_code
        if code in ("initial", "criteria"):
            return _(
                "Meets the rule of %(tier)s: value score %(score).1f, %(ahead).1f%% of customers ranked ahead.",
                tier=self.to_tier_id.name,
                score=params.get("score", 0.0),
                ahead=params.get("ahead", 0.0),
            )
        if code == "growth":
            return _(
                "Revenue grew by at least %(rate)s%% in each of the last %(periods)s periods of %(days)s days.",
                rate=params.get("rate"),
                periods=params.get("periods"),
                days=params.get("days"),
            )
        if code == "grace":
            return _(
                "Below the rule of %(tier)s at %(reviews)s consecutive reviews: one tier down.",
                tier=self.from_tier_id.name,
                reviews=params.get("reviews"),
            )
        if code == "retired":
            return _("%s is no longer an active tier.", self.from_tier_id.name)
        if code == "inactive":
            return _("No posted invoices any more (or the customer was archived): the tier is given anew on return.")
        if code == "lock":
            return _(
                "Locked at %(tier)s until %(date)s: %(reason)s",
                tier=self.to_tier_id.name,
                date=format_date(self.env, params.get("until")),
                reason=params.get("reason", ""),
            )
        if code == "lock_ended":
            return _("The lock ended on %s.", format_date(self.env, params.get("until")))
        if code == "unlock":
            return _("Unlocked by %s.", self.user_id.name)
        return params.get("text", "")

    @api.model
    def _record_run_changes(self, run, changed, state):
        """Count the run's tier changes on it and write their history rows in one bulk insert.

        A customer's first tier ever is counted but not recorded: it changes no tier (the
        value record keeps the day it was given), and a company's first run gives one to
        every customer. A returning customer's new tier is recorded: it had one before.

        :param changed: DataFrame (index: value id) with the new ``tier_id`` and ``reason``
        :param state: DataFrame (index: value id) of the figures before the change, with
            ``returning`` (no tier now, one before)
        :return: the new history records
        """
        self._count_run_changes(run, changed["reason"].map(REASON_DIRECTIONS))
        changed = changed[(changed["reason"] != "initial") | state["returning"].reindex(changed.index).fillna(False)]
        if changed.empty:
            return self.browse()
        settings = run.company_id._customer_value_scoring_settings()
        active_scores = state.loc[state["active"], "value_score"].fillna(0)
        ahead = tiering.share_ranked_ahead(active_scores).reindex(state.index).fillna(100.0)
        before = state.loc[changed.index]
        rows = pd.DataFrame(
            {
                "value_id": changed.index.to_numpy(),
                "partner_id": before["partner_id"].to_numpy(),
                "from_tier_id": before["tier_id"].astype("Int64").to_numpy(),
                "to_tier_id": changed["tier_id"].to_numpy(),
                "direction": changed["reason"].map(REASON_DIRECTIONS).to_numpy(),
                "reason_code": changed["reason"].to_numpy(),
                "value_score": before["value_score"].to_numpy(),
                "rfm_segment": before["rfm_segment"].to_numpy(),
                "monetary": before["monetary"].to_numpy(),
                "frequency": before["frequency"].to_numpy(),
            }
        )
        rows["reason_params"] = self._reason_params(rows, ahead, run, settings)
        company = run.company_id
        constants = {
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date": run.date,
            "run_id": run.id,
        }
        histories = self.browse(insert_frame(self.env.cr, self._table, HISTORY_COLUMNS, rows, constants))
        self.invalidate_model()
        self.env["customer.value"].invalidate_model(["tier_history_ids"])
        return histories

    @api.model
    def _count_run_changes(self, run, directions):
        counts = directions.value_counts()
        run.write(
            {
                "new_tier_count": run.new_tier_count + int(counts.get("initial", 0)),
                "upgrade_count": run.upgrade_count + int(counts.get("upgrade", 0)),
                "downgrade_count": run.downgrade_count + int(counts.get("downgrade", 0)),
            }
        )

    @api.model
    def _reason_params(self, rows, ahead, run, settings):
        """The parameters of each change's reason as JSON text, built column-wise (a run
        may change the tiers of many customers)."""
        by_rule = (
            '{"score": '
            + rows["value_score"].fillna(0.0).round(2).astype(str)
            + ', "ahead": '
            + ahead.reindex(rows["value_id"]).fillna(100.0).round(1).astype(str).to_numpy()
            + "}"
        )
        growth = json.dumps(
            {"rate": settings.growth_percent, "periods": settings.growth_periods, "days": settings.trend_period_days}
        )
        grace = json.dumps({"reviews": run.company_id.tier_downgrade_grace_reviews})
        code = rows["reason_code"]
        params = pd.Series("{}", index=rows.index)
        params[code.isin(["initial", "criteria"])] = by_rule[code.isin(["initial", "criteria"])]
        params[code == "growth"] = growth
        params[code == "grace"] = grace
        return params

    @api.model
    def _run_step_post_notes(self, run):
        """A chatter note on the value record of each real change (not a customer's first
        tier) of the run's company that has none yet, as many per slice as a chunk has
        customers: a change keeps the note it got, so nothing is posted twice, and changes
        of an abandoned run get theirs."""
        batch = self.env["customer.value.run.chunk"]._chunk_size()
        histories = self.search(
            [("company_id", "=", run.company_id.id), ("message_id", "=", False), ("direction", "!=", "initial")],
            limit=batch,
            order="id",
        )
        histories._post_chatter_notes()
        # keep the cache small on a run with many changes
        self.env["mail.message"].invalidate_model()
        self.invalidate_model()
        return len(histories) < batch

    def _post_chatter_notes(self):
        """Log each change in its value record's chatter, in its company's language, and
        link the note to it (one note per change, also for two changes of one customer)."""
        pending = self.sorted("id")
        while pending:
            batch, seen = self.browse(), set()
            for history in pending:
                if history.value_id.id not in seen:
                    seen.add(history.value_id.id)
                    batch |= history
            for company, histories in batch.grouped("company_id").items():
                histories._log_notes_in(company.partner_id.lang or "en_US")
            pending -= batch

    def _log_notes_in(self, lang):
        """One note per change (at most one change per value record) written in ``lang``."""
        histories = self.with_context(lang=lang)
        env = histories.env
        directions = dict(self._fields["direction"]._description_selection(env))
        bodies = {}
        for history in histories:
            title = env._(
                "Value tier: %(from)s → %(to)s (%(direction)s)",
                **{
                    "from": history.from_tier_id.name or env._("none"),
                    "to": history.to_tier_id.name or env._("none"),
                    "direction": directions[history.direction],
                },
            )
            bodies[history.value_id.id] = Markup("<p>%s</p><p>%s</p>") % (title, history.reason)
        messages = histories.value_id._message_log_batch(bodies)
        note_of = {message.res_id: message for message in messages}
        for history in self:
            history.message_id = note_of[history.value_id.id]
