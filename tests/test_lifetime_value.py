"""Lifetime value: the BG/NBD and Gamma-Gamma fits reproduce the published CDNOW results,
and the engine falls back to the heuristic when a fit is not possible."""

import numpy as np
import pandas as pd
import pytest
from lifetimes import BetaGeoFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

from odoo.tests import tagged

from odoo.addons.customer_value.tools import clv

from .common import CustomerValueCase


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary_data_with_monetary_value()


def test_bgnbd_reproduces_the_published_cdnow_parameters(cdnow):
    # Fader, Hardie and Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4
    params = clv.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert params == pytest.approx([0.243, 4.414, 0.793, 2.426], abs=5e-4)
    log_likelihood = clv.bgnbd_log_likelihood(params, cdnow["frequency"], cdnow["recency"], cdnow["T"]).sum()
    assert log_likelihood == pytest.approx(-9582.4, abs=0.05)


def test_bgnbd_conditional_expectation_of_the_paper(cdnow):
    # the paper's example customer: x = 2, t_x = 30.43, T = 38.86 buys 1.226 times in the next 39 weeks
    params = (0.243, 4.414, 0.793, 2.426)
    assert clv.bgnbd_expected_purchases(params, 39, [2], [30.43], [38.86])[0] == pytest.approx(1.226, abs=1e-3)
    alive = clv.bgnbd_probability_alive(params, [0, 2, 2], [0, 30.43, 5.0], [38.86, 38.86, 38.86])
    assert alive[0] == 1 and alive[1] > alive[2], "a silent repeat buyer is less likely to be active"


def test_bgnbd_expectation_agrees_with_lifetimes_and_stays_finite_for_daily_buyers(cdnow):
    params = (0.243, 4.414, 0.793, 2.426)
    reference = BetaGeoFitter()
    reference.params_ = pd.Series(dict(zip(("r", "alpha", "a", "b"), params, strict=True)))
    for weeks in (39, 260):
        expected = clv.bgnbd_expected_purchases(params, weeks, cdnow["frequency"], cdnow["recency"], cdnow["T"])
        published = reference.conditional_expected_number_of_purchases_up_to_time(
            weeks, cdnow["frequency"], cdnow["recency"], cdnow["T"]
        )
        assert expected == pytest.approx(published.to_numpy(), rel=1e-9)
    # buyers on every day, every week and every month of ten years, over a five-year horizon:
    # the untransformed closed form gives NaN for the first
    daily, weekly, monthly = clv.bgnbd_expected_purchases(params, 260, [3650, 520, 120], [520] * 3, [520] * 3)
    assert daily > weekly > monthly > 0 and np.isfinite(daily)


def test_gamma_gamma_reproduces_the_published_cdnow_parameters(cdnow):
    # Fader and Hardie (2013): p = 6.25, q = 3.74, gamma = 15.44
    repeat = cdnow[(cdnow["frequency"] > 0) & (cdnow["monetary_value"] > 0)]
    params = clv.fit_gamma_gamma(repeat["frequency"], repeat["monetary_value"])
    assert params == pytest.approx([6.25, 3.74, 15.44], rel=2e-3)
    value = clv.gamma_gamma_expected_value(params, [1, 50], [100.0, 100.0])
    assert value[0] < value[1] < 100, "one purchase shrinks more towards the mean (about 35) than fifty"


def _population(count, seed=7):
    rng = np.random.default_rng(seed)
    purchases = rng.integers(1, 20, count)
    tenure = rng.integers(60, 700, count)
    recency = (rng.random(count) * tenure).astype(int)
    return pd.DataFrame(
        {
            "purchase_days": purchases,
            "tenure_days": tenure,
            "recency_days": recency,
            "lifetime_revenue": purchases * rng.uniform(50, 500, count),
            "frequency": purchases,
            "monetary": purchases * 100.0,
        }
    )


def test_lifetime_values_use_the_models_on_a_population():
    metrics = _population(400)
    values, model = clv.lifetime_values(metrics, window_days=365, horizon_days=365)
    assert model["model"] == "bgnbd" and model["r"] > 0 and model["q"] > 1
    assert values["probability_alive"].between(0, 1).all()
    assert (values["clv"] >= 0).all() and values["clv"].max() > 0
    loyal = metrics.index[(metrics["recency_days"] < 10) & (metrics["purchase_days"] > 10)]
    silent = metrics.index[(metrics["recency_days"] > 400) & (metrics["purchase_days"] > 10)]
    assert values.loc[loyal, "probability_alive"].mean() > values.loc[silent, "probability_alive"].mean()


def test_lifetime_values_fall_back_to_the_heuristic():
    values, model = clv.lifetime_values(_population(12), window_days=365, horizon_days=365)
    assert model == {"model": "heuristic", "reason": "too few customers or repeat buyers"}
    assert values["probability_alive"].isna().all()
    assert (values["clv"] > 0).all()


@tagged("post_install", "-at_install")
class TestLifetimeValueInRuns(CustomerValueCase):
    def test_runs_fit_the_models_and_say_which_was_used(self):
        customers = self._customers(40)
        specs = []
        for i, customer in enumerate(customers):
            specs += [(customer, 100 + 10 * i, 5 + i * 7 + k * (20 + i)) for k in range(1 + i % 5)]
        self._invoices(specs)
        run = self._run()
        self.assertEqual(run.clv_model, "bgnbd")
        self.assertIn("BG/NBD r=", run.clv_parameters)
        values = self.env["customer.value"].search([])
        self.assertTrue(all(0 <= v.probability_alive <= 1 for v in values))
        self.assertTrue(all(v.clv >= 0 for v in values))
        days_of = {}
        for customer, _amount, days_ago in specs:
            days_of.setdefault(customer, set()).add(days_ago)
        self.assertEqual({v.partner_id: v.purchase_days for v in values}, {c: len(d) for c, d in days_of.items()})

    def test_a_small_customer_base_uses_the_heuristic(self):
        customers = self._customers(3)
        self._invoices([(c, 100, 10 * (i + 1)) for i, c in enumerate(customers)])
        run = self._run()
        self.assertEqual(run.clv_model, "heuristic")
        self.assertTrue(all(self.env["customer.value"].search([]).mapped("clv")))
