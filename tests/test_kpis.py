"""The retention KPIs and the cohort table, worked out by hand on the four customers of
``KpiCase`` (see tests/kpi_common.py)."""

from datetime import date

import pandas as pd

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase
from .kpi_common import KpiCase, days_before_today


@tagged("post_install", "-at_install")
class TestRetentionKpis(KpiCase):
    def _kpis(self, user=None):
        Kpi = self.env["customer.value.kpi"].with_user(user or self.salesperson)
        return {kpi.date: kpi for kpi in Kpi.search([("company_id", "=", self.company.id)])}

    def _cohorts(self):
        cells = self.env["customer.value.cohort"].search([("company_id", "=", self.company.id)])
        return {(cell.cohort_date, cell.period_number): (cell.active_customers, cell.cohort_size) for cell in cells}

    def _set_figures(self, partner, **values):
        """Stored figures of a customer, as a run would have left them."""
        self._value(partner).sudo().write(values)

    def test_the_cohort_table_counts_who_bought_again(self):
        self.assertEqual(
            self._cohorts(),
            {
                (date(2026, 4, 1), 1): (2, 2),
                (date(2026, 4, 1), 2): (1, 2),  # A only
                (date(2026, 4, 1), 3): (2, 2),  # B is back
                (date(2026, 5, 1), 1): (1, 1),
                (date(2026, 5, 1), 2): (0, 1),  # C did not come back: an empty cell, not a missing one
                (date(2026, 6, 1), 1): (1, 1),
            },
        )
        cell = self.env["customer.value.cohort"].search(
            [("cohort_date", "=", date(2026, 4, 1)), ("period_number", "=", 2)]
        )
        self.assertEqual((cell.retention_rate, cell.churn_rate), (50.0, 50.0))

    def test_retention_churn_and_repurchase_per_month(self):
        kpis = self._kpis()
        self.assertEqual(sorted(kpis), [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)])
        may, june = kpis[date(2026, 5, 1)], kpis[date(2026, 6, 1)]
        # May: A and B bought in April, A again in May; June: A and C bought in May, A again
        self.assertEqual((may.previous_customers, may.retained_customers, may.retention_rate), (2, 1, 50.0))
        self.assertEqual((june.active_customers, june.new_customers, june.churn_rate), (3, 1, 50.0))
        self.assertEqual(kpis[date(2026, 4, 1)].previous_customers, 0)
        # two invoices or more by the end of the period: none, then A of 3, then A and B of 4
        self.assertEqual([kpis[day].repurchase_rate for day in sorted(kpis)], [0.0, 100.0 / 3, 50.0])
        self.assertEqual([kpis[day].revenue for day in sorted(kpis)], [1500, 1300, 1700])

    def test_the_current_period_is_partial_and_the_trend_compares_the_others(self):
        kpis = self._kpis()
        self.assertEqual([kpis[day].complete for day in sorted(kpis)], [True, True, True], "the run is on 30 June")
        comparable = (
            self.env["customer.value.kpi"]
            .with_user(self.salesperson)
            .search([("company_id", "=", self.company.id), ("complete", "=", True), ("previous_customers", ">", 0)])
        )
        self.assertEqual(comparable.mapped("date"), [date(2026, 6, 1), date(2026, 5, 1)], "April has no month before")
        self.value_run.date = date(2026, 6, 29)
        self._rerun_kpis()
        kpis = self._kpis()
        self.assertEqual([kpis[day].complete for day in sorted(kpis)], [True, True, False], "June is not over")

    def test_a_month_with_only_a_credit_note_is_no_purchase(self):
        # D is credited 50 in May, before its first invoice in June: May is not D's first
        # month, and D did not buy in May and again in June
        self._invoices([(self.d, 50, days_before_today(date(2026, 5, 25)))], move_type="out_refund")
        self._rerun_kpis()
        may, june = (self._kpis()[date(2026, month, 1)] for month in (5, 6))
        self.assertEqual((may.active_customers, may.new_customers, may.revenue), (2, 1, 1250))
        self.assertEqual((june.new_customers, june.retained_customers), (1, 1), "A alone bought in May and June")

    def test_core_customers_share_of_revenue(self):
        self._set_figures(self.a, tier_id=self.diamond.id, quadrant="value_maintenance")
        self._set_figures(self.d, tier_id=self.bronze.id, quadrant="strategic_core")
        for partner in (self.b, self.c):
            self._set_figures(partner, tier_id=self.bronze.id, quadrant="general")
        self._rerun_kpis()
        kpis = self._kpis()
        self.assertAlmostEqual(kpis[date(2026, 4, 1)].core_revenue_share, 100.0 * 1000 / 1500)
        self.assertAlmostEqual(kpis[date(2026, 6, 1)].core_revenue, 1200)  # A, and D of the strategic core

    def test_a_run_counts_the_revenue_of_the_customers_its_tiers_and_quadrants_make_core(self):
        # the class's run was the first: no customer was core before it; each run sums the
        # revenue of the customers core by the tiers and quadrants it wrote
        revenue = {
            self.a: {4: 1000, 5: 1000, 6: 1000},
            self.b: {4: 500, 6: 500},
            self.c: {5: 300},
            self.d: {6: 200},
        }
        for first in (True, False):
            if not first:
                self._run()
            values = {partner: self._value(partner) for partner in revenue}
            core = [
                partner
                for partner, value in values.items()
                if value.tier_id == self.diamond or value.quadrant == "strategic_core"
            ]
            self.assertTrue(0 < len(core) < len(revenue), "some customers are core, not all")
            expected = [sum(revenue[partner].get(month, 0) for partner in core) for month in (4, 5, 6)]
            kpis = self._kpis()
            self.assertEqual(
                [kpis[date(2026, month, 1)].core_revenue for month in (4, 5, 6)],
                expected,
                "after the first run" if first else "after the next one",
            )

    def test_an_archived_core_customer_still_counts_in_the_core_revenue_of_its_months(self):
        # the chunk leaves archived customers out of its figures, not out of the revenue of
        # the months they bought in: there they count as the core customers they were; a
        # run takes their tier (see customer.value.tiering) and leaves their last quadrant
        self._set_figures(self.a, tier_id=self.bronze.id, quadrant="strategic_core")
        for partner in (self.b, self.c, self.d):
            self._set_figures(partner, tier_id=self.bronze.id, quadrant="general")
        self._rerun_kpis()
        self.a.active = False
        for chunk in self.value_run.chunk_ids:
            chunk._aggregate()
        self._rerun_kpis()
        kpis = self._kpis()
        self.assertEqual([kpis[day].revenue for day in sorted(kpis)], [1500, 1300, 1700], "A's invoices stay")
        self.assertEqual([kpis[day].core_revenue for day in sorted(kpis)], [1000, 1000, 1000], "and A is core")

    def test_an_archived_customer_core_by_its_tier_alone_leaves_the_core(self):
        # a run takes the tier of a customer no longer active (see customer.value.tiering)
        # and leaves its quadrant: core by its tier alone, it leaves the core revenue of the
        # months it bought in, which still holds its invoices
        self._set_figures(self.a, tier_id=self.diamond.id, quadrant="general")
        self.a.active = False
        self._run()
        self.assertFalse(self._value(self.a).tier_id)
        others = {self.b: {4: 500, 6: 500}, self.c: {5: 300}, self.d: {6: 200}}
        core = [
            partner
            for partner in others
            if self._value(partner).tier_id == self.diamond or self._value(partner).quadrant == "strategic_core"
        ]
        kpis = self._kpis()
        self.assertEqual([kpis[day].revenue for day in sorted(kpis)], [1500, 1300, 1700], "A's invoices stay")
        self.assertEqual(
            [kpis[date(2026, month, 1)].core_revenue for month in (4, 5, 6)],
            [sum(others[partner].get(month, 0) for partner in core) for month in (4, 5, 6)],
            "A is not core",
        )

    def test_nps_and_csat_per_month(self):
        Answer = self.env["customer.value.satisfaction"]
        for score, kind, day in ((10, "nps", 3), (5, "nps", 20), (8, "nps", 25), (4, "csat", 40), (5, "csat", 45)):
            Answer.create(
                {
                    "partner_id": self.a.id,
                    "score": score,
                    "kind": kind,
                    "date": date.fromordinal(TODAY.toordinal() - day),
                }
            )
        self._rerun_kpis()
        kpis = self._kpis()
        june, may = kpis[date(2026, 6, 1)], kpis[date(2026, 5, 1)]
        self.assertEqual((june.nps, june.nps_answers), (0.0, 3))  # +100 -100 0
        self.assertEqual((june.csat_answers, may.csat, may.csat_answers, may.nps_answers), (0, 4.5, 2, 0))

    def test_ltv_cac_from_booked_and_entered_costs_warns_below_the_ratio(self):
        advertising = self.env["account.account"].create(
            {"name": "CV Advertising", "code": "623100", "account_type": "expense"}
        )
        self.company.kpi_acquisition_account_ids = advertising
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1
        )
        bank = self.env["account.account"].search(
            [("account_type", "=", "asset_current"), ("company_ids", "in", self.company.id)], limit=1
        )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date(2026, 5, 12),
                "line_ids": [
                    Command.create({"account_id": advertising.id, "debit": 400}),
                    Command.create({"account_id": bank.id, "credit": 400}),
                ],
            }
        )
        entry.action_post()
        self.env["customer.value.acquisition.cost"].with_user(self.manager).create(
            {"name": "Trade fair", "date": date(2026, 6, 18), "amount": 300}
        )
        self._set_figures(self.c, clv=2000)  # May's new customer
        self._set_figures(self.d, clv=600)  # June's
        self._rerun_kpis()
        may, june = self._kpis()[date(2026, 5, 1)], self._kpis()[date(2026, 6, 1)]
        self.assertEqual((may.acquisition_cost, may.cac, may.ltv, may.ltv_cac_ratio), (400, 400, 2000, 5.0))
        self.assertFalse(may.ltv_cac_warning)
        self.assertEqual((june.cac, june.ltv_cac_ratio), (300, 2.0))
        self.assertTrue(june.ltv_cac_warning, "2:1 is below the default 3:1")
        self.company.kpi_ltv_cac_warning_ratio = 1.5
        self._rerun_kpis()
        self.assertFalse(self._kpis()[date(2026, 6, 1)].ltv_cac_warning)

    def test_quarterly_cohorts(self):
        self.company.kpi_period = "quarter"
        self._rerun_kpis()
        self.assertEqual(self._cohorts(), {(date(2026, 4, 1), 1): (4, 4)})
        quarter = self._kpis()[date(2026, 4, 1)]
        self.assertEqual((quarter.active_customers, quarter.new_customers, quarter.revenue), (4, 4, 4500))
        self.assertEqual(quarter.repurchase_rate, 50.0)

    def test_a_second_run_rewrites_the_figures_without_duplicates(self):
        self._rerun_kpis()
        company = [("company_id", "=", self.company.id)]
        # counted as rows: the helpers' dictionaries by period would hide a duplicate
        self.assertEqual(self.env["customer.value.kpi"].search_count(company), 3)
        self.assertEqual(self.env["customer.value.cohort"].search_count(company), 6)
        bands = self.env["customer.value.clv.band"]
        self.env["customer.value.scoring"]._run_step_score(self.value_run)
        self.assertEqual(bands.search_count(company), 4, "four customers, a band each")

    def test_chunks_share_the_kpis_and_a_chunk_summed_twice_counts_once(self):
        expected_cohorts, expected = self._cohorts(), self._kpi_figures()
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 1)
        run = self._run()
        chunks = run.chunk_ids.filtered("customer_count")
        self.assertEqual(len(chunks), 4, "each customer in a chunk of its own")
        self.assertEqual((self._cohorts(), self._kpi_figures()), (expected_cohorts, expected))
        self.assertFalse(self.env["customer.value.kpi.partial"].search_count([]), "the step drops the partials")
        # a chunk summed again (a retry) replaces its partial KPIs instead of adding to them
        Partial = self.env["customer.value.kpi.partial"]
        for chunk in [*run.chunk_ids, chunks[0]]:
            Partial._run_step_kpi_partials(run, chunk)
        self.env["customer.value.kpi"]._run_step_kpis(run)
        self.assertEqual((self._cohorts(), self._kpi_figures()), (expected_cohorts, expected))

    def _kpi_figures(self):
        fields = [
            "active_customers",
            "new_customers",
            "retained_customers",
            "repurchase_rate",
            "revenue",
            "core_revenue",
            "ltv",
        ]
        return {day: [kpi[name] for name in fields] for day, kpi in self._kpis().items()}

    def test_who_reads_the_kpis_and_who_enters_costs(self):
        self.assertEqual(len(self._kpis(self.accountant)), 3, "accountants read the KPIs")
        with self.assertRaises(AccessError):
            self.env["customer.value.kpi"].with_user(self.internal).search([])
        with self.assertRaises(AccessError):
            self.env["customer.value.acquisition.cost"].with_user(self.salesperson).create(
                {"name": "Flyers", "amount": 50}
            )

    def test_bad_settings_and_costs_are_refused(self):
        Cost = self.env["customer.value.acquisition.cost"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Flyers must be zero or more"):
            Cost.create({"name": "Flyers", "amount": -50})
        with self.assertRaisesRegex(ValidationError, "LTV/CAC Warning Below must be zero or more"):
            self.company.kpi_ltv_cac_warning_ratio = -1


@tagged("post_install", "-at_install")
class TestLifetimeValueDistribution(CustomerValueCase):
    def test_customers_ranked_by_lifetime_value_in_ten_equal_bands(self):
        customers = self._customers(20, prefix="CV Band")
        self._invoices([(customer, 100, 30) for customer in customers])
        run = self._run()
        bands = self.env["customer.value.clv.band"].search([])
        self.assertEqual(len(bands), 10, "the run's bands")
        clvs = self.env["customer.value"].search([]).mapped("clv")
        self.assertAlmostEqual(sum(bands.mapped("clv_total")), sum(clvs), delta=0.05, msg="of its new values")
        # 20 customers with CLVs 100, 200, ... 2,000: two per band, the top band 1,900 + 2,000
        values = self.env["customer.value"].search([("partner_id", "in", customers.ids)])
        scores, stored = self._lifetime_values({self._value(c).id: 100 * rank for rank, c in enumerate(customers, 1)})
        self.env["customer.value.clv.band"]._run_score_step_clv_bands(run, scores, stored)
        bands = self.env["customer.value.clv.band"].with_user(self.accountant).search([])
        self.assertEqual(bands.mapped("band"), list(range(1, 11)))
        top, bottom = bands[0], bands[-1]
        self.assertEqual((top.customers, top.clv_min, top.clv_max, top.clv_total), (2, 1900, 2000, 3900))
        self.assertEqual((bottom.clv_min, bottom.clv_average), (100, 150))
        self.assertAlmostEqual(top.clv_share, 100.0 * 3900 / 21000)
        self.assertAlmostEqual(sum(bands.mapped("clv_share")), 100.0)
        with self.assertRaises(AccessError):
            self.env["customer.value.clv.band"].with_user(self.internal).search([])
        # 23 customers, cut as PostgreSQL's ntile cuts them: the first three bands take one more
        clvs = dict(zip(values.ids, range(1000, 0, -50), strict=True)) | {-1: 5, -2: 4, -3: 3}
        scores, stored = self._lifetime_values(clvs)
        self.env["customer.value.clv.band"]._run_score_step_clv_bands(run, scores, stored)
        bands = self.env["customer.value.clv.band"].search([])
        self.assertEqual(bands.mapped("customers"), [3, 3, 3, 2, 2, 2, 2, 2, 2, 2])
        self.assertEqual((bands[0].clv_min, bands[0].clv_max, bands[1].clv_max), (900, 1000, 850))
        self.assertEqual(bands[-1].clv_total, 4 + 3, "the two worth least")

    def _lifetime_values(self, clvs):
        """The new lifetime values ``{value id: clv}`` as the score step gives them to its
        steps, and the customers of those values (the value id stands for the customer)."""
        scores = pd.DataFrame({"clv": [float(clv) for clv in clvs.values()]}, index=list(clvs))
        return scores, pd.DataFrame({"partner_id": list(clvs)}, index=list(clvs))
