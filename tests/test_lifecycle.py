"""Tests of helpers.lifecycle: cohort retention tables and lifecycle stages.

The small examples are worked by hand in the docstrings; the last tests run
on the course's retailer data (``load("transactions")``).
"""

import numpy as np
import pandas as pd
import pytest

from helpers.data import load
from helpers.lifecycle import (
    STAGES,
    cohort_table,
    lifecycle_stages,
    retention_by_tenure,
    retention_curve,
)


@pytest.fixture
def toy():
    """Four customers, January to April 2024.

    - 1: Jan 5, Jan 20, Mar 1, Apr 30   → cohort Jan, active in months 0, 2, 3
    - 2: Jan 31                          → cohort Jan, active in month 0 only
    - 3: Feb 10, Mar 15                  → cohort Feb, active in months 0, 1
    - 4: Apr 2                           → cohort Apr, active in month 0

    Data end in April, so the February cohort can be seen up to month 2,
    the April cohort only in month 0.
    """
    rows = [
        (1, "2024-01-05"), (1, "2024-01-20"), (1, "2024-03-01"), (1, "2024-04-30"),
        (2, "2024-01-31"),
        (3, "2024-02-10"), (3, "2024-03-15"),
        (4, "2024-04-02"),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_counts_by_hand(toy):
    counts = cohort_table(toy, values="count")
    assert counts.index.astype(str).tolist() == ["2024-01", "2024-02", "2024-04"]
    assert counts.columns.tolist() == [0, 1, 2, 3]
    assert counts.loc["2024-01"].tolist() == [2, 0, 1, 1]
    row = counts.loc["2024-02"]
    assert row.iloc[:3].tolist() == [1, 1, 0]
    assert pd.isna(row.iloc[3])  # month 3 of the February cohort is May: not observed
    row = counts.loc["2024-04"]
    assert row.iloc[0] == 1 and row.iloc[1:].isna().all()


def test_shares_by_hand(toy):
    shares = cohort_table(toy)
    assert shares.loc["2024-01"].tolist() == [1.0, 0.0, 0.5, 0.5]
    assert shares.loc["2024-02"].iloc[:3].tolist() == [1.0, 1.0, 0.0]
    assert np.isnan(shares.loc["2024-02", 3])
    assert (shares[0] == 1.0).all()


def test_month_end_alias_is_the_same_as_month(toy):
    """pandas 3: periods take 'M', offsets 'ME'; both mean months here."""
    pd.testing.assert_frame_equal(cohort_table(toy, freq="ME"), cohort_table(toy, freq="M"))


def test_quarters_and_weeks(toy):
    quarters = cohort_table(toy, freq="Q", values="count")
    # Everyone's first purchase is in 2024Q1 except customer 4 (2024Q2).
    assert quarters.index.astype(str).tolist() == ["2024Q1", "2024Q2"]
    assert quarters.loc["2024Q1"].tolist() == [3, 1]  # customer 1 buys again in Q2
    weeks = cohort_table(toy, freq="W", values="count")
    assert int(weeks[0].sum()) == 4


def test_end_cuts_the_window(toy):
    counts = cohort_table(toy, values="count", end="2024-02-29")
    assert counts.columns.tolist() == [0, 1]
    assert counts.loc["2024-01"].tolist() == [2, 0]
    assert counts.loc["2024-02"].iloc[0] == 1 and pd.isna(counts.loc["2024-02", 1])


def test_an_end_inside_a_period_leaves_that_period_missing(toy):
    # Data to 2024-03-15: March is half seen, so a cohort's March cell would read low (customer 3
    # bought in March before the 15th, customer 1 may yet buy after it); only March's own cohort size stays.
    toy = pd.concat([toy, pd.DataFrame({"customer_id": [5], "date": pd.to_datetime(["2024-03-02"])})])
    counts = cohort_table(toy, values="count", end="2024-03-15")
    assert counts.loc["2024-01"].iloc[:2].tolist() == [2, 0] and pd.isna(counts.loc["2024-01", 2])
    assert counts.loc["2024-02", 0] == 1 and pd.isna(counts.loc["2024-02", 1])
    assert counts.loc["2024-03", 0] == 1
    whole = cohort_table(toy, values="count", end="2024-03-31")
    assert whole.loc["2024-01", 2] == 1 and whole.loc["2024-02", 1] == 1
    months = retention_by_tenure(toy, freq="M", end="2024-03-15")
    assert months["active"].sum() == 2  # January's customers 1 and 2 (to February); no step into March


def test_other_column_names(toy):
    renamed = toy.rename(columns={"customer_id": "client", "date": "day"})
    pd.testing.assert_frame_equal(
        cohort_table(renamed, customer="client", date="day"), cohort_table(toy)
    )


def test_retention_curve_by_hand(toy):
    """Month 1: 0 + 1 active of 2 + 1 exposed (April cohort not yet) = 1/3;
    month 2: 1 + 0 of 2 + 1 = 1/3; month 3: 1 of 2 (January cohort only) = 1/2."""
    curve = retention_curve(cohort_table(toy, values="count"))
    assert curve.name == "share_active"
    np.testing.assert_allclose(curve.to_numpy(), [1.0, 1 / 3, 1 / 3, 1 / 2])


def test_stages_by_hand():
    """As of 2024-12-31 with the default rules (90 / 365 / 180 days, ratio 0.5)."""
    rows = [
        ("new", "2024-12-01"),                                      # 30 days old: exploration
        ("young", "2024-05-01"), ("young", "2024-11-01"),           # 245 days, recent buys: build-up
        ("old", "2023-01-10"), ("old", "2024-06-01"), ("old", "2024-10-01"),  # maturity
        ("quiet", "2023-03-01"), ("quiet", "2024-03-01"),           # nothing in 180 days: decline
        ("fading", "2024-01-15"), ("fading", "2024-02-15"), ("fading", "2024-03-15"),
        ("fading", "2024-04-15"), ("fading", "2024-08-15"),         # 1 recent vs 4 before: decline
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    stages = lifecycle_stages(frame, asof="2024-12-31")
    assert stages["stage"].astype(str).to_dict() == {
        "fading": "decline", "new": "exploration", "old": "maturity",
        "quiet": "decline", "young": "build-up",
    }
    assert stages.loc["fading", "recent"] == 1 and stages.loc["fading", "previous"] == 4
    assert list(stages["stage"].cat.categories) == list(STAGES)


def test_real_data_shapes():
    """On the retailer: 4,000 customers, 24 monthly cohorts, a triangle of NaN."""
    tx = load("transactions")
    counts = cohort_table(tx, values="count")
    shares = cohort_table(tx)
    assert int(counts[0].sum()) == tx["customer_id"].nunique() == 4000
    assert counts.shape == (24, 24)
    assert (shares[0] == 1).all()
    observed = shares.notna().to_numpy()
    assert observed.sum() == 24 * 25 // 2  # upper-left triangle
    assert ((shares.fillna(0) >= 0) & (shares.fillna(0) <= 1)).all().all()
    curve = retention_curve(counts)
    assert curve.iloc[0] == 1 and (curve.iloc[1:] < 0.5).all()


def test_real_data_stages_cover_everyone():
    tx = load("transactions")
    stages = lifecycle_stages(tx)
    assert len(stages) == 4000
    assert stages["stage"].notna().all()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"freq": "D"}, ValueError, "freq must be one of"),
        ({"freq": 3}, ValueError, "freq must be one of"),
        ({"values": "percent"}, ValueError, "values must be one of"),
        ({"customer": "client"}, KeyError, "no column"),
        ({"end": "not a date"}, ValueError, "end must be a date"),
        ({"end": "2000-01-01"}, ValueError, "no purchases on or before"),
    ],
)
def test_bad_arguments(toy, kwargs, error, message):
    with pytest.raises(error, match=message):
        cohort_table(toy, **kwargs)


