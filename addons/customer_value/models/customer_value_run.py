from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .customer_value_run_worker import ACTIVE_STATES

NIGHT_HOURS = 6  # a company's nightly run starts within this many hours of its run hour


class CustomerValueRun(models.Model):
    """One computation of a company's customer values as of a date.

    A run is queued (by the nightly schedule or a manager's button), then worked on by
    the cron workers (``customer.value.run.worker``) in slices: the aggregation in chunks
    of customers, then the finish steps of :meth:`_steps`, each on the model that owns its
    data. A *scoring* run refreshes every figure; a *review* (on the company's review
    schedule) also applies downgrades and keeps a snapshot. A run is identified by company,
    type and period (the day for scorings, the scheduled review date for reviews).
    """

    _name = "customer.value.run"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Customer Value Run"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    date = fields.Date(string="As Of", required=True, readonly=True)
    period_date = fields.Date(
        string="Period",
        required=True,
        readonly=True,
        help="The day a scoring run is for, or the scheduled date of the review a review run carries out.",
    )
    run_type = fields.Selection(
        [("scoring", "Scoring"), ("review", "Tier Review")], string="Type", required=True, readonly=True
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("aggregating", "Aggregating"),
            ("finishing", "Finishing"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    last_step = fields.Char(readonly=True, help="Technical name of the last finish step completed.")
    step_progress = fields.Integer(readonly=True, help="Where the step in progress stands (the step decides what).")
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    retry_at = fields.Datetime(string="Next Attempt", readonly=True)
    superseded_by_id = fields.Many2one("customer.value.run", readonly=True)
    user_id = fields.Many2one("res.users", string="Started By", default=lambda self: self.env.user, readonly=True)
    started_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    finished_at = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)
    chunk_ids = fields.One2many("customer.value.run.chunk", "run_id", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    new_tier_count = fields.Integer(string="First Tiers", readonly=True)
    upgrade_count = fields.Integer(string="Upgrades", readonly=True)
    downgrade_count = fields.Integer(string="Downgrades", readonly=True)
    # revenue concentration of the company's active customers on that date
    total_revenue = fields.Monetary(string="Revenue in Window", readonly=True)
    top1_share = fields.Float(string="Top 1% Share (%)", readonly=True, aggregator="avg")
    top5_share = fields.Float(string="Top 5% Share (%)", readonly=True, aggregator="avg")
    top10_share = fields.Float(string="Top 10% Share (%)", readonly=True, aggregator="avg")
    top20_share = fields.Float(string="Top 20% Share (%)", readonly=True, aggregator="avg")
    largest_share = fields.Float(string="Largest Customer Share (%)", readonly=True, aggregator="max")
    largest_partner_id = fields.Many2one("res.partner", string="Largest Customer", readonly=True)
    concentration_warning = fields.Boolean(
        readonly=True, help="The largest customer's share is above the warning threshold of the company."
    )
    clv_model = fields.Selection(
        [
            ("bgnbd_gamma_gamma", "BG/NBD and Gamma-Gamma"),
            ("bgnbd_average", "BG/NBD and average purchase"),
            ("heuristic", "Heuristic"),
        ],
        string="Lifetime Value Model",
        readonly=True,
    )
    clv_info = fields.Json(
        string="Lifetime Value Fit", readonly=True, help="Fitted parameters and why a model could not be used."
    )
    clv_explanation = fields.Text(string="How Lifetime Value Was Computed", compute="_compute_clv_explanation")

    _sql_constraints = [
        (
            "company_type_period_uniq",
            "UNIQUE (company_id, run_type, period_date)",
            "A company has one run of each type per period.",
        ),
    ]

    @api.depends("run_type", "date")
    @api.depends_context("lang")
    def _compute_name(self):
        types = dict(self._fields["run_type"]._description_selection(self.env))
        for run in self:
            run.name = f"{types.get(run.run_type, '')} {format_date(self.env, run.date)}".strip()

    @api.depends("clv_model", "clv_info")
    def _compute_clv_explanation(self):
        for run in self:
            run.clv_explanation = run.clv_model and run._explain_clv(run.clv_model, run.clv_info or {})

    def _explain_clv(self, model, info):
        """The lifetime value model of this run, and why, in plain words."""
        reasons = {
            "too_few_customers": _("fewer than 30 customers, or fewer than 10 who bought more than once"),
            "too_few_repeat_buyers": _("fewer than 10 customers bought more than once"),
            "no_convergence": _("the fit did not converge on these customers"),
            "no_expected_value": _("the spend of these customers varies too much for a stable mean"),
        }
        bgnbd = _(
            "Purchases expected from each customer's buying pattern (BG/NBD model: r %(r).3f, "
            "alpha %(alpha).3f, a %(a).3f, b %(b).3f).",
            **{key: info.get(key, 0.0) for key in ("r", "alpha", "a", "b")},
        )
        if model == "bgnbd_gamma_gamma":
            return "\n".join(
                [
                    bgnbd,
                    _(
                        "Each purchase valued at the customer's average repeat purchase, weighed against all "
                        "customers' (Gamma-Gamma model: p %(p).3f, q %(q).3f, gamma %(v).3f).",
                        **{key: info.get(key, 0.0) for key in ("p", "q", "v")},
                    ),
                ]
            )
        if model == "bgnbd_average":
            reason = reasons.get(info.get("gamma_gamma_error"), info.get("gamma_gamma_error", ""))
            return "\n".join(
                [
                    bgnbd,
                    _(
                        "Each purchase valued at the customer's own average purchase: "
                        "the spend model was not used (%s).",
                        reason,
                    ),
                ]
            )
        reason = reasons.get(info.get("bgnbd_error"), info.get("bgnbd_error", ""))
        return _(
            "Estimated from the invoices of the scoring window, fading for customers silent for longer than "
            "twice their usual gap: the statistical models were not used (%s).",
            reason,
        )

    def _record_concentration(self, concentration, customer_count):
        """Keep the revenue concentration of the company's customer base on this run."""
        self.write(
            {
                "customer_count": customer_count,
                "total_revenue": concentration["total_revenue"],
                "top1_share": concentration["top_1"],
                "top5_share": concentration["top_5"],
                "top10_share": concentration["top_10"],
                "top20_share": concentration["top_20"],
                "largest_share": concentration["largest_share"],
                "largest_partner_id": concentration["largest_partner_id"],
                "concentration_warning": concentration["largest_share"] > self.company_id.concentration_warning_percent,
            }
        )

    # ------------------------------------------------------------------
    # buttons
    # ------------------------------------------------------------------
    def action_recompute_now(self):
        """Manager button: queue the scoring of the current company's customers as of today."""
        company = self._check_manager()
        run = self._queue(company, "scoring", company._customer_value_today(), manual=True)
        return run._notify_queued(_("Scoring of %s queued.", company.name))

    def action_review_now(self):
        """Manager button: queue the current company's tier review today, ahead of schedule."""
        company = self._check_manager()
        run = self._queue(company, "review", company._customer_value_today(), manual=True)
        return run._notify_queued(_("Tier review of %s queued.", company.name))

    def _check_manager(self):
        if not self.env.user.has_group("customer_value.group_customer_value_manager"):
            raise AccessError(_("Only Customer Value managers can start a computation."))
        return self.env.company

    def _notify_queued(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": message,
                "message": _("It runs in the background; you are notified when the figures are ready."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # queueing
    # ------------------------------------------------------------------
    @api.model
    def _queue(self, company, run_type, period, as_of=None, manual=False):
        """Queue the run of ``company``, type and period (as of ``as_of``, default the
        period), or start an ended one of the same key over, and wake the worker.

        A queued run stays as it is; a run in progress is left alone (a manager is told
        so); a finished review is never done twice, since its downgrades would count twice.
        """
        Run = self.sudo()
        run = Run.search(
            [("company_id", "=", company.id), ("run_type", "=", run_type), ("period_date", "=", period)], limit=1
        )
        if run.state == "queued":
            return run
        if run.state in ACTIVE_STATES:
            if manual:
                raise UserError(
                    _("The values of %s are being computed right now: try again when this run ends.", company.name)
                )
            return run
        if run.state == "done" and run_type == "review":
            if manual:
                raise UserError(_("The tiers of %s were already reviewed today.", company.name))
            return run
        vals = {
            "state": "queued",
            "date": as_of or period,
            "user_id": self.env.uid,
            "started_at": fields.Datetime.now(),
            "finished_at": False,
            "last_step": False,
            "step_progress": 0,
            "attempt_count": 0,
            "retry_at": False,
            "superseded_by_id": False,
            "error": False,
        }
        if run:
            run.chunk_ids.unlink()
            run.write(vals)
        else:
            run = Run.create({**vals, "company_id": company.id, "run_type": run_type, "period_date": period})
        self.env.ref("customer_value.ir_cron_customer_value_worker").sudo()._trigger()
        return run

    @api.model
    def _cron_nightly_runs(self):
        """Hourly: queue each company's nightly run once its night has come (in its own
        timezone), a tier review when one is due, else a scoring; then work on the runs."""
        Worker = self.env["customer.value.run.worker"]
        for company in self.env["res.company"].search([]):
            now = company._customer_value_now()
            if not 0 <= (now.hour - company.customer_value_run_hour) % 24 < NIGHT_HOURS:
                continue
            today = now.date()
            if self.search_count([("company_id", "=", company.id), ("date", "=", today)]):
                continue
            review_due = company.tier_next_review_date and company.tier_next_review_date <= today
            if review_due:
                self._queue(company, "review", company.tier_next_review_date, as_of=today)
            else:
                self._queue(company, "scoring", today)
            Worker._commit(Worker._auto_commit())
        Worker._cron_process_runs()

    # ------------------------------------------------------------------
    # working on runs (see customer.value.run.worker)
    # ------------------------------------------------------------------
    @api.model
    def _cron_process_runs(self):
        return self.env["customer.value.run.worker"]._cron_process_runs()

    def _execute(self, auto_commit=False):
        """Work on this run in the current worker until it ends (tests, demo data)."""
        self.ensure_one()
        self.env["customer.value.run.worker"]._process(self, None, auto_commit)
