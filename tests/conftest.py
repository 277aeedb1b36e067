"""Fixtures shared by the unit tests and the browser tests.

``make test`` runs the suite in several processes (pytest-xdist), each test
file whole in one of them. The slides and the book are built once per test
run (about half a minute each) into a temporary folder the processes of that
run share, each under a file lock of its own: the first process that needs one
builds it, the others wait and find it up to date, and the two can be built at
once in two processes. Two test runs never share a build.
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
        if {"built_slides", "built_book"} & set(getattr(item, "fixturenames", ())):
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


def _built(tmp_path_factory: pytest.TempPathFactory, static_folder: Path, site: str) -> Path:
    """``static_folder/<site>`` built once per run, under a lock of its own (``site``: slides or book)."""
    require_builders()
    sys.path.insert(0, str(ROOT / "tools"))
    import build_book
    import build_slides

    with FileLock(run_folder(tmp_path_factory) / f"{site}.lock"):  # up to date: nothing is done
        if site == "slides":
            build_slides.build(out_dir=static_folder / "slides")
        else:
            build_book.build(static_folder / "book")
    return static_folder / site


@pytest.fixture(scope="session")
def built_slides(static_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The slides of this run, ``static_folder/slides`` (built by the first process that needs them)."""
    return _built(tmp_path_factory, static_folder, "slides")


@pytest.fixture(scope="session")
def built_book(static_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book of this run, ``static_folder/book``; built beside the slides, in another process if one is free."""
    return _built(tmp_path_factory, static_folder, "book")
