# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models

from ..tools import health


class CustomerValueComponent(models.Model):
    """Monetary trend (health): revenue of the last trend period against the period before,
    in percent (the revenue trend figure of the value engine's trend component); no revenue
    in both periods is no trend."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("monetary_trend", "Monetary Trend")], ondelete={"monetary_trend": "cascade"}
    )

    def _monetary_trend_figure_fields(self):
        return ["revenue_last_period", "revenue_previous_period", "revenue_trend"]

    def _monetary_trend_score(self, frame):
        traded = (frame["revenue_last_period"] != 0) | (frame["revenue_previous_period"] != 0)
        return health.linear_score(frame["revenue_trend"].where(traded), self.full_score_at, self.zero_score_at)

    def _monetary_trend_explain(self, value):
        if not (value.revenue_last_period or value.revenue_previous_period):
            return _("no revenue in either trend period")
        return _("revenue %(trend)+.0f%% against the trend period before", trend=value.revenue_trend)

    def _monetary_trend_threshold_unit(self):
        return _("% change")

    def _monetary_trend_higher_is_better(self):
        return True
