"""Customer lifetime value: pure numpy/scipy functions, no ORM.

- BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way") gives each
  customer's probability of still being active and the purchases expected over a horizon,
  from x (repeat purchases), t_x (time of the last purchase since the first) and T (time
  since the first purchase).
- Gamma-Gamma (Fader and Hardie 2013) gives the expected value of those purchases from
  the customer's average *repeat* purchase value (the first purchase left out, as in the
  paper).
- The two fits succeed or fail separately: without Gamma-Gamma, the expected purchases
  are valued at the customer's own average purchase; without BG/NBD, a plain heuristic
  takes over. The result says which model was used and why.

Times are in weeks, as in the published models; amounts in company currency. Rows are
fitted in the order of their index, so the same data (and the same previous fit, where the
fit starts) always gives the same parameters.
"""

import contextlib

import numpy as np
import pandas as pd
from scipy import optimize, special

from .scoring import heuristic_clv

MIN_CUSTOMERS = 30  # fewer customers than this give no stable fit
MIN_REPEAT_BUYERS = 10
FIT_SAMPLE = 50_000  # parameters are population-wide: a seeded sample fits them as well as everybody
DAYS_PER_WEEK = 7.0
LOG_BOUNDS = (np.log(1e-6), np.log(1e6))  # parameters are fitted on their logarithms, within these bounds
# the steepest slope of the log-likelihood on the logarithm of a parameter where a fit on
# the exact gradient may stop: a parameter 1% off costs 0.01 of log-likelihood there at
# most (the optima of the tests' data and of 50,000 synthetic customers have slopes under
# 0.01); a fit that stops on a steeper slope stopped where rounding hides the rise
MAX_SLOPE_AT_OPTIMUM = 1.0

# how the lifetime value of a run was computed (stored on the run)
MODEL_BOTH = "bgnbd_gamma_gamma"
MODEL_BGNBD = "bgnbd_average"
MODEL_HEURISTIC = "heuristic"


