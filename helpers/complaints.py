"""Complaint handling in numbers: complaint rates and resolution times.

:func:`complaint_summary` puts a complaints log beside the orders it is about:
per group (channel, say) the number of orders, the complaints per 1,000
orders, the median hours to resolve, the share resolved within a
service-level target, and the share fully resolved.
"""

from __future__ import annotations

import pandas as pd

from helpers.validation import as_number, as_vector, require_columns, require_complete


def complaint_summary(complaints: pd.DataFrame, orders: pd.DataFrame, by: str = "channel",
                      target_hours: float = 48.0) -> pd.DataFrame:
    """Complaint rate and resolution performance per group.

    Parameters
    ----------
    complaints : pandas.DataFrame
        One row per complaint, with `by`, ``hours_to_resolve`` and ``outcome``
        (``"resolved"``, ``"partly resolved"`` or ``"unresolved"``).
    orders : pandas.DataFrame
        The orders the complaints could be about (the same period), with `by`.
    by : str
        The column to group by, present in both tables.
    target_hours : float
        The service-level promise: resolved within this many hours.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), with ``orders``, ``complaints``,
        ``per_1000_orders``, ``median_hours``, ``within_target`` (share) and
        ``resolved`` (share).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If hours are negative or an outcome is unknown, or a group has
        complaints but no orders.
    """
    require_columns(complaints, [by, "hours_to_resolve", "outcome"], "complaints")
    require_columns(orders, [by], "orders")
    target = as_number(target_hours, "target_hours", low=0, low_open=True)
    require_complete(complaints, [by], "complaints")
    require_complete(orders, [by], "orders")
    hours = pd.Series(as_vector(complaints["hours_to_resolve"], "column 'hours_to_resolve'"), index=complaints.index)
    if (hours < 0).any():
        raise ValueError("hours_to_resolve must be non-negative numbers with none missing")
    complaints = complaints.assign(hours_to_resolve=hours)
    known = {"resolved", "partly resolved", "unresolved"}
    unknown = sorted(set(complaints["outcome"].astype(str)) - known)
    if unknown:
        raise ValueError(f"outcome has unknown value(s) {unknown}; expected one of {sorted(known)}")
    n_orders = orders.groupby(by).size()
    no_orders = sorted(set(complaints[by]) - set(n_orders.index))
    if no_orders:
        raise ValueError(f"complaints in group(s) {no_orders} have no orders to compare with")
    grouped = complaints.groupby(by)
    table = pd.DataFrame({
        "orders": n_orders,
        "complaints": grouped.size(),
        "median_hours": grouped["hours_to_resolve"].median(),
        "within_target": grouped["hours_to_resolve"].apply(lambda h: float((h <= target).mean())),
        "resolved": grouped["outcome"].apply(lambda o: float((o == "resolved").mean())),
    }).sort_index()
    table["complaints"] = table["complaints"].fillna(0).astype(int)
    table["per_1000_orders"] = 1000 * table["complaints"] / table["orders"]
    return table[["orders", "complaints", "per_1000_orders", "median_hours", "within_target", "resolved"]]
