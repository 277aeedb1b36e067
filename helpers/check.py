"""Self-checking exercises.

Every chapter ends with exercises. A student writes an answer into a variable
and calls :func:`check` with the exercise number::

    check("1.3", answer_1_3)

which prints ``✓`` and a short explanation when the answer is right, or what
is wrong and a hint when it is not. It never raises, so a wrong answer never
stops a notebook, unless the environment variable ``CRM_STRICT=1`` is set: the
test suite sets it so that every stored solution must pass its check.

The answer key lives in ``helpers/exercises/chNN.py``: a dictionary
``EXERCISES`` of :class:`Exercise` objects keyed by ``"N.M"``. Each exercise
declares the *form* of its answer and, for numbers, the number of decimals
the task asks for:

=========  ====================================  =====================================
form       what the student gives                how it is judged
=========  ====================================  =====================================
share      a number between 0 and 1              right to ``decimals`` (or finer)
percent    a number between 0 and 100            right to ``decimals`` (or finer)
number     any number (a lift, a CR, an index)   right to ``decimals`` (or finer)
money      an amount                             right to ``decimals`` (or finer)
count      a whole number                        exactly
id         an identifier (item, account, k)      right or wrong
choice     a letter or a set of letters          right or wrong (missing / extra said)
set        a set of names                        right or wrong (missing / extra said)
text       a word or a term                      case and spaces ignored
bool       True or False                         right or wrong
table      a Series or DataFrame                 every number right to ``decimals``
=========  ====================================  =====================================

An answer right to fewer decimals than asked gets "close — give N decimals";
a percentage where a share was asked (or the reverse) and each declared
:class:`Mistake` get their own message. Hints come in two steps: the first
wrong try says where to look, the next says how.
"""

from __future__ import annotations

import importlib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

NUMERIC_FORMS = ("share", "percent", "number", "money", "count")
FORMS = (*NUMERIC_FORMS, "id", "choice", "set", "text", "bool", "table")
KINDS = ("write", "apply", "decide", "diagnose", "interpret")


@dataclass(frozen=True)
class Mistake:
    """A wrong answer that a common mistake produces, and what to tell the student.

    Parameters
    ----------
    wrong : callable or value
        The wrong answer, or a zero-argument function computing it from the data.
    message : str
        What went wrong, e.g. "That is the share of orders, not of customers."
    """

    wrong: Any
    message: str

    def value(self) -> Any:
        """The wrong answer (calling `wrong` if it is a function)."""
        return self.wrong() if callable(self.wrong) else self.wrong


