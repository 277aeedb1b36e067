"""helpers.check: answers are compared fairly, hints are helpful, and a wrong answer never raises."""

import sys

import numpy as np
import pandas as pd
import pytest

from helpers.check import CheckFailed, Exercise, Mistake, Verdict, check, compare


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
    key = {"9.1": Exercise(expected=lambda: 42, form="count", hint="count again", explanation="The answer to everything.")}
    # `helpers.check` the attribute is the function; the module is in sys.modules.
    monkeypatch.setattr(sys.modules["helpers.check"], "get_exercise", lambda exercise_id: key[exercise_id])
    assert check("9.1", 42) == True  # noqa: E712 (a Verdict, shown as nothing)
    assert "✓ Exercise 9.1: correct. The answer to everything." in capsys.readouterr().out
    assert check("9.1", 41) == False  # noqa: E712
    assert "Hint: count again" in capsys.readouterr().out
    assert not check("9.1", None)
    assert "not yet answered" in capsys.readouterr().out
    assert not check("9.1", object())


def test_unknown_exercise_is_reported_not_raised(capsys):
    assert not check("banana", 1)
    assert "should look like '1.3'" in capsys.readouterr().out
    assert not check("99.1", 1)
    assert "no exercises for chapter 99" in capsys.readouterr().out


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("CRM_STRICT", "1")
    with pytest.raises(CheckFailed, match="not yet answered"):
        check("1.1", None)


# --------------------------------------------------------------------------
# Answer forms and precision (TEACHING.md §1: fair checks)
# --------------------------------------------------------------------------


def _with_key(monkeypatch, **fields):
    exercise = Exercise(**fields)
    monkeypatch.setattr(sys.modules["helpers.check"], "get_exercise", lambda exercise_id: exercise)
    sys.modules["helpers.check"]._tries.clear()
    return exercise


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (0.240, "right"), (0.24, "right"), (0.2404, "right"), (0.240437, "right"),  # right to 3 decimals or finer
        (0.2, "close — give 3 decimals"), (0.241, "too high"), (24.0, "percentage"),
        (24.04, "percentage"), (-0.240, "sign"), ("0.24", "Give a number"), (True, "Give a number"),
    ],
)
def test_share_to_three_decimals(monkeypatch, capsys, answer, verdict):
    """The lint's case: 0.24 is the January cohort's share (0.240437) to 3 decimals."""
    _with_key(monkeypatch, expected=lambda: 0.240437, form="share", decimals=3)
    ok = check("9.1", answer)
    printed = capsys.readouterr().out
    assert bool(ok) == (verdict == "right"), printed
    if verdict != "right":
        assert verdict.lower() in printed.lower()


@pytest.mark.parametrize(("expected", "answer"), [(-0.466148, -0.47), (0.0266667, 0.0267), (0.3026, 0.303),
                                                   (972.045456, 972.05)])
def test_correctly_rounded_answers_pass(monkeypatch, expected, answer):
    """The answers the issue found rejected (3.1, 4.6, 4.9) pass at the precision the task states."""
    decimals = len(repr(answer).split(".")[1])
    _with_key(monkeypatch, expected=lambda: expected, form="number", decimals=decimals)
    assert check("9.1", answer)


def test_more_decimals_pass_and_fewer_are_close(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 972.045456, form="money", decimals=2)
    assert check("9.1", 972.0455)
    assert not check("9.1", 972.0)
    assert "Close — give 2 decimals" in capsys.readouterr().out
    assert not check("9.1", 972.04)
    assert "too low" in capsys.readouterr().out


def test_percent_form_says_share_given(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 24.0437, form="percent", decimals=1)
    assert check("9.1", 24.0)
    assert not check("9.1", 0.24)
    assert "asked in percent" in capsys.readouterr().out


def test_counts_are_exact_whole_numbers(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 393, form="count")
    assert check("9.1", 393) and check("9.1", 393.0) and check("9.1", np.int64(393))
    assert not check("9.1", 392)
    assert not check("9.1", 393.4)
    assert "whole number" in capsys.readouterr().out