class FitError(ValueError):
    """A model could not be fitted to the data given; ``code`` says why."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _fit(total, starts, previous=None):
    """The positive parameters maximising the summed log-likelihood ``total``, optimised
    on their logarithms with a bounded quasi-Newton method from each start point; the best
    converged fit inside the bounds wins. A fit that runs to a bound found no optimum:
    where the data cannot tell two parameters apart, the likelihood rises along a ridge
    towards the bound, and another start may stop on that ridge at a usable point.

    The method follows the exact gradient that ``total(params, gradient=True)`` gives with
    the value: estimated by finite differences instead, each step took an evaluation more
    per parameter, and a fit about three times as long. Where no start converges inside the
    bounds that way, the fit is made again on finite differences, whose estimate of the
    slope flattens out on such a ridge, so that they stop on it at a usable point, where
    the exact gradient leads on to the bound. A fit on the exact gradient that stops on a
    steep slope (far out on a ridge, where the likelihood's rounding hides its rise) is no
    fit either.

    With ``previous`` (the parameters of the last run), the fit starts there alone: the
    customers change little from one night to the next, so it converges in a few steps;
    the start points are tried only if it does not converge.
    """
    if previous is not None:
        with contextlib.suppress(FitError):
            return _fit(total, [previous])

    def value_and_gradient(log_params):
        params = np.exp(log_params)
        value, gradient = total(params, gradient=True)
        return -value, -gradient * params  # d/d(log p) = p d/dp

    try:
        return _minimize(value_and_gradient, starts, exact_gradient=True)
    except FitError:
        return _minimize(lambda log_params: -total(np.exp(log_params)), starts, exact_gradient=False)


def _minimize(objective, starts, exact_gradient):
    """The parameters of the best fit of ``objective`` (a function of the logarithms of the
    parameters, with its gradient where ``exact_gradient``) from ``starts`` (see :func:`_fit`)."""
    best, failure = None, None
    with np.errstate(all="ignore"):
        for start in starts:
            result = optimize.minimize(
                objective,
                np.log(np.asarray(start, dtype="float64")),
                jac=exact_gradient,
                method="L-BFGS-B",
                bounds=[LOG_BOUNDS] * len(start),
                options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
            )
            if not result.success or not np.isfinite(result.fun):
                failure = str(result.message)
            elif exact_gradient and np.abs(result.jac).max() > MAX_SLOPE_AT_OPTIMUM:
                failure = "stopped short of an optimum"
            elif np.any(np.isclose(result.x, LOG_BOUNDS[0])) or np.any(np.isclose(result.x, LOG_BOUNDS[1])):
                failure = "a parameter reached its bound"
            elif best is None or result.fun < best.fun:
                best = result
    if best is None:
        raise FitError("no_convergence", failure)
    return np.exp(best.x)


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


def _distinct(x):
    """The distinct values of ``x`` and how many times each occurs."""
    return np.unique(np.asarray(x, dtype="float64"), return_counts=True)


def bgnbd_total_log_likelihood(x, t_x, T):
    """The function of (r, alpha, a, b) giving :func:`bgnbd_log_likelihood` summed over
    these customers, for the fit, which evaluates it hundreds of times. The same sum,
    computed for less: the terms of x alone once per distinct x (purchase counts repeat
    across customers), the log-gamma functions for those only. With ``gradient=True`` it
    gives the sum and its gradient: each customer's likelihood mixes the chance that it is
    still active (``stayed``) and that it dropped out after its last purchase (``dropped``),
    and the slope of its logarithm weighs the slopes of the two by their shares of the mix.
    The products over the customers are summed elementwise: as vector products (``@``)
    they took longer here than the rest of the gradient."""
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    values, counts = _distinct(x)
    position = np.searchsorted(values, x)
    customers = len(x)
    repeat = values > 0

    def total(params, gradient=False):
        r, alpha, a, b = params
        by_x = special.gammaln(r + values) + special.gammaln(b + values) - special.gammaln(a + b + values)
        common = customers * (special.gammaln(a + b) - special.gammaln(r) - special.gammaln(b) + r * np.log(alpha))
        with np.errstate(divide="ignore", invalid="ignore"):
            dropped_by_x = np.where(repeat, np.log(a) - np.log(np.maximum(b + values - 1, 1e-300)), -np.inf)
        log_stayed_time, log_dropped_time = np.log(alpha + T), np.log(alpha + t_x)
        stayed = -(r + x) * log_stayed_time
        dropped = dropped_by_x[position] - (r + x) * log_dropped_time
        mixed = np.logaddexp(stayed, dropped)
        value = common + counts @ by_x + mixed.sum()
        if not gradient:
            return value
        dropped_share = np.exp(dropped - mixed)  # 0 without repeat purchases
        stayed_share = 1.0 - dropped_share
        dropped_per_x = np.where(repeat, 1.0 / np.maximum(b + values - 1, 1e-300), 0.0)
        digamma_ab = special.digamma(a + b + values)
        slopes = np.array(
            [
                customers * (np.log(alpha) - special.digamma(r))
                + counts @ special.digamma(r + values)
                - (stayed_share * log_stayed_time + dropped_share * log_dropped_time).sum(),
                customers * r / alpha - ((r + x) * (stayed_share / (alpha + T) + dropped_share / (alpha + t_x))).sum(),
                customers * special.digamma(a + b) - counts @ digamma_ab + dropped_share.sum() / a,
                customers * (special.digamma(a + b) - special.digamma(b))
                + counts @ (special.digamma(b + values) - digamma_ab)
                - (dropped_share * dropped_per_x[position]).sum(),
            ]
        )
        return value, slopes

    return total


def fit_bgnbd(x, t_x, T, previous=None):
    """(r, alpha, a, b) maximising the BG/NBD likelihood."""
    if len(x) < MIN_CUSTOMERS or np.count_nonzero(np.asarray(x) > 0) < MIN_REPEAT_BUYERS:
        raise FitError("too_few_customers")
    mean_gap = max(float(np.mean(T)), 1.0)
    starts = [(1.0, 1.0, 1.0, 1.0), (0.5, mean_gap, 1.0, 2.0)]
    return _fit(bgnbd_total_log_likelihood(x, t_x, T), starts, previous)


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
    grow with x (but do with a and b, so neither form serves every fit on its own). The
    transformed form is computed for those customers only: 2F1 is most of this function's
    time.
    """
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    z = horizon / (alpha + T + horizon)
    c = a + b + x - 1
    with np.errstate(all="ignore"):
        term = np.array((1 - z) ** (r + x) * special.hyp2f1(r + x, b + x, c, z))
        overflow = ~np.isfinite(term)
        if overflow.any():
            z_over, c_over = (np.broadcast_to(values, term.shape)[overflow] for values in (z, c))
            term[overflow] = (1 - z_over) ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, c_over, z_over)
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


