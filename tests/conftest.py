"""Fixtures shared by the unit tests and the browser tests.

``make test`` runs the suite in several processes (pytest-xdist), each test
file whole in one of them. The slides and the book are built once per test
run (they take a minute) into a temporary folder the processes of that run
share, under a file lock: the first process that needs them builds them, the
others wait and find them up to date. Two test runs never share a build.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.hookimpl(tryfirst=True)  # before -m "not slow" deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs the built slides and book is slow (the build takes a minute)."""
    for item in items:
        if "static_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def require_builders() -> None:
    """Skip (or, under CI, fail) when the static builds cannot run here."""
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    if shutil.which("npm") is None:
        message = (
            "npm not found: the slides and book vendor their JavaScript from the npm registry "
            "at build time; install Node.js (`apt-get install nodejs npm`)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This test run's temporary folder: shared by its xdist workers (each has a subfolder of it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def static_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the slides and the book of this run are built in (made, empty at first)."""
    folder = run_folder(tmp_path_factory) / "static"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def static_site(static_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``static_folder`` with ``slides/`` and ``book/`` built (once per run, under a lock)."""
    require_builders()
    sys.path.insert(0, str(ROOT / "tools"))
    import build_book
    import build_slides

    with FileLock(run_folder(tmp_path_factory) / "static.lock"):
        build_slides.build(out_dir=static_folder / "slides")  # up to date: nothing is done
        build_book.build(static_folder / "book")
    return static_folder
