from odoo import fields, models
from odoo.tools import SQL

from ..tools.components import run_moves
from .customer_value_kpi import MONTHS_PER_PERIOD


class CustomerValueKpiPartial(models.Model):
    """One chunk's share of the KPIs: of its customers in one cohort, how many bought in
    one period, how many of them had bought the period before too, how many made their
    second purchase, and their revenue, all of it and that of the core customers (top tier
    or strategic core quadrant). Written chunk by chunk once the run's scores and tiers are
    (a finish step that the workers share, see ``customer.value.run._chunk_finish_steps``),
    so that the core customers are those of this run, and summed by the run's KPI step
    (see ``customer.value.kpi``), which then deletes them.

    Summed during the aggregation instead, with the core customers of the run before, the
    core revenue needed a correction for the customers the run's tiers moved into or out
    of the core: a pass over all their invoices in the score step, which one worker does
    alone (a third of the customers join the core on a first run)."""

    _name = "customer.value.kpi.partial"
    _description = "Partial Customer Retention KPIs of a Run"
    _log_access = False  # written in bulk by the run, never by hand

    run_id = fields.Many2one("customer.value.run", required=True, index=True, ondelete="cascade")
    chunk_id = fields.Many2one("customer.value.run.chunk", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    cohort = fields.Date(help="The period of the customers' first invoice; empty before it (credit notes only).")
    period = fields.Date(required=True)
    buying = fields.Integer(help="Customers with an invoice in the period.")
    retained = fields.Integer(help="Customers who bought in the period before and again in this one.")
    repeats = fields.Integer(help="Customers whose second invoice came in the period.")
    revenue = fields.Float(help="Untaxed, net of credit notes, in company currency.")
    core_revenue = fields.Float(help="Revenue of the customers now in the top tier or the strategic core quadrant.")

    def _run_step_kpi_partials(self, run, chunk):
        """Replace ``chunk``'s partial KPIs (nothing to end once every chunk is through): one
        pass over its posted invoices into a row per customer and period and, from one
        window over those rows in the index's order of customer and period, the customer's
        cohort (first period with an invoice, on that period and the later ones), whether it
        bought the period before too, and whether its second invoice came in this period;
        then summed by cohort and period. A customer no longer active has lost its tier
        (see ``customer.value.tiering``) and keeps its last quadrant.

        The invoices are counted in an integer, whose running sum is a bigint (that of a
        bigint is a numeric, slower to add), and the period before is one lag, of the
        period where the customer bought in it: two lags took a fifth of the step longer. The
        window's frame counts rows, not peers: a customer has one row per period, so both
        frames are the same, and PostgreSQL looks for no peers (3-5 % of the statement)."""
        if not chunk:
            return
        company = run.company_id
        top_tier = self.env["customer.value.tier"]._for_company(company)[:1].id or None
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM customer_value_kpi_partial WHERE chunk_id = %s", chunk.id))
        self.env.cr.execute(
            SQL(
                """
                WITH per_period AS (
                    SELECT m.commercial_partner_id AS partner_id,
                           date_trunc(%(unit)s, m.invoice_date::timestamp)::date AS period,
                           (COUNT(*) FILTER (WHERE m.move_type = 'out_invoice'))::int AS invoices,
                           SUM(m.amount_untaxed_signed) AS revenue
                      FROM account_move m
                     WHERE %(moves)s AND m.commercial_partner_id BETWEEN %(low)s AND %(high)s
                     GROUP BY 1, 2
                ), ordered AS (
                    SELECT period, invoices, revenue,
                           COALESCE(v.tier_id = %(top_tier)s OR v.quadrant = 'strategic_core', FALSE) AS core,
                           SUM(invoices) OVER earlier AS invoices_to_date,
                           LAG(CASE WHEN invoices > 0 THEN period END) OVER earlier AS previous_buying_period,
                           MIN(period) FILTER (WHERE invoices > 0) OVER earlier AS cohort
                      FROM per_period
                      LEFT JOIN customer_value v ON v.partner_id = per_period.partner_id AND v.company_id = %(company)s
                           AND v.partner_id BETWEEN %(low)s AND %(high)s
                    WINDOW earlier AS (PARTITION BY per_period.partner_id ORDER BY period ROWS UNBOUNDED PRECEDING)
                )
                INSERT INTO customer_value_kpi_partial
                       (run_id, chunk_id, company_id, cohort, period, buying, retained, repeats, revenue, core_revenue)
                SELECT %(run)s, %(chunk)s, %(company)s, cohort, period,
                       COUNT(*) FILTER (WHERE invoices > 0),
                       COUNT(*) FILTER (
                           WHERE invoices > 0
                             AND previous_buying_period = (period - make_interval(months => %(months)s))::date
                       ),
                       COUNT(*) FILTER (WHERE invoices_to_date >= 2 AND invoices_to_date - invoices < 2),
                       SUM(revenue), SUM(revenue) FILTER (WHERE core)
                  FROM ordered
                 GROUP BY cohort, period
                """,
                run=run.id,
                chunk=chunk.id,
                company=company.id,
                moves=run_moves(run),
                unit=company.kpi_period,
                months=MONTHS_PER_PERIOD[company.kpi_period],
                top_tier=top_tier,
                low=chunk.partner_from,
                high=chunk.partner_to,
            )
        )
        self.invalidate_model()
