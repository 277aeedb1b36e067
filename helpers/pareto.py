"""The 80/20 rule: how concentrated is customer value?

- :func:`top_share` — the share of the total held by the top fraction of customers;
- :func:`lorenz` — the Lorenz curve (cumulative share of customers vs of value);
- :func:`gini` — the Gini coefficient, 0 when every customer is worth the same,
  close to 1 when one customer brings everything.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.validation import as_number, as_vector


def _positive_total(values: object, name: str = "values") -> np.ndarray:
    """Return non-negative values with a positive total (shares need one)."""
    array = as_vector(values, name, nonnegative=True)
    if array.sum() == 0:
        raise ValueError(f"{name} add up to zero; shares of a zero total are undefined")
    return array


def top_share(values: object, fraction: float = 0.2) -> float:
    """Share of the total that the top `fraction` of customers account for.

    Parameters
    ----------
    values : array-like of float
        One non-negative value per customer (e.g. revenue).
    fraction : float
        The top fraction of customers, in (0, 1]; 0.2 for the 80/20 rule.
        The number of top customers is ``ceil(fraction * n)``.

    Returns
    -------
    float
        Share of the total in [0, 1].

    Examples
    --------
    >>> top_share([1, 1, 1, 1, 6], fraction=0.2)
    0.6
    """
    array = _positive_total(values)
    fraction = as_number(fraction, "fraction", 0, 1, low_open=True)
    k = int(np.ceil(round(fraction * array.size, 9)))
    top = np.sort(array)[::-1][:k]
    return float(top.sum() / array.sum())


def lorenz(values: object) -> pd.DataFrame:
    """The Lorenz curve of `values`.

    Customers are sorted from the least to the most valuable; the curve runs
    from (0, 0) to (1, 1) through (share of customers, share of value).

    Parameters
    ----------
    values : array-like of float
        One non-negative value per customer.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_share`` and ``value_share``, n + 1 rows starting at (0, 0).
    """
    array = np.sort(_positive_total(values))
    cumulative = np.concatenate([[0.0], np.cumsum(array)]) / array.sum()
    customers = np.arange(array.size + 1) / array.size
    return pd.DataFrame({"customer_share": customers, "value_share": cumulative})


def gini(values: object) -> float:
    """The Gini coefficient of `values`.

    Computed as ``G = sum_i (2 i - n - 1) x_(i) / (n * sum x)`` with the values
    sorted ascending (i = 1..n): twice the area between the line of equality
    and the Lorenz curve of the discrete distribution.

    Parameters
    ----------
    values : array-like of float
        One non-negative value per customer; at least one must be positive.

    Returns
    -------
    float
        In [0, 1 - 1/n]: 0 when all values are equal.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> round(gini([0, 0, 0, 1]), 2)
    0.75
    """
    array = np.sort(_positive_total(values))
    n = array.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * array) / (n * array.sum()))
