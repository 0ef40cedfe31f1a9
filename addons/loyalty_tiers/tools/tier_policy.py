"""The membership tier policy, as pure functions of ranks and dates (no ORM).

Ranks count tiers from the bottom: 0 is no tier, 1 the lowest, and so on. A member moves up
as soon as the rolling qualification reaches a higher tier; moving down waits for the
qualification anniversary plus a grace period and then goes one step only.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class TierDecision:
    rank: int
    since: date | None
    reason: str | None  # "upgrade", "downgrade", "renewal" or None when nothing changes


def qualified_rank(thresholds, figure):
    """The highest rank whose threshold ``figure`` reaches; ``thresholds`` ascend by rank."""
    rank = 0
    for position, threshold in enumerate(thresholds, start=1):
        if figure >= threshold:
            rank = position
    return rank


def decide_tier(current, qualified, since, today, grace_days):
    """Where a member with tier ``current`` held ``since`` stands on ``today`` when the
    rolling qualification reaches ``qualified``."""
    if qualified > current:
        return TierDecision(qualified, today, "upgrade")
    if current == 0 or since is None:
        return TierDecision(current, since, None)
    anniversary = since + relativedelta(years=1)
    if today < anniversary:
        return TierDecision(current, since, None)
    if qualified >= current:
        return TierDecision(current, anniversary, "renewal")
    if today < anniversary + timedelta(days=grace_days):
        return TierDecision(current, since, None)
    return TierDecision(current - 1, today, "downgrade")
