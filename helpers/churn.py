"""Churn prediction (客户流失预测): features before a cutoff, the label after it.

The one rule that makes a churn model honest is *time*: everything the model
sees is computed from purchases **up to the cutoff date**, and the label says
whether the customer bought again in the `horizon` **after** it. Mixing the
two ("leakage") gives models that look brilliant and are useless.

The population and the label must use the same window. A customer is
*active* at the cutoff when they bought in the `horizon_days` before it, and
*churned* when they buy nothing in the `horizon_days` after it: churn is the
step from active to inactive. (Keeping customers silent for longer than the
horizon would put people in the population who, by the label's own
definition, have churned already: a model would then "predict" a win-back
list, not a retention list.)

1. :func:`churn_dataset` — one row per active customer: behaviour features and
   the label ``churned``;
2. :func:`fit_churn_models` — train/test split, then a scikit-learn pipeline
   of logistic regression and a random forest (a tree model), plus the
   recency-only baseline every model must beat;
3. :func:`cross_validated_auc` and :func:`bootstrap_auc` — how much the AUC
   varies with the split, and an interval for each model's AUC and for its
   gain over the baseline;
4. :func:`gains_table` — cumulative gains and lift by decile;
5. :func:`retention_clv`, :func:`campaign_table` and :func:`best_campaign` —
   price the ranking: whom to contact when a contact costs money, the offer
   keeps only some would-be churners, and each kept customer is worth a CLV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
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
from helpers.value import simple_clv

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
                  horizon_days: int = 180, active_days: int | None = None) -> pd.DataFrame:
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
    active_days : int, optional
        Only customers who bought in the `active_days` before the cutoff are
        kept. The default, ``None``, uses `horizon_days`: "active" and
        "churned" are then defined on the same window. A longer window keeps
        customers who have already churned by the label's own definition.

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
    active_days = horizon_days if active_days is None else int(as_number(active_days, "active_days", 1))
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
    # Bought within the last `active_days` days: the window (cutoff − active_days, cutoff], as long as the label's.
    features = features[features["recency"] < active_days]
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
    models = _make_models(random_state)
    scores = pd.DataFrame(index=X_test.index)
    for name, model in models.items():
        model.fit(X_train, y_train)
        scores[name] = model.predict_proba(X_test)[:, 1]
    scores["recency only"] = X_test["recency"]
    auc = pd.Series({name: roc_auc_score(y_test, scores[name]) for name in scores.columns}, name="roc_auc")
    return ChurnModels(models, X_train, X_test, y_train, y_test, scores, auc)


def _make_models(random_state: int) -> dict[str, Pipeline]:
    """The two pipelines: log1p, then logistic regression (standardised) or a random forest."""
    log = FunctionTransformer(np.log1p, feature_names_out="one-to-one")
    return {
        "logistic regression": Pipeline([("log", log), ("scale", StandardScaler()),
                                         ("model", LogisticRegression(max_iter=1000))]),
        "random forest": Pipeline([("log", log), ("model", RandomForestClassifier(
            n_estimators=150, min_samples_leaf=25, max_features=0.5, random_state=random_state, n_jobs=1))]),
    }


def cross_validated_auc(data: pd.DataFrame, features: Sequence[str] = FEATURES, folds: int = 5,
                        random_state: int = 0) -> pd.DataFrame:
    """ROC AUC of both models and the recency-only baseline in each fold of a stratified k-fold split.

    Every customer is held out exactly once; the spread over the folds shows
    how much one train/test split's AUC owes to the luck of the split.

    Parameters
    ----------
    data : pandas.DataFrame
        The output of :func:`churn_dataset`.
    features : sequence of str
        Columns to use (``recency`` must be in `data`).
    folds : int
        Number of folds, 2 to 20.
    random_state : int
        Seed of the shuffling and of the random forest.

    Returns
    -------
    pandas.DataFrame
        One row per fold (index ``fold`` 1…folds), one column per model and
        ``"recency only"``.
    """
    features = list(features)
    require_columns(data, [*features, "churned", "recency"], "data")
    if isinstance(folds, bool) or not isinstance(folds, (int, np.integer)) or not 2 <= folds <= 20:
        raise ValueError(f"folds must be a whole number from 2 to 20, got {folds!r}")
    if data["churned"].nunique() != 2:
        raise ValueError("churned must contain both 0 and 1 to train a model")
    X, y = data[features].astype(float), data["churned"].astype(int)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    rows = []
    for train, test in splitter.split(X, y):
        row = {}
        for name, model in _make_models(random_state).items():
            model.fit(X.iloc[train], y.iloc[train])
            row[name] = roc_auc_score(y.iloc[test], model.predict_proba(X.iloc[test])[:, 1])
        row["recency only"] = roc_auc_score(y.iloc[test], data["recency"].iloc[test])
        rows.append(row)
    return pd.DataFrame(rows, index=pd.RangeIndex(1, folds + 1, name="fold"))


def bootstrap_auc(y_true: Sequence[int], scores: pd.DataFrame, baseline: str = "recency only",
                  n_boot: int = 1000, level: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """AUC of each score with a percentile bootstrap interval, and its gain over a baseline score.

    The same resampled customers score every model (a *paired* bootstrap), so
    the interval of the difference is much narrower than the two AUC intervals
    would suggest.

    Parameters
    ----------
    y_true : sequence of 0/1
        Labels of the held-out customers.
    scores : pandas.DataFrame
        One column per model (higher = likelier churn), rows aligned with `y_true`.
    baseline : str
        The column the others are compared with.
    n_boot : int
        Bootstrap resamples (100 to 20,000).
    level : float
        Confidence level of the intervals, in (0, 1).
    random_state : int
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        One row per column of `scores`: ``auc``, ``low``, ``high``, and
        ``gain`` (AUC − baseline AUC) with ``gain_low``, ``gain_high``.
    """
    if not isinstance(scores, pd.DataFrame) or scores.empty:
        raise ValueError("scores must be a non-empty DataFrame with one column per model")
    require_columns(scores, [baseline], "scores")
    y, _ = _labels_and_scores(y_true, scores[baseline])
    if len(np.unique(y)) != 2:
        raise ValueError("y_true must contain both 0 and 1: the AUC is undefined otherwise")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or not 100 <= n_boot <= 20_000:
        raise ValueError(f"n_boot must be a whole number from 100 to 20,000, got {n_boot!r}")
    level = as_number(level, "level", 0, 1, low_open=True, high_open=True)
    values = scores.to_numpy(dtype=float)
    rng = np.random.default_rng(random_state)
    draws = []
    while len(draws) < n_boot:
        rows = rng.integers(0, len(y), size=len(y))
        if y[rows].min() == y[rows].max():
            continue  # a resample with one class only has no AUC
        draws.append(auc_by_column(y[rows], values[rows]))
    draws = np.array(draws)
    point = auc_by_column(y, values)
    base = list(scores.columns).index(baseline)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail], axis=0)
    gain = draws - draws[:, [base]]
    gain_low, gain_high = np.percentile(gain, [tail, 100 - tail], axis=0)
    return pd.DataFrame({"auc": point, "low": low, "high": high, "gain": point - point[base],
                         "gain_low": gain_low, "gain_high": gain_high}, index=scores.columns)


def auc_by_column(y: np.ndarray, values: np.ndarray) -> np.ndarray:
    """ROC AUC of each column of `values` as a score for the 0/1 labels `y`.

    The AUC is the Mann–Whitney statistic: the share of (churner, stayer)
    pairs in which the churner has the higher score, a tie counting one half.
    With average ranks it is (rank sum of the churners − n₁(n₁+1)/2) / (n₁·n₀)
    — the same number as ``sklearn.metrics.roc_auc_score``, for all columns at
    once (the bootstrap computes it a thousand times).
    """
    ranks = rankdata(values, axis=0)
    churners = y == 1
    n1 = churners.sum()
    n0 = len(y) - n1
    return (ranks[churners].sum(axis=0) - n1 * (n1 + 1) / 2) / (n1 * n0)


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


def retention_clv(transactions: pd.DataFrame, cutoff: str | pd.Timestamp, customers: Sequence[Any],
                  retention: float, margin_rate: float = 0.3, discount: float = 0.05,
                  window_days: int = 180) -> pd.Series:
    """What keeping each customer is worth: chapter 02's simple CLV, per customer, at the cutoff.

    ``CLV = m · r / (1 + d − r)`` (:func:`helpers.value.simple_clv`) with one
    period = `window_days`; ``m`` is the customer's margin in the last period
    before the cutoff (their spend in (cutoff − window_days, cutoff] times
    `margin_rate`), ``r`` the retention rate per period and ``d`` the discount
    rate per period.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The order log (``customer_id``, ``date``, ``amount``).
    cutoff : date-like
        Only purchases up to this day are used.
    customers : sequence
        The customer ids to value (e.g. the index of :func:`churn_dataset`).
    retention : float
        Retention per period, in [0, 1) — e.g. 1 − the churn rate of the training customers.
    margin_rate : float
        Gross margin as a share of revenue, in (0, 1].
    discount : float
        Discount rate per period, ≥ 0.
    window_days : int
        Length of one period in days.

    Returns
    -------
    pandas.Series
        CLV in yuan, indexed by customer id (0 for a customer with no purchase in the window).
    """
    require_columns(transactions, ["customer_id", "date", "amount"], "transactions")
    try:
        cutoff = pd.Timestamp(cutoff)
    except (TypeError, ValueError):
        raise ValueError(f"cutoff must be a date such as '2024-06-30', got {cutoff!r}") from None
    margin_rate = as_number(margin_rate, "margin_rate", 0, 1, low_open=True)
    window_days = int(as_number(window_days, "window_days", 1))
    clv_factor = simple_clv(1.0, retention, discount)  # validates retention and discount
    dates = pd.to_datetime(transactions["date"])
    recent = transactions[(dates > cutoff - pd.Timedelta(days=window_days)) & (dates <= cutoff)]
    index = pd.Index(list(customers), name="customer_id")
    margin = recent.groupby("customer_id")["amount"].sum().reindex(index, fill_value=0.0) * margin_rate
    return (margin * clv_factor).rename("clv")


def campaign_table(churn: Sequence[float], clv: Sequence[float], cost: float, effect: float,
                   order: Sequence[float] | None = None, index: Sequence[Any] | None = None) -> pd.DataFrame:
    """A retention campaign, customer by customer in contact order, with its cumulative expected return.

    Contacting customer *i* costs `cost`; if *i* would churn, the offer keeps
    them with probability `effect`, which saves their CLV. So the expected
    value of the contact is ``churn_i · effect · clv_i − cost``: contact a
    customer when it is positive.

    Parameters
    ----------
    churn : sequence of float
        Each customer's churn probability (to plan a campaign), or the actual
        0/1 outcome (to evaluate one on held-out customers).
    clv : sequence of float
        What keeping each customer is worth (yuan, ≥ 0), e.g. :func:`retention_clv`.
    cost : float
        Cost of one contact, offer included (yuan, ≥ 0).
    effect : float
        Share of would-be churners the offer keeps, in [0, 1].
    order : sequence of float, optional
        Contact order, highest first. Default: the expected value of the contact.
    index : sequence, optional
        Customer ids (default 0…n−1).

    Returns
    -------
    pandas.DataFrame
        One row per customer in contact order: ``customer``, ``churn``,
        ``clv``, ``expected_saved`` (churn · effect · clv), ``net``
        (expected_saved − cost), ``contacted`` (1, 2, …) and
        ``cumulative_return`` (sum of ``net`` of everyone contacted so far).
    """
    p = as_vector(churn, "churn")
    value = as_vector(clv, "clv", nonnegative=True)
    if len(p) != len(value):
        raise ValueError(f"churn and clv must have the same length, got {len(p)} and {len(value)}")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("churn must hold probabilities or 0/1 outcomes, between 0 and 1")
    cost = as_number(cost, "cost", 0)
    effect = as_number(effect, "effect", 0, 1)
    saved = p * effect * value
    rank_by = saved - cost if order is None else as_vector(order, "order")
    if len(rank_by) != len(p):
        raise ValueError(f"order must have one value per customer ({len(p)}), got {len(rank_by)}")
    ids = np.arange(len(p)) if index is None else np.asarray(list(index))
    if len(ids) != len(p):
        raise ValueError(f"index must have one id per customer ({len(p)}), got {len(ids)}")
    sequence = np.argsort(-rank_by, kind="stable")
    net = saved[sequence] - cost
    return pd.DataFrame({
        "customer": ids[sequence],
        "churn": p[sequence],
        "clv": value[sequence],
        "expected_saved": saved[sequence],
        "net": net,
        "contacted": np.arange(1, len(p) + 1),
        "cumulative_return": np.cumsum(net),
    })


def best_campaign(table: pd.DataFrame) -> dict[str, float]:
    """The campaign size with the highest cumulative return in a :func:`campaign_table`.

    Returns
    -------
    dict
        ``contacted`` (customers, 0 when no contact pays), ``return`` (yuan)
        and ``cost`` (yuan spent on contacts, from the table's ``expected_saved − net``).
    """
    require_columns(table, ["cumulative_return", "contacted", "expected_saved", "net"], "table")
    if table.empty:
        raise ValueError("table is empty")
    best = int(np.argmax(table["cumulative_return"].to_numpy()))
    if table["cumulative_return"].iloc[best] <= 0:
        return {"contacted": 0, "return": 0.0, "cost": 0.0}
    cost = float((table["expected_saved"] - table["net"]).iloc[: best + 1].sum())
    return {"contacted": int(table["contacted"].iloc[best]),
            "return": float(table["cumulative_return"].iloc[best]), "cost": cost}
