import logging
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.components import run_moves

_logger = logging.getLogger(__name__)

CHUNK_SIZE_PARAMETER = "customer_value.chunk_size"
DEFAULT_CHUNK_SIZE = 20000
METRICS_TABLE = "customer_value_metrics"  # the chunk's figures, one row per customer (temporary)


class CustomerValueRunChunk(models.Model):
    """A range of customer ids a run aggregates in one transaction.

    Workers claim chunks with ``FOR UPDATE SKIP LOCKED``, so several of them (cron
    workers or parallel jobs) can share a run without waiting for each other.
    """

    _name = "customer.value.run.chunk"
    _description = "Customer Value Run Chunk"
    _order = "run_id, partner_from"

    run_id = fields.Many2one("customer.value.run", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    partner_from = fields.Integer(required=True)
    partner_to = fields.Integer(required=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("failed", "Failed")], default="pending", required=True
    )
    customer_count = fields.Integer(string="Customers")
    step_done = fields.Char(
        string="Last Chunked Step",
        readonly=True,
        help="Technical name of the last finish step done chunk by chunk that this chunk went through.",
    )
    error = fields.Text(readonly=True)

    def _compute_display_name(self):
        for chunk in self:
            chunk.display_name = _("Customers %(low)s to %(high)s", low=chunk.partner_from, high=chunk.partner_to)

    def _plan(self, run):
        """Split the range of the run's customer ids (those of the moves it reads, and those
        of the company's value rows, which it may retire) into chunks of the configured size."""
        self.env["account.move"].flush_model()
        self.env["customer.value"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT MIN(id), MAX(id) FROM (
                    SELECT MIN(m.commercial_partner_id) AS id FROM account_move m WHERE %(moves)s
                    UNION ALL
                    SELECT MAX(m.commercial_partner_id) FROM account_move m WHERE %(moves)s
                    UNION ALL
                    SELECT MIN(partner_id) FROM customer_value WHERE company_id = %(company)s
                    UNION ALL
                    SELECT MAX(partner_id) FROM customer_value WHERE company_id = %(company)s
                ) bounds
                """,
                moves=run_moves(run),
                company=run.company_id.id,
            )
        )
        low, high = self.env.cr.fetchone()
        if low is None:
            return self
        size = self._chunk_size()
        return self.create(
            [
                {"run_id": run.id, "partner_from": start, "partner_to": min(start + size - 1, high)}
                for start in range(low, high + 1, size)
            ]
        )

    def _chunk_size(self):
        """Partner ids per chunk (system parameter, checked when it is saved)."""
        value = self.env["ir.config_parameter"].sudo().get_param(CHUNK_SIZE_PARAMETER, DEFAULT_CHUNK_SIZE)
        try:
            size = int(value)
        except ValueError:
            size = 0
        if size < 1:
            raise UserError(
                _(
                    "The system parameter %(key)s must be a whole number of customers of at least 1 (got “%(value)s”).",
                    key=CHUNK_SIZE_PARAMETER,
                    value=value,
                )
            )
        return size

    def _claim(self, step=None):
        """Lock one chunk among these that is left to do and return it (empty when none is
        free): one pending aggregation, or with ``step`` (a finish step done chunk by chunk,
        see ``customer.value.run._chunk_finish_steps``) one aggregated chunk that the step
        has not done yet, nor failed on in this attempt of the run."""
        if not self:
            return self
        self.flush_model(["state", "step_done", "error"])
        left = SQL("state = 'pending'")
        if step:
            left = SQL("state = 'done' AND error IS NULL AND step_done IS DISTINCT FROM %s", step)
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM customer_value_run_chunk
                 WHERE id IN %s AND %s
                 ORDER BY partner_from
                 LIMIT 1 FOR UPDATE SKIP LOCKED
                """,
                tuple(self.ids),
                left,
            ),
            log_exceptions=False,  # a chunk another worker just finished: the worker retries
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _work_or_record_failure(self, work, auto_commit):
        """Do ``work`` (a function of this chunk); in scheduled actions (``auto_commit``) a
        failure is recorded on the chunk and the others go on (the run fails at the end
        and retries them)."""
        if not auto_commit:
            return work(self)
        try:
            with self.env.cr.savepoint():
                work(self)
        except SerializationFailure:
            raise  # not this chunk's fault: the worker tries again in a new transaction
        except Exception as error:
            _logger.exception("Chunk %s of customer value run %s failed", self.display_name, self.run_id.name)
            # a chunk that fails its aggregation is aggregated again when the run is
            # retried; one that fails a finish step keeps its figures for the step
            self.write({"error": str(error)} | ({"state": "failed"} if self.state == "pending" else {}))

    def _aggregate(self):
        """Aggregate this chunk's posted invoices and credit notes into customer_value rows:
        one statement with one pass over the invoices for every component, and one grouped
        pass over each other source a component reads (see ``customer.value.component``),
        the figures computed in SQL; then the chunk steps assess the customers on those
        figures and each changed row is written once, with the figures and what the steps
        staged (see ``customer.value.run._chunk_steps``)."""
        self.ensure_one()
        run = self.run_id
        settings = run.company_id._customer_value_scoring_settings()
        Component = self.env["customer.value.component"]
        self.env.flush_all()  # the components read other models' tables: messages, answers, complaints
        # the statement is costly enough for PostgreSQL to compile it, which takes longer
        # than running it on a chunk's index ranges
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        Value = self.env["customer.value"]
        figures = Component._chunk_figures(run, settings) | {"category_count": SQL.identifier("a", "category_count")}
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(METRICS_TABLE)))
        self.env.cr.execute(SQL("SELECT pg_get_serial_sequence(%s, 'id')", Value._table))
        sequence = self.env.cr.fetchone()[0]
        # a new customer (``is_new``) takes the id of its record from the sequence here, so
        # that the chunk steps assess and stage rows that are written once, after them;
        # PostgreSQL draws the ids after the sort (a volatile output is computed last), so
        # new customers are numbered in their order
        self.env.cr.execute(
            SQL(
                """
                CREATE TEMPORARY TABLE %(table)s ON COMMIT DROP AS
                WITH a AS (%(aggregates)s)
                SELECT a.partner_id, COALESCE(stored.id, nextval(%(sequence)s::regclass)) AS id,
                       stored.id IS NULL AS is_new, %(figures)s
                  FROM a
                  LEFT JOIN customer_value stored ON stored.partner_id = a.partner_id
                       AND stored.company_id = %(company)s AND stored.partner_id BETWEEN %(low)s AND %(high)s
                  %(sources)s
                 ORDER BY a.partner_id
                """,
                table=SQL.identifier(METRICS_TABLE),
                sequence=sequence,
                company=run.company_id.id,
                low=self.partner_from,
                high=self.partner_to,
                aggregates=self._aggregate_query(Component._invoice_aggregates(run, settings), settings),
                sources=SQL(" ").join(
                    SQL(
                        "LEFT JOIN (%s) AS %s ON %s = a.partner_id",
                        query,
                        SQL.identifier(alias),
                        SQL.identifier(alias, "partner_id"),
                    )
                    for alias, query in Component._chunk_sources(run, self).items()
                ),
                figures=SQL(", ").join(
                    SQL("(%s)::%s AS %s", expression, SQL(Value._fields[name].column_type[1]), SQL.identifier(name))
                    for name, expression in figures.items()
                ),
            )
        )
        customer_count = self.env.cr.rowcount
        steps = [(self.env[model], method) for _name, model, method in run._chunk_steps()]
        staged = [
            getattr(step, method)(run, self, customers)
            for (step, method), customers in zip(steps, self._read_for_steps(run, steps), strict=True)
        ]
        staged = [write for write in staged if write]
        self._write_rows(list(figures), staged)
        for write in staged:
            if write.after:
                write.after()
        self.write({"state": "done", "customer_count": customer_count})

    def _aggregate_query(self, aggregates, settings):
        """Per commercial partner of the chunk, the components' aggregates over a single pass
        on its posted invoices and credit notes up to the run date, over the company and its
        branches, plus the product categories bought in the window (the engine's own figure,
        from the invoice lines). Both passes are index-only scans of one range (see the
        indexes of account.move and its lines); archived customers are left out once grouped,
        which joins a row per customer instead of one per invoice."""
        window_start = self.run_id.date - timedelta(days=settings.window_days)
        columns = SQL(", ").join(
            SQL("%s AS %s", expression, SQL.identifier(name)) for name, expression in aggregates.items()
        )
        return SQL(
            """
            WITH moves AS (%(moves)s), categories AS (%(categories)s),
                 customers AS (SELECT mv.partner_id, %(columns)s FROM moves mv GROUP BY mv.partner_id)
            SELECT customers.*, COALESCE(c.category_count, 0) AS category_count
              FROM customers
              JOIN res_partner p ON p.id = customers.partner_id AND p.active
                   AND p.id BETWEEN %(low)s AND %(high)s
              LEFT JOIN categories c ON c.partner_id = customers.partner_id
            """,
            moves=self._moves_query(window_start),
            low=self.partner_from,
            high=self.partner_to,
            categories=self._categories_query(window_start),
            columns=columns,
        )

    def _categories_query(self, window_start):
        """Per customer of the chunk, the product categories of its invoice lines in the
        window: the sales lines (a credit to income) of the sale journals, dated by their
        accounting date."""
        run = self.run_id
        companies = run.company_id._customer_value_branch_ids()
        journals = self.env["account.journal"].sudo().search([("type", "=", "sale"), ("company_id", "in", companies)])
        return SQL(
            """
            SELECT l.partner_id, COUNT(DISTINCT t.categ_id) AS category_count
              FROM account_move_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template t ON t.id = pp.product_tmpl_id
             WHERE l.display_type = 'product' AND l.parent_state = 'posted'
               AND l.partner_id BETWEEN %(low)s AND %(high)s
               AND l.date > %(window_start)s AND l.date <= %(date)s
               AND l.journal_id IN %(journals)s AND l.company_id IN %(companies)s AND l.balance < 0
             GROUP BY l.partner_id
            """,
            low=self.partner_from,
            high=self.partner_to,
            window_start=window_start,
            date=run.date,
            journals=tuple(journals.ids) or (0,),
            companies=tuple(companies),
        )

    def _moves_query(self, window_start):
        """The chunk's posted customer invoices and credit notes up to the run date, one row
        each: ``partner_id`` (commercial partner), ``invoice_date``, ``move_type``,
        ``amount`` (untaxed, company currency, negative for credit notes, so refunds net) and
        ``in_window`` (after the scoring window's start). Nothing here needs the customer's
        other rows: a window function over them would cost more than the rest of the pass
        (a component looks up such figures once per customer, see ``tools/components.py``)."""
        run = self.run_id
        return SQL(
            """
            SELECT m.commercial_partner_id AS partner_id, m.invoice_date, m.move_type,
                   m.amount_untaxed_signed AS amount,
                   m.invoice_date > %(window_start)s AS in_window
              FROM account_move m
             WHERE %(moves)s AND m.commercial_partner_id BETWEEN %(low)s AND %(high)s
            """,
            moves=run_moves(run),
            low=self.partner_from,
            high=self.partner_to,
            window_start=window_start,
        )
