"""Input checks shared by the public helpers.

Each function either returns a clean value or raises ``ValueError`` /
``KeyError`` with a message that names the argument, says what was wrong and
what was expected, so that a student never meets a numpy traceback from deep
inside a computation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd


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
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only numbers") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} value(s), got {array.size}")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains {int(np.isnan(array).sum())} missing value(s) (NaN); drop or fill them first")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values")
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
