"""Lifecycle stages of customers: pure functions over pandas, no ORM.

A customer's stage follows from its tenure, its silence and its revenue trend, and, for a
customer who comes back, from the stage it had: the rules are a company's (see
``res_company_lifecycle.py``), the order in which they are tried is :func:`stages`'.
"""

from datetime import timedelta

import numpy as np
import pandas as pd

PROSPECT = "prospect"  # a customer who has not bought yet: never a value record's stage
CHURNED = "churned"
WON_BACK = "won_back"


def stages(frame, previous, since, date, rules):
    """The stage of each customer (index of ``frame``) on ``date``.

    Tried in order: *churned* without an invoice for ``rules["churned_days"]``; *won back*
    for a customer who was churned, and stays so for ``rules["new_days"]`` after its return;
    *new* within ``rules["new_days"]`` of its first invoice; *declining* when its revenue
    trend is ``-rules["decline_percent"]`` or lower; *mature* once its tenure reaches
    ``rules["mature_days"]``, unless its revenue grows by ``rules["growth_percent"]`` or
    more; *growth* otherwise.

    :param frame: ``tenure_days``, ``recency_days``, ``revenue_trend`` (%, missing: no trend)
    :param previous: the stage each customer had (missing: none yet)
    :param since: the date each customer entered its stage (missing: none yet)
    """
    trend = frame["revenue_trend"]
    churned = frame["recency_days"] >= rules["churned_days"]
    returned_lately = pd.to_datetime(since) > pd.Timestamp(date - timedelta(days=rules["new_days"]))
    won_back = ~churned & ((previous == CHURNED) | ((previous == WON_BACK) & returned_lately))
    new = frame["tenure_days"] < rules["new_days"]
    declining = trend <= -rules["decline_percent"]
    mature = (frame["tenure_days"] >= rules["mature_days"]) & ~(trend >= rules["growth_percent"])
    chosen = np.select(
        [churned, won_back, new, declining, mature],
        [CHURNED, WON_BACK, "new", "declining", "mature"],
        "growth",
    )
    return pd.Series(chosen, index=frame.index, dtype="object")
