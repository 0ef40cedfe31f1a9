"""Money rounding for whole columns, as Odoo rounds one amount.

pandas and numpy round halves to even on binary floats (31.745, stored as 31.74499..., gives
31.74); Odoo's ``float_round`` nudges each value by a few ulps before rounding half away
from zero, so amounts round as a person would. This is the same arithmetic on arrays.
"""

import numpy as np
import pandas as pd

from odoo.tools.float_utils import float_invert


def round_money(values, rounding):
    """``values`` rounded to the currency's ``rounding`` (0.01, 0.05, 1 ...), halves away
    from zero; a Series keeps its index, anything else gives an ndarray."""
    array = np.asarray(values, dtype="float64")
    if rounding < 1:
        factor = float_invert(rounding)
        normalized = array * factor
    else:
        factor = 1.0 / rounding
        normalized = array / rounding
    with np.errstate(divide="ignore", invalid="ignore"):
        epsilon = np.exp2(np.log2(np.abs(normalized)) - 50)
    epsilon = np.where(np.isfinite(epsilon), epsilon, 0.0)
    rounded = np.round(normalized + np.copysign(epsilon, normalized))
    result = rounded / factor if rounding < 1 else rounded * rounding
    result = np.where(result == 0, 0.0, result)  # no negative zero
    if isinstance(values, pd.Series):
        return pd.Series(result, index=values.index, name=values.name)
    return result
