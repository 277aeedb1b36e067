"""Chapter 03's answer key against its notebook.

Every exercise of the notebook must have a key entry (and the other way
round), follow the cell layout of CONTRIBUTING.md, and every key's
``expected()`` must run and land where the chapter's text says it does.
"""

import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import compare
from helpers.exercises.ch03 import EXERCISES
from helpers.servqual import DIMENSIONS

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "03_satisfaction_loyalty.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_every_exercise_has_a_key_and_every_key_an_exercise(cells):
    ids = [found for cell in cells if cell.cell_type == "code"
           for found in re.findall(r'check\("(\d+\.\d+)"', cell.source)]
    assert len(ids) == len(set(ids)), "an exercise is checked twice"
    assert sorted(ids) == sorted(EXERCISES)
    assert len(EXERCISES) >= 8


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


def test_widget_cell_is_ignored_and_followed_by_a_static_call(cells):
    widget = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "gap_widget(sq)" in c.source)
    assert "nbval-ignore-output" in cells[widget].metadata.get("tags", [])
    static = next(c for c in cells[widget + 1:] if c.cell_type == "code")
    assert "plot_gap_report" in static.source


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_expected_runs(exercise_id):
    exercise = EXERCISES[exercise_id]
    value = exercise.expected()
    assert value is not None
    assert exercise.hint
    ok, _ = compare(value, value, exercise.rtol, exercise.atol)
    assert ok


def test_answers_are_where_the_text_says():
    """The planted effects: shortfalls, the ACSI bias, Jones & Sasser's affection zone."""
    assert -0.6 < EXERCISES["3.1"].expected() < -0.3
    assert 1 <= EXERCISES["3.2"].expected() <= 22
    assert EXERCISES["3.3"].expected() in DIMENSIONS
    assert EXERCISES["3.4"].expected() < 0
    assert 0 < EXERCISES["3.5"].expected() < 100
    assert EXERCISES["3.6"].expected() > 0.10 + 0.05  # well above the true path without brand image
    assert EXERCISES["3.8"].expected() > 0.7
