"""Answer key of chapter 01, "From transactions to relationships".

Every data answer is computed from ``load(...)`` when the check runs, so the
key cannot drift from the data and works on a personal dataset. The
conceptual exercises (1.1, 1.2, 1.12) are sets of letters; 1.3 reads the
lecture's 3×3 grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.check import Exercise, Mistake
from helpers.data import load
from helpers.lifecycle import annual_retention, cohort_table
from helpers.pareto import gini, top_share
from helpers.relationship import relationship_grid
from helpers.touchpoints import channel_summary, first_channel
from helpers.value import simple_clv

GROSS_MARGIN = 0.30
"""The chapter's assumed gross margin (section 7.1: the data have no costs)."""

DISCOUNT = 0.10
"""The chapter's yearly discount rate (section 7.1)."""


# --------------------------------------------------------------------------
# The chapter's inputs, computed as sections 6.3 and 7.1 compute them
# --------------------------------------------------------------------------

def _tx() -> pd.DataFrame:
    return load("transactions")


def _first_year_customers(tx: pd.DataFrame) -> pd.Index:
    """Customers whose first purchase fell in the first calendar year of the data."""
    first = tx.groupby("customer_id")["date"].min()
    return first.index[first.dt.year == first.dt.year.min()]


def chapter_margin() -> float:
    """m: assumed gross margin × mean next-year revenue of the first-year customers who came back."""
    tx = _tx()
    year = tx["date"].dt.year
    next_year = tx[year == year.min() + 1].groupby("customer_id")["amount"].sum()
    came_back = next_year.reindex(_first_year_customers(tx)).dropna()
    return GROSS_MARGIN * float(came_back.mean())


def chapter_retention() -> float:
    """r: the yearly cohort table's cell (first cohort, period 1)."""
    return annual_retention(_tx())


# --------------------------------------------------------------------------
# Conceptual answers
# --------------------------------------------------------------------------

def _relationship_statements() -> set[str]:
    """1.1: the statements that describe relationship marketing (lecture ch. 1)."""
    return {"B", "D", "F"}


def _iron_triangle() -> set[str]:
    """1.2: the corners of the iron triangle (理念, 技术, 实施), not the three viewpoints."""
    return {"A", "C", "E"}


def _grid_medium_high() -> str:
    """1.3: medium number of customers × high unit margin in the lecture's grid."""
    return str(relationship_grid().loc["medium", "high"])


def _grid_swapped() -> str:
    """1.3 mistake: rows and columns swapped (row 'many' = first row, column 'medium')."""
    return str(relationship_grid().loc["many", "medium"])


def _crm_pitfalls() -> set[str]:
    """1.12: the pitfalls named by the lecture (misconceptions, IBM study)."""
    return {"A", "B", "D", "E"}


# --------------------------------------------------------------------------
# Data answers
# --------------------------------------------------------------------------

def _cohort_share() -> float:
    """1.4: share of the 2023-08 cohort active in month 4 (2023-12)."""
    return float(cohort_table(_tx(), freq="M").loc["2023-08", 4])


def _cohort_share_orders() -> float:
    """1.4 mistake: orders in 2023-12 by the cohort divided by the cohort size."""
    tx = _tx()
    month = tx["date"].dt.to_period("M")
    cohort = month.groupby(tx["customer_id"]).transform("min")
    size = tx.loc[cohort == pd.Period("2023-08", "M"), "customer_id"].nunique()
    orders = ((cohort == pd.Period("2023-08", "M")) & (month == pd.Period("2023-12", "M"))).sum()
    return float(orders / size)


def _cohort_share_month_3() -> float:
    """1.4 mistake: month 3 instead of month 4."""
    return float(cohort_table(_tx(), freq="M").loc["2023-08", 3])


def _south_retention(tx: pd.DataFrame) -> float:
    south = load("customers").query("region == 'South'")["customer_id"]
    part = tx[tx["customer_id"].isin(south)]
    return annual_retention(part)


def _south_clv() -> float:
    """1.5: CLV at the South region's annual retention, the chapter's m and d."""
    return simple_clv(chapter_margin(), _south_retention(_tx()), DISCOUNT)


