import pandas as pd

from odoo import _, fields, models
from odoo.osv import expression

from ..tools.bulk import replace_company_rows
from .customer_value import ABC_CLASSES, QUADRANTS
from .customer_value_health import HEALTH_BANDS
from .customer_value_lifecycle import LIFECYCLE_STAGES

DIMENSIONS = ("tier_id", "abc_class", "health_band", "lifecycle_stage", "quadrant")
STORED_COLUMNS = ("health_band", "lifecycle_stage", "monetary", "lifetime_revenue")  # the rest: the new scores
MONEY = ("monetary", "lifetime_revenue", "clv")  # summed over the customers of each row


class CustomerValueSummary(models.Model):
    """The company's active customers counted by tier, ABC class, health band, lifecycle
    stage and value x potential quadrant, with their revenue and lifetime value: what the
    dashboard and the tier report read at any number of customers, where grouping the value
    records reads every one of them. Rewritten by each run's score step; each row opens its
    customers."""

    _name = "customer.value.summary"
    _inherit = ["customer.value.currency.mixin", "customer.value.scale.mixin"]
    _description = "Customer Value Summary"
    _order = "company_id, tier_id, abc_class, health_band, lifecycle_stage, quadrant"
    _rec_name = "tier_id"
    _log_access = False  # written in bulk by the run, never by hand

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    tier_id = fields.Many2one("customer.value.tier", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    health_band = fields.Selection(HEALTH_BANDS, readonly=True)
    lifecycle_stage = fields.Selection(LIFECYCLE_STAGES, readonly=True)
    quadrant = fields.Selection(QUADRANTS, string="Value x Potential", readonly=True)
    customers = fields.Integer(readonly=True)
    monetary = fields.Monetary(string="Revenue in Window", readonly=True, help="Untaxed, net of credit notes.")
    lifetime_revenue = fields.Monetary(readonly=True)
    clv = fields.Monetary(string="Lifetime Value", readonly=True)

    def _ordered_selections(self):
        return [*super()._ordered_selections(), "health_band", "lifecycle_stage", "quadrant"]

    def _score_step_read(self, run):
        """What the summary reads of the stored rows beside the new scores (see
        ``customer.value.run._score_steps``): the figures the chunks wrote."""
        return [*STORED_COLUMNS], {}, None

    def _run_score_step_summary(self, run, scores, stored):
        """Rewrite the run's company's summary from its active customers: their new scores,
        lifetime values and tiers (``scores``, the tier step before this one put the tiers
        there) and the figures the chunks stored (``stored``). Done on what the score step
        holds, where grouping the stored rows took a pass over the value table (1.5 s at a
        million customers)."""
        company = run.company_id
        rows = pd.DataFrame(columns=[*DIMENSIONS, "customers", *MONEY])
        if not scores.empty:
            customers = stored[list(STORED_COLUMNS)].join(scores[["tier_id", "abc_class", "quadrant", "clv"]])
            groups = customers.groupby(list(DIMENSIONS), dropna=False)
            rows = groups[list(MONEY)].sum(min_count=1).round(company.currency_id.decimal_places)
            rows = rows.assign(customers=groups.size()).reset_index()
        columns = {name: self._fields[name].column_type[1] for name in rows.columns}
        replace_company_rows(self.env.cr, self._table, columns, rows, company.id, company.currency_id.id)
        self.invalidate_model()

    def action_open_customers(self):
        """The customers these rows count: of one row, those of its tier, class, band, stage and quadrant."""
        domain = expression.OR(
            [[(name, "=", row[name].id if name == "tier_id" else row[name]) for name in DIMENSIONS] for row in self]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_value.customer_value_action")
        return action | {"name": _("Customers"), "domain": [("company_id", "in", self.company_id.ids), *domain]}
