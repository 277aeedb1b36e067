"""Levels of customer relationship and which level fits a business.

Kotler distinguishes five levels of relationship (客户关系的类型) a firm can
build with the buyers of its product:

- **basic** (基本型): the firm sells the product and does not follow up;
- **reactive** (被动型): the firm sells and encourages customers to call when
  they have questions or problems;
- **accountable** (负责型): the firm calls the customer soon after the sale to
  ask whether the product meets expectations and how to improve it;
- **proactive** (能动型): the firm keeps contacting the customer with
  suggestions for better use and news about new products;
- **partnership** (伙伴型): the firm works continuously with the customer to
  help them succeed and to find ways to deliver more value.

Which level pays depends on how many customers there are and how much each
unit sold earns (Kotler & Keller, *Marketing Management*, the grid of
"levels of relationship marketing"): many customers at a low margin cannot
each be called after every sale, a few customers at a high margin deserve a
partnership. :func:`relationship_grid` is that 3×3 grid and
:func:`recommended_level` reads it for concrete numbers.

The grid itself is qualitative ("many", "few", "high margin"). The cut-offs
used here to turn numbers into those words are *teaching defaults*, not
Kotler's: every one is a named parameter, so a reader can set the ones that fit
their industry.
"""

from __future__ import annotations

import pandas as pd

from helpers.validation import as_number

LEVELS: tuple[str, ...] = ("basic", "reactive", "accountable", "proactive", "partnership")
"""The five levels, from the least to the most involved."""

LEVEL_DESCRIPTIONS: dict[str, str] = {
    "basic": "sells the product and does not follow up",
    "reactive": "sells and invites customers to call with questions or problems",
    "accountable": "calls the customer after the sale to check satisfaction and ask for ideas",
    "proactive": "keeps contacting the customer with tips and news about new products",
    "partnership": "works continuously with the customer to help them succeed",
}
"""One line per level (lecture ch. 2, 客户关系的类型)."""

CUSTOMER_BANDS: tuple[str, ...] = ("many", "medium", "few")
"""Rows of the grid: number of customers (or distributors)."""

MARGIN_BANDS: tuple[str, ...] = ("high", "medium", "low")
"""Columns of the grid: profit margin per unit."""

_GRID: dict[str, dict[str, str]] = {
    # customers: {margin: level}; Kotler's grid, "basic or reactive" read as "basic".
    "many": {"high": "accountable", "medium": "reactive", "low": "basic"},
    "medium": {"high": "proactive", "medium": "accountable", "low": "reactive"},
    "few": {"high": "partnership", "medium": "proactive", "low": "accountable"},
}

FEW_BELOW: int = 100
"""Default: fewer than this many customers counts as "few"."""
MANY_FROM: int = 10_000
"""Default: this many customers or more counts as "many"."""
LOW_BELOW: float = 0.10
"""Default: a unit margin below 10% of the price counts as "low"."""
HIGH_FROM: float = 0.30
"""Default: a unit margin of 30% of the price or more counts as "high"."""


def relationship_grid() -> pd.DataFrame:
    """The 3×3 grid: number of customers × unit margin → level of relationship.

    Returns
    -------
    pandas.DataFrame
        Index ``customers`` (many, medium, few), columns ``margin`` (high,
        medium, low), each cell one of :data:`LEVELS`. Kotler's "basic or
        reactive" cell (many customers, low margin) is given as ``"basic"``.

    Examples
    --------
    >>> relationship_grid().loc["few", "high"]
    'partnership'
    """
    grid = pd.DataFrame(
        [[_GRID[band][margin] for margin in MARGIN_BANDS] for band in CUSTOMER_BANDS],
        index=pd.Index(list(CUSTOMER_BANDS), name="customers"),
        columns=pd.Index(list(MARGIN_BANDS), name="margin"),
    )
    return grid


def customer_band(n_customers: float, few_below: float = FEW_BELOW,
                  many_from: float = MANY_FROM) -> str:
    """Put a number of customers into the grid's row: ``"few"``, ``"medium"`` or ``"many"``.

    Parameters
    ----------
    n_customers : float
        How many customers (or distributors) the firm serves, >= 1.
    few_below : float
        Fewer customers than this count as "few" (default 100).
    many_from : float
        This many customers or more count as "many" (default 10,000);
        must be larger than `few_below`.

    Returns
    -------
    str
    """
    n_customers = as_number(n_customers, "n_customers", low=1)
    few_below = as_number(few_below, "few_below", low=1)
    many_from = as_number(many_from, "many_from", low=1)
    if not few_below < many_from:
        raise ValueError(f"few_below ({few_below:g}) must be smaller than many_from ({many_from:g})")
    if n_customers < few_below:
        return "few"
    if n_customers >= many_from:
        return "many"
    return "medium"


def margin_band(margin: float, low_below: float = LOW_BELOW, high_from: float = HIGH_FROM) -> str:
    """Put a unit margin into the grid's column: ``"low"``, ``"medium"`` or ``"high"``.

    Parameters
    ----------
    margin : float
        Profit margin per unit as a fraction of the price, in [0, 1]
        (0.25 means 25%).
    low_below : float
        Margins below this are "low" (default 0.10).
    high_from : float
        Margins of this or more are "high" (default 0.30); must be larger
        than `low_below`.

    Returns
    -------
    str
    """
    margin = as_number(margin, "margin (a fraction of the price, e.g. 0.25)", low=0, high=1)
    low_below = as_number(low_below, "low_below", low=0, high=1)
    high_from = as_number(high_from, "high_from", low=0, high=1)
    if not low_below < high_from:
        raise ValueError(f"low_below ({low_below:g}) must be smaller than high_from ({high_from:g})")
    if margin < low_below:
        return "low"
    if margin >= high_from:
        return "high"
    return "medium"


def recommended_level(n_customers: float, margin: float, *,
                      few_below: float = FEW_BELOW, many_from: float = MANY_FROM,
                      low_below: float = LOW_BELOW, high_from: float = HIGH_FROM) -> str:
    """The level of relationship that fits a number of customers and a unit margin.

    Parameters
    ----------
    n_customers : float
        How many customers (or distributors) the firm serves, >= 1.
    margin : float
        Profit margin per unit as a fraction of the price, in [0, 1].
    few_below, many_from : float
        Customer-count cut-offs of :func:`customer_band` (defaults 100 and 10,000).
    low_below, high_from : float
        Margin cut-offs of :func:`margin_band` (defaults 0.10 and 0.30).

    Returns
    -------
    str
        One of :data:`LEVELS`.

    Raises
    ------
    ValueError
        If a number is missing, out of range, or the cut-offs are in the wrong order.

    Examples
    --------
    >>> recommended_level(20, 0.40)       # a few customers, high margin
    'partnership'
    >>> recommended_level(500_000, 0.05)  # a mass market, thin margin
    'basic'
    """
    row = customer_band(n_customers, few_below=few_below, many_from=many_from)
    column = margin_band(margin, low_below=low_below, high_from=high_from)
    return _GRID[row][column]
