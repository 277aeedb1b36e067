"""Answer key of chapter 03, "Satisfaction, service quality and loyalty".

Every expected value is computed when the check runs, from the data and the
tested helpers, so the key cannot drift from the data.
"""

from __future__ import annotations

import pandas as pd

from helpers.check import Exercise
from helpers.complaints import complaint_summary
from helpers.data import load
from helpers.datasets.satisfaction import CSI_ITEMS
from helpers.loyalty import loyalty_types, purchase_behaviour
from helpers.satisfaction import CSI_MODELS, composite_scores, csd, estimate_paths, to_index
from helpers.servqual import (
    DIMENSIONS,
    gaps,
    item_gaps,
    largest_shortfall,
    survey_parts,
    weighted_score,
)

ATTITUDE_ITEMS = ["prefer", "recommend", "competitor_attitude"]
"""The loyalty-survey items averaged into the attitude score of exercise 3.7."""


def _overall_gap() -> float:
    """3.1: mean of P - E over all respondents and all 22 items."""
    e, p, _ = survey_parts(load("servqual"))
    return float((p.to_numpy() - e.to_numpy()).mean())


def _worst_item() -> int:
    """3.2: the item number with the most negative mean gap (all respondents)."""
    e, p, _ = survey_parts(load("servqual"))
    return int(item_gaps(e, p)["gap"].idxmin())


def _suburban_shortfall() -> str:
    """3.3: the dimension with the largest shortfall at the Suburban branch."""
    survey = load("servqual")
    e, p, _ = survey_parts(survey.loc[survey["branch"] == "Suburban"])
    return str(largest_shortfall(gaps(e, p, DIMENSIONS)))


def _downtown_weighted() -> float:
    """3.4: weighted SERVQUAL score of Downtown, weights = the branch's mean importance points."""
    survey = load("servqual")
    e, p, importance = survey_parts(survey.loc[survey["branch"] == "Downtown"])
    return weighted_score(gaps(e, p, DIMENSIONS), importance.mean())


def _satisfaction_index() -> float:
    """3.5: CSD of the three satisfaction items with weights 0.5, 0.25, 0.25, on 0-100."""
    survey = load("csi_survey")
    means = survey[["sat1", "sat2", "sat3"]].mean()
    return to_index(csd([0.5, 0.25, 0.25], means), 1, 10)


def _acsi_expectation_path() -> float:
    """3.6: the expectation -> satisfaction path estimated with the ACSI model."""
    scores = composite_scores(load("csi_survey"), CSI_ITEMS)
    paths = estimate_paths(scores, CSI_MODELS["ACSI"]).set_index(["cause", "effect"])
    return float(paths.loc[("expectation", "satisfaction"), "estimate"])


def loyalty_table() -> pd.DataFrame:
    """The loyalty survey joined with each customer's 2024 purchases (as in the chapter)."""
    survey = load("loyalty_survey")
    behaviour = purchase_behaviour(load("transactions"), survey["customer_id"], "2024-01-01", "2024-12-31")
    table = survey.join(behaviour, on="customer_id")
    table["attitude"] = table[ATTITUDE_ITEMS].mean(axis=1)
    return table


def _spurious_count() -> int:
    """3.7: customers with attitude below 5 but at least 2 orders in 2024."""
    table = loyalty_table()
    types = loyalty_types(table["attitude"], table["orders"], attitude_cut=5, behaviour_cut=2)
    return int((types == "spurious loyalty").sum())


def _affection_retention() -> float:
    """3.8: share of the most satisfied customers (5 of 5) who bought again in 2024."""
    table = loyalty_table()
    return float(table.loc[table["satisfaction"] == 5, "repeat"].mean())


def _app_complaint_rate() -> float:
    """3.9: complaints per 1,000 app orders, January-September 2024."""
    tx = load("transactions")
    orders = tx.loc[(tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-09-30")]
    return float(complaint_summary(load("complaints"), orders).loc["app", "per_1000_orders"])


EXERCISES: dict[str, Exercise] = {
    "3.1": Exercise(
        expected=_overall_gap,
        hint="Subtract the E1..E22 table from the P1..P22 table (as numpy arrays) and take the mean of everything.",
        explanation="Negative: on average the service falls short of what customers expect.",
    ),
    "3.2": Exercise(
        expected=_worst_item,
        hint="item_gaps(E, P) gives one row per item; idxmin() of its gap column is the item number.",
        explanation="The weakest single item tells management exactly what to fix first.",
        rtol=0.0, atol=0.5,
    ),
    "3.3": Exercise(
        expected=_suburban_shortfall,
        hint="Keep the Suburban rows, split them with survey_parts, compute gaps(...) and call largest_shortfall.",
        explanation="The suburban branch's problem is visible, not behavioural: its premises.",
    ),
    "3.4": Exercise(
        expected=_downtown_weighted,
        hint="weighted_score(gaps(E, P), importance.mean()) with the Downtown rows only.",
        explanation="Weighting by importance makes the reliability shortfall count more.",
    ),
    "3.5": Exercise(
        expected=_satisfaction_index,
        hint="CSD = 0.5*mean(sat1) + 0.25*mean(sat2) + 0.25*mean(sat3); then 100*(CSD - 1)/(10 - 1).",
        explanation="A 0-100 index can be compared across surveys with different answer scales.",
    ),
    "3.6": Exercise(
        expected=_acsi_expectation_path,
        hint="estimate_paths(composite_scores(csi, CSI_ITEMS), CSI_MODELS['ACSI']) and read the "
             "expectation -> satisfaction row.",
        explanation="Without brand image in the model, expectations pick up part of image's effect: "
                    "the estimate is above the true 0.10.",
    ),
    "3.7": Exercise(
        expected=_spurious_count,
        hint="attitude = mean of prefer, recommend, competitor_attitude; loyalty_types(attitude, orders, 5, 2).",
        explanation="Spurious loyalty: they buy out of habit or convenience, not conviction, and leave "
                    "when a competitor makes it easy.",
        rtol=0.0, atol=0.5,
    ),
    "3.8": Exercise(
        expected=_affection_retention,
        hint="Mean of the repeat column (bought in 2024) among customers whose satisfaction is 5.",
        explanation="In the zone of affection retention jumps: 'completely satisfied' is worth far "
                    "more than 'satisfied'.",
    ),
    "3.9": Exercise(
        expected=_app_complaint_rate,
        hint="complaint_summary(complaints, orders) with orders = transactions of 2024-01-01..2024-09-30; "
             "read row 'app', column per_1000_orders.",
        explanation="Rates per 1,000 orders, not raw counts, compare channels of different size.",
    ),
}
