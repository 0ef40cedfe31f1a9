import logging
from datetime import timedelta

from odoo import api, fields, models, sql_db
from odoo.osv.expression import AND
from odoo.tools import SQL

from ..tools import maintenance
from .customer_value_run_worker import ACTIVE_STATES
from .customer_value_score_write import STAGE_TABLE

_logger = logging.getLogger(__name__)

# the tables a run rewrites: the value records, and the company's derived rows
VACUUMED_TABLES = (
    "customer_value",
    "customer_value_kpi_partial",
    "customer_value_kpi",
    "customer_value_cohort",
    "customer_value_clv_band",
    "customer_value_summary",
)
CLEAN_DELAY = timedelta(minutes=2)  # for the worker's job to end before its tables are cleaned


class CustomerValueRunCleanup(models.AbstractModel):
    """Vacuums and analyzes the tables the value runs rewrite, once their worker is done.

    A first run writes each value row several times (figures, health, lifecycle, scores,
    tiers), and every later read of the table, the next run's chunks included, wades through
    the dead versions until they are cleaned: PostgreSQL's autovacuum cleans them in its own
    time where it is on, nothing does where it is off. The fresh statistics keep the chunks'
    plans right. Only the tables that PostgreSQL's own autovacuum rules say need it are
    cleaned (``tools/maintenance.py``), so a run that changed little costs no pass over the
    value table.
    """

    _name = "customer.value.run.cleanup"
    _description = "Customer Value Run Cleanup"

    @api.model
    def _run_step_vacuum(self, run):
        """The run's last step: the cleaning is triggered, in a scheduled action of its own.
        Not done here: Odoo's cron keeps the transaction that holds a job open while the job
        runs, and its snapshot keeps every row version this job's slices replaced, so a
        VACUUM inside the worker's job could remove none of them."""
        self._trigger_cleaning()
        return True

    @api.model
    def _trigger_cleaning(self):
        cron = self.env.ref("customer_value.ir_cron_customer_value_clean").sudo()
        cron._trigger(fields.Datetime.now() + CLEAN_DELAY)

    @api.model
    def _cron_clean_tables(self):
        """Clean the tables that need it once no run is being worked on (a worker's job holds
        back what could be removed until it ends), on a connection of its own: VACUUM runs
        outside a transaction. Returns ``{table: (vacuumed, analyzed)}``."""
        if self.env["customer.value.run"].sudo().search_count([("state", "in", ACTIVE_STATES)], limit=1):
            self._trigger_cleaning()
            return {}
        self._drop_stale_stages()
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr._cnx.autocommit = True
            try:
                cleaned = maintenance.clean(cr, VACUUMED_TABLES)
            finally:
                cr._cnx.autocommit = False
        _logger.info("Customer value tables vacuumed or analyzed: %s", cleaned or "none")
        return cleaned

    @api.model
    def _drop_stale_stages(self):
        """Drop the tables of staged scores (see ``customer.value._stage_run_writes``) that
        no run will write any more: those of a run cancelled, or failed for good, before
        the workers wrote its rows. A failed run that is retried later keeps its table."""
        self.env.cr.execute(
            SQL(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ %s",
                "^" + STAGE_TABLE % "[0-9]+" + "$",
            )
        )
        tables = {int(name.rsplit("_", 1)[1]): name for (name,) in self.env.cr.fetchall()}
        unfinished = self.env["customer.value.run.worker"]._unfinished_domain()
        kept = set(self.env["customer.value.run"].sudo().search(AND([[("id", "in", list(tables))], unfinished])).ids)
        for run_id, name in tables.items():
            if run_id not in kept:
                self.env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(name)))
