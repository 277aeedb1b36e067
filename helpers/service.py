"""Customer service management in numbers: call-centre service levels and service-facility site selection.

1. :func:`call_service_levels` measures a call centre (呼叫中心) the way its
   service-level agreement does: the share of offered calls answered within
   a target time (the "service level", e.g. 80% within 20 s), the average
   speed of answer, the abandonment rate and first-contact resolution.
2. :func:`site_scores` ranks candidate sites for a service facility
   (服务设施选址) with the weighted-factor method: every factor is put on
   0-100 (qualitative factors are already panel points; quantitative ones are
   scaled between the worst and the best candidate, costs turned round) and
   the points are weighted and summed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from helpers.validation import as_number, as_vector, require_columns

CALL_COLUMNS = ["wait_seconds", "abandoned", "resolved_first_contact"]
"""The columns :func:`call_service_levels` needs (like ``load("calls")``)."""


def _bool_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """Return a True/False column as bool, or raise if it holds anything else."""
    values = frame[column]
    if values.isna().any() or not values.isin([True, False]).all():
        raise ValueError(f"column {column!r} must hold True/False for every call")
    return values.astype(bool)


def call_service_levels(calls: pd.DataFrame, by: str | list[str] | None = None,
                        target_seconds: float = 20.0) -> pd.DataFrame:
    """Service levels of a call centre, overall or per group.

    Parameters
    ----------
    calls : pandas.DataFrame
        One row per call offered (answered or abandoned), with
        ``wait_seconds`` (wait until answered, or until the caller hung up),
        ``abandoned`` (bool) and ``resolved_first_contact`` (bool; only an
        answered call can be resolved), like ``load("calls")``.
    by : str or list of str, optional
        Column(s) to group by, e.g. ``"queue"`` or ``"hour"``; one row for
        all calls if not given.
    target_seconds : float
        The answer-time target of the service level (20 s in the common
        "80/20" agreement).

    Returns
    -------
    pandas.DataFrame
        Per group (sorted): ``offered`` (calls), ``answered``,
        ``service_level`` (answered within the target / offered: abandoned
        calls count as missed), ``asa_seconds`` (average speed of answer:
        mean wait of the answered calls), ``abandonment`` (abandoned /
        offered) and ``fcr`` (first-contact resolution: resolved at the first
        contact / answered).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If waits are negative or missing, a flag is not True/False, an
        abandoned call is marked resolved, or the target is not positive.

    Examples
    --------
    >>> calls = pd.DataFrame({"wait_seconds": [5, 30, 60, 10], "abandoned": [False, False, True, False],
    ...                       "resolved_first_contact": [True, False, False, True]})
    >>> call_service_levels(calls).round(3).iloc[0].to_dict()
    {'offered': 4.0, 'answered': 3.0, 'service_level': 0.5, 'asa_seconds': 15.0, 'abandonment': 0.25, 'fcr': 0.667}
    """
    require_columns(calls, CALL_COLUMNS, "calls")
    target = as_number(target_seconds, "target_seconds", low=0, low_open=True)
    wait = calls["wait_seconds"]
    if wait.isna().any() or (wait < 0).any():
        raise ValueError("wait_seconds must be non-negative numbers with none missing")
    abandoned = _bool_column(calls, "abandoned")
    resolved = _bool_column(calls, "resolved_first_contact")
    if (abandoned & resolved).any():
        raise ValueError(f"{int((abandoned & resolved).sum())} abandoned call(s) are marked resolved_first_contact; "
                         "only an answered call can be resolved")
    frame = pd.DataFrame({
        "offered": 1,
        "answered": (~abandoned).astype(int),
        "in_target": (~abandoned & (wait <= target)).astype(int),
        "answered_wait": wait.where(~abandoned, 0.0).astype(float),
        "abandoned": abandoned.astype(int),
        "resolved": resolved.astype(int),
    }, index=calls.index)
    if by is None:
        sums = frame.sum().to_frame("all").T
    else:
        keys = [by] if isinstance(by, str) else list(by)
        require_columns(calls, keys, "calls")
        sums = frame.groupby([calls[key] for key in keys], sort=True).sum()
    answered = sums["answered"].replace(0, np.nan)
    table = pd.DataFrame({
        "offered": sums["offered"],
        "answered": sums["answered"],
        "service_level": sums["in_target"] / sums["offered"],
        "asa_seconds": sums["answered_wait"] / answered,
        "abandonment": sums["abandoned"] / sums["offered"],
        "fcr": sums["resolved"] / answered,
    })
    return table


def _points(values: np.ndarray, cost: bool) -> np.ndarray:
    """Scale values to 0-100 between the worst (0) and the best (100) candidate."""
    low, high = values.min(), values.max()
    if high == low:
        return np.full(values.shape, 100.0)  # no candidate is better: everyone gets full points
    points = 100 * (values - low) / (high - low)
    return 100 - points if cost else points


def site_scores(sites: pd.DataFrame, weights: Mapping[str, float],
                quantitative: Collection[str] = (), costs: Collection[str] = (),
                name: str = "site") -> pd.DataFrame:
    """The weighted-factor score of each candidate site.

    Parameters
    ----------
    sites : pandas.DataFrame
        One row per candidate, with a `name` column and one column per factor.
    weights : dict
        Factor -> weight; non-negative, summing to 1.
    quantitative : collection of str
        Factors measured in their own units (cost, population, ...); they are
        scaled to 0-100 between the worst and the best candidate. The other
        factors must already be points on 0-100 (a panel's ratings).
    costs : collection of str
        Quantitative factors where less is better (labour cost, utilities).
    name : str
        The column naming the candidates.

    Returns
    -------
    pandas.DataFrame
        Indexed by candidate, sorted from the best score down: the points
        of every factor (0-100) and ``score`` (the weighted sum, 0-100).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If weights are negative or do not sum to 1, a cost factor is not
        quantitative, or panel points lie outside 0-100.

    Examples
    --------
    >>> sites = pd.DataFrame({"site": ["A", "B"], "skills": [80, 60], "rent": [10.0, 6.0]})
    >>> site_scores(sites, {"skills": 0.5, "rent": 0.5}, quantitative=["rent"], costs=["rent"])["score"].to_dict()
    {'B': 80.0, 'A': 40.0}
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError("weights must be a non-empty dict {factor: weight}")
    require_columns(sites, [name, *weights], "sites")
    w = as_vector(list(weights.values()), "weights", nonnegative=True)
    if not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise ValueError(f"weights must sum to 1, got {w.sum():g}; divide them by their sum first")
    unknown = [factor for factor in [*quantitative, *costs] if factor not in weights]
    if unknown:
        raise KeyError(f"factor(s) {unknown} have no weight; weights has {list(weights)}")
    not_quantitative = [factor for factor in costs if factor not in quantitative]
    if not_quantitative:
        raise ValueError(f"cost factor(s) {not_quantitative} must also be listed in quantitative")
    if sites[name].duplicated().any():
        raise ValueError(f"column {name!r} names a candidate twice")
    table = pd.DataFrame(index=pd.Index(sites[name], name=name))
    for factor in weights:
        values = as_vector(sites[factor], f"factor {factor!r}")
        if factor in quantitative:
            table[factor] = _points(values, cost=factor in costs)
        else:
            if ((values < 0) | (values > 100)).any():
                raise ValueError(f"factor {factor!r} must be panel points on 0-100 (or list it in quantitative)")
            table[factor] = values
    table["score"] = table[list(weights)].to_numpy() @ w
    return table.sort_values("score", ascending=False, kind="stable")
