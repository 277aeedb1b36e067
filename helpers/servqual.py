"""SERVQUAL: service quality as the gap between perception and expectation.

Parasuraman, Zeithaml & Berry (1988) measure service quality with 22 paired
statements on a 7-point scale: once as what the customer *expects* of an
excellent firm (E), once as what they *perceive* of this firm (P). Quality is
the gap ``Q = P - E``: negative where the firm falls short.

1. :data:`DIMENSIONS` maps the five dimensions to their items.
2. :func:`gaps` gives E, P and Q per dimension; :func:`item_gaps` per item.
3. :func:`weighted_score` weights the dimension gaps by the mean importance
   (a shortcut); :func:`respondent_scores` weights each respondent's own gaps
   by their own points, as Zeithaml, Parasuraman & Berry (1990) do, and
   :func:`importance_intervals` bootstraps the importance weights.
4. :func:`importance_performance` places each dimension in one of the four
   quadrants of the importance-performance grid (Martilla & James 1977),
   crossed where :func:`grid_crossing` says: at the equal share of
   importance and at a gap of zero (a gap below zero is a shortfall).
5. :func:`survey_parts` and :func:`segment_gaps` read a survey table laid out
   like ``load("servqual")`` (columns ``E1..E22``, ``P1..P22``,
   ``imp_<dimension>``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers.validation import as_vector, require_columns, require_complete

DIMENSIONS: dict[str, list[int]] = {
    "tangibles": [1, 2, 3, 4],
    "reliability": [5, 6, 7, 8, 9],
    "responsiveness": [10, 11, 12, 13],
    "assurance": [14, 15, 16, 17],
    "empathy": [18, 19, 20, 21, 22],
}
"""The 22 SERVQUAL items by dimension (Parasuraman, Zeithaml & Berry 1988)."""

DIMENSION_NAMES_ZH: dict[str, str] = {
    "tangibles": "可感知性",
    "reliability": "可靠性",
    "responsiveness": "反应性",
    "assurance": "保证性",
    "empathy": "移情性",
}
"""The lecture's Chinese name of each dimension."""

ITEM_LABELS: dict[int, str] = {
    1: "modern equipment", 2: "appealing facilities", 3: "neat staff", 4: "appealing materials",
    5: "keeps promises on time", 6: "sincere help with problems", 7: "right the first time",
    8: "service at the promised time", 9: "error-free records",
    10: "tells when service will happen", 11: "prompt service", 12: "always willing to help",
    13: "never too busy to respond",
    14: "staff instil confidence", 15: "customers feel safe", 16: "courteous staff",
    17: "staff know the answers",
    18: "individual attention", 19: "convenient hours", 20: "personal attention",
    21: "customers' best interests at heart", 22: "understands specific needs",
}
"""A short English label for each of the 22 items (paraphrased)."""

SCALE: tuple[int, int] = (1, 7)
"""The SERVQUAL answer scale: 1 = strongly disagree ... 7 = strongly agree."""

QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}
"""(importance high?, performance high?) -> quadrant name (Martilla & James 1977)."""


def _answers(values: Any, name: str, scale: tuple[float, float]) -> np.ndarray:
    """Return survey answers as a 2-D float array (respondents x items), checked against the scale."""
    try:
        if isinstance(values, pd.DataFrame):  # nullable dtypes: pd.NA counts as a missing answer below
            array = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a table of numbers (answers on the {scale[0]:g}-{scale[1]:g} scale), "
                         "one row per respondent, every row as long") from None
    if array.ndim == 1:
        array = array[np.newaxis, :]  # one respondent
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must be a table of respondents x items, got shape {array.shape}")
    if np.isnan(array).any():
        raise ValueError(f"{name} has {int(np.isnan(array).sum())} missing answer(s) (NaN); drop or fill them first")
    low, high = scale
    outside = (array < low) | (array > high)
    if outside.any():
        bad = array[outside][0]
        raise ValueError(f"{name} has {int(outside.sum())} answer(s) outside the {low:g}-{high:g} scale, e.g. {bad:g}")
    return array


