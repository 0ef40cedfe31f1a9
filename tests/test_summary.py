"""The customer value summary the run writes for the dashboard: the active customers counted
by tier, ABC class, health band, lifecycle stage and quadrant, each row opening the customers it counts."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestCustomerValueSummary(KpiCase):
    DIMENSIONS = ("tier_id", "abc_class", "health_band", "lifecycle_stage", "quadrant")

    def _rows(self):
        return (
            self.env["customer.value.summary"]
            .with_user(self.salesperson)
            .search([("company_id", "=", self.company.id)])
        )

    def _dimensions(self, record):
        return tuple(record[name].id if name == "tier_id" else record[name] for name in self.DIMENSIONS)

    def test_the_summary_counts_the_customers_the_value_records_hold(self):
        values = self.env["customer.value"].search([("company_id", "=", self.company.id)])
        expected = {}
        for value in values:
            count, monetary, clv = expected.get(self._dimensions(value), (0, 0, 0))
            expected[self._dimensions(value)] = (count + 1, monetary + value.monetary, clv + value.clv)
        cents = self.company.currency_id.round
        expected = {key: (count, cents(monetary), cents(clv)) for key, (count, monetary, clv) in expected.items()}
        rows = self._rows()
        self.assertEqual({self._dimensions(row): (row.customers, row.monetary, row.clv) for row in rows}, expected)
        self.assertEqual(sum(rows.mapped("customers")), 4)
        self.assertGreater(len(rows), 1, "the four customers differ in tier or band: more than one row")

    def test_a_second_run_rewrites_the_rows_and_leaves_out_the_archived(self):
        self._value(self.d).sudo().active = False
        self.env["customer.value.scoring"]._run_step_score(self.value_run)
        rows = self._rows()
        self.assertEqual(sum(rows.mapped("customers")), 3)
        self.assertEqual(len(rows), len({self._dimensions(row) for row in rows}), "no duplicate row")

    def test_a_run_without_active_customers_clears_the_reports_of_the_run_before(self):
        bands = self.env["customer.value.clv.band"].sudo()
        self.assertTrue(bands.search_count([("company_id", "=", self.company.id)]), "the run before wrote bands")
        self.env["customer.value"].sudo().search([("company_id", "=", self.company.id)]).active = False
        self.env["customer.value.scoring"]._run_step_score(self.value_run)
        self.assertFalse(self._rows(), "no summary row counts customers that are gone")
        self.assertFalse(bands.search_count([("company_id", "=", self.company.id)]), "nor any lifetime value band")

    def test_a_customer_without_a_health_band_has_a_row_too(self):
        self._value(self.a).sudo().health_band = False  # as a customer whose band nothing could tell
        self.env["customer.value.scoring"]._run_step_score(self.value_run)
        rows = self._rows()
        self.assertEqual(sum(rows.mapped("customers")), 4)
        self.assertEqual(rows.filtered(lambda row: not row.health_band).customers, 1)

    def test_a_row_opens_the_customers_it_counts(self):
        for row in self._rows():
            action = row.action_open_customers()
            customers = self.env["customer.value"].with_user(self.salesperson).search(action["domain"])
            self.assertEqual(len(customers), row.customers)
            self.assertEqual({self._dimensions(value) for value in customers}, {self._dimensions(row)})

    def test_who_reads_the_summary(self):
        self.assertTrue(self.env["customer.value.summary"].with_user(self.accountant).search_count([]))
        with self.assertRaises(AccessError):
            self.env["customer.value.summary"].with_user(self.internal).search([])
