from odoo import api, models
from odoo.tools import SQL

from ..tools.bulk import staged_values

STAGE_TABLE = "customer_value_staged_%s"  # of a run: the rows its score step changes, until written
STAGE_KEYS = ("id", "row_version")


class CustomerValue(models.Model):
    """The write of the score step's rows, which the workers share chunk by chunk: one
    UPDATE of every row took a single worker more than half of the score step (about 21 s
    of 39 at a million customers on a first run). The score step keeps what it changes in
    a table of the run (:meth:`_stage_run_writes`); the step after it writes them
    (:meth:`_run_step_write_scores`)."""

    _inherit = "customer.value"

    @api.model
    def _stage_run_writes(self, run, staged):
        """Once the score steps have staged their rows (:class:`~..tools.bulk.StagedWrite`,
        temporary tables gone at commit) and what follows them is done, keep the rows to
        write in a table of the run, each with every column a step staged for it and the
        version of the row (``xmin``) they were computed from. The table is written to
        the WAL like any other: a crash before the rows are written must not lose them,
        as what followed them (history rows, the KPI corrections) is committed with it."""
        staged = [write for write in staged if write]
        for write in staged:
            if write.after:
                write.after()
        table = SQL.identifier(STAGE_TABLE % run.id)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        if not staged:
            return
        self.flush_model()
        joins, values, _columns = staged_values(staged, SQL("staged.id"))
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE %(table)s AS
                SELECT v.id, v.xmin AS row_version, %(values)s
                  FROM (%(ids)s) AS staged
                  JOIN customer_value v ON v.id = staged.id
                  %(joins)s
                """,
                table=table,
                values=SQL(", ").join(SQL("%s AS %s", value, SQL.identifier(name)) for name, value in values.items()),
                ids=SQL(" UNION ").join(SQL("SELECT id FROM %s", SQL.identifier(write.table)) for write in staged),
                joins=joins,
            )
        )
        self.env.cr.execute(SQL("ALTER TABLE %s ADD PRIMARY KEY (id)", table))
        self.env.cr.execute(SQL("ANALYZE %s", table))

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
            return
        self.env.cr.execute(
            SQL(
                "SELECT attname FROM pg_attribute"
                " WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                table,
            )
        )
        columns = [name for (name,) in self.env.cr.fetchall() if name not in STAGE_KEYS]
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
                   AND v.id = staged.id AND v.xmin = staged.row_version
                """,
                assignments=SQL(", ").join(
                    SQL("%s = staged.%s", SQL.identifier(name), SQL.identifier(name)) for name in columns
                ),
                table=SQL.identifier(table),
                low=low,
                high=low + size - 1,
            )
        )
        self.invalidate_model(columns)
