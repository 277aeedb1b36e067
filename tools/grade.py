"""Grade a class: run each student's notebooks and score their answers against the key.

Usage: python tools/grade.py SUBMISSIONS [--roster FILE] [--timeout SECONDS] [--out DIR]
       (make grade SUBMISSIONS=folder [ROSTER=roster.csv] [TIMEOUT=600]; README, "For instructors")

Each notebook runs in a fresh kernel (nbclient; as many at once as the machine
has cores) in a temporary folder, with errors allowed and ``--timeout`` seconds
for the whole notebook: the cell running at the deadline is interrupted and the
cells after it get a second each. The answers (``answer_N_M``) are turned into
plain values inside the kernel and judged here with the course's key
(``helpers.exercises``), on the student's personal data with ``--roster``.
Out come ``DIR/gradebook.csv`` and ``DIR/<student>/feedback.md``.

Student code runs with the grader's rights: grade in a throw-away account or
container.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import io
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from kernel_client import PollingKernelManager  # noqa: E402
from student_edition import read_roster  # noqa: E402

from helpers.check import Exercise, judge  # noqa: E402

CHAPTER = re.compile(r"^(\d\d)_.*\.ipynb$")
DEFAULT_OUT = ROOT / "build" / "grades"
RESULT_MARK = "@@crm-grader-answers@@"

# Runs in the student's kernel after their notebook. Only JSON text leaves it: json.dumps writes
# the values of str, numbers, bool, None, lists and dicts (of subclasses too, as their base type);
# the hook tags sets and pandas objects, unpacks numpy values and marks anything else unreadable.
EXPORT_ANSWERS = r'''
def _crm_plain(value):
    kind = type(value).__name__
    if isinstance(value, (set, frozenset)):
        return {"@crm": "set", "items": list(value)}
    if kind in ("DataFrame", "Series"):
        frame = value.to_frame("value") if kind == "Series" else value
        return {"@crm": kind, "json": frame.to_json(orient="split", double_precision=15)}
    if type(value).__module__ == "numpy":
        return value.tolist()
    return {"@crm": "unreadable", "type": kind}

def _crm_json(value):
    import json
    try:
        return json.dumps(value, default=_crm_plain)
    except (TypeError, ValueError, RecursionError):  # dict keys that are not text, a loop, nesting too deep
        return json.dumps({"@crm": "unreadable", "type": type(value).__name__})

import json as _crm_module, re as _crm_re
print("@@crm-grader-answers@@" + _crm_module.dumps({_k: _crm_json(_v) for _k, _v in list(globals().items())
      if _crm_re.fullmatch(r"answer_\d+_\d+", _k)}))
'''


def read_answers(printed: str) -> dict[str, Any]:
    """The answers that :data:`EXPORT_ANSWERS` printed, as Python values (sets, DataFrames …)."""
    found = printed.rpartition(RESULT_MARK)[2].strip()
    exported = json.loads(found) if found else {}
    return {name: json.loads(text, object_hook=_untag) for name, text in exported.items()}


def _untag(plain: dict[str, Any]) -> Any:
    kind = plain.get("@crm")
    if kind == "set":
        return {_hashable(item) for item in plain["items"]}
    if kind in ("DataFrame", "Series"):
        frame = pd.read_json(io.StringIO(plain["json"]), orient="split")
        return frame["value"] if kind == "Series" else frame
    if kind == "unreadable":
        return SimpleNamespace(unreadable_type=plain["type"])  # equal to no answer
    return plain


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


@dataclass
class NotebookResult:
    """What running one notebook gave: a status and the answers read from it."""

    status: str
    answers: dict[str, Any] = field(default_factory=dict)


def _run(path: Path, timeout: float, data_dir: Path | None) -> NotebookResult:
    """Run the notebook at `path` in a fresh kernel and read its answers (the file is not changed)."""
    nb = nbformat.read(path, as_version=4)
    export = nbformat.v4.new_code_cell(EXPORT_ANSWERS)
    nb.cells.append(export)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("CRM_STRICT", None)
    if data_dir is not None:
        env["CRM_DATA_DIR"] = str(data_dir)
    deadline = time.monotonic() + timeout

    def time_left(cell: nbformat.NotebookNode) -> int:
        return 120 if cell is export else max(1, int(deadline - time.monotonic()))

    with tempfile.TemporaryDirectory(prefix="crm-grade-") as folder:
        client = NotebookClient(nb, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                                timeout_func=time_left, resources={"metadata": {"path": folder}},
                                kernel_manager_class=PollingKernelManager)
        try:  # a kernel that ignores the interrupt is shut down
            asyncio.run(asyncio.wait_for(client.async_execute(env=env), timeout + 240))
        except (TimeoutError, CellTimeoutError, DeadKernelError):
            return NotebookResult("kernel stopped answering")
    errors = [(index, output.ename) for index, cell in enumerate(nb.cells[:-1])
              for output in cell.get("outputs", []) if output.output_type == "error"]
    stopped = [index for index, name in errors if name == "KeyboardInterrupt"]
    status = (f"timed out at cell {stopped[0] + 1}" if stopped else
              f"failed at cell {errors[0][0] + 1}" if errors else "ok")
    printed = "".join(output.get("text", "") for output in export.outputs if output.output_type == "stream")
    return NotebookResult(status, read_answers(printed))


def chapter_key(chapter: str) -> dict[str, Exercise]:
    """The answer key of a chapter (``"01"``), or an empty dict when it has no exercises."""
    try:
        return importlib.import_module(f"helpers.exercises.ch{chapter}").EXERCISES
    except ModuleNotFoundError:
        return {}


def judge_answers(chapter: str, answers: dict[str, Any], data_dir: Path | None) -> dict[str, tuple[bool, str]]:
    """Verdict and detail for every exercise of `chapter`, from the exported `answers`."""
    verdicts = {}
    with mock.patch.dict(os.environ, {} if data_dir is None else {"CRM_DATA_DIR": str(data_dir)}):
        for exercise_id, exercise in chapter_key(chapter).items():
            value = answers.get("answer_" + exercise_id.replace(".", "_"))
            verdicts[exercise_id] = (False, "not answered") if value is None else judge(exercise, value)
    return verdicts


def find_notebooks(folder: Path) -> tuple[dict[str, Path | None], list[str]]:
    """A student's notebooks by chapter (``"01"`` → path, ``None`` if unreadable), and problems found on the way."""
    found: dict[str, Path | None] = {}
    problems = []
    for path in sorted(folder.glob("*.ipynb")):
        match = CHAPTER.match(path.name)
        if not match:
            problems.append(f"{path.name}: not a chapter notebook (the name must start with 00_ … 05_)")
        elif match.group(1) in found:
            problems.append(f"{path.name}: a second notebook for chapter {match.group(1)}, ignored")
        else:
            found[match.group(1)] = path
            try:
                nbformat.validate(nbformat.read(path, as_version=4))
            except Exception as error:  # any JSON or schema problem
                found[match.group(1)] = None
                problems.append(f"{path.name} is not a valid notebook ({type(error).__name__})")
    return found, problems