def _check_dimensions(dimensions: Mapping[str, Sequence[int]], n_items: int) -> dict[str, list[int]]:
    """Check the item map against the number of item columns and return it as plain lists."""
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise ValueError("dimensions must be a non-empty dict {dimension: [item numbers]}, e.g. servqual.DIMENSIONS")
    clean = {}
    for dim, items in dimensions.items():
        items = list(items)
        if not items:
            raise ValueError(f"dimension {dim!r} has no items")
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
                raise ValueError(f"dimension {dim!r}: item numbers must be whole numbers, got {item!r}")
            if not 1 <= item <= n_items:
                raise ValueError(
                    f"dimension {dim!r} uses item {item}, but the answers have only {n_items} item column(s) "
                    f"(item k is column k, counting from 1)")
        clean[str(dim)] = [int(item) for item in items]
    return clean


def _paired_answers(expectations: Any, perceptions: Any, dimensions: Mapping[str, Sequence[int]],
                    scale: tuple[float, float]) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
    """Check E and P (same respondents, same items, on the scale) and the item map against them."""
    e = _answers(expectations, "expectations", scale)
    p = _answers(perceptions, "perceptions", scale)
    if e.shape != p.shape:
        raise ValueError(
            f"expectations and perceptions must have the same shape (respondents x items); "
            f"got {e.shape} and {p.shape}")
    return e, p, _check_dimensions(dimensions, e.shape[1])


def gaps(expectations: Any, perceptions: Any,
         dimensions: Mapping[str, Sequence[int]] = DIMENSIONS,
         scale: tuple[float, float] = SCALE) -> pd.DataFrame:
    """Mean expectation, perception and gap ``Q = P - E`` per dimension.

    Parameters
    ----------
    expectations, perceptions : DataFrame or 2-D array
        One row per respondent and one column per item, item ``k`` in column
        ``k`` (counting from 1; column names are ignored). Both must have the
        same shape: the same respondents answering the same items.
    dimensions : dict of str to list of int
        Dimension -> its item numbers; :data:`DIMENSIONS` by default.
    scale : (low, high)
        The answer scale; answers outside it are an error.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension (in the order given), with ``items`` (number of
        items), ``E`` and ``P`` (means over respondents and items) and
        ``gap`` (``P - E``).

    Raises
    ------
    ValueError
        If the shapes differ, an answer is missing or off the scale, or the
        item map names an item that is not there.

    Examples
    --------
    >>> gaps([[5, 6], [7, 6]], [[4, 6], [6, 7]], {"speed": [1], "care": [2]})
           items    E    P  gap
    speed      1  6.0  5.0 -1.0
    care       1  6.0  6.5  0.5
    """
    e, p, dims = _paired_answers(expectations, perceptions, dimensions, scale)
    rows = []
    for dim, items in dims.items():
        columns = [item - 1 for item in items]
        mean_e, mean_p = e[:, columns].mean(), p[:, columns].mean()
        rows.append({"dimension": dim, "items": len(items), "E": mean_e, "P": mean_p, "gap": mean_p - mean_e})
    return pd.DataFrame(rows).set_index("dimension").rename_axis(None)


def item_gaps(expectations: Any, perceptions: Any,
              dimensions: Mapping[str, Sequence[int]] = DIMENSIONS,
              scale: tuple[float, float] = SCALE) -> pd.DataFrame:
    """Mean E, P and gap per item, with each item's dimension.

    Same arguments as :func:`gaps`. Returns a DataFrame indexed by item
    number with ``dimension``, ``E``, ``P`` and ``gap``.
    """
    e, p, dims = _paired_answers(expectations, perceptions, dimensions, scale)
    rows = [{"item": item, "dimension": dim, "E": e[:, item - 1].mean(), "P": p[:, item - 1].mean()}
            for dim, items in dims.items() for item in items]
    table = pd.DataFrame(rows).set_index("item")
    table["gap"] = table["P"] - table["E"]
    return table


