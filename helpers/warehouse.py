"""A small data warehouse (数据仓库) in pandas: a star schema and the OLAP operations.

A *star schema* keeps the measurable events in one **fact table** (here one
row per order: amount, quantity) and the descriptions in **dimension tables**
(who: customers; what: products; when: dates) joined to it by keys.
:func:`date_dimension` builds the date dimension, :func:`star_schema` splits
the transaction log into fact and dimensions, and :func:`join_star` joins them
back into one wide table for analysis.

The OLAP (联机分析处理) operations on that table are one pandas call each, and
chapter 04 writes them as such: roll-up (上卷) is a ``groupby``, drill-down (下钻)
adds a level to it, slice (切片) and dice (切块) are boolean filters, pivot (旋转)
is ``pivot_table``.

Before data enter a warehouse they are cleaned (数据清理):
:func:`standardize_labels` maps inconsistent spellings and codes to one label,
and :func:`clean_extract` runs the cleaning steps of the chapter's messy
extract one by one and reports what each step changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers.validation import (
    as_date,
    as_dates,
    require_columns,
    require_unique,
)

HIERARCHIES: dict[str, list[str]] = {
    "date": ["year", "quarter", "month", "date"],
    "product": ["category", "product_id"],
    "customer": ["region", "customer_id"],
}
"""Levels of each dimension, from the coarsest to the finest."""

HIERARCHY_REGIONS = ("East", "North", "South", "Central", "West")
"""The retailer's five regions (the canonical spellings)."""

FESTIVALS = {(6, 18): "618", (11, 11): "Double 11"}

REGION_ALIASES = {"e": "East", "n": "North", "s": "South", "w": "West", "centre": "Central"}
"""Abbreviations and variant spellings of regions found in the extract (after lower-casing)."""
CHANNEL_ALIASES = {"web": "online", "pos": "store", "mobile": "app"}
"""Other codes for the three sales channels found in the extract (after lower-casing)."""
FILLER_AMOUNTS = (99999.0,)
"""Amounts a till writes when it does not know the price: never real."""
"""Shopping-festival days flagged in the date dimension (month, day) -> name."""


def date_dimension(dates: Sequence[Any] | pd.Series | pd.DatetimeIndex) -> pd.DataFrame:
    """Build the date dimension: one row per calendar day from the first to the last date.

    Parameters
    ----------
    dates : sequence of date-like
        The dates of the fact table; every day between their minimum and
        maximum gets a row (days without orders too).

    Returns
    -------
    pandas.DataFrame
        Columns ``date_key`` (int, ``YYYYMMDD``), ``date``, ``year``,
        ``quarter`` (``"2024Q3"``), ``month`` (``"2024-07"``), ``month_name``,
        ``weekday`` (``"Mon"`` ...), ``is_weekend`` and ``festival`` (``"618"``,
        ``"Double 11"`` or ``""``).

    Raises
    ------
    ValueError
        If there are no dates or some cannot be read as dates.
    """
    if np.ndim(dates) == 1 and (len(dates) == 0 or pd.Series(dates).isna().all()):
        raise ValueError("dates is empty; expected at least one date")
    parsed = as_dates(dates, "dates")
    days = pd.date_range(parsed.min().normalize(), parsed.max().normalize(), freq="D")
    festival = [FESTIVALS.get((d.month, d.day), "") for d in days]
    return pd.DataFrame({
        "date_key": (days.year * 10000 + days.month * 100 + days.day).astype(int),
        "date": days,
        "year": days.year.astype(int),
        "quarter": days.to_period("Q").astype(str),
        "month": days.strftime("%Y-%m"),
        "month_name": days.strftime("%b"),
        "weekday": days.strftime("%a"),
        "is_weekend": days.day_of_week >= 5,
        "festival": festival,
    })


