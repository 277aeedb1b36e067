"""Test-wide settings, and nbval's comparison made portable across machines.

Notebook kernels inherit this process's environment, so setting these here
makes every nbval run reproducible (hash seed) and strict (a stored exercise
solution that fails its check raises instead of printing a hint).

Stored outputs are compared as nbval does (text exactly), except that a number
may differ from the stored one by one unit of its last digit shown: results
differ in the last bits between CPUs, BLAS kernels and thread counts
(``tools/nbcompare.py`` has the rule). This is done through nbval's own
``IPyNbCell.compare_outputs``: the fresh outputs are aligned with the stored
ones first, then nbval compares as usual, so any other difference still fails.
"""

import os
import sys
from pathlib import Path

import pytest

os.environ["PYTHONHASHSEED"] = "0"
os.environ["CRM_STRICT"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

from nbcompare import align_numbers  # noqa: E402


def _aligned(test: list, ref: list) -> list:
    """`test` with each output's numbers taken from the stored output it matches."""
    stored = {}
    for output in ref:
        stored.setdefault((output.get("output_type"), output.get("name")), []).append(output)
    aligned = []
    for output in test:
        group = stored.get((output.get("output_type"), output.get("name")), [])
        aligned.append(align_numbers(group.pop(0), output) if group else output)
    return aligned


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the main process (an xdist worker has no terminal)
        config.pluginmanager.register(FileProgress(config), "file-progress")
    if not config.pluginmanager.has_plugin("nbval"):  # not installed, or off (make test-quick)
        return
    from nbval.plugin import IPyNbCell
    if getattr(IPyNbCell.compare_outputs, "portable", False):
        return
    original = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        return original(self, _aligned(test, ref), ref, skip_compare)

    compare_outputs.portable = True
    IPyNbCell.compare_outputs = compare_outputs


def pytest_collection_modifyitems(config, items):
    """Start the longest test files first.

    ``make test`` runs the suite in parallel with pytest-xdist (``-n auto
    --dist loadfile``): each file goes whole to one worker, because a
    notebook's cells must run in order in one kernel and a module's fixtures
    (a server, a build) are made once. The browser tests and the chapter
    notebooks take longest, so they are handed out first (the Makefile's
    ``--no-loadscope-reorder`` keeps this order: xdist would otherwise start
    with the files that have the most tests) and the short unit-test files
    fill the gaps at the end.
    """
    def rank(item):
        path = item.path.relative_to(config.rootpath).as_posix()
        return 0 if path.startswith("tests/browser/") else 1 if path.startswith("notebooks/") else 2

    items.sort(key=rank)  # stable: the order within a file is kept


class FileProgress:
    """Name each file when its first test starts, so a long run never looks stuck (dots only show the ends).

    Under pytest-xdist the main process hears of every test a worker starts.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.started: set[str] = set()

    def pytest_runtest_logstart(self, nodeid: str, location: tuple) -> None:
        path = nodeid.split("::")[0]
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if path in self.started or reporter is None or self.config.get_verbosity() > 0:
            return
        self.started.add(path)
        reporter.ensure_newline()
        reporter.write_line(f"  … {path}")
