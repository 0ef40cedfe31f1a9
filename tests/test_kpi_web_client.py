"""The KPIs in Chromium (Odoo tours): accountants read the KPIs and the cohort table and take
the tier report away, Customer Value managers enter an acquisition cost the next run counts."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiWebClient(HttpCase, KpiCase):
    def test_accountants_read_the_kpis_and_the_cohort_table_and_print_the_tier_report(self):
        self.start_tour("/odoo", "customer_value_kpi_tour", login=self.accountant.login)
        wizard = self.env["customer.value.tier.report.wizard"].search([("create_uid", "=", self.accountant.id)])
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2026, 6, 1), date(2026, 6, 30)))
        self.assertTrue(wizard.xlsx_file, "the spreadsheet was built")

    def test_managers_enter_an_acquisition_cost_the_next_run_counts(self):
        self.start_tour("/odoo", "customer_value_acquisition_cost_tour", login=self.manager.login)
        cost = self.env["customer.value.acquisition.cost"].search([("name", "=", "Trade fair")])
        self.assertEqual((cost.date, cost.amount, cost.company_id), (date(2026, 6, 18), 300, self.company))
        self._rerun_kpis()
        june = self.env["customer.value.kpi"].search([("date", "=", date(2026, 6, 1))])
        self.assertEqual((june.acquisition_cost, june.cac), (300, 300))
