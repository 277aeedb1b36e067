"""tools/grade.py (make grade): a class of three graded end to end, and the grader's rules.

The class (issue 11): one student's chapter 00 computes every answer with the
course's key, one leaves every answer at None as the student edition does, one
hands in two notebooks that raise in their third cell; a notebook that loops
forever is graded on its own with a short deadline. The notebooks are a few
cells each (issue 10: the chapters themselves are run by the notebook tests,
not again here).
"""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


grade = _tool("grade")


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# mine"), *(new_code_cell(source) for source in sources)])


def _answer(exercise_id: str) -> str:
    return "answer_" + exercise_id.replace(".", "_")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    submissions = base / "submissions"
    key00 = grade.chapter_key("00")
    notebooks = {
        "ada/00_start_here.ipynb": _notebook("from helpers.exercises.ch00 import EXERCISES", *(
            f"{_answer(e)} = EXERCISES[{e!r}].expected()" for e in key00)),
        "bo/00_start_here.ipynb": _notebook(*(f"{_answer(e)} = None  # your answer here" for e in key00)),
        "张伟/00_start_here.ipynb": _notebook("x = 1", "raise RuntimeError('a student bug')", "answer_0_1 = x"),
        "张伟/01_relationship_marketing.ipynb": _notebook("answer_1_1 = {'B'}", "answer_1_2 = 1 / 0"),
    }
    for name, nb in notebooks.items():
        (submissions / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, submissions / name)
    # 60 s for a whole notebook: a kernel start and `import helpers` take up to ~15 s on a saturated 2-core machine
    gradebook = grade.grade(submissions, timeout=60, out=base / "grades", chapters=["00", "01"])
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
    assert zhang["ch00 status"] == "failed at cell 3" and zhang["ch01 status"] == "failed at cell 3"
    # answers computed before the error still count
    assert zhang["1.1"] == str(int(grade.judge(grade.chapter_key("01")["1.1"], {"B"})[0]))


@pytest.mark.slow
def test_a_notebook_that_never_ends_is_stopped_at_the_deadline(tmp_path):
    """The cell running at the deadline is interrupted; the answers computed before it still count.

    No course import, so a kernel starts well within the 30 s even on a saturated machine.
    """
    (tmp_path / "class" / "dan").mkdir(parents=True)
    nbformat.write(_notebook("answer_1_1 = {'B'}", "import time\nwhile True:  # forever, without burning a core\n"
                             "    time.sleep(0.5)"), tmp_path / "class" / "dan" / "01_relationship_marketing.ipynb")
    gradebook = grade.grade(tmp_path / "class", timeout=30, out=tmp_path / "grades", chapters=["01"])
    with gradebook.open(encoding="utf-8-sig") as handle:
        dan = next(csv.DictReader(handle))
    assert dan["ch01 status"] == "timed out at cell 3"
    assert dan["1.1"] == str(int(grade.judge(grade.chapter_key("01")["1.1"], {"B"})[0]))
    assert "timed out" in (tmp_path / "grades" / "dan" / "feedback.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_feedback_says_each_verdict(graded):
    _, _, out = graded
    feedback = (out / "bo" / "feedback.md").read_text(encoding="utf-8")
    assert "# Feedback for bo" in feedback and "not answered" in feedback
    assert "✓ correct" in (out / "ada" / "feedback.md").read_text(encoding="utf-8")
    assert "failed at cell 3" in (out / "张伟" / "feedback.md").read_text(encoding="utf-8")


def test_answers_leave_the_kernel_as_plain_values(capsys):
    """An object that fakes equality is read as what it is, not as the answer it claims to equal;
    sets, numpy values and pandas objects come back as such."""

    class Liar:
        def __eq__(self, other):
            return True

    class LyingFloat(float):
        def __eq__(self, other):
            return True

    series = pd.Series([1.5, 2.25], index=["a", "b"])
    kernel = {"answer_9_1": Liar(), "answer_9_2": {"B", "D"}, "answer_9_3": np.float64(0.25), "answer_9_4": [1, "a"],
              "answer_9_5": series, "answer_9_6": {("x", 1)}, "answer_9_7": LyingFloat(0.1), "answer_9_8": np.array([1, 2]),
              "answer_9_9": {(1, 2): 3}, "other": 1}
    exec(grade.EXPORT_ANSWERS, kernel)  # noqa: S102
    answers = grade.read_answers(capsys.readouterr().out)
    assert sorted(answers) == [f"answer_9_{n}" for n in range(1, 10)]
    assert answers["answer_9_1"] != 0.5 and answers["answer_9_9"] != {(1, 2): 3}  # unreadable: equal to nothing
    assert answers["answer_9_2"] == {"B", "D"} and answers["answer_9_6"] == {("x", 1)}
    assert answers["answer_9_3"] == 0.25 and answers["answer_9_4"] == [1, "a"] and answers["answer_9_8"] == [1, 2]
    assert type(answers["answer_9_7"]) is float and answers["answer_9_7"] != 0.5
    pd.testing.assert_series_equal(answers["answer_9_5"], series, check_names=False)


@pytest.mark.slow
def test_grading_works_where_an_event_loop_runs(tmp_path):
    """grade() called from a running asyncio loop (a notebook's kernel, a browser test) still grades."""
    (tmp_path / "class" / "ada").mkdir(parents=True)
    nbformat.write(new_notebook(cells=[new_code_cell("answer_0_1 = None")]),
                   tmp_path / "class" / "ada" / "00_start_here.ipynb")

    async def from_a_loop():
        return grade.grade(tmp_path / "class", timeout=300, out=tmp_path / "grades", chapters=["00"])

    # asyncio.run in a thread of its own: this process may already run a loop (a browser test's)
    with ThreadPoolExecutor(max_workers=1) as thread:
        gradebook = thread.submit(asyncio.run, from_a_loop()).result()
    assert "ok" in gradebook.read_text(encoding="utf-8-sig")


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
