"""Answer key of chapter 02, customer value.

Every expected answer is computed when the check runs, from the data (or the
exercise's own numbers) and the tested helpers, so the key cannot drift from
the data and works on a personal dataset. Exercises on the real CDNOW data and
on numbers typed in the task are ``personal=False``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import clv
from helpers.ahp import DEFAULT_JUDGMENTS, RANDOM_INDEX, ahp_weights, judgment_matrix
from helpers.check import Exercise, Mistake
from helpers.data import load
from helpers.indicators import abc_grades, composite_score, efficacy_coefficient, normalise_table
from helpers.kano import kano_summary
from helpers.rfm import rfm_scores, rfm_segments, rfm_table
from helpers.value import delivered_value, gale_value, simple_clv

INDICATOR_KINDS = {
    "gross_profit": "benefit", "sales_volume": "benefit", "cost_ratio": "cost",
    "industry_position": "benefit", "years_cooperation": "benefit", "satisfaction": "benefit",
}
"""The six B2B grading indicators of section 9 (marketing cost per unit of gross profit as the
cost indicator), in the order of the AHP criteria."""

HELD_OUT_FEATURE = "live_chat_support"
"""The Kano feature the chapter does not show (exercises 2.1 and 2.2)."""

PARTNER_MATRIX = [
    [1, 1 / 3, 2, 3, 5],
    [3, 1, 4, 5, 7],
    [1 / 2, 1 / 4, 1, 2, 3],
    [1 / 3, 1 / 5, 1 / 2, 1, 2],
    [1 / 5, 1 / 7, 1 / 3, 1 / 2, 1],
]
"""Exercises 2.8-2.9: a logistics manager's judgments on price, reliability, speed, flexibility, service."""

PROFILE_2_6 = {"frequency": 4, "recency": 20.0, "T": 38.0}
"""Exercise 2.6: a CDNOW-like customer not in the chapter's tables (weeks)."""

REGION_2_10 = "East"
"""Exercise 2.10: the region whose customers are scored on their own."""


# ---- shared data ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _kano() -> pd.DataFrame:
    return kano_summary(load("kano_survey"))


@lru_cache(maxsize=1)
def _cdnow() -> tuple[pd.DataFrame, dict, dict]:
    rft = clv.summary(load("cdnow"), "customer_id", "date", "dollar_value", end="1997-09-30")
    bgnbd = clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"])
    repeaters = rft[rft["frequency"] > 0]
    gg = clv.fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    return rft, bgnbd, gg


def _orders() -> pd.DataFrame:
    tx = load("transactions")
    return tx.groupby(["order_id", "customer_id", "date"], as_index=False)["amount"].sum()


def _accounts() -> pd.DataFrame:
    accounts = load("b2b_accounts").set_index("account_id")
    accounts["cost_ratio"] = accounts["marketing_cost"] / accounts["gross_profit"]
    return accounts


def ahp_weights_default() -> list[float]:
    """Eigenvector weights of the default judgments (criteria in INDICATOR_KINDS order)."""
    return ahp_weights(judgment_matrix(DEFAULT_JUDGMENTS)).weights.tolist()


def _grades(weights: list[float], kinds: dict[str, str] = INDICATOR_KINDS) -> pd.Series:
    efficacy = normalise_table(_accounts(), kinds, "efficacy")
    return abc_grades(composite_score(efficacy, dict(zip(kinds, weights, strict=True))))


# ---- 2.1-2.2 Kano ----------------------------------------------------------------

def _better() -> float:
    return float(_kano().loc[HELD_OUT_FEATURE, "better"])


def _better_over_everyone() -> float:
    row = _kano().loc[HELD_OUT_FEATURE]
    return float((row["A"] + row["O"]) / row["n"])


def _worse() -> float:
    return float(_kano().loc[HELD_OUT_FEATURE, "worse"])


def _worse_over_everyone() -> float:
    row = _kano().loc[HELD_OUT_FEATURE]
    return float(-(row["O"] + row["M"]) / row["n"])


# ---- 2.3 Gale ----------------------------------------------------------------------

def _gale_parts(rival: str) -> tuple[float, float, float]:
    gale = load("gale_ratings")
    quality, price = gale[gale["dimension"] == "quality"], gale[gale["dimension"] == "price"]
    mv = gale_value(quality["weight"], quality["ours"], quality[rival])
    advantage = gale_value(price["weight"], price["ours"], price[rival])
    cp = gale_value(price["weight"], price[rival], price["ours"])
    return mv, advantage, cp


def _cv_rival_c() -> float:
    mv, advantage, _ = _gale_parts("rival_c")
    return 0.6 * mv + 0.4 * advantage


def _cv_rival_c_with_cp() -> float:
    mv, _, cp = _gale_parts("rival_c")
    return 0.6 * mv + 0.4 * cp


