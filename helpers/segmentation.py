"""Customer segmentation by clustering (聚类分析): k-means on standardised log-RFM features.

The steps, each one function:

1. :func:`standardized_features` — take logs (``log1p``: money and counts are
   skewed) and z-scores, so that no feature dominates the distances;
2. :func:`kmeans_segments` — k-means (scikit-learn, fixed seed), returning the
   labels, the centres, the inertia (within-cluster sum of squares) and the
   silhouette score (the mean over all customers);
3. :func:`choose_k` — inertia (the "elbow") and silhouette for a range of k;
4. :func:`segment_profiles` — describe each segment in the original units and
   give it a name a marketer would use (*concept description*, 概念描述).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import pairwise_distances, silhouette_score
from threadpoolctl import threadpool_limits

from helpers.validation import as_vector, require_columns

K_RANGE = range(2, 9)
"""The numbers of segments the chapter and the widget consider (2 to 8)."""

@dataclass(frozen=True)
class Segmentation:
    """The result of :func:`kmeans_segments`.

    Attributes
    ----------
    labels : pandas.Series
        Segment number (0 … k−1) per customer, same index as the input;
        segment 0 has the highest average standardised value.
    centers : pandas.DataFrame
        Segment centres in standardised (z-score) units, one row per segment.
    inertia : float
        Within-cluster sum of squared distances (what k-means minimises).
    silhouette : float
        Mean silhouette coefficient over all customers, −1 … 1 (higher = better separated).
    """

    labels: pd.Series
    centers: pd.DataFrame
    inertia: float
    silhouette: float


def standardized_features(table: pd.DataFrame, features: Sequence[str], log: bool = True) -> pd.DataFrame:
    """Return the chosen features as z-scores, after ``log1p`` when `log` is true.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer, e.g. the output of :func:`helpers.rfm.rfm_table`.
    features : sequence of str
        Numeric columns to use (at least one).
    log : bool
        Take ``log1p`` first (needs values ≥ 0).

    Raises
    ------
    KeyError
        If a feature is not a column.
    ValueError
        If no feature is given, a feature is not numeric, has missing or
        (with `log`) negative values, or is constant.
    """
    features = _features(table, features)
    values = table[features]
    for column in features:
        if not pd.api.types.is_numeric_dtype(values[column]):
            raise ValueError(f"feature {column!r} must be numeric; it has dtype {values[column].dtype}")
        as_vector(values[column].dropna(), f"feature {column!r}", min_size=0)  # no inf, no 1e300, nullable dtypes
        if values[column].isna().any():
            raise ValueError(f"feature {column!r} has {int(values[column].isna().sum())} missing value(s)")
        if log and (values[column] < 0).any():
            raise ValueError(f"feature {column!r} has negative values; use log=False or remove them")
    values = values.astype(float)
    if log:
        values = np.log1p(values)
    spread = values.std(ddof=0)
    constant = [column for column in features if spread[column] < 1e-12]
    if constant:
        raise ValueError(f"feature(s) {constant} are constant: they cannot separate customers")
    return (values - values.mean()) / spread


def kmeans_segments(table: pd.DataFrame, features: Sequence[str], k: int, log: bool = True,
                    random_state: int = 0, scaled: pd.DataFrame | None = None,
                    distances: np.ndarray | None = None) -> Segmentation:
    """Cluster customers into `k` segments with k-means on standardised features.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer.
    features : sequence of str
        Numeric columns to cluster on.
    k : int
        Number of segments, 2 to 8 and fewer than the customers.
    log : bool
        Log-transform before standardising (see :func:`standardized_features`).
    random_state : int
        Seed of k-means' initialisation (results are reproducible).
    scaled : pandas.DataFrame, optional
        The output of :func:`standardized_features` if already computed (a cache).
    distances : numpy.ndarray, optional
        The customers' pairwise distances, ``pairwise_distances(scaled)``, if
        already computed: the silhouette of every k uses the same ones
        (:func:`choose_k` and the widget compute them once per feature set).

    Returns
    -------
    Segmentation
    """
    k = _check_k(k, len(table))
    if scaled is None:
        scaled = standardized_features(table, features, log=log)
    if distances is not None and np.shape(distances) != (len(scaled), len(scaled)):
        raise ValueError(f"distances must be the {len(scaled)} x {len(scaled)} pairwise distances of the customers, "
                         f"got shape {np.shape(distances)}")
    distinct = len(np.unique(scaled.to_numpy().round(9), axis=0))
    if k >= distinct:
        raise ValueError(f"k={k} segments need more than {k} distinct customers (feature combinations), but the "
                         f"table has only {distinct} distinct one(s); choose k < {distinct} or more varied features")
    # One thread: on small tables, starting threads costs more than it saves (and results are identical).
    with threadpool_limits(limits=1):
        model = KMeans(n_clusters=k, n_init=5, random_state=random_state).fit(scaled.to_numpy())
    # Renumber so that segment 0 has the highest mean standardised value: stable, readable labels.
    order = np.argsort(-model.cluster_centers_.mean(axis=1), kind="stable")
    relabel = np.empty(k, dtype=int)
    relabel[order] = np.arange(k)
    labels = pd.Series(relabel[model.labels_], index=table.index, name="segment")
    centers = pd.DataFrame(model.cluster_centers_[order], columns=scaled.columns)
    centers.index.name = "segment"
    return Segmentation(labels=labels, centers=centers, inertia=float(model.inertia_),
                        silhouette=_silhouette(scaled.to_numpy(), labels.to_numpy(), distances))


def choose_k(table: pd.DataFrame, features: Sequence[str], ks: Sequence[int] = K_RANGE,
             log: bool = True, random_state: int = 0) -> pd.DataFrame:
    """Inertia and silhouette for each k: the elbow and silhouette criteria for choosing k.

    Returns
    -------
    pandas.DataFrame
        Columns ``k``, ``inertia`` and ``silhouette``, one row per k.
    """
    ks = list(ks)
    if not ks:
        raise ValueError("ks is empty; expected some numbers of segments such as range(2, 9)")
    scaled = standardized_features(table, features, log=log)
    distances = pairwise_distances(scaled.to_numpy())  # once, for the silhouette of every k
    rows = []
    for k in ks:
        result = kmeans_segments(table, features, k, log=log, random_state=random_state, scaled=scaled,
                                 distances=distances)
        rows.append({"k": int(k), "inertia": result.inertia, "silhouette": result.silhouette})
    return pd.DataFrame(rows)


def segment_profiles(table: pd.DataFrame, segmentation: Segmentation,
                     features: Sequence[str] | None = None) -> pd.DataFrame:
    """Describe each segment: size, share and the mean of each feature, with a name.

    Parameters
    ----------
    table : pandas.DataFrame
        The customer table that was clustered.
    segmentation : Segmentation
        The output of :func:`kmeans_segments` on `table`.
    features : sequence of str, optional
        Columns to average (default: the clustered features).

    Returns
    -------
    pandas.DataFrame
        Indexed by segment number: ``name``, ``customers``, ``share`` and the
        mean of each feature in its original units.
    """
    if not isinstance(segmentation, Segmentation):
        raise ValueError("segmentation must be the result of kmeans_segments()")
    features = _features(table, list(segmentation.centers.columns) if features is None else features)
    if not segmentation.labels.index.equals(table.index):
        raise ValueError("segmentation does not belong to this table: the customer index differs")
    grouped = table[features].groupby(segmentation.labels)
    profile = grouped.mean()
    profile.insert(0, "share", grouped.size() / len(table))
    profile.insert(0, "customers", grouped.size())
    profile.insert(0, "name", pd.Series(name_segments(segmentation.centers)))
    profile.index.name = "segment"
    return profile


def name_segments(centers: pd.DataFrame) -> dict[int, str]:
    """Give each segment a marketer's name from its centre (standardised units).

    With ``recency`` and ``frequency`` among the features, the names follow
    the RFM logic: recent (recency z < 0) and very frequent (frequency z > 1)
    customers are "Champions"; recent and frequent (z > 0) "Loyal regulars";
    recent but infrequent "New customers"; not recent but frequent "At risk";
    neither: "Hibernating" if they spent above average (monetary z > 0), else
    "Lost". Without recency and frequency the segments are "Segment 1", "Segment 2"...
    When two segments get the same name, the second is numbered ("At risk 2").
    """
    names: dict[int, str] = {}
    has_rf = {"recency", "frequency"} <= set(centers.columns)
    for segment, center in centers.iterrows():
        if not has_rf:
            name = f"Segment {int(segment) + 1}"
        elif center["recency"] < 0:
            if center["frequency"] > 1:
                name = "Champions"
            elif center["frequency"] > 0:
                name = "Loyal regulars"
            else:
                name = "New customers"
        elif center["frequency"] > 0:
            name = "At risk"
        elif "monetary" in centers.columns and center["monetary"] > 0:
            name = "Hibernating"
        else:
            name = "Lost"
        same = sum(1 for taken in names.values() if taken == name or taken.startswith(name + " "))
        if same:
            name = f"{name} {same + 1}"
        names[int(segment)] = name
    return names


def _silhouette(values: np.ndarray, labels: np.ndarray, distances: np.ndarray | None = None) -> float:
    """Mean silhouette over every customer (no sample: the chapter defines it as the mean over customers)."""
    if len(np.unique(labels)) < 2:
        return 0.0
    if distances is not None:
        return float(silhouette_score(distances, labels, metric="precomputed"))
    return float(silhouette_score(values, labels))


def _features(table: pd.DataFrame, features: Sequence[str]) -> list[str]:
    if isinstance(features, str):
        features = [features]
    features = list(features)
    if not features:
        raise ValueError("choose at least one feature, e.g. ['recency', 'frequency', 'monetary']")
    if len(set(features)) != len(features):
        raise ValueError(f"features has duplicates: {features}")
    require_columns(table, features, "table")
    return features


def _check_k(k: int, n: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise ValueError(f"k must be a whole number of segments, got {k!r}")
    if not K_RANGE.start <= k < K_RANGE.stop:
        raise ValueError(f"k must be from {K_RANGE.start} to {K_RANGE.stop - 1}, got {k}")
    if k >= n:
        raise ValueError(f"k={k} segments need more than {k} customers, got {n}")
    return int(k)
