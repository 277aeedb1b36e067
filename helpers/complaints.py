"""Complaint handling in numbers: complaint rates and resolution times.

:func:`complaint_summary` puts a complaints log beside the orders it is about:
per group (channel, say) the number of orders, the complaints per 1,000
orders, the median hours to close a complaint, the service level (the share
of complaints *resolved* within the promised time: a complaint closed in
time but not resolved does not meet the promise), and the share resolved.
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
        ``per_1000_orders``, ``median_hours`` (hours to close, whatever the
        outcome), ``resolved_within_target`` (the service level: complaints
        with outcome ``"resolved"`` and at most `target_hours`, as a share of
        all complaints) and ``resolved`` (share resolved, at any time).

    Examples
    --------
    >>> complaints = pd.DataFrame({"channel": ["app"] * 4, "hours_to_resolve": [10.0, 20.0, 30.0, 90.0],
    ...                            "outcome": ["resolved", "unresolved", "resolved", "resolved"]})
    >>> row = complaint_summary(complaints, pd.DataFrame({"channel": ["app"] * 100})).loc["app"]
    >>> float(row["resolved_within_target"]), float(row["resolved"])
    (0.5, 0.75)

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
        "resolved_within_target": (complaints["outcome"].eq("resolved") & complaints["hours_to_resolve"].le(target))
        .groupby(complaints[by]).mean(),
        "resolved": grouped["outcome"].apply(lambda o: float((o == "resolved").mean())),
    }).sort_index()
    table["complaints"] = table["complaints"].fillna(0).astype(int)
    table["per_1000_orders"] = 1000 * table["complaints"] / table["orders"]
    return table[["orders", "complaints", "per_1000_orders", "median_hours", "resolved_within_target", "resolved"]]
