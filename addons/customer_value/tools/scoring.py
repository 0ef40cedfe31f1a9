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

# The eleven named RFM segments on a 5 x 5 grid: rows are the recency score (5 = most
# recent), columns the combined frequency/monetary score (the mean of F and M, 1 .. 5).
# The cells follow the widely published R x FM segment map ("seg_map": hibernating [1-2][1-2],
# at risk [1-2][3-4], can't lose [1-2]5, about to sleep 3[1-2], need attention 33, loyal
# [3-4][4-5], promising 41, new 51, potential loyalist [4-5][2-3], champions 5[4-5]), which
# lays Putler's segment names out on the grid; its cell (R 1, FM 1) is the eleventh
# segment, Lost. Every cell has exactly one segment, so the mapping is total.
SEGMENT_GRID = {
    5: ("new", "potential_loyalist", "potential_loyalist", "champions", "champions"),
    4: ("promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "hibernating", "at_risk", "at_risk", "cant_lose"),
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
    if not values.max() > values.min():  # one value or none: cheaper than counting distinct values
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
    fm = (frequency_score.to_numpy() + monetary_score.to_numpy() + 1) // 2  # mean of F and M, halves up
    grid = np.array([SEGMENT_GRID[r] for r in range(1, SCORES + 1)], dtype=object)
    return pd.Series(grid[recency_score.to_numpy() - 1, fm - 1], index=recency_score.index, dtype="object")


def buyer_quintile_scores(values, bought, higher_is_better=True):
    """Quintile scores 1-5 among the customers who bought in the window (``bought``); the
    others score 1. Ranking everybody instead would tie the many customers without a
    purchase at the bottom of frequency and monetary value, and give them all the low
    recency scores: the low scores of buyers, and the segments built on them (at risk,
    can't lose, need attention ...), would go unused."""
    scores = pd.Series(1, index=values.index, dtype="int64")
    if bought.any():
        scores[bought] = quintile_scores(values[bought], higher_is_better)
    return scores


def weighted_score(scores, weights, index):
    """Weighted mean of component scores 0-100, rounded to 0.01 (empty without any weight).

    :param scores: {name: Series of scores 0-100}
    :param weights: {name: weight >= 0}; components with weight 0 are ignored
    """
    total = sum(weights[name] for name in scores)
    if total <= 0:
        return pd.Series(float("nan"), index=index)
    score = sum(scores[name].fillna(0.0) * weights[name] for name in scores if weights[name]) / total
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
    """Revenue concentration of the active customers: those with a positive net revenue
    in the window (lapsed customers would otherwise count in the "top p%" and inflate it).

    :return: dict with ``top_<p>`` (share of revenue of the top p% active customers, at
        least one customer), ``largest_share``, ``largest_partner_id`` and
        ``total_revenue``; shares in percent of the total positive net revenue (0 when
        there is none).
    """
    monetary = pd.Series(monetary, dtype="float64")
    positive = monetary[monetary > 0].sort_values(ascending=False, kind="mergesort")
    total = float(positive.sum())
    result = {"total_revenue": total, "largest_share": 0.0, "largest_partner_id": False}
    for pct in top_percents:
        result[f"top_{pct}"] = 0.0
    if positive.empty:
        return result
    count = len(positive)
    for pct in top_percents:
        top = max(1, math.ceil(count * pct / 100.0))
        result[f"top_{pct}"] = round(float(positive.iloc[:top].sum()) / total * 100.0, 2)
    result["largest_share"] = round(float(positive.iloc[0]) / total * 100.0, 2)
    result["largest_partner_id"] = int(positive.index[0])
    return result


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


def rfm_scores(metrics, settings):
    """R, F and M scores 1-5 and the named segment of each customer.

    :param metrics: DataFrame (any index) with ``recency_days``, ``frequency`` and ``monetary``
    :param settings: a :class:`~.settings.ScoringSettings`
    :return: DataFrame on the same index with ``recency_score``, ``frequency_score``,
        ``monetary_score`` and ``rfm_segment``
    """
    recency = metrics["recency_days"]
    if settings.method == "threshold":
        r = threshold_scores(recency, settings.recency_thresholds, higher_is_better=False)
        f = threshold_scores(metrics["frequency"], settings.frequency_thresholds)
        m = threshold_scores(metrics["monetary"], settings.monetary_thresholds)
    else:
        bought = metrics["frequency"] > 0
        r = buyer_quintile_scores(recency, bought, higher_is_better=False)
        f = buyer_quintile_scores(metrics["frequency"], bought)
        m = buyer_quintile_scores(metrics["monetary"], bought)
    scores = pd.DataFrame({"recency_score": r, "frequency_score": f, "monetary_score": m}, index=metrics.index)
    scores["rfm_segment"] = rfm_segments(r, f, m)
    return scores
