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
    """Retention 0.1, 0.2, 0.4, 0.45, 0.9: positions 0, 0.125, 0.375, 0.4375, 1 -> D, D, I, I, A."""
    levels = np.repeat([1, 2, 3, 4, 5], 20)
    kept = np.concatenate([np.arange(20) < k for k in (2, 4, 8, 9, 18)])
    curve = satisfaction_curve(levels, kept)
    assert curve.index.tolist() == [1, 2, 3, 4, 5]
    assert curve["retention"].tolist() == pytest.approx([0.1, 0.2, 0.4, 0.45, 0.9])
    assert curve_zones(curve).tolist() == ["defection", "defection", "indifference", "indifference", "affection"]


def test_curve_bad_input():
    with pytest.raises(ValueError, match="True/False"):
        satisfaction_curve([1, 2, 3], [0, 2, 1])
    with pytest.raises(ValueError, match="one value per customer"):
        satisfaction_curve([1, 2, 3], [0, 1])
    with pytest.raises(ValueError, match="at least 3"):
        satisfaction_curve([1, 2, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="no zones"):
        curve_zones(pd.DataFrame({"retention": [0.5, 0.5, 0.5]}))


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


def test_survey_joins_the_retailer_and_has_jones_sasser_shape():
    """Every surveyed customer exists; retention is flat in the middle and jumps at the top."""
    survey = load("loyalty_survey")
    assert set(survey["customer_id"]) <= set(load("customers")["customer_id"])
    behaviour = purchase_behaviour(load("transactions"), survey["customer_id"], "2024-01-01", "2024-12-31")
    curve = satisfaction_curve(survey["satisfaction"], behaviour["repeat"].to_numpy())
    zones = curve_zones(curve)
    assert zones.loc[1] == "defection" and zones.loc[5] == "affection"
    assert (zones == "indifference").sum() >= 1
