from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.customer_value.tools import components, scoring


class CustomerValueComponent(models.Model):
    """Refund rate: the share of invoiced revenue given back in credit notes over the
    customer's life; the lower, the higher the score."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("refund_rate", "Refund Rate")], ondelete={"refund_rate": "cascade"})

    def _refund_rate_figure_fields(self):
        return ["refund_rate"]

    def _refund_rate_invoice_aggregates(self, run, settings):
        return {
            "refunded": SQL("COALESCE(-SUM(mv.amount) FILTER (WHERE mv.move_type = 'out_refund'), 0)"),
            "invoiced": SQL("COALESCE(SUM(mv.amount) FILTER (WHERE mv.move_type = 'out_invoice'), 0)"),
        }

    def _refund_rate_chunk_figures(self, run, settings):
        return {
            "refund_rate": SQL(
                "COALESCE(ROUND(%s / NULLIF(%s, 0) * 100, 2), 0)",
                components.column("refunded"),
                components.column("invoiced"),
            )
        }

    def _refund_rate_score(self, frame):
        return scoring.percentile_rank(frame["refund_rate"], higher_is_better=False)


class CustomerValue(models.Model):
    _inherit = "customer.value"

    refund_rate = fields.Float(string="Refund Rate (%)", readonly=True)
