# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL

from ..tools import components, scoring


class CustomerValueComponent(models.Model):
    """Monetary value: net revenue in the scoring window; the more, the higher."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("monetary", "Monetary Value")], ondelete={"monetary": "cascade"})

    def _monetary_figure_fields(self):
        return ["monetary", "lifetime_revenue", "average_invoice_value"]

    def _monetary_invoice_aggregates(self, run, settings):
        return {
            "monetary": SQL("COALESCE(SUM(mv.amount) FILTER (WHERE mv.in_window), 0)"),
            "lifetime_revenue": SQL("SUM(mv.amount)"),
        }

    def _monetary_chunk_figures(self, run, settings):
        monetary = components.column("monetary")
        return {
            "monetary": monetary,
            "lifetime_revenue": components.column("lifetime_revenue"),
            "average_invoice_value": components.average(
                monetary, components.column("frequency"), settings.money_rounding
            ),
        }

    def _monetary_score(self, frame):
        return scoring.percentile_rank(frame["monetary"])
