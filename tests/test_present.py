"""tools/present.py (``make present``) and ``make lab``: loopback only, token on.

The live test starts Voilà as `make present` does on a port of 127.0.0.1 that
is taken, with a tiny notebook, reads the address Voilà prints (another port,
its own token), checks that a request without the token is refused and one
with it is served, then stops the server it started (bounded waits, loopback only).
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("present", ROOT / "tools" / "present.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


present = _tool()


def _stop(server: subprocess.Popen, grace: float) -> None:
    """Stop a server started in its own session: SIGTERM, then SIGKILL after `grace` seconds."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def test_chapter_numbers_resolve_to_notebooks():
    start = ROOT / "notebooks" / "00_start_here.ipynb"
    assert present.resolve_notebook("00") == start
    assert present.resolve_notebook("0") == start
    assert present.resolve_notebook(" 00 ") == start
    assert present.resolve_notebook("notebooks/00_start_here.ipynb") == start


@pytest.mark.parametrize("bad, error, message", [
    ("", ValueError, "say which chapter"),
    ("two", ValueError, "chapter number such as 02"),
    ("123", ValueError, "chapter number such as 02"),
    ("97", FileNotFoundError, r"no notebook 97_\*.ipynb .*chapters available: 00"),
    ("missing.ipynb", FileNotFoundError, "notebook not found"),
])
def test_bad_chapter_names_are_explained(bad, error, message):
    with pytest.raises(error, match=message):
        present.resolve_notebook(bad)


