"""Chapter 02 value measures: delivered value, Gale, current value (helpers.value),
and the indicator rescalings, weights and grades (helpers.indicators)."""

import numpy as np
import pandas as pd
import pytest

from helpers.ahp import DEFAULT_JUDGMENTS, ahp_weights, judgment_matrix
from helpers.data import load
from helpers.indicators import (
    abc_grades,
    composite_score,
    efficacy_coefficient,
    index_value,
    min_max,
    normalise_table,
    pca_weights,
    z_score,
)
from helpers.value import current_value, delivered_value, gale_value
from helpers.value import efficacy_coefficient as efficacy_from_value


def test_delivered_value_hand_computed():
    """Kotler: TCV (60 + 20 + 10 + 10 = 100) − TCC (50 + 15 + 5 + 5 = 75) = 25."""
    benefits = {"product": 60, "service": 20, "personnel": 10, "image": 10}
    costs = {"money": 50, "time": 15, "energy": 5, "psychic": 5}
    assert delivered_value(benefits, costs) == 25.0


def test_gale_value_hand_computed():
    """(50·8/7 + 30·6/6 + 20·9/6) / 100 = (57.142857 + 30 + 30) / 100 = 1.171429."""
    assert gale_value([50, 30, 20], [8, 6, 9], [7, 6, 6]) == pytest.approx(1.1714286, rel=1e-6)
    assert gale_value([1, 1], [5, 5], [5, 5]) == 1.0


def test_current_value_is_price_minus_the_three_costs():
    assert current_value(1000, 600, 80, 120) == 200.0
    np.testing.assert_allclose(current_value([1000, 500], [600, 450], 80, [120, 20]), [200, -50])


def test_efficacy_coefficient_hand_computed():
    """d = 60 + 40 (x − min)/(max − min): x = 10, 15, 30 gives 60, 70, 100; cost type reverses."""
    np.testing.assert_allclose(efficacy_coefficient([10, 15, 30]), [60, 70, 100])
    np.testing.assert_allclose(efficacy_coefficient([10, 15, 30], kind="cost"), [100, 90, 60])
    assert efficacy_from_value is efficacy_coefficient


def test_min_max_and_z_score():
    np.testing.assert_allclose(min_max([2, 4, 6]), [0, 0.5, 1])
    np.testing.assert_allclose(min_max([2, 4, 6], "cost"), [1, 0.5, 0])
    np.testing.assert_allclose(z_score([2, 4, 6]), [-1, 0, 1])  # mean 4, sample sd 2
    np.testing.assert_allclose(z_score([2, 4, 6], "cost"), [1, 0, -1])


def test_normalise_table_and_composite_score():
    table = pd.DataFrame({"profit": [10, 20, 30], "cost": [5, 1, 3]}, index=["a", "b", "c"])
    scaled = normalise_table(table, {"profit": "benefit", "cost": "cost"})
    np.testing.assert_allclose(scaled["profit"], [60, 80, 100])
    np.testing.assert_allclose(scaled["cost"], [60, 100, 80])
    score = composite_score(scaled, {"profit": 3, "cost": 1})  # weights scaled to 0.75, 0.25
    np.testing.assert_allclose(score, [60, 85, 95])
    assert list(score.index) == ["a", "b", "c"]


def test_abc_grades_by_rank_and_by_cumulative_share():
    scores = pd.Series([50, 10, 40, 0, 30, 20, 5, 15, 25, 35], index=list("abcdefghij"))
    grades = abc_grades(scores)  # top 20% A, next 30% B, rest C
    assert sorted(grades[grades == "A"].index) == ["a", "c"]
    assert sorted(grades[grades == "B"].index) == ["e", "i", "j"]
    assert (grades == "C").sum() == 5
    cumulative = abc_grades(pd.Series([60, 25, 10, 5]), cutoffs=(0.7, 0.9), by="cumulative")
    assert cumulative.tolist() == ["A", "B", "C", "C"]


def test_pca_weights_favour_the_correlated_indicators():
    rng = np.random.default_rng(1)
    common = rng.normal(size=200)
    table = pd.DataFrame({
        "x1": common + 0.3 * rng.normal(size=200),
        "x2": common + 0.3 * rng.normal(size=200),
        "noise": rng.normal(size=200),
    })
    weights = pca_weights(table)
    assert weights.sum() == pytest.approx(1)
    assert weights["x1"] > weights["noise"] and weights["x2"] > weights["noise"]


