# the chunk model's other file, by what it does:
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.tools import SQL

from ..tools.bulk import read_frame, staged_assignments
from .customer_value_run_chunk import METRICS_TABLE


class CustomerValueRunChunk(models.Model):
    """The rows of a chunk's customers: what the chunk steps read of them, and the one
    write of each (see ``_aggregate``)."""

    _inherit = "customer.value.run.chunk"

    def _read_for_steps(self, run, steps):
        """What each chunk step reads of the chunk's customers, read once for all of them (a
        read each took a third longer): a DataFrame per step, of ``partner_id`` and what
        ``_chunk_step_read(run)`` of its model asks for (``(columns, expressions)``, as
        :meth:`_read_customers` takes them), or None for a step whose model reads nothing.

        :param steps: ``[(model, method)]`` of the chunk steps
        """
        reads = [step._chunk_step_read(run) if hasattr(step, "_chunk_step_read") else None for step, _method in steps]
        columns, expressions = [], {}
        for read in filter(None, reads):
            columns += [name for name in read[0] if name not in columns]
            expressions |= read[1]
        if not columns and not expressions:
            return [None] * len(steps)
        customers = self._read_customers(columns, expressions)
        return [None if read is None else customers[["partner_id", *read[0], *read[1]]] for read in reads]

    def _read_customers(self, columns, expressions=None):
        """The chunk's customers as the chunk steps assess them: a DataFrame indexed by
        value id, in its order, of ``partner_id`` and ``columns``, each column from this
        run's figures when the aggregation computed it, else as stored (the steps' own
        columns, the figures of the score step); nothing stored for a new customer.

        :param expressions: ``{name: function}`` of more columns: each function gets the
            function that qualifies a column name and returns the SQL of the column
        """
        self.env.cr.execute(
            SQL(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                METRICS_TABLE,
            )
        )
        computed = {name for (name,) in self.env.cr.fetchall()}

        def column(name):
            return SQL.identifier("t" if name in computed else "v", name)

        selected = [SQL("%s AS %s", column(name), SQL.identifier(name)) for name in columns]
        for name, build in (expressions or {}).items():
            selected.append(SQL("%s AS %s", build(column), SQL.identifier(name)))
        # the chunk's range finds the stored rows through the index on customer and company
        # (joined on the id alone, PostgreSQL read the whole value table for each step); the
        # rows are put in order here: sorting them in the statement spilled to disk
        query = SQL(
            """
            SELECT t.id, t.partner_id, %(columns)s
              FROM %(table)s t
              LEFT JOIN customer_value v ON v.id = t.id AND v.company_id = %(company)s
                   AND v.partner_id BETWEEN %(low)s AND %(high)s
            """,
            columns=SQL(", ").join(selected),
            table=SQL.identifier(METRICS_TABLE),
            company=self.run_id.company_id.id,
            low=self.partner_from,
            high=self.partner_to,
        )
        return read_frame(self.env.cr, query, index_col="id").sort_index()

    def _write_rows(self, columns, staged=()):
        """Write the chunk's customer_value rows once: update those whose figures changed
        or a chunk step staged, insert those of new customers with the ids the steps saw,
        and retire the rows of customers without invoices. An update that skips the
        unchanged rows leaves them untouched, where an upsert (``ON CONFLICT DO UPDATE``)
        would lock, and so write, every one of them. Chunks of one run never share
        customers; a race with a chunk of a superseded run ends in a serialization failure,
        which the worker retries, rather than in a duplicate row. The rows carry no user
        stamps (see ``customer.value``).

        :param columns: the figures of the chunk's temporary table
        :param staged: the :class:`~..tools.bulk.StagedWrite` of the chunk steps
        """
        run = self.run_id
        ident = SQL.identifier
        stages, step_assignments, step_columns = staged_assignments(staged, SQL("t.id"))
        params = {
            "company": run.company_id.id,
            "date": run.date,
            "low": self.partner_from,
            "high": self.partner_to,
            "table": ident(METRICS_TABLE),
            "stages": stages,
        }
        assignments = [SQL("%s = t.%s", ident(c), ident(c)) for c in columns] + step_assignments
        staged_rows = [SQL("OR %s IS NOT NULL", ident(f"s{index}", "id")) for index in range(len(staged))]
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value AS v
                   SET active = TRUE, scored_on = %(date)s, %(assignments)s,
                       write_date = NOW() AT TIME ZONE 'UTC'
                  FROM %(table)s t %(stages)s
                 WHERE v.id = t.id AND NOT t.is_new AND v.company_id = %(company)s
                   AND v.partner_id BETWEEN %(low)s AND %(high)s
                   AND ((v.active, v.scored_on, %(v_columns)s)
                        IS DISTINCT FROM (TRUE, %(date)s::date, %(t_columns)s) %(staged_rows)s)
                """,
                assignments=SQL(", ").join(assignments),
                v_columns=SQL(", ").join(SQL("v.%s", ident(c)) for c in columns),
                t_columns=SQL(", ").join(SQL("t.%s", ident(c)) for c in columns),
                staged_rows=SQL(" ").join(staged_rows),
                **params,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value
                       (id, partner_id, company_id, currency_id, active, scored_on, %(columns)s,
                        create_date, write_date)
                SELECT t.id, t.partner_id, %(company)s, %(currency)s, TRUE, %(date)s, %(values)s,
                       NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                  FROM %(table)s t %(stages)s
                 WHERE t.is_new
                    ON CONFLICT (partner_id, company_id) DO NOTHING
                """,
                columns=SQL(", ").join(ident(c) for c in [*columns, *(name for _index, name in step_columns)]),
                values=SQL(", ").join(
                    [
                        *(SQL("t.%s", ident(c)) for c in columns),
                        *(ident(f"s{index}", name) for index, name in step_columns),
                    ]
                ),
                currency=run.company_id.currency_id.id,
                **params,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value
                   SET active = FALSE, write_date = NOW() AT TIME ZONE 'UTC'
                 WHERE company_id = %(company)s AND active
                   AND partner_id BETWEEN %(low)s AND %(high)s
                   AND partner_id NOT IN (SELECT partner_id FROM %(table)s)
                """,
                **params,
            )
        )
        self.env["customer.value"].invalidate_model()