def personal_data(student: str, out: Path) -> Path:
    """The folder of `student`'s personal data, generated once into ``out/data/<student>``."""
    from helpers.data import PERSONAL_MARKER
    from helpers.datasets import write_all

    folder = out / "data" / student
    if not (folder / PERSONAL_MARKER).is_file():
        write_all(folder, student=student)
    return folder


def grade(submissions: Path | str, roster: list[str] | None = None, timeout: float = 600,
          out: Path | str = DEFAULT_OUT, chapters: list[str] | None = None) -> Path:
    """Grade every student folder of `submissions`; write the gradebook and feedback into `out`.

    Parameters
    ----------
    submissions : path-like
        A folder with one sub-folder per student id.
    roster : list of str, optional
        Student ids that have personal data (``make student ROSTER=...``).
    timeout : float
        Seconds allowed for one whole notebook.
    out : path-like
        Where ``gradebook.csv`` and ``<student>/feedback.md`` go.
    chapters : list of str, optional
        Chapters in the gradebook (default: every chapter with a key, ``"00"`` …).

    Returns
    -------
    Path
        The gradebook.

    Raises
    ------
    FileNotFoundError
        If `submissions` does not exist.
    ValueError
        If it has no student folders, or `timeout` is not positive.
    """
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise FileNotFoundError(f"submissions folder not found: {submissions}")
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    students = sorted(path for path in submissions.iterdir() if path.is_dir() and not path.name.startswith("."))
    if not students:
        raise ValueError(f"{submissions} has no student folders (one sub-folder per student id expected)")
    chapters = chapters or [f"{n:02d}" for n in range(10) if chapter_key(f"{n:02d}")]
    out.mkdir(parents=True, exist_ok=True)
    roster_set = set(roster or [])
    columns = ["student"]
    for chapter in chapters:
        columns += list(chapter_key(chapter))  # in the key's order
        columns += [f"ch{chapter} total", f"ch{chapter} status"]
    # First run every notebook, then judge and write the feedback student by student.
    found = {folder.name: find_notebooks(folder) for folder in students}
    data_dirs = {name: personal_data(name, out) if name in roster_set else None for name in found}
    jobs = {(name, chapter): path for name, (notebooks, _) in found.items()
            for chapter, path in notebooks.items() if chapter in chapters and path is not None}
    # As many notebooks at once as the machine has cores, each in a thread with an event loop of its
    # own: asyncio.run refuses to start where a loop already runs (a Jupyter notebook, a browser test).
    results: dict[tuple[str, str], NotebookResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        running = {pool.submit(_run, path, timeout, data_dirs[job[0]]): job for job, path in jobs.items()}
        for done in as_completed(running):
            job = running[done]
            results[job] = done.result()
            print(f"[{len(results)}/{len(jobs)}] {job[0]} {jobs[job].name}: {results[job].status}", flush=True)
    rows = [_grade_student(name, found[name], chapters, results, data_dirs[name], out) for name in found]
    gradebook = out / "gradebook.csv"
    pd.DataFrame(rows, columns=columns).to_csv(gradebook, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return gradebook


def _grade_student(student: str, found: tuple[dict[str, Path | None], list[str]], chapters: list[str],
                   results: dict[tuple[str, str], NotebookResult], data_dir: Path | None,
                   out: Path) -> dict[str, Any]:
    """One gradebook row for `student`, and their ``feedback.md``."""
    notebooks, problems = found
    if not notebooks:
        problems = [*problems, "no chapter notebooks found (names must start with 00_ … 05_ and end in .ipynb)"]
    row: dict[str, Any] = {"student": student}
    feedback = [f"# Feedback for {student}", ""] + [f"- {problem}" for problem in problems]
    for chapter in chapters:
        result = results.get((student, chapter)) or NotebookResult("unreadable" if chapter in notebooks else "missing")
        verdicts = judge_answers(chapter, result.answers, data_dir)
        feedback += ["", f"## Chapter {chapter}: {result.status}", ""]
        for exercise_id in verdicts:
            ok, detail = verdicts[exercise_id]
            row[exercise_id] = int(ok)
            hints = chapter_key(chapter)[exercise_id].all_hints
            hint = f" Hint: {hints[0]}" if not ok and hints else ""
            feedback.append(f"- {exercise_id}: {'✓ correct' if ok else '✗ ' + detail}{hint}")
        row[f"ch{chapter} total"] = sum(ok for ok, _ in verdicts.values())
        row[f"ch{chapter} status"] = result.status
    (out / student).mkdir(parents=True, exist_ok=True)
    (out / student / "feedback.md").write_text("\n".join(feedback) + "\n", encoding="utf-8")
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="one sub-folder per student id")
    parser.add_argument("--roster", type=Path, help="student ids with personal data (make student ROSTER=...)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per notebook (default 600)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/grades")
    args = parser.parse_args(argv)
    try:
        roster = None if args.roster is None else read_roster(args.roster)
        gradebook = grade(args.submissions, roster, args.timeout, args.out)
    except (ValueError, FileNotFoundError) as error:
        print(f"make grade: {error}", file=sys.stderr)
        return 2
    print(f"wrote {gradebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
