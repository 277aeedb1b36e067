"""A bilingual (English / 中文) glossary of the course's terms.

The terms live in ``data/glossary.csv`` (columns ``english``, ``chinese``,
``definition``, ``chapter``), so ``load("glossary")`` gives the whole table.
:func:`glossary` looks a term up in either language::

    from helpers.glossary import glossary
    glossary("顾客忠诚")   # Chinese -> the English term and its definition
    glossary("loyalty")    # every term with "loyalty" in it
    glossary("CR")         # abbreviations work too: consistency ratio (CR)
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pandas as pd

from helpers.data import load

COLUMNS = ["english", "chinese", "definition", "chapter"]
"""The columns of ``data/glossary.csv``, in order."""


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The glossary table, read once per session."""
    table = load("glossary")
    missing = [column for column in COLUMNS if column not in table.columns]
    if missing:
        raise KeyError(f"data/glossary.csv lacks the column(s) {missing}; expected {COLUMNS}")
    return table[COLUMNS]


def _english_names(english: str) -> list[str]:
    """The names a row answers to exactly: the full term, and for
    ``"consistency ratio (CR)"`` also ``"consistency ratio"`` and ``"CR"``."""
    names = [english]
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", english)
    if match:
        names += [match.group(1), match.group(2)]
    return [name.strip().lower() for name in names]


def glossary(term: str) -> pd.DataFrame:
    """Look up a course term in English or Chinese.

    An exact match wins (English without regard to case, or the exact Chinese
    term, or an abbreviation such as ``"AHP"``); otherwise every term that
    contains `term` (case-insensitive) in English or Chinese is returned.

    Parameters
    ----------
    term : str
        An English or Chinese term or part of one, e.g. ``"loyalty"`` or
        ``"顾客忠诚"``.

    Returns
    -------
    pandas.DataFrame
        The matching rows, columns ``english``, ``chinese``, ``definition``,
        ``chapter``, numbered from 0.

    Raises
    ------
    ValueError
        If `term` is not a string or is empty.
    KeyError
        If nothing matches; the message suggests the closest terms.

    Examples
    --------
    >>> glossary("顾客忠诚")["english"].tolist()
    ['customer loyalty']
    """
    if not isinstance(term, str):
        raise ValueError(f"term must be a string such as 'loyalty' or '顾客忠诚', got {term!r}")
    wanted = term.strip()
    if not wanted:
        raise ValueError("term is empty: give an English or Chinese word, e.g. glossary('loyalty')")
    table = _table()
    key = wanted.lower()

    exact = table["english"].map(lambda english: key in _english_names(english)) | (table["chinese"] == wanted)
    if exact.any():
        return table.loc[exact].reset_index(drop=True)

    contains = table["english"].str.lower().str.contains(key, regex=False) | table["chinese"].str.contains(
        wanted, regex=False
    )
    if contains.any():
        return table.loc[contains].reset_index(drop=True)

    raise KeyError(f"no glossary term matches {wanted!r}; {_suggestions(wanted, table)}")


def _suggestions(wanted: str, table: pd.DataFrame) -> str:
    """A sentence naming the terms closest to `wanted` (difflib), or how to browse them all."""
    candidates = [*table["english"], *table["chinese"]]
    lowered = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(wanted.lower(), list(lowered), n=5, cutoff=0.5)
    if close:
        return "did you mean: " + ", ".join(repr(lowered[match]) for match in close) + "?"
    return "see every term with load('glossary')."
