"""The course: execution time of each notebook, and of ``make test``.

Each chapter notebook is executed top to bottom in a fresh ``python3``
kernel, from memory (the file is never written), with the working directory
``notebooks/`` and ``PYTHONHASHSEED=0``, as the tests run it. The time
includes starting the kernel. Target: all notebooks together in at most
60 s on a 2-core machine. ``make test`` is timed only when asked
(``--with-test``), since it runs every test.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bench.common import ROOT, Row, at_most
from tools.kernel_client import PollingKernelManager

NOTEBOOKS = ROOT / "notebooks"
TARGET_ALL_SECONDS = 60.0


def time_notebook(path: Path, timeout: int = 600) -> float:
    """Seconds to execute the notebook at `path` (kernel start included), without saving it."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", kernel_manager_class=PollingKernelManager,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return time.perf_counter() - start


def time_make_test() -> tuple[float, str]:
    """Seconds ``make test`` takes, and pytest's closing line."""
    start = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    closing = [line.strip("= ") for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return seconds, (closing[-1] if closing else f"exit code {done.returncode}")


def run(with_test: bool = False) -> list[Row]:
    """Time every notebook (and ``make test`` if asked)."""
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["CRM_STRICT"] = "1"
    rows, total = [], 0.0
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        try:
            seconds = time_notebook(path)
        except Exception as error:  # report, don't crash the whole benchmark
            rows.append(Row("course", path.name, "execution time", float("nan"), "s",
                            note=f"failed: {type(error).__name__}: {str(error).strip().splitlines()[-1][:160]}"))
            total = float("nan")
            continue
        total += seconds
        rows.append(Row("course", path.name, "execution time", round(seconds, 1), "s"))
    rows.append(Row("course", "all notebooks", "execution time", round(total, 1), "s",
                    *at_most(total, TARGET_ALL_SECONDS), note=f"{len(rows)} notebooks, one after another"))
    if with_test:
        seconds, closing = time_make_test()
        rows.append(Row("course", "make test", "time", round(seconds, 1), "s", note=closing))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
