"""Answer key of chapter 02, customer value.

Every expected answer is computed from the data or the exercise's own numbers
by a function, so the key can never drift from the data.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from helpers import clv
from helpers.ahp import DEFAULT_JUDGMENTS, ahp_weights, judgment_matrix
from helpers.check import Exercise
from helpers.data import load
from helpers.indicators import abc_grades, composite_score, normalise_table
from helpers.kano import kano_summary
from helpers.rfm import rfm_scores, rfm_segments, rfm_table
from helpers.value import delivered_value, gale_value, simple_clv

INDICATOR_KINDS = {
    "gross_profit": "benefit", "sales_volume": "benefit", "marketing_cost": "cost",
    "industry_position": "benefit", "years_cooperation": "benefit", "satisfaction": "benefit",
}
"""The six B2B indicators of seed 003 and their type, in the order of the AHP criteria."""

EXERCISE_MATRIX = [
    [1, 3, 5, 7],
    [1 / 3, 1, 3, 5],
    [1 / 5, 1 / 3, 1, 3],
    [1 / 7, 1 / 5, 1 / 3, 1],
]
"""The judgment matrix of exercise 2.7 (four service attributes)."""


@lru_cache(maxsize=1)
def _kano() -> pd.DataFrame:
    return kano_summary(load("kano_survey"))


@lru_cache(maxsize=1)
def _cdnow_fit() -> tuple[pd.DataFrame, dict]:
    rft = clv.summary(load("cdnow"), "customer_id", "date", "dollar_value", end="1997-09-30")
    return rft, clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"])


@lru_cache(maxsize=1)
def _efficacy() -> pd.DataFrame:
    accounts = load("b2b_accounts").set_index("account_id")
    return normalise_table(accounts, INDICATOR_KINDS, "efficacy")


def ahp_weights_default() -> list[float]:
    """Eigenvector weights of the default judgments of the AHP widget (criteria in INDICATOR_KINDS order)."""
    return ahp_weights(judgment_matrix(DEFAULT_JUDGMENTS)).weights.tolist()


def _ahp_grades(weights: dict[str, float]) -> pd.Series:
    return abc_grades(composite_score(_efficacy(), weights))


def expected_2_1() -> float:
    return float(_kano().loc["loyalty_points", "better"])


def expected_2_2() -> set[str]:
    table = _kano()
    return set(table.index[table["worse"].abs() > 0.5])


def expected_2_3() -> float:
    quality = load("gale_ratings").query("dimension == 'quality'")
    return gale_value(quality["weight"], quality["ours"], quality["rival_b"])


def expected_2_4() -> float:
    offer = {"product": 70, "service": 25, "personnel": 10, "image": 15}
    cost = {"money": 80, "time": 12, "energy": 6, "psychic": 4}
    return delivered_value(offer, cost)


def expected_2_5() -> float:
    return simple_clv(120, 0.75, 0.10)


def expected_2_6() -> int:
    rft, params = _cdnow_fit()
    alive = clv.probability_alive(params, rft["frequency"], rft["recency"], rft["T"])
    return int((alive < 0.5).sum())


def expected_2_7() -> list[float]:
    return [round(float(w), 4) for w in ahp_weights(EXERCISE_MATRIX, "geometric").weights]


def expected_2_8() -> int:
    tx = load("transactions")
    orders = tx.groupby(["order_id", "customer_id", "date"], as_index=False)["amount"].sum()
    segments = rfm_segments(rfm_scores(rfm_table(orders)))
    return int((segments == "Champions").sum())


def expected_2_9() -> float:
    return float(_efficacy().loc["B010", "satisfaction"])


def expected_2_10() -> set[str]:
    criteria = list(INDICATOR_KINDS)
    ahp = dict(zip(criteria, ahp_weights_default(), strict=True))
    equal = dict.fromkeys(criteria, 1.0)
    by_ahp, by_equal = _ahp_grades(ahp), _ahp_grades(equal)
    return set(by_ahp.index[(by_ahp == "A") & (by_equal != "A")])


EXERCISES: dict[str, Exercise] = {
    "2.1": Exercise(
        expected=expected_2_1,
        hint="kano_summary(load('kano_survey')) gives a 'better' column; better = (A + O)/(A + O + M + I).",
        explanation="About two in three respondents would be more satisfied with loyalty points.",
    ),
    "2.2": Exercise(
        expected=expected_2_2,
        hint="Take the features whose worse coefficient is below −0.5 (|worse| > 0.5): use the 'worse' column.",
        explanation="These are the features whose absence hurts most: must-be and one-dimensional ones.",
    ),
    "2.3": Exercise(
        expected=expected_2_3,
        hint="Use the quality rows of gale_ratings and gale_value(weight, ours, rival_b).",
        explanation="Above 1: the market rates our quality above the low-price rival's.",
    ),
    "2.4": Exercise(
        expected=expected_2_4,
        hint="Total customer value (product + service + personnel + image) minus total cost (money + time + energy + psychic).",
        explanation="The offer delivers more than it costs the customer.",
    ),
    "2.5": Exercise(
        expected=expected_2_5,
        hint="simple_clv(margin, retention, discount) = m·r/(1 + d − r).",
        explanation="m·r/(1 + d − r) = 120·0.75/0.35.",
    ),
    "2.6": Exercise(
        expected=expected_2_6,
        hint="clv.probability_alive(params, rft['frequency'], rft['recency'], rft['T']) < 0.5, then count.",
        explanation="Many one-time buyers are most likely gone, but a long silence after many purchases is the surest sign.",
        rtol=0, atol=0.5,
    ),
    "2.7": Exercise(
        expected=expected_2_7,
        hint="ahp_weights(matrix, 'geometric').weights, rounded to 4 decimals.",
        explanation="方根法: the row geometric means, normalised to sum 1.",
        atol=1e-4,
    ),
    "2.8": Exercise(
        expected=expected_2_8,
        hint="Sum transactions to orders first, then rfm_table → rfm_scores → rfm_segments, and count 'Champions'.",
        explanation="Champions bought recently and often.",
        rtol=0, atol=0.5,
    ),
    "2.9": Exercise(
        expected=expected_2_9,
        hint="efficacy_coefficient(accounts['satisfaction']) and pick the row of B010 (60 = worst, 100 = best).",
        explanation="d = 60 + 40·(x − min)/(max − min).",
    ),
    "2.10": Exercise(
        expected=expected_2_10,
        hint="Grade once with the AHP weights and once with equal weights (both on efficacy scores); "
             "keep the accounts that are A only with AHP.",
        explanation="The weights decide who is a key account: weighting is a management decision, not a formality.",
    ),
}
