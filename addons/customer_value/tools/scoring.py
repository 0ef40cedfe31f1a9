"""Customer value scoring: pure pandas/numpy functions, no ORM.

The models read per-customer aggregates with SQL, hand them to these functions as
pandas objects indexed by partner id, and write the results back in bulk. Keeping the
arithmetic here makes it testable on edge cases and measurable in benchmarks on its own.

Conventions: percentiles are in [0, 100]; scores are integers 1-5; ties always receive
the same score, class or percentile, so no customer's result depends on row order.
"""

import math

import numpy as np
import pandas as pd

SCORES = 5

# Standard RFM segments on a 5 x 5 grid: rows are the recency score (5 = most recent),
# columns the combined frequency/monetary score (1 .. 5). Every cell has exactly one
# segment, so the mapping is total and deterministic.
SEGMENT_GRID = {
    5: ("new", "potential_loyalist", "potential_loyalist", "champions", "champions"),
    4: ("promising", "potential_loyalist", "potential_loyalist", "loyal", "champions"),
    3: ("promising", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "lost", "at_risk", "cant_lose", "cant_lose"),
}

QUADRANTS = ("strategic_core", "value_maintenance", "key_development", "general")


def percentile_rank(values, higher_is_better=True):
    """Mid-rank percentile in (0, 100): the share of customers below, plus half the ties.

    A lone customer, or a group of tied customers, sits in the middle (50), so a single
    customer is neither best nor worst and tied customers never split across a boundary.
    """
    values = pd.Series(values, dtype="float64")
    if values.empty:
        return values
    pct = (values.rank(method="average") - 0.5) / len(values) * 100.0
    return pct if higher_is_better else 100.0 - pct


def quintile_scores(values, higher_is_better=True):
    """Scores 1-5 by quintile of the share of customers ranked strictly worse.

    Tied customers share the score of the lowest of them, as quantile cut points do
    (many customers with one invoice all score 1 on frequency). With no spread at all,
    one customer or all tied, there is nothing to rank and everyone gets the middle score 3.
    """
    values = pd.Series(values, dtype="float64")
    if values.nunique() <= 1:
        return pd.Series(3, index=values.index, dtype="int64")
    worse = (values if higher_is_better else -values).rank(method="min") - 1
    return (np.floor(worse / len(values) * SCORES) + 1).clip(1, SCORES).astype("int64")


def threshold_scores(values, thresholds, higher_is_better=True):
    """Scores 1-5 from four ascending cut points.

    Higher is better (frequency, monetary): value >= t1 gives 2, >= t2 gives 3, and so on.
    Lower is better (recency in days): value <= t1 gives 5, <= t2 gives 4, and so on.
    """
    values = pd.Series(values, dtype="float64")
    cuts = np.asarray(thresholds, dtype="float64")
    if higher_is_better:
        scores = np.searchsorted(cuts, values.to_numpy(), side="right") + 1
    else:
        scores = SCORES - np.searchsorted(cuts, values.to_numpy(), side="left")
    return pd.Series(scores, index=values.index, dtype="int64")


def rfm_segments(recency_score, frequency_score, monetary_score):
    """Named segment of each customer from its R, F and M scores (see SEGMENT_GRID)."""
    fm = (frequency_score + monetary_score + 1) // 2  # mean of F and M, halves rounded up
    lookup = {(r, c + 1): seg for r, row in SEGMENT_GRID.items() for c, seg in enumerate(row)}
    return pd.Series(
        [lookup[key] for key in zip(recency_score, fm, strict=True)],
        index=recency_score.index,
        dtype="object",
    )


def weighted_percentile_score(components, weights):
    """Weighted mean of percentiles, 0-100.

    :param components: {name: percentile Series}
    :param weights: {name: weight >= 0}; components with weight 0 are ignored
    """
    total = sum(weights[name] for name in components)
    if total <= 0:
        raise ValueError("At least one weight must be positive.")
    score = sum(components[name] * weights[name] for name in components) / total
    return score.round(2)


