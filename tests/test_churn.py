"""Churn prediction without leakage (helpers.churn).

Asserted: features use only purchases up to the cutoff and the label only the
horizon after it; on held-out customers the logistic-regression and the
random-forest pipelines beat the recency-only baseline in ROC AUC; the gains
table matches a small example computed by hand.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.churn import FEATURES, churn_dataset, confusion_table, fit_churn_models, gains_table
from helpers.data import load

CUTOFF = "2024-03-31"


@pytest.fixture(scope="module")
def data():
    return churn_dataset(load("transactions"), load("customers"), CUTOFF, horizon_days=180)


@pytest.fixture(scope="module")
def models(data):
    return fit_churn_models(data)


def test_features_come_from_before_the_cutoff_and_the_label_from_after():
    tx = pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-01-31", "2024-03-01",   # 1 buys again on 03-01
                                "2024-01-10", "2024-03-20",                 # 2 only before the cutoff
                                "2023-01-01"]),                             # 3 long gone: not active
        "amount": [10.0, 20.0, 30.0, 5.0, 5.0, 99.0],
    })
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "channel": ["app", "store", "online"]})
    data = churn_dataset(tx, customers, "2024-02-01", horizon_days=30, active_days=365)
    assert data.index.tolist() == [1, 2]
    assert data.loc[1, "frequency"] == 2 and data.loc[1, "monetary"] == 30.0   # the 03-01 order is not seen
    assert data.loc[1, "recency"] == 1 and data.loc[1, "tenure"] == 31
    assert data.loc[1, "churned"] == 0        # bought in (02-01, 03-02]
    assert data.loc[2, "churned"] == 1        # 03-20 is after the 30-day horizon
    assert data.loc[1, "app_customer"] == 1 and data.loc[2, "app_customer"] == 0


def test_no_leakage_on_the_retail_data(data):
    tx = load("transactions")
    before = tx[tx["date"] <= CUTOFF].groupby("customer_id").size()
    assert (data["frequency"] == before.reindex(data.index)).all()
    assert (data["recency"] >= 0).all() and (data["recency"] <= 365).all()
    assert list(data.columns) == [*FEATURES, "churned"]
    assert 0.3 < data["churned"].mean() < 0.8


def test_both_models_beat_the_recency_only_baseline_on_held_out_customers(models):
    auc = models.auc
    assert auc["logistic regression"] > auc["recency only"] + 0.01
    assert auc["random forest"] > auc["recency only"]
    assert len(set(models.X_train.index) & set(models.X_test.index)) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_logistic_regression_beats_the_baseline_on_other_splits(data, seed):
    auc = fit_churn_models(data, random_state=seed).auc
    assert auc["logistic regression"] > auc["recency only"]


def test_gains_table_by_hand():
    # 10 customers, scores 10..1; churners at ranks 1, 2, 4, 7; five groups of two.
    y = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    score = list(range(10, 0, -1))
    table = gains_table(y, score, bins=5)
    assert table["churners"].tolist() == [2, 1, 0, 1, 0]
    assert table["captured_share"].tolist() == pytest.approx([0.5, 0.75, 0.75, 1.0, 1.0])
    # lift = captured / contacted: 0.5/0.2, 0.75/0.4, 0.75/0.6, 1/0.8, 1/1
    assert table["lift"].tolist() == pytest.approx([2.5, 1.875, 1.25, 1.25, 1.0])


def test_confusion_table_counts(models):
    table = confusion_table([0, 0, 1, 1], [0.2, 0.7, 0.6, 0.1])
    assert table.to_numpy().tolist() == [[1, 1], [1, 1]]
    full = confusion_table(models.y_test, models.scores["logistic regression"])
    assert full.to_numpy().sum() == len(models.y_test)


def test_bad_input_raises_clear_errors(data):
    tx, customers = load("transactions"), load("customers")
    with pytest.raises(ValueError, match="after the last purchase"):
        churn_dataset(tx, customers, "2024-12-01", horizon_days=180)
    with pytest.raises(ValueError, match="cutoff must be a date"):
        churn_dataset(tx, customers, "soon")
    with pytest.raises(KeyError, match="no column"):
        churn_dataset(tx.drop(columns="amount"), customers, CUTOFF)
    with pytest.raises(ValueError, match="both 0 and 1"):
        fit_churn_models(data.assign(churned=1))
    with pytest.raises(ValueError, match="test_size"):
        fit_churn_models(data, test_size=1.5)
    with pytest.raises(ValueError, match="same length"):
        gains_table([0, 1], [0.5])
    with pytest.raises(ValueError, match="0 \\(stays\\) and 1"):
        gains_table([0, 2], [0.5, 0.1], bins=1)
    with pytest.raises(ValueError, match="no churners"):
        gains_table([0, 0], [0.5, 0.1], bins=1)
    with pytest.raises(ValueError, match="missing value"):
        gains_table([0, 1], [np.nan, 0.1], bins=1)
    with pytest.raises(ValueError, match="bins"):
        gains_table([0, 1], [0.2, 0.1], bins=5)
