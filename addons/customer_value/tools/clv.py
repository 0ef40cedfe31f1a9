"""Customer lifetime value: pure numpy/scipy functions, no ORM.

- BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way") gives each
  customer's probability of still being active and the purchases expected over a horizon,
  from x (repeat purchases), t_x (time of the last purchase since the first) and T (time
  since the first purchase).
- Gamma-Gamma (Fader and Hardie 2013) gives the expected value of those purchases from
  the customer's average purchase value.
- When a model cannot be fitted (too few customers or repeat buyers, no convergence), a
  plain heuristic takes over, and the result says which model was used.

Times are in weeks, as in the published models; amounts in company currency.
"""

import numpy as np
import pandas as pd
from scipy import optimize, special

from .scoring import heuristic_clv

MIN_CUSTOMERS = 30  # fewer customers than this give no stable fit
MIN_REPEAT_BUYERS = 10
FIT_SAMPLE = 50_000  # parameters are population-wide: a seeded sample fits them as well as everybody
DAYS_PER_WEEK = 7.0


class FitError(ValueError):
    """A model could not be fitted to the data given."""


def _fit(negative_log_likelihood, start):
    """Maximum likelihood over positive parameters (optimised on their logarithms)."""
    with np.errstate(all="ignore"):
        result = optimize.minimize(
            lambda log_params: negative_log_likelihood(np.exp(log_params)),
            np.log(start),
            method="Nelder-Mead",
            options={"xatol": 1e-7, "fatol": 1e-7, "maxiter": 4000, "maxfev": 8000},
        )
    params = np.exp(result.x)
    if not result.success or not np.all(np.isfinite(params)) or not np.isfinite(result.fun):
        raise FitError(result.message)
    return params


def bgnbd_log_likelihood(params, x, t_x, T):
    """Log-likelihood of each customer under BG/NBD with params (r, alpha, a, b)."""
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    common = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    stayed = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        dropped = np.where(
            x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x), -np.inf
        )
    return common + np.logaddexp(stayed, dropped)


def fit_bgnbd(x, t_x, T):
    """(r, alpha, a, b) maximising the BG/NBD likelihood."""
    if len(x) < MIN_CUSTOMERS or np.count_nonzero(np.asarray(x) > 0) < MIN_REPEAT_BUYERS:
        raise FitError("too few customers or repeat buyers")
    return _fit(lambda params: -bgnbd_log_likelihood(params, x, t_x, T).sum(), np.ones(4))


def bgnbd_probability_alive(params, x, t_x, T):
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        odds = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return 1.0 / (1.0 + odds)


def bgnbd_expected_purchases(params, horizon, x, t_x, T):
    """Purchases each customer is expected to make in the next ``horizon`` weeks.

    The paper's closed form needs ``(1 - z) ** (r + x) * 2F1(r + x, b + x; c; z)`` with
    ``c = a + b + x - 1``, which overflows for frequent buyers over long horizons (a daily
    buyer over five years gives NaN). There Euler's transformation gives the same product
    as ``(1 - z) ** (a - 1) * 2F1(a + b - 1 - r, a - 1; c; z)``, whose parameters do not
    grow with x (but do with a and b, so neither form serves every fit on its own).
    """
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    z = horizon / (alpha + T + horizon)
    c = a + b + x - 1
    with np.errstate(all="ignore"):
        term = (1 - z) ** (r + x) * special.hyp2f1(r + x, b + x, c, z)
        transformed = (1 - z) ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, c, z)
        term = np.where(np.isfinite(term), term, transformed)
        numerator = c / (a - 1) * (1 - term)
    return numerator * bgnbd_probability_alive(params, x, t_x, T)


def gamma_gamma_log_likelihood(params, x, m):
    """Log-likelihood of each repeat buyer's average value ``m`` over ``x`` purchases,
    with params (p, q, v)."""
    p, q, v = params
    x, m = np.asarray(x, dtype="float64"), np.asarray(m, dtype="float64")
    return (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )


def fit_gamma_gamma(x, m):
    """(p, q, v) maximising the Gamma-Gamma likelihood of repeat buyers with positive values."""
    if len(x) < MIN_REPEAT_BUYERS:
        raise FitError("too few repeat buyers")
    params = _fit(lambda params: -gamma_gamma_log_likelihood(params, x, m).sum(), np.ones(3))
    if params[1] <= 1:  # the expected value needs q > 1
        raise FitError("q <= 1")
    return params


def gamma_gamma_expected_value(params, x, m):
    """Expected value of a purchase, shrinking each customer's average towards the mean."""
    p, q, v = params
    x, m = np.asarray(x, dtype="float64"), np.asarray(m, dtype="float64")
    return p * (v + x * m) / (p * x + q - 1)


def lifetime_values(metrics, window_days, horizon_days, seed=0):
    """CLV of each customer over ``horizon_days``.

    :param metrics: DataFrame with ``purchase_days`` (days with an invoice), ``tenure_days``
        (since the first), ``recency_days`` (since the last), ``lifetime_revenue``,
        ``frequency`` and ``monetary`` (the last two for the heuristic fallback)
    :return: (DataFrame with ``clv``, ``probability_alive`` and ``expected_purchases`` on
        the index of ``metrics``, dict describing the model used and its parameters)
    """
    purchases = metrics["purchase_days"].fillna(0).to_numpy(dtype="float64")
    buyers = purchases > 0
    x = np.where(buyers, purchases - 1, 0.0)
    T = metrics["tenure_days"].to_numpy(dtype="float64") / DAYS_PER_WEEK
    t_x = np.clip(T - metrics["recency_days"].to_numpy(dtype="float64") / DAYS_PER_WEEK, 0, None)
    average = np.divide(
        metrics["lifetime_revenue"].to_numpy(dtype="float64"), purchases, out=np.zeros_like(purchases), where=buyers
    )
    horizon = horizon_days / DAYS_PER_WEEK
    rng = np.random.default_rng(seed)
    fit_rows = np.flatnonzero(buyers)
    if len(fit_rows) > FIT_SAMPLE:
        fit_rows = np.sort(rng.choice(fit_rows, FIT_SAMPLE, replace=False))
    try:
        bgnbd = fit_bgnbd(x[fit_rows], t_x[fit_rows], T[fit_rows])
        spenders = fit_rows[(x[fit_rows] > 0) & (average[fit_rows] > 0)]
        gamma = fit_gamma_gamma(x[spenders], average[spenders])
    except FitError as error:
        clv = heuristic_clv(
            metrics["frequency"], metrics["monetary"], metrics["recency_days"], window_days, horizon_days
        )
        result = pd.DataFrame(
            {"clv": clv.to_numpy(), "probability_alive": np.nan, "expected_purchases": np.nan}, index=metrics.index
        )
        return result, {"model": "heuristic", "reason": str(error)}
    expected = np.where(buyers, bgnbd_expected_purchases(bgnbd, horizon, x, t_x, T), 0.0)
    alive = np.where(buyers, bgnbd_probability_alive(bgnbd, x, t_x, T), 0.0)
    value = np.where(average > 0, gamma_gamma_expected_value(gamma, x, average), 0.0)
    clv = np.nan_to_num(expected * value, nan=0.0, posinf=0.0, neginf=0.0)
    result = pd.DataFrame(
        {"clv": np.round(clv, 2), "probability_alive": np.round(alive, 4), "expected_purchases": np.round(expected, 3)},
        index=metrics.index,
    )
    names = ("r", "alpha", "a", "b", "p", "q", "v")
    return result, {"model": "bgnbd", **dict(zip(names, map(float, (*bgnbd, *gamma)), strict=True))}
