"""Chapter 01's answer key against its notebook.

Every exercise of the notebook must have a key entry (and the other way
round), follow the cell layout of CONTRIBUTING.md, and every key's
``expected()`` must run. The exercises with a number worked by hand are
checked against it.
"""

import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import compare
from helpers.exercises.ch01 import EXERCISES

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_relationship_marketing.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _checked_ids(cells) -> list[str]:
    ids = []
    for cell in cells:
        if cell.cell_type == "code":
            ids += re.findall(r'check\("(\d+\.\d+)"', cell.source)
    return ids


def test_every_exercise_has_a_key_and_every_key_an_exercise(cells):
    ids = _checked_ids(cells)
    assert len(ids) == len(set(ids)), "an exercise is checked twice"
    assert sorted(ids) == sorted(EXERCISES)
    assert len(EXERCISES) >= 6


def test_exercise_cell_layout(cells):
    """CONTRIBUTING.md: heading, student cell, hidden solution cell, check cell."""
    for exercise_id in EXERCISES:
        var = "answer_" + exercise_id.replace(".", "_")
        heading = next(i for i, c in enumerate(cells)
                       if c.cell_type == "markdown" and c.source.startswith(f"### Exercise {exercise_id}"))
        student, solution, checker = cells[heading + 1: heading + 4]
        assert student.source.strip() == f"{var} = None  # your answer here"
        assert "solution" in solution.metadata.get("tags", [])
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True
        assert re.search(rf"^{var} = ", solution.source, re.M)
        assert checker.source.strip() == f'check("{exercise_id}", {var})'


def test_exercises_come_last(cells):
    headings = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert cells[headings[-1]].source.startswith("## Exercises")


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_expected_runs(exercise_id):
    exercise = EXERCISES[exercise_id]
    value = exercise.expected()
    assert value is not None
    assert exercise.hint
    ok, _ = compare(value, value, exercise.rtol, exercise.atol)
    assert ok


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
