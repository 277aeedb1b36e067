"""Answer key of chapter 01, "From transactions to relationships".

Every data answer is computed from ``load(...)`` when the check runs, so the
key cannot drift from the data and works on a personal dataset. The
conceptual exercises (1.1, 1.2, 1.3, 1.12) are sets of letters; 1.3 reads
Kotler's 3×3 grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.check import Exercise, Mistake
from helpers.data import load
from helpers.lifecycle import annual_retention, cohort_table
from helpers.pareto import gini, top_share
from helpers.relationship import LEVELS, relationship_grid
from helpers.touchpoints import first_channel
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


GRID_OPTIONS: dict[str, tuple[str, str]] = {
    # 1.3: letter -> (number of customers, unit margin), the grid's words.
    "A": ("few", "low"),
    "B": ("medium", "high"),
    "C": ("medium", "medium"),
    "D": ("many", "medium"),
    "E": ("few", "medium"),
    "F": ("many", "low"),
}
"""The firms of exercise 1.3, each a cell of Kotler's grid."""


def _same_level_as_many_high() -> set[str]:
    """1.3: the firms the grid gives the same level as many customers × high margin."""
    grid = relationship_grid()
    target = grid.loc["many", "high"]
    return {letter for letter, (customers, margin) in GRID_OPTIONS.items()
            if grid.loc[customers, margin] == target}


def _same_level_one_step_closer() -> set[str]:
    """1.3 mistake: the firms one level closer (a neighbouring cell read instead of the same level)."""
    grid = relationship_grid()
    target = LEVELS.index(grid.loc["many", "high"])
    return {letter for letter, (customers, margin) in GRID_OPTIONS.items()
            if LEVELS.index(grid.loc[customers, margin]) == target + 1}


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


def _campaign_one_year() -> float:
    """1.7 mistake: the lift read as lasting one year only.

    The first year's retention is r + 0.05, later years r again, so the CLV
    becomes (r + 0.05)(m + CLV)/(1 + d) instead of r(m + CLV)/(1 + d): a gain of
    0.05 (m + CLV)/(1 + d).
    """
    m, r = chapter_margin(), chapter_retention()
    return 0.05 * (m + simple_clv(m, r, DISCOUNT)) / (1 + DISCOUNT) - CAMPAIGN_COST


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