def _importance(importance: Mapping[str, float] | pd.Series, dims: Sequence[str]) -> pd.Series:
    """Return the importance of each dimension in `dims`, as weights summing to 1."""
    if not isinstance(importance, (Mapping, pd.Series)):
        raise ValueError("importance must be a dict or Series {dimension: points or weight}")
    missing = [dim for dim in dims if dim not in importance]
    if missing:
        raise KeyError(f"importance has no value for dimension(s) {missing}; it has {list(importance.keys())}")
    values = pd.Series({dim: importance[dim] for dim in dims}, dtype=float)
    if values.isna().any() or (values < 0).any():
        raise ValueError(f"importance must be non-negative numbers, got {values.to_dict()}")
    values = pd.Series(as_vector(values, "importance", nonnegative=True), index=values.index)  # no inf, no 1e300
    if values.sum() <= 0:
        raise ValueError("importance values sum to 0; give at least one dimension a positive weight")
    return values / values.sum()


def weighted_score(table: pd.DataFrame, importance: Mapping[str, float] | pd.Series) -> float:
    """The weighted SERVQUAL score ``sum_d w_d * Q_d`` with weights from importance.

    A shortcut: the weights are the *mean* importance and the gaps the *mean*
    gaps. Zeithaml, Parasuraman & Berry (1990) weight each respondent's gaps
    by that respondent's own points and then average; the two differ when
    respondents who care more about a dimension also see a different gap
    there. See :func:`respondent_scores`.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`gaps` (needs a ``gap`` column indexed by dimension).
    importance : dict or Series
        Importance per dimension: points (e.g. out of 100) or weights; they
        are divided by their sum, so only their proportions matter.

    Returns
    -------
    float
        The importance-weighted mean gap (negative: below expectations).

    Examples
    --------
    >>> t = pd.DataFrame({"gap": [-1.0, 0.5]}, index=["speed", "care"])
    >>> weighted_score(t, {"speed": 75, "care": 25})
    -0.625
    """
    require_columns(table, ["gap"], "table")
    weights = _importance(importance, list(table.index))
    return float((weights * table["gap"]).sum())


