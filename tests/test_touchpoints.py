"""Touch points: first channel, channel summary and the retention gap, by hand."""

import pandas as pd
import pytest

from helpers.data import load
from helpers.touchpoints import channel_summary, first_channel, retention_difference


@pytest.fixture
def toy() -> pd.DataFrame:
    # Customer 1: first order in the store, back in 2024 online.
    # Customer 2: first order online, gone.  Customer 3: first order online, back.
    # Customer 4: first order in 2024: not in the 2023 population.
    return pd.DataFrame({
        "customer_id": [1, 1, 2, 3, 3, 4],
        "date": pd.to_datetime(["2023-03-01", "2024-02-01", "2023-05-01", "2023-06-01",
                                "2024-07-01", "2024-01-05"]),
        "channel": ["store", "online", "online", "online", "app", "app"],
        "amount": [10.0, 30.0, 5.0, 20.0, 40.0, 99.0],
    })


def test_first_channel_by_hand(toy):
    assert first_channel(toy).to_dict() == {1: "store", 2: "online", 3: "online", 4: "app"}


def test_summary_by_hand(toy):
    table = channel_summary(toy, "2023-12-31", "2024-01-01", n_boot=200)
    assert table.loc["store", ["customers", "orders", "retained"]].tolist() == [1, 2, 1]
    assert table.loc["online", ["customers", "orders", "retained"]].tolist() == [2, 3, 1]
    assert table.loc["online", "revenue"] == pytest.approx(65.0)
    assert table.loc["online", "revenue_per_customer"] == pytest.approx(32.5)
    assert table.loc["online", "retention"] == pytest.approx(0.5)
    assert "app" not in table.index  # customer 4 joined in 2024
    assert (table["retention_low"] <= table["retention"]).all()
    assert (table["retention"] <= table["retention_high"]).all()


def test_wilson_interval_matches_published_formula():
    """Wilson (1927) score interval for 220 of 394 at 95%: centre and half-width by hand."""
    tx = load("transactions")
    table = channel_summary(tx, "2023-12-31", "2024-01-01")
    k, n = table.loc["app", "retained"], table.loc["app", "customers"]
    z = 1.959963984540054
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * (p * (1 - p) / n + z**2 / (4 * n**2)) ** 0.5
    assert table.loc["app", "retention_low"] == pytest.approx(centre - half)
    assert table.loc["app", "retention_high"] == pytest.approx(centre + half)


def test_retailer_numbers_of_the_chapter():
    """The numbers chapter 01 prints: 2,141 customers of 2023, app retains more than online."""
    tx = load("transactions")
    table = channel_summary(tx, "2023-12-31", "2024-01-01")
    assert table["customers"].sum() == 2141
    assert table["retained"].sum() == 938
    gap, low, high = retention_difference(table, "app", "online")
    assert low > 0 and low < gap < high
    gap, low, high = retention_difference(table, "online", "store")
    assert low < 0 < high  # no difference shown between online and store


def test_bootstrap_is_seeded(toy):
    a = channel_summary(toy, "2023-12-31", "2024-01-01", n_boot=200, seed=1)
    b = channel_summary(toy, "2023-12-31", "2024-01-01", n_boot=200, seed=1)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"acquired_by": "2024-06-01", "active_from": "2024-01-01"}, ValueError, "acquired_by < active_from"),
        ({"acquired_by": "2020-01-01", "active_from": "2024-01-01"}, ValueError, "no customer"),
        ({"acquired_by": "soon", "active_from": "2024-01-01"}, ValueError, "must be dates"),
        ({"acquired_by": "2023-12-31", "active_from": "2024-01-01", "amount": "value"}, KeyError, "value"),
    ],
)
def test_bad_input(toy, kwargs, error, message):
    with pytest.raises(error, match=message):
        channel_summary(toy, **kwargs)


def test_unknown_channel_is_named(toy):
    table = channel_summary(toy, "2023-12-31", "2024-01-01", n_boot=200)
    with pytest.raises(KeyError, match="'phone' is not a channel"):
        retention_difference(table, "phone", "online")
