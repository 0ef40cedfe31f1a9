"""Vacuuming and analyzing after a run, by PostgreSQL's own autovacuum rules.

A table is vacuumed when its dead row versions, or its rows inserted since the last vacuum,
pass the server's autovacuum threshold plus its scale factor times the live rows; it is
analyzed when the rows changed since the last analyze pass the analyze threshold (see
https://www.postgresql.org/docs/15/routine-vacuuming.html#AUTOVACUUM). A run that rewrote the
value table (a first run, a night when every recency moved) cleans it; a run that changed
nothing leaves it alone, where an unconditional ``VACUUM (ANALYZE)`` would still sample it.
"""

from typing import NamedTuple

from odoo.tools import SQL

# a statement per kind of cleaning: (vacuum, analyze) -> command
COMMANDS = {
    (True, True): "VACUUM (ANALYZE, SKIP_LOCKED)",
    (True, False): "VACUUM (SKIP_LOCKED)",
    (False, True): "ANALYZE (SKIP_LOCKED)",
}


class TableActivity(NamedTuple):
    """A table's counts in ``pg_stat_user_tables``."""

    live: int
    dead: int
    inserted_since_vacuum: int
    modified_since_analyze: int


class Thresholds(NamedTuple):
    """The server's autovacuum settings (an insert threshold of -1 turns insert vacuums off)."""

    vacuum: int
    vacuum_scale: float
    insert: int
    insert_scale: float
    analyze: int
    analyze_scale: float


def needs_vacuum(activity, thresholds):
    if activity.dead > thresholds.vacuum + thresholds.vacuum_scale * activity.live:
        return True
    return thresholds.insert >= 0 and (
        activity.inserted_since_vacuum > thresholds.insert + thresholds.insert_scale * activity.live
    )


def needs_analyze(activity, thresholds):
    return activity.modified_since_analyze > thresholds.analyze + thresholds.analyze_scale * activity.live


def server_thresholds(cr):
    cr.execute(
        """
        SELECT current_setting('autovacuum_vacuum_threshold')::int,
               current_setting('autovacuum_vacuum_scale_factor')::float,
               current_setting('autovacuum_vacuum_insert_threshold')::int,
               current_setting('autovacuum_vacuum_insert_scale_factor')::float,
               current_setting('autovacuum_analyze_threshold')::int,
               current_setting('autovacuum_analyze_scale_factor')::float
        """
    )
    return Thresholds(*cr.fetchone())


def table_activity(cr, tables):
    """{table: TableActivity} of ``tables`` in the current schema."""
    cr.execute(
        SQL(
            """
            SELECT relname, n_live_tup, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze
              FROM pg_stat_user_tables
             WHERE schemaname = current_schema() AND relname IN %s
            """,
            tuple(tables),
        )
    )
    return {name: TableActivity(*counts) for name, *counts in cr.fetchall()}


def clean(cr, tables):
    """Vacuum and analyze those of ``tables`` that need it, on ``cr``, a cursor in autocommit
    (VACUUM runs outside a transaction). A table another VACUUM holds (autovacuum, another
    company's run) is being cleaned already: skipped rather than waited for. The counts are
    those the backends have reported, a second or so behind their work: the cleaning job
    runs minutes after the run's last slice. Returns ``{table: (vacuumed, analyzed)}`` for the tables it cleaned."""
    thresholds = server_thresholds(cr)
    done = {}
    for name, activity in table_activity(cr, tables).items():
        action = (needs_vacuum(activity, thresholds), needs_analyze(activity, thresholds))
        if any(action):
            done[name] = action
    for action, command in COMMANDS.items():
        names = [name for name, table_action in done.items() if table_action == action]
        if names:
            cr.execute(SQL("%s %s", SQL(command), SQL(", ").join(SQL.identifier(name) for name in names)))
    return done
