"""Lifetime value: the BG/NBD and Gamma-Gamma fits reproduce the published CDNOW results,
and the engine falls back to the heuristic when a fit is not possible."""

from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value, load_dataset

from odoo.tests import tagged

from odoo.addons.customer_value.tools import clv

from .common import CustomerValueCase


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary_data_with_monetary_value()


@pytest.fixture(scope="module")
def cdnow_metrics():
    """The engine's per-customer metrics of the CDNOW sample (2,357 customers) over the
    paper's 39-week calibration period, computed from its transaction log as the engine's
    aggregation does: purchase days, first-day revenue, tenure and recency in days."""
    log = load_dataset("CDNOW_sample.txt", header=None, sep=r"\s+", names=["customer", "id", "date", "cds", "amount"])
    log["date"] = pd.to_datetime(log["date"].astype(str))
    end = pd.Timestamp("1997-09-30")
    days = log[log["date"] <= end].groupby(["customer", "date"])["amount"].sum().reset_index()
    per_customer = days.groupby("customer")
    first, last = per_customer["date"].min(), per_customer["date"].max()
    first_day = days[days["date"] == days["customer"].map(first)].groupby("customer")["amount"].sum()
    return pd.DataFrame(
        {
            "purchase_days": per_customer.size(),
            "tenure_days": (end - first).dt.days,
            "recency_days": (end - last).dt.days,
            "lifetime_revenue": per_customer["amount"].sum(),
            "first_day_revenue": first_day,
            "frequency": per_customer.size(),
            "monetary": per_customer["amount"].sum(),
        }
    )


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


def test_the_engine_inputs_reproduce_both_published_fits(cdnow_metrics):
    """Through the engine's own input preparation, the CDNOW calibration period gives the
    published parameters: Gamma-Gamma on the mean of the repeat purchases only."""
    values, model = clv.lifetime_values(cdnow_metrics, window_days=273, horizon_days=273)
    assert model["model"] == clv.MODEL_BOTH
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "p": 6.25, "q": 3.74, "v": 15.44}
    for name, expected in published.items():
        assert model[name] == pytest.approx(expected, rel=0.01), name
    assert values["probability_alive"].between(0, 1).all() and (values["clv"] >= 0).all()


def test_gamma_gamma_reaches_the_optimum_of_the_reference(cdnow_metrics):
    """Averaging every purchase day, the first included, is a harder surface (the former
    fit stopped short there); the bounded fit reaches lifetimes' optimum."""
    inputs = clv.model_inputs(cdnow_metrics)
    repeat = inputs[inputs["x"] > 0]
    # from lifetimes' own start (0.1, 0.1, 0.1) its BFGS stops on "precision loss" on some
    # CPUs (seen on an AMD EPYC, where CI failed); from (1, 1, 1) it converges there too
    reference = GammaGammaFitter().fit(repeat["x"], repeat["average_value"], initial_params=[1.0, 1.0, 1.0])
    expected = reference.params_[["p", "q", "v"]].to_numpy()
    params = clv.fit_gamma_gamma(repeat["x"], repeat["average_value"])
    ours = clv.gamma_gamma_log_likelihood(params, repeat["x"], repeat["average_value"]).sum()
    theirs = clv.gamma_gamma_log_likelihood(expected, repeat["x"], repeat["average_value"]).sum()
    assert ours >= theirs - 1e-6
    assert params == pytest.approx(expected, rel=1e-3)


def test_the_two_fits_succeed_or_fail_separately(cdnow_metrics):
    # every repeat purchase worth the same: no spread for Gamma-Gamma to fit
    metrics = cdnow_metrics.copy()
    repeat = metrics["purchase_days"] > 1
    metrics.loc[repeat, "lifetime_revenue"] = metrics.loc[repeat, "first_day_revenue"] + 10.0 * (
        metrics.loc[repeat, "purchase_days"] - 1
    )
    values, model = clv.lifetime_values(metrics, window_days=273, horizon_days=273)
    assert model["model"] == clv.MODEL_BGNBD and "gamma_gamma_error" in model
    assert model["r"] == pytest.approx(0.243, rel=0.01), "the BG/NBD fit is kept"
    assert values["probability_alive"].notna().all() and values["expected_purchases"].notna().all()
    buyer = metrics.index[repeat][0]
    average = metrics.loc[buyer, "lifetime_revenue"] / metrics.loc[buyer, "purchase_days"]
    assert values.loc[buyer, "clv"] == pytest.approx(values.loc[buyer, "expected_purchases"] * average, rel=1e-2)


