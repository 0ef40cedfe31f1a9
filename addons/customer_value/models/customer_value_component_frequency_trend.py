# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Frequency trend (health): invoices of the last trend period against the period
    before, in percent; none in both periods is no trend (the rhythm tells that story)."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("frequency_trend", "Frequency Trend")], ondelete={"frequency_trend": "cascade"}
    )

    def _frequency_trend_figure_fields(self):
        return ["invoices_last_period", "invoices_previous_period", "frequency_trend"]

    def _frequency_trend_invoice_aggregates(self, run, settings):
        period = settings.trend_period_days
        return {
            f"invoices_period_{index}": SQL(
                """COUNT(*) FILTER (WHERE mv.move_type = 'out_invoice'
                                    AND mv.invoice_date > %s AND mv.invoice_date <= %s)""",
                run.date - timedelta(days=(index + 1) * period),
                run.date - timedelta(days=index * period),
            )
            for index in range(2)
        }

    def _frequency_trend_chunk_figures(self, run, settings):
        last, previous = components.column("invoices_period_0"), components.column("invoices_period_1")
        trend = components.revenue_trend(SQL("%s::numeric", last), SQL("%s::numeric", previous))
        return {
            "invoices_last_period": last,
            "invoices_previous_period": previous,
            "frequency_trend": SQL("CASE WHEN %s + %s > 0 THEN %s END", last, previous, trend),
        }

    def _frequency_trend_score(self, frame):
        return health.linear_score(frame["frequency_trend"], self.full_score_at, self.zero_score_at)

    def _frequency_trend_explain(self, value):
        return _(
            "%(last)s invoices in the last trend period, %(previous)s in the one before",
            last=value.invoices_last_period,
            previous=value.invoices_previous_period,
        )

    def _frequency_trend_threshold_unit(self):
        return _("% change")

    def _frequency_trend_higher_is_better(self):
        return True
