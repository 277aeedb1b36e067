"""helpers.pareto against hand-computed values."""

import numpy as np
import pytest

from helpers.pareto import gini, lorenz, top_share


def test_top_share_by_hand():
    # 5 customers; the top 20% is one customer with 6 of 10.
    assert top_share([1, 1, 1, 1, 6]) == pytest.approx(0.6)
    # 10 customers, top 30% = 3 customers: 10 + 9 + 8 of 55.
    assert top_share(range(1, 11), fraction=0.3) == pytest.approx(27 / 55)


def test_top_share_rounds_the_number_of_customers_up():
    # 20% of 7 customers is 1.4: the top 2 customers count.
    assert top_share([1, 1, 1, 1, 1, 2, 3], fraction=0.2) == pytest.approx(5 / 10)


def test_equal_values_give_the_fraction_itself():
    assert top_share([5] * 10, fraction=0.2) == pytest.approx(0.2)
    assert gini([5] * 10) == 0.0


def test_gini_by_hand():
    # Sorted 1, 2, 3, 4: sum (2i - n - 1) x_i = -3 - 2 + 3 + 12 = 10; G = 10 / (4 * 10) = 0.25.
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)
    # One customer has everything: G = 1 - 1/n.
    assert gini([0, 0, 0, 0, 7]) == pytest.approx(0.8)


def test_gini_is_twice_the_area_between_equality_and_lorenz():
    values = np.random.default_rng(0).lognormal(size=500)
    curve = lorenz(values)
    area_under = np.trapezoid(curve["value_share"], curve["customer_share"])
    assert gini(values) == pytest.approx(1 - 2 * area_under, abs=1e-12)


def test_lorenz_runs_from_origin_to_one_one():
    curve = lorenz([3, 1, 2])
    assert list(curve["customer_share"]) == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert list(curve["value_share"]) == pytest.approx([0, 1 / 6, 3 / 6, 1])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gini([]), "at least 1"),
        (lambda: gini([1, np.nan]), "missing value"),
        (lambda: gini([1, -2]), "must not be negative"),
        (lambda: gini([0, 0]), "add up to zero"),
        (lambda: gini([[1, 2], [3, 4]]), "one-dimensional"),
        (lambda: gini("abc"), "sequence of numbers"),
        (lambda: top_share([1, 2], fraction=0), "fraction must be >"),
        (lambda: top_share([1, 2], fraction=1.5), "fraction must be <="),
        (lambda: lorenz([1, np.inf]), "infinite"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
