"""Deviation detection (helpers.anomalies): z-score, IQR fences, IsolationForest.

What is asserted about planted anomalies (data/anomaly_transactions.csv, truth
in the column ``planted``): a z-score > 3 on the log amount relative to the
customer's median finds every planted extreme amount; IsolationForest at
contamination 1% on (amount relative to usual, items, hour) finds ≥ 90% of the
planted extreme-amount and night-bulk transactions; the IQR rule (k = 3) on
orders per customer finds every planted reseller.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.anomalies import (
    detection_report,
    flag_top,
    iqr_fences,
    iqr_flags,
    isolation_forest_scores,
    review_table,
    zscore_flags,
)
from helpers.data import load
from helpers.datasets.mining import N_EXTREME_AMOUNT, N_NIGHT_BULK, N_RESELLERS


@pytest.fixture(scope="module")
def tx():
    frame = load("anomaly_transactions")
    usual = frame.groupby("customer_id")["amount"].transform("median")
    return frame.assign(amount_vs_usual=np.log(frame["amount"] / usual))


def test_zscore_by_hand():
    values = [2, 4, 4, 4, 5, 5, 7, 9]  # mean 5, population sd 2: z = -1.5, ..., 1, 2
    assert zscore_flags(values, threshold=1.4).tolist() == [True] + [False] * 6 + [True]
    assert zscore_flags(pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"])).index.tolist() == ["a", "b", "c"]


def test_iqr_fences_by_hand():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 100]
    # Q1 = 3, Q3 = 7 (linear interpolation), IQR = 4 -> fences -3 and 13
    assert iqr_fences(values) == (-3.0, 13.0)
    assert iqr_flags(values).tolist() == [False] * 8 + [True]


def test_planted_extreme_amounts_are_found_by_the_zscore(tx):
    report = detection_report(zscore_flags(tx["amount_vs_usual"], 3.0).to_numpy(),
                              (tx["planted"] == "extreme amount").to_numpy())
    assert report["planted"] == N_EXTREME_AMOUNT
    assert report["recall"] == 1.0


def test_isolation_forest_finds_the_planted_transactions(tx):
    scores = isolation_forest_scores(tx, ["amount_vs_usual", "items", "hour"], contamination=0.01)
    truth = tx["planted"].isin(["extreme amount", "night bulk"]).to_numpy()
    report = detection_report(scores["unusual"].to_numpy(), truth)
    assert report["planted"] == N_EXTREME_AMOUNT + N_NIGHT_BULK
    assert report["recall"] >= 0.9
    assert report["precision"] >= 0.5
    again = isolation_forest_scores(tx, ["amount_vs_usual", "items", "hour"], contamination=0.01)
    assert scores.equals(again)


def test_contamination_only_moves_the_threshold_on_the_score(tx):
    """Chapter 04's sweep flags score > its (1 − share) quantile: the same rows as refitting at each share."""
    features = ["amount_vs_usual", "items", "hour"]
    score = isolation_forest_scores(tx, features, contamination=0.01)["score"]
    for share in (0.0025, 0.01, 0.05):
        refitted = isolation_forest_scores(tx, features, contamination=share)
        assert refitted["score"].equals(score)
        assert refitted["unusual"].equals(score > score.quantile(1 - share))


def test_iqr_on_customers_finds_the_planted_resellers(tx):
    customers = tx.groupby("customer_id").agg(orders=("amount", "size"),
                                              reseller=("planted", lambda p: (p == "reseller").any()))
    report = detection_report(iqr_flags(customers["orders"], k=3).to_numpy(), customers["reseller"].to_numpy())
    assert report["planted"] == N_RESELLERS
    assert report["recall"] == 1.0 and report["precision"] == 1.0


def test_bad_input_raises_clear_errors(tx):
    with pytest.raises(ValueError, match="at least 3"):
        zscore_flags([1.0, 2.0])
    with pytest.raises(ValueError, match="all values are equal"):
        zscore_flags([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="missing value"):
        iqr_flags([1.0, np.nan, 3.0])
    with pytest.raises(ValueError, match="threshold must be >"):
        zscore_flags([1.0, 2.0, 3.0], threshold=0)
    with pytest.raises(ValueError, match="contamination must be <="):
        isolation_forest_scores(tx, ["items"], contamination=0.9)
    with pytest.raises(KeyError, match="no column"):
        isolation_forest_scores(tx, ["colour"])
    with pytest.raises(ValueError, match="not among the features"):
        isolation_forest_scores(tx, ["items"], log=["amount"])
    with pytest.raises(ValueError, match="same length"):
        detection_report([True], [True, False])


def test_flag_top_and_review_table_by_hand():
    score = pd.Series([0.9, 0.1, 0.5, 0.7], index=list("abcd"))
    assert flag_top(score, 2).tolist() == [True, False, False, True]
    table = review_table(score, [1, 3], truth=[True, False, True, False])
    assert table["threshold"].tolist() == [0.9, 0.5]
    assert table["found"].tolist() == [1, 2]
    assert table["precision"].tolist() == pytest.approx([1.0, 2 / 3])
    with pytest.raises(ValueError, match="budget"):
        flag_top(score, 5)


def test_contamination_only_moves_the_threshold(tx):
    """Issue 15: contamination=0.01 sits next to the planted share (25 of 3,383 transactions
    are odd in amount, hour or items); flags at 0.01 are exactly the 34 highest scores."""
    cards = tx
    forest = isolation_forest_scores(cards, ["amount_vs_usual", "items", "hour"], contamination=0.01)
    top = flag_top(forest["score"], int(forest["unusual"].sum()))
    assert (top == forest["unusual"]).all()
    truth = cards["planted"].isin(["extreme amount", "night bulk"]).to_numpy()
    table = review_table(forest["score"], [10, 34, 100], truth=truth)
    assert table["recall"].tolist()[-1] == 1.0
    assert table["precision"].is_monotonic_decreasing
