"""The pure scoring and tiering functions, on the edge cases the engine must get right."""

import numpy as np
import pandas as pd
import pytest

from odoo.tools import float_round

from odoo.addons.customer_value.tools import health, scoring, tiering
from odoo.addons.customer_value.tools.money import round_money
from odoo.addons.customer_value.tools.settings import ScoringSettings, TierRule

SETTINGS = ScoringSettings(
    window_days=365,
    method="quintile",
    recency_thresholds=(30, 90, 180, 365),
    frequency_thresholds=(2, 4, 8, 12),
    monetary_thresholds=(1000, 5000, 20000, 50000),
    abc_a_percent=80,
    abc_b_percent=15,
    value_threshold=50,
    potential_threshold=50,
    trend_period_days=90,
    growth_percent=20,
    growth_periods=2,
    clv_horizon_days=1095,
    money_rounding=0.01,
)


def test_quintiles_split_distinct_values_evenly():
    scores = scoring.quintile_scores(pd.Series(range(10)))
    assert scores.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_quintiles_lower_is_better_reverses_scores():
    scores = scoring.quintile_scores(pd.Series([1, 10, 100, 1000, 10000]), higher_is_better=False)
    assert scores.tolist() == [5, 4, 3, 2, 1]


def test_quintile_ties_at_an_edge_share_the_lower_score():
    # three customers tied across the 2/3 boundary of 10 all take the score of the lowest
    scores = scoring.quintile_scores(pd.Series([1, 2, 3, 3, 3, 6, 7, 8, 9, 10]))
    assert scores.tolist() == [1, 1, 2, 2, 2, 3, 4, 4, 5, 5]
    # many one-invoice customers above a few without invoices stay in the bottom fifth
    frequency = scoring.quintile_scores(pd.Series([0] * 10 + [1] * 40 + [2] * 25 + [5] * 25))
    assert frequency.iloc[10] == 1 and frequency.iloc[50] == 3 and frequency.iloc[-1] == 4


def test_one_customer_or_all_tied_sit_in_the_middle():
    assert scoring.quintile_scores(pd.Series([42.0])).tolist() == [3]
    assert scoring.quintile_scores(pd.Series([7, 7, 7, 7])).tolist() == [3, 3, 3, 3]
    assert scoring.percentile_rank(pd.Series([5.0])).tolist() == [50.0]


def test_no_customer_gives_empty_results():
    empty = pd.Series([], dtype="float64")
    assert scoring.quintile_scores(empty).empty
    assert scoring.abc_classes(empty, 80, 15).empty
    result = scoring.concentration(empty)
    assert result["largest_share"] == 0 and result["largest_partner_id"] is False


def test_threshold_scores_follow_cut_points():
    recency = scoring.threshold_scores(pd.Series([0, 30, 31, 90, 200, 365, 366]), (30, 90, 180, 365), False)
    assert recency.tolist() == [5, 5, 4, 4, 2, 2, 1]
    frequency = scoring.threshold_scores(pd.Series([0, 1, 2, 4, 7, 8, 12, 50]), (2, 4, 8, 12))
    assert frequency.tolist() == [1, 1, 2, 3, 3, 4, 5, 5]


# The published R x FM segment map, written out cell by cell (R score down, mean of F and
# M across), independently of the module's table: any cell moved in the code turns this red.
PUBLISHED_GRID = """
    FM:   1               2                   3                   4            5
R5:     new             potential_loyalist  potential_loyalist  champions    champions
R4:     promising       potential_loyalist  potential_loyalist  loyal        loyal
R3:     about_to_sleep  about_to_sleep      need_attention      loyal        loyal
R2:     hibernating     hibernating         at_risk             at_risk      cant_lose
R1:     lost            hibernating         at_risk             at_risk      cant_lose
"""


def _published_cells():
    rows = [line.split() for line in PUBLISHED_GRID.strip().splitlines()[1:]]
    return {(int(row[0][1]), fm): segment for row in rows for fm, segment in enumerate(row[1:], start=1)}


def test_all_25_cells_of_the_segment_grid():
    cells = _published_cells()
    assert len(cells) == 25
    for (r, fm), segment in cells.items():
        # F = M = fm gives that FM column
        got = scoring.rfm_segments(pd.Series([r]), pd.Series([fm]), pd.Series([fm]))[0]
        assert got == segment, f"R{r} FM{fm}"


