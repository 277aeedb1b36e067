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
    """app: 2 complaints / 400 orders = 5 per 1,000; median (10 + 60)/2 = 35 h; 1 of 2 within 48 h."""
    table = complaint_summary(COMPLAINTS, ORDERS, target_hours=48)
    assert table.index.tolist() == ["app", "online", "store"]
    assert table.loc["app", "per_1000_orders"] == pytest.approx(5.0)
    assert table.loc["app", "median_hours"] == pytest.approx(35.0)
    assert table.loc["app", "within_target"] == pytest.approx(0.5)
    assert table.loc["store", "resolved"] == pytest.approx(1.0)
    assert table.loc["online", "complaints"] == 0


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
