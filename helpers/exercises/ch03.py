"""Answer key of chapter 03, "Satisfaction, service quality, loyalty and customer service".

Every expected value is computed when the check runs, from the data (``load``)
and the tested helpers, so the key follows a student's personal dataset.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.check import Exercise, Mistake
from helpers.data import load
from helpers.loyalty import loyalty_types, purchase_behaviour
from helpers.satisfaction import cronbach_alpha
from helpers.service import site_scores
from helpers.servqual import (
    DIMENSIONS,
    gaps,
    importance_performance,
    respondent_scores,
    survey_parts,
    weighted_score,
)

ATTITUDE_ITEMS = ["prefer", "recommend", "competitor_attitude"]
"""The loyalty-survey items averaged into the attitude score (section 5)."""

REPAIR_WEIGHTS = {"infrastructure": 0.30, "workforce": 0.30, "work_quality": 0.15, "life_quality": 0.05,
                  "labour_cost": 0.15, "utilities": 0.05}
"""Exercise 3.11: the weights of an after-sale repair centre (no population or foot traffic)."""

SITE_WEIGHTS = {"infrastructure": 0.15, "workforce": 0.15, "work_quality": 0.10, "life_quality": 0.05,
                "labour_cost": 0.20, "utilities": 0.05, "population": 0.10, "foot_traffic": 0.20}
"""The weights of section 8 (a walk-in service centre)."""

COSTS = ["labour_cost", "utilities"]


def _branch(name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    survey = load("servqual")
    return survey_parts(survey.loc[survey["branch"] == name])


def _suburban_gaps() -> pd.Series:
    """3.1: the five dimension gaps of Suburban."""
    e, p, _ = _branch("Suburban")
    return gaps(e, p, DIMENSIONS)["gap"]


def _suburban_gaps_reversed() -> pd.Series:
    """3.1 mistake: E - P instead of P - E."""
    return -_suburban_gaps()


def _suburban_weighted() -> float:
    """3.2: weighted SERVQUAL score of Suburban, weights = its mean importance points."""
    e, p, importance = _branch("Suburban")
    return weighted_score(gaps(e, p, DIMENSIONS), importance.mean())


def _suburban_unweighted() -> float:
    """3.2 mistake: the plain mean of the five gaps."""
    return float(_suburban_gaps().mean())


def _suburban_per_respondent() -> float:
    """3.2 mistake: each respondent's gaps weighted by their own points, then averaged (ZPB 1990)."""
    e, p, importance = _branch("Suburban")
    return float(respondent_scores(e, p, importance).mean())


def _suburban_grid() -> pd.DataFrame:
    e, p, importance = _branch("Suburban")
    return importance_performance(gaps(e, p, DIMENSIONS), importance.mean())


def _suburban_fix_first() -> str:
    """3.3: among 'Concentrate here', the largest importance x shortfall."""
    grid = _suburban_grid()
    candidates = grid[grid["quadrant"] == "Concentrate here"]
    return str((candidates["importance"] * -candidates["performance"]).idxmax())


def _suburban_largest_gap() -> str:
    """3.3 mistake: the largest shortfall whatever its importance."""
    return str(_suburban_gaps().idxmin())


def _online_gaps_and_wrong_grid() -> tuple[pd.DataFrame, pd.DataFrame]:
    e, p, importance = _branch("Online")
    table = gaps(e, p, DIMENSIONS)
    wrong = importance_performance(table, importance.mean(), performance_cut=float(table["gap"].mean()))
    return table, wrong


def _online_mislabelled() -> set[str]:
    """3.4: the Online shortfalls that a grid crossed at the mean gap calls 'Keep up the good work'.

    A set, possibly empty: on some students' data no shortfall is important enough, on others two are.
    """
    table, wrong = _online_gaps_and_wrong_grid()
    return set(wrong.index[(wrong["quadrant"] == "Keep up the good work") & (table["gap"] < 0)])


def _online_above_mean_shortfalls() -> set[str]:
    """3.4 mistake: every shortfall above the mean gap, whatever its importance."""
    table, _ = _online_gaps_and_wrong_grid()
    return set(table.index[(table["gap"] < 0) & (table["gap"] >= table["gap"].mean())])


def _app_index() -> float:
    """3.5: CSD of sat1-3 (0.5, 0.25, 0.25) of the app respondents, on 0-100."""
    survey = load("csi_survey")
    app = survey.loc[survey["channel"] == "app"]
    weights = pd.Series({"sat1": 0.50, "sat2": 0.25, "sat3": 0.25})
    return float(100 * ((app[weights.index].mean() * weights).sum() - 1) / 9)


