# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
import pandas as pd

from odoo import fields, models
from odoo.tools import SQL

from ..tools import clv, components, scoring
from ..tools.money import round_money


class CustomerValueComponent(models.Model):
    """Lifetime value: revenue expected over the horizon, from BG/NBD and Gamma-Gamma fitted
    on the whole customer base (a heuristic when they cannot be fitted); the more, the higher.
    The run records which model was used and why."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("clv", "Lifetime Value")], ondelete={"clv": "cascade"})

    def _clv_figure_fields(self):
        return ["first_day_revenue", "clv", "probability_alive", "expected_purchases"]

    def _clv_score_fields(self):
        # the inputs of the fit (see tools/clv.model_inputs) and of its heuristic fallback
        return [
            *self._clv_figure_fields(),
            "purchase_days",
            "tenure_days",
            "recency_days",
            "lifetime_revenue",
            "frequency",
            "monetary",
        ]

    def _clv_invoice_aggregates(self, run, settings):
        return {"first_purchase_date": SQL("MIN(mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice')")}

    def _clv_chunk_figures(self, run, settings):
        companies = run.company_id._customer_value_branch_ids()
        return {"first_day_revenue": components.revenue_of_day(components.column("first_purchase_date"), companies)}

    def _clv_population_figures(self, frame, run, settings):
        if frame.empty:
            return pd.DataFrame(index=frame.index, columns=["clv", "probability_alive", "expected_purchases"])
        values, model = clv.lifetime_values(
            frame, settings.window_days, settings.clv_horizon_days, previous=self._clv_last_fit(run)
        )
        values["clv"] = round_money(values["clv"], settings.money_rounding)
        run.write({"clv_model": model.pop("model"), "clv_info": model})
        return values

    def _clv_score(self, frame):
        return scoring.percentile_rank(frame["clv"])

    def _clv_last_fit(self, run):
        """The parameters the fit of ``run`` starts from: those of the company's last
        finished run of an earlier day. Never the run's own: a run done again on the same
        invoices starts where it started before and stores the same values."""
        return (
            self.env["customer.value.run"]
            .search(
                [
                    ("company_id", "=", run.company_id.id),
                    ("state", "=", "done"),
                    ("date", "<", run.date),
                    ("clv_info", "!=", False),
                ],
                order="date desc, id desc",
                limit=1,
            )
            .clv_info
        )
