"""Compare stored notebook outputs with fresh ones: text exactly, numbers to their last digit.

The rule of the notebook tests (``conftest.py``) and ``tools/execute.py --check``
(README, "How it is tested"): the text around the numbers is identical and each
pair of numbers differs by at most one unit of the last digit shown (a relative
1e-9 with an exponent), so that another CPU's rounding passes while a wrong
number, label or row fails.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _unit(token: str) -> float:
    """One unit of the last digit shown in `token` (0 for exponent notation)."""
    if "e" in token.lower():
        return 0.0
    _, _, decimals = token.partition(".")
    return 10.0 ** -len(decimals)


def numbers_close(reference: str, fresh: str) -> bool:
    """Whether `fresh` equals `reference` but for numbers off by one unit of their last digit.

    Examples
    --------
    >>> numbers_close("total 972.05 (n=12)", "total 972.04 (n=12)")
    True
    >>> numbers_close("total 972.05", "total 972.15")
    False
    >>> numbers_close("Champions", "Loyal")
    False
    """
    if reference == fresh:
        return True
    ref_parts, fresh_parts = NUMBER.split(reference), NUMBER.split(fresh)
    if ref_parts != fresh_parts:
        return False
    for a, b in zip(NUMBER.findall(reference), NUMBER.findall(fresh), strict=True):
        if a == b:
            continue
        x, y = float(a), float(b)
        unit = max(_unit(a), _unit(b))
        if abs(x - y) > unit * 1.000001 + 1e-9 * max(abs(x), abs(y)):
            return False
    return True


def align_numbers(reference: object, fresh: object) -> object:
    """`fresh` with every string that is :func:`numbers_close` to `reference` replaced by it.

    Walks strings, lists and dicts of the same shape (notebook outputs as
    nbformat stores them); anything else is returned unchanged, so an exact
    comparison afterwards fails only on real differences.
    """
    if isinstance(reference, str) and isinstance(fresh, str):
        return reference if numbers_close(reference, fresh) else fresh
    if isinstance(reference, list) and isinstance(fresh, list) and len(reference) == len(fresh):
        joined_ref, joined_fresh = "".join(map(str, reference)), "".join(map(str, fresh))
        if all(isinstance(x, str) for x in reference + fresh) and numbers_close(joined_ref, joined_fresh):
            return reference
        return [align_numbers(r, f) for r, f in zip(reference, fresh, strict=True)]
    if isinstance(reference, dict) and isinstance(fresh, dict):
        aligned = type(fresh)(fresh)
        for key in fresh:
            if key in reference:
                aligned[key] = align_numbers(reference[key], fresh[key])
        return aligned
    return fresh
