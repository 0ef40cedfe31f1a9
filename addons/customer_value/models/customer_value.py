from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("need_attention", "Need Attention"),
    ("about_to_sleep", "About to Sleep"),
    ("at_risk", "At Risk"),
    ("cant_lose", "Can't Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]

QUADRANTS = [
    ("strategic_core", "Strategic Core"),
    ("value_maintenance", "Value Maintenance"),
    ("key_development", "Key Development"),
    ("general", "General Management"),
]


class CustomerValue(models.Model):
    """Value figures of one customer (a commercial partner) in one company.

    Rows are written in bulk by the steps of a :class:`~.customer_value_run.CustomerValueRun`
    from posted customer invoices and credit notes; nothing here is computed when a screen
    opens. Notes about the customer's tier go into this record's chatter, which only the
    Customer Value groups read, never into the partner's.

    The rows a run writes carry no user stamps (``create_uid``, ``write_uid``): the run
    records who started it, and PostgreSQL would check both user references of every row
    a run inserts, which costs more than writing the row.
    """

    _name = "customer.value"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.value.currency.mixin", "customer.value.scale.mixin"]
    _description = "Customer Value"
    _order = "value_score desc, id"
    _rec_name = "partner_id"
    _check_company_auto = True
    _mail_post_access = "read"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)  # indexed in init()
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    active = fields.Boolean(
        default=True, readonly=True, help="Cleared when the customer no longer has posted invoices."
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    scored_on = fields.Date(string="Figures As Of", readonly=True)

    # metrics (company currency, net of credit notes)
    first_invoice_date = fields.Date(readonly=True)
    last_invoice_date = fields.Date(readonly=True)
    recency_days = fields.Integer(string="Days Since Last Invoice", readonly=True)
    frequency = fields.Integer(string="Invoices in Window", readonly=True)
    monetary = fields.Monetary(string="Revenue in Window", readonly=True, help="Untaxed, net of credit notes.")
    lifetime_revenue = fields.Monetary(readonly=True)
    first_day_revenue = fields.Monetary(
        string="First Purchase Day Revenue", readonly=True, help="Net revenue of the day of the first invoice."
    )
    average_invoice_value = fields.Monetary(readonly=True)
    tenure_days = fields.Integer(string="Tenure (days)", readonly=True)
    revenue_last_period = fields.Monetary(readonly=True)
    revenue_previous_period = fields.Monetary(string="Revenue Period Before", readonly=True)
    revenue_trend = fields.Float(string="Revenue Trend (%)", readonly=True)
    growth_streak = fields.Integer(
        readonly=True, help="Consecutive periods, up to now, in which revenue grew by the growth-upgrade rate."
    )
    category_count = fields.Integer(string="Product Categories", readonly=True)
    clv = fields.Monetary(
        string="Lifetime Value", readonly=True, help="Revenue expected over the horizon set in Settings."
    )
    purchase_days = fields.Integer(readonly=True, help="Days with at least one invoice, since the first invoice.")
    probability_alive = fields.Float(
        string="Probability Active",
        readonly=True,
        aggregator="avg",
        help="Chance that the customer still buys (BG/NBD model); empty when the heuristic was used.",
    )
    expected_purchases = fields.Float(
        readonly=True, help="Purchases expected over the lifetime value horizon (BG/NBD model)."
    )

    # scores
    recency_score = fields.Integer(string="R", readonly=True, aggregator="avg")
    frequency_score = fields.Integer(string="F", readonly=True, aggregator="avg")
    monetary_score = fields.Integer(string="M", readonly=True, aggregator="avg")
    rfm_code = fields.Char(string="RFM", compute="_compute_rfm_code")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment", readonly=True)
    value_score = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="0-100: the weighted mean of the value components' scores (Configuration > Score Components).",
    )
    potential_score = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="0-100: the weighted mean of the potential components' scores (Configuration > Score Components).",
    )
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    quadrant = fields.Selection(QUADRANTS, string="Value x Potential", readonly=True)

    # tier
    tier_id = fields.Many2one("customer.value.tier", readonly=True)
    tier_color = fields.Integer(related="tier_id.color")
    tier_since = fields.Date(readonly=True, help="The day the customer was given its current tier.")
    tier_below_count = fields.Integer(
        string="Reviews Below Tier",
        readonly=True,
        help="Consecutive reviews in which the customer fell short of its tier.",
    )
    tier_locked = fields.Boolean(readonly=True)
    tier_lock_tier_id = fields.Many2one(
        "customer.value.tier", string="Locked At", readonly=True, help="The customer is held at least at this tier."
    )
    tier_lock_reason = fields.Char(readonly=True)
    tier_lock_until = fields.Date(string="Locked Until", readonly=True)
    tier_locked_by_id = fields.Many2one("res.users", string="Locked By", readonly=True)
    needs_retention = fields.Boolean(
        string="Retention Needed", readonly=True, help="A watched tier and no invoice for too long."
    )
    tier_history_ids = fields.One2many("customer.value.tier.history", "value_id")
    snapshot_ids = fields.One2many("customer.value.snapshot", "value_id", string="Review Snapshots")

    _sql_constraints = [
        ("partner_company_uniq", "UNIQUE (partner_id, company_id)", "A customer has one value record per company."),
    ]

    def init(self):
        """Leave room in each page for a new version of its rows: the nightly run rewrites
        most of them (the lifetime value moves every day), and with room on the page and no
        index on the columns it changes, PostgreSQL updates a row in place (a HOT update)
        instead of writing it elsewhere with every index. Hence indexes only on what finds a
        record: its customer and company; the customers of a company by tier and by date of
        first invoice, which the touchpoints' tier reviews and anniversaries look for every
        night (a scan of every row took most of their step; a tier or a first invoice date
        seldom changes), in place of an index on the company alone; and the few locked
        tiers, whose ends every run looks for (a lock changes no column the run writes).
        One exception: the value score, the list's order, whose top 80 rows are otherwise
        a sort of every row of the table (0.8 s at a million customers); only the rows
        whose score moves (to the hundredth) lose their in-place update for it."""
        res = super().init()
        self.env.cr.execute(SQL("ALTER TABLE customer_value SET (fillfactor = 70)"))
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS customer_value__company_id_index"))
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_company_tier_index
                    ON customer_value (company_id, tier_id, first_invoice_date)
                """
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_tier_lock_index
                    ON customer_value (company_id, tier_lock_until) WHERE tier_locked
                """
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_score_index
                    ON customer_value (value_score DESC, id) WHERE active
                """
            )
        )
        return res

    @api.depends("recency_score", "frequency_score", "monetary_score")
    def _compute_rfm_code(self):
        for value in self:
            scores = (value.recency_score, value.frequency_score, value.monetary_score)
            value.rfm_code = "".join(map(str, scores)) if all(scores) else False

    def _ordered_selections(self):
        return [*super()._ordered_selections(), "rfm_segment", "quadrant"]

    @api.depends("partner_id", "company_id")
    def _compute_display_name(self):
        for value in self:
            value.display_name = f"{value.partner_id.display_name} ({value.company_id.name})"

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_recompute_now(self):
        return self.env["customer.value.run"].action_recompute_now()

    def action_lock_tier(self):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Lock Tier"),
            "res_model": "customer.value.lock.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_value_ids": self.ids, "default_tier_id": self[:1].tier_id.id},
        }

    def action_unlock_tier(self):
        self._check_manager()
        self.filtered("tier_locked")._unlock_tier("unlock", {})

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def _check_manager(self):
        if not self.env.user.has_group("customer_value.group_customer_value_manager"):
            raise AccessError(_("Only Customer Value managers can lock or unlock tiers."))
        self.check_access("read")  # records of companies the user may not see are refused, not skipped

    # ------------------------------------------------------------------
    # tier locks
    # ------------------------------------------------------------------
    def _lock_tier(self, tier, reason, until):
        """Hold these customers at least at ``tier`` until ``until``, whatever their figures
        say (they still move up when their figures earn a better tier)."""
        for value in self:
            value.sudo().write(
                {
                    "tier_locked": True,
                    "tier_lock_tier_id": tier.id,
                    "tier_lock_reason": reason,
                    "tier_lock_until": until,
                    "tier_locked_by_id": self.env.uid,
                    "tier_below_count": 0,
                }
            )
            value._record_tier_change(value.tier_id, tier, "lock", "lock", {"reason": reason, "until": str(until)})

    def _unlock_tier(self, reason_code, params):
        for value in self:
            value.sudo().write(
                {
                    "tier_locked": False,
                    "tier_lock_tier_id": False,
                    "tier_lock_reason": False,
                    "tier_lock_until": False,
                    "tier_locked_by_id": False,
                }
            )
            value._record_tier_change(value.tier_id, value.tier_id, "unlock", reason_code, params)

    def _record_tier_change(self, from_tier, to_tier, direction, reason_code, params):
        """Write one tier change (or lock event) to the history and this record's chatter."""
        self.ensure_one()
        history = (
            self.env["customer.value.tier.history"]
            .sudo()
            .create(
                {
                    "value_id": self.id,
                    "from_tier_id": from_tier.id,
                    "to_tier_id": to_tier.id,
                    "direction": direction,
                    "reason_code": reason_code,
                    "reason_params": params,
                    "user_id": self.env.uid,
                    "value_score": self.value_score,
                    "rfm_segment": self.rfm_segment,
                    "monetary": self.monetary,
                    "frequency": self.frequency,
                }
            )
        )
        if from_tier != to_tier:
            self.sudo().write({"tier_id": to_tier.id, "tier_since": self.company_id._customer_value_today()})
        history._post_chatter_notes()
        return history

    @api.model
    def _tiers_of(self, partners, companies):
        """The tier of each (customer, company) pair of ``partners`` and ``companies`` that
        has a value record, for records that note the customer's tier at a moment (an
        answer, a complaint): whoever may create those, even without the right to read
        values."""
        values = self.sudo().search([("partner_id", "in", partners.ids), ("company_id", "in", companies.ids)])
        return {(value.partner_id, value.company_id): value.tier_id for value in values}

    # ------------------------------------------------------------------
    # hooks: what the runs changed, for follow-up work to subscribe to
    # ------------------------------------------------------------------
    @api.model
    def _on_tier_changes(self, histories):
        """Called by the tier step with the history records of the tier changes it made,
        in the score step's transaction: the value records get their new tiers in the step
        after it (see ``customer.value.run._score_steps``); a history record has both."""

    @api.model
    def _on_retention_needed(self, values):
        """Called by the tier step with the value records it newly flagged for retention: a
        customer of a watched tier without an invoice for too long gets one retention
        activity, for its salesperson (else the company's follow-up user); never a second
        one while the first is open."""
        self._schedule_follow_ups(values, self.env.ref("customer_value.mail_activity_type_retention"))
