from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.bulk import load_temp_table, read_frame

# customer_value columns filled from the aggregation, with their SQL types
METRIC_COLUMNS = {
    "partner_id": "integer",
    "first_invoice_date": "date",
    "last_invoice_date": "date",
    "recency_days": "integer",
    "frequency": "integer",
    "monetary": "numeric",
    "lifetime_revenue": "numeric",
    "average_invoice_value": "numeric",
    "tenure_days": "integer",
    "revenue_last_period": "numeric",
    "revenue_previous_period": "numeric",
    "revenue_trend": "double precision",
    "growth_streak": "integer",
    "category_count": "integer",
    "purchase_days": "integer",
}
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class CustomerValueRunChunk(models.Model):
    """A range of customer ids a run aggregates in one transaction.

    Workers claim chunks with ``FOR UPDATE SKIP LOCKED``, so several of them (cron
    workers or parallel jobs) can share a run without waiting for each other.
    """

    _name = "customer.value.run.chunk"
    _description = "Customer Value Run Chunk"
    _order = "run_id, partner_from"

    run_id = fields.Many2one("customer.value.run", required=True, index=True, ondelete="cascade")
    partner_from = fields.Integer(required=True)
    partner_to = fields.Integer(required=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("failed", "Failed")], default="pending", required=True
    )
    customer_count = fields.Integer(string="Customers")
    error = fields.Text(readonly=True)

    def _compute_display_name(self):
        for chunk in self:
            chunk.display_name = f"{chunk.partner_from}-{chunk.partner_to}"

    def _claim(self):
        """Lock one pending chunk among these and return it (empty when none is free)."""
        if not self:
            return self
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM customer_value_run_chunk
                 WHERE id IN %s AND state = 'pending'
                 ORDER BY partner_from
                 LIMIT 1 FOR UPDATE SKIP LOCKED
                """,
                tuple(self.ids),
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _aggregate(self, settings):
        """Aggregate this chunk's posted invoices and credit notes into customer_value rows."""
        self.ensure_one()
        run = self.run_id
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        aggregates = read_frame(self.env.cr, self._aggregate_query(settings), index_col="partner_id")
        metrics = scoring.customer_metrics(aggregates, run.date, settings).reset_index()
        load_temp_table(self.env.cr, "customer_value_metrics", METRIC_COLUMNS, metrics)
        self._upsert_metrics()
        self.write({"state": "done", "customer_count": len(metrics)})

    def _aggregate_query(self, settings):
        """One set-based query: per commercial partner of the chunk, the figures of its
        posted customer invoices and credit notes up to the run date, in company currency
        (``amount_untaxed_signed`` is negative for credit notes, so refunds are netted)."""
        run = self.run_id
        window_start = run.date - timedelta(days=settings.window_days)
        period = settings.trend_period_days
        period_sums = SQL(", ").join(
            SQL(
                "COALESCE(SUM(mv.amount) FILTER (WHERE mv.invoice_date > %s AND mv.invoice_date <= %s), 0) AS %s",
                run.date - timedelta(days=(index + 1) * period),
                run.date - timedelta(days=index * period),
                SQL.identifier(f"period_{index}"),
            )
            for index in range(settings.growth_periods + 1)
        )
        return SQL(
            """
            WITH moves AS (
                SELECT m.id, m.commercial_partner_id AS partner_id, m.invoice_date, m.move_type,
                       m.amount_untaxed_signed AS amount
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.commercial_partner_id
                 WHERE m.company_id = %(company)s
                   AND m.state = 'posted'
                   AND m.move_type IN %(types)s
                   AND m.commercial_partner_id BETWEEN %(low)s AND %(high)s
                   AND m.invoice_date <= %(date)s
                   AND p.active
            ),
            categories AS (
                SELECT mv.partner_id, COUNT(DISTINCT t.categ_id) AS category_count
                  FROM moves mv
                  JOIN account_move_line l ON l.move_id = mv.id AND l.display_type = 'product'
                  JOIN product_product pp ON pp.id = l.product_id
                  JOIN product_template t ON t.id = pp.product_tmpl_id
                 WHERE mv.move_type = 'out_invoice' AND mv.invoice_date > %(window_start)s
                 GROUP BY mv.partner_id
            )
            SELECT mv.partner_id,
                   MIN(mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice') AS first_invoice_date,
                   MAX(mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice') AS last_invoice_date,
                   MAX(mv.invoice_date) AS last_move_date,
                   COUNT(*) FILTER (WHERE mv.move_type = 'out_invoice' AND mv.invoice_date > %(window_start)s)
                       AS frequency,
                   COUNT(DISTINCT mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice') AS purchase_days,
                   COALESCE(SUM(mv.amount) FILTER (WHERE mv.invoice_date > %(window_start)s), 0) AS monetary,
                   SUM(mv.amount) AS lifetime_revenue,
                   %(period_sums)s,
                   COALESCE(MAX(c.category_count), 0) AS category_count
              FROM moves mv
              LEFT JOIN categories c ON c.partner_id = mv.partner_id
             GROUP BY mv.partner_id
            """,
            company=run.company_id.id,
            types=CUSTOMER_MOVE_TYPES,
            low=self.partner_from,
            high=self.partner_to,
            date=run.date,
            window_start=window_start,
            period_sums=period_sums,
        )

    def _upsert_metrics(self):
        """Insert or update the chunk's customer_value rows from the temporary table, writing
        only rows whose figures changed, and retire the rows of customers without invoices."""
        run = self.run_id
        columns = [name for name in METRIC_COLUMNS if name != "partner_id"]
        ident = SQL.identifier
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value AS v
                       (partner_id, company_id, active, scored_on, %(columns)s,
                        create_uid, create_date, write_uid, write_date)
                SELECT t.partner_id, %(company)s, TRUE, %(date)s, %(t_columns)s,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM customer_value_metrics t
                    ON CONFLICT (partner_id, company_id) DO UPDATE
                   SET active = TRUE, scored_on = EXCLUDED.scored_on, %(assignments)s,
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                 WHERE (v.active, v.scored_on, %(v_columns)s)
                       IS DISTINCT FROM (TRUE, EXCLUDED.scored_on, %(excluded_columns)s)
                """,
                columns=SQL(", ").join(ident(c) for c in columns),
                t_columns=SQL(", ").join(SQL("t.%s", ident(c)) for c in columns),
                v_columns=SQL(", ").join(SQL("v.%s", ident(c)) for c in columns),
                excluded_columns=SQL(", ").join(SQL("EXCLUDED.%s", ident(c)) for c in columns),
                assignments=SQL(", ").join(SQL("%s = EXCLUDED.%s", ident(c), ident(c)) for c in columns),
                company=run.company_id.id,
                date=run.date,
                uid=self.env.uid,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value
                   SET active = FALSE, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                 WHERE company_id = %(company)s AND active
                   AND partner_id BETWEEN %(low)s AND %(high)s
                   AND partner_id NOT IN (SELECT partner_id FROM customer_value_metrics)
                """,
                uid=self.env.uid,
                company=run.company_id.id,
                low=self.partner_from,
                high=self.partner_to,
            )
        )
        self.env["customer.value"].invalidate_model()
