"""Deviation detection (偏差检测): finding unusual transactions and customers.

Three detectors, from the simplest to the most flexible:

- :func:`zscore_flags` — flag values more than `threshold` standard
  deviations from the mean (one feature; assumes a roughly bell-shaped
  distribution, so skewed money amounts are best logged first);
- :func:`iqr_flags` — Tukey's fences: below Q1 − k·IQR or above Q3 + k·IQR
  (one feature; robust to the outliers themselves);
- :func:`isolation_forest_scores` — scikit-learn's IsolationForest on several
  features at once: points that random splits isolate quickly are unusual,
  even when no single feature is extreme on its own.

:func:`detection_report` compares flags with a known truth (precision, recall).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from helpers.validation import as_number, as_vector, numeric_frame, require_columns


def zscore_flags(values: Sequence[float] | pd.Series, threshold: float = 3.0) -> pd.Series:
    """Flag values whose z-score |x − mean| / sd exceeds `threshold`.

    Parameters
    ----------
    values : sequence of float
        One numeric feature (a Series keeps its index).
    threshold : float
        Number of standard deviations, > 0 (3 is the usual choice).

    Returns
    -------
    pandas.Series of bool
        True for the unusual values.

    Raises
    ------
    ValueError
        If there are fewer than 3 values, missing values, or all values are equal.
    """
    array, index = _values(values, "values")
    threshold = as_number(threshold, "threshold", 0, low_open=True)
    spread = array.std()
    if spread == 0:
        raise ValueError("all values are equal: the z-score is undefined")
    z = (array - array.mean()) / spread
    return pd.Series(np.abs(z) > threshold, index=index, name="unusual")


def iqr_flags(values: Sequence[float] | pd.Series, k: float = 1.5) -> pd.Series:
    """Flag values outside Tukey's fences [Q1 − k·IQR, Q3 + k·IQR].

    Parameters
    ----------
    values : sequence of float
        One numeric feature.
    k : float
        Fence width in IQRs, > 0 (1.5 for "outside", 3 for "far out").

    Returns
    -------
    pandas.Series of bool
        True for the unusual values.
    """
    array, index = _values(values, "values")
    k = as_number(k, "k", 0, low_open=True)
    low, high = iqr_fences(array, k)
    return pd.Series((array < low) | (array > high), index=index, name="unusual")


def iqr_fences(values: Sequence[float] | pd.Series, k: float = 1.5) -> tuple[float, float]:
    """Return Tukey's lower and upper fences ``(Q1 − k·IQR, Q3 + k·IQR)`` (quartiles by linear interpolation)."""
    array, _ = _values(values, "values")
    k = as_number(k, "k", 0, low_open=True)
    q1, q3 = np.percentile(array, [25, 75])
    return float(q1 - k * (q3 - q1)), float(q3 + k * (q3 - q1))


def isolation_forest_scores(table: pd.DataFrame, features: Sequence[str], contamination: float = 0.01,
                            random_state: int = 0, log: Sequence[str] = ()) -> pd.DataFrame:
    """Score every row with an IsolationForest and flag the most unusual share.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per transaction or customer.
    features : sequence of str
        Numeric columns to use.
    contamination : float
        Share of rows to flag, in (0, 0.5].
    random_state : int
        Seed of the forest (200 trees).
    log : sequence of str
        Features to ``log1p`` first (skewed money amounts).

    Returns
    -------
    pandas.DataFrame
        Same index as `table`: ``score`` (higher = more unusual) and ``unusual`` (bool).
    """
    features = list(features)
    if not features:
        raise ValueError("choose at least one feature")
    require_columns(table, features, "table")
    contamination = as_number(contamination, "contamination", 0, 0.5, low_open=True)
    unknown = [column for column in log if column not in features]
    if unknown:
        raise ValueError(f"log names {unknown}, which are not among the features {features}")
    if table[features].isna().any().any():
        raise ValueError("features have missing values; drop or fill them first")
    X = numeric_frame(table, features, "table")  # names an infinite, huge or text value
    for column in log:
        if (X[column] < 0).any():
            raise ValueError(f"cannot log feature {column!r}: it has negative values")
        X[column] = np.log1p(X[column])
    forest = IsolationForest(n_estimators=200, contamination=contamination, random_state=random_state)
    forest.fit(X.to_numpy())
    return pd.DataFrame({"score": -forest.score_samples(X.to_numpy()),
                         "unusual": forest.predict(X.to_numpy()) == -1}, index=table.index)


def detection_report(flags: Sequence[bool] | pd.Series, truth: Sequence[bool] | pd.Series) -> dict[str, float]:
    """Compare detector flags with the known truth.

    Returns
    -------
    dict
        ``flagged``, ``planted``, ``found`` (true positives) counts, and
        ``precision`` (found ÷ flagged) and ``recall`` (found ÷ planted).
    """
    f = np.asarray(flags)
    t = np.asarray(truth)
    if f.shape != t.shape or f.ndim != 1:
        raise ValueError(f"flags and truth must be 1-D and the same length, got {f.shape} and {t.shape}")
    if f.dtype != bool or t.dtype != bool:
        raise ValueError("flags and truth must be True/False values")
    found = int((f & t).sum())
    return {"flagged": int(f.sum()), "planted": int(t.sum()), "found": found,
            "precision": float(found / f.sum()) if f.sum() else 0.0,
            "recall": float(found / t.sum()) if t.sum() else 0.0}


def _values(values: Sequence[float] | pd.Series, name: str) -> tuple[np.ndarray, pd.Index]:
    array = as_vector(values, name, min_size=3)
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(array))
    return array, index
