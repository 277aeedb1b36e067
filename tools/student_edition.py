"""Build the student edition of the notebooks: no solutions, no verdicts.

Usage: python tools/student_edition.py [--out DIR] [--roster FILE] [NOTEBOOK ...]
       (defaults: every notebooks/*.ipynb, into build/student; README, "For instructors")

nbconvert's ``TagRemovePreprocessor`` removes the cells tagged ``solution`` and
the outputs of the cells tagged ``check``; everything else stays, outputs
included. With ``--roster`` each student id gets ``DIR/<id>/notebooks/`` and
personal synthetic data in ``DIR/<id>/data/`` (seed derived from the id).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "student"

SOLUTION_TAG = "solution"
CHECK_TAG = "check"

README = """\
# Student edition{whose}

These are the course notebooks without the exercise solutions: each exercise
has a cell ending in `answer_N_M = None  # your answer here` and a check cell
below it. Replace `None` with your answer and run the check: it prints ✓ or
"not yet" with a hint. The chapters' worked examples keep their outputs.
{personal}
The notebooks use the course's `helpers` package:

1. get the course repository and run `make setup` in it (Python 3.11 or newer;
   it creates `.venv` and installs `helpers`);
2. start JupyterLab from the repository on this folder's `notebooks/`:
   `.venv/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=<this folder>/notebooks`;
3. open `00_start_here.ipynb` first.

Built by `tools/student_edition.py` (`make student`).
"""

PERSONAL_NOTE = """
Your data in `data/` are your own: the same kind of data as the course's, with
other numbers, so your answers differ from your classmates'. Keep `data/` beside
`notebooks/`: the notebooks find it there.
"""


def student_notebook(nb: NotebookNode) -> NotebookNode:
    """Return the student edition of notebook `nb` (which is left unchanged).

    Raises
    ------
    ValueError
        If `nb` is not a notebook (no ``cells``).
    """
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError("expected a notebook read with nbformat (a dict with 'cells')")
    remover = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}, remove_all_outputs_tags={CHECK_TAG})
    student, _ = remover.preprocess(nbformat.from_dict(nb), {})
    return student


def _checked(paths: list[Path]) -> list[Path]:
    paths = [Path(path) for path in paths]
    if not paths:
        raise ValueError("no notebooks to convert: pass .ipynb files (notebooks/ is empty?)")
    for path in paths:
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook (.ipynb)")
        if not path.exists():
            raise FileNotFoundError(f"notebook not found: {path}")
    return paths


def build(notebooks: list[Path], out_dir: Path | str = DEFAULT_OUT, student: str | None = None) -> list[Path]:
    """Write the student edition of each notebook to ``out_dir/notebooks/``.

    Parameters
    ----------
    notebooks : list of Path
        The ``.ipynb`` files to convert.
    out_dir : path-like
        The edition's folder (created); ``build/student`` by default.
    student : str, optional
        A student id: also write that student's personal data to ``out_dir/data/``.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    FileNotFoundError
        If a notebook does not exist.
    ValueError
        If the list is empty or a file is not a ``.ipynb``.
    """
    paths = _checked(notebooks)
    out_dir = Path(out_dir)
    target = out_dir / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    whose = f" of {student}" if student is not None else ""
    personal = PERSONAL_NOTE if student is not None else ""
    (out_dir / "README.md").write_text(README.format(whose=whose, personal=personal), encoding="utf-8")
    if student is not None:
        from helpers.datasets import write_all

        write_all(out_dir / "data", student=student)
    written = []
    for path in paths:
        out = target / path.name
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), out)
        written.append(out)
    return written


def read_roster(path: Path | str) -> list[str]:
    """The student ids of a roster file: one per line (first column of a CSV), header ``student`` allowed.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If it holds no id, an id twice, or an id that cannot be a folder name.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"roster not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        ids = [row[0].strip() for row in csv.reader(handle) if row and row[0].strip()]
    if ids and ids[0].lower() in {"student", "student_id", "id"}:
        ids = ids[1:]
    if not ids:
        raise ValueError(f"roster {path} lists no student ids (one per line expected)")
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"roster {path} lists these ids more than once: {', '.join(duplicated)}")
    bad = [i for i in ids if i.startswith(".") or re.search(r'[\\/:*?"<>|\x00-\x1f]', i)]
    if bad:
        raise ValueError(f"roster {path}: these ids cannot be folder names (/, \\, leading dot …): {bad}")
    return ids


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/student")
    parser.add_argument("--roster", type=Path, help="one student id per line: one personal edition each")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    try:
        if args.roster is None:
            for out in build(paths, args.out):
                print(f"wrote {out}")
            return 0
        students = read_roster(args.roster)
        for number, student in enumerate(students, start=1):
            build(paths, args.out / student, student=student)
            print(f"[{number}/{len(students)}] {student}: {args.out / student}", flush=True)
    except (ValueError, FileNotFoundError) as error:
        print(f"make student: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