@dataclass(frozen=True)
class Exercise:
    """One exercise of the answer key.

    Parameters
    ----------
    expected : callable
        Returns the right answer, computed from the data when called (so the
        key never drifts from the data and works on a personal dataset).
    form : str
        The form of the answer, one of :data:`FORMS` (see the module docstring).
    decimals : int, optional
        Decimals the task asks for (numeric forms and tables). ``None`` keeps
        the old relative tolerance `rtol`.
    hints : tuple of str
        First where to look, then how; the first wrong try shows the first.
    explanation : str
        One sentence printed with the ✓.
    mistakes : tuple of Mistake
        Wrong answers that common mistakes give, each with its own message.
    accept : tuple
        Further answers counted as right (a term's variant, another spelling).
    stars : int
        Difficulty, 1 to 3 (★ … ★★★).
    kind : str
        One of :data:`KINDS`: write (it yourself), apply, decide, diagnose, interpret.
    personal : bool
        Whether the answer depends on the synthetic data, and so differs
        between students' personal datasets.
    hint : str
        A single hint (older keys); used when `hints` is empty.
    rtol, atol : float
        Tolerances for numbers when `decimals` is ``None``.
    """

    expected: Callable[[], Any]
    form: str = "number"
    decimals: int | None = None
    hints: tuple[str, ...] = ()
    explanation: str = ""
    mistakes: tuple[Mistake, ...] = ()
    accept: tuple[Any, ...] = ()
    stars: int = 1
    kind: str = "apply"
    personal: bool = True
    hint: str = ""
    rtol: float = 1e-3
    atol: float = 1e-9

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}; got {self.form!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if self.stars not in (1, 2, 3):
            raise ValueError(f"stars must be 1, 2 or 3; got {self.stars!r}")
        if self.decimals is not None and (not isinstance(self.decimals, int) or self.decimals < 0):
            raise ValueError(f"decimals must be a whole number >= 0 or None; got {self.decimals!r}")

    @property
    def all_hints(self) -> tuple[str, ...]:
        """The hints in the order they are shown."""
        return self.hints or ((self.hint,) if self.hint else ())


class CheckFailed(AssertionError):
    """Raised by :func:`check` instead of printing a hint when ``CRM_STRICT=1``."""


class Verdict(int):
    """What :func:`check` returns: true for a right answer, false otherwise.

    It behaves as ``True``/``False`` (``if check(...)``, ``check(...) == True``)
    but shows nothing as a cell's last value: the check cell shows only the
    message :func:`check` printed.
    """

    def __repr__(self) -> str:
        return repr(bool(self))

    def _ipython_display_(self) -> None:
        """Display nothing: the message was printed already."""


_tries: dict[str, int] = {}
"""Wrong tries per exercise in this session: picks which hint to show."""


def check(exercise_id: str, answer: Any) -> Verdict:
    """Tell whether `answer` solves exercise `exercise_id`, and print why.

    Parameters
    ----------
    exercise_id : str
        The exercise number as printed in the notebook, e.g. ``"1.3"``.
    answer : object
        The student's answer in the form the task asks for.

    Returns
    -------
    Verdict
        True when the answer is right (it compares equal to ``True``).
        A message is printed either way; nothing else is displayed.
    """
    try:
        exercise = get_exercise(exercise_id)
    except KeyError as error:
        return _verdict(False, str(error.args[0]))
    if answer is None or answer is Ellipsis:
        return _verdict(False, f"Exercise {exercise_id}: not yet answered. Replace None with your answer.")
    ok, detail = judge(exercise, answer)
    if ok:
        _tries.pop(exercise_id, None)
        message = f"✓ Exercise {exercise_id}: correct."
        if exercise.explanation:
            message += f" {exercise.explanation}"
        return _verdict(True, message)
    _tries[exercise_id] = _tries.get(exercise_id, 0) + 1
    return _verdict(False, f"✗ Exercise {exercise_id}: not yet. {detail}{_hint(exercise, _tries[exercise_id])}")


def _hint(exercise: Exercise, tries: int) -> str:
    hints = exercise.all_hints
    if not hints:
        return ""
    step = min(tries, len(hints)) - 1
    more = " (Try again: the next hint says how.)" if step < len(hints) - 1 else ""
    return f" Hint: {hints[step]}{more}"


def judge(exercise: Exercise, answer: Any) -> tuple[bool, str]:
    """Judge `answer` against the key of `exercise` without printing.

    Returns
    -------
    (bool, str)
        Whether it is right, and a sentence saying what is wrong (empty when right).
        A student's odd answer never raises: it is reported as not comparable.
    """
    try:
        expected = exercise.expected()
        if exercise.form == "count" or (exercise.form in NUMERIC_FORMS and exercise.decimals is not None):
            return _judge_number(exercise, answer, expected)
        if exercise.form == "table" and exercise.decimals is not None:
            return _judge_table(exercise, answer, expected)
        if exercise.form in ("id", "text", "choice"):
            ok, detail = _judge_label(exercise.form, answer, expected, exercise.accept)
        else:
            ok, detail = compare(answer, expected, rtol=exercise.rtol, atol=exercise.atol)
        if not ok:
            for accepted in exercise.accept:
                if compare(answer, accepted, rtol=exercise.rtol, atol=exercise.atol)[0]:
                    return True, ""
            for mistake in exercise.mistakes:
                if compare(answer, mistake.value(), rtol=exercise.rtol, atol=exercise.atol)[0]:
                    return False, mistake.message
        return ok, detail
    except Exception as error:  # a student's odd answer must never crash the check
        return False, f"Could not compare your answer ({type(error).__name__}: {error})."


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


def _verdict(ok: bool, message: str) -> Verdict:
    """Print `message`; in strict mode raise instead of reporting a failure."""
    if not ok and os.environ.get("CRM_STRICT") == "1":
        raise CheckFailed(message)
    print(message)
    return Verdict(ok)


# --------------------------------------------------------------------------
# Numbers at a stated precision
# --------------------------------------------------------------------------


def _as_number(answer: Any) -> float:
    """The answer as a float, or ValueError saying what it is instead."""
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).ravel()[0]
    if isinstance(answer, (bool, np.bool_, str)) or answer is None:
        raise ValueError(f"expected a number, got {type(answer).__name__}")
    try:
        return float(answer)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {type(answer).__name__}") from None


