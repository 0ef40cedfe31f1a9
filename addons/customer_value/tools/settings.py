"""Plain settings objects handed to the pure scoring and tiering functions.

They carry no defaults on purpose: every value comes from the company's settings, whose
defaults are the fields' defaults (``models/res_company.py``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringSettings:
    """One company's scoring parameters (see the Customer Value settings for their meaning)."""

    window_days: int
    method: str  # "quintile" or "threshold"
    recency_thresholds: tuple
    frequency_thresholds: tuple
    monetary_thresholds: tuple
    abc_a_percent: float
    abc_b_percent: float
    value_threshold: float
    potential_threshold: float
    trend_period_days: int
    growth_percent: float
    growth_periods: int
    clv_horizon_days: int
    money_rounding: float  # the company currency's rounding (0.01 ...)


@dataclass(frozen=True)
class TierRule:
    """One value tier's qualifying rule; tiers are handed over best first."""

    tier_id: int
    top_percent: float
    min_revenue: float
    min_invoices: int
    max_complaint_rate: float = 0.0  # 0: no limit
