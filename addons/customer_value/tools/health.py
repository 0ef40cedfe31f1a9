"""Health of customers: pure functions over pandas, no ORM.

A health component scores one figure against two thresholds of its setting (a figure at
``full_at`` or better scores 100, at ``zero_at`` or worse 0, linearly between); the health
score is the weighted mean of the components a customer has data for, so a customer
without a survey answer is scored on the rest rather than given a made-up 0.
"""

import json
import math

import numpy as np
import pandas as pd

NO_BAND = "none"  # not enough data for a score
# the causes of a churn warning, in the order the reasons are told
WARNING_CAUSES = ("red", "drop", "silent")


def linear_score(values, full_at, zero_at):
    """0-100: 100 at ``full_at`` or beyond it, 0 at ``zero_at`` or beyond it, linear between
    (either may be the larger); a missing figure stays missing."""
    values = pd.Series(values, dtype="float64")
    share = (values - zero_at) / (full_at - zero_at)
    return share.clip(0.0, 1.0) * 100.0


def weighted_available(scores, weights, index):
    """Weighted mean 0-100, rounded to 0.1, of the component scores each customer has:
    a missing score leaves its weight out of that customer's mean; a customer without
    any is left missing.

    :param scores: {code: Series of scores 0-100 or NaN}
    :param weights: {code: weight > 0}
    """
    total = pd.Series(0.0, index=index)
    weight = pd.Series(0.0, index=index)
    for code, score in scores.items():
        score = score.reindex(index)
        total += score.fillna(0.0) * weights[code]
        weight += score.notna() * weights[code]
    return (total / weight.where(weight > 0)).round(1)


def bands(scores, green_from, amber_from):
    """``green`` from ``green_from``, ``amber`` from ``amber_from``, else ``red``;
    :data:`NO_BAND` without a score."""
    scores = pd.Series(scores, dtype="float64")
    chosen = np.select([scores >= green_from, scores >= amber_from, scores.notna()], ["green", "amber", "red"], NO_BAND)
    return pd.Series(chosen, index=scores.index, dtype="object")


def breakdown(scores, index):
    """Per customer, the JSON text of its component scores (``{"code": 72.5, ...}``, rounded
    to 0.1, a missing score null), written the way PostgreSQL writes ``jsonb`` back (keys by
    length, then alphabetically, numbers in their shortest form), so the stored text
    compares equal when nothing moved."""
    codes = sorted(scores, key=lambda code: (len(code), code))
    template = "{" + ", ".join(f"{json.dumps(code)}: %s" for code in codes) + "}"
    columns = [(scores[code].reindex(index).round(1) + 0.0).tolist() for code in codes]  # + 0.0: no "-0.0"
    # one formatting per customer: pandas' string columns would cost twice as much
    texts = [template % tuple("null" if math.isnan(x) else repr(x) for x in row) for row in zip(*columns, strict=True)]
    return pd.Series(texts if codes else "{}", index=index, dtype="object")


def breakdown_moved(scores, stored, enough):
    """Whether each customer's breakdown (see :func:`breakdown`) differs from the stored
    one, compared as numbers, so that the text is built only for the rows written.

    :param stored: per customer, ``breakdown_empty`` (none is stored),
        ``breakdown_same_keys`` (the stored one has the codes of ``scores``, no other) and
        ``breakdown__<code>``, the stored score of each code (NaN: null or missing)
    :param enough: whether the customer has a breakdown now (else it has none)
    """
    same = stored["breakdown_same_keys"].astype(bool)
    for code, score in scores.items():
        new = score.reindex(stored.index).round(1) + 0.0
        old = stored[f"breakdown__{code}"]
        same &= (new.isna() & old.isna()) | (new == old)
    return ~same.where(enough, stored["breakdown_empty"].astype(bool))


def warning_causes(bands_now, change, silence_days, active, drop_points, silence_limit):
    """Per customer, the causes of a churn warning that hold now, space-separated in the
    order of :data:`WARNING_CAUSES` (empty: none): its band is red, its score dropped by
    more than ``drop_points`` since its previous evaluation, or a customer who bought in
    the window (``active``) has had no interaction for ``silence_limit`` days or more."""
    holds = {
        "red": bands_now == "red",
        "drop": change.fillna(0.0) < -drop_points,
        "silent": active & (silence_days.fillna(0) >= silence_limit),
    }
    causes = pd.Series("", index=bands_now.index, dtype="object")
    for cause in WARNING_CAUSES:
        causes = causes.where(~holds[cause], causes + " " + cause)
    return causes.str.strip()


def newly_raised(causes, previous):
    """The customers with a cause in ``causes`` that was not in ``previous`` (the causes
    of the last run): those are warned, once; a cause that lasts warns no more, and one
    that went away warns again when it comes back."""
    previous = previous.reindex(causes.index).fillna("")
    raised = pd.Series(False, index=causes.index)
    moved = causes.fillna("") != previous  # only those can have a new cause
    causes, previous = causes[moved], previous[moved]
    for cause in WARNING_CAUSES:  # no cause's name is part of another's
        raised[moved] |= causes.str.contains(cause, regex=False) & ~previous.str.contains(cause, regex=False)
    return raised