def decimals_of(value: float) -> int:
    """How many decimals `value` is written with (``0.24`` → 2, ``972.0`` → 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def matches(value: float, expected: float, decimals: int) -> bool:
    """Whether `value` equals `expected` to `decimals` decimals (or is more precise)."""
    tolerance = 0.5 * 10.0 ** -decimals
    return abs(value - expected) <= tolerance * (1 + 1e-9) + 1e-12 * max(1.0, abs(expected))


def _judge_number(exercise: Exercise, answer: Any, expected: Any) -> tuple[bool, str]:
    decimals = 0 if exercise.form == "count" else int(exercise.decimals or 0)
    try:
        value = _as_number(answer)
    except ValueError as error:
        return False, f"Give a number: {error}."
    if math.isnan(value):
        return False, "Your answer is NaN: check for missing values or an empty selection."
    if math.isinf(value):
        return False, "Your answer is infinite: check for a division by zero."
    want = float(expected)
    if exercise.form == "count" and value != round(value):
        return False, "Give a whole number (a count)."
    if matches(value, want, decimals):
        return True, ""
    for accepted in exercise.accept:
        if matches(value, float(accepted), decimals):
            return True, ""
    # A mistake matched at the full precision first: 0.490 (the float 0.49) is a mistake's 0.490,
    # not a right 0.493 given to 2 decimals.
    wrongs = [(float(mistake.value()), mistake.message) for mistake in exercise.mistakes]
    for wrong, message in wrongs:
        if matches(value, wrong, decimals):
            return False, message
    given = decimals_of(value)
    if given < decimals and matches(value, want, given):
        return False, f"Close — give {decimals} decimals."
    for wrong, message in wrongs:
        if given < decimals and matches(value, wrong, given):
            return False, message
    if exercise.form == "share" and want != 0 and matches(value, want * 100, max(decimals - 2, 0)):
        return False, "That looks like a percentage: give a share between 0 and 1 (0.25, not 25)."
    if exercise.form == "percent" and want != 0 and matches(value * 100, want, decimals):
        return False, "That looks like a share: this one is asked in percent (25, not 0.25)."
    if want != 0 and matches(-value, want, decimals):
        return False, "The sign is wrong."
    direction = "too high" if value > want else "too low"
    return False, f"{value:g} is {direction}."


def _judge_table(exercise: Exercise, answer: Any, expected: Any) -> tuple[bool, str]:
    """Tables at a stated precision: every cell right to `decimals`, judged like a number.

    The accepted answers and the mistakes are compared at the same precision,
    and a table right only to fewer decimals than asked is "close".
    """
    decimals = int(exercise.decimals or 0)

    def close(want: Any, places: int) -> bool:
        return compare(answer, want, rtol=0.0, atol=0.5 * 10.0 ** -places * (1 + 1e-9))[0]

    ok, detail = compare(answer, expected, rtol=0.0, atol=0.5 * 10.0 ** -decimals * (1 + 1e-9))
    if ok or any(close(accepted, decimals) for accepted in exercise.accept):
        return True, ""
    frame = answer.to_frame() if isinstance(answer, pd.Series) else answer
    values = frame.select_dtypes("number").to_numpy(dtype=float).ravel() if isinstance(frame, pd.DataFrame) else []
    given = max((decimals_of(v) for v in values if np.isfinite(v)), default=decimals)
    if given < decimals and close(expected, given):
        return False, f"Close — give {decimals} decimals in every cell."
    for mistake in exercise.mistakes:
        wrong = mistake.value()
        if close(wrong, decimals) or (given < decimals and close(wrong, given)):
            return False, mistake.message
    return False, detail


def _judge_label(form: str, answer: Any, expected: Any, accept: tuple[Any, ...]) -> tuple[bool, str]:
    """Ids, choices and text: right or wrong, never 'too low'."""
    if form == "choice":
        got, want = _letters(answer), _letters(expected)
        if got == want or any(got == _letters(other) for other in accept):
            return True, ""
        if isinstance(expected, str):
            return False, "That is not the right choice."
        missing, extra = len(want - got), len(got - want)
        parts = ([f"misses {missing} right choice(s)"] if missing else []) + (
            [f"has {extra} choice(s) that do not belong"] if extra else [])
        return False, "Your set " + " and ".join(parts) + "."
    got = _label(answer)
    if got == _label(expected) or any(got == _label(other) for other in accept):
        return True, ""
    return False, "That is not the right one." if form == "id" else "That is not the expected answer."


def _letters(answer: Any) -> frozenset[str]:
    items = [answer] if isinstance(answer, str) else list(answer)
    return frozenset(str(item).strip().upper() for item in items)


def _label(value: Any) -> str:
    """An id or a word, normalised: 3, 3.0 and '3' agree; case and spaces are ignored."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value).strip().lower()


# --------------------------------------------------------------------------
# General comparison (tables, sets, dicts, sequences)
# --------------------------------------------------------------------------


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
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return False, "Expected True or False."
        return bool(answer) == bool(expected), "That is the wrong way round."
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
    try:
        value = _as_number(answer)
    except ValueError:
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