def test_every_score_combination_has_one_segment():
    r, f, m = (pd.Series(grid.ravel()) for grid in np.meshgrid(range(1, 6), range(1, 6), range(1, 6)))
    segments = scoring.rfm_segments(r, f, m)
    assert segments.notna().all()
    assert set(segments) == {
        "champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
        "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost",
    }  # fmt: skip
    lookup = dict(zip(zip(r, f, m, strict=True), segments, strict=True))
    assert lookup[(5, 5, 5)] == "champions"
    assert lookup[(1, 1, 1)] == "lost"
    assert lookup[(1, 5, 5)] == "cant_lose"
    assert lookup[(5, 1, 1)] == "new"
    assert lookup[(4, 5, 4)] == "loyal", "F 5 and M 4 average to 4.5, rounded up to 5"
    assert lookup[(3, 3, 2)] == "need_attention", "F 3 and M 2 average to 2.5, rounded up to 3"


def test_scores_use_the_whole_scale_when_most_customers_bought_nothing_in_the_window():
    """A population shaped like a public retail data set: 65% of the customers who ever
    bought have no purchase in the window."""
    rng = np.random.default_rng(3)
    count = 2000
    lapsed = rng.random(count) < 0.65
    frequency = np.where(lapsed, 0, rng.geometric(0.35, count))
    monetary = np.where(lapsed, 0.0, frequency * rng.lognormal(5, 1, count))
    recency = np.where(lapsed, rng.integers(366, 1100, count), rng.integers(0, 365, count))
    metrics = pd.DataFrame(
        {
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
            "revenue_trend": rng.normal(0, 30, count),
            "clv": monetary * 2,
            "tenure_days": recency + rng.integers(0, 700, count),
        }
    )
    scores = scoring.rfm_scores(metrics, SETTINGS)
    for column in ("recency_score", "frequency_score", "monetary_score"):
        assert set(scores[column]) == {1, 2, 3, 4, 5}, column
    assert set(scores["rfm_segment"]) == {code for row in scoring.SEGMENT_GRID.values() for code in row}
    assert (scores.loc[lapsed, ["recency_score", "frequency_score", "monetary_score"]] == 1).all().all()
    assert (scores.loc[lapsed, "rfm_segment"] == "lost").all(), "no purchase in the window: lost"
    buyers = scores.loc[~lapsed, "frequency_score"]
    assert buyers.value_counts().min() > 0.05 * len(buyers), "buyers are spread over the five scores"


def test_abc_classes_cut_revenue_at_80_and_95_percent():
    monetary = pd.Series([50, 30, 10, 5, 3, 2], index=[1, 2, 3, 4, 5, 6], dtype="float64")
    classes = scoring.abc_classes(monetary, 80, 15)
    # 50 (0% before) A, 30 (50% before) A, 10 (80% before) B, 5 (90%) B, 3 (95%) C, 2 C
    assert classes.to_dict() == {1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c"}


def test_abc_ties_share_a_class_and_refunds_go_to_c():
    monetary = pd.Series([40, 40, 20, -500, 0], index=[1, 2, 3, 4, 5], dtype="float64")
    classes = scoring.abc_classes(monetary, 30, 15)
    assert classes[1] == classes[2] == "a"  # the second 40 starts at 40% but ties with the first
    assert classes[4] == "c" and classes[5] == "c"
    assert (scoring.abc_classes(pd.Series([-10.0, -5.0]), 80, 15) == "c").all()


def test_concentration_shares():
    monetary = pd.Series([60] + [4] * 10, index=range(100, 111), dtype="float64")
    result = scoring.concentration(monetary)
    assert result["total_revenue"] == 100
    assert result["largest_share"] == 60 and result["largest_partner_id"] == 100
    assert result["top_1"] == 60  # at least one customer
    assert result["top_20"] == pytest.approx(68)  # ceil(11 * 20%) = 3 customers


def test_concentration_counts_active_customers_only():
    # ten customers bought in the window, ninety lapsed ones have no revenue in it
    monetary = pd.Series([100.0] * 10 + [0.0] * 90, index=range(100))
    result = scoring.concentration(monetary)
    assert result["top_10"] == 10, "the top 10% of ten active customers is one customer of ten equal ones"
    assert result["top_20"] == 20


def test_heuristic_clv_decays_for_silent_customers():
    clv = scoring.heuristic_clv(
        frequency=pd.Series([12, 12, 0]),
        monetary=pd.Series([12000.0, 12000.0, 0.0]),
        recency_days=pd.Series([10, 365, 400]),
        window_days=365,
        horizon_days=365,
    )
    assert clv[0] == pytest.approx(12000)  # buys monthly and bought recently: a year of purchases
    assert 0 < clv[1] < clv[0] / 5  # silent for a year although it bought monthly
    assert clv[2] == 0


def test_buyers_are_ranked_among_themselves():
    frequency = pd.Series([0, 0, 0, 1, 2, 3, 4, 5])
    scores = scoring.buyer_quintile_scores(frequency, frequency > 0)
    assert scores.tolist() == [1, 1, 1, 1, 2, 3, 4, 5]


def test_money_rounds_halves_away_from_zero_as_odoo_does():
    assert round_money([190.47 / 6], 0.01)[0] == 31.75, "31.745 is stored as 31.7449999...: pandas gives 31.74"
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.uniform(-1000, 1000, 2000).round(3), [2.675, -2.675, 0.005, 1.005, 0.0]])
    for rounding in (0.01, 0.05, 1.0, 0.001):
        expected = [float_round(value, precision_rounding=rounding) for value in values]
        assert round_money(values, rounding).tolist() == pytest.approx(expected, abs=1e-12), rounding
    series = round_money(pd.Series([1.005], index=[7]), 0.01)
    assert series.to_dict() == {7: 1.01}


