"""helpers.check: answers are compared fairly, hints are helpful, and a wrong answer never raises."""

import sys

import numpy as np
import pandas as pd
import pytest

from helpers.check import CheckFailed, Exercise, check, compare


@pytest.fixture(autouse=True)
def lenient(monkeypatch):
    monkeypatch.delenv("CRM_STRICT", raising=False)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (0.3333, 1 / 3),
        (np.float64(2.0), 2),
        ("  Partnership ", "partnership"),
        ({"b", "a"}, {"A", "B"}),
        (["a", "b"], {"a", "b"}),
        ([1.0, 2.0], (1, 2)),
        ({"x": 1.0}, {"x": 1}),
        (True, True),
        (pd.Series([1.0, 2.0], index=["b", "a"]), pd.Series([2.0, 1.0], index=["a", "b"])),
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"v": [1.0, 2.0]})),
    ],
)
def test_right_answers_match(answer, expected):
    ok, _ = compare(answer, expected)
    assert ok


@pytest.mark.parametrize(
    ("answer", "expected", "hint"),
    [
        (0.5, 0.25, "too high"),
        (25.0, 0.25, "100 times too large"),
        ("abc", 1.0, "Expected a number"),
        (float("nan"), 1.0, "NaN"),
        ({"a"}, {"a", "b"}, "missing 1 item"),
        ([1, 2, 3], [1, 2], "Expected 2 values"),
        (1, True, "True or False"),
        (pd.DataFrame({"v": [1]}), pd.DataFrame({"v": [1, 2]}), "shape"),
    ],
)
def test_wrong_answers_get_a_hint(answer, expected, hint):
    ok, detail = compare(answer, expected)
    assert not ok and hint in detail


def test_check_prints_and_never_raises(capsys, monkeypatch):
    key = {"9.1": Exercise(expected=lambda: 42, hint="count again", explanation="The answer to everything.")}
    # `helpers.check` the attribute is the function; the module is in sys.modules.
    monkeypatch.setattr(sys.modules["helpers.check"], "get_exercise", lambda exercise_id: key[exercise_id])
    assert check("9.1", 42) is True
    assert "✓ Exercise 9.1: correct. The answer to everything." in capsys.readouterr().out
    assert check("9.1", 41) is False
    assert "Hint: count again" in capsys.readouterr().out
    assert check("9.1", None) is False
    assert "not yet answered" in capsys.readouterr().out
    assert check("9.1", object()) is False


def test_unknown_exercise_is_reported_not_raised(capsys):
    assert check("banana", 1) is False
    assert "should look like '1.3'" in capsys.readouterr().out
    assert check("99.1", 1) is False
    assert "no exercises for chapter 99" in capsys.readouterr().out


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("CRM_STRICT", "1")
    with pytest.raises(CheckFailed, match="not yet answered"):
        check("1.1", None)
