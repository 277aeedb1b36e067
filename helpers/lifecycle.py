"""The customer relationship lifecycle measured on transaction data.

A relationship goes through exploration, build-up, maturity and decline
(考察期, 形成期, 稳定期, 退化期). On transaction data the simplest honest
measurement of how relationships last is the **cohort retention table**:

- a *cohort* is the set of customers whose first purchase fell in the same
  period (month, by default);
- for every cohort and every number of periods since the first purchase
  (0, 1, 2, ...) we count the customers who bought at least once in that
  period, and divide by the cohort's size.

:func:`cohort_table` builds the table, :func:`retention_curve` pools the
cohorts into one curve, and :func:`lifecycle_stages` sorts customers into the
four stages with simple, stated rules.

Notes
-----
pandas 3 has two kinds of frequency names: offsets for resampling
(``"ME"`` month end, ``"QE"``, ``"YE"``) and periods (``"M"``, ``"Q"``,
``"Y"``). Periods do not accept ``"ME"``; :func:`cohort_table` accepts both
spellings and uses the period one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.validation import as_date, as_dates, as_number, require_choice, require_columns

PERIOD_ALIASES: dict[str, str] = {
    "M": "M", "ME": "M", "MS": "M",
    "Q": "Q", "QE": "Q", "QS": "Q",
    "W": "W",
    "Y": "Y", "YE": "Y", "YS": "Y",
}
"""Accepted `freq` spellings and the period frequency each one means."""

STAGES: tuple[str, ...] = ("exploration", "build-up", "maturity", "decline")
"""The four lifecycle stages (考察期, 形成期, 稳定期, 退化期), in order."""


def _period_frequency(freq: object) -> str:
    """Turn ``"M"``/``"ME"``/... into the period frequency pandas wants."""
    if not isinstance(freq, str) or freq.upper() not in PERIOD_ALIASES:
        raise ValueError(
            f"freq must be one of {sorted(PERIOD_ALIASES)} (e.g. 'M' for months), got {freq!r}"
        )
    return PERIOD_ALIASES[freq.upper()]


def _clean_purchases(transactions: pd.DataFrame, customer: str, date: str,
                     end: object = None, end_name: str = "end") -> pd.DataFrame:
    """Check the two columns and return them, purchases after `end` (argument `end_name`) dropped."""
    require_columns(transactions, [customer, date], name="transactions")
    missing = transactions[[customer, date]].isna().any(axis=1)
    if missing.any():
        raise ValueError(
            f"transactions have {int(missing.sum())} row(s) without a {customer!r} or {date!r}; "
            "drop them first"
        )
    # Dates as whole days (strings, yyyymmdd numbers and time zones handled once, in helpers.validation).
    frame = pd.DataFrame({customer: transactions[customer], date: as_dates(transactions[date], f"column {date!r}")})
    if end is not None:
        end = as_date(end, end_name, "2024-06-30")
        frame = frame[frame[date] <= end]
        if frame.empty:
            raise ValueError(f"no purchases on or before {end_name}={end.date()}")
    return frame


def _last_periods(ordinal: pd.Series, end: object, period_freq: str) -> tuple[int, int]:
    """The last period with data, and the last one observed to its end (ordinals).

    With `end` in the middle of a period, that period is seen only in part:
    a customer who will buy later in it has not bought yet, so its cells
    (beyond a cohort's own first period) would read low. Without `end` the
    data are taken to run to the end of the last purchase's period.
    """
    if end is None:
        last = int(ordinal.max())
        return last, last
    end_day = as_date(end, "end")
    period = pd.Period(end_day, period_freq)
    full = period.ordinal if end_day == period.end_time.normalize() else period.ordinal - 1
    return period.ordinal, full


def observable_cells(cohorts: np.ndarray, periods: np.ndarray, last: int, full: int) -> np.ndarray:
    """Which cells (cohort × period) of a cohort table the data show, as a boolean array.

    `cohorts` are period ordinals, `periods` the periods since the first;
    `last` is the last period with data and `full` the last one observed to
    its end (see :func:`_last_periods`). A cell is seen when its period is
    complete, or when it is the cohort's own first period (its size) inside
    the data. ``helpers.engine.cohort_matrix`` applies the same rule.
    """
    reached = cohorts[:, None] + periods[None, :]
    return (reached <= full) | ((periods[None, :] == 0) & (reached <= last))


def cohort_table(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                 freq: str = "M", values: str = "share", end: object = None) -> pd.DataFrame:
    """Acquisition cohorts × periods since first purchase: who is still buying.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase, with a customer id column and a date column.
    customer, date : str
        The names of those columns.
    freq : str
        Length of a period: ``"M"`` (or ``"ME"``) months, ``"Q"`` quarters,
        ``"W"`` weeks, ``"Y"`` years.
    values : str
        ``"share"`` (default): the share of the cohort active in that period;
        ``"count"``: the number of customers active.
    end : date-like, optional
        Last day of the observation window; purchases after it are ignored.
        Default: the last purchase date in the data (its period taken as
        complete). If `end` falls before the last day of its period, that
        period is only partly observed: its cells are missing, except the
        size of the cohort acquired in it.

    Returns
    -------
    pandas.DataFrame
        Index ``cohort`` (the period of the first purchase), columns
        ``period`` = 0, 1, 2, ... periods since the first purchase. Column 0 is
        the cohort size (counts) or 1.0 (shares). Cells that lie after the end
        of the data cannot be observed and are missing (NaN / <NA>), so the
        table is a triangle: a customer who joined last month has no
        "month 3" yet, which is not the same as having left.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If the table is empty, dates are not dates, or `freq` / `values` is unknown.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10"])})
    >>> cohort_table(tx, values="count")  # doctest: +NORMALIZE_WHITESPACE
    period   0     1     2
    cohort
    2024-01  1     0     1
    2024-02  1     0  <NA>
    """
    period_freq = _period_frequency(freq)
    require_choice(values, ["share", "count"], "values")
    frame = _clean_purchases(transactions, customer, date, end)

    period = frame[date].dt.to_period(period_freq)
    ordinal = pd.Series(pd.PeriodIndex(period).asi8, index=frame.index)
    first = ordinal.groupby(frame[customer]).transform("min")
    active = pd.DataFrame({
        "customer": frame[customer].to_numpy(),
        "cohort": first.to_numpy(),
        "period": (ordinal - first).to_numpy(),
    }).drop_duplicates()

    counts = active.groupby(["cohort", "period"]).size().unstack("period", fill_value=0)
    last, full = _last_periods(ordinal, end, period_freq)
    all_periods = np.arange(0, last - int(counts.index.min()) + 1)
    counts = counts.reindex(columns=all_periods, fill_value=0)
    observable = observable_cells(counts.index.to_numpy(), all_periods, last, full)

    counts = counts.astype("Int64").where(observable)
    counts.index = pd.PeriodIndex.from_ordinals(counts.index.to_numpy(), freq=period_freq)
    counts.index.name = "cohort"
    counts.columns = pd.Index(all_periods.tolist(), name="period")
    if values == "count":
        return counts
    sizes = counts[0].astype(float)
    return counts.astype(float).div(sizes, axis=0)


def retention_curve(counts: pd.DataFrame) -> pd.Series:
    """Pool the cohorts of a count table into one retention curve.

    For each number of periods k since the first purchase, the share active
    is the number of customers active at k divided by the size of the
    cohorts that *can* be observed at k (older cohorts only, for large k).

    Parameters
    ----------
    counts : pandas.DataFrame
        A table from ``cohort_table(..., values="count")``.

    Returns
    -------
    pandas.Series
        Indexed by ``period`` (0, 1, 2, ...), values in [0, 1]; named
        ``share_active``.

    Raises
    ------
    ValueError
        If `counts` is not a cohort count table (column 0 with cohort sizes).
    """
    if not isinstance(counts, pd.DataFrame) or counts.empty or 0 not in counts.columns:
        raise ValueError(
            "counts must be the table of cohort_table(..., values='count'), with column 0 "
            "holding the cohort sizes"
        )
    table = counts.astype(float)
    sizes = table[0]
    if sizes.isna().any() or (sizes <= 0).any():
        raise ValueError("column 0 of counts must hold positive cohort sizes (whole numbers)")
    if ((table.fillna(0) % 1) != 0).any().any() or (table.fillna(0) < 0).any().any():
        raise ValueError("counts must be whole, non-negative numbers of customers; "
                         "did you pass shares (values='share') instead of counts?")
    observed = table.notna()
    active = table.fillna(0).sum(axis=0)
    exposed = observed.mul(sizes, axis=0).sum(axis=0)
    curve = active / exposed
    curve.name = "share_active"
    return curve


def lifecycle_stages(transactions: pd.DataFrame, customer: str = "customer_id",
                     date: str = "date", asof: object = None, explore_days: int = 90,
                     mature_days: int = 365, window_days: int = 180,
                     decline_ratio: float = 0.5) -> pd.DataFrame:
    """Sort customers into the four lifecycle stages with simple, stated rules.

    The rules, applied in this order on the date `asof`:

    1. **exploration** (考察期): the first purchase is less than
       `explore_days` old — too early to say more;
    2. **decline** (退化期): no purchase in the last `window_days`, or fewer
       than `decline_ratio` times as many purchases as in the window before;
    3. **build-up** (形成期): still buying, but a customer for less than
       `mature_days`;
    4. **maturity** (稳定期): still buying, a customer for `mature_days` or longer.

    These are rules of thumb for a first look, not a model: a customer in
    "decline" may already have left for good, and the windows should match
    how often customers of the business buy.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names.
    asof : date-like, optional
        The day of the assessment; default the last purchase date. Later
        purchases are ignored.
    explore_days, mature_days, window_days : int
        The rules' windows, in days (explore_days < mature_days).
    decline_ratio : float
        Recent purchases below this multiple of the previous window's mean decline.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer with ``first``, ``last``, ``tenure_days``,
        ``recent`` and ``previous`` (purchases in the last window and the one
        before) and ``stage`` (an ordered categorical of :data:`STAGES`).
    """
    frame = _clean_purchases(transactions, customer, date, asof, end_name="asof")
    asof = as_date(asof, "asof") if asof is not None else frame[date].max()
    explore_days = int(as_number(explore_days, "explore_days", low=1))
    mature_days = int(as_number(mature_days, "mature_days", low=1))
    window_days = int(as_number(window_days, "window_days", low=1))
    decline_ratio = as_number(decline_ratio, "decline_ratio", low=0, high=1)
    if not explore_days < mature_days:
        raise ValueError(f"explore_days ({explore_days}) must be smaller than mature_days ({mature_days})")

    age_days = (asof - frame[date]).dt.days
    grouped = frame.groupby(customer)[date]
    table = pd.DataFrame({"first": grouped.min(), "last": grouped.max()})
    table["tenure_days"] = (asof - table["first"]).dt.days
    table["recent"] = (age_days < window_days).groupby(frame[customer]).sum()
    in_previous = (age_days >= window_days) & (age_days < 2 * window_days)
    table["previous"] = in_previous.groupby(frame[customer]).sum()

    declining = (table["recent"] == 0) | (table["recent"] < decline_ratio * table["previous"])
    stage = np.select(
        [table["tenure_days"] < explore_days, declining, table["tenure_days"] < mature_days],
        ["exploration", "decline", "build-up"],
        default="maturity",
    )
    table["stage"] = pd.Categorical(stage, categories=list(STAGES), ordered=True)
    return table


def retention_by_tenure(transactions: pd.DataFrame, customer: str = "customer_id",
                        date: str = "date", freq: str = "Q", end: object = None) -> pd.DataFrame:
    """Period-to-period retention by tenure: is the retention rate r constant?

    The CLV formula ``m·r / (1 + d − r)`` assumes one retention rate r for
    every period of a relationship. This table measures it by tenure: for
    each k = 0, 1, 2, ... periods since the first purchase, among the
    customers who bought in period k of their relationship (and whose period
    k + 1 lies inside the data), the share who bought again in period k + 1.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names.
    freq : str
        Length of a period (as in :func:`cohort_table`); default quarters.
    end : date-like, optional
        Last day of the observation window (default: the last purchase, its
        period taken as complete). A period that `end` cuts short is not
        used as a period k + 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``tenure`` k, with ``active`` (customers active in period
        k and observable at k + 1), ``retained`` (of them, active at k + 1)
        and ``retention`` (retained / active).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If dates are not dates, `freq` is unknown, or the data span fewer
        than two periods.
    """
    period_freq = _period_frequency(freq)
    frame = _clean_purchases(transactions, customer, date, end)
    ordinal = pd.Series(pd.PeriodIndex(frame[date].dt.to_period(period_freq)).asi8, index=frame.index)
    _, full = _last_periods(ordinal, end, period_freq)
    first = ordinal.groupby(frame[customer]).transform("min")
    active = pd.DataFrame({"customer": frame[customer].to_numpy(),
                           "tenure": (ordinal - first).to_numpy(),
                           "ordinal": ordinal.to_numpy()}).drop_duplicates()
    if active["ordinal"].nunique() < 2:
        raise ValueError(f"the data span fewer than two periods of freq={freq!r}: nothing to compare")
    observable = active[active["ordinal"] < full]
    next_keys = set(zip(active["customer"], active["tenure"] - 1, strict=True))
    came_back = [key in next_keys
                 for key in zip(observable["customer"], observable["tenure"], strict=True)]
    table = (observable.assign(retained=came_back)
             .groupby("tenure")["retained"].agg(active="size", retained="sum"))
    table["retained"] = table["retained"].astype(int)
    table["retention"] = table["retained"] / table["active"]
    return table


def annual_retention(transactions: pd.DataFrame, customer: str = "customer_id",
                     date: str = "date") -> float:
    """Retention rate r from the yearly cohort table: first-year customers still buying a year later.

    This is cell (first cohort, period 1) of ``cohort_table(..., freq="Y")``:
    of the customers whose first purchase fell in the first calendar year of
    the data, the share who bought at least once in the next calendar year.
    It is the r to put into ``simple_clv`` when a period is one year.

    Raises
    ------
    ValueError
        If the data do not cover two calendar years.
    """
    shares = cohort_table(transactions, customer=customer, date=date, freq="Y")
    if shares.shape[1] < 2:
        raise ValueError("annual_retention needs purchases in at least two calendar years")
    return float(shares.iloc[0, 1])