def _counted(likelihood_of):
    """``likelihood_of`` (a function giving the summed likelihood of some customers) with a
    count of the evaluations of the likelihoods it gives, for comparing the work of two fits."""

    def counting_likelihood_of(*data):
        likelihood = likelihood_of(*data)

        def counting(params, **options):
            counting_likelihood_of.calls += 1
            counting_likelihood_of.with_gradient += bool(options.get("gradient"))
            return likelihood(params, **options)

        return counting

    counting_likelihood_of.calls = counting_likelihood_of.with_gradient = 0
    return counting_likelihood_of


def test_the_fits_sum_the_same_likelihoods_as_the_per_customer_functions(cdnow):
    """The fits evaluate a summed likelihood computed per distinct purchase count; it is the
    sum of the per-customer likelihoods, near the optimum and far from it."""
    data = (cdnow["frequency"], cdnow["recency"], cdnow["T"])
    total = clv.bgnbd_total_log_likelihood(*data)
    for params in [(0.243, 4.414, 0.793, 2.426), (1.0, 1.0, 1.0, 1.0), (5.0, 0.1, 30.0, 0.01)]:
        assert total(params) == pytest.approx(clv.bgnbd_log_likelihood(params, *data).sum(), rel=1e-12)
    repeat = cdnow[cdnow["frequency"] > 0]
    data = (repeat["frequency"], repeat["monetary_value"])
    total = clv.gamma_gamma_total_log_likelihood(*data)
    for params in [(6.25, 3.74, 15.44), (1.0, 1.0, 1.0), (0.1, 50.0, 300.0)]:
        assert total(params) == pytest.approx(clv.gamma_gamma_log_likelihood(params, *data).sum(), rel=1e-12)


def _slopes(total, params, step=1e-6):
    """The slope of ``total`` along each parameter, from central differences."""
    params = np.asarray(params, dtype="float64")
    slopes = []
    for index, param in enumerate(params):
        up, down = params.copy(), params.copy()
        up[index] += step * param
        down[index] -= step * param
        slopes.append((total(up) - total(down)) / (2 * step * param))
    return np.array(slopes)


def test_the_likelihoods_give_their_exact_gradients(cdnow):
    """The fits follow the gradients the summed likelihoods give with their values: each
    is the slope of its likelihood, near the optimum and far from it."""
    data = (cdnow["frequency"], cdnow["recency"], cdnow["T"])
    total = clv.bgnbd_total_log_likelihood(*data)
    for params in [(0.243, 4.414, 0.793, 2.426), (1.0, 1.0, 1.0, 1.0), (5.0, 0.1, 30.0, 0.01), (0.02, 80.0, 0.3, 9.0)]:
        value, gradient = total(params, gradient=True)
        assert value == total(params)
        assert gradient == pytest.approx(_slopes(total, params), rel=1e-5, abs=1e-3), params
    repeat = cdnow[cdnow["frequency"] > 0]
    data = (repeat["frequency"], repeat["monetary_value"])
    total = clv.gamma_gamma_total_log_likelihood(*data)
    for params in [(6.25, 3.74, 15.44), (1.0, 1.0, 1.0), (0.1, 50.0, 300.0)]:
        value, gradient = total(params, gradient=True)
        assert value == total(params)
        assert gradient == pytest.approx(_slopes(total, params), rel=1e-5, abs=1e-3), params