def star_schema(transactions: pd.DataFrame, customers: pd.DataFrame,
                products: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split the order log into a fact table and its three dimension tables.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The order log (``order_id``, ``customer_id``, ``date``, ``product_id``,
        ``quantity``, ``amount``, ``channel``).
    customers, products : pandas.DataFrame
        The customer and product tables (keys ``customer_id``, ``product_id``).

    Returns
    -------
    dict of str to DataFrame
        ``fact`` (keys and measures only: ``order_id``, ``date_key``,
        ``customer_id``, ``product_id``, ``channel``, ``quantity``,
        ``amount``), ``customers``, ``products`` and ``dates``.

    Raises
    ------
    KeyError
        If a table lacks a needed column.
    ValueError
        If a fact row points to a customer or product missing from its
        dimension (a broken foreign key).
    """
    require_columns(transactions, ["order_id", "customer_id", "date", "product_id", "quantity",
                                   "amount", "channel"], "transactions")
    require_columns(customers, ["customer_id"], "customers")
    require_columns(products, ["product_id"], "products")
    require_unique(customers["customer_id"], "customers['customer_id']")  # a repeated key would copy fact rows
    require_unique(products["product_id"], "products['product_id']")
    for key, dimension in [("customer_id", customers), ("product_id", products)]:
        orphans = ~transactions[key].isin(dimension[key])
        if orphans.any():
            raise ValueError(f"{int(orphans.sum())} transaction(s) have a {key} missing from its dimension "
                             f"table, e.g. {transactions.loc[orphans, key].iloc[0]!r}")
    dates = date_dimension(transactions["date"])
    day = as_dates(transactions["date"], "column 'date'")
    fact = pd.DataFrame({
        "order_id": transactions["order_id"],
        "date_key": (day.dt.year * 10000 + day.dt.month * 100 + day.dt.day).astype(int),
        "customer_id": transactions["customer_id"],
        "product_id": transactions["product_id"],
        "channel": transactions["channel"],
        "quantity": transactions["quantity"],
        "amount": transactions["amount"],
    })
    return {"fact": fact, "customers": customers.copy(), "products": products.copy(), "dates": dates}


def join_star(star: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Join the fact table to its dimensions: one wide row per fact, ready for OLAP.

    Parameters
    ----------
    star : mapping
        The output of :func:`star_schema`.

    Returns
    -------
    pandas.DataFrame
        The fact columns plus every dimension attribute (``year``,
        ``quarter``, ``month``, ``category``, ``region``, ...). Columns that
        two tables share besides the key (``channel``) keep the fact's value.
    """
    for name in ["fact", "customers", "products", "dates"]:
        if name not in star:
            raise KeyError(f"star has no table {name!r}; expected the output of star_schema()")
    fact = star["fact"]
    customers = star["customers"].drop(columns=[c for c in star["customers"].columns
                                                if c in fact.columns and c != "customer_id"])
    wide = fact.merge(star["dates"], on="date_key", how="left", validate="many_to_one")
    wide = wide.merge(customers, on="customer_id", how="left", validate="many_to_one")
    return wide.merge(star["products"], on="product_id", how="left", validate="many_to_one")


def standardize_labels(values: pd.Series, canonical: Sequence[str],
                       aliases: Mapping[str, str] | None = None) -> pd.Series:
    """Map inconsistent spellings to one canonical label ("east ", "E.", "EAST" → "East").

    Each value is stripped of spaces and dots and lower-cased; it is then
    matched to the canonical label with the same lower-case spelling, or
    looked up in `aliases`. Missing values stay missing.

    Parameters
    ----------
    values : pandas.Series
        The raw labels.
    canonical : sequence of str
        The labels to end with, e.g. ``["East", "North", ...]``.
    aliases : mapping, optional
        Normalised variant -> canonical label, e.g. ``{"e": "East", "centre": "Central"}``.

    Raises
    ------
    ValueError
        If a value matches no canonical label (the message lists them), or an
        alias points to a label that is not canonical.
    """
    if not isinstance(values, pd.Series):
        raise ValueError(f"values must be a pandas Series, got {type(values).__name__}")
    lookup = {label.lower(): label for label in canonical}
    for variant, label in (aliases or {}).items():
        if label not in canonical:
            raise ValueError(f"alias {variant!r} points to {label!r}, which is not one of {list(canonical)}")
        lookup[variant.lower()] = label

    def normalise(value: str) -> str:
        return value.strip().replace(".", "").lower()

    not_text = [value for value in values if not isinstance(value, str) and not pd.isna(value)]
    if not_text:
        raise ValueError(f"values has {len(not_text)} label(s) that are not text, e.g. {not_text[0]!r}; "
                         "labels must be strings (missing values may be None/NaN)")
    texts = [value for value in values if isinstance(value, str)]
    unknown = sorted({value for value in texts if normalise(value) not in lookup})
    if unknown:
        raise ValueError(f"cannot map {unknown} to any of {list(canonical)}; add them to aliases")
    mapped = [lookup[normalise(value)] if isinstance(value, str) else None for value in values]
    return pd.Series(mapped, index=values.index, name=values.name, dtype="str")


def clean_extract(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean the messy loyalty-card extract, one documented step at a time.

    Steps: (1) drop exact duplicate rows; (2) parse the two date formats;
    (3) standardise region spellings and channel codes; (4) drop rows without
    an amount; (5) drop impossible amounts (negative, zero, or a till's
    filler 99999); (6) drop rows without a customer id (they cannot be
    integrated with the customer table). Genuine large orders are kept.

    Parameters
    ----------
    raw : pandas.DataFrame
        ``load("messy_extract")``: ``record_id``, ``customer_id``,
        ``order_day``, ``region``, ``channel``, ``amount``.

    Returns
    -------
    (clean, report)
        The clean table (``order_day`` parsed to ``date``) and a report with
        one row per step: ``step``, ``rows_before``, ``rows_after``,
        ``values_changed``.
    """
    require_columns(raw, ["record_id", "customer_id", "order_day", "region", "channel", "amount"], "raw")
    report = []

    def log(step: str, before: pd.DataFrame, after: pd.DataFrame, changed: int = 0) -> None:
        report.append({"step": step, "rows_before": len(before), "rows_after": len(after),
                       "values_changed": int(changed)})

    table = raw.drop_duplicates()
    log("drop exact duplicates", raw, table)
    if table["record_id"].duplicated().any():
        raise ValueError("some record_id values repeat with different contents: resolve them before cleaning")

    step = table.copy()
    step["date"] = pd.to_datetime(step["order_day"].str.replace("/", "-", regex=False), format="%Y-%m-%d",
                                  errors="coerce")
    if step["date"].isna().any():
        bad = step.loc[step["date"].isna(), "order_day"].iloc[0]
        raise ValueError(f"order_day has values in an unknown date format, e.g. {bad!r}")
    log("parse dates (two formats)", table, step, (step["order_day"].str.contains("/")).sum())
    step = step.drop(columns="order_day")

    before = step
    step = step.copy()
    regions = standardize_labels(step["region"], list(HIERARCHY_REGIONS), REGION_ALIASES)
    channels = standardize_labels(step["channel"], ["online", "store", "app"], CHANNEL_ALIASES)
    changed = int((regions.fillna("") != step["region"].fillna("")).sum()
                  + (channels.fillna("") != step["channel"].fillna("")).sum())
    step["region"], step["channel"] = regions, channels
    log("standardise region and channel codes", before, step, changed)

    before, step = step, step[step["amount"].notna()]
    log("drop missing amounts", before, step)
    impossible = (step["amount"] <= 0) | step["amount"].isin(FILLER_AMOUNTS)
    before, step = step, step[~impossible]
    log("drop impossible amounts (<= 0 or 99999)", before, step)
    before, step = step, step[step["customer_id"].notna()]
    log("drop rows without customer id", before, step)

    clean = step.assign(customer_id=step["customer_id"].astype(int)).reset_index(drop=True)
    clean = clean[["record_id", "customer_id", "date", "region", "channel", "amount"]]
    return clean, pd.DataFrame(report)


def etl_batch(raw: pd.DataFrame, loaded: pd.DataFrame | None, since: str | pd.Timestamp | None,
              until: str | pd.Timestamp) -> tuple[pd.DataFrame, dict[str, int]]:
    """One scheduled ETL run (抽取、转换、加载): extract the new orders, transform them, load them.

    - **Extract** (抽取): the rows of the source extract whose order day is in
      (`since`, `until`] — an incremental load; `since` is the *watermark*
      left by the previous run (``None`` on the first run).
    - **Transform** (转换): :func:`clean_extract` — duplicates, date formats,
      codes, impossible amounts, rows without a customer id.
    - **Load** (加载): append to `loaded`, skipping records whose
      ``record_id`` is already there (a re-sent batch must not count twice).

    Parameters
    ----------
    raw : pandas.DataFrame
        The source extract (``load("messy_extract")``).
    loaded : pandas.DataFrame or None
        What earlier runs loaded (the output of a previous call), or ``None``.
    since, until : date-like
        The window of this run.

    Returns
    -------
    (table, log)
        The loaded table after this run, and counts ``extracted``,
        ``rejected`` (dropped by the transform), ``already_loaded`` and ``loaded``.
    """
    require_columns(raw, ["record_id", "order_day"], "raw")
    try:
        until = pd.Timestamp(until)
        since = None if since is None else pd.Timestamp(since)
    except (TypeError, ValueError):
        raise ValueError("since and until must be dates such as '2024-06-30'") from None
    if since is not None and since >= until:
        raise ValueError(f"since ({since.date()}) must be before until ({until.date()})")
    day = pd.to_datetime(raw["order_day"].str.replace("/", "-", regex=False), format="%Y-%m-%d", errors="coerce")
    if day.isna().any():
        raise ValueError(f"order_day has values in an unknown date format, e.g. {raw.loc[day.isna(), 'order_day'].iloc[0]!r}")
    window = (day <= until) if since is None else (day > since) & (day <= until)
    extracted = raw[window]
    clean, _ = clean_extract(extracted)
    if loaded is None:
        loaded = clean.iloc[:0]
    fresh = clean[~clean["record_id"].isin(loaded["record_id"])]
    table = pd.concat([loaded, fresh], ignore_index=True)
    log = {"extracted": len(extracted), "rejected": len(extracted) - len(clean),
           "already_loaded": len(clean) - len(fresh), "loaded": len(fresh)}
    return table, log


def customer_mart(wide: pd.DataFrame, asof: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """The customer-analysis data mart (客户分析数据集市): one row per customer, built from the warehouse.

    A data mart is a small, subject-specific extract of the warehouse that one
    group of analysts uses; this one holds what the CRM team asks about each customer.

    Parameters
    ----------
    wide : pandas.DataFrame
        :func:`join_star` output (needs ``customer_id``, ``date``, ``amount``,
        ``category``, ``channel``, ``region``, ``age``, ``is_weekend``).
    asof : date-like, optional
        The day the mart is built; later orders are ignored. The default is
        the day after the last order, as in :func:`helpers.rfm.rfm_table`, so
        the mart's ``recency`` equals the RFM table's (a customer who bought
        on the last day has recency 1).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``region``, ``age``, ``orders``,
        ``revenue``, ``mean_order``, ``recency`` (days from the last order to
        `asof`), ``tenure`` (days from the first order to `asof`), ``main_channel`` and ``main_category`` (the ones with
        most orders; ties to the first alphabetically), ``categories``
        (distinct categories bought) and ``weekend_share`` (share of orders on weekends).
    """
    require_columns(wide, ["customer_id", "date", "amount", "category", "channel", "region", "age",
                           "is_weekend"], "wide")
    dates = as_dates(wide["date"], "column 'date'")
    asof = dates.max() + pd.Timedelta(days=1) if asof is None else as_date(asof, "asof", "2024-12-31")
    table = wide[dates <= asof].assign(date=dates[dates <= asof])
    if table.empty:
        raise ValueError(f"no orders on or before {asof.date()}")
    grouped = table.groupby("customer_id")
    mart = pd.DataFrame({
        "region": grouped["region"].first(),
        "age": grouped["age"].first(),
        "orders": grouped.size(),
        "revenue": grouped["amount"].sum(),
        "recency": (asof - grouped["date"].max()).dt.days,
        "tenure": (asof - grouped["date"].min()).dt.days,
        "main_channel": _most_common(table, "channel"),
        "main_category": _most_common(table, "category"),
        "categories": grouped["category"].nunique(),
        "weekend_share": grouped["is_weekend"].mean(),
    })
    mart.insert(4, "mean_order", mart["revenue"] / mart["orders"])
    return mart


def _most_common(table: pd.DataFrame, column: str) -> pd.Series:
    """Per customer, the value of `column` with the most orders (ties: first alphabetically)."""
    counts = table.groupby(["customer_id", column], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values(["customer_id", "n", column], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("customer_id").set_index("customer_id")[column]
