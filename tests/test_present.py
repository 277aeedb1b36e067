"""tools/present.py (``make present``) and ``make lab``: loopback only, token on.

The live test starts Voilà on a free port of 127.0.0.1 with a tiny notebook,
checks that a request without the token is refused and one with it is served,
then stops the server it started (bounded waits, loopback only).
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import signal
import subprocess
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


def test_command_binds_loopback_with_a_token_and_hides_code():
    token = present.new_token()
    command = present.voila_command(Path("/x/02_customer_value.ipynb"), 8866, token)
    assert command[1:3] == ["-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in command
    assert not any(arg.startswith(("--ip=", "--Voila.ip=0", "--Voila.ip=*")) for arg in command)
    tokens = [arg.split("=", 1)[1] for arg in command if arg.startswith("--token=")]
    assert tokens == [token] and len(token) >= 32
    assert "--strip_sources=True" in command and "--no-browser" in command
    assert present.url(8866, token) == f"http://127.0.0.1:8866/?token={token}"


def test_tokens_are_fresh_and_never_empty():
    assert present.new_token() != present.new_token()
    with pytest.raises(ValueError, match="non-empty"):
        present.voila_command(Path("x.ipynb"), 8866, "")


def test_dry_run_prints_the_command(capsys):
    assert present.main(["00", "--dry-run", "--port", "8866"]) == 0
    printed = capsys.readouterr().out
    assert "-m voila" in printed and "00_start_here.ipynb" in printed
    assert "--Voila.ip=127.0.0.1" in printed and re.search(r"--token=[0-9a-f]{48}\b", printed)


def test_pick_port_skips_a_busy_port():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        if taken > 65000:
            pytest.skip("the OS gave a port too close to the top of the range")
        assert present.pick_port(taken) != taken
    with pytest.raises(ValueError, match="between 1024 and 65535"):
        present.pick_port(80)


def _get(port: int, path: str, timeout: float = 60) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_voila_refuses_without_the_token_and_serves_with_it(tmp_path):
    notebook = tmp_path / "tiny.ipynb"
    nb = new_notebook(cells=[new_markdown_cell("# Tiny"), new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook)
    port = present.pick_port(20000 + os.getpid() % 20000)
    token = present.new_token()
    log = (tmp_path / "voila.log").open("w")
    server = subprocess.Popen(
        present.voila_command(notebook, port, token), cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        refused = None
        deadline = time.monotonic() + 60
        while refused is None and time.monotonic() < deadline:
            assert server.poll() is None, "voila exited: " + (tmp_path / "voila.log").read_text()
            try:
                refused = _get(port, "/", timeout=10)
            except OSError:  # not listening yet
                time.sleep(0.5)
        assert refused is not None, "voila did not answer within 60 s"
        assert refused.status in (302, 401, 403)
        if refused.status == 302:
            assert "/login" in refused.getheader("Location", "")
        served = _get(port, f"/?token={token}")
        assert served.status == 200
        assert _get(port, "/?token=wrong" + token[:8]).status in (302, 401, 403)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        log.close()


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
    assert "tools/student_edition.py" in _recipe("student")
