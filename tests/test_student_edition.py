"""tools/student_edition.py: no solution and no verdict in any edition; personal data per student.

The rules are checked on a tiny notebook and on the structure of every
chapter's edition; one chapter (00, the shortest) is also run top to bottom as
a student would, where every check must say "not yet". Running every chapter
again here would only repeat the notebook tests.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.check import NUMERIC_FORMS, get_exercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["'](\d+\.\d+)["']\s*,\s*(answer_\d+_\d+)\s*\)""")


def _tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def _tool():
    spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student_edition = _tool()


def _check_ids(nb) -> list[str]:
    return [m.group(1) for c in nb.cells if c.cell_type == "code" for m in CHECK_CALL.finditer(c.source)]


def _printed(nb) -> str:
    """Every output text of `nb` (streams, plain text, HTML, markdown)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(output.get("data", {}).get(kind, "")) for kind in ("text/plain", "text/html", "text/markdown")]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition of every notebook present, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("student")
    written = student_edition.build(NOTEBOOKS, out)
    return {path.name: nbformat.read(path, as_version=4) for path in written}, out


def _tiny_notebook():
    """Prose with a stored output and one exercise whose solution and check show the answer."""
    worked = new_code_cell("x = 1\nx", execution_count=1, outputs=[new_output("execute_result", {"text/plain": "1"}, execution_count=1)])
    answer = new_code_cell("answer_9_1 = None  # your answer here", execution_count=3)
    solution = new_code_cell("answer_9_1 = 42\nanswer_9_1", execution_count=4,
                             metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}},
                             outputs=[new_output("execute_result", {"text/plain": "42"}, execution_count=4)])
    checked = new_code_cell('check("9.1", answer_9_1)', execution_count=5, metadata={"tags": ["check"]},
                            outputs=[new_output("stream", text="✓ Exercise 9.1: correct.\n")])
    cells = [new_markdown_cell("# T"), worked, new_markdown_cell("## Exercises\n### Exercise 9.1"), answer, solution, checked]
    return new_notebook(cells=cells)


def test_student_notebook_rules_on_a_tiny_notebook():
    nb = _tiny_notebook()
    student = student_edition.student_notebook(nb)
    assert [c.source for c in student.cells] == [c.source for i, c in enumerate(nb.cells) if i != 4]
    worked, checked = student.cells[1], student.cells[4]
    assert worked.outputs and worked.execution_count == 1  # prose outputs are kept
    assert checked.outputs == [] and checked.execution_count is None  # no verdict
    assert "42" not in _printed(student) and "✓" not in _printed(student)
    assert len(nb.cells) == 6 and nb.cells[5].outputs, "the input notebook must not change"


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
def test_no_solution_no_verdict_and_no_answer_value(edition, path):
    """Issue 11: the student edition reveals no answer: no solution cell, no ✓, no key value."""
    notebooks, _ = edition
    original = nbformat.read(path, as_version=4)
    student = notebooks[path.name]
    assert not any(_tagged(c, "solution") for c in student.cells)
    assert len(student.cells) == len(original.cells) - sum(_tagged(c, "solution") for c in original.cells)
    assert all(not c.get("outputs") for c in student.cells if _tagged(c, "check"))
    printed = _printed(student)
    assert "✓" not in printed
    start = next((i for i, c in enumerate(student.cells) if c.source.startswith("## Exercises")), len(student.cells))
    exercise_outputs = _printed(nbformat.v4.new_notebook(cells=student.cells[start:]))
    for exercise_id in _check_ids(student):
        exercise = get_exercise(exercise_id)
        value = exercise.expected()
        if exercise.form in NUMERIC_FORMS and not isinstance(value, bool) and math.isfinite(float(value)):
            assert f"{float(value):.{exercise.decimals or 0}f}" not in exercise_outputs, exercise_id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_keeps_its_answer_and_check_cells(edition, path):
    notebooks, _ = edition
    original_ids = _check_ids(nbformat.read(path, as_version=4))
    student = notebooks[path.name]
    assert _check_ids(student) == original_ids
    sources = [c.source for c in student.cells if c.cell_type == "code"]
    for exercise_id in original_ids:
        variable = "answer_" + exercise_id.replace(".", "_")
        assert any(re.search(rf"^{variable}\s*=\s*None\b", s, re.M) for s in sources), f"{variable} = None missing"


@pytest.mark.slow
def test_student_edition_of_chapter_00_runs_and_every_check_says_not_yet(edition, monkeypatch):
    """Runs the shortest chapter in a fresh kernel, as a student would (no CRM_STRICT)."""
    monkeypatch.delenv("CRM_STRICT", raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    _, out = edition
    nb = nbformat.read(out / "notebooks" / "00_start_here.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(out / "notebooks")}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    checks = [c for c in nb.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]
    assert checks
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "not yet" in printed and "✓" not in printed, f"{cell.source!r} printed {printed!r}"
        assert not [o for o in cell.outputs if o.output_type == "execute_result"], "a check shows only its message"


# --------------------------------------------------------------------------
# Personal editions (make student ROSTER=...)
# --------------------------------------------------------------------------


def test_roster_reads_ids_of_any_script(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student\n2024001\n张伟\n\n李娜 \n", encoding="utf-8-sig")
    assert student_edition.read_roster(roster) == ["2024001", "张伟", "李娜"]


@pytest.mark.parametrize(("text", "message"), [
    ("", "lists no student ids"), ("a\nb\na\n", "more than once: a"), ("ok\n../etc\n", "cannot be folder names"),
])
def test_bad_rosters_are_refused(tmp_path, text, message):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        student_edition.read_roster(roster)
    with pytest.raises(FileNotFoundError, match="roster not found"):
        student_edition.read_roster(tmp_path / "missing.csv")


@pytest.mark.slow
def test_personal_editions_give_each_student_other_answers(tmp_path, monkeypatch):
    """Two students' editions: own data beside the notebooks, found by load(); personal keys differ."""
    from helpers.data import data_owner, load

    chapter_00 = [ROOT / "notebooks" / "00_start_here.ipynb"]
    for student in ("2024001", "张伟"):
        student_edition.build(chapter_00, tmp_path / student, student=student)
        marker = json.loads((tmp_path / student / "data" / "student.json").read_text(encoding="utf-8"))
        assert marker == {"student": student}
    shared = load("transactions")
    answers = {}
    for student in ("2024001", "张伟"):
        monkeypatch.chdir(tmp_path / student / "notebooks")  # where a kernel of that edition runs
        assert data_owner() == student
        mine = load("transactions")
        assert list(mine.columns) == list(shared.columns) and not mine.equals(shared)
        assert len(load("cdnow")) == 6919  # the real data stay shared
        answers[student] = [get_exercise(f"1.{n}").expected() for n in range(1, 30)
                            if _personal("1", n)]
    monkeypatch.chdir(ROOT)
    assert data_owner() is None
    assert answers["2024001"] != answers["张伟"], "personal exercises must differ between students"


def _personal(chapter: str, number: int) -> bool:
    try:
        exercise = get_exercise(f"{chapter}.{number}")
    except KeyError:
        return False
    return exercise.personal and exercise.form in NUMERIC_FORMS
