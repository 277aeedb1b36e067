"""The analytic hierarchy process (AHP, 层次分析法): weights from pairwise judgments.

A decision maker compares the criteria two at a time on Saaty's 1–9 scale
("how much more important is *i* than *j*?") and writes the answers into a
*judgment matrix* (判断矩阵) ``A`` with ``a_ij`` the judgment and
``a_ji = 1 / a_ij``. The weights are the relative sizes that best explain the
judgments:

1. :func:`judgment_matrix` builds ``A`` from the upper-triangle judgments.
2. :func:`ahp_weights` derives the weights by one of three methods: the
   principal eigenvector (本征向量法), the column-normalise-and-average
   method (和积法) or the row geometric mean (方根法); it also gives the
   largest eigenvalue ``λmax``, the consistency index
   ``CI = (λmax − n) / (n − 1)`` and the consistency ratio ``CR = CI / RI``.
3. :func:`most_inconsistent` names the judgment that departs most from the
   weights, the first one to reconsider when ``CR ≥ 0.1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.validation import MAX_MAGNITUDE, require_choice

RANDOM_INDEX: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
}
"""Saaty's random index RI by matrix size n (the lecture's table): the mean CI of random matrices."""

SAATY_SCALE: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9)
"""The judgments of Saaty's scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme importance."""

METHODS = ("eigenvector", "sum", "geometric")
"""The weighting methods :func:`ahp_weights` knows."""

CR_LIMIT = 0.1
"""Judgments are acceptably consistent when CR < 0.1 (Saaty)."""

RECIPROCAL_TOLERANCE = 0.05
"""How far ``a_ij · a_ji`` may stray from 1 (so that 0.33 can stand for 1/3)."""

DEFAULT_CRITERIA: tuple[str, ...] = (
    "gross profit", "sales volume", "marketing cost",
    "industry position", "years of cooperation", "satisfaction",
)
"""The six B2B grading indicators of lecture seed 003: three of current value, three of future value."""

