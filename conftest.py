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
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to adapt
        return
    if getattr(IPyNbCell.compare_outputs, "portable", False):
        return
    original = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        return original(self, _aligned(test, ref), ref, skip_compare)

    compare_outputs.portable = True
    IPyNbCell.compare_outputs = compare_outputs


def pytest_runtest_setup(item):
    """Say which long test is starting, so a long run never looks stuck (dots only show the ends)."""
    if item.get_closest_marker("slow") or item.get_closest_marker("browser"):
        reporter = item.config.pluginmanager.get_plugin("terminalreporter")
        capture = item.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None and item.config.get_verbosity() <= 0:
            with capture.global_and_fixture_disabled():  # setup output is captured otherwise
                reporter.ensure_newline()
                reporter.write_line(f"  … {item.nodeid}")