def abc_classes(monetary, a_percent, b_percent):
    """Pareto class per customer.

    A: the customers that make the first ``a_percent`` of revenue (the one that crosses the
    line included), B: the next ``b_percent``, C: the rest and every customer whose net
    revenue is zero or negative. Customers with equal revenue share a class.
    """
    monetary = pd.Series(monetary, dtype="float64")
    classes = pd.Series("c", index=monetary.index, dtype="object")
    positive = monetary[monetary > 0].sort_values(ascending=False, kind="mergesort")
    total = positive.sum()
    if positive.empty or total <= 0:
        return classes
    share_before = (positive.cumsum() - positive) / total * 100.0
    share_before = share_before.groupby(positive).transform("min")  # ties share a class
    classes[share_before.index[share_before < a_percent]] = "a"
    classes[share_before.index[(share_before >= a_percent) & (share_before < a_percent + b_percent)]] = "b"
    return classes


def concentration(monetary, top_percents=(1, 5, 10, 20)):
    """Revenue concentration of a customer base.

    :return: dict with ``top_<p>`` (share of revenue of the top p% customers, at least one
        customer), ``largest_share``, ``largest_partner_id`` and ``total_revenue``; shares
        in percent of the total positive net revenue (0 when there is none).
    """
    monetary = pd.Series(monetary, dtype="float64")
    positive = monetary[monetary > 0].sort_values(ascending=False, kind="mergesort")
    total = float(positive.sum())
    result = {"total_revenue": total, "largest_share": 0.0, "largest_partner_id": False}
    for pct in top_percents:
        result[f"top_{pct}"] = 0.0
    if positive.empty:
        return result
    count = len(monetary)
    for pct in top_percents:
        top = max(1, math.ceil(count * pct / 100.0))
        result[f"top_{pct}"] = round(float(positive.iloc[:top].sum()) / total * 100.0, 2)
    result["largest_share"] = round(float(positive.iloc[0]) / total * 100.0, 2)
    result["largest_partner_id"] = int(positive.index[0])
    return result


def revenue_trend(last_period, previous_period):
    """Change of net revenue between two periods, in percent.

    From nothing to something counts as +100%, from something to nothing as -100%.
    """
    last = pd.Series(last_period, dtype="float64")
    prev = pd.Series(previous_period, dtype="float64")
    trend = (last - prev) / prev.abs() * 100.0
    trend[(prev == 0) & (last > 0)] = 100.0
    trend[(prev == 0) & (last < 0)] = -100.0
    trend[(prev == 0) & (last == 0)] = 0.0
    return trend.round(2)