def test_bad_tables(toy):
    with pytest.raises(ValueError, match="must hold dates"):
        cohort_table(toy.assign(date="soon"))
    with pytest.raises(ValueError, match="without a"):
        cohort_table(pd.concat([toy, pd.DataFrame({"customer_id": [9], "date": [pd.NaT]})]))
    with pytest.raises(ValueError, match="empty"):
        cohort_table(toy.iloc[:0])
    with pytest.raises(ValueError, match="must be a pandas DataFrame"):
        cohort_table([1, 2, 3])


def test_retention_curve_rejects_shares(toy):
    with pytest.raises(ValueError, match="shares"):
        retention_curve(cohort_table(toy))
    with pytest.raises(ValueError, match="positive cohort sizes"):
        retention_curve(cohort_table(toy, values="count").assign(**{"0": 0}).drop(columns=0)
                        .rename(columns={"0": 0}))
    with pytest.raises(ValueError, match="values='count'"):
        retention_curve(pd.DataFrame())


def test_stage_rule_arguments(toy):
    with pytest.raises(ValueError, match="explore_days .* smaller than mature_days"):
        lifecycle_stages(toy, explore_days=400, mature_days=365)
    with pytest.raises(ValueError, match="decline_ratio"):
        lifecycle_stages(toy, decline_ratio=2)


def test_retention_by_tenure_by_hand(toy):
    """Each customer active at tenure k and observable at k + 1 counts once in row k."""
    from helpers.lifecycle import retention_by_tenure

    table = retention_by_tenure(toy, freq="M")
    expected = {}
    frame = toy.assign(p=toy["date"].dt.to_period("M"))
    last = frame["p"].max()
    first = frame.groupby("customer_id")["p"].transform("min")
    frame["k"] = [(p - f).n for p, f in zip(frame["p"], first, strict=True)]
    keys = set(zip(frame["customer_id"], frame["k"], strict=True))
    for (customer, k), group in frame.groupby(["customer_id", "k"]):
        if group["p"].iloc[0] < last:
            active, kept = expected.get(k, (0, 0))
            expected[k] = (active + 1, kept + ((customer, k + 1) in keys))
    for k, (active, kept) in expected.items():
        assert table.loc[k, "active"] == active
        assert table.loc[k, "retained"] == kept


def test_retention_rises_with_tenure_on_the_retailer():
    """Chapter 01: quarter-to-quarter retention is about 0.40 after the first quarter
    and about 0.6 or more later on: r is not constant."""
    from helpers.data import load
    from helpers.lifecycle import retention_by_tenure

    table = retention_by_tenure(load("transactions"), freq="Q")
    assert table.loc[0, "retention"] == pytest.approx(1400 / 3471)
    assert (table.loc[1:, "retention"] > table.loc[0, "retention"] + 0.15).all()


def test_annual_retention_is_the_yearly_cohort_cell():
    """r = customers of 2023 active in 2024 / customers of 2023 = 938 / 2141."""
    from helpers.data import load
    from helpers.lifecycle import annual_retention

    tx = load("transactions")
    assert annual_retention(tx) == pytest.approx(938 / 2141)
    assert annual_retention(tx) == pytest.approx(float(cohort_table(tx, freq="Y").loc["2023", 1]))
    with pytest.raises(ValueError, match="two calendar years"):
        annual_retention(tx[tx["date"].dt.year == 2023])