# ---- 2.4-2.5 delivered value, retention budget -------------------------------------

def _delivered() -> float:
    return delivered_value({"product": 70, "service": 25, "personnel": 10, "image": 15},
                           {"money": 74, "time": 10, "energy": 5, "psychic": 4})


def _retention_budget() -> float:
    return simple_clv(120, 0.80, 0.10) - simple_clv(120, 0.75, 0.10)


# ---- 2.6-2.7 CDNOW -----------------------------------------------------------------

def _p_alive_profile() -> float:
    _, bgnbd, _ = _cdnow()
    return float(clv.probability_alive(bgnbd, [PROFILE_2_6["frequency"]], [PROFILE_2_6["recency"]],
                                       [PROFILE_2_6["T"]])[0])


def _p_alive_flipped_ratio() -> float:
    _, p, _ = _cdnow()
    x, t_x, big_t = PROFILE_2_6["frequency"], PROFILE_2_6["recency"], PROFILE_2_6["T"]
    odds = p["a"] / (p["b"] + x - 1) * ((p["alpha"] + t_x) / (p["alpha"] + big_t)) ** (p["r"] + x)
    return 1 / (1 + odds)


def _clv_12m() -> pd.Series:
    rft, bgnbd, gg = _cdnow()
    return clv.clv(bgnbd, gg, rft["frequency"], rft["recency"], rft["T"], rft["monetary_value"],
                   periods=12, discount=0.01)


def _mailing_count() -> int:
    # Mail when the expected extra profit 0.20 · 0.30 · CLV exceeds the $3 cost.
    return int((0.20 * 0.30 * _clv_12m() > 3).sum())


def _mailing_count_without_margin() -> int:
    return int((0.20 * _clv_12m() > 3).sum())


# ---- 2.8-2.9 AHP -------------------------------------------------------------------

def _partner_reliability_weight() -> float:
    return float(ahp_weights(PARTNER_MATRIX, "geometric").weights[1])


def _partner_reliability_weight_sum() -> float:
    return float(ahp_weights(PARTNER_MATRIX, "sum").weights[1])


def _partner_reliability_weight_eigenvector() -> float:
    return float(ahp_weights(PARTNER_MATRIX, "eigenvector").weights[1])


def _partner_cr() -> float:
    return float(ahp_weights(PARTNER_MATRIX, "geometric").cr)


def _partner_ci() -> float:
    return float(ahp_weights(PARTNER_MATRIX, "geometric").ci)


def _partner_cr_wrong_ri() -> float:
    return _partner_ci() / RANDOM_INDEX[6]


# ---- 2.10-2.11 RFM -----------------------------------------------------------------

def _asof() -> pd.Timestamp:
    return pd.Timestamp(_orders()["date"].max()).normalize() + pd.Timedelta(days=1)


def _region_orders() -> pd.DataFrame:
    customers = load("customers")
    region_ids = customers.loc[customers["region"] == REGION_2_10, "customer_id"]
    orders = _orders()
    return orders[orders["customer_id"].isin(region_ids)]


def _region_champions() -> int:
    scored = rfm_scores(rfm_table(_region_orders(), asof=_asof()))
    return int(((scored["R"] == 5) & (scored["F"] >= 4)).sum())


def _region_champions_from_whole_base() -> int:
    scored = rfm_scores(rfm_table(_orders(), asof=_asof()))
    ids = _region_orders()["customer_id"].unique()
    part = scored.loc[scored.index.isin(ids)]
    return int(((part["R"] == 5) & (part["F"] >= 4)).sum())


def _region_champions_lowest_rank_ties() -> int:
    table = rfm_table(_region_orders(), asof=_asof())

    def lowest_rank_score(values: pd.Series) -> pd.Series:
        return (np.floor((values.rank(method="min") - 1) / len(values) * 5) + 1).astype(int)

    r, f = lowest_rank_score(-table["recency"]), lowest_rank_score(table["frequency"])
    return int(((r == 5) & (f >= 4)).sum())


def _segments_changed_by_the_fix() -> int:
    table = rfm_table(_orders())
    right = rfm_segments(rfm_scores(table))
    wrong = rfm_segments(rfm_scores(table.assign(recency=-table["recency"])))   # the colleague's double reversal
    return int((right.astype(str) != wrong.astype(str)).sum())


def _wrong_champions_count() -> int:
    table = rfm_table(_orders())
    return int((rfm_segments(rfm_scores(table.assign(recency=-table["recency"]))) == "Champions").sum())


# ---- 2.12-2.13 B2B accounts ----------------------------------------------------------

def _b014_cost_ratio_score() -> float:
    accounts = _accounts()
    return float(efficacy_coefficient(accounts["cost_ratio"], kind="cost")[accounts.index.get_loc("B014")])


