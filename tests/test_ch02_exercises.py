"""Chapter 02's answer key: hand-worked values, and answers where the chapter's text says they are.

The layout and completeness of every chapter's exercises are tested in
``tests/test_exercises.py``; the corrected chapter numbers (holdout error,
P(alive), RFM ties, cost-efficiency grading) in ``test_clv.py``, ``test_rfm.py``
and ``test_value_ch02.py``.
"""

import subprocess
import sys

import numpy as np
import pytest

from helpers.exercises.ch02 import EXERCISES, PARTNER_MATRIX


@pytest.mark.slow  # a fresh Python process
def test_the_answer_key_does_not_import_ipywidgets():
    code = "import sys, helpers.exercises.ch02; print('ipywidgets' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_hand_worked_values():
    assert EXERCISES["2.4"].expected() == (70 + 25 + 10 + 15) - (74 + 10 + 5 + 4)
    # CLV = m r / (1 + d - r): 120·0.8/0.3 - 120·0.75/0.35
    assert EXERCISES["2.5"].expected() == pytest.approx(320 - 257.142857, abs=1e-5)


def test_geometric_weights_and_cr_by_hand():
    """Saaty's geometric-mean (方根法) weights and CR = CI / RI(5), RI(5) = 1.12."""
    matrix = np.array(PARTNER_MATRIX)
    roots = matrix.prod(axis=1) ** (1 / 5)
    weights = roots / roots.sum()
    cr = (np.mean(matrix @ weights / weights) - 5) / 4 / 1.12
    assert EXERCISES["2.8"].expected() == pytest.approx(weights[1])
    assert EXERCISES["2.9"].expected() == pytest.approx(cr)
    assert EXERCISES["2.9"].expected() < 0.1


def test_p_alive_of_the_profile_by_hand():
    """FHL (2008) P(alive) at the published CDNOW estimates, x = 4, t_x = 20, T = 38."""
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    odds = a / (b + 4 - 1) * ((alpha + 38) / (alpha + 20)) ** (r + 4)
    assert EXERCISES["2.6"].expected() == pytest.approx(1 / (1 + odds), abs=2e-3)


def test_decisions_land_where_the_text_says():
    assert 0 < EXERCISES["2.7"].expected() < 2357
    assert EXERCISES["2.7"].mistakes[0].value() > EXERCISES["2.7"].expected()
    assert EXERCISES["2.1"].expected() > 0.5 > -EXERCISES["2.2"].expected()   # attractive: high Better, low |Worse|
    assert 60 <= EXERCISES["2.12"].expected() <= 100
    assert len(EXERCISES["2.13"].expected()) >= 1


def test_ahp_method_mistakes_are_told_apart():
    """Exercise 2.8 asks for the geometric method; the sum and eigenvector weights of reliability
    differ from it at the third decimal (0.490, 0.496 against 0.492) and get their own message.
    (A float 0.490 is 0.49, which `check` reads as two decimals: "close"; hence 4 decimals here.)"""
    from helpers.check import judge

    expected = round(EXERCISES["2.8"].expected(), 3)
    wrong = {round(m.value(), 3) for m in EXERCISES["2.8"].mistakes}
    assert len(wrong) == 2 and expected not in wrong
    for mistake in EXERCISES["2.8"].mistakes:
        ok, message = judge(EXERCISES["2.8"], round(mistake.value(), 4))
        assert not ok and "方根法" in message


def test_exercise_kinds_match_their_tasks():
    # 2.13 asks whose grade changes (apply); 2.5 and 2.7 ask for a decision backed by a number
    assert EXERCISES["2.13"].kind == "apply"
    assert {key for key, exercise in EXERCISES.items() if exercise.kind == "decide"} == {"2.5", "2.7"}