def _mix_table(channels_in: str, orders_in: str) -> pd.DataFrame:
    """Per 2024-H1 customer: number of orders, number of channels, and whether they ordered in 2024 H2.

    `channels_in` and `orders_in` name the window counted: ``"h1"`` (January–June 2024)
    or ``"year"`` (all of 2024, the analyst's leaky window).
    """
    tx = _tx()
    customers = _h1_customers(tx)
    windows = {"h1": (tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-06-30"),
               "year": tx["date"].dt.year == 2024}
    mine = tx["customer_id"].isin(customers)
    return pd.DataFrame({
        "channels": tx[windows[channels_in] & mine].groupby("customer_id")["channel"].nunique()
                    .reindex(customers, fill_value=0),
        "orders": tx[windows[orders_in] & mine].groupby("customer_id").size().reindex(customers, fill_value=0),
        "retained": customers.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"]),
    }, index=customers)


def _gap(table: pd.DataFrame) -> float:
    """Retention into H2 of the 2+ channel customers minus that of the 1-channel ones."""
    multi = table["channels"] >= 2
    return float(table.loc[multi, "retained"].mean() - table.loc[~multi, "retained"].mean())


def _mix_gap_two_orders() -> float:
    """1.9: among customers with exactly 2 orders in 2024 H1, the multichannel minus single-channel retention."""
    table = _mix_table("h1", "h1")
    return _gap(table[table["orders"] == 2])


def _mix_gap_raw() -> float:
    """1.9 mistake: H1 channels, but every H1 customer compared (frequency not held equal)."""
    return _gap(_mix_table("h1", "h1"))


def _mix_gap_leaky() -> float:
    """1.9 mistake: the analyst's number: channels over all of 2024, every customer compared."""
    return _gap(_mix_table("year", "h1"))


def _mix_gap_leaky_two_orders() -> float:
    """1.9 mistake: exactly 2 H1 orders, but channels counted over all of 2024 (H2 orders leak in)."""
    table = _mix_table("year", "h1")
    return _gap(table[table["orders"] == 2])


def _mix_multi_two_orders() -> float:
    """1.9 mistake: the multichannel customers' retention alone, not the difference."""
    table = _mix_table("h1", "h1")
    table = table[table["orders"] == 2]
    return float(table.loc[table["channels"] >= 2, "retained"].mean())


def value_if_kept(margin: float) -> float:
    """Section 9: next year's margin plus the CLV from then, discounted one year: (m + CLV) / (1 + d)."""
    return (margin + simple_clv(margin, chapter_retention(), DISCOUNT)) / (1 + DISCOUNT)


def _silent_store_customers() -> tuple[pd.Index, pd.Index, pd.Series]:
    """Store-first customers of the first year, those of them who bought nothing the next year,
    and each customer's first-year revenue."""
    tx = _tx()
    year = tx["date"].dt.year
    first_year = int(year.min())
    customers = _first_year_customers(tx)
    store = customers[first_channel(tx).reindex(customers).to_numpy() == "store"]
    silent = store[~store.isin(tx.loc[year == first_year + 1, "customer_id"])]
    revenue = tx[year == first_year].groupby("customer_id")["amount"].sum()
    return store, silent, revenue


def _store_silent_value() -> float:
    """1.11: silent store-first customers × value_if_kept(their own first-year margin)."""
    _, silent, revenue = _silent_store_customers()
    m_own = GROSS_MARGIN * float(revenue.reindex(silent).mean())
    return len(silent) * value_if_kept(m_own)


def _store_silent_value_upper() -> float:
    """1.11 mistake: each valued at the chapter's m (a customer who came back): the upper bound."""
    _, silent, _ = _silent_store_customers()
    return len(silent) * value_if_kept(chapter_margin())


def _store_silent_value_all_lost_margin() -> float:
    """1.11 mistake: the margin of all silent first-year customers, not only the store-first ones."""
    tx = _tx()
    year = tx["date"].dt.year
    customers = _first_year_customers(tx)
    silent_all = customers[~customers.isin(tx.loc[year == year.min() + 1, "customer_id"])]
    revenue = tx[year == year.min()].groupby("customer_id")["amount"].sum()
    _, silent, _ = _silent_store_customers()
    return len(silent) * value_if_kept(GROSS_MARGIN * float(revenue.reindex(silent_all).mean()))


def _store_silent_value_all_store_margin() -> float:
    """1.11 mistake: the margin of all store-first customers (those who came back too)."""
    store, silent, revenue = _silent_store_customers()
    return len(silent) * value_if_kept(GROSS_MARGIN * float(revenue.reindex(store).mean()))


def _store_silent_value_clv_only() -> float:
    """1.11 mistake: each valued at the CLV instead of (m + CLV) / (1 + d)."""
    _, silent, revenue = _silent_store_customers()
    m_own = GROSS_MARGIN * float(revenue.reindex(silent).mean())
    return len(silent) * simple_clv(m_own, chapter_retention(), DISCOUNT)


def _store_silent_value_revenue() -> float:
    """1.11 mistake: the lost customers' revenue used as m (the 30% margin forgotten)."""
    _, silent, revenue = _silent_store_customers()
    return len(silent) * value_if_kept(float(revenue.reindex(silent).mean()))


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
        expected=_same_level_as_many_high, form="choice",
        hints=("Where to look: Kotler's 3×3 grid of section 5 (relationship_grid()).",
               "How: rows are the number of customers, columns the unit margin; find the level of "
               "(many, high), then every option whose cell holds the same level."),
        explanation="A and C: the level stays the same along a diagonal — fewer customers make up for "
                    "a lower margin.",
        mistakes=(Mistake(_same_level_one_step_closer, "Those cells advise the next level up, not the "
                                                       "same one: cross the grid again."),),
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
               "How: with r + 0.05 in every future year, the campaign earns CLV(r + 0.05) − CLV(r) per "
               "customer; subtract its cost of 80."),
        explanation="The CLV gain minus the cost: positive means the campaign pays, and the CLV gain "
                    "alone is the most it may cost per customer.",
        mistakes=(Mistake(_clv_gain, "That is the CLV gain; subtract the campaign's cost per customer."),
                  Mistake(_campaign_one_year, "That is the net value if the lift lasted one year only; "
                                              "the task says every future year: compare CLV(r + 0.05) "
                                              "with CLV(r)."),
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
        expected=_mix_gap_two_orders, form="number", decimals=3,
        hints=("Where to look: section 8.1 — what makes a customer 'multichannel', and who they are.",
               "How: on orders of 2024-01-01..06-30 only, count each H1 customer's orders and channels; "
               "keep those with exactly 2 orders; retention = share with an order from 2024-07-01; "
               "give (2+ channels) − (1 channel)."),
        explanation="Held at the same number of orders, and counted before the outcome window, the gap "
                    "is what is left of the analyst's: compare it with the raw gap.",
        mistakes=(Mistake(_mix_gap_raw, "That compares all multichannel with all single-channel customers: "
                                        "multichannel ones buy more often. Keep only the customers with "
                                        "exactly 2 orders in H1."),
                  Mistake(_mix_gap_leaky, "That is the analyst's leaky number: channels counted over all of "
                                          "2024 include H2 orders, and frequency is not held equal."),
                  Mistake(_mix_gap_leaky_two_orders, "Channels counted over all of 2024 include H2 orders: "
                                                     "count them on January–June orders only."),
                  Mistake(_mix_multi_two_orders, "That is the multichannel customers' retention; subtract "
                                                 "the single-channel customers' retention.")),
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
        expected=_store_silent_value, form="money", decimals=0,
        hints=("Where to look: section 9's cost of silence (value_if_kept) and section 8 (first_channel).",
               "How: store-first customers whose first order was in 2023 and who bought nothing in 2024; "
               "m_lost = 0.30 × their mean 2023 revenue; total = their number × (m_lost + CLV) / (1 + d), "
               "with CLV = m_lost r / (1 + d − r)."),
        explanation="The same method on one channel: valued at their own margin, not at that of the "
                    "customers who came back.",
        mistakes=(Mistake(_store_silent_value_upper, "That values each of them like a customer who came "
                                                     "back (the chapter's m): section 9's upper bound. Use "
                                                     "their own 2023 margin."),
                  Mistake(_store_silent_value_all_lost_margin, "That is the margin of all silent customers; "
                                                               "use the store-first ones' own."),
                  Mistake(_store_silent_value_all_store_margin, "That margin includes the store-first "
                                                                "customers who came back; use only those "
                                                                "who bought nothing in 2024."),
                  Mistake(_store_silent_value_clv_only, "You valued each at the CLV; section 9 adds next "
                                                        "year's margin: (m + CLV) / (1 + d)."),
                  Mistake(_store_silent_value_revenue, "That uses revenue as the margin; m is 30% of "
                                                       "revenue.")),
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
