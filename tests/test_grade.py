"""tools/grade.py (make grade): a class of three graded end to end, and the grader's rules.

The class (issue 11): one student submitted the solutions, one the blank
student edition, one a notebook that raises in its third cell and another that
loops forever. Chapter 00, the shortest, keeps the run affordable.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_00 = ROOT / "notebooks" / "00_start_here.ipynb"


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


grade = _tool("grade")
student_edition = _tool("student_edition")


def _raising_in_third_cell() -> nbformat.NotebookNode:
    """The stored chapter 00 with its third cell replaced by one that raises."""
    nb = nbformat.read(CHAPTER_00, as_version=4)
    nb.cells[2] = new_code_cell("raise RuntimeError('a student bug')")
    return nb


def _loop_forever() -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# mine"), new_code_cell("answer_1_1 = {'B'}"),
                               new_code_cell("import time\nwhile True:  # forever, without burning a core\n    time.sleep(0.5)")])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    submissions = base / "submissions"
    (submissions / "ada").mkdir(parents=True)
    shutil.copyfile(CHAPTER_00, submissions / "ada" / "00_start_here.ipynb")
    (submissions / "bo").mkdir()
    student_edition.build([CHAPTER_00], base / "blank")
    shutil.copyfile(base / "blank" / "notebooks" / "00_start_here.ipynb", submissions / "bo" / "00_start_here.ipynb")
    (submissions / "张伟").mkdir()
    nbformat.write(_raising_in_third_cell(), submissions / "张伟" / "00_start_here.ipynb")
    nbformat.write(_loop_forever(), submissions / "张伟" / "01_relationship_marketing.ipynb")
    gradebook = grade.grade(submissions, timeout=90, out=base / "grades", chapters=["00", "01"])
    with gradebook.open(encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return gradebook, rows, base / "grades"


@pytest.mark.slow
def test_gradebook_has_the_right_marks_and_statuses(graded):
    gradebook, rows, _ = graded
    assert gradebook.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    key00 = sorted(grade.chapter_key("00"))
    assert set(rows) == {"ada", "bo", "张伟"}
    ada, bo, zhang = rows["ada"], rows["bo"], rows["张伟"]
    assert all(ada[e] == "1" for e in key00) and ada["ch00 total"] == str(len(key00))
    assert ada["ch00 status"] == "ok" and ada["ch01 status"] == "missing"
    assert all(bo[e] == "0" for e in key00) and bo["ch00 status"] == "ok"
    assert zhang["ch00 status"] == "failed at cell 3"
    assert zhang["ch01 status"].startswith("timed out")
    # answers computed before the loop still count
    assert zhang["1.1"] == str(int(grade.judge(grade.chapter_key("01")["1.1"], {"B"})[0]))


@pytest.mark.slow
def test_feedback_says_each_verdict(graded):
    _, _, out = graded
    feedback = (out / "bo" / "feedback.md").read_text(encoding="utf-8")
    assert "# Feedback for bo" in feedback and "not answered" in feedback
    assert "✓ correct" in (out / "ada" / "feedback.md").read_text(encoding="utf-8")
    assert "timed out" in (out / "张伟" / "feedback.md").read_text(encoding="utf-8")


def test_answers_leave_the_kernel_as_plain_values():
    """An object that fakes equality is read as what it is, not as the answer it claims to equal."""
    namespace: dict = {}
    exec(compile(grade.EXPORT_ANSWERS.replace("print(", "_out = ("), "<export>", "exec"), namespace)  # noqa: S102
    plain = namespace["_crm_plain"]

    class Liar:
        def __eq__(self, other):
            return True

    assert grade.from_plain(plain(Liar())) != 0.5
    assert grade.from_plain(plain({"B", "D"})) == {"B", "D"}
    assert grade.from_plain(plain(0.25)) == 0.25
    assert grade.from_plain(json.loads(json.dumps(plain([1, "a"])))) == [1.0, "a"]


def test_bad_class_folders_get_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="submissions folder not found"):
        grade.grade(tmp_path / "nope")
    with pytest.raises(ValueError, match="no student folders"):
        grade.grade(tmp_path)
    with pytest.raises(ValueError, match="timeout must be a positive"):
        grade.grade(tmp_path, timeout=0)


def test_unreadable_and_unrecognised_notebooks_are_reported_per_student(tmp_path):
    (tmp_path / "s1").mkdir()
    (tmp_path / "s1" / "00_start_here.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "s1" / "homework.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "s2").mkdir()
    gradebook = grade.grade(tmp_path, out=tmp_path / "out", chapters=["00"])
    with gradebook.open(encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert rows["s1"]["ch00 status"] == "unreadable" and rows["s2"]["ch00 status"] == "missing"
    feedback = (tmp_path / "out" / "s1" / "feedback.md").read_text(encoding="utf-8")
    assert "not a valid notebook" in feedback and "homework.ipynb: not a chapter notebook" in feedback
    assert "no chapter notebooks found" in (tmp_path / "out" / "s2" / "feedback.md").read_text(encoding="utf-8")
