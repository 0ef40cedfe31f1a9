import pandas as pd

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.bulk import StagedWrite, load_temp_table
from ..tools.components import run_moves
from .customer_value_kpi import MONTHS_PER_PERIOD

# the customers whose core flag the score step moves (temporary)
CORE_MOVES_TABLE = "customer_value_kpi_core"
CORE_MOVES_COLUMNS = {"id": "integer", "partner_id": "integer", "kpi_core": "boolean"}


class CustomerValueKpiPartial(models.Model):
    """One chunk's share of the KPIs: of its customers in one cohort, how many bought in
    one period, how many of them had bought the period before too, how many made their
    second purchase, and their revenue, all of it and that of the customers counted as core
    customers when the chunk ran (``kpi_core`` of ``customer.value``, as the run before
    left it). Written by each chunk of a run right after its aggregation, so that the
    workers share the pass over the invoices, and summed by the run's KPI step (see
    ``customer.value.kpi``), which then deletes them.

    The rows without a chunk are the run's own: the core revenue per period of the
    customers its scores and tiers moved into the core (added) or out of it (taken off),
    written by its score step with their flags (see :meth:`_run_score_step_core`)."""

    _name = "customer.value.kpi.partial"
    _description = "Partial Customer Retention KPIs of a Run"
    _log_access = False  # written in bulk by the run, never by hand

    run_id = fields.Many2one("customer.value.run", required=True, index=True, ondelete="cascade")
    chunk_id = fields.Many2one(
        "customer.value.run.chunk",
        index=True,
        ondelete="cascade",
        help="Empty on the run's own rows, which correct the core revenue by the customers its scores moved "
        "into or out of the core.",
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    cohort = fields.Date(help="The period of the customers' first invoice; empty before it (credit notes only).")
    period = fields.Date(required=True)
    buying = fields.Integer(help="Customers with an invoice in the period.")
    retained = fields.Integer(help="Customers who bought in the period before and again in this one.")
    repeats = fields.Integer(help="Customers whose second invoice came in the period.")
    revenue = fields.Float(help="Untaxed, net of credit notes, in company currency.")
    core_revenue = fields.Float(help="The revenue of the customers counted as core customers (see the KPI step).")

    def _run_chunk_step_kpi_partials(self, run, chunk, _customers):
        """Replace the chunk's partial KPIs: one pass over its posted invoices into a row
        per customer and period and, from one window over those rows in the index's order
        of customer and period, the customer's cohort (first period with an invoice, on
        that period and the later ones), whether it bought the period before too, and
        whether its second invoice came in this period; then summed by cohort and period.
        The invoices are counted in an integer, whose running sum is a bigint (that of a
        bigint is a numeric, slower to add), and the period before is one lag, of the
        period where the customer bought in it: two lags took a fifth of the step longer. The
        window's frame counts rows, not peers: a customer has one row per period, so both
        frames are the same, and PostgreSQL looks for no peers (3-5 % of the statement)."""
        company = run.company_id
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
                    SELECT period, invoices, revenue, COALESCE(v.kpi_core, FALSE) AS core,
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
                low=chunk.partner_from,
                high=chunk.partner_to,
            )
        )
        self.invalidate_model()

    @api.model
    def _score_step_read(self, run):
        """What the core step reads of the stored rows (see ``customer.value.run._score_steps``):
        the core flag and the quadrant, of the active customers and of the others that
        are core or in the strategic core quadrant."""
        return ["kpi_core", "quadrant"], {}, SQL("kpi_core OR quadrant = 'strategic_core'")

    @api.model
    def _run_score_step_core(self, run, scores, stored):
        """Stage the core flag (``kpi_core``) of the customers whose flag the run's scores and
        tiers move: a core customer is in the top tier or the strategic core quadrant, and
        one no longer active has lost its tier (see ``customer.value.tiering``) and keeps
        its last quadrant. Once written, the run's own rows sum their revenue per period,
        added for those now core and taken off for the others, which corrects the sums its
        chunks made with the flags before. The flag is written with the scores: a write of
        its own rewrote a third of the rows once more on a first run."""
        if stored.empty:
            return None
        core = stored["quadrant"].eq("strategic_core")
        if not scores.empty:
            top_tier = self.env["customer.value.tier"]._for_company(run.company_id)[:1].id
            active = scores.reindex(columns=["tier_id", "quadrant"])
            core[active.index] = active["tier_id"].eq(top_tier).fillna(False) | active["quadrant"].eq("strategic_core")
        moved = core != stored["kpi_core"].fillna(False).astype(bool)
        if not moved.any():
            return None
        rows = pd.DataFrame({"partner_id": stored.loc[moved, "partner_id"], "kpi_core": core[moved]})
        load_temp_table(self.env.cr, CORE_MOVES_TABLE, CORE_MOVES_COLUMNS, rows.reset_index())
        return StagedWrite(CORE_MOVES_TABLE, ["kpi_core"], lambda: self._record_core_moves(run))

    @api.model
    def _record_core_moves(self, run):
        """Write the run's own rows (see the class): the revenue per period of the customers
        whose core flag the score step moved, signed by their new flag. The score step runs
        once per run: its slice and the run's progress are committed together."""
        company = run.company_id
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_kpi_partial
                       (run_id, company_id, period, buying, retained, repeats, revenue, core_revenue)
                SELECT %(run)s, %(company)s, period, 0, 0, 0, 0, SUM(revenue)
                  FROM (
                    SELECT date_trunc(%(unit)s, m.invoice_date::timestamp)::date AS period,
                           CASE WHEN moved.kpi_core THEN m.amount_untaxed_signed
                                ELSE -m.amount_untaxed_signed END AS revenue
                      FROM %(moved)s moved
                      JOIN account_move m ON m.commercial_partner_id = moved.partner_id
                     WHERE %(moves)s
                  ) moves
                 GROUP BY period
                """,
                run=run.id,
                company=company.id,
                unit=company.kpi_period,
                moved=SQL.identifier(CORE_MOVES_TABLE),
                moves=run_moves(run),
            )
        )
        self.invalidate_model()
