"""SERVQUAL gaps, the weighted score and the importance-performance grid.

Item map: Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a multiple-item
scale for measuring consumer perceptions of service quality", Journal of
Retailing 64(1), 12-40: tangibles 1-4, reliability 5-9, responsiveness 10-13,
assurance 14-17, empathy 18-22. Quadrant names: Martilla & James (1977),
"Importance-performance analysis", Journal of Marketing 41(1), 77-79.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.data import load
from helpers.servqual import (
    DIMENSIONS,
    ITEM_LABELS,
    gaps,
    grid_crossing,
    importance_intervals,
    importance_performance,
    item_gaps,
    largest_shortfall,
    respondent_scores,
    segment_gaps,
    survey_parts,
    weighted_score,
)

# Two respondents, three items: "a" is item 1, "b" items 2-3.
E = [[5, 6, 7], [7, 6, 5]]
P = [[4, 6, 7], [6, 7, 3]]
DIMS = {"a": [1], "b": [2, 3]}


def test_dimensions_are_the_1988_item_map():
    assert DIMENSIONS == {
        "tangibles": [1, 2, 3, 4], "reliability": [5, 6, 7, 8, 9], "responsiveness": [10, 11, 12, 13],
        "assurance": [14, 15, 16, 17], "empathy": [18, 19, 20, 21, 22],
    }
    assert sorted(i for items in DIMENSIONS.values() for i in items) == list(range(1, 23))
    assert sorted(ITEM_LABELS) == list(range(1, 23))


def test_gaps_by_hand():
    """a: E (5+7)/2 = 6, P (4+6)/2 = 5, Q = -1.  b: E (6+7+6+5)/4 = 6, P (6+7+7+3)/4 = 5.75, Q = -0.25."""
    table = gaps(E, P, DIMS)
    assert list(table.index) == ["a", "b"]
    assert table["items"].tolist() == [1, 2]
    assert table["E"].tolist() == pytest.approx([6.0, 6.0])
    assert table["P"].tolist() == pytest.approx([5.0, 5.75])
    assert table["gap"].tolist() == pytest.approx([-1.0, -0.25])


def test_gaps_accept_dataframes_and_ignore_column_names():
    table = gaps(pd.DataFrame(E, columns=["x", "y", "z"]), pd.DataFrame(P), DIMS)
    assert table["gap"].tolist() == pytest.approx([-1.0, -0.25])


def test_item_gaps_by_hand():
    table = item_gaps(E, P, DIMS)
    assert table.loc[3, "dimension"] == "b"
    assert table["gap"].tolist() == pytest.approx([-1.0, 0.5, -1.0])


def test_weighted_score_by_hand():
    """Weights 30:10 -> 0.75, 0.25: 0.75 * (-1) + 0.25 * (-0.25) = -0.8125."""
    assert weighted_score(gaps(E, P, DIMS), {"a": 30, "b": 10}) == pytest.approx(-0.8125)


def test_respondent_scores_by_hand():
    """Zeithaml, Parasuraman & Berry (1990): each respondent's gaps weighted by their own points.

    Respondent 1: gaps a -1, b 0 (E 6, 7 vs P 6, 7), points 30:10 -> 0.75 * -1 + 0.25 * 0 = -0.75.
    Respondent 2: gaps a -1, b (7 + 3)/2 - (6 + 5)/2 = -0.5, points 10:30 -> 0.25 * -1 + 0.75 * -0.5 = -0.625.
    The shortcut with mean points (20:20) and mean gaps (-1, -0.25) gives -0.625 instead of their mean -0.6875.
    """
    scores = respondent_scores(E, P, [[30, 10], [10, 30]], DIMS)
    assert scores.tolist() == pytest.approx([-0.75, -0.625])
    assert weighted_score(gaps(E, P, DIMS), {"a": 20, "b": 20}) == pytest.approx(-0.625)
    frame = respondent_scores(pd.DataFrame(E, index=[7, 9]), P, pd.DataFrame([[30, 10], [10, 30]]), DIMS)
    assert frame.index.tolist() == [7, 9] and frame.name == "score"


def test_respondent_scores_equal_the_shortcut_when_everyone_gives_the_same_points():
    survey = load("servqual")
    e, p, importance = survey_parts(survey)
    same = pd.DataFrame([importance.mean().to_numpy()] * len(survey), columns=importance.columns)
    assert respondent_scores(e, p, same).mean() == pytest.approx(weighted_score(gaps(e, p), importance.mean()))
    assert respondent_scores(e, p, importance).mean() == pytest.approx(-0.537, abs=5e-4)


@pytest.mark.parametrize("points, message", [
    ([[30, 10]], "one row per respondent"),
    ([[30, 10, 5], [1, 1, 1]], "one row per respondent"),
    ([[30, -10], [10, 30]], "non-negative"),
    ([[30, np.nan], [10, 30]], "non-negative"),
    ([[0, 0], [10, 30]], "every dimension 0 points"),
    ([["x", 1], [10, 30]], "table of numbers"),
])
def test_respondent_scores_bad_importance(points, message):
    with pytest.raises(ValueError, match=message):
        respondent_scores(E, P, points, DIMS)


def test_importance_intervals_flag_weights_near_the_cut():
    """Dimension a gets 50 of about 120 points (0.42), clear of the cut 1/2; two equal dimensions sit on it."""
    points = pd.DataFrame({"a": [50] * 20, "b": [10, 90] * 10, "c": [40, 0] * 10})
    table = importance_intervals(points, n_boot=500, seed=1, cut=0.5)
    assert table.loc["a", "importance"] == pytest.approx(50 / 120)
    assert (table["low"] <= table["importance"]).all() and (table["importance"] <= table["high"]).all()
    assert not table.loc["a", "near_cut"]
    assert importance_intervals(points, n_boot=500, seed=1).equals(importance_intervals(points, n_boot=500, seed=1))
    even = pd.DataFrame({"a": [50] * 10, "b": [50] * 10})
    assert importance_intervals(even, n_boot=100)["near_cut"].all()   # exactly on the equal share
    with pytest.raises(ValueError, match="n_boot"):
        importance_intervals(points, n_boot=10)
    with pytest.raises(ValueError, match="non-negative"):
        importance_intervals(points.assign(a=-1))
    with pytest.raises(ValueError, match="DataFrame"):
        importance_intervals([[1, 2]])


def test_importance_performance_quadrants_by_hand():
    """Weights 0.75 / 0.25 against the equal share 0.5; gaps -1 and -0.25 against zero (both shortfalls).

    a is important and falls short: Concentrate here. b falls short too, and matters less: Low priority
    (crossing at the mean gap, -0.625, would have called it 'Possible overkill').
    """
    grid = importance_performance(gaps(E, P, DIMS), {"a": 30, "b": 10})
    assert grid.loc["a", "quadrant"] == "Concentrate here"
    assert grid.loc["b", "quadrant"] == "Low priority"
    assert grid["importance"].sum() == pytest.approx(1.0)
    assert grid_crossing(grid) == (pytest.approx(0.5), 0.0)
    by_p = importance_performance(gaps(E, P, DIMS), {"a": 10, "b": 30}, performance="P")
    assert by_p.loc["b", "quadrant"] == "Keep up the good work"
    assert by_p.loc["a", "quadrant"] == "Low priority"


def test_gap_grid_crosses_at_zero_whatever_the_other_gaps():
    """Martilla & James's quadrants with the SERVQUAL gap: a gap below zero is a shortfall (TEACHING.md §2)."""
    table = pd.DataFrame({"gap": [-0.5, -0.1, 0.2, 0.0]}, index=["w", "x", "y", "z"])  # equal share 0.25
    grid = importance_performance(table, {"w": 40, "x": 10, "y": 30, "z": 20})
    assert grid["quadrant"].to_dict() == {"w": "Concentrate here", "x": "Low priority",
                                          "y": "Keep up the good work", "z": "Possible overkill"}
    shifted = importance_performance(table, {"w": 40, "x": 10, "y": 30, "z": 20}, performance_cut=-0.2)
    assert shifted.loc["x", "quadrant"] == "Possible overkill"  # only when asked for explicitly


