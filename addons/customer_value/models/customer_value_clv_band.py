from odoo import fields, models
from odoo.tools import SQL

BANDS = 10


class CustomerValueClvBand(models.Model):
    """The distribution of customer lifetime value: the company's customers ranked by CLV
    and cut into ten bands of equal size (band 1 holds the tenth worth the most), each with
    its range and its share of the total. Rewritten by each run from the stored CLVs."""

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

    def _run_step_clv_distribution(self, run):
        """Rewrite the run's company's CLV bands from its active value records."""
        company = run.company_id
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM customer_value_clv_band WHERE company_id = %s", company.id))
        self.env.cr.execute(
            SQL(
                """
                WITH ranked AS (
                    SELECT clv, ntile(%(bands)s) OVER (ORDER BY clv DESC, partner_id) AS band
                      FROM customer_value
                     WHERE company_id = %(company)s AND active AND clv IS NOT NULL
                )
                INSERT INTO customer_value_clv_band
                       (company_id, currency_id, band, customers, clv_min, clv_max, clv_average, clv_total, clv_share)
                SELECT %(company)s, %(currency)s, band, COUNT(*), MIN(clv), MAX(clv), AVG(clv), SUM(clv),
                       100.0 * SUM(clv) / NULLIF(SUM(SUM(clv)) OVER (), 0)
                  FROM ranked GROUP BY band
                """,
                bands=BANDS,
                company=company.id,
                currency=company.currency_id.id,
            )
        )
        self.env.invalidate_all()
        return True