def gamma_gamma_total_log_likelihood(x, m):
    """The function of (p, q, v) giving :func:`gamma_gamma_log_likelihood` summed over these
    repeat buyers, for the fit: the log-gamma functions once per distinct x, the sums that
    do not depend on the parameters computed once; with ``gradient=True``, the sum and its
    gradient."""
    x, m = np.asarray(x, dtype="float64"), np.asarray(m, dtype="float64")
    values, counts = _distinct(x)
    log_m = np.log(m)
    sum_log_m, sum_x_log_m, sum_x_log_x = log_m.sum(), x @ log_m, x @ np.log(x)
    customers, spent = len(x), x * m

    def total(params, gradient=False):
        p, q, v = params
        by_x = special.gammaln(p * values + q) - special.gammaln(p * values)
        log_spent = np.log(spent + v)
        value = (
            counts @ by_x
            + customers * (q * np.log(v) - special.gammaln(q))
            + p * (sum_x_log_m + sum_x_log_x)
            - sum_log_m
            - ((p * x + q) * log_spent).sum()
        )
        if not gradient:
            return value
        digamma_pq = special.digamma(p * values + q)
        slopes = np.array(
            [
                counts @ (values * (digamma_pq - special.digamma(p * values)))
                + sum_x_log_m
                + sum_x_log_x
                - (x * log_spent).sum(),
                counts @ digamma_pq + customers * (np.log(v) - special.digamma(q)) - log_spent.sum(),
                customers * q / v - ((p * x + q) / (spent + v)).sum(),
            ]
        )
        return value, slopes

    return total


def fit_gamma_gamma(x, m, previous=None):
    """(p, q, v) maximising the Gamma-Gamma likelihood of repeat buyers with positive
    average repeat values.

    Besides the neutral start (1, 1, 1), a start from the moments of ``m``: with q = 4
    the population mean of the spend is p v / (q - 1), and p sets the spread of each
    customer's purchases (the smaller the spread between customers' averages, the larger p).
    """
    x, m = np.asarray(x, dtype="float64"), np.asarray(m, dtype="float64")
    if len(x) < MIN_REPEAT_BUYERS:
        raise FitError("too_few_repeat_buyers")
    mean = float(np.mean(m))
    spread = float(np.var(m)) / max(mean * mean, 1e-9)
    p0 = min(max(1.0 / max(spread, 1e-3), 0.5), 100.0)
    starts = [(1.0, 1.0, 1.0), (p0, 4.0, 3.0 * mean / p0)]
    params = _fit(gamma_gamma_total_log_likelihood(x, m), starts, previous)
    if params[1] <= 1:  # the expected value needs q > 1
        raise FitError("no_expected_value")
    return params


def gamma_gamma_expected_value(params, x, m):
    """Expected value of a purchase, shrinking each customer's average towards the mean
    (for a customer without repeat purchases, the population mean ``p v / (q - 1)``)."""
    p, q, v = params
    x, m = np.asarray(x, dtype="float64"), np.asarray(m, dtype="float64")
    return p * (v + x * m) / (p * x + q - 1)


def _previous(previous, names):
    """The previous parameters of one model, when all of them are there."""
    if previous and all(previous.get(name) for name in names):
        return tuple(float(previous[name]) for name in names)
    return None


