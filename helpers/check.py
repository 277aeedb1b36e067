"""Self-checking exercises.

Every chapter ends with exercises. A student writes an answer into a variable
and calls :func:`check` with the exercise number::

    check("1.3", answer_1_3)

which prints ``✓`` and a short explanation when the answer is right, or a hint
when it is not. It never raises, so a wrong answer never stops a notebook,
unless the environment variable ``CRM_STRICT=1`` is set: the test suite sets it
so that every stored solution must pass its check.

The answer key lives in ``helpers/exercises/chNN.py``: a dictionary
``EXERCISES`` of :class:`Exercise` objects keyed by ``"N.M"``.
"""

from __future__ import annotations

import importlib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Exercise:
    """One exercise of the answer key.

    Parameters
    ----------
    expected : callable
        Returns the right answer (computed from the data when called, so the
        key can never drift from the data).
    hint : str
        What to look at again when the answer is wrong.
    explanation : str
        One sentence printed with the ✓.
    rtol : float
        Relative tolerance for numbers.
    atol : float
        Absolute tolerance for numbers.
    """

    expected: Callable[[], Any]
    hint: str
    explanation: str = ""
    rtol: float = 1e-3
    atol: float = 1e-9


class CheckFailed(AssertionError):
    """Raised by :func:`check` instead of printing a hint when ``CRM_STRICT=1``."""


def check(exercise_id: str, answer: Any) -> bool:
    """Tell whether `answer` solves exercise `exercise_id`.

    Parameters
    ----------
    exercise_id : str
        The exercise number as printed in the notebook, e.g. ``"1.3"``.
    answer : object
        The student's answer: a number, a string, a list or set, a dict,
        a numpy array or a pandas object, as the exercise asks.

    Returns
    -------
    bool
        ``True`` when the answer is right. A message is printed either way.
    """
    try:
        exercise = get_exercise(exercise_id)
    except KeyError as error:
        return _verdict(False, str(error.args[0]))
    if answer is None or answer is Ellipsis:
        return _verdict(False, f"Exercise {exercise_id}: not yet answered. Replace None with your answer.")
    try:
        expected = exercise.expected()
        ok, detail = compare(answer, expected, rtol=exercise.rtol, atol=exercise.atol)
    except Exception as error:  # a student's odd answer must never crash the check
        ok, detail = False, f"could not compare your answer ({type(error).__name__}: {error})"
    if ok:
        message = f"✓ Exercise {exercise_id}: correct."
        if exercise.explanation:
            message += f" {exercise.explanation}"
        return _verdict(True, message)
    return _verdict(False, f"✗ Exercise {exercise_id}: not yet. {detail} Hint: {exercise.hint}")


def get_exercise(exercise_id: str) -> Exercise:
    """Return the :class:`Exercise` for an id such as ``"2.4"``.

    Raises
    ------
    KeyError
        If the id is malformed or there is no such exercise.
    """
    chapter, _, _ = str(exercise_id).partition(".")
    if not chapter.isdigit():
        raise KeyError(f"exercise id {exercise_id!r} should look like '1.3' (chapter.number)")
    try:
        module = importlib.import_module(f"helpers.exercises.ch{int(chapter):02d}")
    except ModuleNotFoundError:
        raise KeyError(f"there are no exercises for chapter {chapter}") from None
    exercises: Mapping[str, Exercise] = module.EXERCISES
    if exercise_id not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"no exercise {exercise_id!r}; chapter {chapter} has {known}")
    return exercises[exercise_id]


def _verdict(ok: bool, message: str) -> bool:
    """Print `message`; in strict mode raise instead of reporting a failure."""
    if not ok and os.environ.get("CRM_STRICT") == "1":
        raise CheckFailed(message)
    print(message)
    return ok


