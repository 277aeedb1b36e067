"""Build the student edition of the notebooks: no solutions, exercise outputs cleared.

Usage: python tools/student_edition.py [--out DIR] [NOTEBOOK ...]
       (defaults: every notebooks/*.ipynb, into build/student)

For each notebook the student edition

1. drops every cell tagged ``solution`` (the hidden cells that assign
   ``answer_N_M``), so each exercise keeps its task, its answer cell
   ``answer_N_M = None`` and its ``check("N.M", answer_N_M)`` cell;
2. clears the outputs and execution counts of the exercise cells, which are
   every code cell from the ``## Exercises`` heading to the end of the
   notebook, plus any code cell elsewhere that calls ``check(`` or assigns an
   ``answer_`` variable (stored outputs there would give the answers away);
3. keeps everything else as it is, outputs included, so the chapter still
   reads as a worked text before it is run.

The edition is written to ``DIR/notebooks/`` with a ``DIR/README.md`` that
says how to run it. It has no copy of ``helpers`` or ``data``: the notebooks
import the ``helpers`` package installed from the course repository (``make
setup`` installs it in editable mode), and ``helpers.load`` reads the
repository's ``data/`` wherever the notebook runs. Run it from the repository
with ``make lab`` pointed at ``build/student/notebooks``, or test it with::

    CRM_STRICT= .venv/bin/pytest --noconftest -o addopts="" -p no:cacheprovider \\
        --nbval-lax --nbval-current-env build/student/notebooks

(``--noconftest`` because the repository's ``conftest.py`` turns on strict
checks; in the student edition every check prints "not yet" instead.)
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "student"

SOLUTION_TAG = "solution"
EXERCISES_HEADING = re.compile(r"^##\s+Exercises\b", flags=re.M)
EXERCISE_CODE = re.compile(r"\bcheck\(|\banswer_\d+_\d+\b")

README = """\
# Student edition

These are the course notebooks without the exercise solutions: each exercise
has a cell `answer_N_M = None  # your answer here` and a check cell below it.
Replace `None` with your answer and run the check: it prints ✓ or "not yet"
with a hint. The chapters' worked examples keep their outputs.

The notebooks use the course's `helpers` package and `data/` folder:

1. get the course repository and run `make setup` in it (Python 3.11 or newer;
   it creates `.venv` and installs `helpers`);
2. start JupyterLab from the repository on this folder:
   `.venv/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=build/student/notebooks`
   (or copy these notebooks over the ones in `notebooks/` and run `make lab`);
3. open `00_start_here.ipynb` first.

Built by `tools/student_edition.py` (`make student`).
"""


def is_solution(cell: NotebookNode) -> bool:
    """Whether `cell` is a solution cell (tagged ``solution``)."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def exercises_start(nb: NotebookNode) -> int | None:
    """Index of the markdown cell that opens the ``## Exercises`` section, or ``None``."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and EXERCISES_HEADING.search(cell.source):
            return index
    return None


def is_exercise_cell(cell: NotebookNode, index: int, start: int | None) -> bool:
    """Whether a code cell belongs to an exercise (its outputs are cleared)."""
    if cell.cell_type != "code":
        return False
    in_section = start is not None and index >= start
    return in_section or bool(EXERCISE_CODE.search(cell.source))


def student_notebook(nb: NotebookNode) -> NotebookNode:
    """Return the student edition of notebook `nb` (which is left unchanged).

    Raises
    ------
    ValueError
        If `nb` is not a notebook (no ``cells``).
    """
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError("expected a notebook read with nbformat (a dict with 'cells')")
    student = copy.deepcopy(nb)
    start = exercises_start(student)
    kept = []
    for index, cell in enumerate(student.cells):
        if is_solution(cell):
            continue
        if is_exercise_cell(cell, index, start):
            cell.outputs = []
            cell.execution_count = None
        kept.append(cell)
    student.cells = kept
    return student


def build(notebooks: list[Path], out_dir: Path | str = DEFAULT_OUT) -> list[Path]:
    """Write the student edition of each notebook to ``out_dir/notebooks/``.

    Parameters
    ----------
    notebooks : list of Path
        The ``.ipynb`` files to convert.
    out_dir : path-like
        The edition's folder (created); ``build/student`` by default.

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
    paths = [Path(path) for path in notebooks]
    if not paths:
        raise ValueError("no notebooks to convert: pass .ipynb files (notebooks/ is empty?)")
    for path in paths:
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook (.ipynb)")
        if not path.exists():
            raise FileNotFoundError(f"notebook not found: {path}")
    target = Path(out_dir) / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "README.md").write_text(README, encoding="utf-8")
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        out = target / path.name
        nbformat.write(student_notebook(nb), out)
        written.append(out)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/student")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    for out in build(paths, args.out):
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
