"""Input checks shared by the public helpers.

Each function either returns a clean value or raises ``ValueError`` /
``KeyError`` with a message that names the argument, says what was wrong and
what was expected, so that a student never meets a numpy traceback from deep
inside a computation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

MAX_MAGNITUDE = 1e15
"""The largest size of a number the helpers accept (money, counts, times, weights...).

Nothing in customer analytics is that large (a thousand trillion); a bigger
value is a unit or data-entry error, and it would make sums, squares and
exponentials overflow to inf/NaN further on, so it is refused at the door."""


def as_number(value: Any, name: str, low: float | None = None, high: float | None = None,
              low_open: bool = False, high_open: bool = False) -> float:
    """Return `value` as a finite float within ``[low, high]`` (or open bounds).

    Raises
    ------
    ValueError
        If `value` is not a real number, is NaN or infinite, or is out of range.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    if low is not None and (number < low or (low_open and number == low)):
        bound = ">" if low_open else ">="
        raise ValueError(f"{name} must be {bound} {low}, got {number:g}")
    if high is not None and (number > high or (high_open and number == high)):
        bound = "<" if high_open else "<="
        raise ValueError(f"{name} must be {bound} {high}, got {number:g}")
    if abs(number) > MAX_MAGNITUDE:
        raise ValueError(f"{name} is too large to be real ({number:g}); expected at most {MAX_MAGNITUDE:g} in size "
                         "(check the units)")
    return number


def as_vector(values: Any, name: str, min_size: int = 1, nonnegative: bool = False) -> np.ndarray:
    """Return `values` as a 1-D float array of finite numbers.

    Parameters
    ----------
    values : array-like
        A list, tuple, numpy array or pandas Series of numbers.
    name : str
        The argument's name, used in error messages.
    min_size : int
        The fewest values that make sense.
    nonnegative : bool
        Reject negative values (money, counts).

    Raises
    ------
    ValueError
        If the values are not numbers, not one-dimensional, too few, NaN,
        infinite, or negative when that is not allowed.
    """
    if isinstance(values, (str, bytes)) or np.isscalar(values):
        raise ValueError(f"{name} must be a sequence of numbers, got {type(values).__name__} {values!r}")
    if isinstance(values, pd.DataFrame):
        raise ValueError(f"{name} must be one column of numbers, got a DataFrame; pick a column")
    try:
        if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
            # Nullable dtypes (Int64, Float64, boolean, string): pd.NA becomes NaN and is reported below.
            array = pd.Series(values).to_numpy(dtype=float, na_value=np.nan)
        else:
            array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only numbers; found non-numeric value(s)") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} value(s), got {array.size}")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains {int(np.isnan(array).sum())} missing value(s) (NaN or pd.NA) at position(s) "
                         f"{np.flatnonzero(np.isnan(array))[:3].tolist()}; drop or fill them first")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values")
    if (np.abs(array) > MAX_MAGNITUDE).any():
        raise ValueError(f"{name} has values too large to be real, e.g. {array[np.abs(array) > MAX_MAGNITUDE][0]:g}; "
                         f"expected at most {MAX_MAGNITUDE:g} in size (check the units)")
    if nonnegative and (array < 0).any():
        raise ValueError(f"{name} must not be negative; found {int((array < 0).sum())} negative value(s), e.g. {array[array < 0][0]:g}")
    return array


