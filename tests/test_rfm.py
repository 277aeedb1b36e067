"""helpers.rfm on a hand-made transaction log."""

import pandas as pd
import pytest

from helpers.data import load
from helpers.rfm import SEGMENT_ORDER, rfm_scores, rfm_segments, rfm_table


@pytest.fixture
def log():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 3, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-15", "2024-02-20", "2024-03-30"]),
        "amount": [10.0, 20.0, 30.0, 100.0, 5.0, 5.0],
    })


def test_rfm_table_by_hand(log):
    table = rfm_table(log, asof="2024-04-01")
    assert table.loc[1].tolist() == [31, 3, 60.0]
    assert table.loc[2].tolist() == [77, 1, 100.0]
    assert table.loc[3].tolist() == [2, 2, 10.0]
    assert table.index.name == "customer_id"


def test_default_asof_is_the_day_after_the_last_purchase(log):
    assert rfm_table(log)["recency"].min() == 1


def test_purchases_after_asof_are_ignored(log):
    table = rfm_table(log, asof="2024-02-15")
    assert table.loc[1, "frequency"] == 2
    assert 3 not in table.index  # customer 3 first buys after the cut-off


def test_scores_recent_is_high_and_ties_share_a_score():
    table = pd.DataFrame({"recency": [1, 10, 100, 1000], "frequency": [5, 1, 1, 1], "monetary": [40, 30, 20, 10]})
    scored = rfm_scores(table, bins=4)
    assert scored["R"].tolist() == [4, 3, 2, 1]
    assert scored["F"].tolist() == [4, 1, 1, 1]
    assert scored["M"].tolist() == [4, 3, 2, 1]
    assert scored["RFM"].tolist() == ["444", "313", "212", "111"]


def test_quintiles_on_the_retailer():
    scored = rfm_scores(rfm_table(load("transactions")))
    for column in ["R", "F", "M"]:
        assert scored[column].between(1, 5).all()
    # Monetary has few ties: each quintile holds a fifth of the customers.
    assert scored["M"].value_counts().eq(len(scored) // 5).all()


def test_segments_follow_the_map():
    scores = pd.DataFrame({"R": [5, 5, 1, 1, 3], "F": [5, 1, 5, 1, 3]})
    names = rfm_segments(scores).astype(str).tolist()
    assert names == ["Champions", "New customers", "Can't lose them", "Lost", "Need attention"]
    assert list(rfm_segments(scores).cat.categories) == SEGMENT_ORDER


def test_rfm_on_cdnow_with_other_column_names():
    table = rfm_table(load("cdnow"), amount="dollar_value", asof="1998-07-01")
    assert len(table) == 2357
    assert table["frequency"].sum() == 6919


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "message"),
    [
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"]}), {}, KeyError, "no column.*amount"),
        (pd.DataFrame(columns=["customer_id", "date", "amount"]), {}, ValueError, "empty"),
        (pd.DataFrame({"customer_id": [1], "date": ["not a date"], "amount": [1.0]}), {}, ValueError, "must hold dates"),
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [-5.0]}), {}, ValueError, "negative"),
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [None]}), {}, ValueError, "missing"),
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]}), {"asof": "2023-01-01"}, ValueError, "no purchase on or before"),
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]}), {"asof": "soon"}, ValueError, "asof must be a date"),
        ([1, 2, 3], {}, ValueError, "must be a pandas DataFrame"),
    ],
)
def test_rfm_table_bad_input(frame, kwargs, error, message):
    with pytest.raises(error, match=message):
        rfm_table(frame, **kwargs)


def test_rfm_scores_bad_input():
    table = pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    with pytest.raises(ValueError, match="need at least 5 customers"):
        rfm_scores(table)
    with pytest.raises(ValueError, match="bins must be a whole number"):
        rfm_scores(table, bins=1)
    with pytest.raises(KeyError, match="recency"):
        rfm_scores(table.drop(columns="recency"))
    with pytest.raises(ValueError, match="R and F scores from 1 to 5"):
        rfm_segments(pd.DataFrame({"R": [6], "F": [1]}))
