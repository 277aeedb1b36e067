"""Indicator systems (指标体系): make indicators comparable, weight them, grade customers.

Indicators come in different units (yuan, tonnes, years, a 1–10 rating), and
for some more is better (*benefit* type, e.g. gross profit) while for others
less is better (*cost* type, e.g. marketing cost). Before they can be added
up they are made dimensionless (无量纲化):

- :func:`efficacy_coefficient` (功效系数法): ``d = 60 + 40·(x − min)/(max − min)``,
  a score from 60 (worst) to 100 (best);
- :func:`min_max`: ``(x − min)/(max − min)`` in [0, 1];
- :func:`z_score`: ``(x − mean)/sd``;
- :func:`index_value` (指数值转化): ``100·x / base`` (``100·base / x`` for a
  cost type), each value as a percentage of a standard value such as the mean.

Then :func:`composite_score` adds them with weights (subjective ones from AHP,
:mod:`helpers.ahp`, or objective ones such as :func:`pca_weights`), and
:func:`abc_grades` grades the customers A, B, C.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.validation import as_vector, numeric_frame, require_choice, require_columns

KINDS = ("benefit", "cost")
"""Indicator types: more is better (benefit) or less is better (cost)."""


def efficacy_coefficient(x: Any, kind: str = "benefit") -> np.ndarray:
    """Efficacy coefficient scores (功效系数法): 60 for the worst value, 100 for the best.

    ``d = 60 + 40·(x − min)/(max − min)`` for a benefit-type indicator;
    ``d = 60 + 40·(max − x)/(max − min)`` for a cost-type one.

    Parameters
    ----------
    x : array-like
        The indicator's values, at least two of them, not all equal.
    kind : {"benefit", "cost"}
        Whether more (benefit) or less (cost) is better.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> efficacy_coefficient([10, 20, 30]).tolist()
    [60.0, 80.0, 100.0]
    >>> efficacy_coefficient([10, 20, 30], kind="cost").tolist()
    [100.0, 80.0, 60.0]
    """
    return 60 + 40 * min_max(x, kind)


def min_max(x: Any, kind: str = "benefit") -> np.ndarray:
    """Min-max normalisation to [0, 1]: ``(x − min)/(max − min)``, reversed for a cost type.

    Raises
    ------
    ValueError
        If there are fewer than two values, missing values, or all are equal
        (then the indicator cannot tell customers apart).
    """
    require_choice(kind, KINDS, "kind")
    values = as_vector(x, "x", min_size=2)
    low, high = values.min(), values.max()
    if high == low:
        raise ValueError(f"all values of x are equal ({low:g}); the indicator cannot be rescaled and tells customers nothing")
    scaled = (values - low) / (high - low)
    return scaled if kind == "benefit" else 1 - scaled


def z_score(x: Any, kind: str = "benefit") -> np.ndarray:
    """Standardise: ``(x − mean)/sd`` (sample sd, ddof = 1); negated for a cost type.

    Raises
    ------
    ValueError
        If there are fewer than two values, missing values, or no spread.
    """
    require_choice(kind, KINDS, "kind")
    values = as_vector(x, "x", min_size=2)
    sd = values.std(ddof=1)
    if sd == 0:
        raise ValueError(f"all values of x are equal ({values[0]:g}); the standard deviation is 0")
    z = (values - values.mean()) / sd
    return z if kind == "benefit" else -z


def index_value(x: Any, kind: str = "benefit", base: float | None = None) -> np.ndarray:
    """Index values (指数值转化): each value as a percentage of a standard value.

    ``100·x / base`` for a benefit-type indicator and ``100·base / x`` for a
    cost-type one, so that 100 means "at the standard" and more is better in
    both cases. Unlike the efficacy coefficient the result has no fixed range:
    it keeps ratios (an account with twice the standard scores 200).

    Parameters
    ----------
    x : array-like
        The indicator's values, all positive.
    kind : {"benefit", "cost"}
        Whether more (benefit) or less (cost) is better.
    base : float, optional
        The standard value (e.g. a target or the industry average); defaults
        to the mean of `x`.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> index_value([10, 20, 30]).tolist()
    [50.0, 100.0, 150.0]
    >>> index_value([10, 20, 40], kind="cost", base=20).tolist()
    [200.0, 100.0, 50.0]
    """
    require_choice(kind, KINDS, "kind")
    values = as_vector(x, "x", min_size=1)
    if (values <= 0).any():
        raise ValueError("index values need positive x (a ratio to a standard value); use the efficacy "
                         "coefficient or min-max for indicators that can be 0 or negative")
    standard = float(values.mean()) if base is None else float(base)
    if not np.isfinite(standard) or standard <= 0:
        raise ValueError(f"base must be a positive number, got {base!r}")
    return 100 * values / standard if kind == "benefit" else 100 * standard / values


def normalise_table(table: pd.DataFrame, kinds: Mapping[str, str], method: str = "efficacy") -> pd.DataFrame:
    """Make every indicator column of `table` dimensionless.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer.
    kinds : mapping
        Column -> ``"benefit"`` or ``"cost"``; only these columns are kept.
    method : {"efficacy", "min_max", "z_score"}
        The rescaling.

    Returns
    -------
    pandas.DataFrame
        Same index, one rescaled column per key of `kinds`.
    """
    functions = {"efficacy": efficacy_coefficient, "min_max": min_max, "z_score": z_score}
    require_choice(method, list(functions), "method")
    if not isinstance(kinds, Mapping) or not kinds:
        raise ValueError("kinds must be a non-empty mapping such as {'gross_profit': 'benefit'}")
    require_columns(table, list(kinds), "table")
    return pd.DataFrame({column: functions[method](table[column], kind) for column, kind in kinds.items()},
                        index=table.index)


def composite_score(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Weighted sum of indicator columns: ``score = Σ w_k · x_k`` with the weights scaled to sum 1.

    Parameters
    ----------
    table : pandas.DataFrame
        Dimensionless indicators (e.g. from :func:`normalise_table`).
    weights : mapping
        Column -> weight (non-negative, not all 0).

    Returns
    -------
    pandas.Series
        The composite score per row, named ``score``.
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError("weights must be a non-empty mapping column -> weight")
    require_columns(table, list(weights), "table")
    w = as_vector(list(weights.values()), "weights", nonnegative=True)
    if w.sum() == 0:
        raise ValueError("the weights are all 0; at least one must be positive")
    w = w / w.sum()
    values = numeric_frame(table, list(weights), "table")  # names a missing (pd.NA), infinite or text value
    return pd.Series(values.to_numpy(float) @ w, index=table.index, name="score")


def abc_grades(scores: Any, cutoffs: tuple[float, float] = (0.2, 0.5), by: str = "rank") -> pd.Series:
    """Grade customers A, B or C from a score (higher is better).

    Parameters
    ----------
    scores : pandas.Series or array-like
        One score per customer.
    cutoffs : (float, float)
        With ``by="rank"``: the top ``cutoffs[0]`` share of customers is A,
        the next ones up to ``cutoffs[1]`` are B, the rest C (default: 20% A,
        30% B, 50% C). With ``by="cumulative"``: customers are sorted by score
        and graded A while the cumulative share of the total score is within
        ``cutoffs[0]``, B within ``cutoffs[1]`` (classic ABC analysis, e.g.
        ``(0.7, 0.9)``; scores must then be non-negative).
    by : {"rank", "cumulative"}

    Returns
    -------
    pandas.Series
        ``"A"``, ``"B"`` or ``"C"`` per customer, same index as `scores`
        (ties in score are ordered by their position, so the grade sizes are exact).
    """
    require_choice(by, ("rank", "cumulative"), "by")
    index = scores.index if isinstance(scores, pd.Series) else pd.RangeIndex(len(scores))
    values = as_vector(scores, "scores", nonnegative=(by == "cumulative"))
    if (not isinstance(cutoffs, (tuple, list)) or len(cutoffs) != 2
            or not all(isinstance(c, (int, float)) for c in cutoffs) or not 0 < cutoffs[0] < cutoffs[1] <= 1):
        raise ValueError(f"cutoffs must be two shares 0 < a < b <= 1, e.g. (0.2, 0.5), got {cutoffs!r}")
    order = np.argsort(-values, kind="stable")
    if by == "rank":
        position = (np.arange(1, len(values) + 1)) / len(values)  # share of customers up to and including this one
    else:
        if values.sum() == 0:
            raise ValueError("the scores sum to 0; a cumulative share is undefined")
        position = np.cumsum(values[order]) / values.sum()
    grade_sorted = np.where(position <= cutoffs[0] + 1e-12, "A", np.where(position <= cutoffs[1] + 1e-12, "B", "C"))
    if by == "cumulative":
        grade_sorted[0] = "A"  # the best customer is always an A, even if alone above the cut-off
    grades = np.empty(len(values), dtype=object)
    grades[order] = grade_sorted
    return pd.Series(pd.Categorical(grades, categories=["A", "B", "C"], ordered=True), index=index, name="grade")


def pca_weights(table: pd.DataFrame, min_eigenvalue: float = 1.0) -> pd.Series:
    """Objective weights from principal component analysis (主成分分析法).

    The indicators are standardised; the principal components of their
    correlation matrix with an eigenvalue ≥ `min_eigenvalue` (Kaiser's rule;
    at least one is kept) are retained. Each indicator's weight is its absolute
    loadings on those components weighted by the components' eigenvalues,
    ``w_j ∝ Σ_k λ_k · |v_jk|``, scaled to sum 1: indicators that carry much of
    the common variation weigh more.

    Parameters
    ----------
    table : pandas.DataFrame
        Indicator columns (numbers), at least 2 columns and 3 rows.
    min_eigenvalue : float
        Keep components whose eigenvalue is at least this.

    Returns
    -------
    pandas.Series
        One weight per column, summing to 1, named ``pca_weight``.
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if table.shape[1] < 2 or table.shape[0] < 3:
        raise ValueError(f"need at least 2 indicator columns and 3 rows, got shape {table.shape}")
    values = numeric_frame(table, list(table.columns), "table")  # names a missing (pd.NA), infinite or text value
    sd = values.std(ddof=1)
    if (sd == 0).any():
        raise ValueError(f"column {sd.index[sd == 0][0]!r} is constant; it cannot be standardised")
    correlation = np.corrcoef(values.to_numpy(float), rowvar=False)
    eigenvalues, vectors = np.linalg.eigh(correlation)
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = eigenvalues[order], vectors[:, order]
    keep = max(1, int((eigenvalues >= min_eigenvalue).sum()))
    raw = np.abs(vectors[:, :keep]) @ eigenvalues[:keep]
    return pd.Series(raw / raw.sum(), index=table.columns, name="pca_weight")