def test_the_fits_follow_the_exact_gradient(cdnow, monkeypatch):
    """Where the likelihood has an optimum, both fits get there on its exact gradient alone,
    without estimating it from more evaluations (finite differences took three times as long)."""
    counted = _counted(clv.bgnbd_total_log_likelihood)
    monkeypatch.setattr(clv, "bgnbd_total_log_likelihood", counted)
    clv.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert counted.calls == counted.with_gradient > 0
    repeat = cdnow[cdnow["frequency"] > 0]
    counted = _counted(clv.gamma_gamma_total_log_likelihood)
    monkeypatch.setattr(clv, "gamma_gamma_total_log_likelihood", counted)
    clv.fit_gamma_gamma(repeat["frequency"], repeat["monetary_value"])
    assert counted.calls == counted.with_gradient > 0


def test_a_fit_that_starts_from_the_last_parameters_needs_fewer_steps(cdnow, monkeypatch):
    """The nightly fit starts from last night's parameters (the customers barely change) and
    reaches the same optimum with a fraction of the likelihood evaluations; a previous fit
    that leads nowhere falls back to the usual start points."""
    data = (cdnow["frequency"], cdnow["recency"], cdnow["T"])
    likelihood_of = clv.bgnbd_total_log_likelihood
    cold_likelihood, warm_likelihood = _counted(likelihood_of), _counted(likelihood_of)
    monkeypatch.setattr(clv, "bgnbd_total_log_likelihood", cold_likelihood)
    cold = clv.fit_bgnbd(*data)
    monkeypatch.setattr(clv, "bgnbd_total_log_likelihood", warm_likelihood)
    warm = clv.fit_bgnbd(*data, previous=(0.25, 4.3, 0.8, 2.4))
    assert warm == pytest.approx(cold, rel=1e-4)
    assert warm_likelihood.calls < cold_likelihood.calls / 2, (warm_likelihood.calls, cold_likelihood.calls)
    assert clv.fit_bgnbd(*data, previous=(float("nan"), 1.0, 1.0, 1.0)) == pytest.approx(cold, rel=1e-6)


def test_the_same_customers_in_another_order_give_the_same_values(cdnow_metrics):
    values, model = clv.lifetime_values(cdnow_metrics, window_days=273, horizon_days=273)
    shuffled = cdnow_metrics.sample(frac=1, random_state=11)
    again, model_again = clv.lifetime_values(shuffled, window_days=273, horizon_days=273)
    assert model_again == model
    pd.testing.assert_frame_equal(again.loc[values.index], values, check_exact=True)


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
            "first_day_revenue": rng.uniform(50, 500, count),
            "frequency": purchases,
            "monetary": purchases * 100.0,
        }
    )


def test_lifetime_values_use_the_models_on_a_population():
    metrics = _population(400)
    values, model = clv.lifetime_values(metrics, window_days=365, horizon_days=365)
    assert model["model"] == clv.MODEL_BOTH and model["r"] > 0 and model["q"] > 1
    assert values["probability_alive"].between(0, 1).all()
    assert (values["clv"] >= 0).all() and values["clv"].max() > 0
    loyal = metrics.index[(metrics["recency_days"] < 10) & (metrics["purchase_days"] > 10)]
    silent = metrics.index[(metrics["recency_days"] > 400) & (metrics["purchase_days"] > 10)]
    assert values.loc[loyal, "probability_alive"].mean() > values.loc[silent, "probability_alive"].mean()


def test_lifetime_values_fall_back_to_the_heuristic():
    values, model = clv.lifetime_values(_population(12), window_days=365, horizon_days=365)
    assert model == {"model": clv.MODEL_HEURISTIC, "bgnbd_error": "too_few_customers"}
    assert values["probability_alive"].isna().all()
    assert (values["clv"] > 0).all()


