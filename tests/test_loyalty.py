"""Loyalty types, the weighted loyalty score and the satisfaction-loyalty curve.

Types: Dick & Basu (1994), "Customer loyalty: toward an integrated conceptual
framework", J. Academy of Marketing Science 22(2), 99-113 (the lecture's
2x2 of attitude x repeat purchase). Zones: Jones & Sasser (1995), "Why
satisfied customers defect", Harvard Business Review 73(6), 88-99.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.data import load
from helpers.loyalty import (
    curve_zones,
    loyalty_score,
    loyalty_types,
    purchase_behaviour,
    satisfaction_curve,
    step_intervals,
)


def test_loyalty_types_by_hand():
    types = loyalty_types([6, 6, 2, 2, 5], [5, 0, 5, 0, 2], attitude_cut=5, behaviour_cut=2)
    assert types.tolist() == ["true loyalty", "latent loyalty", "spurious loyalty", "no loyalty", "true loyalty"]


def test_loyalty_score_by_hand():
    """Customer 1: repeat 4 of cap 8 -> 0.5; price sensitivity 3 on 1-7 reversed -> 1 - 2/6 = 2/3.
    0.6 * 0.5 + 0.4 * 2/3 = 0.5667 -> 56.67.  Customer 2: 12 orders capped at 8 -> 1; 7 reversed -> 0: 60."""
    indicators = pd.DataFrame({"orders": [4, 12], "price_sensitivity": [3, 7]})
    score = loyalty_score(indicators, {"orders": 0.6, "price_sensitivity": 0.4},
                          bounds={"orders": (0, 8), "price_sensitivity": (1, 7)},
                          reverse=["price_sensitivity"])
    assert score.tolist() == pytest.approx([100 * (0.3 + 0.4 * 2 / 3), 60.0])


@pytest.mark.parametrize("kwargs, error, message", [
    ({"weights": {"orders": 0.5, "price_sensitivity": 0.4}}, ValueError, "sum to 1"),
    ({"weights": {"orders": 1.0, "visits": 0.0}}, KeyError, "visits"),
    ({"bounds": {"orders": (0, 8)}}, KeyError, "bounds has no"),
    ({"bounds": {"orders": (8, 0), "price_sensitivity": (1, 7)}}, ValueError, "low < high"),
    ({"bounds": {"orders": (5, 8), "price_sensitivity": (1, 7)}}, ValueError, "below its lower bound"),
    ({"reverse": ["visits"]}, KeyError, "no weight"),
])
def test_loyalty_score_bad_input(kwargs, error, message):
    args = {"indicators": pd.DataFrame({"orders": [4, 12], "price_sensitivity": [3, 7]}),
            "weights": {"orders": 0.6, "price_sensitivity": 0.4},
            "bounds": {"orders": (0, 8), "price_sensitivity": (1, 7)}}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        loyalty_score(**args)


def test_loyalty_types_bad_input():
    with pytest.raises(ValueError, match="one value per customer"):
        loyalty_types([1, 2], [1], 1, 1)
    with pytest.raises(ValueError, match="missing"):
        loyalty_types([1, np.nan], [1, 2], 1, 1)
    with pytest.raises(ValueError, match="attitude_cut must be a number"):
        loyalty_types([1, 2], [1, 2], "high", 1)


def test_curve_and_zones_by_hand():
    """Retention 0.1, 0.2, 0.4, 0.45, 0.9 on 20 customers each; Wilson 95% interval of 2/20 is 0.028-0.301."""
    levels = np.repeat([1, 2, 3, 4, 5], 20)
    kept = np.concatenate([np.arange(20) < k for k in (2, 4, 8, 9, 18)])
    curve = satisfaction_curve(levels, kept)
    assert curve.index.tolist() == [1, 2, 3, 4, 5]
    assert curve["retention"].tolist() == pytest.approx([0.1, 0.2, 0.4, 0.45, 0.9])
    assert curve.loc[1, "low"] == pytest.approx(0.0279, abs=1e-4)  # Wilson (1927); Newcombe (1998) table I
    assert curve.loc[1, "high"] == pytest.approx(0.3010, abs=1e-4)
    steps = pd.DataFrame({"from": [1, 2, 3, 4], "to": [2, 3, 4, 5], "low": [-0.1, 0.05, -0.2, 0.2]})
    assert curve_zones(curve, steps).tolist() == ["defection", "defection", "indifference", "indifference", "affection"]
    two = steps.assign(low=[-0.1, -0.1, -0.2, 0.2])
    assert curve_zones(curve, two).tolist() == ["defection"] * 4 + ["affection"]  # no zone of indifference


def test_step_intervals_by_hand_and_reproducible():
    """Means 0.1 and 0.9 on 50 customers each: the change 0.8, its bootstrap interval well above zero."""
    levels = np.repeat([1, 2], 50)
    kept = np.concatenate([np.arange(50) < 5, np.arange(50) < 45])
    steps = step_intervals(levels, kept, n_boot=500, seed=1)
    assert steps.index.tolist() == ["1->2"]
    assert steps.loc["1->2", "change"] == pytest.approx(0.8)
    assert 0.6 < steps.loc["1->2", "low"] < 0.8 < steps.loc["1->2", "high"] < 1.0
    pd.testing.assert_frame_equal(steps, step_intervals(levels, kept, n_boot=500, seed=1))
    with pytest.raises(ValueError, match="n_boot"):
        step_intervals(levels, kept, n_boot=10)
    with pytest.raises(ValueError, match="one value per customer"):
        step_intervals(levels, kept[:-1])


def test_zones_from_the_survey_claim_only_what_intervals_support():
    """Issue 14: the 3->4 retention gain is 0.042 (95% CI about -0.04 to +0.12), so 3 and 4 share a zone;
    the 4->5 gain (0.40) is clearly positive. Zones come from the intervals, not from thirds of the range."""
    survey = load("loyalty_survey")
    behaviour = purchase_behaviour(load("transactions"), survey["customer_id"], "2024-01-01", "2024-12-31")
    curve = satisfaction_curve(survey["satisfaction"], behaviour["repeat"].to_numpy())
    steps = step_intervals(survey["satisfaction"], behaviour["repeat"].to_numpy(), n_boot=2000, seed=0)
    assert steps.loc["3->4", "change"] == pytest.approx(0.042, abs=5e-4)
    assert steps.loc["3->4", "low"] < 0 < steps.loc["3->4", "high"]
    assert steps.loc["4->5", "low"] > steps.loc["3->4", "high"]
    zones = curve_zones(curve, steps)
    assert zones.tolist() == ["defection", "defection", "indifference", "indifference", "affection"]


def test_curve_bad_input():
    with pytest.raises(ValueError, match="True/False"):
        satisfaction_curve([1, 2, 3], [0, 2, 1])
    with pytest.raises(ValueError, match="one value per customer"):
        satisfaction_curve([1, 2, 3], [0, 1])
    with pytest.raises(ValueError, match="at least 3"):
        satisfaction_curve([1, 2, 1], [0, 1, 1])
    flat = pd.DataFrame({"retention": [0.5, 0.5, 0.5]}, index=[1, 2, 3])
    with pytest.raises(ValueError, match="no zones"):
        curve_zones(flat, pd.DataFrame({"from": [1, 2], "to": [2, 3], "low": [-0.1, -0.1]}))
    with pytest.raises(ValueError, match="adjacent levels"):
        curve_zones(flat, pd.DataFrame({"from": [1], "to": [3], "low": [0.1]}))


def test_purchase_behaviour_counts_orders_in_the_window():
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 1], "amount": [10.0, 20.0, 5.0, 7.0],
                       "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2023-12-31", "2025-01-01"])})
    table = purchase_behaviour(tx, [1, 2, 3], "2024-01-01", "2024-12-31")
    assert table["orders"].tolist() == [2, 0, 0]
    assert table["spend"].tolist() == pytest.approx([30.0, 0.0, 0.0])
    assert table["repeat"].tolist() == [True, False, False]
    with pytest.raises(ValueError, match="before start"):
        purchase_behaviour(tx, [1], "2024-12-31", "2024-01-01")
    with pytest.raises(ValueError, match="distinct"):
        purchase_behaviour(tx, [1, 1], "2024-01-01", "2024-12-31")
    with pytest.raises(KeyError, match="amount"):
        purchase_behaviour(tx.drop(columns="amount"), [1], "2024-01-01", "2024-12-31")


def test_survey_joins_the_retailer():
    """Every surveyed customer exists in the retailer's customer table."""
    survey = load("loyalty_survey")
    assert set(survey["customer_id"]) <= set(load("customers")["customer_id"])