def _app_csd() -> float:
    """3.5 mistake: the CSD on the 1-10 scale, not put on 0-100."""
    return 1 + 9 * _app_index() / 100


def _all_index() -> float:
    """3.5 mistake: every respondent instead of the app ones."""
    survey = load("csi_survey")
    weights = pd.Series({"sat1": 0.50, "sat2": 0.25, "sat3": 0.25})
    return float(100 * ((survey[weights.index].mean() * weights).sum() - 1) / 9)


def _store_scales() -> tuple[pd.DataFrame, pd.DataFrame]:
    survey = load("csi_survey")
    store = survey.loc[survey["channel"] == "store"]
    return store[["qua1", "qua2", "qua3"]], store[["sat1", "sat2", "sat3"]]


def _store_raw_r() -> float:
    """3.6 mistake: the correlation of the composites, uncorrected."""
    quality, satisfaction = _store_scales()
    return float(np.corrcoef(quality.mean(axis=1), satisfaction.mean(axis=1))[0, 1])


def _store_corrected_r() -> float:
    """3.6: Spearman's correction r / sqrt(alpha_quality * alpha_satisfaction) on the store respondents."""
    quality, satisfaction = _store_scales()
    return _store_raw_r() / float(np.sqrt(cronbach_alpha(quality) * cronbach_alpha(satisfaction)))


def _store_corrected_by_product() -> float:
    """3.6 mistake: dividing by the product of the alphas, not its square root."""
    quality, satisfaction = _store_scales()
    return _store_raw_r() / (cronbach_alpha(quality) * cronbach_alpha(satisfaction))


def _north_types() -> np.ndarray:
    survey = load("loyalty_survey")
    region = load("customers").set_index("customer_id").loc[survey["customer_id"], "region"].to_numpy()
    north = survey.loc[region == "North"]
    orders = purchase_behaviour(load("transactions"), north["customer_id"], "2023-01-01", "2023-12-31")["orders"]
    orders = orders.to_numpy()
    return loyalty_types(north[ATTITUDE_ITEMS].mean(axis=1), orders, attitude_cut=5, behaviour_cut=2)


def _north_latent() -> int:
    """3.7: North customers with latent loyalty (attitude from 5, 2023 orders below 2)."""
    return int((_north_types() == "latent loyalty").sum())


def _all_latent() -> int:
    """3.7 mistake: latent loyalists of every region."""
    survey = load("loyalty_survey")
    orders = purchase_behaviour(load("transactions"), survey["customer_id"], "2023-01-01", "2023-12-31")["orders"]
    types = loyalty_types(survey[ATTITUDE_ITEMS].mean(axis=1), orders.to_numpy(), attitude_cut=5, behaviour_cut=2)
    return int((types == "latent loyalty").sum())


def _channel(name: str) -> pd.DataFrame:
    complaints = load("complaints")
    return complaints.loc[complaints["channel"] == name]


PROMISE_HOURS = 36
"""Exercise 3.8: the resolution promise considered for the online channel."""


def _online_resolved_36h() -> float:
    """3.8: online complaints resolved within 36 h, out of all online complaints."""
    online = _channel("online")
    return float(((online["outcome"] == "resolved") & (online["hours_to_resolve"] <= PROMISE_HOURS)).mean())


def _online_closed_36h() -> float:
    """3.8 mistake: closed within 36 h whatever the outcome."""
    return float((_channel("online")["hours_to_resolve"] <= PROMISE_HOURS).mean())


def _online_resolved_share_of_resolved() -> float:
    """3.8 mistake: within 36 h among the resolved complaints only."""
    resolved = _channel("online").query("outcome == 'resolved'")
    return float((resolved["hours_to_resolve"] <= PROMISE_HOURS).mean())


def _app_overstatement() -> float:
    """3.9: closed within 24 h minus resolved within 24 h, app channel."""
    app = _channel("app")
    closed = (app["hours_to_resolve"] <= 24).mean()
    resolved = ((app["outcome"] == "resolved") & (app["hours_to_resolve"] <= 24)).mean()
    return float(closed - resolved)


def _app_reported() -> float:
    """3.9 mistake: the reported level itself, not the overstatement."""
    return float((_channel("app")["hours_to_resolve"] <= 24).mean())


def _peak_in_sale(target: float = 60.0, of_answered: bool = False) -> float:
    calls = load("calls")
    peak = calls.loc[(calls["queue"] == "in-sale") & calls["hour"].isin([18, 19])]
    in_time = (~peak["abandoned"]) & (peak["wait_seconds"] <= target)
    return float(in_time.sum() / ((~peak["abandoned"]).sum() if of_answered else len(peak)))


