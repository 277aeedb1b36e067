"""What a customer is worth: customer value formulas of the lectures.

Chapter 01 uses :func:`simple_clv` and :func:`lifetime_profit` (retention
economics); chapter 02 adds the value-for-the-customer measures
(:func:`delivered_value`, :func:`gale_value`) and the current value of a
customer (:func:`current_value`). :func:`efficacy_coefficient` lives in
:mod:`helpers.indicators` with the other rescalings and is importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.indicators import efficacy_coefficient  # noqa: F401  (part of this module's API, see API.md)
from helpers.validation import as_number, as_vector


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


def clv_gain_from_retention(retention: float, discount: float, points: float = 0.05) -> float:
    """Relative rise in :func:`simple_clv` when retention rises by `points`.

    ``gain = CLV(r + points) / CLV(r) − 1``. The margin cancels out, so the
    gain depends only on the retention and discount rates: this is the
    "cut defections by 5 points" argument of Reichheld & Sasser (1990,
    "Zero defections: quality comes to services", Harvard Business Review
    68(5)) in the simplest customer-value model.

    Parameters
    ----------
    retention : float
        Retention rate per period before the improvement, in (0, 1).
    discount : float
        Discount rate per period, >= 0.
    points : float
        The improvement in retention, as a fraction (0.05 = 5 points); the
        new rate ``retention + points`` must stay below 1.

    Returns
    -------
    float
        The relative gain (0.244 means +24.4%).

    Examples
    --------
    >>> round(clv_gain_from_retention(0.75, 0.10), 3)
    0.244
    """
    retention = as_number(retention, "retention", low=0, high=1, low_open=True, high_open=True)
    points = as_number(points, "points", low=0, high=1, low_open=True)
    if retention + points >= 1:
        raise ValueError(
            f"retention + points must stay below 1 (a customer who never leaves has no finite CLV), "
            f"got {retention:g} + {points:g}"
        )
    before = simple_clv(1.0, retention, discount)
    after = simple_clv(1.0, retention + points, discount)
    return after / before - 1


# --- Chapter 02: value for the customer (顾客价值) and value of the customer (客户价值) ---


def delivered_value(benefits: Mapping[str, float], costs: Mapping[str, float]) -> float:
    """Customer delivered value (顾客让渡价值): total customer value − total customer cost.

    Kotler's decomposition, as in the lecture: total customer value is the sum
    of product, service, personnel and image value; total customer cost is the
    sum of money, time, energy (physical) and psychic cost, all measured on one
    scale (e.g. yuan, or points a customer would trade for money).

    Parameters
    ----------
    benefits : mapping
        Component name -> value, e.g. ``{"product": 60, "service": 20, ...}``;
        non-negative numbers.
    costs : mapping
        Component name -> cost, e.g. ``{"money": 50, "time": 10, ...}``;
        non-negative numbers.

    Returns
    -------
    float
        ``Σ benefits − Σ costs``; positive when the offer gives more than it takes.

    Examples
    --------
    >>> delivered_value({"product": 60, "service": 25}, {"money": 50, "time": 15})
    20.0
    """
    total_value = _component_sum(benefits, "benefits")
    total_cost = _component_sum(costs, "costs")
    return total_value - total_cost


def gale_value(weights: Any, ours: Any, competitor: Any) -> float:
    """Gale's weighted performance ratio: ``Σ wᵢ·(oursᵢ / competitorᵢ) / Σ wᵢ``.

    With quality ratings this is the market-perceived quality ratio MV_A
    (市场感知质量): above 1 the market rates our quality above the
    competitor's. With price-satisfaction ratings, called as
    ``gale_value(w, competitor_satisfaction, our_satisfaction)``, it is the
    lecture's relative price score CP_A (above 1: customers are less happy with
    our price than with the competitor's, i.e. we look dearer).

    Parameters
    ----------
    weights : array-like
        Importance weight of each attribute (non-negative, not all 0; any scale).
    ours, competitor : array-like
        Ratings of each attribute (positive), same length as `weights`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(gale_value([50, 30, 20], [8, 6, 9], [7, 6, 6]), 4)
    1.1714
    """
    w = as_vector(weights, "weights", nonnegative=True)
    a = as_vector(ours, "ours")
    b = as_vector(competitor, "competitor")
    if not len(w) == len(a) == len(b):
        raise ValueError(f"weights, ours and competitor must have the same length, got {len(w)}, {len(a)}, {len(b)}")
    if w.sum() == 0:
        raise ValueError("the weights are all 0; at least one must be positive")
    if (a <= 0).any() or (b <= 0).any():
        raise ValueError("ratings must be positive (a ratio with a zero or negative rating is meaningless)")
    return float(np.sum(w * a / b) / w.sum())


def current_value(price_paid: Any, production_cost: Any, fixed_marketing_cost: Any,
                  variable_marketing_cost: Any) -> Any:
    """Current value of a customer (当前价值) as the net profit they bring now.

    ``net profit = price actually paid − allocated production cost − fixed
    marketing cost − variable marketing cost`` (the lecture's definition). With
    ``gross profit = price paid − production cost`` this is gross profit minus
    the cost to serve.

    Parameters
    ----------
    price_paid, production_cost, fixed_marketing_cost, variable_marketing_cost : float or array-like
        Amounts in one currency, non-negative; arrays (one entry per customer)
        must have equal lengths.

    Returns
    -------
    float or numpy.ndarray
        Net profit (may be negative: a customer who costs more than they bring).

    Examples
    --------
    >>> current_value(1000, 600, 80, 120)
    200.0
    """
    parts = {"price_paid": price_paid, "production_cost": production_cost,
             "fixed_marketing_cost": fixed_marketing_cost, "variable_marketing_cost": variable_marketing_cost}
    if all(np.isscalar(v) for v in parts.values()):
        numbers = {name: as_number(value, name, low=0) for name, value in parts.items()}
        return (numbers["price_paid"] - numbers["production_cost"] - numbers["fixed_marketing_cost"]
                - numbers["variable_marketing_cost"])
    arrays = {}
    for name, value in parts.items():
        if np.isscalar(value):
            arrays[name] = np.array([as_number(value, name, low=0)])
        else:
            arrays[name] = as_vector(value, name, nonnegative=True)
    lengths = sorted({len(arrays[name]) for name, value in parts.items() if not np.isscalar(value)})
    if len(lengths) > 1:
        raise ValueError(f"the price and cost arrays must have the same length, got lengths {lengths}")
    return (arrays["price_paid"] - arrays["production_cost"] - arrays["fixed_marketing_cost"]
            - arrays["variable_marketing_cost"])


def _component_sum(components: Mapping[str, float], name: str) -> float:
    """Sum the non-negative values of a mapping of value or cost components."""
    if not isinstance(components, Mapping) or not components:
        raise ValueError(f"{name} must be a non-empty mapping such as {{'product': 60, 'service': 20}}")
    return float(sum(as_number(value, f"{name}[{key!r}]", low=0) for key, value in components.items()))