def respondent_scores(expectations: Any, perceptions: Any, importance: Any,
                      dimensions: Mapping[str, Sequence[int]] = DIMENSIONS,
                      scale: tuple[float, float] = SCALE) -> pd.Series:
    """Each respondent's weighted SERVQUAL score, weighted by their own importance points.

    Respondent *r*'s score is ``sum_d w_rd * Q_rd``: ``Q_rd`` the mean of
    ``P - E`` over the items of dimension *d*, ``w_rd`` the respondent's
    points for *d* divided by their total (Zeithaml, Parasuraman & Berry
    1990, *Delivering Quality Service*). The mean of the scores is the
    per-respondent weighted SERVQUAL score; :func:`weighted_score` is the
    shortcut with mean weights and mean gaps.

    Parameters
    ----------
    expectations, perceptions : DataFrame or 2-D array
        As for :func:`gaps`.
    importance : DataFrame or 2-D array
        One row per respondent (the same rows), one column per dimension in
        the order of `dimensions`: points (e.g. out of 100) or weights.
    dimensions : dict of str to list of int
    scale : (low, high)

    Returns
    -------
    pandas.Series
        One score per respondent (the index of `expectations` if it is a
        DataFrame), named ``score``.

    Raises
    ------
    ValueError
        If the shapes differ, an answer is off the scale, or a respondent's
        points are negative, missing or all zero.

    Examples
    --------
    >>> respondent_scores([[6, 6], [6, 6]], [[5, 6], [6, 4]], [[75, 25], [50, 50]],
    ...                   {"speed": [1], "care": [2]}).tolist()
    [-0.75, -1.0]
    """
    e, p, dims = _paired_answers(expectations, perceptions, dimensions, scale)
    try:
        if isinstance(importance, pd.DataFrame):
            points = importance.to_numpy(dtype=float, na_value=np.nan)
        else:
            points = np.asarray(importance, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("importance must be a table of numbers, one row per respondent, one column per "
                         "dimension") from None
    if points.ndim == 1:
        points = points[np.newaxis, :]
    if points.shape != (e.shape[0], len(dims)):
        raise ValueError(f"importance must have one row per respondent and one column per dimension, "
                         f"shape {(e.shape[0], len(dims))}; got {points.shape}")
    if not np.isfinite(points).all() or (points < 0).any() or (np.abs(points) > 1e15).any():
        raise ValueError("importance must be finite, non-negative numbers (no NaN)")
    totals = points.sum(axis=1)
    if (totals <= 0).any():
        raise ValueError(f"{int((totals <= 0).sum())} respondent(s) gave every dimension 0 points")
    columns = [[item - 1 for item in items] for items in dims.values()]
    dimension_gaps = np.column_stack([p[:, cols].mean(axis=1) - e[:, cols].mean(axis=1) for cols in columns])
    scores = (dimension_gaps * points / totals[:, np.newaxis]).sum(axis=1)
    index = expectations.index if isinstance(expectations, pd.DataFrame) else None
    return pd.Series(scores, index=index, name="score")


def importance_intervals(importance: Any, n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                         cut: float | None = None) -> pd.DataFrame:
    """Importance weights per dimension with percentile bootstrap intervals.

    The weight of a dimension is its mean points divided by the mean total
    (as in :func:`importance_performance`). Respondents are resampled with
    replacement; ``near_cut`` flags a dimension whose interval holds the
    grid's importance cut, so that its quadrant (important or not) is not
    settled by the data.

    Parameters
    ----------
    importance : DataFrame
        One row per respondent, one column per dimension (points).
    n_boot : int
        Number of bootstrap resamples (at least 100).
    seed : int
        Seed of the resampling, for reproducible intervals.
    level : float
        Confidence level, between 0 and 1.
    cut : float, optional
        The importance cut; the equal share ``1 / n`` by default.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension with ``importance``, ``low``, ``high`` and ``near_cut``.

    Examples
    --------
    >>> points = pd.DataFrame({"speed": [60, 80, 70], "care": [40, 20, 30]})
    >>> importance_intervals(points, n_boot=200)["importance"].round(2).tolist()
    [0.7, 0.3]
    """
    if not isinstance(importance, pd.DataFrame) or importance.shape[1] == 0 or len(importance) == 0:
        raise ValueError("importance must be a non-empty DataFrame: one row per respondent, "
                         "one column per dimension")
    points = importance.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(points).all() or (points < 0).any() or (np.abs(points) > 1e15).any():
        raise ValueError("importance must be finite, non-negative numbers (no NaN)")
    if points.sum() <= 0:
        raise ValueError("importance points sum to 0")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be a whole number of at least 100, got {n_boot!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    cut = 1 / points.shape[1] if cut is None else float(cut)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(points), size=(int(n_boot), len(points)))
    means = points[draws].mean(axis=1)                        # n_boot x dimensions
    weights = means / means.sum(axis=1, keepdims=True)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(weights, [tail, 100 - tail], axis=0)
    mean_points = points.mean(axis=0)
    table = pd.DataFrame({"importance": mean_points / mean_points.sum(), "low": low, "high": high},
                         index=list(importance.columns))
    table["near_cut"] = (table["low"] <= cut) & (cut <= table["high"])
    return table


def grid_crossing(grid: pd.DataFrame, performance: str = "gap",
                  performance_cut: float | None = None) -> tuple[float, float]:
    """Where the importance-performance grid's cross-hairs lie: (importance cut, performance cut).

    Importance is high from the equal share ``1 / n`` of the weights (their
    mean). Performance measured by the gap is high from **zero**: a gap below
    zero is a shortfall, whatever the other dimensions do. Performance
    measured by the perception P alone has no natural zero, so it is high
    from the mean P of the dimensions (a relative reading) unless
    `performance_cut` says otherwise.

    Parameters
    ----------
    grid : pandas.DataFrame
        With ``importance`` (weights) and ``performance`` columns.
    performance : {"gap", "P"}
    performance_cut : float, optional
        Overrides the performance crossing (e.g. the scale midpoint 4 for P).

    Returns
    -------
    (float, float)
    """
    if performance not in ("gap", "P"):
        raise ValueError(f"performance must be 'gap' or 'P', got {performance!r}")
    require_columns(grid, ["importance", "performance"], "grid")
    importance_cut = float(grid["importance"].mean())
    if performance_cut is not None:
        return importance_cut, float(performance_cut)
    return importance_cut, 0.0 if performance == "gap" else float(grid["performance"].mean())


def importance_performance(table: pd.DataFrame, importance: Mapping[str, float] | pd.Series,
                           performance: str = "gap", performance_cut: float | None = None) -> pd.DataFrame:
    """Place each dimension in the importance-performance grid.

    The cross-hairs come from :func:`grid_crossing`: a dimension is of high
    importance if its weight is at least the equal share ``1 / n``; judged by
    the gap Q it performs well if ``Q >= 0`` (it meets or beats
    expectations), so every shortfall lands in *Concentrate here* (important)
    or *Low priority* (less important), and *Keep up the good work* and
    *Possible overkill* hold only dimensions that meet expectations
    (Martilla & James 1977, with the gap axis crossed at zero).

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`gaps`.
    importance : dict or Series
        Importance points or weights per dimension.
    performance : {"gap", "P"}
        Judge performance by the gap Q (SERVQUAL) or by the perception P
        alone (the original importance-performance analysis, crossed at the
        mean P unless `performance_cut` is given).
    performance_cut : float, optional
        Where performance counts as high; 0 for the gap by default.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension, with ``importance`` (weights summing to 1),
        ``performance`` and ``quadrant``.

    Examples
    --------
    >>> t = pd.DataFrame({"gap": [-0.5, -0.1, 0.2]}, index=["speed", "care", "look"])
    >>> importance_performance(t, {"speed": 50, "care": 20, "look": 30})["quadrant"].tolist()
    ['Concentrate here', 'Low priority', 'Possible overkill']
    """
    if performance not in ("gap", "P"):
        raise ValueError(f"performance must be 'gap' or 'P', got {performance!r}")
    require_columns(table, [performance], "table")
    weights = _importance(importance, list(table.index))
    grid = pd.DataFrame({"importance": weights, "performance": table[performance].astype(float)})
    importance_cut, performance_cut = grid_crossing(grid, performance, performance_cut)
    high_importance = grid["importance"] >= importance_cut - 1e-12
    high_performance = grid["performance"] >= performance_cut
    grid["quadrant"] = [QUADRANTS[(bool(i), bool(p))] for i, p in zip(high_importance, high_performance, strict=True)]
    return grid


def largest_shortfall(table: pd.DataFrame) -> str | None:
    """The dimension with the most negative gap, or ``None`` if no gap is negative."""
    require_columns(table, ["gap"], "table")
    worst = table["gap"].idxmin()
    return str(worst) if table.loc[worst, "gap"] < 0 else None


def survey_parts(survey: pd.DataFrame,
                 dimensions: Mapping[str, Sequence[int]] = DIMENSIONS) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Split a survey laid out like ``load("servqual")`` into E, P and importance tables.

    Parameters
    ----------
    survey : pandas.DataFrame
        Columns ``E1..En`` (expectations), ``P1..Pn`` (perceptions) and
        ``imp_<dimension>`` (importance points) for every dimension.

    Returns
    -------
    (expectations, perceptions, importance) : three DataFrames
        The item columns in item order, and the importance columns renamed
        to the dimension names.

    Raises
    ------
    KeyError
        If a needed column is missing.
    """
    dimensions = _check_dimensions(dimensions, n_items=10_000)
    n_items = max(max(items) for items in dimensions.values())
    e_cols = [f"E{k}" for k in range(1, n_items + 1)]
    p_cols = [f"P{k}" for k in range(1, n_items + 1)]
    i_cols = [f"imp_{dim}" for dim in dimensions]
    require_columns(survey, e_cols + p_cols + i_cols, "survey")
    importance = survey[i_cols].set_axis(list(dimensions), axis=1)
    return survey[e_cols], survey[p_cols], importance


def segment_gaps(survey: pd.DataFrame, by: str,
                 dimensions: Mapping[str, Sequence[int]] = DIMENSIONS) -> pd.DataFrame:
    """The gap of every dimension in every segment of a survey.

    Parameters
    ----------
    survey : pandas.DataFrame
        Laid out like ``load("servqual")``.
    by : str
        The column that names the segment, e.g. ``"branch"``.

    Returns
    -------
    pandas.DataFrame
        Segments as rows (sorted), dimensions as columns, gaps as values.
    """
    require_columns(survey, [by], "survey")
    require_complete(survey, [by], "survey")
    rows = {}
    for segment, group in survey.groupby(by, sort=True):
        e, p, _ = survey_parts(group, dimensions)
        rows[segment] = gaps(e, p, dimensions)["gap"]
    return pd.DataFrame(rows).T.rename_axis(by)
