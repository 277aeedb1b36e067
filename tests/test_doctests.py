"""The examples in the docstrings of ``helpers/`` run and print what they show (issue 16 §6).

Each module of the ``helpers`` package is one test: ``doctest`` runs its
``>>>`` examples in the module's namespace and compares the printed output.
The examples are documentation first: keep them short and deterministic.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import helpers

matplotlib.use("Agg")

MODULES = sorted(info.name for info in pkgutil.walk_packages(helpers.__path__, "helpers."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str):
    module = importlib.import_module(name)
    with matplotlib.rc_context():
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples of {name} failed (see above)"
