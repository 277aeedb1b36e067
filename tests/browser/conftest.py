"""Shared set-up of the browser tests: Chromium, local servers, blocked network.

Every test here is marked ``browser`` and drives Debian's Chromium
(``/usr/bin/chromium``) through Playwright; Playwright's own browser
download (``playwright install``) is never used. Where Chromium is missing the
tests are skipped with one line saying how to install it, except under CI
(``CI=true``), where a missing browser is a failure.

Each page blocks every request to a host other than 127.0.0.1 / localhost
and counts them (``page.external_requests``): the built book and slides must
load nothing from the internet.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "tools"))

import present  # noqa: E402  (tools/present.py: the Voilà command of `make present`)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO_ENABLE = (
    f"browser tests need Chromium at {CHROMIUM}: enable them with "
    "`apt-get update && apt-get install -y --no-install-recommends chromium`"
)
SERVER_START_TIMEOUT = 600  # seconds: a cold JupyterLab or Voilà on a saturated 2-core machine
PAGE_TIMEOUT_MS = 300_000  # the longest any page step may take (polled, so a quiet machine is fast)


def in_ci() -> bool:
    """Tell whether the tests run under CI (``CI=true``), where nothing may be skipped."""
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/browser ``browser``; skip it where Chromium is missing (not in CI)."""
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=HOW_TO_ENABLE)
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and not in_ci():
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Say once, at the end of the run, why the browser tests were skipped and how to enable them."""
    if not CHROMIUM.exists() and not in_ci():
        terminalreporter.write_line(f"browser tests skipped: {HOW_TO_ENABLE}", yellow=True)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Poll `url` until it answers 200; fail saying what was awaited if the server dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"waited for {url} to answer 200, but the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"waited {timeout} s for {url} to answer 200 (server still starting?); it never did")


def stop(process: subprocess.Popen) -> None:
    """Stop a server started by a fixture (only that process)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Server:
    """A local server started for the tests."""

    url: str  # base URL, ending in "/"
    token: str = ""
    root: Path | None = None  # the folder it serves


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(f"CI=true and no browser: {HOW_TO_ENABLE}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that aborts (and counts in ``page.external_requests``) every non-local request."""
    from jupyter_ui import offline_page

    page = offline_page(browser, {"width": 1400, "height": 1000}, PAGE_TIMEOUT_MS)
    yield page
    page.context.close()


# --- servers ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def static_server(static_folder: Path) -> Iterator[Server]:
    """``python -m http.server`` on 127.0.0.1 serving the folder where the tests build the book and slides."""
    build = static_folder
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port), "-d", str(build)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
        yield Server(url=f"http://127.0.0.1:{port}/", root=build)
    finally:
        stop(process)


def copy_notebooks(target: Path) -> Path:
    """Copy the chapters to `target`, outputs cleared (JupyterLab autosaves: never into notebooks/).

    With no stored outputs, whatever a test finds on the page was made by the
    kernel during the test, and "every code cell has an execution count"
    means the run is over.
    """
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in target.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
    return target


def _jupyter_env(home: Path) -> dict[str, str]:
    """Environment for a server under test: own config, settings and workspaces, seeded hashes."""
    config = home / "config"
    (config / "labconfig").mkdir(parents=True)
    # No "would you like news?" pop-up over the notebook.
    disabled = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    (config / "labconfig" / "page_config.json").write_text(json.dumps(disabled), encoding="utf-8")
    # Every cell in the page (not only those in view), so that locators find them.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        PYTHONHASHSEED="0",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    env.pop("CRM_STRICT", None)
    return env


def start_lab(home: Path, root: Path) -> tuple[subprocess.Popen, Server]:
    """Start JupyterLab on 127.0.0.1 (free port, token) serving `root`; the caller stops it."""
    token = secrets.token_hex(16)
    port = free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log = (home / "server.log").open("w")
    process = subprocess.Popen(command, env=_jupyter_env(home), stdout=log, stderr=subprocess.STDOUT)
    log.close()
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/status?token={token}", process)
    except (RuntimeError, TimeoutError):
        stop(process)
        raise
    return process, Server(url=f"http://127.0.0.1:{port}/", token=token, root=root)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab on 127.0.0.1 (free port, token) over a temporary copy of the notebooks, outputs cleared."""
    home = tmp_path_factory.mktemp("lab")
    process, server = start_lab(home, copy_notebooks(home / "notebooks"))
    yield server
    stop(process)


@pytest.fixture(scope="module")
def stored_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab over a temporary copy of the notebooks exactly as stored, trusted as `make lab` does.

    JupyterLab draws a stored widget only in a trusted notebook (otherwise it
    falls back to the text ``VBox(children=...``); ``jupyter trust`` records
    the notebooks' signatures in the user's database, the files are unchanged.
    """
    home = tmp_path_factory.mktemp("stored-lab")
    root = home / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    trust = [str(Path(sys.executable).parent / "jupyter-trust"), *map(str, sorted(root.glob("*.ipynb")))]
    subprocess.run(trust, env=_jupyter_env(home / "trust"), check=True, capture_output=True, timeout=SERVER_START_TIMEOUT)
    process, server = start_lab(home, root)
    yield server
    stop(process)


def start_voila(notebook: Path, home: Path) -> tuple[subprocess.Popen, Server]:
    """Start Voilà on one notebook as `make present` does (tools/present.py); the caller stops it."""
    token = secrets.token_hex(16)
    port = free_port()
    command = present.voila_command(notebook, port, token)
    log = (home / "voila.log").open("w")
    env = present.voila_env(_jupyter_env(home))
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=notebook.parent)
    try:
        wait_for_port(port, process)  # Voilà's pages run the notebook: do not poll them
    except (RuntimeError, TimeoutError):
        stop(process)
        raise
    finally:
        log.close()
    return process, Server(url=f"http://127.0.0.1:{port}/", token=token, root=notebook.parent)


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Wait until something listens on 127.0.0.1:`port`; fail if the server dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"waited for a server on port {port}, but it exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"waited {timeout} s for a server to listen on 127.0.0.1:{port}; nothing did")


@pytest.fixture(scope="module")
def voila_customer_value(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà serving the AHP widget built as chapter 02 builds it, on 127.0.0.1 with a token.

    A small notebook rather than the whole chapter: nbval runs the chapter already.
    """
    from jupyter_ui import widget_notebook

    home = tmp_path_factory.mktemp("voila")
    notebook = home / widget_notebook(home, "ahp")
    process, server = start_voila(notebook, home)
    yield server
    stop(process)