def test_ids_and_choices_are_right_or_wrong_never_too_low(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 12, form="id")
    assert check("9.1", "12") and check("9.1", 12.0)
    assert not check("9.1", 5)
    printed = capsys.readouterr().out
    assert "too low" not in printed and "not the right one" in printed
    _with_key(monkeypatch, expected=lambda: {"B", "D", "F"}, form="choice")
    assert check("9.1", {"b", "d", "f"}) and check("9.1", ["F", "D", "B"])
    assert not check("9.1", {"B", "D"})
    assert "misses 1 right choice" in capsys.readouterr().out


def test_text_accepts_declared_variants(monkeypatch):
    _with_key(monkeypatch, expected=lambda: "客户终生价值", form="text", accept=("客户终身价值",))
    assert check("9.1", " 客户终生价值 ") and check("9.1", "客户终身价值")
    assert not check("9.1", "客户价值")


def test_mistakes_get_their_own_message(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 0.31, form="share", decimals=2,
              mistakes=(Mistake(lambda: 0.69, "That is the share that stayed, not the share that left."),))
    assert not check("9.1", 0.69)
    assert "share that stayed" in capsys.readouterr().out


def test_a_mistake_written_with_a_trailing_zero_is_named_not_close(monkeypatch, capsys):
    # 0.490 typed is the float 0.49: it equals the mistake at 3 decimals, so it is the mistake, not "close".
    _with_key(monkeypatch, expected=lambda: 0.4931, form="share", decimals=3,
              mistakes=(Mistake(lambda: 0.4902, "That is the sum method."),))
    assert not check("9.1", 0.490)
    assert "sum method" in capsys.readouterr().out
    assert check("9.1", 0.493)
    capsys.readouterr()
    assert not check("9.1", 0.5)
    assert "Close" in capsys.readouterr().out


def test_hints_come_in_two_steps(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 7, form="count", hints=("Look at section 5.", "Use groupby then nunique."))
    check("9.1", 1)
    first = capsys.readouterr().out
    check("9.1", 2)
    second = capsys.readouterr().out
    assert "Look at section 5." in first and "next hint" in first
    assert "groupby then nunique" in second


def test_verdict_behaves_as_a_bool_and_displays_nothing():
    assert Verdict(True) and not Verdict(False)
    assert Verdict(True) == True and Verdict(False) == False  # noqa: E712
    assert repr(Verdict(True)) == "True"
    assert Verdict(True)._ipython_display_() is None


def test_table_form_compares_at_the_stated_decimals(monkeypatch):
    expected = pd.Series({"a": 0.1234, "b": 0.5678})
    _with_key(monkeypatch, expected=lambda: expected, form="table", decimals=2)
    assert check("9.1", pd.Series({"a": 0.12, "b": 0.57}))
    assert not check("9.1", pd.Series({"a": 0.13, "b": 0.57}))


def test_a_table_gets_close_and_mistake_messages_at_its_precision(monkeypatch, capsys):
    expected = pd.Series({"a": -0.1234, "b": 0.5678})
    _with_key(monkeypatch, expected=lambda: expected, form="table", decimals=3,
              mistakes=(Mistake(lambda: -expected, "Your gaps have the wrong sign."),))
    assert not check("9.1", expected.round(2))  # right, but to 2 decimals where 3 are asked
    assert "Close — give 3 decimals in every cell" in capsys.readouterr().out
    assert not check("9.1", (-expected).round(3))  # the mistake, rounded as the task asks
    assert "wrong sign" in capsys.readouterr().out
    assert not check("9.1", (-expected).round(2))
    assert "wrong sign" in capsys.readouterr().out
    assert not check("9.1", pd.Series({"a": -0.2, "b": 0.6}))  # one decimal, and wrong
    assert "Close" not in capsys.readouterr().out


@pytest.mark.parametrize("fields", [{"form": "fraction"}, {"kind": "guess"}, {"stars": 4}, {"decimals": -1}])
def test_a_malformed_key_is_refused(fields):
    with pytest.raises(ValueError, match=next(iter(fields))):
        Exercise(expected=lambda: 1, **fields)


def test_a_key_that_raises_is_reported_not_raised(monkeypatch, capsys):
    _with_key(monkeypatch, expected=lambda: 1 / 0, form="number", decimals=2)
    assert not check("9.1", 1.0)
    assert "ZeroDivisionError" in capsys.readouterr().out