DEFAULT_JUDGMENTS: tuple[float, ...] = (
    2, 4, 1, 3, 2,        # gross profit vs sales volume, marketing cost, industry position, years, satisfaction
    2, 1 / 2, 1, 1,       # sales volume vs marketing cost, industry position, years, satisfaction
    1 / 3, 1, 1 / 2,      # marketing cost vs industry position, years, satisfaction
    2, 1,                 # industry position vs years, satisfaction
    1 / 2,                # years of cooperation vs satisfaction
)
"""A sales manager's judgments on the six default criteria (upper triangle, row by row; CR ≈ 0.01)."""


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one judgment matrix.

    Attributes
    ----------
    weights : numpy.ndarray
        One weight per criterion, summing to 1.
    lambda_max : float
        Largest eigenvalue (exact for ``"eigenvector"``; the mean of
        ``(Aw)_i / w_i`` for the approximate methods).
    ci : float
        Consistency index ``(λmax − n) / (n − 1)`` (0 for n ≤ 2).
    cr : float
        Consistency ratio ``CI / RI`` (0 for n ≤ 2).
    consistent : bool
        ``cr < 0.1``.
    method : str
        The method that produced the weights.
    """

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    method: str


def check_judgment_matrix(matrix: Any, tol: float = RECIPROCAL_TOLERANCE) -> np.ndarray:
    """Return `matrix` as a float array after checking it is a valid judgment matrix.

    A judgment matrix is square (2 to 10 rows, the range of the RI table, or a
    single criterion), has only positive finite entries, ones on the diagonal
    and is reciprocal: ``a_ji = 1 / a_ij`` (within `tol`, relative).

    Raises
    ------
    ValueError
        Naming the first offending cell (rows and columns counted from 1).
    """
    try:
        array = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("the judgment matrix must contain only numbers") from None
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"the judgment matrix must be square (n × n), got shape {array.shape}")
    n = array.shape[0]
    if not 1 <= n <= max(RANDOM_INDEX):
        raise ValueError(f"the judgment matrix must have 1 to {max(RANDOM_INDEX)} rows (the RI table), got {n}")
    for i in range(n):
        for j in range(n):
            value = array[i, j]
            if not math.isfinite(value) or value <= 0 or not 1 / MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
                raise ValueError(f"cell a[{i + 1},{j + 1}] = {value:g}: every judgment must be a positive finite number "
                                 f"between 1/{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g} (Saaty's scale runs 1/9 to 9)")
    for i in range(n):
        if abs(array[i, i] - 1) > tol:
            raise ValueError(f"cell a[{i + 1},{i + 1}] = {array[i, i]:g}: the diagonal must be 1 (a criterion equals itself)")
    for i in range(n):
        for j in range(i + 1, n):
            if abs(array[i, j] * array[j, i] - 1) > tol:
                raise ValueError(
                    f"cells a[{i + 1},{j + 1}] = {array[i, j]:g} and a[{j + 1},{i + 1}] = {array[j, i]:g} "
                    f"are not reciprocal: expected a[{j + 1},{i + 1}] = 1/{array[i, j]:g} = {1 / array[i, j]:.4g}"
                )
    return array


def judgment_matrix(upper: Any) -> np.ndarray:
    """Build the reciprocal judgment matrix from its upper-triangle judgments.

    Parameters
    ----------
    upper : sequence of float
        The judgments above the diagonal, row by row:
        ``[a12, a13, …, a1n, a23, …, a2n, …, a(n−1)n]``; there must be
        n(n − 1)/2 of them for some n ≥ 2. Each is positive: 3 means "the row
        criterion is moderately more important", 1/3 the reverse.

    Returns
    -------
    numpy.ndarray
        The n × n matrix with ones on the diagonal and ``a_ji = 1 / a_ij``.

    Examples
    --------
    >>> judgment_matrix([2, 4, 2]).tolist()
    [[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]]
    """
    if isinstance(upper, (str, bytes)) or np.isscalar(upper):
        raise ValueError(f"upper must be a sequence of judgments, got {upper!r}")
    try:
        values = np.asarray(upper, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("upper must contain only numbers") from None
    if values.ndim != 1:
        raise ValueError(f"upper must be one-dimensional (the judgments row by row), got shape {values.shape}")
    n = _size_from_pairs(values.size)
    for k, value in enumerate(values):
        if not math.isfinite(value) or value <= 0:
            i, j = pair_index(n)[k]
            raise ValueError(f"judgment number {k + 1} (a[{i + 1},{j + 1}]) = {value:g} must be a positive finite number")
    matrix = np.ones((n, n))
    for value, (i, j) in zip(values, pair_index(n), strict=True):
        matrix[i, j] = value
        matrix[j, i] = 1 / value
    return matrix


def pair_index(n: int) -> list[tuple[int, int]]:
    """The (row, column) positions of the upper triangle, row by row (0-based)."""
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def ahp_weights(matrix: Any, method: str = "eigenvector", tol: float = RECIPROCAL_TOLERANCE) -> AHPResult:
    """Derive criterion weights and the consistency ratio from a judgment matrix.

    Parameters
    ----------
    matrix : array-like
        n × n positive reciprocal judgment matrix (list of lists or array).
    method : {"eigenvector", "sum", "geometric"}
        ``"eigenvector"``: the principal eigenvector (Saaty's method).
        ``"sum"`` (和积法): divide each column by its sum, average the rows.
        ``"geometric"`` (方根法): the n-th root of each row's product, normalised.
    tol : float
        Tolerance of the reciprocity check.

    Returns
    -------
    AHPResult
        ``weights`` (sum 1), ``lambda_max``, ``ci``, ``cr`` and ``consistent``.

    Raises
    ------
    ValueError
        If the matrix is not square, positive and reciprocal, or the method is unknown.

    Examples
    --------
    >>> result = ahp_weights([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    >>> result.weights.round(4).tolist(), round(result.cr, 6)
    ([0.5714, 0.2857, 0.1429], 0.0)
    """
    require_choice(method, METHODS, "method")
    array = check_judgment_matrix(matrix, tol)
    n = array.shape[0]
    if method == "eigenvector":
        weights, lambda_max = _eigenvector(array)
    else:
        if method == "sum":
            weights = (array / array.sum(axis=0)).mean(axis=1)
        else:
            weights = np.exp(np.log(array).mean(axis=1))
        weights = weights / weights.sum()
        lambda_max = float(np.mean(array @ weights / weights))
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    cr = ci / RANDOM_INDEX[n] if n > 2 else 0.0
    return AHPResult(weights=weights, lambda_max=float(lambda_max), ci=float(ci), cr=float(cr),
                     consistent=bool(cr < CR_LIMIT), method=method)


def compare_methods(matrix: Any, labels: list[str] | None = None) -> pd.DataFrame:
    """The weights of all three methods side by side, with λmax, CI and CR.

    Parameters
    ----------
    matrix : array-like
        The judgment matrix.
    labels : list of str, optional
        Criterion names (default ``C1 … Cn``).

    Returns
    -------
    pandas.DataFrame
        One column per method; one row per criterion, then ``lambda_max``,
        ``CI`` and ``CR``.
    """
    array = check_judgment_matrix(matrix)
    n = array.shape[0]
    labels = _labels(labels, n)
    columns = {}
    for method in METHODS:
        result = ahp_weights(array, method)
        columns[method] = [*result.weights, result.lambda_max, result.ci, result.cr]
    return pd.DataFrame(columns, index=[*labels, "lambda_max", "CI", "CR"])


def most_inconsistent(matrix: Any, weights: Any | None = None) -> dict[str, Any]:
    """Find the judgment that departs most from what the weights imply.

    If the judgments were perfectly consistent, ``a_ij`` would equal
    ``w_i / w_j``. The judgment with the largest ratio ``ε_ij = a_ij · w_j / w_i``
    (or its reciprocal) is the one that hurts consistency most (Saaty 2003,
    "Decision-making with the AHP: why is the principal eigenvector necessary",
    EJOR 145:85–91, sec. 5).

    Parameters
    ----------
    matrix : array-like
        The judgment matrix (n ≥ 3).
    weights : array-like, optional
        The weights; by default the eigenvector weights of `matrix`.

    Returns
    -------
    dict
        ``row`` and ``column`` (0-based, ``row < column``), ``judgment``
        (``a_ij``), ``implied`` (``w_i / w_j``), ``indirect`` (what the other
        judgments say about the pair: the geometric mean of ``a_ik · a_kj``
        over the other criteria k), ``suggested`` (the Saaty judgment nearest
        to ``indirect``, as 9, 1/3, …) and ``deviation`` (``max(ε, 1/ε)`` ≥ 1).
    """
    array = check_judgment_matrix(matrix)
    n = array.shape[0]
    if n < 3:
        raise ValueError(f"with {n} criteria the judgments are always consistent; need at least 3")
    w = ahp_weights(array).weights if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise ValueError(f"weights must be {n} positive numbers, got {weights!r}")
    best = None
    for i, j in pair_index(n):
        ratio = array[i, j] * w[j] / w[i]
        deviation = max(ratio, 1 / ratio)
        if best is None or deviation > best["deviation"] + 1e-12:
            best = {"row": i, "column": j, "judgment": float(array[i, j]), "implied": float(w[i] / w[j]),
                    "deviation": float(deviation)}
    i, j = best["row"], best["column"]
    others = [k for k in range(n) if k not in (i, j)]
    indirect = float(np.exp(np.mean([np.log(array[i, k] * array[k, j]) for k in others])))
    best["indirect"] = indirect
    best["suggested"] = nearest_saaty(indirect)
    return best


def nearest_saaty(ratio: float) -> float:
    """The judgment of Saaty's scale (1/9 … 1 … 9) nearest to `ratio` (on a log scale)."""
    if not isinstance(ratio, (int, float, np.integer, np.floating)) or not ratio > 0 or not math.isfinite(ratio):
        raise ValueError(f"ratio must be a positive finite number, got {ratio!r}")
    candidates = [1 / s for s in reversed(SAATY_SCALE[1:])] + list(SAATY_SCALE)
    return float(min(candidates, key=lambda c: abs(math.log(c) - math.log(ratio))))


def format_judgment(value: float) -> str:
    """Write a judgment as people do: ``5``, ``1`` or ``1/3``."""
    if value >= 1:
        return f"{value:g}"
    return f"1/{1 / value:g}"


def _eigenvector(array: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvalue and eigenvector (normalised to sum 1) of a positive matrix."""
    values, vectors = np.linalg.eig(array)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)  # Perron vector: one sign, made positive
    return vector / vector.sum(), float(values[k].real)


def _size_from_pairs(count: int) -> int:
    """n such that n(n − 1)/2 == count, or a clear error."""
    n = int(round((1 + math.sqrt(1 + 8 * count)) / 2))
    if count < 1 or n * (n - 1) // 2 != count:
        raise ValueError(
            f"upper must hold n(n-1)/2 judgments (1, 3, 6, 10, 15, … for n = 2, 3, 4, 5, 6, …), got {count}"
        )
    if n > max(RANDOM_INDEX):
        raise ValueError(f"at most {max(RANDOM_INDEX)} criteria are supported (the RI table), got {n}")
    return n


def _labels(labels: list[str] | None, n: int) -> list[str]:
    """Criterion names, checked against n, or ``C1 … Cn``."""
    if labels is None:
        return [f"C{k + 1}" for k in range(n)]
    labels = [str(label) for label in labels]
    if len(labels) != n:
        raise ValueError(f"expected {n} labels, one per criterion, got {len(labels)}")
    return labels