def model_inputs(metrics):
    """The per-customer inputs of the two models from the engine's metrics.

    :param metrics: DataFrame with ``purchase_days`` (days with an invoice), ``tenure_days``
        (since the first), ``recency_days`` (since the last), ``lifetime_revenue`` and
        ``first_day_revenue`` (net revenue of the first purchase day)
    :return: DataFrame with ``x``, ``t_x``, ``T`` (weeks), ``repeat_value`` (average
        revenue of the repeat purchase days, the first left out; 0 without repeats) and
        ``average_value`` (average revenue of all purchase days)
    """
    purchases = metrics["purchase_days"].fillna(0).to_numpy(dtype="float64")
    buyers = purchases > 0
    x = np.where(buyers, purchases - 1, 0.0)
    T = metrics["tenure_days"].fillna(0).to_numpy(dtype="float64") / DAYS_PER_WEEK
    t_x = np.clip(T - metrics["recency_days"].fillna(0).to_numpy(dtype="float64") / DAYS_PER_WEEK, 0, None)
    lifetime = metrics["lifetime_revenue"].fillna(0).to_numpy(dtype="float64")
    repeat = lifetime - metrics["first_day_revenue"].fillna(0).to_numpy(dtype="float64")
    return pd.DataFrame(
        {
            "x": x,
            "t_x": t_x,
            "T": T,
            "repeat_value": np.divide(repeat, x, out=np.zeros_like(x), where=x > 0),
            "average_value": np.divide(lifetime, purchases, out=np.zeros_like(x), where=buyers),
        },
        index=metrics.index,
    )


def lifetime_values(metrics, window_days, horizon_days, seed=0, previous=None):
    """CLV of each customer over ``horizon_days``.

    :param metrics: DataFrame as for :func:`model_inputs`, plus ``frequency`` and
        ``monetary`` for the heuristic fallback
    :param previous: the parameters of the last fit (``r``, ``alpha`` ... ``v``), where the
        fits start when given
    :return: (DataFrame with ``clv``, ``probability_alive`` and ``expected_purchases`` on
        the index of ``metrics``, dict with ``model`` (one of the MODEL_* codes), the fitted
        parameters and, for a fit that failed, ``bgnbd_error`` / ``gamma_gamma_error``)
    """
    ordered = metrics.sort_index(kind="mergesort")
    inputs = model_inputs(ordered)
    x, t_x, T = (inputs[name].to_numpy() for name in ("x", "t_x", "T"))
    buyers = ordered["purchase_days"].fillna(0).to_numpy() > 0
    rng = np.random.default_rng(seed)
    fit_rows = np.flatnonzero(buyers)
    if len(fit_rows) > FIT_SAMPLE:
        fit_rows = np.sort(rng.choice(fit_rows, FIT_SAMPLE, replace=False))
    info = {}
    try:
        bgnbd = fit_bgnbd(x[fit_rows], t_x[fit_rows], T[fit_rows], _previous(previous, ("r", "alpha", "a", "b")))
        info.update(dict(zip(("r", "alpha", "a", "b"), map(float, bgnbd), strict=True)))
    except FitError as error:
        info["bgnbd_error"] = error.code
        clv = heuristic_clv(
            ordered["frequency"], ordered["monetary"], ordered["recency_days"], window_days, horizon_days
        )
        result = pd.DataFrame(
            {"clv": clv.to_numpy(), "probability_alive": np.nan, "expected_purchases": np.nan}, index=ordered.index
        )
        return result.reindex(metrics.index), {"model": MODEL_HEURISTIC, **info}
    repeat_value = inputs["repeat_value"].to_numpy()
    spenders = fit_rows[(x[fit_rows] > 0) & (repeat_value[fit_rows] > 0)]
    try:
        gamma = fit_gamma_gamma(x[spenders], repeat_value[spenders], _previous(previous, ("p", "q", "v")))
        info.update(dict(zip(("p", "q", "v"), map(float, gamma), strict=True)))
        value = gamma_gamma_expected_value(gamma, x, np.clip(repeat_value, 0, None))
        model = MODEL_BOTH
    except FitError as error:
        info["gamma_gamma_error"] = error.code
        value = np.clip(inputs["average_value"].to_numpy(), 0, None)
        model = MODEL_BGNBD
    expected = np.where(buyers, bgnbd_expected_purchases(bgnbd, horizon_days / DAYS_PER_WEEK, x, t_x, T), 0.0)
    alive = np.where(buyers, bgnbd_probability_alive(bgnbd, x, t_x, T), 0.0)
    clv = np.nan_to_num(expected * np.where(buyers, value, 0.0), nan=0.0, posinf=0.0, neginf=0.0)
    result = pd.DataFrame(
        {"clv": clv, "probability_alive": np.round(alive, 4), "expected_purchases": np.round(expected, 3)},
        index=ordered.index,
    )
    return result.reindex(metrics.index), {"model": model, **info}
