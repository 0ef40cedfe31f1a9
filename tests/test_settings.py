"""Settings and tier configuration: shipped defaults, and inconsistent values refused."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestSettings(CustomerValueCase):
    def test_defaults_are_shipped_as_data(self):
        for company in (self.company, self.env["res.company"].create({"name": "CV Fresh Company"})):
            self.assertEqual(company.rfm_window_days, 365)
            self.assertEqual(company.rfm_method, "quintile")
            self.assertEqual((company.abc_a_percent, company.abc_b_percent), (80, 15))
            self.assertEqual(company.tier_review_interval_months, 3)
            self.assertEqual(company.tier_downgrade_grace_reviews, 2)
            self.assertEqual((company.tier_upgrade_growth_percent, company.tier_upgrade_growth_periods), (20, 2))
            self.assertEqual(company.retention_inactivity_days, 180)
            self.assertEqual(company.trend_period_days, 90)
        default = self.env["ir.default"].search(
            [("field_id", "=", self.env.ref("customer_value.field_res_company__rfm_window_days").id)]
        )
        self.assertEqual(default.json_value, "365")
        self.assertEqual(
            [(t.name, t.top_percent) for t in self.tiers],
            [("Diamond", 5), ("Gold", 20), ("Silver", 50), ("Bronze", 100)],
        )

    def test_existing_companies_get_missing_defaults(self):
        company = self.env["res.company"].create({"name": "CV Old Company"})
        self.env.cr.execute(
            "UPDATE res_company SET rfm_window_days = NULL, abc_a_percent = 70 WHERE id = %s", [company.id]
        )
        company.invalidate_recordset()
        self.env["res.company"]._customer_value_apply_defaults()
        self.assertEqual(company.rfm_window_days, 365)
        self.assertEqual(company.abc_a_percent, 70, "a value already set is kept")

    def test_settings_form_saves_per_company(self):
        settings = Form(self.env["res.config.settings"])
        settings.rfm_window_days = 180
        settings.rfm_method = "threshold"
        settings.rfm_monetary_thresholds = "100, 200, 300, 400"
        settings.save().execute()
        self.assertEqual(self.company.rfm_window_days, 180)
        self.assertEqual(self.company._customer_value_scoring_settings().monetary_thresholds, (100, 200, 300, 400))

    def test_inconsistent_settings_are_refused(self):
        bad_values = [
            {"rfm_window_days": 0},
            {"abc_a_percent": 0},
            {"abc_a_percent": 120},
            {"abc_a_percent": 90, "abc_b_percent": 15},
            {"concentration_warning_percent": 0},
            {"value_weight_recency": -1},
            {"value_weight_recency": 0, "value_weight_frequency": 0, "value_weight_monetary": 0},
            {"potential_weight_trend": 0, "potential_weight_clv": 0, "potential_weight_tenure": 0},
            {"quadrant_value_threshold": 101},
            {"rfm_recency_thresholds": "30, 20, 180, 365"},
            {"rfm_frequency_thresholds": "1, 2, 3"},
            {"rfm_monetary_thresholds": "a lot"},
            {"tier_review_interval_months": 0},
            {"tier_downgrade_grace_reviews": 0},
            {"tier_upgrade_growth_periods": 0},
            {"tier_upgrade_growth_percent": 0},
            {"trend_period_days": 0},
            {"retention_inactivity_days": 0},
            {"clv_horizon_months": 0},
        ]
        for vals in bad_values:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.company.write(vals)
        with self.assertRefused("four ascending numbers"):
            self.company.rfm_recency_thresholds = "90, 30"

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
