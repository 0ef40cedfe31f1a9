from odoo import fields, models
from odoo.tools import SQL

MONTHS_PER_PERIOD = {"month": 1, "quarter": 3}


class CustomerValueKpi(models.Model):
    """The retention KPIs of one company in one period (month or quarter, as the company
    says), rewritten with the cohort table by each run's KPI step from the partial KPIs of
    its chunks (their customers' invoices summed by cohort and period, with the core
    customers' revenue, see ``customer.value.kpi.partial``), the stored value figures (the
    CLV of each period's new customers), the satisfaction answers and the acquisition
    costs."""

    _name = "customer.value.kpi"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Customer Retention KPIs"
    _order = "company_id, date desc"
    _rec_name = "date"
    _log_access = False  # written in bulk by the run, never by hand

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    date = fields.Date(string="Period", required=True, readonly=True, help="The first day of the month or quarter.")
    complete = fields.Boolean(
        string="Period Over",
        readonly=True,
        help="The period had ended by the run date; the figures of the current period are partial.",
    )
    customers = fields.Integer(string="Customers to Date", readonly=True, aggregator="max")
    active_customers = fields.Integer(string="Customers Buying", readonly=True)
    new_customers = fields.Integer(readonly=True, help="Customers whose first invoice fell in the period.")
    previous_customers = fields.Integer(string="Buying the Period Before", readonly=True)
    retained_customers = fields.Integer(readonly=True, help="Bought in the period before and again in this one.")
    retention_rate = fields.Float(
        string="Retention (%)",
        readonly=True,
        aggregator="avg",
        help="Retained customers, of those buying the period before.",
    )
    churn_rate = fields.Float(
        string="Churn (%)",
        readonly=True,
        aggregator="avg",
        help="Customers buying the period before and not in this one.",
    )
    repurchase_rate = fields.Float(
        string="Repurchase (%)",
        readonly=True,
        aggregator="avg",
        help="Customers with two invoices or more by the end of the period, of all customers to date.",
    )
    revenue = fields.Monetary(readonly=True, help="Untaxed, net of credit notes.")
    core_revenue = fields.Monetary(
        readonly=True, help="Revenue of the customers now in the top tier or the strategic core quadrant."
    )
    core_revenue_share = fields.Float(string="Core Revenue (%)", readonly=True, aggregator="avg")
    nps = fields.Float(string="NPS", readonly=True, aggregator="avg", help="From the period's NPS answers.")
    nps_answers = fields.Integer(string="NPS Answers", readonly=True)
    csat = fields.Float(string="CSAT", readonly=True, aggregator="avg", help="Mean of the period's CSAT answers (1-5).")
    csat_answers = fields.Integer(string="CSAT Answers", readonly=True)
    acquisition_cost = fields.Monetary(
        readonly=True, help="Posted on the acquisition cost accounts in the period, plus the costs entered for it."
    )
    cac = fields.Monetary(string="CAC", readonly=True, help="Acquisition cost per new customer.")
    ltv = fields.Monetary(string="LTV", readonly=True, help="Mean lifetime value (CLV) of the period's new customers.")
    ltv_cac_ratio = fields.Float(string="LTV/CAC", readonly=True, aggregator="avg")
    ltv_cac_warning = fields.Boolean(
        string="LTV/CAC Too Low", readonly=True, help="LTV/CAC is below the company's warning ratio."
    )

    def _run_step_kpis(self, run):
        """Rewrite the run's company's KPIs and cohort table as of the run date from the
        partial KPIs its chunks wrote (see ``customer.value.kpi.partial``),
        then drop the company's partial KPIs: those of this run and any a cancelled run left
        (the runs of a company never overlap)."""
        company = run.company_id
        self.env.flush_all()
        params = {
            "company": company.id,
            "branches": tuple(company._customer_value_branch_ids()),
            "date": run.date,
            "unit": company.kpi_period,
            "months": MONTHS_PER_PERIOD[company.kpi_period],
            "run": run.id,
        }
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM customer_value_kpi WHERE company_id = %s", company.id))
        cr.execute(SQL("DELETE FROM customer_value_cohort WHERE company_id = %s", company.id))
        cr.execute(self._cohort_insert(params))
        cr.execute(self._kpi_insert(params, company))
        cr.execute(SQL("DELETE FROM customer_value_kpi_partial WHERE company_id = %s", company.id))
        self.env.invalidate_all()
        return True

    @staticmethod
    def _periods_between(later, earlier, months):
        return SQL(
            "((EXTRACT(YEAR FROM %(later)s) * 12 + EXTRACT(MONTH FROM %(later)s))"
            " - (EXTRACT(YEAR FROM %(earlier)s) * 12 + EXTRACT(MONTH FROM %(earlier)s)))::int / %(months)s",
            later=later,
            earlier=earlier,
            months=months,
        )

    def _cohort_insert(self, params):
        """Every cell from each cohort's own period to the run's, zero where nobody bought."""
        since = self._periods_between(SQL("a.period"), SQL("a.cohort"), params["months"])
        last = self._periods_between(
            SQL("date_trunc(%s, %s::date)", params["unit"], params["date"]), SQL("c.cohort"), params["months"]
        )
        return SQL(
            """
            WITH buying AS (
                SELECT a.cohort, %(since)s + 1 AS period_number, SUM(a.buying) AS active
                  FROM customer_value_kpi_partial a
                 WHERE a.run_id = %(run)s AND a.buying > 0
                 GROUP BY 1, 2
            ), cells AS (
                SELECT c.cohort, c.active AS size, generate_series(1, %(last)s + 1) AS period_number
                  FROM buying c WHERE c.period_number = 1
            )
            INSERT INTO customer_value_cohort
                   (company_id, cohort_date, period_number, cohort_size, active_customers, retention_rate, churn_rate)
            SELECT %(company)s, c.cohort, c.period_number, c.size, COALESCE(b.active, 0),
                   100.0 * COALESCE(b.active, 0) / c.size, 100.0 - 100.0 * COALESCE(b.active, 0) / c.size
              FROM cells c
              LEFT JOIN buying b ON b.cohort = c.cohort AND b.period_number = c.period_number
            """,
            since=since,
            last=last,
            **params,
        )

    def _kpi_insert(self, params, company):
        """The KPIs per period, from the chunks' sums (see ``customer.value.kpi.partial``)."""
        return SQL(
            """
            WITH periods AS (
                SELECT generate_series(MIN(cohort), date_trunc(%(unit)s, %(date)s::date),
                                       make_interval(months => %(months)s))::date AS period
                  FROM customer_value_kpi_partial
                 WHERE run_id = %(run)s
            ), ltv AS (
                SELECT date_trunc(%(unit)s, v.first_invoice_date::timestamp)::date AS period, AVG(v.clv) AS ltv
                  FROM customer_value v
                 WHERE v.company_id = %(company)s AND v.first_invoice_date <= %(date)s
                 GROUP BY 1
            ), buying AS (
                SELECT a.period, SUM(a.buying) AS active, SUM(a.buying) FILTER (WHERE a.period = a.cohort) AS new,
                       SUM(a.retained) AS retained, SUM(a.repeats) AS repeats, SUM(a.revenue) AS revenue,
                       COALESCE(SUM(a.core_revenue), 0) AS core_revenue, MAX(ltv.ltv) AS ltv
                  FROM customer_value_kpi_partial a
                  LEFT JOIN ltv ON ltv.period = a.period
                 WHERE a.run_id = %(run)s
                 GROUP BY a.period
            ), to_date AS (
                SELECT p.period,
                       SUM(COALESCE(b.new, 0)) OVER (ORDER BY p.period) AS customers,
                       SUM(COALESCE(b.repeats, 0)) OVER (ORDER BY p.period) AS repeat
                  FROM periods p
                  LEFT JOIN buying b ON b.period = p.period
            ), satisfaction AS (
                SELECT date_trunc(%(unit)s, s.date::timestamp)::date AS period,
                       AVG(s.nps_points) FILTER (WHERE s.kind = 'nps') AS nps,
                       AVG(s.csat_score) FILTER (WHERE s.kind = 'csat') AS csat,
                       COUNT(*) FILTER (WHERE s.kind = 'nps') AS nps_answers,
                       COUNT(*) FILTER (WHERE s.kind = 'csat') AS csat_answers
                  FROM customer_value_satisfaction s
                 WHERE s.company_id IN %(branches)s AND s.date <= %(date)s
                 GROUP BY 1
            ), cost AS (
                SELECT period, SUM(amount) AS amount FROM (
                    SELECT date_trunc(%(unit)s, l.date::timestamp)::date AS period, l.balance AS amount
                      FROM account_move_line l
                      JOIN res_company_kpi_acquisition_account_rel r
                        ON r.account_account_id = l.account_id AND r.res_company_id = %(company)s
                     WHERE l.company_id IN %(branches)s AND l.parent_state = 'posted' AND l.date <= %(date)s
                    UNION ALL
                    SELECT date_trunc(%(unit)s, c.date::timestamp)::date, c.amount
                      FROM customer_value_acquisition_cost c
                     WHERE c.company_id = %(company)s AND c.date <= %(date)s
                ) costs GROUP BY period
            ), figures AS (
                SELECT p.period, t.customers, COALESCE(b.active, 0) AS active, COALESCE(b.new, 0) AS new,
                       COALESCE(prev.active, 0) AS previous, COALESCE(b.retained, 0) AS retained,
                       t.repeat, COALESCE(b.revenue, 0) AS revenue, COALESCE(b.core_revenue, 0) AS core_revenue,
                       s.nps, s.csat, COALESCE(s.nps_answers, 0) AS nps_answers,
                       COALESCE(s.csat_answers, 0) AS csat_answers, COALESCE(c.amount, 0) AS cost, b.ltv
                  FROM periods p
                  JOIN to_date t ON t.period = p.period
                  LEFT JOIN buying b ON b.period = p.period
                  LEFT JOIN buying prev ON prev.period = (p.period - make_interval(months => %(months)s))::date
                  LEFT JOIN satisfaction s ON s.period = p.period
                  LEFT JOIN cost c ON c.period = p.period
            )
            INSERT INTO customer_value_kpi
                   (company_id, currency_id, date, complete, customers, active_customers, new_customers,
                    previous_customers, retained_customers, retention_rate, churn_rate, repurchase_rate, revenue,
                    core_revenue, core_revenue_share, nps, csat, nps_answers, csat_answers, acquisition_cost, cac, ltv,
                    ltv_cac_ratio, ltv_cac_warning)
            SELECT %(company)s, %(currency)s, f.period,
                   (f.period + make_interval(months => %(months)s))::date <= %(date)s::date + 1,
                   f.customers, f.active, f.new, f.previous, f.retained,
                   100.0 * f.retained / NULLIF(f.previous, 0),
                   100.0 - 100.0 * f.retained / NULLIF(f.previous, 0),
                   100.0 * f.repeat / NULLIF(f.customers, 0),
                   f.revenue, f.core_revenue, 100.0 * f.core_revenue / NULLIF(f.revenue, 0),
                   f.nps, f.csat, f.nps_answers, f.csat_answers, f.cost, cac.cac, f.ltv, f.ltv / NULLIF(cac.cac, 0),
                   COALESCE(f.ltv / NULLIF(cac.cac, 0) < %(warning)s, FALSE)
              FROM figures f, LATERAL (SELECT f.cost / NULLIF(f.new, 0) AS cac) cac
            """,
            currency=company.currency_id.id,
            warning=company.kpi_ltv_cac_warning_ratio,
            **params,
        )
