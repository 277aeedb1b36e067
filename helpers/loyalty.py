"""Customer loyalty: attitude and behaviour, the loyalty score, and the satisfaction-loyalty curve.

1. :func:`purchase_behaviour` counts each customer's purchases in a period
   (the behavioural side of loyalty, from the transaction log).
2. :func:`loyalty_types` crosses attitude with repeat purchasing: true,
   latent, spurious and no loyalty (Dick & Basu 1994; the lecture's 2x2).
3. :func:`loyalty_score` combines the lecture's loyalty indicators into one
   weighted 0-100 score.
4. :func:`satisfaction_curve` gives the share of customers who stay at each
   satisfaction level, with a 95% interval; :func:`step_intervals` gives
   the change from each level to the next with a bootstrap interval; and
   :func:`curve_zones` groups the levels into the zones of defection,
   indifference and affection (Jones & Sasser 1995) *from the data*: a new
   zone begins only where retention clearly rises (the step's interval lies
   above zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from helpers.rfm import rfm_table
from helpers.validation import (
    as_date,
    as_dates,
    as_number,
    as_vector,
    require_columns,
    require_unique,
)

LOYALTY_TYPES: dict[tuple[bool, bool], str] = {
    (True, True): "true loyalty",
    (True, False): "latent loyalty",
    (False, True): "spurious loyalty",
    (False, False): "no loyalty",
}
"""(attitude high?, repeat purchase high?) -> loyalty type."""

LOYALTY_TYPES_ZH: dict[str, str] = {
    "true loyalty": "忠诚",
    "latent loyalty": "潜在忠诚",
    "spurious loyalty": "虚伪忠诚",
    "no loyalty": "不忠诚",
}
"""The lecture's Chinese name of each loyalty type."""

ZONES: list[str] = ["defection", "indifference", "affection"]
"""The zones of the satisfaction-loyalty curve, from low to high satisfaction."""


def purchase_behaviour(transactions: pd.DataFrame, customers: Any, start: Any, end: Any) -> pd.DataFrame:
    """Purchases of each customer between `start` and `end` (both days included).

    Parameters
    ----------
    transactions : pandas.DataFrame
        With ``customer_id``, ``date`` and ``amount``, like ``load("transactions")``.
    customers : sequence
        The customer ids wanted (customers who bought nothing get zeros).
    start, end : date-like
        The first and last day of the period.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id, with ``orders`` (int), ``spend`` (float) and
        ``repeat`` (bought at least once in the period, bool).
    """
    require_columns(transactions, ["customer_id", "date", "amount"], "transactions")
    start, end = as_date(start, "start", "2024-01-01"), as_date(end, "end", "2024-12-31")
    if end < start:
        raise ValueError(f"end ({end.date()}) is before start ({start.date()})")
    ids = pd.Index(customers, name="customer_id")
    if ids.empty:
        raise ValueError("customers must be a non-empty list of distinct customer ids")
    require_unique(ids, "customers (the customer ids)")
    if ids.hasnans:
        raise ValueError("customers has a missing customer id (None/NaN/pd.NA); drop it first")
    days = as_dates(transactions["date"], "column 'date'")
    window = transactions.loc[(days >= start) & (days <= end)].assign(date=days)
    table = pd.DataFrame({"orders": 0, "spend": 0.0}, index=ids)
    if not window.empty:
        summary = rfm_table(window, asof=end + pd.Timedelta(days=1))
        found = summary.index.intersection(ids)
        table.loc[found, "orders"] = summary.loc[found, "frequency"].to_numpy()
        table.loc[found, "spend"] = summary.loc[found, "monetary"].to_numpy()
    table["repeat"] = table["orders"] > 0
    return table


def loyalty_types(attitude: Any, behaviour: Any, attitude_cut: float, behaviour_cut: float) -> np.ndarray:
    """Classify customers by attitude x repeat purchase.

    A value at or above its cut-off counts as high.

    Parameters
    ----------
    attitude : sequence of float
        Attitudinal loyalty, e.g. the mean of preference and recommendation items.
    behaviour : sequence of float
        Behavioural loyalty, e.g. the number of repeat purchases.
    attitude_cut, behaviour_cut : float
        Where "high" begins on each axis.

    Returns
    -------
    numpy.ndarray of str
        ``"true loyalty"`` (high, high), ``"latent loyalty"`` (high attitude,
        low behaviour), ``"spurious loyalty"`` (low attitude, high behaviour)
        or ``"no loyalty"``.

    Examples
    --------
    >>> loyalty_types([6, 6, 2, 2], [5, 0, 5, 0], attitude_cut=4, behaviour_cut=2).tolist()
    ['true loyalty', 'latent loyalty', 'spurious loyalty', 'no loyalty']
    """
    a = as_vector(attitude, "attitude")
    b = as_vector(behaviour, "behaviour")
    if a.size != b.size:
        raise ValueError(f"attitude and behaviour must have one value per customer; got {a.size} and {b.size}")
    a_cut = as_number(attitude_cut, "attitude_cut")
    b_cut = as_number(behaviour_cut, "behaviour_cut")
    return np.array([LOYALTY_TYPES[(bool(x >= a_cut), bool(y >= b_cut))] for x, y in zip(a, b, strict=True)])


