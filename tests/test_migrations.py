"""The upgrade scripts of customer_value, run on this database's real tables (the schema
changes they make are undone with the test's transaction)."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import column_exists

MIGRATIONS = Path(__file__).resolve().parent.parent / "addons" / "customer_value" / "migrations"


def migration(version, stage):
    """The ``migrate`` function of ``<version>/<stage>-migration.py``."""
    spec = importlib.util.spec_from_file_location(
        f"cv_{stage}_{version}", MIGRATIONS / version / f"{stage}-migration.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.migrate


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
