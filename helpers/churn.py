"""Churn prediction (客户流失预测): features before a cutoff, the label after it.

The one rule that makes a churn model honest is *time*: everything the model
sees is computed from purchases **up to the cutoff date**, and the label says
whether the customer bought again in the `horizon` **after** it. Mixing the
two ("leakage") gives models that look brilliant and are useless.

1. :func:`churn_dataset` — one row per customer active before the cutoff:
   behaviour features and the label ``churned``;
2. :func:`fit_churn_models` — train/test split, then a scikit-learn pipeline
   of logistic regression and a random forest (a tree model), plus the
   recency-only baseline every model must beat;
3. :func:`gains_table` — cumulative gains and lift by decile, for choosing
   how many customers a retention campaign should contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from helpers.validation import (
    as_date,
    as_dates,
    as_number,
    as_vector,
    numeric_frame,
    require_columns,
    require_complete,
    require_unique,
)

FEATURES = ["recency", "frequency", "monetary", "tenure", "orders_90d", "orders_180d",
            "days_per_order", "gaps_since_last", "app_customer"]
"""The features :func:`churn_dataset` builds, all from purchases up to the cutoff."""


@dataclass
class ChurnModels:
    """Fitted churn models and their held-out evaluation (from :func:`fit_churn_models`).

    Attributes
    ----------
    models : dict of str to Pipeline
        ``"logistic regression"`` and ``"random forest"``, fitted on the training customers.
    X_train, X_test : pandas.DataFrame
        Features of the training and held-out (test) customers.
    y_train, y_test : pandas.Series
        Their labels (1 = churned).
    scores : pandas.DataFrame
        Held-out churn probability of each model, plus ``"recency only"``
        (the baseline: the longer since the last purchase, the likelier churn).
    auc : pandas.Series
        ROC AUC on the held-out customers, per model and for the baseline.
    """

    models: dict[str, Pipeline]
    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series
    scores: pd.DataFrame
    auc: pd.Series


def churn_dataset(transactions: pd.DataFrame, customers: pd.DataFrame, cutoff: str | pd.Timestamp,
                  horizon_days: int = 180, active_days: int = 365) -> pd.DataFrame:
    """Build churn features from purchases up to `cutoff` and the label from the `horizon` after it.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The order log (``customer_id``, ``date``, ``amount``).
    customers : pandas.DataFrame
        The customer table (``customer_id``, ``channel``).
    cutoff : date-like
        The day the prediction is made. Features use dates ≤ cutoff only.
    horizon_days : int
        A customer *churned* (label 1) when they buy nothing in the
        `horizon_days` days after the cutoff.
    active_days : int
        Only customers who bought in the `active_days` before the cutoff are
        kept: those long gone are lost already, not a retention target.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: the :data:`FEATURES` and ``churned`` (0/1).

    Raises
    ------
    ValueError
        If the horizon runs past the last date in the data (the label would
        be wrong), or no customer is active before the cutoff.
    """
    require_columns(transactions, ["customer_id", "date", "amount"], "transactions")
    require_columns(customers, ["customer_id", "channel"], "customers")
    cutoff = as_date(cutoff, "cutoff")
    require_unique(customers["customer_id"], "customers['customer_id']")
    horizon_days = int(as_number(horizon_days, "horizon_days", 1))
    active_days = int(as_number(active_days, "active_days", 1))
    dates = as_dates(transactions["date"], "column 'date'")
    amounts = as_vector(transactions["amount"], "column 'amount'")
    if transactions["customer_id"].isna().any():
        raise ValueError(f"column 'customer_id' has {int(transactions['customer_id'].isna().sum())} missing "
                         "customer id(s); drop them first")
    transactions = transactions.assign(amount=amounts)
    end = cutoff + pd.Timedelta(days=horizon_days)
    if end > dates.max():
        raise ValueError(f"the horizon ends on {end.date()}, after the last purchase in the data "
                         f"({dates.max().date()}): churn would be overstated; pick an earlier cutoff")
    before = transactions[dates <= cutoff].assign(date=dates[dates <= cutoff])
    after = transactions[(dates > cutoff) & (dates <= end)]
    grouped = before.groupby("customer_id")
    features = pd.DataFrame({
        "recency": (cutoff - grouped["date"].max()).dt.days,
        "frequency": grouped.size(),
        "monetary": grouped["amount"].sum(),
        "tenure": (cutoff - grouped["date"].min()).dt.days,
    })
    features = features[features["recency"] <= active_days]
    if features.empty:
        raise ValueError(f"no customer bought in the {active_days} days before {cutoff.date()}")
    for days in (90, 180):
        recent = before[before["date"] > cutoff - pd.Timedelta(days=days)]
        features[f"orders_{days}d"] = recent.groupby("customer_id").size().reindex(features.index, fill_value=0)
    features["days_per_order"] = (features["tenure"] + 1) / features["frequency"]
    # Recency measured in the customer's own rhythm: 3 means "three usual gaps without a purchase".
    features["gaps_since_last"] = features["recency"] / features["days_per_order"]
    channel = customers.set_index("customer_id")["channel"].reindex(features.index)
    features["app_customer"] = (channel == "app").astype(int)
    features["churned"] = (~features.index.isin(after["customer_id"])).astype(int)
    features.index.name = "customer_id"
    return features[[*FEATURES, "churned"]]


def fit_churn_models(data: pd.DataFrame, features: Sequence[str] = FEATURES, test_size: float = 0.3,
                     random_state: int = 0) -> ChurnModels:
    """Split customers into training and held-out sets, fit two models, score all three.

    Both models see ``log1p`` of the features (they are skewed counts and
    money); logistic regression also standardises them. Split is stratified
    by the label and seeded.

    Parameters
    ----------
    data : pandas.DataFrame
        The output of :func:`churn_dataset`.
    features : sequence of str
        Columns to use; ``recency`` must be there for the baseline.
    test_size : float
        Share of customers held out for evaluation, in (0, 1).
    random_state : int
        Seed of the split and of the random forest.

    Returns
    -------
    ChurnModels
    """
    features = list(features)
    require_columns(data, [*features, "churned", "recency"], "data")
    test_size = as_number(test_size, "test_size", 0, 1, low_open=True, high_open=True)
    require_complete(data, ["churned"], "data")
    numeric_frame(data, features, "data")  # names a missing, infinite, huge or text feature value
    if data["churned"].nunique() != 2:
        raise ValueError("churned must contain both 0 and 1 to train a model")
    if (data[features] < 0).any().any():
        raise ValueError("features must not be negative (they are log-transformed)")
    X, y = data[features].astype(float), data["churned"].astype(int)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    log = FunctionTransformer(np.log1p, feature_names_out="one-to-one")
    models = {
        "logistic regression": Pipeline([("log", log), ("scale", StandardScaler()),
                                         ("model", LogisticRegression(max_iter=1000))]),
        "random forest": Pipeline([("log", log), ("model", RandomForestClassifier(
            n_estimators=150, min_samples_leaf=25, max_features=0.5, random_state=random_state, n_jobs=1))]),
    }
    scores = pd.DataFrame(index=X_test.index)
    for name, model in models.items():
        model.fit(X_train, y_train)
        scores[name] = model.predict_proba(X_test)[:, 1]
    scores["recency only"] = X_test["recency"]
    auc = pd.Series({name: roc_auc_score(y_test, scores[name]) for name in scores.columns}, name="roc_auc")
    return ChurnModels(models, X_train, X_test, y_train, y_test, scores, auc)


def confusion_table(y_true: Sequence[int], probability: Sequence[float], threshold: float = 0.5) -> pd.DataFrame:
    """The confusion matrix at a probability threshold, with labelled rows and columns.

    Returns
    -------
    pandas.DataFrame
        Rows ``actual stays`` / ``actual churns``, columns ``predicted stays`` /
        ``predicted churns``: counts of customers.
    """
    y, p = _labels_and_scores(y_true, probability)
    threshold = as_number(threshold, "threshold", 0, 1)
    matrix = confusion_matrix(y, (p >= threshold).astype(int), labels=[0, 1])
    return pd.DataFrame(matrix, index=["actual stays", "actual churns"],
                        columns=["predicted stays", "predicted churns"])


def gains_table(y_true: Sequence[int], score: Sequence[float], bins: int = 10) -> pd.DataFrame:
    """Cumulative gains and lift: contact customers from the highest score down.

    Customers are sorted by `score` (highest first; ties keep their order)
    and cut into `bins` groups of (nearly) equal size.

    Parameters
    ----------
    y_true : sequence of 0/1
        1 = churned.
    score : sequence of float
        Higher = more likely to churn.
    bins : int
        Number of groups (10 gives deciles).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``contacted_share`` (cumulative share of customers
        contacted), ``customers``, ``churners``, ``captured_share`` (cumulative
        share of all churners found = the gains curve) and ``lift``
        (captured share ÷ contacted share; 1 = no better than random).
    """
    y, s = _labels_and_scores(y_true, score)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 1 <= bins <= len(y):
        raise ValueError(f"bins must be a whole number from 1 to the number of customers ({len(y)}), got {bins!r}")
    if y.sum() == 0:
        raise ValueError("y_true has no churners (no 1s): gains are undefined")
    order = np.argsort(-s, kind="stable")
    groups = np.array_split(y[order], bins)
    customers = np.array([len(g) for g in groups])
    churners = np.array([int(g.sum()) for g in groups])
    contacted = np.cumsum(customers) / len(y)
    captured = np.cumsum(churners) / y.sum()
    return pd.DataFrame({
        "group": np.arange(1, bins + 1),
        "contacted_share": contacted,
        "customers": customers,
        "churners": churners,
        "captured_share": captured,
        "lift": captured / contacted,
    })


def _labels_and_scores(y_true: Sequence[int], score: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    y = as_vector(y_true, "y_true")
    s = as_vector(score, "score")
    if len(y) != len(s):
        raise ValueError(f"y_true and score must have the same length, got {len(y)} and {len(s)}")
    if not np.isin(y, [0, 1]).all():
        raise ValueError("y_true must hold 0 (stays) and 1 (churns) only")
    return y.astype(int), s