def loyalty_score(indicators: pd.DataFrame, weights: Mapping[str, float],
                  bounds: Mapping[str, tuple[float, float]],
                  reverse: Any = ()) -> pd.Series:
    """Weighted loyalty score on 0-100 from several indicators.

    Each indicator is put on 0-1 by its bounds, ``(x - low) / (high - low)``
    (turned round, ``1 - ...``, for the indicators in `reverse`, where more
    means less loyal, such as price sensitivity), then the weighted sum is
    multiplied by 100.

    Parameters
    ----------
    indicators : pandas.DataFrame
        One row per customer, one column per indicator.
    weights : dict
        Indicator -> weight; non-negative, summing to 1.
    bounds : dict
        Indicator -> (low, high): the scale's ends (survey items) or the
        range to cap at (counts; values above ``high`` count as ``high``).
    reverse : collection of str
        Indicators where a high value means low loyalty.

    Returns
    -------
    pandas.Series
        The score per customer, 0 to 100, named ``loyalty_score``.
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError("weights must be a non-empty dict {indicator: weight}")
    require_columns(indicators, list(weights), "indicators")
    w = as_vector(list(weights.values()), "weights", nonnegative=True)
    if not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise ValueError(f"weights must sum to 1, got {w.sum():g}; divide them by their sum first")
    unknown = [name for name in reverse if name not in weights]
    if unknown:
        raise KeyError(f"reverse names indicator(s) {unknown} that have no weight")
    score = pd.Series(0.0, index=indicators.index)
    for name, weight in zip(weights, w, strict=True):
        if name not in bounds:
            raise KeyError(f"bounds has no (low, high) for indicator {name!r}")
        low, high = (as_number(v, f"bounds[{name!r}]") for v in bounds[name])
        if high <= low:
            raise ValueError(f"bounds[{name!r}] must be (low, high) with low < high, got {bounds[name]}")
        values = as_vector(indicators[name], f"indicator {name!r}")
        if (values < low).any():
            raise ValueError(f"indicator {name!r} has values below its lower bound {low:g}, e.g. {values[values < low][0]:g}")
        unit = (np.minimum(values, high) - low) / (high - low)
        if name in reverse:
            unit = 1 - unit
        score += weight * unit
    return (100 * score).rename("loyalty_score")


def satisfaction_curve(satisfaction: Any, retained: Any, confidence: float = 0.95) -> pd.DataFrame:
    """The share of customers who stayed, at each satisfaction level, with a Wilson interval.

    Parameters
    ----------
    satisfaction : sequence of int
        Each customer's satisfaction answer (e.g. 1-5).
    retained : sequence of bool
        Whether the customer bought again afterwards.
    confidence : float
        The coverage of the interval (0.95 by default).

    Returns
    -------
    pandas.DataFrame
        Indexed by satisfaction level (sorted), with ``customers``,
        ``retention`` (share retained) and ``low``, ``high`` (the Wilson
        score interval of that share; Wilson 1927).
    """
    s = as_vector(satisfaction, "satisfaction")
    r = as_vector(retained, "retained", min_size=0)  # nullable boolean: pd.NA is named, not a TypeError
    if r.ndim != 1 or r.size != s.size:
        raise ValueError(f"retained must have one value per customer ({s.size}), got shape {r.shape}")
    if not np.isin(r, [0, 1]).all():
        raise ValueError("retained must be True/False (or 1/0) for every customer")
    confidence = as_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    if np.array_equal(s, np.round(s)):
        s = s.astype(int)  # answer levels such as 1..5 stay whole numbers in the index
    frame = pd.DataFrame({"satisfaction": s, "retained": r.astype(float)})
    curve = frame.groupby("satisfaction").agg(customers=("retained", "size"), retention=("retained", "mean"))
    if len(curve) < 3:
        raise ValueError(f"need at least 3 satisfaction levels to draw the curve, got {len(curve)}")
    z = stats.norm.ppf(0.5 + confidence / 2)
    n, p = curve["customers"].to_numpy(float), curve["retention"].to_numpy(float)
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    curve["low"], curve["high"] = centre - half, centre + half
    return curve


def step_intervals(levels: Any, outcome: Any, n_boot: int = 2000, confidence: float = 0.95,
                   seed: int = 0) -> pd.DataFrame:
    """The change of the mean outcome from each level to the next, with a bootstrap interval.

    The customers of each level are resampled with replacement (separately
    per level, ``n_boot`` times); the interval is the percentile interval of
    the resampled differences (Efron & Tibshirani 1993, ch. 13).

    Parameters
    ----------
    levels : sequence of int
        Each customer's level, e.g. the satisfaction answer 1-5.
    outcome : sequence of float or bool
        What is compared, e.g. bought again (True/False) or orders next year.
    n_boot : int
        Number of bootstrap samples.
    confidence : float
        The coverage of the interval.
    seed : int
        Seed of the resampling, so that the interval is the same every run.

    Returns
    -------
    pandas.DataFrame
        One row per step between adjacent levels, indexed ``"1->2"`` ...,
        with ``from``, ``to``, ``change`` (mean at ``to`` minus mean at
        ``from``), ``low`` and ``high``.
    """
    x = as_vector(levels, "levels")
    y = as_vector(np.asarray(outcome, dtype=float) if np.asarray(outcome).dtype == bool else outcome, "outcome")
    if x.size != y.size:
        raise ValueError(f"levels and outcome must have one value per customer; got {x.size} and {y.size}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be a whole number of at least 100, got {n_boot!r}")
    confidence = as_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    values = np.unique(x)
    if values.size < 2:
        raise ValueError("need at least 2 levels to compare")
    rng = np.random.default_rng(seed)
    means, boot = [], []
    for value in values:
        group = y[x == value]
        means.append(group.mean())
        boot.append(group[rng.integers(0, group.size, size=(n_boot, group.size))].mean(axis=1))
    tail = 100 * (1 - confidence) / 2
    rows = []
    for k in range(values.size - 1):
        diff = boot[k + 1] - boot[k]
        low, high = np.percentile(diff, [tail, 100 - tail])
        a, b = values[k], values[k + 1]
        label = f"{a:g}->{b:g}"
        rows.append({"step": label, "from": a, "to": b, "change": means[k + 1] - means[k], "low": low, "high": high})
    return pd.DataFrame(rows).set_index("step")


def curve_zones(curve: pd.DataFrame, steps: pd.DataFrame) -> pd.Series:
    """Group the satisfaction levels into zones where the data show a clear rise in retention.

    Walking up the levels, a new zone begins at a step whose interval lies
    wholly above zero (retention clearly rises); levels joined by a step whose
    interval includes zero cannot be told apart and share a zone. The lowest
    zone is called *defection*, the highest *affection*, any between
    *indifference* (Jones & Sasser 1995's names). With only two groups there
    is no zone of indifference; with one, no zones at all (an error).

    Parameters
    ----------
    curve : pandas.DataFrame
        The result of :func:`satisfaction_curve`.
    steps : pandas.DataFrame
        The result of :func:`step_intervals` on the same customers, with
        ``from``, ``to`` and ``low`` for each pair of adjacent levels.

    Returns
    -------
    pandas.Series
        Satisfaction level -> zone name.

    Examples
    --------
    >>> curve = pd.DataFrame({"retention": [0.1, 0.15, 0.4, 0.45, 0.9]}, index=[1, 2, 3, 4, 5])
    >>> steps = pd.DataFrame({"from": [1, 2, 3, 4], "to": [2, 3, 4, 5], "low": [-0.05, 0.1, -0.04, 0.3]})
    >>> curve_zones(curve, steps).tolist()
    ['defection', 'defection', 'indifference', 'indifference', 'affection']
    """
    require_columns(curve, ["retention"], "curve")
    require_columns(steps, ["from", "to", "low"], "steps")
    levels = list(curve.index)
    pairs = list(zip(steps["from"], steps["to"], strict=True))
    expected = list(zip(levels[:-1], levels[1:], strict=True))
    if [(float(a), float(b)) for a, b in pairs] != [(float(a), float(b)) for a, b in expected]:
        raise ValueError(f"steps must join the curve's adjacent levels {expected}, got {pairs}")
    group = np.concatenate([[0], np.cumsum(steps["low"].to_numpy(float) > 0)])
    n_groups = int(group[-1]) + 1
    if n_groups == 1:
        raise ValueError("no step of the curve clearly rises (every interval includes 0); there are no zones to find")
    names = [ZONES[0]] + [ZONES[1]] * (n_groups - 2) + [ZONES[2]]
    return pd.Series([names[g] for g in group], index=curve.index, name="zone")
