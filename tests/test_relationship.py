"""Tests of helpers.relationship: the levels of relationship and Kotler's grid."""

import math

import pytest

from helpers.relationship import (
    CUSTOMER_BANDS,
    LEVEL_DESCRIPTIONS,
    LEVELS,
    MARGIN_BANDS,
    customer_band,
    margin_band,
    recommended_level,
    relationship_grid,
)


def test_grid_is_kotlers():
    """Kotler's grid of the levels of relationship marketing (Kotler, *Marketing
    Management*, the figure "levels of relationship marketing"; repeated in the
    Chinese CRM textbooks the lecture follows): rows many / medium / few customers
    or distributors, columns high / medium / low margin; the "basic or reactive"
    cell (many customers, low margin) is read as basic."""
    grid = relationship_grid()
    assert list(grid.index) == ["many", "medium", "few"]
    assert list(grid.columns) == ["high", "medium", "low"]
    assert grid.to_numpy().tolist() == [
        ["accountable", "reactive", "basic"],
        ["proactive", "accountable", "reactive"],
        ["partnership", "proactive", "accountable"],
    ]


def test_levels_are_five_and_described():
    """The lecture's five types: 基本型, 被动型, 负责型, 能动型, 伙伴型."""
    assert LEVELS == ("basic", "reactive", "accountable", "proactive", "partnership")
    assert set(LEVEL_DESCRIPTIONS) == set(LEVELS)
    assert set(relationship_grid().to_numpy().ravel()) == set(LEVELS)


@pytest.mark.parametrize(
    ("n", "margin", "expected"),
    [
        (2_000_000, 0.40, "accountable"),
        (2_000_000, 0.20, "reactive"),
        (2_000_000, 0.03, "basic"),
        (1_000, 0.40, "proactive"),
        (1_000, 0.20, "accountable"),
        (1_000, 0.03, "reactive"),
        (20, 0.40, "partnership"),
        (20, 0.20, "proactive"),
        (20, 0.03, "accountable"),
    ],
)
def test_every_cell_is_reached(n, margin, expected):
    assert recommended_level(n, margin) == expected


def test_level_agrees_with_grid_everywhere():
    grid = relationship_grid()
    for n in (1, 50, 99, 100, 5_000, 9_999, 10_000, 10**7):
        for margin in (0.0, 0.05, 0.0999, 0.10, 0.2, 0.2999, 0.30, 1.0):
            expected = grid.loc[customer_band(n), margin_band(margin)]
            assert recommended_level(n, margin) == expected


def test_band_boundaries():
    """Documented cut-offs: few < 100 <= medium < 10,000 <= many; low < 10% <= medium < 30% <= high."""
    assert customer_band(99) == "few"
    assert customer_band(100) == "medium"
    assert customer_band(9_999) == "medium"
    assert customer_band(10_000) == "many"
    assert margin_band(0.0999) == "low"
    assert margin_band(0.10) == "medium"
    assert margin_band(0.2999) == "medium"
    assert margin_band(0.30) == "high"


def test_custom_cutoffs():
    assert recommended_level(500, 0.2) == "accountable"
    assert recommended_level(500, 0.2, few_below=1_000) == "proactive"
    assert recommended_level(500, 0.2, high_from=0.15) == "proactive"
    assert recommended_level(500, 0.2, low_below=0.25, high_from=0.5) == "reactive"
    assert recommended_level(500, 0.2, many_from=400) == "reactive"


def test_band_orders():
    assert CUSTOMER_BANDS == ("many", "medium", "few")
    assert MARGIN_BANDS == ("high", "medium", "low")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_customers": 0, "margin": 0.2}, "n_customers must be >= 1"),
        ({"n_customers": -5, "margin": 0.2}, "n_customers"),
        ({"n_customers": math.nan, "margin": 0.2}, "finite"),
        ({"n_customers": "many", "margin": 0.2}, "n_customers must be a number"),
        ({"n_customers": True, "margin": 0.2}, "n_customers must be a number"),
        ({"n_customers": 100, "margin": 1.5}, "margin .* <= 1"),
        ({"n_customers": 100, "margin": -0.1}, "margin"),
        ({"n_customers": 100, "margin": "high"}, "margin .* must be a number"),
        ({"n_customers": 100, "margin": 0.2, "few_below": 10_000}, "few_below .* smaller than many_from"),
        ({"n_customers": 100, "margin": 0.2, "low_below": 0.5}, "low_below .* smaller than high_from"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        recommended_level(**kwargs)


def test_cutoffs_are_keyword_only():
    with pytest.raises(TypeError):
        recommended_level(100, 0.2, 50)  # the cut-offs must be named
