"""What a customer is worth: customer value formulas of the lectures.

Chapter 01 uses :func:`simple_clv` and :func:`lifetime_profit` (retention
economics); chapter 02 adds the value-for-the-customer measures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.validation import as_number


def simple_clv(margin: float, retention: float, discount: float) -> float:
    """Customer lifetime value with a constant margin and retention rate.

    ``CLV = m · r / (1 + d − r)``: the present value of the margin ``m`` earned
    at the end of each period the customer is still there, when a customer
    stays from one period to the next with probability ``r`` and money is
    discounted at rate ``d`` per period (Gupta & Lehmann 2003, "Customers as
    assets", J. Interactive Marketing 17(1), eq. 2).

    Parameters
    ----------
    margin : float
        Margin per customer per period (currency), >= 0.
    retention : float
        Retention rate per period, in [0, 1).
    discount : float
        Discount rate per period, >= 0.

    Returns
    -------
    float

    Examples
    --------
    >>> round(simple_clv(100, 0.8, 0.1), 2)
    266.67
    """
    margin = as_number(margin, "margin", low=0)
    retention = as_number(retention, "retention", low=0, high=1, high_open=True)
    discount = as_number(discount, "discount", low=0)
    return margin * retention / (1 + discount - retention)


def lifetime_profit(margin: float, retention: float, discount: float,
                    periods: int = 20) -> pd.DataFrame:
    """Period-by-period view of :func:`simple_clv`.

    Parameters
    ----------
    margin, retention, discount : float
        As in :func:`simple_clv`.
    periods : int
        How many periods to list (1 to 1000).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (1..periods) with ``survival`` (r^t, share of a
        cohort still a customer), ``expected_margin`` (m · r^t), ``discounted``
        (m · r^t / (1 + d)^t) and ``cumulative_value``, which tends to
        :func:`simple_clv` as the periods grow.
    """
    simple_clv(margin, retention, discount)  # validates the three rates
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or not 1 <= periods <= 1000:
        raise ValueError(f"periods must be a whole number from 1 to 1000, got {periods!r}")
    t = np.arange(1, periods + 1)
    survival = retention**t
    discounted = margin * survival / (1 + discount) ** t
    return pd.DataFrame(
        {
            "survival": survival,
            "expected_margin": margin * survival,
            "discounted": discounted,
            "cumulative_value": np.cumsum(discounted),
        },
        index=pd.Index(t, name="period"),
    )
