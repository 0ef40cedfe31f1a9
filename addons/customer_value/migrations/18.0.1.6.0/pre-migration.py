"""Before the 18.0.1.6.0 schema: the value record no longer carries the core flag of the
KPI sums (``kpi_core``); the sums read the tiers and quadrants the run has written. Odoo
leaves columns of removed fields in place, and this one would be carried in every row the
run writes."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE customer_value DROP COLUMN IF EXISTS kpi_core")
