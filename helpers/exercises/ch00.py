"""Answer key of chapter 00, "Start here".

Four warm-up exercises that practise the course's routine: load a dataset,
count and compute a share (given as a fraction, the course's convention), use
a helper on a new slice (one year), and look a term up in the glossary.
Expected values are computed from the data when the check runs.
"""

from __future__ import annotations

import pandas as pd

from helpers.check import Exercise, Mistake
from helpers.data import load
from helpers.glossary import glossary
from helpers.pareto import top_share

CLV_VARIANT = "客户终身价值"
"""Seed 002's spelling of customer lifetime value; the lecture (seed 001) writes 客户终生价值."""


def _first_order_dates():
    return load("transactions").groupby("customer_id")["date"].min()


def _new_in_2024() -> int:
    """0.1: customers whose first order was in 2024."""
    return int((_first_order_dates().dt.year == 2024).sum())


def _signed_up_2024() -> int:
    """0.1 mistake: orders (rows) of 2024 instead of customers."""
    return int((load("transactions")["date"].dt.year == 2024).sum())


def _june_share() -> float:
    """0.2: share of all orders placed in June (the 618 festival), either year."""
    orders = load("transactions")
    return float((orders["date"].dt.month == 6).mean())


def _june_2024_share() -> float:
    """0.2 mistake: June 2024 only."""
    orders = load("transactions")
    return float(((orders["date"].dt.month == 6) & (orders["date"].dt.year == 2024)).mean())


def _revenue_2024() -> pd.Series:
    orders = load("transactions")
    return orders[orders["date"].dt.year == 2024].groupby("customer_id")["amount"].sum()


def _top10_share() -> float:
    """0.3: share of 2024 revenue from the top 10% of the customers who bought in 2024."""
    return top_share(_revenue_2024(), fraction=0.1)


def _top10_both_years() -> float:
    """0.3 mistake: revenue of both years (what section 3's slider shows at 10%)."""
    revenue = load("transactions").groupby("customer_id")["amount"].sum()
    return top_share(revenue, fraction=0.1)


def _top10_of_orders() -> float:
    """0.3 mistake: the top 10% of single 2024 orders instead of customers."""
    orders = load("transactions")
    return top_share(orders.loc[orders["date"].dt.year == 2024, "amount"], fraction=0.1)


def _top10_with_zeros() -> float:
    """0.3 mistake: every customer counted, those without a 2024 order at revenue 0."""
    customers = load("customers")["customer_id"]
    return top_share(_revenue_2024().reindex(customers, fill_value=0.0), fraction=0.1)


def _clv_in_chinese() -> str:
    """0.4: the lecture's Chinese term for customer lifetime value."""
    return str(glossary("customer lifetime value").loc[0, "chinese"])


EXERCISES: dict[str, Exercise] = {
    "0.1": Exercise(
        expected=_new_in_2024, form="count",
        hints=("Where to look: the transactions table; a customer's first order is their earliest date.",
               "How: orders.groupby('customer_id')['date'].min(), then count the dates in 2024."),
        explanation="Customers, not orders: each customer counts once, in the year of their first order.",
        mistakes=(Mistake(_signed_up_2024, "That is the number of orders placed in 2024; count customers "
                                           "whose first order was in 2024."),),
        stars=1, kind="write",
    ),
    "0.2": Exercise(
        expected=_june_share, form="share", decimals=3,
        hints=("Where to look: orders['date'].dt.month is the month of each order.",
               "How: compare it with 6 and take the mean of the True/False values."),
        explanation="June carries the 618 shopping festival: a second, smaller peak after November.",
        mistakes=(Mistake(_june_2024_share, "That is June 2024 only; the task asks for June in either year."),),
        stars=2, kind="write",
    ),
    "0.3": Exercise(
        expected=_top10_share, form="share", decimals=3,
        hints=("Where to look: section 3 used top_share(revenue, fraction=...) on both years.",
               "How: keep the orders of 2024 (orders['date'].dt.year == 2024), add them up per customer_id, "
               "then top_share(revenue_2024, fraction=0.1)."),
        explanation="Value is concentrated within a single year too, not only over two.",
        mistakes=(Mistake(_top10_both_years, "That is the share for both years (section 3's slider at 10%); "
                                             "use the orders of 2024 only."),
                  Mistake(_top10_of_orders, "You ranked single orders; add up each customer's revenue first."),
                  Mistake(_top10_with_zeros, "You counted customers who bought nothing in 2024; take only "
                                             "the customers with a 2024 order.")),
        stars=2, kind="apply",
    ),
    "0.4": Exercise(
        expected=_clv_in_chinese, form="text",
        hints=("Where to look: the glossary (section 5).",
               "How: glossary('customer lifetime value') and read the chinese column."),
        explanation="客户终生价值 is the lecture's term (seed 002 writes 客户终身价值); both mean the "
                    "value OF the customer to the firm (chapter 2).",
        accept=(CLV_VARIANT,),
        stars=1, kind="interpret", personal=False,
    ),
}