def _south_clv_all_r() -> float:
    """1.5 mistake: the retention of all customers instead of the South's."""
    return simple_clv(chapter_margin(), chapter_retention(), DISCOUNT)


def _south_r_only() -> float:
    """1.5 mistake: r itself instead of the CLV."""
    return _south_retention(_tx())


def _app_h1_retention() -> float:
    """1.6: 2024 H1 online-first customers who ordered again in 2024 H2."""
    tx = _tx()
    first_date = tx.groupby("customer_id")["date"].min()
    channel = first_channel(tx).reindex(first_date.index)
    group = first_date.index[(first_date >= "2024-01-01") & (first_date <= "2024-06-30") & (channel == "online")]
    return float(group.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"]).mean())


def _app_home_channel() -> float:
    """1.6 mistake: the sign-up channel of ``customers`` instead of the first order's channel."""
    tx = _tx()
    customers = load("customers").set_index("customer_id")
    first_date = tx.groupby("customer_id")["date"].min()
    home = customers["channel"].reindex(first_date.index)
    group = first_date.index[(first_date >= "2024-01-01") & (first_date <= "2024-06-30") & (home == "online")]
    return float(group.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"]).mean())


CAMPAIGN_COST = 80.0
"""1.7: the retention campaign's cost per customer reached, in yuan."""


def _clv_gain() -> float:
    """CLV(r + 0.05) − CLV(r) at the chapter's m and d."""
    m, r = chapter_margin(), chapter_retention()
    return simple_clv(m, r + 0.05, DISCOUNT) - simple_clv(m, r, DISCOUNT)


def _campaign_net() -> float:
    """1.7: net value per customer reached: the CLV gain minus the cost."""
    return _clv_gain() - CAMPAIGN_COST


def _campaign_relative() -> float:
    """1.7 mistake: the relative gain instead of yuan."""
    m, r = chapter_margin(), chapter_retention()
    return simple_clv(m, r + 0.05, DISCOUNT) / simple_clv(m, r, DISCOUNT) - 1


def _campaign_clv_after() -> float:
    """1.7 mistake: the whole CLV after the campaign, minus the cost."""
    return simple_clv(chapter_margin(), chapter_retention() + 0.05, DISCOUNT) - CAMPAIGN_COST


def _store_2024_revenue() -> pd.Series:
    tx = _tx()
    part = tx[(tx["date"].dt.year == 2024) & (tx["channel"] == "store")]
    return part.groupby("customer_id")["amount"].sum()


def _store_top_share() -> float:
    """1.8: top-20% share of 2024 store revenue per customer."""
    return top_share(_store_2024_revenue(), 0.2)


def _store_top_share_rounded_down() -> float:
    """1.8 mistake: the number of top customers rounded down (top_share rounds it up)."""
    revenue = _store_2024_revenue().sort_values(ascending=False)
    return float(revenue.iloc[:int(0.2 * len(revenue))].sum() / revenue.sum())


def _store_top_share_orders() -> float:
    """1.8 mistake: the top 20% of *orders* instead of customers."""
    tx = _tx()
    amounts = tx.loc[(tx["date"].dt.year == 2024) & (tx["channel"] == "store"), "amount"]
    return top_share(amounts, 0.2)


def _store_gini() -> float:
    """1.10: Gini coefficient of the same slice."""
    return gini(_store_2024_revenue())


def _store_gini_descending() -> float:
    """1.10 mistake: values sorted largest first (the formula then gives minus the Gini)."""
    x = np.sort(_store_2024_revenue().to_numpy())[::-1]
    n = len(x)
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * x) / (n * x.sum()))


def _h1_customers(tx: pd.DataFrame) -> pd.Index:
    first = tx.groupby("customer_id")["date"].min()
    return first.index[(first >= "2024-01-01") & (first <= "2024-06-30")]


