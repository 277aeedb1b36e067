"""Chapter 04's answer key against its notebook.

Every exercise of the notebook must have a key entry (and the other way
round), follow the cell layout of CONTRIBUTING.md, and every key's
``expected()`` must run. Exercises with a published or hand-worked answer are
checked against it.
"""

import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import compare
from helpers.datasets import mining
from helpers.exercises.ch04 import EXERCISES

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "04_data_mining.ipynb"


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


def test_every_code_cell_was_executed(cells):
    """A never-run cell is never compared by nbval: the stored notebook must be fully executed."""
    unrun = [i for i, c in enumerate(cells) if c.cell_type == "code" and c.source.strip()
             and c.get("execution_count") is None]
    assert not unrun


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_expected_runs(exercise_id):
    exercise = EXERCISES[exercise_id]
    value = exercise.expected()
    assert value is not None
    assert exercise.hint
    ok, _ = compare(value, value, exercise.rtol, exercise.atol)
    assert ok


def test_published_and_planted_answers():
    """4.5: Han, Kamber & Pei (2012), Figure 6.2: the frequent 3-itemsets at min_sup count 2 are
    {I1, I2, I3} and {I1, I2, I5}. 4.3 and 4.4: the planted counts of helpers.datasets.mining."""
    assert EXERCISES["4.5"].expected() == {("I1", "I2", "I3"), ("I1", "I2", "I5")}
    assert EXERCISES["4.3"].expected() == mining.N_DUPLICATES
    assert EXERCISES["4.4"].expected() == mining.N_NEGATIVE_AMOUNT + mining.N_FILLER_AMOUNT


def test_data_answers_are_plausible():
    """The data answers lie where the chapter's text says they do."""
    assert 0.02 < EXERCISES["4.6"].expected() < 0.04
    assert EXERCISES["4.7"].expected() > 3
    assert 0.25 < EXERCISES["4.9"].expected() <= 1 / 3 + 0.01
    assert EXERCISES["4.2"].expected() == "East"


def test_multiple_choice_key_is_letters():
    answer = EXERCISES["4.11"].expected()
    assert isinstance(answer, set) and answer <= set("ABCDEF")
