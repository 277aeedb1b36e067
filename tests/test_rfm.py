"""helpers.rfm on a hand-made transaction log."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # The three one-time buyers share F = 1; the next level up is 2, never a skipped level.
    assert scored["F"].tolist() == [2, 1, 1, 1]
    assert scored["M"].tolist() == [4, 3, 2, 1]
    assert scored["RFM"].tolist() == ["424", "313", "212", "111"]


def test_nine_recent_and_one_old_customer_do_not_share_the_lowest_r():
    """The tie rule of issue 10: nine customers at recency 1 and one at 100 must not all get R = 1."""
    table = pd.DataFrame({"recency": [1] * 9 + [100], "frequency": [1] * 10, "monetary": range(10)})
    scored = rfm_scores(table)
    assert scored["R"].tolist() == [2] * 9 + [1]


def test_retailer_frequency_levels_mean_order_counts():
    """On the retailer's orders F = 1 is one order, F = 2 two orders (the lowest-rank rule left F = 2 empty)."""
    scored = rfm_scores(rfm_table(_retailer_orders()))
    by_level = scored.groupby("F")["frequency"].agg(["size", "min", "max"])
    assert by_level.index.tolist() == [1, 2, 3, 4, 5]
    assert by_level.loc[1].tolist() == [1655, 1, 1]
    assert by_level.loc[2].tolist() == [669, 2, 2]
    assert by_level.loc[3].tolist() == [417, 3, 3]


def test_segment_profiles_match_their_names():
    """'At risk' customers are not lost: every one is more recent than every 'Lost' customer."""
    scored = rfm_scores(rfm_table(_retailer_orders()))
    scored["segment"] = rfm_segments(scored)
    profile = scored.groupby("segment", observed=True).agg(
        customers=("R", "size"), recency=("recency", "median"), max_recency=("recency", "max"),
        min_recency=("recency", "min"), frequency=("frequency", "median"))
    assert profile.loc["At risk", "max_recency"] < profile.loc["Lost", "min_recency"]
    assert profile.loc["At risk", "recency"] < 365
    assert profile.loc["At risk", "frequency"] >= 4
    assert profile.loc["Champions", "frequency"] >= 4
    assert profile.loc["Champions", "recency"] < profile.loc["Loyal", "recency"] < profile.loc["At risk", "recency"]
    assert profile.loc["New customers", "frequency"] == 1
    assert profile.loc["Potential loyalist", "frequency"] in (2, 3)
    assert profile["customers"].sum() == 4000


def _retailer_orders() -> pd.DataFrame:
    tx = load("transactions")
    return tx.groupby(["order_id", "customer_id", "date"], as_index=False)["amount"].sum()


@st.composite
def _tied_columns(draw) -> pd.Series:
    """A column of 5 to 60 values with heavy ties (few distinct values)."""
    n = draw(st.integers(5, 60))
    return pd.Series(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)), dtype=float)


_PROPERTY = settings(derandomize=True, max_examples=80, deadline=None, database=None)


@_PROPERTY
@given(recency=_tied_columns(), bins=st.integers(2, 5))
def test_recent_customers_never_get_a_lower_r(recency, bins):
    """Property: R is monotone (more recent, never lower R), ties share a score, and no level is skipped."""
    table = pd.DataFrame({"recency": recency, "frequency": 1, "monetary": 1.0})
    if len(table) < bins:
        return
    scores = rfm_scores(table, bins=bins)["R"]
    order = np.argsort(table["recency"].to_numpy(), kind="stable")
    assert np.all(np.diff(scores.to_numpy()[order]) <= 0)
    assert (scores.groupby(table["recency"]).nunique() == 1).all()
    used = sorted(scores.unique())
    assert used == list(range(1, len(used) + 1))


@_PROPERTY
@given(recency=_tied_columns())
def test_the_most_recent_never_share_the_lowest_r_with_the_least_recent(recency):
    """Property: with two or more distinct recencies, the most recent customers score above R = 1."""
    table = pd.DataFrame({"recency": recency, "frequency": 1, "monetary": 1.0})
    if table["recency"].nunique() < 2:
        return
    scores = rfm_scores(table)["R"]
    assert scores[table["recency"] == table["recency"].min()].iloc[0] >= 2
    assert scores[table["recency"] == table["recency"].max()].iloc[0] == 1


@_PROPERTY
@given(values=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=5, max_size=80, unique=True),
       bins=st.integers(2, 5))
def test_without_ties_the_levels_are_plain_quantiles(values, bins):
    """Property: distinct values give levels of (nearly) equal size, the largest at the top."""
    table = pd.DataFrame({"recency": 1, "frequency": 1, "monetary": values})
    scores = rfm_scores(table, bins=bins)["M"]
    sizes = scores.value_counts()
    assert len(sizes) == bins
    assert sizes.max() - sizes.min() <= 1
    assert scores[table["monetary"].idxmax()] == bins


def test_quintiles_on_the_retailer():
    scored = rfm_scores(rfm_table(load("transactions")))
    for column in ["R", "F", "M"]:
        assert scored[column].between(1, 5).all()
    # Monetary has few ties: each quintile holds a fifth of the customers.
    assert scored["M"].value_counts().eq(len(scored) // 5).all()


def test_segments_follow_the_map():
    scores = pd.DataFrame({"R": [5, 5, 1, 1, 3], "F": [5, 1, 5, 1, 3]})
    names = rfm_segments(scores).astype(str).tolist()
    assert names == ["Champions", "New customers", "Lost", "Lost", "Need attention"]
    assert rfm_segments(pd.DataFrame({"R": [2, 3], "F": [5, 4]})).astype(str).tolist() == ["Can't lose them", "At risk"]
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