def test_b2b_accounts_dataset():
    from helpers.data import load

    accounts = load("b2b_accounts")
    assert len(accounts) >= 60 and accounts["account_id"].is_unique
    for column in ["gross_profit", "sales_volume", "marketing_cost", "industry_position",
                   "years_cooperation", "satisfaction"]:
        assert (accounts[column] > 0).all()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: delivered_value({}, {"money": 1}), ValueError, "non-empty mapping"),
        (lambda: delivered_value({"product": -5}, {"money": 1}), ValueError, r"benefits\['product'\] must be >= 0"),
        (lambda: delivered_value([1, 2], {"money": 1}), ValueError, "mapping"),
        (lambda: gale_value([1, 1], [5, 5], [5]), ValueError, "same length"),
        (lambda: gale_value([1, 1], [5, 0], [5, 5]), ValueError, "positive"),
        (lambda: gale_value([0, 0], [5, 5], [5, 5]), ValueError, "all 0"),
        (lambda: gale_value([1, -1], [5, 5], [5, 5]), ValueError, "negative"),
        (lambda: current_value(-1, 0, 0, 0), ValueError, "price_paid must be >= 0"),
        (lambda: current_value([1, 2], [1, 2, 3], 0, 0), ValueError, "same length"),
        (lambda: current_value("100", 0, 0, 0), ValueError, "price_paid must be a number"),
        (lambda: efficacy_coefficient([3, 3, 3]), ValueError, "all values of x are equal"),
        (lambda: efficacy_coefficient([1, 2], kind="better"), ValueError, "kind must be one of"),
        (lambda: efficacy_coefficient([1, np.nan]), ValueError, "missing"),
        (lambda: min_max([1]), ValueError, "at least 2"),
        (lambda: z_score([2, 2]), ValueError, "standard deviation is 0"),
        (lambda: normalise_table(pd.DataFrame({"a": [1, 2]}), {"b": "benefit"}), KeyError, "no column"),
        (lambda: normalise_table(pd.DataFrame({"a": [1, 2]}), {"a": "benefit"}, "rank"), ValueError, "method"),
        (lambda: composite_score(pd.DataFrame({"a": [1, 2]}), {"a": 0}), ValueError, "all 0"),
        (lambda: composite_score(pd.DataFrame({"a": [1, None]}), {"a": 1}), ValueError, "missing"),
        (lambda: abc_grades([1, 2, 3], cutoffs=(0.5, 0.2)), ValueError, "cutoffs"),
        (lambda: abc_grades([1, -2, 3], by="cumulative"), ValueError, "negative"),
        (lambda: abc_grades([1, 2], by="pareto"), ValueError, "by must be one of"),
        (lambda: pca_weights(pd.DataFrame({"a": [1, 2, 3]})), ValueError, "at least 2 indicator columns"),
        (lambda: pca_weights(pd.DataFrame({"a": [1, 2, 3], "b": [1, 1, 1]})), ValueError, "'b' is constant"),
    ],
)
def test_bad_input_is_rejected_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gale_ratings_dataset():
    from helpers.data import load

    gale = load("gale_ratings")
    assert set(gale["dimension"]) == {"quality", "price"}
    assert gale.groupby("dimension")["weight"].sum().tolist() == [100, 100]
    assert gale[["ours", "rival_a", "rival_b", "rival_c"]].stack().between(1, 10).all()


def test_index_value_hand_computed():
    """指数值转化: 100·x/base, reversed (100·base/x) for a cost-type indicator."""
    assert index_value([10, 20, 30]).tolist() == [50.0, 100.0, 150.0]
    assert index_value([10, 20, 40], kind="cost", base=20).tolist() == [200.0, 100.0, 50.0]
    with pytest.raises(ValueError, match="positive x"):
        index_value([0, 1, 2])
    with pytest.raises(ValueError, match="base must be a positive"):
        index_value([1, 2], base=-1)


def _grades(cost_column: str) -> tuple[pd.Series, pd.DataFrame]:
    accounts = load("b2b_accounts").set_index("account_id")
    accounts["cost_ratio"] = accounts["marketing_cost"] / accounts["gross_profit"]
    columns = ["gross_profit", "sales_volume", cost_column, "industry_position", "years_cooperation", "satisfaction"]
    kinds = {c: "cost" if c == cost_column else "benefit" for c in columns}
    efficacy = normalise_table(accounts, kinds, "efficacy")
    weights = dict(zip(columns, ahp_weights(judgment_matrix(DEFAULT_JUDGMENTS)).weights, strict=True))
    return abc_grades(composite_score(efficacy, weights)), efficacy


def test_absolute_marketing_cost_measures_size_not_efficiency():
    """Chapter 02 correction: absolute marketing cost correlates 0.81-0.84 with gross profit and volume,
    so as a cost-type indicator it punishes size; B005 gets the worst score (60) on it, and a good one
    once the cost is measured per unit of gross profit."""
    accounts = load("b2b_accounts").set_index("account_id")
    correlation = accounts[["gross_profit", "sales_volume", "marketing_cost"]].corr()
    assert round(correlation.loc["marketing_cost", "gross_profit"], 2) == 0.81
    assert round(correlation.loc["marketing_cost", "sales_volume"], 2) == 0.84
    ratio = accounts["marketing_cost"] / accounts["gross_profit"]
    assert abs(ratio.corr(accounts["gross_profit"])) < 0.5
    _, by_cost = _grades("marketing_cost")
    _, by_ratio = _grades("cost_ratio")
    assert by_cost.loc["B005", "marketing_cost"] == 60.0
    assert round(by_ratio.loc["B005", "cost_ratio"], 1) == 82.7


def test_grades_that_change_with_the_cost_efficiency_indicator():
    by_cost, _ = _grades("marketing_cost")
    by_ratio, _ = _grades("cost_ratio")
    moved = by_cost.index[by_cost != by_ratio]
    assert sorted(moved) == ["B013", "B016"]
    assert (by_cost["B013"], by_ratio["B013"]) == ("B", "C")
    assert (by_cost["B016"], by_ratio["B016"]) == ("C", "B")