@tagged("post_install", "-at_install")
class TestLifetimeValueInRuns(CustomerValueCase):
    def _repeat_buyers(self):
        """40 customers who bought one to five times: enough for both fits."""
        specs = []
        for i, customer in enumerate(self._customers(40)):
            specs += [(customer, 100 + 10 * i, 5 + i * 7 + k * (20 + i)) for k in range(1 + i % 5)]
        self._invoices(specs)
        return specs

    def test_runs_fit_the_models_and_say_which_was_used(self):
        specs = self._repeat_buyers()
        run = self._run()
        self.assertEqual(run.clv_model, "bgnbd_gamma_gamma")
        self.assertRegex(run.clv_explanation, r"BG/NBD model: r \d+\.\d{3}, alpha")
        self.assertIn("Gamma-Gamma model", run.clv_explanation)
        values = self.env["customer.value"].search([])
        self.assertTrue(all(0 <= v.probability_alive <= 1 for v in values))
        self.assertTrue(all(v.clv >= 0 for v in values))
        days_of = {}
        for customer, _amount, days_ago in specs:
            days_of.setdefault(customer, set()).add(days_ago)
        self.assertEqual({v.partner_id: v.purchase_days for v in values}, {c: len(d) for c, d in days_of.items()})

    def test_the_fit_reads_its_inputs_whichever_components_count(self):
        """The scoring step reads only the figures its scores need: those of the fit stay
        read with the components that store them switched off."""
        self._repeat_buyers()
        Component = self.env["customer.value.component"]
        others = Component.search([("code", "in", ("recency", "frequency", "tenure", "trend"))])
        others.active = False
        run = self._run()
        self.assertEqual(run.clv_model, "bgnbd_gamma_gamma", run.clv_explanation)
        clv_alone = {v.id: v.clv for v in self.env["customer.value"].search([])}
        others.active = True
        self.assertEqual(self._run(), run, "today's run again")
        self.assertEqual({v.id: v.clv for v in self.env["customer.value"].search([])}, clv_alone)

    def test_the_next_run_starts_its_fit_from_the_last_one(self):
        # customers as the two models see them: purchase rates and dropout chances that
        # differ between customers (BG/NBD), and so do average spends (Gamma-Gamma). Without
        # such differences a likelihood has no optimum: it rises along a ridge towards
        # infinite parameters, and where a fit stops on it is noise
        rng = np.random.default_rng(0)
        specs = []
        for customer in self._customers(60):
            rate, dropout, scale = rng.gamma(2.0, 1 / 60), rng.beta(1.0, 3.0), rng.gamma(3, 10)
            day = int(rng.integers(150, 700))
            while day >= 2:
                specs.append((customer, float(rng.gamma(4, scale)), day))
                if rng.random() < dropout:
                    break
                day -= max(1, int(rng.exponential(1 / rate)))
        self._invoices(specs)
        first = self._run(days_ago=1)
        self.assertEqual(first.clv_model, "bgnbd_gamma_gamma", first.clv_explanation)
        with patch.object(clv, "lifetime_values", wraps=clv.lifetime_values) as fitted:
            second = self._run()
        self.assertEqual(fitted.call_args.kwargs["previous"], first.clv_info)
        fit_of_today = dict(second.clv_info)
        clv_of_today = {v.id: v.clv for v in self.env["customer.value"].search([])}
        with patch.object(clv, "lifetime_values", wraps=clv.lifetime_values) as fitted:
            self.assertEqual(self._run(), second, "today's run again")
        self.assertEqual(fitted.call_args.kwargs["previous"], first.clv_info, "from the same start as before")
        self.assertEqual(second.clv_info, fit_of_today, "so the same fit")
        self.assertEqual({v.id: v.clv for v in self.env["customer.value"].search([])}, clv_of_today)
        for name in ("r", "alpha", "a", "b", "p", "q", "v"):
            self.assertAlmostEqual(second.clv_info[name], first.clv_info[name], delta=0.05 * first.clv_info[name])

    def test_a_small_customer_base_uses_the_heuristic(self):
        customers = self._customers(3)
        self._invoices([(c, 100, 10 * (i + 1)) for i, c in enumerate(customers)])
        run = self._run()
        self.assertEqual(run.clv_model, "heuristic")
        self.assertIn("fewer than 30 customers", run.clv_explanation)
        self.assertNotIn("too_few", run.clv_explanation, "no internal code reaches the user")
        self.assertTrue(all(self.env["customer.value"].search([]).mapped("clv")))