def test_rfm_scores_and_segments_end_to_end():
    metrics = pd.DataFrame(
        {
            "recency_days": [5, 40, 200, 300, 350, 800],
            "frequency": [20, 8, 3, 2, 1, 0],
            "monetary": [50000.0, 9000.0, 1200.0, 500.0, 300.0, -100.0],
        },
        index=[11, 12, 13, 14, 16, 15],
    )
    scores = scoring.rfm_scores(metrics, SETTINGS)
    assert scores.loc[11, "rfm_segment"] == "champions"
    assert scores.loc[15, "rfm_segment"] == "lost"
    assert scores.loc[11, ["recency_score", "frequency_score", "monetary_score"]].tolist() == [5, 5, 5]


def test_threshold_method_uses_cut_points():
    metrics = pd.DataFrame({"recency_days": [10, 10], "frequency": [12, 12], "monetary": [60000.0, 60000.0]})
    settings = ScoringSettings(**{**SETTINGS.__dict__, "method": "threshold"})
    scores = scoring.rfm_scores(metrics, settings)
    assert scores[["recency_score", "frequency_score", "monetary_score"]].to_numpy().tolist() == [[5, 5, 5]] * 2


def test_weighted_score_of_components():
    index = pd.Index([1, 2])
    scores = {"a": pd.Series([100.0, 0.0], index=index), "b": pd.Series([0.0, 50.0], index=index)}
    assert scoring.weighted_score(scores, {"a": 3, "b": 1}, index).tolist() == [75.0, 12.5]
    assert scoring.weighted_score({"a": scores["a"]}, {"a": 1, "b": 0}, index).tolist() == [100.0, 0.0]
    assert scoring.weighted_score({}, {"a": 0}, index).isna().all(), "no weight, no score"


RULES = [TierRule(1, 5, 0, 0), TierRule(2, 20, 0, 0), TierRule(3, 50, 0, 0), TierRule(4, 100, 0, 0)]


def test_candidate_tiers_by_share_ranked_ahead():
    value = pd.Series(np.arange(100, 0, -1, dtype="float64"))  # 100 distinct scores, best first
    ranks = tiering.candidate_tiers(value, pd.Series(np.full(100, 1.0)), pd.Series(np.ones(100)), RULES)
    assert (ranks.value_counts().sort_index().tolist()) == [5, 15, 30, 50]


def test_candidate_tiers_ties_and_a_lone_customer():
    lone = tiering.candidate_tiers(pd.Series([3.0]), pd.Series([1.0]), pd.Series([1]), RULES)
    assert lone.tolist() == [0]
    tied = tiering.candidate_tiers(pd.Series([9.0] * 10), pd.Series([1.0] * 10), pd.Series([1] * 10), RULES)
    assert set(tied) == {0}


def test_candidate_tiers_respect_thresholds():
    rules = [TierRule(1, 50, 1000, 0), TierRule(2, 100, 0, 0)]
    ranks = tiering.candidate_tiers(pd.Series([10.0, 9.0]), pd.Series([500.0, 5000.0]), pd.Series([1, 1]), rules)
    assert ranks.tolist() == [1, 1]  # the best scored customer lacks revenue; the second is not in the top 50%


