"""tools/student_edition.py: the student edition has no solutions, cleared exercise
outputs, every check cell, and runs top to bottom with each check printing "not yet".

Also checks, for every chapter notebook, that each exercise id it checks has an
entry in the answer key ``helpers/exercises/chNN.py``.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.check import get_exercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["'](\d+\.\d+)["']\s*,\s*(answer_\d+_\d+)\s*\)""")


def _tool():
    spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student_edition = _tool()


def _check_ids(nb) -> list[str]:
    return [m.group(1) for c in nb.cells if c.cell_type == "code" for m in CHECK_CALL.finditer(c.source)]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition of every notebook present, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("student")
    written = student_edition.build(NOTEBOOKS, out)
    return {path.name: nbformat.read(path, as_version=4) for path in written}, out


def _tiny_notebook():
    """Prose with a stored output, a stray check before the exercises, and one exercise."""
    worked = new_code_cell("x = 1\nx", execution_count=1, outputs=[new_output("execute_result", {"text/plain": "1"}, execution_count=1)])
    stray = new_code_cell('check("9.9", answer_9_9)', execution_count=2, outputs=[new_output("stream", text="✓\n")])
    answer = new_code_cell("answer_9_1 = None  # your answer here", execution_count=3)
    solution = new_code_cell("answer_9_1 = 42", execution_count=4, metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}})
    checked = new_code_cell('check("9.1", answer_9_1)', execution_count=5, outputs=[new_output("stream", text="✓ correct\n")])
    cells = [new_markdown_cell("# T"), worked, stray, new_markdown_cell("## Exercises\n### Exercise 9.1"), answer, solution, checked]
    return new_notebook(cells=cells)


def test_student_notebook_rules_on_a_tiny_notebook():
    nb = _tiny_notebook()
    student = student_edition.student_notebook(nb)
    sources = [c.source for c in student.cells]
    assert "answer_9_1 = 42" not in sources
    assert len(student.cells) == len(nb.cells) - 1
    worked, stray, answer, checked = (student.cells[i] for i in (1, 2, 4, 5))
    assert worked.outputs and worked.execution_count == 1  # prose outputs are kept
    assert stray.outputs == [] and stray.execution_count is None  # a check anywhere is cleared
    assert answer.execution_count is None and checked.outputs == []
    assert len(nb.cells) == 7 and nb.cells[6].outputs, "the input notebook must not change"


def test_build_rejects_bad_input(tmp_path):
    with pytest.raises(ValueError, match="no notebooks to convert"):
        student_edition.build([], tmp_path)
    with pytest.raises(FileNotFoundError, match="notebook not found"):
        student_edition.build([tmp_path / "missing.ipynb"], tmp_path)
    with pytest.raises(ValueError, match="not a notebook"):
        student_edition.build([tmp_path / "notes.txt"], tmp_path)
    with pytest.raises(ValueError, match="expected a notebook"):
        student_edition.student_notebook(["not", "a", "notebook"])


def test_edition_folder_has_every_notebook_and_a_readme(edition):
    notebooks, out = edition
    assert sorted(notebooks) == [path.name for path in NOTEBOOKS]
    assert "make setup" in (out / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_and_exercise_outputs_cleared(edition, path):
    notebooks, _ = edition
    original = nbformat.read(path, as_version=4)
    student = notebooks[path.name]
    assert not any(student_edition.is_solution(c) for c in student.cells)
    n_solutions = sum(student_edition.is_solution(c) for c in original.cells)
    assert len(student.cells) == len(original.cells) - n_solutions
    start = student_edition.exercises_start(student)
    kept = [c for c in original.cells if not student_edition.is_solution(c)]
    for index, (cell, before) in enumerate(zip(student.cells, kept, strict=True)):
        assert cell.source == before.source
        if student_edition.is_exercise_cell(cell, index, start):
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} keeps its outputs"
        elif cell.cell_type == "code":
            assert cell.outputs == before.outputs, f"cell {index}: worked outputs must be kept"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_keeps_its_answer_and_check_cells(edition, path):
    notebooks, _ = edition
    original_ids = _check_ids(nbformat.read(path, as_version=4))
    student = notebooks[path.name]
    assert _check_ids(student) == original_ids
    sources = [c.source for c in student.cells if c.cell_type == "code"]
    for exercise_id in original_ids:
        variable = "answer_" + exercise_id.replace(".", "_")
        assert any(re.match(rf"{variable}\s*=\s*None\b", s) for s in sources), f"{variable} = None missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_checked_exercise_has_a_key_entry(path):
    for exercise_id in _check_ids(nbformat.read(path, as_version=4)):
        get_exercise(exercise_id)  # raises KeyError naming the missing id


def test_start_here_checks_exactly_its_key():
    from helpers.exercises.ch00 import EXERCISES

    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    assert sorted(_check_ids(nb)) == sorted(EXERCISES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_edition_runs_and_every_check_says_not_yet(edition, path, monkeypatch):
    """Runs the whole student notebook in a fresh kernel, as a student would (no CRM_STRICT)."""
    monkeypatch.delenv("CRM_STRICT", raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    _, out = edition
    nb = nbformat.read(out / "notebooks" / path.name, as_version=4)
    # Cell by cell rather than client.execute(), which first waits for a kernel_info reply.
    # Now and then a reply is noticed only when the wait times out (seen here: a stall of
    # exactly `timeout` seconds, then success), so the per-cell timeout is kept short.
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(out / "notebooks")}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    checks = [c for c in nb.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "not yet" in printed and "✓" not in printed, f"{cell.source!r} printed {printed!r}"
