"""Answer key of chapter 01, "From transactions to relationships".

Every expected value is computed when the check runs, from the data and the
tested helpers, so the key cannot drift from the data. The conceptual
exercises (1.1, 1.8) are multiple choice: the answer is a set of letters.
"""

from __future__ import annotations

from helpers.check import Exercise
from helpers.data import load
from helpers.lifecycle import cohort_table
from helpers.pareto import gini, top_share
from helpers.relationship import recommended_level
from helpers.value import clv_gain_from_retention, simple_clv


def _relationship_statements() -> set[str]:
    """1.1: the statements that describe relationship marketing (lecture ch. 1)."""
    return {"B", "D", "F"}


def _distributor_level() -> str:
    """1.2: 2,000 customers at an 8% unit margin, with the default cut-offs."""
    return recommended_level(2_000, 0.08)


def _cohort_month_3() -> float:
    """1.3: share of the January 2023 cohort that bought in month 3 after joining."""
    shares = cohort_table(load("transactions"), customer="customer_id", date="date", freq="M")
    return float(shares.loc["2023-01", 3])


def _clv_example() -> float:
    """1.4: CLV with m = 200, r = 0.85, d = 0.12."""
    return simple_clv(200, 0.85, 0.12)


def _five_points() -> float:
    """1.5: relative CLV gain when retention rises from 0.85 to 0.90 at d = 0.08."""
    return clv_gain_from_retention(0.85, 0.08, points=0.05)


def _cdnow_top20() -> float:
    """1.6: revenue share of the top 20% of CDNOW customers."""
    per_customer = load("cdnow").groupby("customer_id")["dollar_value"].sum()
    return top_share(per_customer, fraction=0.2)


def _retailer_gini() -> float:
    """1.7: Gini coefficient of revenue per customer at the retailer."""
    per_customer = load("transactions").groupby("customer_id")["amount"].sum()
    return gini(per_customer)


def _crm_pitfalls() -> set[str]:
    """1.8: the statements that are pitfalls named by the lecture (misconceptions, IBM study)."""
    return {"A", "B", "D", "E"}


EXERCISES: dict[str, Exercise] = {
    "1.1": Exercise(
        expected=_relationship_statements,
        hint="Go back to the table of section 2: which side treats customers differently, "
             "values the long term and creates value together with the customer?",
        explanation="B, D and F describe relationship marketing; A, C and E transaction marketing.",
    ),
    "1.2": Exercise(
        expected=_distributor_level,
        hint="First find the row (how many customers?) and the column (how high is the margin?) "
             "with the default cut-offs, then read the grid; or call recommended_level.",
        explanation="A medium number of customers at a low margin: reactive.",
    ),
    "1.3": Exercise(
        expected=_cohort_month_3,
        hint="Use cohort_table(tx) (shares, monthly) and read row '2023-01', column 3; "
             "give a fraction, not a percent.",
        explanation="About a quarter of the January cohort buys in its fourth month (period 3).",
    ),
    "1.4": Exercise(
        expected=_clv_example,
        hint="CLV = m·r / (1 + d − r); or call simple_clv(margin, retention, discount).",
        explanation="200 × 0.85 / 0.27 ≈ 629.6.",
    ),
    "1.5": Exercise(
        expected=_five_points,
        hint="Compute CLV at r = 0.90 and at r = 0.85 (same m and d = 0.08), divide, subtract 1; "
             "give a fraction (0.3 for +30%).",
        explanation="At high retention the same 5 points are worth even more than at 0.75 → 0.80.",
    ),
    "1.6": Exercise(
        expected=_cdnow_top20,
        hint="Sum dollar_value per customer_id first, then top_share(..., fraction=0.2).",
        explanation="A fifth of CDNOW's customers bring well over half of its revenue.",
    ),
    "1.7": Exercise(
        expected=_retailer_gini,
        hint="Sum amount per customer_id first, then gini(...).",
        explanation="Value at the retailer is strongly concentrated.",
    ),
    "1.8": Exercise(
        expected=_crm_pitfalls,
        hint="Re-read section 8: which statements repeat a misconception of the lecture or a "
             "finding of the IBM study, and which are the lecture's advice?",
        explanation="A, B, D and E are pitfalls; C and F are what the lecture recommends.",
    ),
}
