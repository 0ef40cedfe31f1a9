"""The upgrade scripts of customer_value, run on this database's real tables (the schema
changes they make are undone with the test's transaction)."""

from odoo.modules.migration import load_script
from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import column_exists


def migration(version, stage):
    """The ``migrate`` function of ``<version>/<stage>-migration.py``, loaded as Odoo's
    upgrade loads it."""
    path = f"customer_value/migrations/{version}/{stage}-migration.py"
    return load_script(path, f"cv_{stage}_{version}").migrate


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    def test_upgrade_drops_the_removed_core_flag_of_the_kpi_sums(self):
        cr = self.env.cr
        cr.execute("ALTER TABLE customer_value ADD COLUMN kpi_core boolean")  # as 18.0.1.5.0 had it
        migrate = migration("18.0.1.6.0", "pre")
        migrate(cr, None)  # a new install: nothing to undo
        self.assertTrue(column_exists(cr, "customer_value", "kpi_core"))
        migrate(cr, "18.0.1.5.0")
        self.assertFalse(column_exists(cr, "customer_value", "kpi_core"))
        migrate(cr, "18.0.1.5.0")  # an upgrade done twice (the column already gone) passes
        self.assertTrue(column_exists(cr, "customer_value", "tier_id"), "the other columns stay")