def growth_streak(period_revenues, min_growth_percent):
    """Number of consecutive periods, newest first, in which revenue grew by at least
    ``min_growth_percent`` over the period before (which must have had revenue).

    :param period_revenues: DataFrame, column 0 the newest period, then older ones
    """
    periods = period_revenues.to_numpy(dtype="float64")
    newer, older = periods[:, :-1], periods[:, 1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        grew = (older > 0) & ((newer - older) / older * 100.0 >= min_growth_percent)
    # length of the leading run of True in each row
    streak = np.where(grew.all(axis=1), grew.shape[1], np.argmin(grew, axis=1))
    return pd.Series(streak, index=period_revenues.index, dtype="int64")


def heuristic_clv(frequency, monetary, recency_days, window_days, horizon_days):
    """Plain lifetime-value estimate over a horizon, when the BG/NBD model cannot be fitted.

    Expected purchases = purchase rate in the window x horizon x a survival factor that
    stays 1 while the customer is within twice its usual gap between invoices and then
    decays as the gap grows. Value = expected purchases x average invoice value.
    """
    frequency = pd.Series(frequency, dtype="float64")
    monetary = pd.Series(monetary, dtype="float64")
    recency = pd.Series(recency_days, dtype="float64").fillna(float(window_days) * 10)
    usual_gap = window_days / frequency.where(frequency > 0)
    alive = (2.0 * usual_gap / recency.where(recency > 0)).clip(upper=1.0).fillna(1.0)
    average = (monetary / frequency.where(frequency > 0)).clip(lower=0.0)
    expected = frequency / window_days * horizon_days * alive
    return (expected * average).fillna(0.0).round(2)


def quadrants(value_score, potential_score, value_threshold, potential_threshold):
    """Value x potential quadrant of each customer."""
    high_value = value_score >= value_threshold
    high_potential = potential_score >= potential_threshold
    choice = np.select(
        [high_value & high_potential, high_value, high_potential],
        ["strategic_core", "value_maintenance", "key_development"],
        default="general",
    )
    return pd.Series(choice, index=value_score.index, dtype="object")


def customer_metrics(aggregates, reference_date, settings):
    """Per-customer metrics from the SQL aggregates of one chunk.

    :param aggregates: DataFrame indexed by partner id with ``first_invoice_date``,
        ``last_invoice_date``, ``last_move_date``, ``frequency``, ``monetary``,
        ``purchase_days``, ``lifetime_revenue``, ``category_count`` and the net revenue of consecutive trend
        periods in ``period_0`` (the newest), ``period_1`` ...
    :param settings: a :class:`ScoringSettings`
    """
    ref = pd.Timestamp(reference_date)
    metrics = aggregates[
        [
            "first_invoice_date",
            "last_invoice_date",
            "frequency",
            "purchase_days",
            "monetary",
            "lifetime_revenue",
            "category_count",
        ]
    ].copy()
    last_activity = pd.to_datetime(aggregates["last_invoice_date"]).fillna(pd.to_datetime(aggregates["last_move_date"]))
    metrics["recency_days"] = (ref - last_activity).dt.days.astype("int64")
    metrics["tenure_days"] = (ref - pd.to_datetime(aggregates["first_invoice_date"])).dt.days.fillna(0).astype("int64")
    frequency = metrics["frequency"].astype("float64")
    metrics["average_invoice_value"] = (metrics["monetary"] / frequency.where(frequency > 0)).fillna(0.0).round(2)
    periods = aggregates.filter(regex=r"^period_\d+$").astype("float64")
    metrics["revenue_last_period"] = periods["period_0"]
    metrics["revenue_previous_period"] = periods["period_1"]
    metrics["revenue_trend"] = revenue_trend(periods["period_0"], periods["period_1"])
    metrics["growth_streak"] = growth_streak(periods, settings.growth_percent)
    return metrics


def score_customers(metrics, settings):
    """Population-wide scores of one company's customers.

    :param metrics: DataFrame (any index) with ``recency_days``, ``frequency``, ``monetary``,
        ``revenue_trend``, ``clv`` and ``tenure_days``
    :return: DataFrame on the same index with ``recency_score``, ``frequency_score``,
        ``monetary_score``, ``rfm_segment``, ``value_score``, ``potential_score``,
        ``abc_class`` and ``quadrant``
    """
    recency = metrics["recency_days"]
    if settings.method == "threshold":
        r = threshold_scores(recency, settings.recency_thresholds, higher_is_better=False)
        f = threshold_scores(metrics["frequency"], settings.frequency_thresholds)
        m = threshold_scores(metrics["monetary"], settings.monetary_thresholds)
    else:
        r = quintile_scores(recency, higher_is_better=False)
        f = quintile_scores(metrics["frequency"])
        m = quintile_scores(metrics["monetary"])
    scores = pd.DataFrame({"recency_score": r, "frequency_score": f, "monetary_score": m}, index=metrics.index)
    scores["rfm_segment"] = rfm_segments(r, f, m)
    scores["value_score"] = weighted_percentile_score(
        {
            "recency": percentile_rank(recency, higher_is_better=False),
            "frequency": percentile_rank(metrics["frequency"]),
            "monetary": percentile_rank(metrics["monetary"]),
        },
        settings.value_weights,
    )
    scores["potential_score"] = weighted_percentile_score(
        {
            "trend": percentile_rank(metrics["revenue_trend"]),
            "clv": percentile_rank(metrics["clv"]),
            "tenure": percentile_rank(metrics["tenure_days"], higher_is_better=False),
        },
        settings.potential_weights,
    )
    scores["abc_class"] = abc_classes(metrics["monetary"], settings.abc_a_percent, settings.abc_b_percent)
    scores["quadrant"] = quadrants(
        scores["value_score"], scores["potential_score"], settings.value_threshold, settings.potential_threshold
    )
    return scores
