"""Chapter 01's answer key: hand-worked answers and plausible data answers.

The layout and completeness of every chapter's exercises are tested in
``tests/test_exercises.py``.
"""

import pytest

from helpers.exercises.ch01 import EXERCISES


def test_hand_worked_answers():
    """1.2: 2,000 customers (medium), 8% margin (low) → reactive (Kotler's grid).
    1.4: 200 · 0.85 / (1 + 0.12 − 0.85) = 170 / 0.27 = 629.63.
    1.5: CLV(0.90)/CLV(0.85) − 1 at d = 0.08: (0.90/0.18) / (0.85/0.23) − 1 = 5 / 3.6957 − 1 = 0.35294."""
    assert EXERCISES["1.2"].expected() == "reactive"
    assert EXERCISES["1.4"].expected() == pytest.approx(170 / 0.27)
    assert EXERCISES["1.5"].expected() == pytest.approx(5 / (0.85 / 0.23) - 1)


def test_data_answers_are_plausible():
    """The data answers lie where the chapter's text says they do."""
    assert 0.15 < EXERCISES["1.3"].expected() < 0.35
    assert 0.6 < EXERCISES["1.6"].expected() < 0.75
    assert 0.6 < EXERCISES["1.7"].expected() < 0.8


def test_multiple_choice_keys_are_letters():
    for exercise_id in ("1.1", "1.8"):
        answer = EXERCISES[exercise_id].expected()
        assert isinstance(answer, set) and answer <= set("ABCDEF")