def test_corrected_grid_on_the_survey():
    """The corrected numbers of issue 14: shortfalls are never 'Keep up the good work' or 'Possible overkill'.

    Online reliability (-0.50, the most important dimension) is Concentrate here, not Keep up the good work;
    Suburban tangibles (-0.89) is Low priority (less important, falls short); Online (-0.59) and Downtown
    (-0.19) assurance fall short and are no longer 'Possible overkill'.
    """
    survey = load("servqual")
    grids, tables = {}, {}
    for branch, group in survey.groupby("branch"):
        e, p, importance = survey_parts(group)
        tables[branch] = gaps(e, p)
        grids[branch] = importance_performance(tables[branch], importance.mean())
    assert tables["Online"].loc["reliability", "gap"] == pytest.approx(-0.497, abs=5e-4)
    assert grids["Online"].loc["reliability", "quadrant"] == "Concentrate here"
    assert tables["Suburban"].loc["tangibles", "gap"] == pytest.approx(-0.890, abs=5e-4)
    assert grids["Suburban"].loc["tangibles", "quadrant"] == "Low priority"
    assert tables["Online"].loc["assurance", "gap"] == pytest.approx(-0.592, abs=5e-4)
    assert tables["Downtown"].loc["assurance", "gap"] == pytest.approx(-0.186, abs=5e-4)
    for branch in grids:
        short = tables[branch]["gap"] < 0
        assert set(grids[branch].loc[short, "quadrant"]) <= {"Concentrate here", "Low priority"}
        assert set(grids[branch].loc[~short, "quadrant"]) <= {"Keep up the good work", "Possible overkill"}


