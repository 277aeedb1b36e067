"""Touch-point management (客户接触点管理) measured on a retailer's channels.

A touch point is any place where a customer meets the firm: telephone,
e-mail, website, social media, store (seed 002). Transaction data record the
channel of every order, so the simplest question touch-point management can
ask of them is: do customers who *first* met the firm in one channel stay and
spend differently from those who came through another?

:func:`first_channel` finds each customer's first channel,
:func:`channel_summary` gives customers, orders, revenue and retention by
first channel with intervals, and :func:`retention_difference` puts an
interval on the gap between two channels. A comparison of channels is
descriptive: it says *who* came through each channel, not what the channel
did to them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from helpers.validation import as_number, require_columns


def first_channel(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                  channel: str = "channel") -> pd.Series:
    """Return each customer's first channel: the channel of their earliest order.

    Orders on the same first day are broken by their row order in the data
    (``transactions`` sorted by date, stably).

    Returns
    -------
    pandas.Series
        Indexed by customer, named ``first_channel``.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a row lacks a customer, date or channel.
    """
    require_columns(transactions, [customer, date, channel], name="transactions")
    frame = transactions[[customer, date, channel]]
    if frame.isna().any().any():
        raise ValueError(f"transactions have rows without {customer!r}, {date!r} or {channel!r}; drop them first")
    first = frame.sort_values(date, kind="stable").groupby(customer)[channel].first()
    first.name = "first_channel"
    return first


def channel_summary(transactions: pd.DataFrame, acquired_by: object, active_from: object,
                    active_to: object = None, customer: str = "customer_id", date: str = "date",
                    channel: str = "channel", amount: str = "amount", confidence: float = 0.95,
                    n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Customers, orders, revenue and retention by first channel, with intervals.

    The population is every customer whose first order is on or before
    `acquired_by`. A customer is *retained* when they order at least once
    between `active_from` and `active_to` (both included).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per order, with customer, date, channel and amount columns.
    acquired_by, active_from, active_to : date-like
        End of the acquisition window; the retention window (`active_to`
        defaults to the last order date). `active_from` must be after
        `acquired_by`.
    confidence : float
        Level of both intervals (default 0.95).
    n_boot : int
        Bootstrap resamples for the interval of revenue per customer.
    seed : int
        Seed of the bootstrap, so the table is the same on every run.

    Returns
    -------
    pandas.DataFrame
        One row per first channel: ``customers``, ``orders`` and ``revenue``
        (all their orders in the data), ``revenue_per_customer`` with a
        percentile-bootstrap interval (``rpc_low``, ``rpc_high``),
        ``retained``, ``retention`` and its Wilson interval
        (``retention_low``, ``retention_high``).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If the windows are not dates in the right order or leave nobody.
    """
    require_columns(transactions, [customer, date, channel, amount], name="transactions")
    confidence = as_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    n_boot = int(as_number(n_boot, "n_boot", low=100))
    try:
        acquired_by, active_from = pd.Timestamp(acquired_by), pd.Timestamp(active_from)
        active_to = pd.Timestamp(active_to) if active_to is not None else transactions[date].max()
    except (TypeError, ValueError):
        raise ValueError("acquired_by, active_from and active_to must be dates such as '2023-12-31'") from None
    if not acquired_by < active_from <= active_to:
        raise ValueError(f"need acquired_by < active_from <= active_to, got {acquired_by.date()}, "
                         f"{active_from.date()}, {active_to.date()}")

    first_date = transactions.groupby(customer)[date].min()
    population = first_date.index[first_date <= acquired_by]
    if len(population) == 0:
        raise ValueError(f"no customer made a first order on or before acquired_by={acquired_by.date()}")
    orders = transactions[transactions[customer].isin(population)]
    channels = first_channel(orders, customer, date, channel)
    in_window = orders[(orders[date] >= active_from) & (orders[date] <= active_to)]
    per_customer = pd.DataFrame({
        "first_channel": channels,
        "orders": orders.groupby(customer).size(),
        "revenue": orders.groupby(customer)[amount].sum(),
        "retained": channels.index.isin(in_window[customer].unique()),
    })

    rng = np.random.default_rng(seed)
    rows = {}
    for name, group in per_customer.groupby("first_channel"):
        revenue = group["revenue"].to_numpy()
        boot = rng.choice(revenue, size=(n_boot, len(revenue)), replace=True).mean(axis=1)
        tail = (1 - confidence) / 2
        retained = int(group["retained"].sum())
        low, high = proportion_confint(retained, len(group), alpha=1 - confidence, method="wilson")
        rows[name] = {
            "customers": len(group), "orders": int(group["orders"].sum()),
            "revenue": float(revenue.sum()), "revenue_per_customer": float(revenue.mean()),
            "rpc_low": float(np.quantile(boot, tail)), "rpc_high": float(np.quantile(boot, 1 - tail)),
            "retained": retained, "retention": retained / len(group),
            "retention_low": float(low), "retention_high": float(high),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "first_channel"
    return table


def retention_difference(summary: pd.DataFrame, a: str, b: str,
                         confidence: float = 0.95) -> tuple[float, float, float]:
    """Difference in retention between first channels `a` and `b`, with an interval.

    Parameters
    ----------
    summary : pandas.DataFrame
        A table from :func:`channel_summary`.
    a, b : str
        Two first channels (rows of `summary`).
    confidence : float
        Level of the interval (Newcombe's score interval for a difference of
        two independent proportions).

    Returns
    -------
    (float, float, float)
        retention(a) − retention(b), and the interval's lower and upper ends.

    Raises
    ------
    KeyError
        If `a` or `b` is not a row of `summary`.
    """
    require_columns(summary, ["retained", "customers"], name="summary")
    for name, value in (("a", a), ("b", b)):
        if value not in summary.index:
            raise KeyError(f"{name}={value!r} is not a channel of summary; it has {sorted(summary.index)}")
    confidence = as_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    ka, na = int(summary.loc[a, "retained"]), int(summary.loc[a, "customers"])
    kb, nb = int(summary.loc[b, "retained"]), int(summary.loc[b, "customers"])
    low, high = confint_proportions_2indep(ka, na, kb, nb, method="newcomb", compare="diff",
                                           alpha=1 - confidence)
    return ka / na - kb / nb, float(low), float(high)
