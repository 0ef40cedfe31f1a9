import pandas as pd

from odoo import api, models
from odoo.tools import SQL

from ..tools.bulk import load_table

STAGE_TABLE = "customer_value_staged_%s"  # of a run: the rows its score step changes, until written


class CustomerValue(models.Model):
    """The write of the score step's rows, which the workers share chunk by chunk: one
    UPDATE of every row took a single worker more than half of the score step (about 21 s
    of 39 at a million customers on a first run). The score step keeps what it changes in
    a table of the run (:meth:`_stage_run_writes`); the step after it writes them
    (:meth:`_run_step_write_scores`)."""

    _inherit = "customer.value"

    @api.model
    def _stage_run_writes(self, run, staged, row_versions):
        """Once the score steps have staged their rows (:class:`~..tools.bulk.StagedRows`)
        and what follows them is done, keep the rows to write in a table of the run: each
        with every step's columns (``<step>__<column>``, those of a step that did not stage
        the row empty), whether each step staged it (``staged_<step>``) and the version of
        the row (``xmin``, from ``row_versions``) they were computed from. The rows are
        put together here and copied at once: built from the steps' temporary tables and
        the value rows in SQL, the table took 7-12 s at a million customers, the sorts
        for its joins going to disk. The table is written to the WAL like any other: a
        crash before the rows are written must not lose them, as what followed them
        (history rows) is committed with it."""
        staged = [write for write in staged if write]
        for write in staged:
            if write.after:
                write.after()
        table = STAGE_TABLE % run.id
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
        if not staged:
            return
        names = [name for write in staged for name in write.rows.columns]
        if len(set(names)) != len(names):
            raise ValueError("two score steps stage the same column")
        columns = {"id": "integer", "row_version": "bigint"}
        parts = []
        for index, write in enumerate(staged):
            part = write.rows.rename(columns=lambda name, index=index: f"{index}__{name}")
            parts.append(part.assign(**{f"staged_{index}": True}))
            columns |= {f"{index}__{name}": self._fields[name].column_type[1] for name in write.rows.columns}
            columns[f"staged_{index}"] = "boolean"
        # a row per value id that a step staged, in the order of the ids, by which the write
        # reads them back (the score step's read comes in the table's order)
        rows = pd.concat(parts, axis=1).sort_index()
        rows["row_version"] = row_versions.reindex(rows.index)
        load_table(self.env.cr, table, columns, rows.rename_axis("id").reset_index())
        self.env.cr.execute(SQL("ALTER TABLE %s ADD PRIMARY KEY (id)", SQL.identifier(table)))
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

    @api.model
    def _run_step_write_scores(self, run, chunk):
        """Write ``chunk``'s share of the staged rows (see ``customer.value.run.
        _chunk_finish_steps``): the n-th chunk of the run writes the n-th of as many equal
        ranges of their ids, read from both tables by that range of their keys (by the
        chunk's range of customers, PostgreSQL read every staged row for each chunk; and on
        a company's first run, before the value table has statistics, it took that table
        for a few thousand rows and read all of them for each chunk). Without a chunk, once
        every chunk is through, drop the run's table. A row changed since the score step
        read it (a manager locked its tier meanwhile) keeps that change: the next run
        scores it again."""
        table = STAGE_TABLE % run.id
        if not chunk:
            self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
            self._refresh_stale_statistics(run)
            return
        self.env.cr.execute(
            SQL(
                "SELECT attname FROM pg_attribute"
                " WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                table,
            )
        )
        # (step, column) of each staged column, named ``<step>__<column>`` by _stage_run_writes
        columns = [tuple(name.split("__", 1)) for (name,) in self.env.cr.fetchall() if "__" in name]
        if not columns:
            return  # the run changed no score
        self.env.cr.execute(SQL("SELECT MIN(id), MAX(id) FROM %s", SQL.identifier(table)))
        low, high = self.env.cr.fetchone()
        if low is None:
            return  # a step staged no row
        chunks = run.chunk_ids.ids
        size = (high - low) // len(chunks) + 1
        low += chunks.index(chunk.id) * size
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value v
                   SET %(assignments)s, write_date = NOW() AT TIME ZONE 'UTC'
                  FROM %(table)s staged
                 WHERE staged.id BETWEEN %(low)s AND %(high)s AND v.id BETWEEN %(low)s AND %(high)s
                   AND v.id = staged.id AND v.xmin::text::bigint = staged.row_version
                """,
                assignments=SQL(", ").join(
                    SQL(
                        "%(column)s = CASE WHEN staged.%(step)s THEN staged.%(value)s ELSE v.%(column)s END",
                        column=SQL.identifier(column),
                        step=SQL.identifier(f"staged_{step}"),
                        value=SQL.identifier(f"{step}__{column}"),
                    )
                    for step, column in columns
                ),
                table=SQL.identifier(table),
                low=low,
                high=low + size - 1,
            )
        )
        self.invalidate_model([column for _step, column in columns])

    @api.model
    def _refresh_stale_statistics(self, run):
        """Analyze the value table once its rows are written, if PostgreSQL's statistics
        count fewer than half the customers the run scored. After a company's first run the
        planner took the table for the few rows it had before, and the steps after the write
        joined it row by row: the touchpoints' due customers took 3.5 s at a million
        customers, against 0.75 s on the next run. The cleaning job after the run analyzes
        it again with its vacuum; on fresh statistics this costs one catalog read."""
        self.env.cr.execute(SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", self._table))
        (estimated_rows,) = self.env.cr.fetchone()
        if run.customer_count and estimated_rows < run.customer_count / 2:
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