def _mix_retention() -> float:
    """1.9: retention into 2024 H2 of the customers who used 2+ channels in 2024 H1."""
    tx = _tx()
    h1 = tx[(tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-06-30")
            & tx["customer_id"].isin(_h1_customers(tx))]
    multi = h1.groupby("customer_id")["channel"].nunique().loc[lambda s: s >= 2].index
    return float(multi.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"]).mean())


def _mix_retention_leaky() -> float:
    """1.9 mistake: channels counted over the whole of 2024 (H2 orders leak into the label)."""
    tx = _tx()
    year = tx[(tx["date"].dt.year == 2024) & tx["customer_id"].isin(_h1_customers(tx))]
    multi = year.groupby("customer_id")["channel"].nunique().loc[lambda s: s >= 2].index
    return float(multi.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"]).mean())


def _store_churn_cost() -> float:
    """1.11: lost store-first customers × (m + CLV) / (1 + d)."""
    table = channel_summary(_tx(), acquired_by="2023-12-31", active_from="2024-01-01", n_boot=100)
    lost = float(table.loc["store", "customers"] - table.loc["store", "retained"])
    m = chapter_margin()
    return lost * (m + simple_clv(m, chapter_retention(), DISCOUNT)) / (1 + DISCOUNT)


def _store_churn_cost_clv_only() -> float:
    """1.11 mistake: each lost customer valued at the CLV instead of (m + CLV)/(1 + d)."""
    table = channel_summary(_tx(), acquired_by="2023-12-31", active_from="2024-01-01", n_boot=100)
    lost = float(table.loc["store", "customers"] - table.loc["store", "retained"])
    return lost * simple_clv(chapter_margin(), chapter_retention(), DISCOUNT)


EXERCISES: dict[str, Exercise] = {
    "1.1": Exercise(
        expected=_relationship_statements, form="choice",
        hints=("Where to look: the table of section 2.",
               "How: which side treats customers differently, interacts, values the long term and "
               "creates value together with the customer?"),
        explanation="B, D and F describe relationship marketing; A, C and E transaction marketing.",
        stars=1, kind="interpret", personal=False,
    ),
    "1.2": Exercise(
        expected=_iron_triangle, form="choice",
        hints=("Where to look: section 4.2.",
               "How: the triangle lists what a project needs (理念, 技术, 实施); the viewpoints are the "
               "angles from which CRM is defined."),
        explanation="Idea, technology and implementation; philosophy, strategy and system are the viewpoints.",
        mistakes=(Mistake({"B", "D", "F"}, "Those are the three viewpoints, not the triangle's corners."),),
        stars=1, kind="interpret", personal=False,
    ),
    "1.3": Exercise(
        expected=_grid_medium_high, form="text",
        hints=("Where to look: the 3×3 grid of section 5 (relationship_grid()).",
               "How: the row is the number of customers, the column the unit margin."),
        explanation="Medium customers at a high margin: contact them without waiting to be asked.",
        mistakes=(Mistake(_grid_swapped, "You crossed the grid at the wrong point: rows are the "
                                         "number of customers, columns the margin."),),
        stars=1, kind="interpret", personal=False,
    ),
    "1.4": Exercise(
        expected=_cohort_share, form="share", decimals=3,
        hints=("Where to look: section 6.1 explains the cohort table; build it for one cohort.",
               "How: cohort = each customer's first month; count the cohort's *customers* with an "
               "order in 2023-12 and divide by the cohort's size."),
        explanation="The same cell as cohort_table(tx).loc['2023-08', 4].",
        mistakes=(Mistake(_cohort_share_orders, "You counted orders, not customers: a customer with "
                                                "two orders that month counts once."),
                  Mistake(_cohort_share_month_3, "That is month 3 (November 2023): month 4 is four "
                                                 "months after the first month, December 2023.")),
        stars=2, kind="write",
    ),
    "1.5": Exercise(
        expected=_south_clv, form="money", decimals=0,
        hints=("Where to look: sections 6.3 (r from the yearly cohorts) and 7.1 (m, DISCOUNT).",
               "How: South customers who joined in 2023; r = share of them with an order in 2024; "
               "CLV = m r / (1 + d − r)."),
        explanation="A regional r in the same formula: the value of a customer moves with r.",
        mistakes=(Mistake(_south_clv_all_r, "That is the CLV at the retention of all customers: "
                                            "estimate r for the South region only."),
                  Mistake(_south_r_only, "That is r; put it into the CLV formula with m and DISCOUNT.")),
        stars=3, kind="write",
    ),
    "1.6": Exercise(
        expected=_app_h1_retention, form="share", decimals=3,
        hints=("Where to look: section 8 (first_channel) and the dates of each customer's first order.",
               "How: first order in 2024-01..06 and first channel 'online'; share with an order from 2024-07-01."),
        explanation="The first touch point, measured on a cohort the chapter did not show.",
        mistakes=(Mistake(_app_home_channel, "You used customers.channel (the sign-up channel); the "
                                             "task asks for the channel of the first order."),),
        stars=2, kind="apply",
    ),
    "1.7": Exercise(
        expected=_campaign_net, form="money", decimals=0,
        hints=("Where to look: section 7.1 (m, r_annual, DISCOUNT) and simple_clv.",
               "How: the campaign earns CLV(r + 0.05) − CLV(r) per customer; subtract its cost of 80."),
        explanation="Positive, so the campaign pays; the CLV gain alone is the most it may cost per customer.",
        mistakes=(Mistake(_clv_gain, "That is the CLV gain; subtract the campaign's cost per customer."),
                  Mistake(_campaign_relative, "That is the relative gain; give the net value in yuan."),
                  Mistake(_campaign_clv_after, "That is the whole CLV after the campaign; the campaign "
                                               "only earns the difference.")),
        stars=2, kind="decide",
    ),
    "1.8": Exercise(
        expected=_store_top_share, form="share", decimals=3,
        hints=("Where to look: section 10 (top_share); do the same steps by hand.",
               "How: sum amount per customer_id over 2024 store orders, sort descending, "
               "take the first ceil(n / 5) (rounded up, as top_share does), divide by the total."),
        explanation="The same as top_share(...) on that slice.",
        mistakes=(Mistake(_store_top_share_orders, "You ranked single orders; add up each customer's "
                                                   "revenue first."),
                  Mistake(_store_top_share_rounded_down, "You rounded the number of top customers down; "
                                                         "top_share rounds it up (ceil)."),),
        stars=2, kind="write",
    ),
    "1.9": Exercise(
        expected=_mix_retention, form="share", decimals=3,
        hints=("Where to look: section 8.1 — what makes a customer 'multichannel'?",
               "How: count each customer's channels on orders of 2024-01-01..06-30 only; then the share "
               "of the 2+ channel customers with an order from 2024-07-01."),
        explanation="Counting channels in the outcome window leaks retention into the label.",
        mistakes=(Mistake(_mix_retention_leaky, "That is the analyst's leaky number: channels counted "
                                                "over all of 2024 include H2 orders."),),
        stars=3, kind="diagnose",
    ),
    "1.10": Exercise(
        expected=_store_gini, form="number", decimals=3,
        hints=("Where to look: section 10 (gini) and the formula in the task.",
               "How: sort ascending (np.sort), i = 1..n, G = Σ(2i − n − 1)x_i / (n Σx_i)."),
        explanation="The same as gini(...) on that slice.",
        mistakes=(Mistake(_store_gini_descending, "Sort the values from the smallest to the largest."),),
        stars=3, kind="write",
    ),
    "1.11": Exercise(
        expected=_store_churn_cost, form="money", decimals=0,
        hints=("Where to look: section 8's table (store: customers, retained) and section 9.",
               "How: lost = customers − retained; value each at (m + CLV) / (1 + DISCOUNT)."),
        explanation="One channel's share of the value that churn takes away.",
        mistakes=(Mistake(_store_churn_cost_clv_only, "You valued each lost customer at the CLV; "
                                                      "section 9 uses (m + CLV) / (1 + d)."),),
        stars=2, kind="apply",
    ),
    "1.12": Exercise(
        expected=_crm_pitfalls, form="choice",
        hints=("Where to look: section 11.",
               "How: which statements repeat a misconception or an IBM cause of failure, and which "
               "are the lecture's advice?"),
        explanation="A, B, D and E are pitfalls; C and F are what the lecture recommends.",
        stars=1, kind="interpret", personal=False,
    ),
}
