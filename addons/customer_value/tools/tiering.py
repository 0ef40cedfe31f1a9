"""Tier assignment with hysteresis: pure numpy/pandas functions, no ORM.

Tiers are handled by rank: 0 is the best tier, ``len(tiers) - 1`` the lowest, and
``NO_TIER`` (-1) a customer without a tier.
"""

import numpy as np
import pandas as pd

NO_TIER = -1


def share_ranked_ahead(value_score):
    """Percentage of customers with a strictly higher value score than each customer."""
    return (value_score.rank(method="min", ascending=False) - 1) / max(len(value_score), 1) * 100.0


def candidate_tiers(value_score, monetary, frequency, tiers, complaint_rate=None):
    """Rank of the best tier whose rule each customer meets now, or NO_TIER.

    A tier with ``top_percent`` p takes the customers with fewer than p% of all customers
    ranked strictly ahead of them by value score, so tied customers share a tier and a
    lone customer is at the top. Revenue and invoice thresholds must hold as well, and
    the complaint rate must stay below a tier's limit (a missing rate: no complaint).

    :param tiers: list of :class:`~.settings.TierRule`, best first
    """
    count = len(value_score)
    result = np.full(count, NO_TIER, dtype="int64")
    if not count:
        return pd.Series(result, index=value_score.index)
    share_ahead = share_ranked_ahead(value_score)
    if complaint_rate is None:
        complaint_rate = pd.Series(0.0, index=value_score.index)
    complaint_rate = complaint_rate.fillna(0.0)
    for rank in reversed(range(len(tiers))):  # the best tier is applied last and wins
        rule = tiers[rank]
        meets = (
            (share_ahead < rule.top_percent)
            & ((rule.min_revenue <= 0) | (monetary >= rule.min_revenue))  # 0: no minimum, even for net refunds
            & (frequency >= rule.min_invoices)
            & ((rule.max_complaint_rate <= 0) | (complaint_rate < rule.max_complaint_rate))
        )
        result[meets.to_numpy()] = rank
    return pd.Series(result, index=value_score.index)


def apply_hysteresis(state, tier_count, grace_reviews, review):
    """New tier of each customer from its current tier and the tier its figures earn now.

    - Upgrades and first assignments happen at once, straight to the earned tier.
    - On a review (``review=True``) only: a customer whose revenue grew for enough periods
      in a row (``growth``) moves up one tier even if its score does not earn it yet; a
      customer below its tier for ``grace_reviews`` consecutive reviews moves down one tier
      (never more), and the count restarts.
    - A locked customer is held at least at its locked tier (``floor``): it moves up as
      anybody does, and down only while it is above that tier.

    :param state: DataFrame with ``current``, ``candidate`` and ``floor`` (tier ranks or
        NO_TIER), ``below_count`` (int) and ``growth`` (bool)
    :return: DataFrame with ``tier`` (new rank), ``below_count`` and ``reason`` (one of
        ``initial``, ``criteria``, ``growth``, ``grace`` or empty when the tier is unchanged)
    """
    lowest = tier_count  # a rank below every tier stands for "no tier" in comparisons

    def ranks(column):
        values = state[column].to_numpy(dtype="int64")
        return np.where(values < 0, lowest, values)

    current, candidate, floor = ranks("current"), ranks("candidate"), ranks("floor")
    has_tier = current < lowest
    new = current.copy()
    below = state["below_count"].to_numpy(dtype="int64").copy()
    reason = np.full(len(state), "", dtype=object)

    initial = ~has_tier & (candidate < lowest)
    upgrade = has_tier & (candidate < current)
    new[initial | upgrade] = candidate[initial | upgrade]
    below[initial | upgrade] = 0
    reason[initial] = "initial"
    reason[upgrade] = "criteria"

    if review:
        growth = has_tier & (current > 0) & ~upgrade & state["growth"].to_numpy(dtype=bool)
        new[growth] = current[growth] - 1
        reason[growth] = "growth"
        steady = has_tier & (candidate == current) & ~growth
        worse = has_tier & (candidate > current) & ~growth
        held = worse & (current >= floor)  # at its locked tier: it cannot go lower
        worse &= ~held
        below[steady | growth | held] = 0
        below[worse] += 1
        downgrade = worse & (below >= grace_reviews)
        new[downgrade] = current[downgrade] + 1
        below[downgrade] = 0
        reason[downgrade] = "grace"

    new = np.where(new >= lowest, NO_TIER, new)
    return pd.DataFrame({"tier": new, "below_count": below, "reason": reason}, index=state.index)