def _free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (the OS's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_command_binds_loopback_with_a_token_and_hides_code():
    token = secrets.token_hex(24)
    command = present.voila_command(Path("/x/02_customer_value.ipynb"), 8866, token)
    assert command[1:3] == ["-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in command
    assert not any(arg.startswith(("--ip=", "--Voila.ip=0", "--Voila.ip=*")) for arg in command)
    tokens = [arg.split("=", 1)[1] for arg in command if arg.startswith("--token=")]
    assert tokens == [token] and len(token) >= 32
    assert "--strip_sources=True" in command and "--no-browser" in command
    assert "--template=offline" in command
    assert (present.JUPYTER_PATH / "voila" / "templates" / "offline" / "index.html.j2").is_file()
    assert present.voila_env({})["JUPYTER_PATH"] == str(present.JUPYTER_PATH)


def test_voila_runs_notebooks_with_the_polling_kernel_client():
    """Voilà's nbclient must not sleep through a reply after a widget cell (tools/kernel_client.py)."""
    command = present.voila_command(Path("x.ipynb"))
    assert "--AsyncKernelManager.client_class=kernel_client.PollingKernelClient" in command
    env = present.voila_env({"PYTHONPATH": "/elsewhere"})
    assert env["PYTHONPATH"].split(os.pathsep) == [str(present.ROOT / "tools"), "/elsewhere"]
    found = subprocess.run([sys.executable, "-c", "import kernel_client; print(kernel_client.PollingKernelClient.__name__)"],
                           env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "PollingKernelClient"


def test_voila_draws_the_token_unless_one_is_given():
    command = present.voila_command(Path("x.ipynb"))
    assert "--token" in command and not any(arg.startswith("--token=") for arg in command)
    assert "--port=8866" in command and not any("port_retries" in arg for arg in command)
    assert "JUPYTER_TOKEN" not in present.voila_env({"JUPYTER_TOKEN": "fixed"})
    with pytest.raises(ValueError, match="non-empty"):
        present.voila_command(Path("x.ipynb"), 8866, "")


def test_dry_run_prints_the_command(capsys):
    assert present.main(["00", "--dry-run", "--port", "8866"]) == 0
    printed = capsys.readouterr().out
    assert "-m voila" in printed and "00_start_here.ipynb" in printed
    assert "--Voila.ip=127.0.0.1" in printed and "--token" in printed.split() and "--port=8866" in printed


def test_ports_outside_the_user_range_are_refused(capsys):
    with pytest.raises(ValueError, match="between 1024 and 65535"):
        present.voila_command(Path("x.ipynb"), 80)
    assert present.main(["00", "--dry-run", "--port", "80"]) == 2
    assert "between 1024 and 65535" in capsys.readouterr().err


STARTUP_LIMIT = 300  # seconds: Voilà on a saturated 2-core machine (polled, not slept)
_LAST_BODY = [""]


def _get(port: int, path: str, timeout: float = 60) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    _LAST_BODY[0] = response.read().decode("utf-8", errors="replace")
    connection.close()
    return response


@pytest.mark.slow  # starts a server
def test_voila_refuses_without_the_token_and_serves_with_it(tmp_path):
    """On a taken port, Voilà serves on another one and prints that address with its own token."""
    notebook = tmp_path / "tiny.ipynb"
    nb = new_notebook(cells=[new_markdown_cell("# Tiny"), new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook)
    log_path = tmp_path / "voila.log"
    with socket.socket() as busy, log_path.open("w") as log:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        server = subprocess.Popen(
            present.voila_command(notebook, taken), cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, env=present.voila_env(),
        )
        try:
            address = None
            deadline = time.monotonic() + STARTUP_LIMIT
            while address is None and time.monotonic() < deadline:
                assert server.poll() is None, "voila exited: " + log_path.read_text()
                address = re.search(r"running at:\s*http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{32,})", log_path.read_text())
                time.sleep(0.5)
            assert address is not None, f"waited {STARTUP_LIMIT} s for Voilà to print its address: {log_path.read_text()}"
            port, token = int(address.group(1)), address.group(2)
            assert port != taken
            refused = _get(port, "/", timeout=10)
            assert refused.status in (302, 401, 403)
            if refused.status == 302:
                assert "/login" in refused.getheader("Location", "")
            served, page = _get(port, f"/?token={token}", timeout=STARTUP_LIMIT), _LAST_BODY[0]
            assert served.status == 200
            external = re.findall(r'<(?:link|script)[^>]+(?:href|src)="(https?://[^"]+)"', page)
            assert external == [], f"the presented page loads from outside 127.0.0.1: {external}"
            assert _get(port, "/?token=wrong" + token[:8]).status in (302, 401, 403)
        finally:
            _stop(server, grace=15)


def _recipe(target: str) -> str:
    """The command lines of a Makefile target, joined (continuation lines included)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{target}:.*\n((?:\t.*\n?)+)", text, flags=re.M)
    assert match, f"no `{target}` target in the Makefile"
    return match.group(1).replace("\\\n", " ")


def test_make_lab_binds_loopback_and_keeps_the_token():
    lab = _recipe("lab")
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert not re.search(r"token=(''|\"\"|\s|$)", lab), "make lab must not set an empty token"
    assert "disable_check_xsrf" not in lab
    assert "--ip=0.0.0.0" not in lab and "ServerApp.ip=0.0.0.0" not in lab
    assert "password=''" not in lab


def test_make_present_and_student_use_the_tools():
    assert "tools/present.py" in _recipe("present")
    assert "--port $(PORT)" in _recipe("present"), "make present PORT=... should pass the port on"
    assert "tools/student_edition.py" in _recipe("student")


def test_ports_and_the_chinese_interface_are_documented():
    """`make help` and the README say how to pick a port and switch JupyterLab to Chinese."""
    help_text = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=" in help_text
    assert "make present NB=02 PORT=" in readme and "make lab PORT=" in readme
    assert "Settings → Language" in readme


def test_project_settings_switch_the_news_off():
    """JupyterLab's news pop-up is off in the settings `make setup` puts into the venv."""
    overrides = json.loads((ROOT / "tools" / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^setup:.*\$\(LAB_SETTINGS\)", makefile, flags=re.M)
    assert re.search(r"^lab:.*\$\(LAB_SETTINGS\)", makefile, flags=re.M)


@pytest.mark.slow  # starts a server
def test_make_lab_starts_without_deprecation_warnings(tmp_path):
    """`make lab` (its JupyterLab command, on a free port) starts with no deprecation warning, news off."""
    port = _free_port()
    dry_run = subprocess.run(["make", "-s", "-n", "lab", f"PORT={port}"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.replace("\\\n", " ")
    command = next(line for line in dry_run.splitlines() if "-m jupyterlab" in line)
    log_path = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path)}
    with log_path.open("w") as log:
        server = subprocess.Popen(command + " --no-browser", shell=True, cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while "is running at" not in log_path.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, "make lab's JupyterLab exited: " + log_path.read_text()
            time.sleep(0.5)
        text = log_path.read_text()
        assert "is running at" in text, f"waited {STARTUP_LIMIT} s for JupyterLab to say it is running"
        assert "Deprecat" not in text, text
        token = re.search(r"\?token=([0-9a-f]+)", text).group(1)
        _get(port, f"/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
        reply = json.loads(_LAST_BODY[0])
        news = reply["schema"]["properties"]["fetchNews"]["default"]  # overrides.json sets the defaults
        assert news == "false", "the project settings should switch JupyterLab's news off"
    finally:
        _stop(server, grace=30)
