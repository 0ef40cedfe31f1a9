from odoo import _, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .customer_value import ABC_CLASSES, QUADRANTS
from .customer_value_health import HEALTH_BANDS
from .customer_value_lifecycle import LIFECYCLE_STAGES

DIMENSIONS = ("tier_id", "abc_class", "health_band", "lifecycle_stage", "quadrant")


class CustomerValueSummary(models.Model):
    """The company's active customers counted by tier, ABC class, health band, lifecycle
    stage and value x potential quadrant, with their revenue and lifetime value: what the
    dashboard and the tier report read at any number of customers, where grouping the value
    records reads every one of them. Rewritten by the last step of each run; each row opens
    its customers."""

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

    def _run_step_summary(self, run):
        """Rewrite the run's company's summary from its active value records."""
        company = run.company_id
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM customer_value_summary WHERE company_id = %s", company.id))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_summary
                       (company_id, currency_id, %(dimensions)s, customers, monetary, lifetime_revenue, clv)
                SELECT %(company)s, %(currency)s, %(dimensions)s, COUNT(*), SUM(monetary), SUM(lifetime_revenue),
                       SUM(clv)
                  FROM customer_value
                 WHERE company_id = %(company)s AND active
                 GROUP BY %(dimensions)s
                """,
                dimensions=SQL(", ").join(SQL.identifier(name) for name in DIMENSIONS),
                company=company.id,
                currency=company.currency_id.id,
            )
        )
        self.env.invalidate_all()
        return True

    def action_open_customers(self):
        """The customers these rows count: of one row, those of its tier, class, band, stage and quadrant."""
        domain = expression.OR(
            [[(name, "=", row[name].id if name == "tier_id" else row[name]) for name in DIMENSIONS] for row in self]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_value.customer_value_action")
        return action | {"name": _("Customers"), "domain": [("company_id", "in", self.company_id.ids), *domain]}
