"""tools/student_edition.py: no solution and no verdict in any edition; personal data per student.

The rules are checked on a tiny notebook and on the structure of every
chapter's edition, without running a chapter (issue 10: the notebook tests run
each chapter once): every exercise keeps its task, its ``answer_N_M = None``
cell and a check cell without verdict; no kept cell needs a name that only a
removed solution defined; and every check of every key answers an unanswered
exercise with "not yet answered", in process.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.check import NUMERIC_FORMS, Verdict, check, get_exercise

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
def test_each_exercise_keeps_its_task_answer_and_check_cells(edition, path):
    """In order: the task (### Exercise N.M), a cell setting answer_N_M = None, the check cell."""
    notebooks, _ = edition
    original_ids = _check_ids(nbformat.read(path, as_version=4))
    cells = notebooks[path.name].cells
    assert _check_ids(notebooks[path.name]) == original_ids
    for exercise_id in original_ids:
        variable = "answer_" + exercise_id.replace(".", "_")
        checking = next(i for i, c in enumerate(cells) if _tagged(c, "check") and _check_ids(new_notebook(cells=[c])) == [exercise_id])
        answer = max(i for i, c in enumerate(cells[:checking]) if c.cell_type == "code")
        assert re.search(rf"^{variable}\s*=\s*None\b", cells[answer].source, re.M), f"{variable} = None missing"
        assert any(c.cell_type == "markdown" and f"### Exercise {exercise_id} " in c.source for c in cells[:answer])


def _names(source: str) -> tuple[set[str], set[str]]:
    """The names a cell defines and the names it reads."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    defined, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.ExceptHandler)) and node.name:
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return defined, read


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_kept_cell_needs_a_removed_solution(edition, path):
    """What made the old run of the edition fail: a later cell reading a name only a solution defined."""
    notebooks, _ = edition
    solutions = [c for c in nbformat.read(path, as_version=4).cells if _tagged(c, "solution")]
    kept = [_names(c.source) for c in notebooks[path.name].cells if c.cell_type == "code"]
    only_in_solutions = set().union(*(_names(c.source)[0] for c in solutions)) - set().union(*(d for d, _ in kept))
    assert not only_in_solutions & set().union(*(r for _, r in kept))


def test_every_check_says_not_yet_to_an_unanswered_exercise(capsys, monkeypatch):
    """What a student sees running the edition: check("N.M", None) for every exercise of every key."""
    monkeypatch.delenv("CRM_STRICT", raising=False)
    for key in sorted((ROOT / "helpers" / "exercises").glob("ch*.py")):
        for exercise_id in importlib.import_module(f"helpers.exercises.{key.stem}").EXERCISES:
            verdict = check(exercise_id, None)
            printed = capsys.readouterr().out
            assert not verdict and f"Exercise {exercise_id}: not yet answered" in printed and "✓" not in printed
            assert isinstance(verdict, Verdict) and verdict._ipython_display_() is None  # a check shows only its message
            assert capsys.readouterr().out == ""


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
    """One student's edition: own data beside the notebooks, found by load(), other keys than the course's;
    a second student's seed gives other data again (generated in memory: one edition is enough)."""
    from helpers.data import data_owner, load
    from helpers.datasets import personal_seed, retail

    student_edition.build([ROOT / "notebooks" / "00_start_here.ipynb"], tmp_path, student="2024001")
    assert json.loads((tmp_path / "data" / "student.json").read_text(encoding="utf-8")) == {"student": "2024001"}
    shared = load("transactions")
    course_answers = _personal_answers()
    monkeypatch.chdir(tmp_path / "notebooks")  # where a kernel of that edition runs
    assert data_owner() == "2024001"
    mine = load("transactions")
    assert list(mine.columns) == list(shared.columns) and not mine.equals(shared)
    assert len(load("cdnow")) == 6919  # the real data stay shared
    assert _personal_answers() != course_answers, "personal exercises must differ from the course's"
    other = retail.generate(personal_seed(retail.SEED, "张伟"))["transactions"]
    assert len({round(frame["amount"].sum(), 2) for frame in (shared, mine, other)}) == 3
    monkeypatch.chdir(ROOT)
    assert data_owner() is None


def _personal_answers() -> list:
    return [get_exercise(f"1.{n}").expected() for n in range(1, 30) if _personal("1", n)]


def _personal(chapter: str, number: int) -> bool:
    try:
        exercise = get_exercise(f"{chapter}.{number}")
    except KeyError:
        return False
    return exercise.personal and exercise.form in NUMERIC_FORMS
