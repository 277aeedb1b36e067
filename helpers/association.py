"""Association analysis (关联分析): support, confidence, lift and Apriori.

The measures are computed here by hand, the way the lecture defines them,
on a *one-hot basket table* (one row per basket, one boolean column per item):

- support(A) = share of baskets that contain every item of A;
- confidence(A ⇒ C) = support(A ∪ C) / support(A);
- lift(A ⇒ C) = confidence(A ⇒ C) / support(C) (> 1: A makes C more likely).

:func:`frequent_itemsets` is a small, readable Apriori (join, prune, count)
for teaching; :func:`mine_rules` uses mlxtend's ``apriori`` and
``association_rules``, the well-kept implementation to use on real data. The
tests check that both agree on the textbook example :data:`ALL_ELECTRONICS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import pandas as pd
from mlxtend.frequent_patterns import apriori, association_rules

from helpers.validation import as_number, require_columns, require_complete

ALL_ELECTRONICS: dict[str, list[str]] = {
    "T100": ["I1", "I2", "I5"],
    "T200": ["I2", "I4"],
    "T300": ["I2", "I3"],
    "T400": ["I1", "I2", "I4"],
    "T500": ["I1", "I3"],
    "T600": ["I2", "I3"],
    "T700": ["I1", "I3"],
    "T800": ["I1", "I2", "I3", "I5"],
    "T900": ["I1", "I2", "I3"],
}
"""The AllElectronics transactions of Han, Kamber & Pei, *Data Mining: Concepts
and Techniques*, 3rd ed. (2012), Table 6.1."""


def onehot(baskets: pd.DataFrame | dict[str, Sequence[str]] | Sequence[Sequence[str]],
           basket: str = "basket_id", item: str = "product") -> pd.DataFrame:
    """Turn baskets into a one-hot table: one row per basket, one boolean column per item.

    Parameters
    ----------
    baskets : DataFrame, dict or list of lists
        Either a long table with one row per (basket, item), or a dict
        ``{basket id: [items]}``, or a list of item lists.
    basket, item : str
        Column names of the long table.

    Returns
    -------
    pandas.DataFrame
        Boolean, indexed by basket, columns sorted by item name.

    Raises
    ------
    ValueError
        If there are no baskets, a basket is empty, or an item is missing.
    KeyError
        If the long table lacks `basket` or `item`.
    """
    if isinstance(baskets, pd.DataFrame):
        require_columns(baskets, [basket, item], "baskets")
        if baskets[item].isna().any():
            raise ValueError(f"column {item!r} has {int(baskets[item].isna().sum())} missing item(s)")
        require_complete(baskets, [basket], "baskets")  # crosstab would drop rows without a basket id
        _require_text(baskets[item], f"column {item!r}")
        table = pd.crosstab(baskets[basket], baskets[item]) > 0
        table.columns = table.columns.astype(str)
        table.columns.name = None
        return table.sort_index(axis=1)
    if isinstance(baskets, dict):
        ids, lists = list(baskets), list(baskets.values())
    elif isinstance(baskets, Sequence) and not isinstance(baskets, str):
        ids, lists = list(range(1, len(baskets) + 1)), list(baskets)
    else:
        raise ValueError("baskets must be a long DataFrame, a dict {basket: items} or a list of item lists, "
                         f"got {type(baskets).__name__}")
    if not lists:
        raise ValueError("baskets is empty; expected at least one basket")
    for basket_id, items in zip(ids, lists, strict=True):
        if isinstance(items, str) or not isinstance(items, Iterable) or len(list(items)) == 0:
            raise ValueError(f"basket {basket_id!r} must be a non-empty list of items, got {items!r}")
    for basket_id, items in zip(ids, lists, strict=True):
        _require_text(pd.Series(list(items), dtype=object), f"basket {basket_id!r}")
    names = sorted({str(i) for items in lists for i in items})
    rows = [[name in {str(i) for i in items} for name in names] for items in lists]
    return pd.DataFrame(rows, index=pd.Index(ids, name="basket"), columns=names)


def _require_text(items: pd.Series, name: str) -> None:
    """Item labels must be strings: ``str()`` would merge 1 and "1" and turn None into "None"."""
    bad = [value for value in items if not isinstance(value, str)]
    if bad:
        raise ValueError(f"{name} has {len(bad)} item label(s) that are not text, e.g. {bad[0]!r}; item labels must "
                         "be text (strings), e.g. 'milk' (a missing item is not allowed either)")


def support(table: pd.DataFrame, itemset: Iterable[str]) -> float:
    """Share of baskets that contain every item of `itemset`.

    Parameters
    ----------
    table : pandas.DataFrame
        One-hot basket table from :func:`onehot`.
    itemset : iterable of str
        One or more item names.

    Raises
    ------
    ValueError
        If the table is not boolean or the itemset is empty.
    KeyError
        If an item is not a column of the table.
    """
    return support_count(table, itemset) / len(table)


def support_count(table: pd.DataFrame, itemset: Iterable[str]) -> int:
    """Number of baskets that contain every item of `itemset` (the textbook's "support count")."""
    items = _itemset(itemset, "itemset")
    _check_table(table)
    missing = sorted(items - set(table.columns))
    if missing:
        raise KeyError(f"item(s) {missing} not in the basket table; items are e.g. {list(table.columns[:8])}")
    return int(table[sorted(items)].all(axis=1).sum())


def confidence(table: pd.DataFrame, antecedent: Iterable[str], consequent: Iterable[str]) -> float:
    """confidence(A ⇒ C) = support(A ∪ C) / support(A): how often C is bought when A is.

    Raises
    ------
    ValueError
        If A and C overlap, or A never occurs (confidence undefined).
    """
    a, c = _rule(antecedent, consequent)
    count_a = support_count(table, a)
    if count_a == 0:
        raise ValueError(f"antecedent {format_itemset(a)} never occurs, so the confidence is undefined")
    return support_count(table, a | c) / count_a


def lift(table: pd.DataFrame, antecedent: Iterable[str], consequent: Iterable[str]) -> float:
    """lift(A ⇒ C) = confidence(A ⇒ C) / support(C); 1 means A and C are independent.

    Raises
    ------
    ValueError
        If C never occurs (lift undefined), or as :func:`confidence`.
    """
    a, c = _rule(antecedent, consequent)
    support_c = support(table, c)
    if support_c == 0:
        raise ValueError(f"consequent {format_itemset(c)} never occurs, so the lift is undefined")
    return confidence(table, a, c) / support_c


def frequent_itemsets(table: pd.DataFrame, min_support: float) -> pd.DataFrame:
    """Apriori by hand: all itemsets with support ≥ `min_support`, level by level.

    Level k+1 candidates join two frequent k-itemsets that share their first
    k−1 items (sorted); a candidate is pruned when one of its k-subsets is not
    frequent (the Apriori property: every subset of a frequent itemset is
    frequent); the survivors are counted in the data.

    Parameters
    ----------
    table : pandas.DataFrame
        One-hot basket table.
    min_support : float
        Minimum support as a share of baskets, in (0, 1].

    Returns
    -------
    pandas.DataFrame
        Columns ``itemset`` (tuple of sorted items), ``length``, ``count`` and
        ``support``, sorted by length then items.
    """
    _check_table(table)
    min_support = as_number(min_support, "min_support", 0, 1, low_open=True)
    n = len(table)
    found: dict[tuple[str, ...], int] = {}
    level = []
    for item in sorted(table.columns):
        count = int(table[item].sum())
        if count / n >= min_support - 1e-12:
            found[(item,)] = count
            level.append((item,))
    while level:
        candidates = []
        for first, second in combinations(level, 2):
            if first[:-1] == second[:-1]:
                candidate = tuple(sorted(set(first) | set(second)))
                subsets = combinations(candidate, len(candidate) - 1)
                if all(subset in found for subset in subsets):
                    candidates.append(candidate)
        level = []
        for candidate in sorted(set(candidates)):
            count = int(table[list(candidate)].all(axis=1).sum())
            if count / n >= min_support - 1e-12:
                found[candidate] = count
                level.append(candidate)
    rows = [{"itemset": items, "length": len(items), "count": count, "support": count / n}
            for items, count in found.items()]
    return pd.DataFrame(rows).sort_values(["length", "itemset"], ignore_index=True)


def mine_rules(table: pd.DataFrame, min_support: float, min_confidence: float = 0.0) -> pd.DataFrame:
    """All rules A ⇒ C with support ≥ `min_support` and confidence ≥ `min_confidence` (mlxtend).

    Parameters
    ----------
    table : pandas.DataFrame
        One-hot basket table from :func:`onehot`.
    min_support : float
        Minimum support of the whole rule (A ∪ C), in (0, 1].
    min_confidence : float
        Minimum confidence, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        Columns ``antecedent``, ``consequent`` (tuples of sorted items),
        ``support``, ``confidence`` and ``lift``, sorted by lift (highest
        first), then by the items, so the order is the same on every run.
        Empty (with those columns) when no rule qualifies.
    """
    _check_table(table)
    min_support = as_number(min_support, "min_support", 0, 1, low_open=True)
    min_confidence = as_number(min_confidence, "min_confidence", 0, 1)
    columns = ["antecedent", "consequent", "support", "confidence", "lift"]
    itemsets = apriori(table.astype(bool), min_support=min_support, use_colnames=True)
    if itemsets.empty or itemsets["itemsets"].map(len).max() < 2:
        return pd.DataFrame(columns=columns)
    rules = association_rules(itemsets, metric="confidence", min_threshold=min_confidence)
    if rules.empty:
        return pd.DataFrame(columns=columns)
    result = pd.DataFrame({
        "antecedent": rules["antecedents"].map(lambda s: tuple(sorted(s))),
        "consequent": rules["consequents"].map(lambda s: tuple(sorted(s))),
        "support": rules["support"].astype(float),
        "confidence": rules["confidence"].astype(float),
        "lift": rules["lift"].astype(float),
    })
    result["_a"] = result["antecedent"].map(format_itemset)
    result["_c"] = result["consequent"].map(format_itemset)
    result = result.sort_values(["lift", "_a", "_c"], ascending=[False, True, True], kind="stable")
    return result.drop(columns=["_a", "_c"]).reset_index(drop=True)


def format_itemset(itemset: Iterable[str]) -> str:
    """Write an itemset the textbook way with sorted items, e.g. ``{I1, I2}``."""
    return "{" + ", ".join(sorted(str(i) for i in itemset)) + "}"


def _itemset(items: Iterable[str], name: str) -> frozenset[str]:
    """Return `items` as a non-empty frozenset of strings (a lone string is one item)."""
    if isinstance(items, str):
        items = [items]
    try:
        result = frozenset(str(i) for i in items)
    except TypeError:
        raise ValueError(f"{name} must be an item name or a list of item names, got {items!r}") from None
    if not result:
        raise ValueError(f"{name} is empty; expected at least one item")
    return result


def _rule(antecedent: Iterable[str], consequent: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    a, c = _itemset(antecedent, "antecedent"), _itemset(consequent, "consequent")
    if a & c:
        raise ValueError(f"antecedent and consequent share {format_itemset(a & c)}; a rule needs disjoint itemsets")
    return a, c


def _check_table(table: pd.DataFrame) -> None:
    """A one-hot table: a non-empty DataFrame of booleans (or 0/1)."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"expected a one-hot basket table (DataFrame) from onehot(), got {type(table).__name__}")
    if table.empty:
        raise ValueError("the basket table is empty; expected at least one basket and one item")
    if table.isna().any().any():  # a nullable boolean table with pd.NA: "in the basket or not" is unknown
        raise ValueError(f"the basket table has {int(table.isna().sum().sum())} missing value(s) (pd.NA/NaN); every "
                         "cell must be True/False (or 1/0): build it with onehot()")
    values = table.to_numpy()
    if values.dtype != bool and not ((values == 0) | (values == 1)).all():
        raise ValueError("the basket table must hold True/False (or 1/0) only; build it with onehot()")
