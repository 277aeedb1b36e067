"""Churn prediction without leakage (helpers.churn).

Asserted: features use only purchases up to the cutoff and the label only the
horizon after it; the population ("active": bought in the 180 days before the
cutoff) and the label ("churned": nothing in the 180 days after) use the same
window; the corrected numbers of issue 15 (the old 365-day population held
30% customers already silent > 180 days, 89% of whom churn; on the consistent
population cross-validated AUC is about 0.75 against 0.70 for recency alone);
the gains table and the campaign economics match small examples computed by hand.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.churn import (
    FEATURES,
    auc_by_column,
    best_campaign,
    bootstrap_auc,
    campaign_table,
    churn_dataset,
    confusion_table,
    cross_validated_auc,
    fit_churn_models,
    gains_table,
    retention_clv,
)
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
    assert (data["recency"] >= 0).all() and (data["recency"] < 180).all()
    assert (data["orders_180d"] >= 1).all()      # active = at least one order in the label's window
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


def test_the_old_365_day_population_contradicted_its_label():
    """Issue 15: with 'active' = 365 days but churn = 180 days, 30% of the population had already
    been silent > 180 days, and 89% of those churn."""
    old = churn_dataset(load("transactions"), load("customers"), CUTOFF, horizon_days=180, active_days=365)
    silent = old["recency"] >= 180
    assert silent.mean() == pytest.approx(0.30, abs=0.01)
    assert old.loc[silent, "churned"].mean() == pytest.approx(0.89, abs=0.01)


def test_cross_validated_auc_on_the_consistent_population(data):
    """Issue 15's corrected numbers: about 0.75 for logistic regression, 0.70 for recency only."""
    folds = cross_validated_auc(data, folds=5)
    assert list(folds.columns) == ["logistic regression", "random forest", "recency only"]
    mean = folds.mean()
    assert mean["logistic regression"] == pytest.approx(0.75, abs=0.01)
    assert mean["recency only"] == pytest.approx(0.70, abs=0.01)
    assert (folds["logistic regression"] > folds["recency only"]).all()


def test_bootstrap_interval_of_the_gain_over_the_baseline(models):
    table = bootstrap_auc(models.y_test, models.scores, n_boot=300)
    assert table.loc["recency only", "gain"] == 0
    for name in ("logistic regression", "random forest"):
        row = table.loc[name]
        assert row["low"] < row["auc"] < row["high"]
        assert row["gain_low"] < row["gain"] < row["gain_high"]
    assert table.loc["logistic regression", "gain_low"] > 0   # the gain's interval excludes zero


def test_auc_by_column_is_sklearns_roc_auc_with_ties():
    """The rank (Mann–Whitney) AUC used by the bootstrap equals roc_auc_score, ties included."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, size=200)
    values = np.column_stack([rng.normal(size=200), rng.integers(0, 5, size=200), y + rng.normal(size=200)])
    expected = [roc_auc_score(y, values[:, j]) for j in range(3)]
    assert auc_by_column(y, values) == pytest.approx(expected, abs=1e-12)
    assert auc_by_column(np.array([0, 0, 1, 1]), np.array([[1.0], [2.0], [2.0], [3.0]]))[0] == 0.875  # 3.5 of 4 pairs


def test_retention_clv_by_hand():
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 3], "amount": [100.0, 50.0, 80.0, 40.0],
                       "date": pd.to_datetime(["2024-01-10", "2024-03-01", "2023-05-01", "2024-04-02"])})
    clv = retention_clv(tx, "2024-03-31", [1, 2, 3], retention=0.5, margin_rate=0.2, discount=0.0, window_days=180)
    # customer 1: margin 0.2 * 150 = 30; CLV = 30 * 0.5 / (1 + 0 - 0.5) = 30. 2: no purchase in the window; 3: after the cutoff.
    assert clv.tolist() == pytest.approx([30.0, 0.0, 0.0])


def test_campaign_table_and_best_campaign_by_hand():
    # expected saved = p * effect * clv: 0.8*0.5*100 = 40, 0.5*0.5*20 = 5, 0.1*0.5*300 = 15; cost 10.
    table = campaign_table([0.8, 0.5, 0.1], [100, 20, 300], cost=10, effect=0.5, index=["a", "b", "c"])
    assert table["customer"].tolist() == ["a", "c", "b"]
    assert table["cumulative_return"].tolist() == pytest.approx([30, 35, 30])
    assert best_campaign(table) == {"contacted": 2, "return": pytest.approx(35), "cost": pytest.approx(20)}
    nobody = campaign_table([0.1], [10], cost=10, effect=0.5)
    assert best_campaign(nobody)["contacted"] == 0
    with pytest.raises(ValueError, match="effect"):
        campaign_table([0.5], [10], cost=1, effect=1.5)
    with pytest.raises(ValueError, match="same length"):
        campaign_table([0.5, 0.2], [10], cost=1, effect=0.5)


def test_priced_campaign_beats_the_half_cut_off_on_held_out_outcomes(data, models):
    """Issue 15: choosing whom to contact from cost (20 yuan), effect (15%) and the CLV earns more on the
    held-out customers' real outcomes than contacting everyone with a churn probability >= 0.5."""
    clv = retention_clv(load("transactions"), CUTOFF, data.index, retention=1 - models.y_train.mean())
    probability = models.scores["logistic regression"]
    plan = campaign_table(probability, clv[probability.index], cost=20, effect=0.15, index=probability.index)
    chosen = pd.Index(plan["customer"].iloc[:best_campaign(plan)["contacted"]])
    saved = models.y_test * 0.15 * clv[models.y_test.index]

    def realised(customers):
        return float(saved[customers].sum() - 20 * len(customers))

    half = probability.index[probability >= 0.5]
    assert len(chosen) < len(half)
    assert realised(chosen) > 2 * realised(half) > 0