def test_largest_shortfall():
    assert largest_shortfall(gaps(E, P, DIMS)) == "a"
    assert largest_shortfall(pd.DataFrame({"gap": [0.2, 0.0]}, index=["x", "y"])) is None


@pytest.mark.parametrize("e, p, dims, message", [
    ([[5, 6, 8]], [[5, 6, 7]], DIMS, "outside the 1-7 scale"),
    ([[5, 6, 0]], [[5, 6, 7]], DIMS, "outside the 1-7 scale"),
    ([[5, 6, np.nan]], [[5, 6, 7]], DIMS, "missing answer"),
    ([[5, 6, 7]], [[5, 6]], DIMS, "same shape"),
    ([[5, 6, 7]], [[5, 6, 7]], {"a": [1, 4]}, "only 3 item column"),
    ([[5, 6, 7]], [[5, 6, 7]], {"a": []}, "has no items"),
    ([[5, 6, 7]], [[5, 6, 7]], {}, "non-empty dict"),
    ([[5, 6, 7]], [[5, 6, 7]], {"a": [1.5]}, "whole numbers"),
    ([["x", 6, 7]], [[5, 6, 7]], DIMS, "table of numbers"),
    ([[5, 6, 7], [5, 6]], [[5, 6, 7], [5, 6, 7]], DIMS, "every row as long"),
])
def test_gaps_bad_input(e, p, dims, message):
    with pytest.raises(ValueError, match=message):
        gaps(e, p, dims)


def test_weighted_score_bad_importance():
    table = gaps(E, P, DIMS)
    with pytest.raises(KeyError, match="no value for dimension"):
        weighted_score(table, {"a": 1})
    with pytest.raises(ValueError, match="non-negative"):
        weighted_score(table, {"a": -1, "b": 2})
    with pytest.raises(ValueError, match="sum to 0"):
        weighted_score(table, {"a": 0, "b": 0})
    with pytest.raises(ValueError, match="'gap' or 'P'"):
        importance_performance(table, {"a": 1, "b": 1}, performance="E")


def test_survey_parts_missing_column():
    survey = load("servqual").drop(columns=["P7"])
    with pytest.raises(KeyError, match="P7"):
        survey_parts(survey)


def test_planted_branch_differences_are_found():
    """The data plant one weakness per branch (helpers/datasets/satisfaction.py)."""
    table = segment_gaps(load("servqual"), by="branch")
    assert table.loc["Online"].idxmin() == "responsiveness"
    assert table.loc["Suburban"].idxmin() == "tangibles"
    assert table.loc["Downtown"].idxmin() == "reliability"
    assert table.loc["Downtown", "tangibles"] > 0
