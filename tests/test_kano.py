"""Kano classification, Better/Worse coefficients and the per-feature summary (helpers.kano)."""

import pandas as pd
import pytest

from helpers.kano import (
    EVALUATION_TABLE,
    classify,
    classify_many,
    coefficients,
    dominant,
    kano_summary,
)

# The Kano evaluation table as printed in Berger et al. (1993), "Kano's methods for
# understanding customer-defined quality", Center for Quality of Management Journal
# 2(4), 3-36, Table 1 (after Kano et al. 1984). Rows: functional answer; columns:
# dysfunctional answer; both in the order like, must-be, neutral, live with, dislike.
PUBLISHED_TABLE = [
    ["Q", "A", "A", "A", "O"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "R", "R", "R", "Q"],
]
ALL_CELLS = [(f, d, PUBLISHED_TABLE[f - 1][d - 1]) for f in range(1, 6) for d in range(1, 6)]


@pytest.mark.parametrize(("functional", "dysfunctional", "category"), ALL_CELLS)
def test_every_cell_of_the_evaluation_table(functional, dysfunctional, category):
    """All 25 cells of Berger et al. (1993), Table 1."""
    assert classify(functional, dysfunctional) == category
    assert EVALUATION_TABLE[(functional, dysfunctional)] == category


def test_classify_many_matches_classify():
    got = classify_many([1, 1, 3, 3, 5], [5, 3, 5, 3, 1])
    assert got.tolist() == ["O", "A", "M", "I", "R"]


def test_better_worse_hand_computed():
    """Berger et al. (1993) / Timko: better = (A+O)/(A+O+M+I), worse = -(O+M)/(A+O+M+I).
    A=30, O=20, M=10, I=40 (R and Q ignored): better = 50/100, worse = -30/100."""
    assert coefficients({"A": 30, "O": 20, "M": 10, "I": 40, "R": 7, "Q": 3}) == (0.5, -0.3)
    better, worse = coefficients({"M": 3, "I": 1})
    assert better == 0 and worse == pytest.approx(-0.75)


def test_dominant_category_tie_break_m_o_a_i():
    """Berger et al. (1993): "if in doubt, M > O > A > I"."""
    assert dominant({"A": 10, "O": 10, "M": 10, "I": 10}) == "M"
    assert dominant({"A": 10, "O": 10, "I": 10}) == "O"
    assert dominant({"A": 10, "I": 10}) == "A"
    assert dominant({"A": 3, "I": 12}) == "I"


def test_kano_summary_counts_and_coefficients():
    survey = pd.DataFrame({
        "feature": ["x"] * 5 + ["y"] * 3,
        "functional": [1, 1, 3, 1, 5, 2, 2, 1],
        "dysfunctional": [5, 3, 5, 3, 1, 5, 5, 1],
    })
    table = kano_summary(survey)
    assert list(table.index) == ["x", "y"]
    assert table.loc["x", ["A", "O", "M", "I", "R", "Q"]].tolist() == [2, 1, 1, 0, 1, 0]
    assert table.loc["x", "category"] == "A"
    assert table.loc["x", "better"] == pytest.approx(3 / 4)
    assert table.loc["x", "worse"] == pytest.approx(-2 / 4)
    assert table.loc["y", "category"] == "M" and table.loc["y", "Q"] == 1
    assert table.loc["y", "n"] == 3


def test_kano_survey_dataset_has_every_category():
    from helpers.data import load

    survey = load("kano_survey")
    assert survey["respondent_id"].nunique() >= 150 and survey["feature"].nunique() >= 6
    table = kano_summary(survey)
    assert set(table["category"]) >= {"A", "O", "M", "I", "R"}
    assert (table["Q"] > 0).any()


@pytest.mark.parametrize(("functional", "dysfunctional"), [(0, 3), (6, 1), (1.5, 2), ("1", 2), (True, 1), (None, 3)])
def test_classify_rejects_codes_outside_1_to_5(functional, dysfunctional):
    with pytest.raises(ValueError, match="code 1–5"):
        classify(functional, dysfunctional)


def test_classify_many_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="equally long"):
        classify_many([1, 2], [3])


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"A": 0, "O": 0, "M": 0, "I": 0, "R": 4}, "A \\+ O \\+ M \\+ I is 0"),
        ({"A": -1, "O": 3}, "non-negative"),
        ({"X": 3}, "unknown Kano categories"),
        ([3, 4], "mapping"),
    ],
)
def test_coefficients_reject_bad_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        coefficients(counts)


def test_kano_summary_rejects_bad_input():
    with pytest.raises(KeyError, match="functional"):
        kano_summary(pd.DataFrame({"feature": ["x"], "dysfunctional": [1]}))
    bad = pd.DataFrame({"feature": ["x", "x"], "functional": [1, 7], "dysfunctional": [3, 3]})
    with pytest.raises(ValueError, match="not codes 1–5, e.g. 7"):
        kano_summary(bad)


def test_kano_summary_names_a_feature_without_usable_answers():
    survey = pd.DataFrame({"feature": ["x", "y"], "functional": [1, 5], "dysfunctional": [3, 1]})
    with pytest.raises(ValueError, match="feature 'y' has only reverse or questionable answers"):
        kano_summary(survey)
