"""The Kano model (卡诺模型): which features delight, which are simply expected.

Each respondent answers two questions per feature:

- functional: "How do you feel if the product *has* this feature?"
- dysfunctional: "How do you feel if it does *not* have it?"

each on the five answers 1 = like, 2 = must-be (expect it), 3 = neutral,
4 = live with, 5 = dislike. The pair is looked up in the Kano evaluation
table (:data:`EVALUATION_TABLE`) and gives one category:

====  ===========================  ========================
code  category                     lecture term
====  ===========================  ========================
A     attractive                   迷人质量要素 (魅力质量)
O     one-dimensional              期望质量要素 (一元质量)
M     must-be                      当然质量要素 (必备质量)
I     indifferent                  无关质量要素
R     reverse                      反向质量要素
Q     questionable (contradictory) 可疑结果
====  ===========================  ========================

:func:`kano_summary` counts the categories per feature, picks the dominant
one and adds Berger et al.'s Better / Worse coefficients (:func:`coefficients`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.validation import require_columns, require_complete

ANSWERS: dict[int, str] = {1: "like", 2: "must-be", 3: "neutral", 4: "live with", 5: "dislike"}
"""The five answers of a Kano question and their codes."""

CATEGORIES: dict[str, str] = {
    "A": "attractive", "O": "one-dimensional", "M": "must-be",
    "I": "indifferent", "R": "reverse", "Q": "questionable",
}
"""Category code -> English name."""

_TABLE_ROWS = {
    # functional answer: categories for dysfunctional answers 1..5
    1: "QAAAO",
    2: "RIIIM",
    3: "RIIIM",
    4: "RIIIM",
    5: "RRRRQ",
}
EVALUATION_TABLE: dict[tuple[int, int], str] = {
    (functional, dysfunctional): row[dysfunctional - 1]
    for functional, row in _TABLE_ROWS.items()
    for dysfunctional in range(1, 6)
}
"""The Kano evaluation table: ``(functional, dysfunctional) -> category``
(Kano et al. 1984; Berger et al. 1993, Center for Quality of Management
Journal 2(4), table 1)."""

TIE_BREAK = ("M", "O", "A", "I", "R", "Q")
"""Order that decides a tie for the dominant category: "if in doubt, M > O > A > I"
(Berger et al. 1993), then the rarely dominant R and Q."""


def classify(functional: int, dysfunctional: int) -> str:
    """Classify one answer pair with the Kano evaluation table.

    Parameters
    ----------
    functional, dysfunctional : int
        The answers to the functional and dysfunctional question, each coded
        1 = like, 2 = must-be, 3 = neutral, 4 = live with, 5 = dislike.

    Returns
    -------
    str
        One of ``"A" "O" "M" "I" "R" "Q"``.

    Examples
    --------
    >>> classify(1, 5), classify(1, 3), classify(3, 5), classify(3, 3)
    ('O', 'A', 'M', 'I')
    """
    return EVALUATION_TABLE[(_answer(functional, "functional"), _answer(dysfunctional, "dysfunctional"))]


def classify_many(functional: Any, dysfunctional: Any) -> np.ndarray:
    """Classify many answer pairs at once (two equally long sequences of codes 1–5)."""
    f = np.asarray(functional)
    d = np.asarray(dysfunctional)
    if f.ndim != 1 or f.shape != d.shape:
        raise ValueError(f"functional and dysfunctional must be two equally long 1-D sequences, got shapes {f.shape} and {d.shape}")
    return np.array([classify(a, b) for a, b in zip(f.tolist(), d.tolist(), strict=True)], dtype=object)


def coefficients(counts: Mapping[str, int]) -> tuple[float, float]:
    """Better and Worse coefficients of one feature (Berger et al. 1993; Timko 1993).

    ``better = (A + O) / (A + O + M + I)``: how much satisfaction rises when the
    feature is there; ``worse = −(O + M) / (A + O + M + I)``: how much it falls
    when the feature is missing. Reverse and questionable answers are left out.

    Parameters
    ----------
    counts : mapping
        Category code -> number of respondents, e.g. ``{"A": 30, "O": 20, "M": 10, "I": 40}``;
        missing codes count as 0.

    Returns
    -------
    (float, float)
        ``(better, worse)``, better in [0, 1], worse in [−1, 0].

    Examples
    --------
    >>> coefficients({"A": 30, "O": 20, "M": 10, "I": 40})
    (0.5, -0.3)
    """
    if not isinstance(counts, Mapping):
        raise ValueError(f"counts must be a mapping such as {{'A': 30, 'O': 20}}, got {type(counts).__name__}")
    unknown = sorted(str(key) for key in counts if key not in CATEGORIES)
    if unknown:
        raise ValueError(f"unknown Kano categories {unknown}; expected codes from {list(CATEGORIES)}")
    values = {}
    for code in CATEGORIES:
        value = counts.get(code, 0)
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not np.isfinite(value) or value < 0:
            raise ValueError(f"the count of {code!r} must be a non-negative number, got {value!r}")
        values[code] = float(value)
    total = values["A"] + values["O"] + values["M"] + values["I"]
    if total == 0:
        raise ValueError("A + O + M + I is 0: no usable answers for this feature, Better/Worse are undefined")
    better = (values["A"] + values["O"]) / total
    worse = -(values["O"] + values["M"]) / total
    return better, worse


def dominant(counts: Mapping[str, int]) -> str:
    """The most frequent category; a tie goes to the first in :data:`TIE_BREAK` (M > O > A > I)."""
    top = max(counts.get(code, 0) for code in TIE_BREAK)
    if top <= 0:
        raise ValueError("no answers to count: every category count is 0")
    return next(code for code in TIE_BREAK if counts.get(code, 0) == top)


def kano_summary(survey: pd.DataFrame, feature: str = "feature", functional: str = "functional",
                 dysfunctional: str = "dysfunctional") -> pd.DataFrame:
    """Count the Kano categories per feature and add Better / Worse.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent and feature, with the feature's name and the
        two answers coded 1–5.
    feature, functional, dysfunctional : str
        The column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by feature (in order of first appearance): the counts ``A O M I R Q``,
        ``n`` (answers), ``category`` (dominant code, ties broken M > O > A > I),
        ``better`` and ``worse``.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If an answer is not a whole number from 1 to 5.
    """
    require_columns(survey, [feature, functional, dysfunctional], "survey")
    require_complete(survey, [feature], "survey")
    for column in (functional, dysfunctional):
        values = pd.to_numeric(survey[column], errors="coerce")
        bad = values.isna() | ~values.isin([1, 2, 3, 4, 5])
        if bad.any():
            example = survey[column][bad].tolist()[0]
            raise ValueError(f"column {column!r} has {int(bad.sum())} answer(s) that are not codes 1–5, e.g. {example!r}")
    categories = classify_many(survey[functional].astype(int), survey[dysfunctional].astype(int))
    frame = pd.DataFrame({"feature": survey[feature].to_numpy(), "category": categories})
    order = list(dict.fromkeys(frame["feature"]))
    counts = pd.crosstab(frame["feature"], frame["category"]).reindex(index=order, columns=list(CATEGORIES), fill_value=0)
    rows = []
    for name, row in counts.iterrows():
        tally = {code: int(row[code]) for code in CATEGORIES}
        if tally["A"] + tally["O"] + tally["M"] + tally["I"] == 0:
            raise ValueError(f"feature {name!r} has only reverse or questionable answers; "
                             "Better/Worse are undefined (check how its answers were coded)")
        better, worse = coefficients(tally)
        rows.append({**tally, "n": sum(tally.values()), "category": dominant(tally), "better": better, "worse": worse})
    summary = pd.DataFrame(rows, index=pd.Index(order, name=feature))
    return summary


def _answer(value: Any, name: str) -> int:
    """Check one answer code 1–5."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)) \
            or value not in (1, 2, 3, 4, 5):
        raise ValueError(f"{name} answer must be a code 1–5 (1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike), got {value!r}")
    return int(value)
