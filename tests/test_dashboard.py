"""The Customer Value dashboards in Odoo's Dashboards app: each is shown to the users who may
read its figures, every data source of it (pivots, charts, section links) loads for them with
the figures the run stored, and the dashboard opens in Chromium."""

from odoo.tests import HttpCase, new_test_user, tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestDashboards(HttpCase, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint_user = new_test_user(
            cls.env, login="cv_complaints", groups="base.group_user,customer_value.group_complaint_user"
        )
        cls.dashboards = {
            name: cls.env.ref(f"customer_value_dashboard.spreadsheet_dashboard_{name}")
            for name in ("customer_value", "complaints", "points_liability")
        }

    def _data_sources(self, dashboard, user):
        """What the dashboard's pivots and charts read, as ``user`` reads it."""
        snapshot = dashboard.with_user(user).get_readonly_dashboard()["snapshot"]
        sources = [
            (pivot["model"], pivot["domain"], [m["fieldName"] for m in pivot["measures"]], pivot["rows"])
            for pivot in snapshot["pivots"].values()
        ]
        for figure in snapshot["sheets"][0]["figures"]:
            meta = figure["data"]["metaData"]
            sources.append((meta["resModel"], figure["data"]["searchParams"]["domain"], [meta["measure"]], []))
        results = {}
        for model, domain, measures, rows in sources:
            groupby = [row["fieldName"] + (f":{row['granularity']}" if "granularity" in row else "") for row in rows]
            aggregates = [m if m == "__count" else f"{m}:{self.env[model]._fields[m].aggregator}" for m in measures]
            results[(model, tuple(groupby))] = (
                self.env[model].with_user(user).read_group(domain, aggregates, groupby, lazy=False)
            )
        return results

    def test_each_dashboard_is_shown_to_those_who_read_its_figures(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for user, visible in (
            (self.salesperson, {"customer_value"}),
            (self.complaint_user, {"complaints"}),
            (self.accountant, {"points_liability"}),
            (self.internal, set()),
        ):
            with self.subTest(user=user.login):
                shown = Dashboard.with_user(user).search(
                    [("dashboard_group_id", "=", self.dashboards["customer_value"].dashboard_group_id.id)]
                )
                self.assertEqual(set(shown.ids), {self.dashboards[name].id for name in visible})

    def test_the_customer_value_dashboard_reads_the_stored_figures(self):
        results = self._data_sources(self.dashboards["customer_value"], self.salesperson)
        by_tier = results[("customer.value.summary", ("tier_id",))]
        self.assertEqual(sum(group["customers"] for group in by_tier), 4)
        self.assertEqual(sum(group["monetary"] for group in by_tier), 4500)
        by_quarter = results[("customer.value.kpi", ("date:quarter",))]
        self.assertEqual(
            [group["__count"] for group in by_quarter], [2], "the comparable months of the quarter: May and June"
        )
        cohorts = results[("customer.value.cohort", ("cohort_date:quarter",))]
        self.assertTrue(cohorts)
        self.assertEqual(sum(group["customers"] for group in results[("customer.value.clv.band", ("band",))]), 4)

    def test_the_pivots_are_named_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        for name, dashboard in self.dashboards.items():
            with self.subTest(dashboard=name):
                pivots = dashboard.with_context(lang="zh_CN").get_readonly_dashboard()["snapshot"]["pivots"]
                self.assertTrue(pivots)
                for pivot in pivots.values():
                    self.assertRegex(pivot["name"], r"[\u4e00-\u9fff]", "a Chinese name, not the English one")
        pivots = self.dashboards["customer_value"].with_context(lang="en_US").get_readonly_dashboard()["snapshot"]
        self.assertIn("Customers by Tier", [pivot["name"] for pivot in pivots["pivots"].values()])

    def test_the_complaint_and_liability_dashboards_load_for_their_users(self):
        # every data source read without an access error, and these are all of them
        self.assertEqual(
            set(self._data_sources(self.dashboards["complaints"], self.complaint_user)),
            {("customer.value.complaint", ("sla_status",)), ("customer.value.complaint", ("team_id",))},
        )
        self.assertEqual(
            set(self._data_sources(self.dashboards["points_liability"], self.accountant)),
            {("loyalty.points.liability", ("program_id",)), ("loyalty.points.liability", ("date:quarter",))},
        )

    def test_a_salesperson_opens_the_dashboard(self):
        self.start_tour("/odoo", "customer_value_dashboard_tour", login=self.salesperson.login)