def compare(answer: Any, expected: Any, rtol: float = 1e-3, atol: float = 1e-9) -> tuple[bool, str]:
    """Compare an answer with the expected value.

    Numbers compare with tolerances, strings without regard to case or
    surrounding spaces, sets and dicts by content, sequences element by
    element, and pandas objects by their values (index order ignored for
    Series and DataFrames).

    Returns
    -------
    (bool, str)
        Whether they match, and a sentence describing the difference.
    """
    if isinstance(expected, pd.DataFrame):
        return _compare_frame(answer, expected, rtol, atol)
    if isinstance(expected, pd.Series):
        if not isinstance(answer, pd.Series):
            return False, "Expected a pandas Series."
        return _compare_frame(answer.to_frame("value"), expected.to_frame("value"), rtol, atol)
    if isinstance(expected, bool):
        if not isinstance(answer, (bool, np.bool_)):
            return False, "Expected True or False."
        return bool(answer) == expected, "That is the wrong way round."
    if isinstance(expected, (int, float, np.integer, np.floating)):
        return _compare_number(answer, float(expected), rtol, atol)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return False, f"Expected text (a str), got {type(answer).__name__}."
        return answer.strip().lower() == expected.strip().lower(), "That is not the expected answer."
    if isinstance(expected, (set, frozenset)):
        if not isinstance(answer, (set, frozenset, list, tuple)):
            return False, "Expected a set (or list) of items."
        got = {_normalise(item) for item in answer}
        want = {_normalise(item) for item in expected}
        missing, extra = sorted(map(str, want - got)), sorted(map(str, got - want))
        parts = ([f"missing {len(missing)} item(s)"] if missing else []) + (
            [f"{len(extra)} item(s) that do not belong"] if extra else []
        )
        return got == want, "Your set has " + " and ".join(parts) + "." if parts else ""
    if isinstance(expected, Mapping):
        if not isinstance(answer, Mapping):
            return False, "Expected a dict."
        if set(map(_normalise, answer)) != set(map(_normalise, expected)):
            return False, f"Expected the keys {sorted(map(str, expected))}."
        lookup = {_normalise(key): value for key, value in answer.items()}
        for key, value in expected.items():
            ok, detail = compare(lookup[_normalise(key)], value, rtol, atol)
            if not ok:
                return False, f"The value for {key!r} is off: {detail}"
        return True, ""
    if isinstance(expected, (list, tuple, np.ndarray)):
        got, want = list(np.asarray(answer, dtype=object).ravel()), list(np.asarray(expected, dtype=object).ravel())
        if len(got) != len(want):
            return False, f"Expected {len(want)} values, got {len(got)}."
        for position, (a, e) in enumerate(zip(got, want, strict=True)):
            ok, detail = compare(a, e, rtol, atol)
            if not ok:
                return False, f"Value number {position + 1} is off: {detail}"
        return True, ""
    return answer == expected, "That is not the expected answer."


def _compare_number(answer: Any, expected: float, rtol: float, atol: float) -> tuple[bool, str]:
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).ravel()[0]
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False, f"Expected a number, got {type(answer).__name__}."
    if math.isnan(value):
        return False, "Your answer is NaN: check for missing values or an empty selection."
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return True, ""
    if expected != 0 and math.isclose(value, expected * 100, rel_tol=rtol):
        return False, "Your answer is 100 times too large: give shares as fractions (0.25, not 25)."
    if expected != 0 and math.isclose(value * 100, expected, rel_tol=rtol):
        return False, "Your answer is 100 times too small: this one is asked in percent."
    direction = "too high" if value > expected else "too low"
    return False, f"{value:g} is {direction}."


def _compare_frame(answer: Any, expected: pd.DataFrame, rtol: float, atol: float) -> tuple[bool, str]:
    if not isinstance(answer, pd.DataFrame):
        return False, "Expected a pandas DataFrame."
    if answer.shape != expected.shape:
        return False, f"Expected shape {expected.shape}, got {answer.shape}."
    missing = [column for column in expected.columns if column not in answer.columns]
    if missing:
        return False, f"Missing column(s): {missing}."
    try:
        answer = answer.loc[expected.index, expected.columns]
    except KeyError:
        return False, "The row labels (index) differ from the expected ones."
    for column in expected.columns:
        want, got = expected[column], answer[column]
        if pd.api.types.is_numeric_dtype(want):
            if not pd.api.types.is_numeric_dtype(got):
                return False, f"Column {column!r} should hold numbers."
            if not np.allclose(got.to_numpy(float), want.to_numpy(float), rtol=rtol, atol=atol, equal_nan=True):
                return False, f"Column {column!r} has wrong values."
        elif not (got.astype(str).to_numpy() == want.astype(str).to_numpy()).all():
            return False, f"Column {column!r} has wrong values."
    return True, ""


def _normalise(item: Any) -> Any:
    """Make strings case-insensitive and iterables hashable for set comparison."""
    if isinstance(item, str):
        return item.strip().lower()
    if isinstance(item, (set, frozenset, list, tuple)):
        return frozenset(_normalise(x) for x in item)
    if isinstance(item, (np.integer, np.floating)):
        return item.item()
    return item
