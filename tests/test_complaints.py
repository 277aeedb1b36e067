"""Complaint rates and resolution performance per channel."""

import pandas as pd
import pytest

from helpers.complaints import complaint_summary

COMPLAINTS = pd.DataFrame({
    "channel": ["app", "app", "store"],
    "hours_to_resolve": [10.0, 60.0, 30.0],
    "outcome": ["resolved", "unresolved", "resolved"],
})
ORDERS = pd.DataFrame({"channel": ["app"] * 400 + ["store"] * 100 + ["online"] * 50})


def test_summary_by_hand():
    """app: 2 complaints / 400 orders = 5 per 1,000; median (10 + 60)/2 = 35 h; 1 of 2 resolved within 48 h."""
    table = complaint_summary(COMPLAINTS, ORDERS, target_hours=48)
    assert table.index.tolist() == ["app", "online", "store"]
    assert table.loc["app", "per_1000_orders"] == pytest.approx(5.0)
    assert table.loc["app", "median_hours"] == pytest.approx(35.0)
    assert table.loc["app", "resolved_within_target"] == pytest.approx(0.5)
    assert table.loc["store", "resolved"] == pytest.approx(1.0)
    assert table.loc["online", "complaints"] == 0


def test_service_level_counts_only_resolved_complaints():
    """A complaint closed within the promise but not resolved does not meet it (TEACHING.md §2).

    app: closed in 10 h and resolved (meets), closed in 20 h unresolved (does not),
    closed in 30 h partly resolved (does not): 1 of 3, although all 3 were closed within 48 h.
    """
    complaints = pd.DataFrame({"channel": ["app"] * 3, "hours_to_resolve": [10.0, 20.0, 30.0],
                               "outcome": ["resolved", "unresolved", "partly resolved"]})
    table = complaint_summary(complaints, ORDERS.loc[ORDERS["channel"] == "app"], target_hours=48)
    assert table.loc["app", "resolved_within_target"] == pytest.approx(1 / 3)
    assert "within_target" not in table.columns


def test_online_service_level_on_the_data():
    """The corrected number of issue 14: online complaints resolved within 48 h are 0.500 of all, not 0.743.

    0.743 is the share *closed* within 48 h, unresolved ones included; 0.612 are resolved at all.
    """
    from helpers.data import load

    complaints = load("complaints")
    tx = load("transactions")
    orders = tx[(tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-09-30")]
    table = complaint_summary(complaints, orders, target_hours=48)
    assert table.loc["online", "resolved_within_target"] == pytest.approx(0.500, abs=5e-4)
    assert table.loc["online", "resolved"] == pytest.approx(0.612, abs=5e-4)
    online = complaints[complaints["channel"] == "online"]
    assert (online["hours_to_resolve"] <= 48).mean() == pytest.approx(0.743, abs=5e-4)


def test_bad_input():
    with pytest.raises(ValueError, match="unknown value"):
        complaint_summary(COMPLAINTS.assign(outcome="fixed"), ORDERS)
    with pytest.raises(ValueError, match="non-negative"):
        complaint_summary(COMPLAINTS.assign(hours_to_resolve=-1.0), ORDERS)
    with pytest.raises(ValueError, match="no orders"):
        complaint_summary(COMPLAINTS, ORDERS.loc[ORDERS["channel"] != "store"])
    with pytest.raises(KeyError, match="outcome"):
        complaint_summary(COMPLAINTS.drop(columns="outcome"), ORDERS)
    with pytest.raises(ValueError, match="target_hours"):
        complaint_summary(COMPLAINTS, ORDERS, target_hours=0)
