"""Settings and tier configuration: shipped defaults, and inconsistent values refused."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestSettings(CustomerValueCase):
    def test_defaults_are_the_fields_defaults_for_existing_and_new_companies(self):
        # the main company existed before the module: the new columns were filled at install
        for company in (self.company, self.env["res.company"].create({"name": "CV Fresh Company"})):
            self.assertEqual(company.rfm_window_days, 365)
            self.assertEqual(company.rfm_method, "quintile")
            self.assertEqual((company.abc_a_percent, company.abc_b_percent), (80, 15))
            self.assertEqual(company.concentration_warning_percent, 10)
            self.assertEqual(company.tier_review_interval_months, 3)
            self.assertEqual(company.tier_downgrade_grace_reviews, 2)
            self.assertEqual((company.tier_upgrade_growth_percent, company.tier_upgrade_growth_periods), (20, 2))
            self.assertEqual(company.retention_inactivity_days, 180)
            self.assertEqual(company.trend_period_days, 90)
            self.assertEqual(company.clv_horizon_months, 36)
            self.assertEqual(company.customer_value_run_hour, 1)
            self.assertEqual((company.health_green_from, company.health_amber_from), (70, 40))
            self.assertEqual((company.churn_drop_points, company.churn_silence_days), (15, 30))
            self.assertEqual(company.health_engagement_days, 90)
            self.assertEqual((company.complaint_warning_percent, company.complaint_follow_up_days), (80, 7))
            settings = company._customer_value_scoring_settings()
            self.assertEqual(settings.recency_thresholds, (30, 90, 180, 365))
            self.assertEqual(settings.frequency_thresholds, (2, 4, 8, 12))
            self.assertEqual(settings.monetary_thresholds, (1000, 5000, 20000, 50000))
        self.assertFalse(
            self.env["ir.default"].search([("field_id.model", "=", "res.company"), ("field_id.name", "like", "rfm_")]),
            "one source of truth: no ir.default beside the fields' defaults",
        )
        self.assertEqual(
            [(t.name, t.top_percent, t.max_complaint_rate) for t in self.tiers],
            [("Diamond", 5, 3), ("Gold", 20, 0), ("Silver", 50, 0), ("Bronze", 100, 0)],
        )
        weights = {c.code: (c.score_type, c.weight) for c in self.env["customer.value.component"].search([])}
        self.assertEqual(
            weights,
            {
                "recency": ("value", 20),
                "frequency": ("value", 30),
                "monetary": ("value", 50),
                "trend": ("potential", 40),
                "clv": ("potential", 40),
                "tenure": ("potential", 20),
                "rhythm": ("health", 30),
                "frequency_trend": ("health", 15),
                "monetary_trend": ("health", 15),
                "overdue": ("health", 20),
                "engagement": ("health", 20),
                "satisfaction": ("health", 15),
                "open_complaints": ("health", 10),
                "complaint_breaches": ("health", 10),
                "complaint_rate": ("health", 10),
                "loyalty_activity": ("health", 10),  # from customer_value_loyalty, installed with loyalty_tiers
            },
        )

    def _settings_form(self, user=None):
        return Form(self.env["customer.value.settings"].with_user(user or self.manager))

    def test_a_manager_saves_the_settings_of_the_company(self):
        form = self._settings_form()
        form.rfm_window_days = 180
        form.rfm_method = "threshold"
        form.rfm_monetary_cut_1 = 100
        form.rfm_monetary_cut_2 = 200
        form.rfm_monetary_cut_3 = 300
        form.rfm_monetary_cut_4 = 400
        form.save()
        self.assertEqual(self.company.rfm_window_days, 180)
        self.assertEqual(self.company._customer_value_scoring_settings().monetary_thresholds, (100, 200, 300, 400))
        with self.assertRaises(AccessError):
            self._settings_form(self.salesperson)

    def test_inconsistent_settings_are_refused(self):
        bad_values = [
            {"rfm_window_days": 0},
            {"abc_a_percent": 0},
            {"abc_a_percent": 120},
            {"abc_a_percent": 90, "abc_b_percent": 15},
            {"concentration_warning_percent": 0},
            {"quadrant_value_threshold": 101},
            {"quadrant_potential_threshold": -1},
            {"rfm_recency_cut_2": 20},
            {"rfm_frequency_cut_1": -1},
            {"rfm_monetary_cut_4": 20000},
            {"tier_review_interval_months": 0},
            {"tier_downgrade_grace_reviews": 0},
            {"tier_upgrade_growth_periods": 0},
            {"tier_upgrade_growth_percent": 0},
            {"trend_period_days": 0},
            {"retention_inactivity_days": 0},
            {"clv_horizon_months": 0},
            {"rfm_window_days": 1_000_000},
            {"trend_period_days": 100_000},
            {"clv_horizon_months": 100_000},
            {"customer_value_run_hour": 24},
            {"quadrant_value_threshold": float("nan")},
            {"abc_a_percent": float("nan")},
            {"concentration_warning_percent": float("inf")},
            {"rfm_recency_cut_1": float("nan")},
            {"rfm_monetary_cut_4": float("inf")},
        ]
        for vals in bad_values:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.company.write(vals)
        with self.assertRefused("The recency cut points of My Company must rise from cut 1 to cut 4"):
            self.company.rfm_recency_cut_2 = 20
        with self.assertRefused("“RFM Window (days)” of My Company must lie between 1 and 36500 (got 1000000)"):
            self.company.rfm_window_days = 1_000_000
        with self.assertRefused("“High Value From” of My Company must be a number (got nan)"):
            self.company.quadrant_value_threshold = float("nan")

    def test_component_weights_must_add_up_to_a_positive_total(self):
        Component = self.env["customer.value.component"].with_user(self.manager)
        recency = self.env.ref("customer_value.customer_value_component_recency").with_user(self.manager)
        for bad in (-1, float("nan"), float("inf")):
            with self.subTest(weight=bad), self.assertRefused("“Weight”"):
                recency.weight = bad
        with self.assertRefused("must have weights that add up to more than 0"):
            Component.search([("score_type", "=", "value")]).write({"weight": 0})
        with self.assertRefused("must have weights that add up to more than 0"):
            Component.search([("score_type", "=", "potential")]).action_archive()
        # a company of its own: its record takes over from the shared one there only
        other = self.env["res.company"].create({"name": "CV Own Weights"})
        own = recency.sudo().copy({"company_id": other.id, "weight": 80})
        self.assertEqual(Component.sudo()._in_force(other)["recency"], own)
        self.assertEqual(Component._in_force(self.company)["recency"], recency)

    def test_a_valid_pair_saved_together_is_accepted(self):
        form = self._settings_form()
        form.abc_a_percent = 90
        form.abc_b_percent = 5
        form.save()
        self.assertEqual((self.company.abc_a_percent, self.company.abc_b_percent), (90, 5))
        form = self._settings_form()
        form.abc_a_percent = 96
        with self.assertRaises(ValidationError):
            form.save()

    def test_the_chunk_size_must_be_a_positive_whole_number(self):
        Parameter = self.env["ir.config_parameter"]
        for bad in ("0", "-5", "abc", "2.5"):
            with self.subTest(value=bad), self.assertRefused("customer_value.chunk_size"):
                Parameter.set_param("customer_value.chunk_size", bad)
        Parameter.set_param("customer_value.chunk_size", "500")
        self.assertEqual(self.env["customer.value.run.chunk"]._chunk_size(), 500)

    def test_a_tier_in_use_cannot_be_deleted_but_can_be_archived(self):
        customer = self._customers(1)
        self._invoice(customer, 100, days_ago=1)
        self._run()
        with self.assertRaisesRegex(UserError, "archive them instead"):
            self.diamond.with_user(self.manager).unlink()
        self.diamond.with_user(self.manager).action_archive()
        self._run(days_ago=0)
        self.assertNotEqual(self._value(customer).tier_id, self.diamond, "the next run moves its customers on")
        self.bronze.top_percent = 90
        unused = (
            self.env["customer.value.tier"]
            .with_user(self.manager)
            .create({"name": "Unused", "sequence": 90, "top_percent": 100})
        )
        unused.unlink()

    def assertRefused(self, message):
        """assertRaises(ValidationError) (which rolls back to a savepoint in Odoo tests)
        that also checks the message tells the user what is wrong."""
        return _Refused(self, message)

    def test_tier_rules_must_be_ordered(self):
        Tier = self.env["customer.value.tier"].with_user(self.manager)
        with self.assertRefused("smaller top share"):
            Tier.create({"name": "Platinum", "sequence": 15, "top_percent": 3})  # ranks below Diamond (5%)
        with self.assertRefused("same sequence"):
            Tier.create({"name": "Twin", "sequence": 20, "top_percent": 30})
        with self.assertRefused("less revenue"):
            self.silver.with_user(self.manager).min_revenue = 5000
        with self.assertRaises(ValidationError):
            Tier.create({"name": "Overflow", "sequence": 50, "top_percent": 150})
        platinum = Tier.create({"name": "Platinum", "sequence": 5, "top_percent": 1, "min_revenue": 100000})
        self.assertEqual(self.env["customer.value.tier"]._for_company(self.company)[0], platinum)

    def test_company_specific_tiers_are_checked_with_the_shared_ones(self):
        other = self.env["res.company"].create({"name": "CV Other Company"})
        self.env["customer.value.tier"].create(
            {"name": "Local Elite", "sequence": 1, "top_percent": 2, "company_id": other.id}
        )
        self.assertEqual(len(self.env["customer.value.tier"]._for_company(other)), 5)
        self.assertEqual(len(self.env["customer.value.tier"]._for_company(self.company)), 4)
        with self.assertRaises(ValidationError):
            self.env["customer.value.tier"].create(
                {"name": "Local Clash", "sequence": 12, "top_percent": 50, "company_id": other.id}
            )


class _Refused:
    def __init__(self, case, message):
        self.case, self.message = case, message
        self.context = case.assertRaises(ValidationError)

    def __enter__(self):
        self.caught = self.context.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        handled = self.context.__exit__(*exc_info)
        self.case.assertIn(self.message, str(self.caught.exception))
        return handled