def _state(**columns):
    base = {"current": [0], "candidate": [0], "below_count": [0], "floor": [tiering.NO_TIER], "growth": [False]}
    base.update({key: [value] for key, value in columns.items()})
    return pd.DataFrame(base)


def test_hysteresis_upgrades_at_once_and_assigns_first_tiers():
    result = tiering.apply_hysteresis(_state(current=3, candidate=0), 4, 2, review=False)
    assert result.loc[0, "tier"] == 0 and result.loc[0, "reason"] == "criteria"
    result = tiering.apply_hysteresis(_state(current=-1, candidate=2), 4, 2, review=False)
    assert result.loc[0, "tier"] == 2 and result.loc[0, "reason"] == "initial"


def test_hysteresis_never_downgrades_outside_reviews():
    result = tiering.apply_hysteresis(_state(current=0, candidate=3), 4, 2, review=False)
    assert result.loc[0, "tier"] == 0 and result.loc[0, "below_count"] == 0


def test_hysteresis_downgrades_one_step_after_the_grace_reviews():
    first = tiering.apply_hysteresis(_state(current=0, candidate=3), 4, 2, review=True)
    assert first.loc[0, "tier"] == 0 and first.loc[0, "below_count"] == 1 and first.loc[0, "reason"] == ""
    second = tiering.apply_hysteresis(_state(current=0, candidate=3, below_count=1), 4, 2, review=True)
    assert second.loc[0, "tier"] == 1 and second.loc[0, "below_count"] == 0 and second.loc[0, "reason"] == "grace"


def test_hysteresis_recovery_resets_the_count():
    result = tiering.apply_hysteresis(_state(current=1, candidate=1, below_count=1), 4, 2, review=True)
    assert result.loc[0, "below_count"] == 0 and result.loc[0, "tier"] == 1


def test_hysteresis_lowest_tier_drops_to_none_when_nothing_qualifies():
    result = tiering.apply_hysteresis(_state(current=3, candidate=-1, below_count=1), 4, 2, review=True)
    assert result.loc[0, "tier"] == tiering.NO_TIER and result.loc[0, "reason"] == "grace"


def test_hysteresis_growth_moves_up_one_tier_on_reviews():
    result = tiering.apply_hysteresis(_state(current=2, candidate=3, growth=True), 4, 2, review=True)
    assert result.loc[0, "tier"] == 1 and result.loc[0, "reason"] == "growth"
    top = tiering.apply_hysteresis(_state(current=0, candidate=0, growth=True), 4, 2, review=True)
    assert top.loc[0, "tier"] == 0 and top.loc[0, "reason"] == ""


def test_hysteresis_holds_locked_customers_at_their_tier_but_lets_them_rise():
    held = tiering.apply_hysteresis(_state(current=1, candidate=3, below_count=5, floor=1), 4, 2, review=True)
    assert held.loc[0, "tier"] == 1 and held.loc[0, "reason"] == "" and held.loc[0, "below_count"] == 0
    risen = tiering.apply_hysteresis(_state(current=1, candidate=0, floor=1), 4, 2, review=False)
    assert risen.loc[0, "tier"] == 0 and risen.loc[0, "reason"] == "criteria", "a lock does not block upgrades"
    above = tiering.apply_hysteresis(_state(current=0, candidate=3, below_count=1, floor=1), 4, 2, review=True)
    assert above.loc[0, "tier"] == 1 and above.loc[0, "reason"] == "grace", "down to the locked tier, not below"


def test_a_breakdown_moves_when_a_score_or_the_set_of_components_does():
    scores = {"rhythm": pd.Series([50.04, 50.0, np.nan, 70.0, 80.0, 90.0])}
    stored = pd.DataFrame(
        {
            "breakdown_empty": [False, False, False, False, True, False],
            "breakdown_same_keys": [True, True, True, False, False, True],
            "breakdown__rhythm": [50.0, 50.1, np.nan, 70.0, np.nan, 90.0],
        }
    )
    enough = pd.Series([True, True, True, True, False, False])
    moved = health.breakdown_moved(scores, stored, enough)
    # rounded to 0.1 as stored; 50.0 is not 50.1; null against null; a component more or less;
    # no data now and none stored; no data now but one stored
    assert moved.tolist() == [False, True, False, True, False, True]
