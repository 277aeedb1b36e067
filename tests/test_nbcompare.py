"""Stored outputs hold on every machine: text exactly, numbers to one unit of their last digit.

The rule (tools/nbcompare.py) is used by nbval through the plugin in the root
conftest.py and by ``tools/execute.py --check``. FIELD_NOTES measured the case
that motivated it: the same cell printed 972.05 with OpenBLAS' Sandybridge
kernel and 972.04 with Haswell (the true value is 972.045456…).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
from nbcompare import align_numbers, numbers_close
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("stored", "fresh", "same"), [
    ("972.05", "972.04", True),                       # the measured case
    ("mean 0.8203, n = 12", "mean 0.8204, n = 12", True),
    ("-0.00", "0.00", True),
    ("1.2e-05", "1.2000000001e-05", True),
    ("972.05", "972.03", False),                      # two units: a real difference
    ("n = 12", "n = 13", True),                       # a count shown as an integer: one unit
    ("n = 12", "n = 14", False),
    ("Champions 0.31", "Loyal 0.31", False),          # text must match exactly
    ("0.31", "0.31 ", False),
    ("a 1.5 b", "a 1.5", False),
])
def test_numbers_close(stored, fresh, same):
    assert numbers_close(stored, fresh) is same


def test_align_numbers_keeps_real_differences():
    stored = [{"output_type": "stream", "name": "stdout", "text": "CLV 972.05\n"}]
    assert align_numbers(stored, [{"output_type": "stream", "name": "stdout", "text": "CLV 972.04\n"}]) == stored
    fresh = [{"output_type": "stream", "name": "stdout", "text": "CLV 971.00\n"}]
    assert align_numbers(stored, fresh) == fresh


CASES = {"972.04": True, "972.02": False, "CLV 972.05": False}
"""Stored output of a cell that prints 972.05, and whether nbval must accept it."""


def _notebook(path: Path, stored_text: str) -> None:
    """A notebook whose one cell prints 972.05 but whose stored output says `stored_text`."""
    cell = new_code_cell('print("972.05")', execution_count=1,
                         outputs=[new_output("stream", name="stdout", text=stored_text + "\n")])
    nb = new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    nbformat.write(nb, path)


@pytest.mark.slow
def test_nbval_compares_numbers_with_the_tolerance(tmp_path):
    """Through nbval itself, with the project's conftest: last digit tolerated, anything else fails.

    One pytest run over three one-cell notebooks; its JUnit report says which passed.
    """
    names = {}
    for number, stored in enumerate(CASES):
        names[f"case{number}.ipynb"] = stored
        _notebook(tmp_path / f"case{number}.ipynb", stored)
    (tmp_path / "conftest.py").write_text(
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('project_conftest', {str(ROOT / 'conftest.py')!r})\n"
        "project = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(project)\n"
        "pytest_configure = project.pytest_configure\n", encoding="utf-8")
    report = tmp_path / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
         "-o", "addopts=", "--rootdir", str(tmp_path), "--junitxml", str(report), *sorted(names)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    passed = {}
    for case in ElementTree.parse(report).iter("testcase"):
        passed[case.get("classname")] = case.find("failure") is None and case.find("error") is None
    assert {names[name]: ok for name, ok in passed.items()} == CASES, result.stdout[-2000:]
