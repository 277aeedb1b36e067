"""Re-run notebooks in place so that their stored outputs are current.

Usage: python tools/execute.py [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

Runs each notebook top to bottom in a fresh ``python3`` kernel, with
PYTHONHASHSEED=0 and the working directory ``notebooks/``, exactly as the
tests will, and keeps the widget state so that static pages show each widget.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute(path: Path, timeout: int = 600) -> float:
    """Execute the notebook at `path` in place and return the seconds it took."""
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("CRM_STRICT", None)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    ExecutePreprocessor(timeout=timeout, kernel_name="python3", store_widget_state=True).preprocess(
        nb, {"metadata": {"path": str(path.parent)}}
    )
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"executed {path.relative_to(ROOT)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
