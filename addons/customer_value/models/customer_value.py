from odoo import _, api, fields, models
from odoo.exceptions import AccessError

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

    Rows are written in bulk by :class:`~.customer_value_run.CustomerValueRun` from posted
    customer invoices and credit notes; nothing here is computed when a screen opens.
    """

    _name = "customer.value"
    _description = "Customer Value"
    _order = "value_score desc, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
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
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment", readonly=True, index=True)
    value_score = fields.Float(
        readonly=True, index=True, aggregator="avg", help="0-100: weighted percentile of R, F and M."
    )
    potential_score = fields.Float(
        readonly=True, aggregator="avg", help="0-100: weighted percentile of revenue trend, lifetime value and tenure."
    )
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True, index=True)
    quadrant = fields.Selection(QUADRANTS, string="Value x Potential", readonly=True, index=True)

    # tier
    tier_id = fields.Many2one("customer.value.tier", readonly=True, index=True)
    tier_color = fields.Integer(related="tier_id.color")
    tier_below_count = fields.Integer(
        string="Reviews Below Tier",
        readonly=True,
        help="Consecutive reviews in which the customer fell short of its tier.",
    )
    tier_reviewed_run_id = fields.Many2one("customer.value.run", readonly=True, copy=False)
    tier_locked = fields.Boolean(readonly=True)
    tier_lock_reason = fields.Char(readonly=True)
    tier_lock_until = fields.Date(string="Locked Until", readonly=True)
    tier_locked_by_id = fields.Many2one("res.users", string="Locked By", readonly=True)
    needs_retention = fields.Boolean(
        string="Retention Needed", readonly=True, index=True, help="A watched tier and no invoice for too long."
    )
    tier_history_ids = fields.One2many("customer.value.tier.history", "value_id")

    _sql_constraints = [
        ("partner_company_uniq", "UNIQUE (partner_id, company_id)", "A customer has one value record per company."),
    ]

    @api.depends("recency_score", "frequency_score", "monetary_score")
    def _compute_rfm_code(self):
        for value in self:
            scores = (value.recency_score, value.frequency_score, value.monetary_score)
            value.rfm_code = "".join(map(str, scores)) if all(scores) else False

    @api.depends("partner_id", "company_id")
    def _compute_display_name(self):
        for value in self:
            value.display_name = f"{value.partner_id.display_name} ({value.company_id.name})"

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
        self.filtered("tier_locked")._unlock_tier(_("Unlocked by %s.", self.env.user.name))

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

    def _lock_tier(self, tier, reason, until):
        """Hold these customers at ``tier`` until ``until``, whatever their figures say."""
        for value in self:
            value.sudo().write(
                {
                    "tier_locked": True,
                    "tier_lock_reason": reason,
                    "tier_lock_until": until,
                    "tier_locked_by_id": self.env.uid,
                    "tier_below_count": 0,
                }
            )
            value._record_tier_change(
                value.tier_id, tier, "lock", _("Locked until %(date)s: %(reason)s", date=until, reason=reason)
            )

    def _unlock_tier(self, reason):
        for value in self:
            value.sudo().write(
                {"tier_locked": False, "tier_lock_reason": False, "tier_lock_until": False, "tier_locked_by_id": False}
            )
            value._record_tier_change(value.tier_id, value.tier_id, "unlock", reason)

    def _record_tier_change(self, from_tier, to_tier, direction, reason):
        """Write one tier change (or lock event) to the history and the partner's chatter."""
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
                    "reason": reason,
                    "user_id": self.env.uid,
                    **self._history_snapshot(),
                }
            )
        )
        if from_tier != to_tier:
            self.sudo().tier_id = to_tier
            self._sync_partner_mirrors()
        history._post_chatter_notes()
        return history

    def _history_snapshot(self):
        return {
            "value_score": self.value_score,
            "rfm_segment": self.rfm_segment,
            "monetary": self.monetary,
            "frequency": self.frequency,
        }

    def _sync_partner_mirrors(self):
        self.env["customer.value.run"]._write_partner_mirrors(self.company_id, partner_ids=self.partner_id.ids)