def _peak_in_sale_60() -> float:
    """3.10: in-sale, hours 18-19, answered within 60 s / offered."""
    return _peak_in_sale()


def _peak_in_sale_answered_only() -> float:
    """3.10 mistake: dividing by the answered calls only."""
    return _peak_in_sale(of_answered=True)


def _peak_in_sale_20() -> float:
    """3.10 mistake: the 20-second target of the chapter."""
    return _peak_in_sale(target=20.0)


def _repair_site() -> str:
    """3.11: the best site for a repair centre (REPAIR_WEIGHTS)."""
    return str(site_scores(load("service_sites"), REPAIR_WEIGHTS, quantitative=COSTS, costs=COSTS).index[0])


def _walk_in_site() -> str:
    """3.11 mistake: the winner with the chapter's walk-in weights."""
    quantitative = [*COSTS, "population", "foot_traffic"]
    return str(site_scores(load("service_sites"), SITE_WEIGHTS, quantitative=quantitative, costs=COSTS).index[0])


EXERCISES = {
    "3.1": Exercise(
        expected=_suburban_gaps,
        form="table", decimals=3,
        hints=("Where to look: the Suburban rows of sq, columns E1..E22 and P1..P22, and DIMENSIONS for which "
               "items belong to which dimension.",
               "How: for every item k take sub[f'P{k}'].mean() - sub[f'E{k}'].mean(); a dimension's gap is the mean "
               "of its items' gaps; build a pd.Series indexed by dimension."),
        explanation="Suburban's problem is visible rather than behavioural: its premises (tangibles).",
        mistakes=(Mistake(_suburban_gaps_reversed, "Your gaps have the wrong sign: SERVQUAL's gap is P - E "
                                                   "(negative where the branch falls short)."),),
        stars=2, kind="write",
    ),
    "3.2": Exercise(
        expected=_suburban_weighted,
        form="number", decimals=3,
        hints=("Where to look: survey_parts on Suburban's rows gives E, P and the importance points.",
               "How: weighted_score(gaps(E, P), importance.mean()) - the weights are the branch's mean points."),
        explanation="Weighting by importance lets the important reliability gap count more than the "
                    "deeper but less important tangibles gap.",
        mistakes=(Mistake(_suburban_unweighted, "That is the plain mean of the five gaps; weight each gap by "
                                                "the branch's mean importance."),
                  Mistake(_suburban_per_respondent, "That is the per-respondent score (each respondent's gaps "
                                                    "weighted by their own points, then averaged), the "
                                                    "1990 version; this task asks for the shortcut: the "
                                                    "branch's mean gaps weighted by its mean points.")),
        stars=1, kind="apply",
    ),
    "3.3": Exercise(
        expected=_suburban_fix_first,
        form="text",
        hints=("Where to look: importance_performance(gaps table, mean importance) for Suburban; keep the rows "
               "in 'Concentrate here'.",
               "How: among those rows compute importance * (-performance) and take the idxmax."),
        explanation="Tangibles has the deepest gap but matters less than the equal share (Low priority); the "
                    "largest important shortfall is what the project should fix.",
        mistakes=(Mistake(_suburban_largest_gap, "That is the deepest gap, but it is in 'Low priority': "
                                                 "customers give it less than the equal share of importance."),),
        stars=2, kind="decide",
    ),
    "3.4": Exercise(
        expected=_online_mislabelled,
        form="set",
        hints=("Where to look: the Online grid of section 3, and importance_performance's performance_cut.",
               "How: performance_cut=table['gap'].mean(); keep the rows with quadrant 'Keep up the good work' "
               "and gap < 0; give set(their index), which is set() if there are none."),
        mistakes=(Mistake(_online_above_mean_shortfalls, "That set holds every shortfall above the mean gap; "
                                                         "the wrong grid puts the less important ones in "
                                                         "'Possible overkill'. Keep only 'Keep up the good "
                                                         "work'."),),
        explanation="Crossed at the mean gap, a shortfall looks good whenever other dimensions fall shorter "
                    "still; crossed at zero it is where to concentrate.",
        stars=2, kind="diagnose",
    ),
    "3.5": Exercise(
        expected=_app_index,
        form="number", decimals=2,
        hints=("Where to look: the rows of csi with channel == 'app', items sat1, sat2, sat3.",
               "How: CSD = 0.5*mean(sat1) + 0.25*mean(sat2) + 0.25*mean(sat3); index = 100*(CSD - 1)/9."),
        explanation="The 0-100 index can be compared across segments and surveys with other answer scales.",
        mistakes=(Mistake(_app_csd, "That is the CSD on the 1-10 scale; put it on 0-100: 100*(CSD - 1)/9."),
                  Mistake(_all_index, "That is the index of all respondents; keep only channel == 'app'.")),
        stars=2, kind="write",
    ),
    "3.6": Exercise(
        expected=_store_corrected_r,
        form="number", decimals=3,
        hints=("Where to look: the store rows of csi, items qua1-qua3 and sat1-sat3; the alpha formula of section 4.",
               "How: r = corrcoef of the two composites (row means); alpha = k/(k-1)*(1 - item variances summed / "
               "variance of the item sum); answer r / sqrt(alpha_quality * alpha_satisfaction)."),
        explanation="With alpha near 0.85 the composites' correlation understates the true one, as OLS "
                    "understates the paths.",
        mistakes=(Mistake(_store_raw_r, "That is the uncorrected correlation of the composites; divide it by "
                                        "the square root of the product of the two alphas."),
                  Mistake(_store_corrected_by_product, "Divide by the square root of the product of the two "
                                                       "alphas, not by the product itself.")),
        stars=3, kind="write",
    ),
    "3.7": Exercise(
        expected=_north_latent,
        form="count",
        hints=("Where to look: ly (attitude, 2023 orders) and customers' region column.",
               "How: keep the rows whose customers.loc[customer_id, 'region'] is 'North', then "
               "loyalty_types(attitude, orders, attitude_cut=5, behaviour_cut=2) and count 'latent loyalty'."),
        explanation="Latent loyalists like the firm but buy little: remove what stops them, such as access "
                    "or assortment.",
        mistakes=(Mistake(_all_latent, "That counts every region; keep the North customers only."),),
        stars=2, kind="apply",
    ),
    "3.8": Exercise(
        expected=_online_resolved_36h,
        form="share", decimals=3,
        hints=("Where to look: complaints with channel == 'online'; outcome and hours_to_resolve.",
               "How: ((outcome == 'resolved') & (hours_to_resolve <= 36)).mean() over all online complaints."),
        explanation="A promise of resolution is met only by resolved complaints; closing a case is not "
                    "solving it.",
        mistakes=(Mistake(_online_closed_36h, "That counts every complaint closed within 36 h, unresolved ones "
                                              "too; count only outcome == 'resolved'."),
                  Mistake(_online_resolved_share_of_resolved, "That divides by the resolved complaints only; "
                                                              "divide by all online complaints.")),
        stars=2, kind="write",
    ),
    "3.9": Exercise(
        expected=_app_overstatement,
        form="number", decimals=3,
        hints=("Where to look: complaints with channel == 'app'.",
               "How: (hours <= 24).mean() minus ((outcome == 'resolved') & (hours <= 24)).mean()."),
        explanation="The overstatement is the share of complaints closed in time but left unresolved.",
        mistakes=(Mistake(_app_reported, "That is the reported level itself; give the reported minus the "
                                         "correct level."),),
        stars=2, kind="diagnose",
    ),
    "3.10": Exercise(
        expected=_peak_in_sale_60,
        form="share", decimals=3,
        hints=("Where to look: calls with queue == 'in-sale' and hour 18 or 19.",
               "How: ((~abandoned) & (wait_seconds <= 60)).sum() / number of calls offered in those hours."),
        explanation="A target can always be met by softening it; whether a one-minute wait is acceptable is "
                    "the real decision.",
        mistakes=(Mistake(_peak_in_sale_answered_only, "That divides by the answered calls only; abandoned "
                                                       "calls were offered and missed, so they count."),
                  Mistake(_peak_in_sale_20, "That uses the 20-second target; this one is 60 seconds.")),
        stars=3, kind="apply",
    ),
    "3.11": Exercise(
        expected=_repair_site,
        form="text",
        hints=("Where to look: site_scores and the sites table of section 8.",
               "How: site_scores(sites, weights, quantitative=['labour_cost', 'utilities'], "
               "costs=['labour_cost', 'utilities']).index[0]."),
        explanation="The weights carry the decision: without foot traffic the walk-in favourite loses its "
                    "main advantage.",
        mistakes=(Mistake(_walk_in_site, "That is the winner with the walk-in weights of section 8; use the "
                                         "repair-centre weights."),),
        stars=2, kind="decide",
    ),
}
