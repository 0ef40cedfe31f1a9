import numpy as np
import pandas as pd

from odoo import fields, models

from ..tools.bulk import replace_company_rows

BANDS = 10
BAND_COLUMNS = ("band", "customers", "clv_min", "clv_max", "clv_average", "clv_total", "clv_share")


class CustomerValueClvBand(models.Model):
    """The distribution of customer lifetime value: the company's customers ranked by CLV
    and cut into ten bands of equal size (band 1 holds the tenth worth the most), each with
    its range and its share of the total. Rewritten by each run's score step."""

    _name = "customer.value.clv.band"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Customer Lifetime Value Distribution"
    _order = "company_id, band"
    _rec_name = "band"
    _log_access = False  # written in bulk by the run, never by hand

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    band = fields.Integer(
        string="CLV Decile",
        required=True,
        readonly=True,
        aggregator=None,
        help="1 is the tenth of customers worth the most.",
    )
    customers = fields.Integer(readonly=True)
    clv_min = fields.Monetary(string="Lowest CLV", readonly=True, aggregator="min")
    clv_max = fields.Monetary(string="Highest CLV", readonly=True, aggregator="max")
    clv_average = fields.Monetary(string="Average CLV", readonly=True, aggregator="avg")
    clv_total = fields.Monetary(string="Total CLV", readonly=True)
    clv_share = fields.Float(string="Share of CLV (%)", readonly=True)

    def _run_score_step_clv_bands(self, run, scores, stored):
        """Rewrite the run's company's CLV bands from the new lifetime values of its active
        customers (``scores``, see ``customer.value.run._score_steps``), ranked from the
        highest, the customer breaking ties (``stored`` gives it), cut as PostgreSQL's
        ``ntile`` cuts: the first bands take one customer more where the count does not
        divide. Done on the values the score step holds, where ranking the stored rows took
        a pass over the value table and a sort that spilled to disk (3 s of a run at a
        million customers)."""
        company = run.company_id
        bands = pd.DataFrame(columns=list(BAND_COLUMNS))
        if "clv" in scores and not scores.empty:
            bands = self._bands(scores["clv"], stored["partner_id"])
        columns = {name: self._fields[name].column_type[1] for name in BAND_COLUMNS}
        replace_company_rows(self.env.cr, self._table, columns, bands, company.id, company.currency_id.id)
        self.invalidate_model()

    def _bands(self, clv, partners):
        """The bands of the lifetime values ``clv`` of ``partners`` (two Series on the same
        index): a DataFrame of their ``BAND_COLUMNS``."""
        ranked = pd.DataFrame({"clv": clv, "partner_id": partners}).dropna(subset=["clv"])
        ranked = ranked.sort_values(["clv", "partner_id"], ascending=[False, True], kind="mergesort")
        size, extra = divmod(len(ranked), BANDS)
        ranked["band"] = np.repeat(np.arange(1, BANDS + 1), [size + (band < extra) for band in range(BANDS)])
        bands = ranked.groupby("band")["clv"].agg(["count", "min", "max", "mean", "sum"]).reset_index()
        bands.columns = ["band", "customers", "clv_min", "clv_max", "clv_average", "clv_total"]
        total = bands["clv_total"].sum()
        bands["clv_share"] = 100.0 * bands["clv_total"] / total if total else None
        return bands
