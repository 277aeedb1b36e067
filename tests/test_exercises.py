"""Every chapter's exercises against its answer key (helpers/exercises/chNN.py).

For each chapter notebook: every exercise has a key entry and every key an
exercise; each follows the cell layout of CONTRIBUTING.md (task heading,
student cell, hidden solution cell, check cell); the exercises come last; and
every key's ``expected()`` runs and gives a value its own check accepts.
Chapter-specific answers are tested in ``tests/test_chNN_exercises.py``.
"""

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import compare

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("0[1-9]_*.ipynb"))


def answer_key(path: Path) -> dict:
    return importlib.import_module(f"helpers.exercises.ch{path.name[:2]}").EXERCISES


def all_exercises() -> list[tuple[str, str]]:
    return [(path.name[:2], exercise_id) for path in NOTEBOOKS for exercise_id in sorted(answer_key(path))]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def chapter(request):
    return nbformat.read(request.param, as_version=4).cells, answer_key(request.param)


def test_every_exercise_has_a_key_and_every_key_an_exercise(chapter):
    cells, key = chapter
    ids = [found for cell in cells if cell.cell_type == "code"
           for found in re.findall(r'check\("(\d+\.\d+)"', cell.source)]
    assert len(ids) == len(set(ids)), "an exercise is checked twice"
    assert sorted(ids) == sorted(key)


def test_exercise_cell_layout(chapter):
    """CONTRIBUTING.md: heading, student cell, hidden solution cell, check cell."""
    cells, key = chapter
    for exercise_id in key:
        var = "answer_" + exercise_id.replace(".", "_")
        heading = next(i for i, c in enumerate(cells)
                       if c.cell_type == "markdown" and c.source.startswith(f"### Exercise {exercise_id}"))
        student, solution, checker = cells[heading + 1: heading + 4]
        assert student.source.strip() == f"{var} = None  # your answer here"
        assert "solution" in solution.metadata.get("tags", [])
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True
        assert re.search(rf"^{var} = ", solution.source, re.M)
        assert checker.source.strip() == f'check("{exercise_id}", {var})'


def test_exercises_come_last(chapter):
    cells, _ = chapter
    headings = [c for c in cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[-1].source.startswith("## Exercises")


@pytest.mark.parametrize(("chapter_number", "exercise_id"), all_exercises())
def test_expected_runs_and_passes_its_own_check(chapter_number, exercise_id):
    exercise = importlib.import_module(f"helpers.exercises.ch{chapter_number}").EXERCISES[exercise_id]
    value = exercise.expected()
    assert value is not None
    assert exercise.hint
    ok, _ = compare(value, value, exercise.rtol, exercise.atol)
    assert ok
