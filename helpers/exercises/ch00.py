"""Answer key of chapter 00, "Start here".

Three warm-up exercises that practise the course's routine: load a dataset,
compute a share (given as a fraction, the course's convention), and look a
term up in the glossary. Expected values are computed from the data when the
check runs.
"""

from __future__ import annotations

from helpers.check import Exercise
from helpers.data import load
from helpers.glossary import glossary


def _customer_count() -> int:
    """0.1: number of customers in the ``customers`` dataset."""
    return len(load("customers"))


def _november_share() -> float:
    """0.2: share of all orders (rows of ``transactions``) placed in November, as a fraction."""
    orders = load("transactions")
    return float((orders["date"].dt.month == 11).mean())


def _clv_in_chinese() -> str:
    """0.3: the lecture's Chinese term for customer lifetime value."""
    return str(glossary("customer lifetime value").loc[0, "chinese"])


EXERCISES: dict[str, Exercise] = {
    "0.1": Exercise(
        expected=_customer_count,
        hint="Count the rows of the customers table (len(customers)), not of the transactions.",
        explanation="Each row of customers is one customer; transactions has one row per order.",
        rtol=0.0,
        atol=0.5,
    ),
    "0.2": Exercise(
        expected=_november_share,
        hint="Compare orders['date'].dt.month with 11 and take the mean of the True/False values.",
        explanation="November carries the Double 11 (双十一) shopping festival, so it has the most orders.",
    ),
    "0.3": Exercise(
        expected=_clv_in_chinese,
        hint="Call glossary('customer lifetime value') and read the chinese column.",
        explanation="客户终生价值 is the value OF the customer to the firm (chapter 2).",
    ),
}