def require_columns(frame: Any, columns: Iterable[str], name: str = "table") -> None:
    """Check that `frame` is a DataFrame with every column of `columns`.

    Raises
    ------
    ValueError
        If `frame` is not a DataFrame or is empty.
    KeyError
        If a column is missing; the message lists the columns that are there.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{name} is empty; expected at least one row")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(f"{name} has no column(s) {missing}; it has {list(frame.columns)}")


def require_choice(value: Any, options: Sequence[str], name: str) -> str:
    """Check that `value` is one of `options` and return it.

    Raises
    ------
    ValueError
        If it is not, naming the options.
    """
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


# ---- Dates --------------------------------------------------------------------
#
# One rule for every helper that takes dates, so that the same purchases give
# the same tables however the dates were written:
#
# - a date is a *day*: a time of day is dropped (recency and windows count
#   whole days; two purchases on one day are on the same day, whatever the hour);
# - strings are read as ISO dates, with or without a time ("2024-03-15",
#   "2024-03-15 18:30", "2024-03-15T18:30:00"); other layouts pandas can read
#   ("2024/03/15") are accepted too, but prefer ISO: "05/01/2024" is read
#   month first, as pandas does;
# - whole numbers are read as ``yyyymmdd`` (CDNOW's raw format: 19970101) and
#   refused otherwise, never read as nanoseconds since 1970 as
#   ``pd.to_datetime`` would;
# - timezone-aware dates keep their local calendar day and lose the zone, so
#   they compare with naive arguments such as ``asof="2024-06-30"``; a column
#   that mixes time zones (or aware and naive dates) is refused.

YYYYMMDD_RANGE = (1000_01_01, 9999_12_31)
"""The smallest and largest whole number read as a ``yyyymmdd`` date."""


def _yyyymmdd(numbers: pd.Series, name: str) -> pd.Series:
    """Parse whole numbers such as 19970101 as dates, or refuse them."""
    values = pd.to_numeric(numbers, errors="coerce").astype("Float64")
    present = values.dropna()
    low, high = YYYYMMDD_RANGE
    bad = present[(present != present.round()) | (present < low) | (present > high)]
    if len(bad):
        raise ValueError(f"{name} must hold dates, not numbers: {float(bad.iloc[0]):g} is not a yyyymmdd date such as "
                         "19970101 (numbers are never read as nanoseconds since 1970); parse them first, e.g. "
                         "pd.to_datetime(values.astype(str), format='%Y%m%d')")
    text = values.astype("Int64").astype("string")
    try:
        return pd.to_datetime(text, format="%Y%m%d")
    except (TypeError, ValueError):
        raise ValueError(f"{name} holds numbers that are not valid yyyymmdd dates (e.g. 19970230 has no day 30 in "
                         "February); fix or drop them") from None


def as_dates(values: Any, name: str) -> pd.Series:
    """Return a date column as naive ``datetime64`` days (midnight), or raise.

    See the date rules above: times of day are dropped, ISO strings with or
    without a time are read, ``yyyymmdd`` integers are parsed (other numbers
    refused), timezone-aware dates keep their local day.

    Parameters
    ----------
    values : pandas.Series or sequence
        The dates.
    name : str
        What to call the column in error messages (e.g. ``"column 'date'"``).

    Raises
    ------
    ValueError
        If a value cannot be read as a date, is missing, or the column mixes
        time zones.
    """
    if isinstance(values, (str, bytes)) or np.isscalar(values):
        raise ValueError(f"{name} must be a column or list of dates, got {type(values).__name__} {values!r}")
    series = values if isinstance(values, pd.Series) else pd.Series(
        values if isinstance(values, (pd.Index, np.ndarray)) else list(values))
    if pd.api.types.is_bool_dtype(series):
        raise ValueError(f"{name} must hold dates (e.g. '2024-03-15'), got True/False values")
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = series
    elif pd.api.types.is_numeric_dtype(series) or kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        dates = _yyyymmdd(series, name)
    else:
        try:
            dates = pd.to_datetime(series, format="ISO8601")
        except (TypeError, ValueError, OverflowError) as error:
            if "zone" in str(error) or "tz-" in str(error):
                raise ValueError(f"{name} mixes time zones (or timezone-aware and naive dates); convert them to one "
                                 "zone first, e.g. pd.to_datetime(values, utc=True)") from None
            try:
                with warnings.catch_warnings():  # "Could not infer format": each value is read on its own
                    warnings.simplefilter("ignore", UserWarning)
                    dates = pd.to_datetime(series)
            except (TypeError, ValueError, OverflowError):
                example = next((v for v in series if _unreadable_date(v)), series.iloc[0])
                raise ValueError(f"{name} must hold dates such as '2024-03-15' or '2024-03-15 18:30'; "
                                 f"could not read {example!r}") from None
    if not isinstance(dates.dtype, pd.DatetimeTZDtype) and not pd.api.types.is_datetime64_dtype(dates):
        raise ValueError(f"{name} mixes time zones (or timezone-aware and naive dates); convert them to one "
                         "zone first, e.g. pd.to_datetime(values, utc=True)")
    if dates.isna().any():
        where = list(dates.index[dates.isna()][:3])
        raise ValueError(f"{name} has {int(dates.isna().sum())} missing date(s) (NaT/None/pd.NA), e.g. at row(s) "
                         f"{where}; drop or fill them first")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    return dates.dt.normalize()


def _unreadable_date(value: Any) -> bool:
    """True when pandas cannot read `value` as a date."""
    try:
        pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        return True
    return False


def as_date(value: Any, name: str, example: str = "2024-06-30") -> pd.Timestamp:
    """Return one date argument (``asof``, ``end``, ``start``, ``cutoff``...) as a naive day.

    Accepts a ``pd.Timestamp``, ``datetime``, ``date``, ``numpy.datetime64``, an
    ISO string with or without a time, or a ``yyyymmdd`` integer; the time of
    day and the time zone are dropped (the local calendar day is kept), as for
    :func:`as_dates`.

    Raises
    ------
    ValueError
        If `value` is missing or cannot be read as a date; the message names
        the argument and shows an example of a good value.
    """
    wanted = f"{name} must be a date such as {example!r}"
    if value is None or isinstance(value, (bool, np.bool_)) or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"{wanted}, got {value!r}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _yyyymmdd(pd.Series([value]), name).iloc[0]
    if not isinstance(value, (str, pd.Timestamp, np.datetime64)) and not hasattr(value, "year"):
        raise ValueError(f"{wanted}, got {type(value).__name__} {value!r}")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{wanted}, got {value!r}") from None
    if pd.isna(stamp):
        raise ValueError(f"{wanted}, got {value!r}")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def require_unique(values: Any, name: str) -> None:
    """Check that a key column (customer ids, basket ids...) has no repeated value.

    A repeated key would make a join or a lookup copy or drop rows silently.

    Raises
    ------
    ValueError
        Naming how many values repeat and the first of them.
    """
    keys = pd.Series(values)
    repeated = keys[keys.duplicated()]
    if len(repeated):
        first = repeated.iloc[0]
        first = first.item() if isinstance(first, np.generic) else first
        raise ValueError(f"{name} must hold distinct values, but {repeated.nunique()} value(s) appear more than once, "
                         f"e.g. {first!r}; one row per key is expected, remove the duplicates first")


def numeric_frame(table: pd.DataFrame, columns: Sequence[str], name: str = "table",
                  nonnegative: bool = False) -> pd.DataFrame:
    """Return `columns` of `table` as a float DataFrame of finite numbers, or raise.

    Each column goes through :func:`as_vector`, so nullable dtypes (``Int64``,
    ``Float64``, ``boolean``) work when complete, and a missing value (NaN or
    ``pd.NA``), text, an infinite or an absurdly large value is refused with
    the column's name.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a column is not numbers, has a missing, infinite or too large
        value, or (with `nonnegative`) a negative one.
    """
    require_columns(table, columns, name)
    return pd.DataFrame({column: as_vector(table[column], f"{name} column {column!r}", nonnegative=nonnegative)
                         for column in columns}, index=table.index)


def require_complete(frame: pd.DataFrame, columns: Iterable[str], name: str = "table") -> None:
    """Check that key or group columns have no missing value (None, NaN, ``pd.NA``).

    pandas' ``groupby`` and ``crosstab`` drop such rows without a word; the
    helpers refuse them instead, so no row is lost silently.

    Raises
    ------
    ValueError
        Naming the column, how many rows lack a value and the first of them.
    """
    for column in columns:
        missing = frame[column].isna()
        if missing.any():
            raise ValueError(f"{name} has {int(missing.sum())} row(s) without a {column!r} (a missing value), e.g. "
                             f"row {frame.index[missing][0]!r}; they would be dropped silently, so fill or drop them first")
