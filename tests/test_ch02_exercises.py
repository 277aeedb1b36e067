"""Chapter 02's exercises: every exercise in the notebook has an answer key entry, and back."""

import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import compare
from helpers.exercises.ch02 import EXERCISES

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "02_customer_value.ipynb"


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def exercise_ids(notebook):
    ids = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            ids += re.findall(r"^### Exercise (\d+\.\d+)", cell.source, flags=re.M)
    return ids


def test_at_least_eight_exercises_all_with_keys(notebook):
    ids = exercise_ids(notebook)
    assert len(ids) >= 8
    assert sorted(ids) == sorted(EXERCISES), "notebook exercises and answer key differ"


def test_each_exercise_has_student_solution_and_check_cells(notebook):
    sources = [cell.source for cell in notebook.cells]
    for ident in EXERCISES:
        name = "answer_" + ident.replace(".", "_")
        assert f"{name} = None  # your answer here" in sources
        assert f'check("{ident}", {name})' in sources
        solutions = [cell for cell in notebook.cells
                     if "solution" in cell.metadata.get("tags", []) and f"{name} =" in cell.source]
        assert len(solutions) == 1, f"exercise {ident} needs exactly one solution cell"
        assert solutions[0].metadata.get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("ident", sorted(EXERCISES))
def test_expected_answers_compute_and_match_themselves(ident):
    expected = EXERCISES[ident].expected()
    assert expected is not None
    ok, _ = compare(expected, expected)
    assert ok
