"""Before the 18.0.1.2.0 schema: the tier history and the review snapshots keep no creation
and update stamps (``_log_access = False``); Odoo leaves columns of removed fields in place,
and these would keep their foreign keys checked on every row a run inserts."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for table in ("customer_value_tier_history", "customer_value_snapshot"):
        cr.execute(
            SQL(
                """
                ALTER TABLE %s
                    DROP COLUMN IF EXISTS create_uid, DROP COLUMN IF EXISTS create_date,
                    DROP COLUMN IF EXISTS write_uid, DROP COLUMN IF EXISTS write_date
                """,
                SQL.identifier(table),
            )
        )