def _b014_cost_ratio_not_reversed() -> float:
    accounts = _accounts()
    return float(efficacy_coefficient(accounts["cost_ratio"], kind="benefit")[accounts.index.get_loc("B014")])


def _moved_by_equal_weights() -> set[str]:
    by_ahp, by_equal = _grades(ahp_weights_default()), _grades([1.0] * 6)
    return set(by_ahp.index[by_ahp != by_equal])


def _moved_by_equal_weights_absolute_cost() -> set[str]:
    kinds = {("marketing_cost" if k == "cost_ratio" else k): v for k, v in INDICATOR_KINDS.items()}
    by_ahp, by_equal = _grades(ahp_weights_default(), kinds), _grades([1.0] * 6, kinds)
    return set(by_ahp.index[by_ahp != by_equal])


def _lost_a_grade() -> set[str]:
    by_ahp, by_equal = _grades(ahp_weights_default()), _grades([1.0] * 6)
    return set(by_ahp.index[(by_ahp == "A") & (by_equal != "A")])


EXERCISES: dict[str, Exercise] = {
    "2.1": Exercise(
        expected=_better, form="share", decimals=3, stars=2, kind="write",
        hints=("Keep the rows of `kano_survey` for live_chat_support and look up each answer pair in "
               "EVALUATION_TABLE (section 2).",
               "Count the categories with value_counts(); Better = (A + O) / (A + O + M + I): "
               "R and Q answers stay out of the denominator."),
        explanation="Live chat would delight many respondents: a high Better with a low |Worse| is the mark of "
                    "an attractive feature.",
        mistakes=(Mistake(_better_over_everyone, "You divided by all 180 answers; Better leaves the R and Q "
                                                 "answers out: divide by A + O + M + I."),),
    ),
    "2.2": Exercise(
        expected=_worse, form="number", decimals=3, stars=1, kind="apply",
        hints=("Use the category counts of live_chat_support from exercise 2.1.",
               "Worse = −(O + M) / (A + O + M + I), a number between −1 and 0."),
        explanation="Few respondents would miss live chat: its absence costs little satisfaction.",
        mistakes=(Mistake(_worse_over_everyone, "You divided by all 180 answers; leave R and Q out: "
                                                "divide by A + O + M + I."),),
    ),
    "2.3": Exercise(
        expected=_cv_rival_c, form="number", decimals=3, stars=2, kind="write",
        hints=("Section 3: the quality rows give MV, the price rows the price advantage, both against rival_c.",
               "MV = Σ w·(ours / rival_c) / Σ w over the quality rows; price advantage = Σ w·(ours / rival_c) / Σ w "
               "over the price rows; CV = 0.6·MV + 0.4·advantage."),
        explanation="CV weighs the quality ratio and the price advantage by p; above 1, buyers see more value "
                    "in our offer than in the rival's.",
        mistakes=(Mistake(_cv_rival_c_with_cp, "You entered CP (rival ÷ ours) for price: that rewards a worse "
                                               "price. Use our satisfaction ÷ the rival's, as in section 3."),),
    ),
    "2.4": Exercise(
        expected=_delivered, form="number", decimals=0, stars=1, kind="apply", personal=False,
        hints=("Section 1.3: delivered value = total customer value − total customer cost.",
               "Add the four value parts, add the four cost parts, subtract."),
        explanation="The offer delivers more than it costs the customer.",
        mistakes=(Mistake(120 / 93, "That is value ÷ cost; delivered value is the difference."),),
    ),
    "2.5": Exercise(
        expected=_retention_budget, form="money", decimals=2, stars=2, kind="decide", personal=False,
        hints=("Section 5.1: the campaign is worth what it adds to the customer's CLV.",
               "CLV = m·r / (1 + d − r); compute it with r = 0.80 and with r = 0.75 and subtract."),
        explanation="A retention campaign pays while it costs less than the CLV it adds.",
        mistakes=(Mistake(simple_clv(120, 0.80, 0.10), "That is the whole CLV at 80 % retention; the budget is "
                                                       "the increase over the CLV at 75 %."),
                  Mistake(0.05 * 120, "That is one year's extra margin; the retention gain lasts for the whole "
                                      "lifetime: compare the two CLVs.")),
    ),
    "2.6": Exercise(
        expected=_p_alive_profile, form="share", decimals=3, stars=3, kind="write", personal=False,
        hints=("Section 5.2: the fitted `bgnbd` parameters and the P(alive) formula in the text.",
               "odds = a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x); P(alive) = 1 / (1 + odds)."),
        explanation="A frequent buyer silent for 18 weeks is more likely gone than alive.",
        mistakes=(Mistake(_p_alive_flipped_ratio, "The ratio is upside down: it is (α + T) / (α + t_x), "
                                                  "greater than 1 for a customer who has been silent."),),
    ),
    "2.7": Exercise(
        expected=_mailing_count, form="count", stars=3, kind="decide", personal=False,
        hints=("Use the 12-month CLV of section 5.2 (`values['clv_12m']`).",
               "Extra profit per customer = 0.20 · 0.30 · CLV; mail when it exceeds 3, then count."),
        explanation="Only customers whose CLV is high enough repay the mailing: value decides whom to contact.",
        mistakes=(Mistake(_mailing_count_without_margin, "You compared extra revenue, not extra profit, with "
                                                         "the cost: multiply by the 30 % margin."),),
    ),
    "2.8": Exercise(
        expected=_partner_reliability_weight, form="share", decimals=3, stars=2, kind="write", personal=False,
        hints=("Section 7.2: the geometric method (方根法).",
               "w = (A.prod(axis=1)) ** (1 / n), then w / w.sum(); reliability is the second criterion."),
        explanation="Reliability dominates the manager's judgments.",
        mistakes=(Mistake(_partner_reliability_weight_sum, "That is the sum method (和积法): columns divided by "
                                                           "their sums, rows averaged. The task asks for the "
                                                           "geometric method (方根法): the n-th root of each "
                                                           "row's product, normalised."),
                  Mistake(_partner_reliability_weight_eigenvector, "That is the principal eigenvector "
                                                                   "(本征向量法). The task asks for the geometric "
                                                                   "method (方根法): the n-th root of each row's "
                                                                   "product, normalised.")),
    ),
    "2.9": Exercise(
        expected=_partner_cr, form="number", decimals=3, stars=2, kind="write", personal=False,
        hints=("Section 7.2: λmax from the weights, then CI and CR with RI for n = 5.",
               "λmax = mean((A @ w) / w); CI = (λmax − 5) / 4; CR = CI / 1.12."),
        explanation="Below 0.1: the judgments are acceptably consistent.",
        mistakes=(Mistake(_partner_ci, "That is CI; divide by RI(5) = 1.12 to get CR."),
                  Mistake(_partner_cr_wrong_ri, "That uses RI for n = 6; this matrix has n = 5: RI = 1.12.")),
    ),
    "2.10": Exercise(
        expected=_region_champions, form="count", stars=3, kind="write",
        hints=("Section 6: orders of the East customers only (join `customers` for the region); recency as "
               "of the day after the last order in the whole data.",
               "Score R (on −recency) and F with the tie rule: each block of equal values gets the level of its "
               "average rank, at most one above the block before; then count R = 5 and F ≥ 4."),
        explanation="Scored within its own region, a slice gets its own quintiles.",
        mistakes=(Mistake(_region_champions_from_whole_base, "Those are the East customers scored among all "
                                                             "customers; score the region on its own."),
                  Mistake(_region_champions_lowest_rank_ties, "That is the lowest-rank tie rule; use the average "
                                                              "rank with no skipped level.")),
    ),
    "2.11": Exercise(
        expected=_segments_changed_by_the_fix, form="count", stars=2, kind="diagnose",
        hints=("Compare the colleague's R with the recency column: rfm_scores already reverses recency, and the "
               "colleague negates it once more.",
               "Segment the customers once the colleague's way and once with rfm_scores(rfm_table(orders)); count "
               "the customers whose segment names differ."),
        explanation="Recency reversed twice turns the least recent frequent buyers into 'Champions' and most "
                    "segments into their opposite.",
        mistakes=(Mistake(_wrong_champions_count, "That is only the colleague's 'Champions'; count every customer "
                                                  "whose segment changes."),),
    ),
    "2.12": Exercise(
        expected=_b014_cost_ratio_score, form="number", decimals=2, stars=2, kind="write",
        hints=("Section 8.1: the cost ratio is marketing_cost / gross_profit, a cost-type indicator.",
               "d = 60 + 40·(max − x) / (max − min) over all 72 accounts, then take B014."),
        explanation="Reversed, a low cost per unit of gross profit scores high.",
        mistakes=(Mistake(_b014_cost_ratio_not_reversed, "You used the benefit formula; for a cost-type "
                                                         "indicator use (max − x) / (max − min)."),),
    ),
    "2.13": Exercise(
        expected=_moved_by_equal_weights, form="set", stars=3, kind="apply",
        hints=("Section 9: grade once with the AHP weights and once with equal weights, both on the efficacy "
               "scores with the cost ratio.",
               "abc_grades(composite_score(efficacy, weights)) for both; keep the accounts whose grades differ."),
        explanation="Weighting is a management decision: it decides who gets the key-account team.",
        mistakes=(Mistake(_moved_by_equal_weights_absolute_cost, "That uses the absolute marketing cost; grade "
                                                                 "on the cost ratio as in section 9."),
                  Mistake(_lost_a_grade, "Those are only the accounts that lose an A; give every account whose "
                                         "grade changes, in either direction.")),
    ),
}
