"""AHP weights, consistency and the judgment-matrix checks (helpers.ahp)."""

import numpy as np
import pytest

from helpers.ahp import (
    RANDOM_INDEX,
    ahp_weights,
    compare_methods,
    format_judgment,
    judgment_matrix,
    most_inconsistent,
    nearest_saaty,
)

# Saaty (1990), "How to make a decision: the analytic hierarchy process",
# European Journal of Operational Research 48, 9-26: the house-buying example,
# eight criteria (size, transportation, neighbourhood, age, yard, modern
# facilities, general condition, financing).
SAATY_1990_HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]

# The textbook 3 x 3 example used to teach the approximate methods (和积法 / 方根法).
TEXTBOOK_3 = [[1, 1 / 3, 2], [3, 1, 5], [1 / 2, 1 / 5, 1]]


def test_saaty_1990_house_example_eigenvector():
    """Saaty (1990), EJOR 48:9-26, house example: published priorities
    .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669, CI = 0.238, CR = 0.169."""
    result = ahp_weights(SAATY_1990_HOUSE)
    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert result.weights.round(3).tolist() == published
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert round(result.cr, 3) == 0.169
    assert result.consistent is False


def test_sum_method_hand_worked():
    """和积法 by hand on TEXTBOOK_3: column sums 4.5, 23/15, 8; normalised rows
    (2/9, 5/23, 1/4), (2/3, 15/23, 5/8), (1/9, 3/23, 1/8); row means are the weights."""
    expected = np.array([
        (2 / 9 + 5 / 23 + 1 / 4) / 3,
        (2 / 3 + 15 / 23 + 5 / 8) / 3,
        (1 / 9 + 3 / 23 + 1 / 8) / 3,
    ])
    result = ahp_weights(TEXTBOOK_3, "sum")
    np.testing.assert_allclose(result.weights, expected, rtol=1e-12)
    aw = np.array(TEXTBOOK_3) @ expected
    assert result.lambda_max == pytest.approx(np.mean(aw / expected), rel=1e-12)
    # The usual textbook answer: w = (0.230, 0.648, 0.122), lambda_max = 3.004, CR = 0.003.
    assert result.weights.round(3).tolist() == [0.230, 0.648, 0.122]
    assert round(result.lambda_max, 3) == 3.004
    assert round(result.cr, 3) == 0.003


def test_geometric_method_hand_worked():
    """方根法 by hand on TEXTBOOK_3: row geometric means (2/3)^(1/3), 15^(1/3), (1/10)^(1/3), normalised."""
    roots = np.array([(2 / 3) ** (1 / 3), 15 ** (1 / 3), (1 / 10) ** (1 / 3)])
    result = ahp_weights(TEXTBOOK_3, "geometric")
    np.testing.assert_allclose(result.weights, roots / roots.sum(), rtol=1e-12)
    assert result.weights.round(3).tolist() == [0.230, 0.648, 0.122]


def test_consistent_matrix_recovers_weights_exactly_with_every_method():
    """A perfectly consistent matrix a_ij = w_i / w_j gives back w, lambda_max = n and CR = 0."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    matrix = w[:, None] / w[None, :]
    for method in ("eigenvector", "sum", "geometric"):
        result = ahp_weights(matrix, method)
        np.testing.assert_allclose(result.weights, w, atol=1e-12)
        assert result.lambda_max == pytest.approx(4)
        assert result.cr == pytest.approx(0, abs=1e-12)
        assert result.consistent


def test_random_index_is_the_lecture_table():
    assert [RANDOM_INDEX[n] for n in range(1, 11)] == [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def test_small_matrices_have_zero_cr():
    assert ahp_weights([[1]]).cr == 0.0
    result = ahp_weights([[1, 3], [1 / 3, 1]])
    assert result.weights.tolist() == pytest.approx([0.75, 0.25])
    assert result.cr == 0.0 and result.ci == 0.0


def test_judgment_matrix_from_upper_triangle():
    matrix = judgment_matrix([3, 5, 2])
    np.testing.assert_allclose(matrix, [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    assert judgment_matrix([4]).shape == (2, 2)


def test_compare_methods_table():
    table = compare_methods(TEXTBOOK_3, ["price", "quality", "service"])
    assert list(table.columns) == ["eigenvector", "sum", "geometric"]
    assert list(table.index) == ["price", "quality", "service", "lambda_max", "CI", "CR"]
    assert table.loc[["price", "quality", "service"]].sum().tolist() == pytest.approx([1, 1, 1])


def test_most_inconsistent_finds_the_planted_bad_judgment():
    """Start from a consistent matrix and reverse one judgment: that one is named."""
    w = np.array([0.5, 0.25, 0.15, 0.1])
    matrix = w[:, None] / w[None, :]
    matrix[0, 2], matrix[2, 0] = 1 / 5, 5  # should be about 3.3
    worst = most_inconsistent(matrix)
    assert (worst["row"], worst["column"]) == (0, 2)
    assert worst["judgment"] == pytest.approx(0.2)
    assert worst["suggested"] >= 2


def test_nearest_saaty_and_format():
    assert nearest_saaty(3.2) == 3
    assert nearest_saaty(0.3) == pytest.approx(1 / 3)
    assert nearest_saaty(40) == 9
    assert format_judgment(5) == "5" and format_judgment(1 / 3) == "1/3"


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], r"square"),
        ([[1, 2], [0.5]], r"numbers|square"),
        ([[1, -2], [-0.5, 1]], r"a\[1,2\].*positive"),
        ([[1, 0], [0, 1]], r"a\[1,2\].*positive"),
        ([[1, 2], [float("nan"), 1]], r"a\[2,1\].*positive finite"),
        ([[2, 2], [0.5, 1]], r"a\[1,1\].*diagonal"),
        ([[1, 3, 2], [1 / 3, 1, 4], [0.5, 4, 1]], r"a\[2,3\] = 4 and a\[3,2\] = 4 are not reciprocal.*0\.25"),
        ([["a", 1], [1, 1]], r"numbers"),
        (np.ones((11, 11)), r"1 to 10 rows"),
    ],
)
def test_bad_matrices_are_rejected_naming_the_cell(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp_weights(matrix)


def test_reciprocal_tolerance_accepts_rounded_fractions():
    result = ahp_weights([[1, 3, 5], [0.33, 1, 2], [0.2, 0.5, 1]])
    assert result.weights.sum() == pytest.approx(1)


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="method must be one of"):
        ahp_weights(TEXTBOOK_3, "power")


@pytest.mark.parametrize(
    ("upper", "message"),
    [
        ([2, 3], r"n\(n-1\)/2"),
        ([], r"n\(n-1\)/2"),
        ([2, 0, 3], r"judgment number 2 \(a\[1,3\]\)"),
        ("235", r"sequence"),
        ([[2, 3, 4]], r"one-dimensional"),
        ([1] * 55, r"at most 10"),
    ],
)
def test_bad_upper_triangles_are_rejected(upper, message):
    with pytest.raises(ValueError, match=message):
        judgment_matrix(upper)


def test_most_inconsistent_needs_three_criteria():
    with pytest.raises(ValueError, match="at least 3"):
        most_inconsistent([[1, 2], [0.5, 1]])
