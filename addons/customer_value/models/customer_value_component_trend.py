# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..tools import components, scoring


class CustomerValueComponent(models.Model):
    """Revenue trend: the last trend period against the one before; the faster the
    growth, the higher. Also counts the periods of growth in a row (growth upgrades)."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("trend", "Revenue Trend")], ondelete={"trend": "cascade"})

    def _trend_figure_fields(self):
        return ["revenue_last_period", "revenue_previous_period", "revenue_trend", "growth_streak"]

    def _trend_invoice_aggregates(self, run, settings):
        period = settings.trend_period_days
        return {
            f"period_{index}": SQL(
                "COALESCE(SUM(mv.amount) FILTER (WHERE mv.invoice_date > %s AND mv.invoice_date <= %s), 0)",
                run.date - timedelta(days=(index + 1) * period),
                run.date - timedelta(days=index * period),
            )
            for index in range(max(settings.growth_periods, 1) + 1)
        }

    def _trend_chunk_figures(self, run, settings):
        periods = [components.column(f"period_{index}") for index in range(max(settings.growth_periods, 1) + 1)]
        return {
            "revenue_last_period": periods[0],
            "revenue_previous_period": periods[1],
            "revenue_trend": components.revenue_trend(periods[0], periods[1]),
            "growth_streak": components.growth_streak(periods, settings.growth_percent),
        }

    def _trend_score(self, frame):
        return scoring.percentile_rank(frame["revenue_trend"])
