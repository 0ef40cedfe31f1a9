# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Purchase rhythm (health): days since the last invoice against the customer's own
    usual gap between purchase days, so a customer who buys once a year is not at risk
    after two months while a weekly buyer is. Needs two purchase days for a gap."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("rhythm", "Purchase Rhythm")], ondelete={"rhythm": "cascade"})

    def _rhythm_figure_fields(self):
        return ["purchase_gap_days"]

    def _rhythm_chunk_figures(self, run, settings):
        # the aggregates of the recency, tenure and frequency components
        return {
            "purchase_gap_days": SQL(
                "(%s - %s)::float / NULLIF(%s - 1, 0)",
                components.column("last_invoice_date"),
                components.column("first_invoice_date"),
                components.column("purchase_days"),
            )
        }

    def _rhythm_score_fields(self):
        return ["purchase_gap_days", "recency_days"]

    def _rhythm_score(self, frame):
        overdue_ratio = frame["recency_days"] / frame["purchase_gap_days"].where(frame["purchase_gap_days"] > 0)
        return health.linear_score(overdue_ratio, self.full_score_at, self.zero_score_at)

    def _rhythm_explain(self, value):
        if not value.purchase_gap_days:
            return _("%s days since the last invoice, one purchase day only", value.recency_days)
        return _(
            "%(days)s days since the last invoice, usual gap %(gap).0f days",
            days=value.recency_days,
            gap=value.purchase_gap_days,
        )

    def _rhythm_threshold_unit(self):
        return _("× usual gap")

    def _rhythm_higher_is_better(self):
        return False
