"""Every server the project starts binds 127.0.0.1 and keeps token authentication.

The tests look for launch commands everywhere the project keeps them — the
Makefile, ``.ci/run``, ``tools/``, ``bench/`` and the test suite's own
fixtures — so that a new launcher is checked as soon as it is written:

- a JupyterLab, Jupyter Server, notebook or Voilà command binds 127.0.0.1
  (``--ip=127.0.0.1``, ``--ServerApp.ip=127.0.0.1``, ``--Voila.ip=...``);
- no command sets an empty token or password, turns off XSRF checks,
  binds every interface (``0.0.0.0``, ``*``) or allows any origin;
- ``python -m http.server`` is always given ``--bind 127.0.0.1`` (by
  default it listens on every interface), also where the docs tell a
  reader to run it.

(``tests/test_present.py`` checks ``make lab`` and ``tools/present.py``
in detail and starts Voilà for real.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"

LAUNCHER = re.compile(r"(^|[\s/\"'(])(jupyter[ -]lab|jupyterlab|jupyter[ -]server|jupyter_server|jupyter[ -]notebook|"
                      r"voila|http\.server)\b", re.IGNORECASE)
"""A word that starts a server: ``jupyter lab``, ``-m jupyterlab``, ``voila``, ``-m http.server``, ..."""
BINDS_LOOPBACK = re.compile(r"--(?:(?:ServerApp|NotebookApp|Voila)\.)?ip=[\"']?127\.0\.0\.1\b")
HTTP_BINDS_LOOPBACK = re.compile(r"(--bind|-b)[\"',\s]+127\.0\.0\.1\b")
FORBIDDEN = {
    "empty token": re.compile(r"token\s*=\s*(''|\"\"|(?=[\s\"',\]]|$))"),
    "empty password": re.compile(r"password\s*=\s*(''|\"\"|(?=[\s\"',\]]|$))"),
    "XSRF checks off": re.compile(r"disable_check_xsrf"),
    "all interfaces": re.compile(r"(ip|bind)[=\s\"',]+(0\.0\.0\.0|\*|::)(?![\w.])"),
    "any origin": re.compile(r"allow_origin\s*=\s*[\"']?\*"),
    "authentication off": re.compile(r"--no-?auth|allow_unauthenticated_access\s*=\s*True", re.IGNORECASE),
}


def _makefile_commands(path: Path) -> list[str]:
    """The Makefile's recipe lines that start a server (continuation lines joined, echo lines skipped)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.startswith("\t")]
    return [line for line in lines if LAUNCHER.search(line) and not line.lstrip("@").startswith("echo")]


def _shell_commands(path: Path) -> list[str]:
    """The lines of a shell script that start a server (continuation lines joined, comments dropped)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [line for line in lines if LAUNCHER.search(line) and not line.startswith("echo")]


def _python_commands(path: Path) -> list[str]:
    """Server command lines built as lists in a Python file, with module constants filled in.

    A list or tuple is a server command when one of its items names a
    launcher (``"voila"``, ``"jupyterlab"``, ``"http.server"``, or an
    expression such as ``str(voila)``) and another is an option (``--...``).
    ``{NAME}`` in an f-string becomes the value of the module-level string
    constant NAME, so ``f"--Voila.ip={HOST}"`` is checked as the address it
    really is. A one-string command (``"jupyter lab --ip=..."``) counts too.
    """
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
    commands = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [ast.unparse(item) for item in node.elts]  # unparse: per node, not per file
            names_launcher = any(LAUNCHER.search(item) and not item.strip("\"'f").startswith("-") for item in items)
            has_option = any(item.strip("\"'f").startswith("--") for item in items)
            if names_launcher and has_option:
                segment = ast.unparse(node)
                commands.append(re.sub(r"\{(\w+)\}", lambda m: constants.get(m.group(1), m.group(0)), segment))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            line = node.value.strip()
            if "\n" not in line and " --" in line and LAUNCHER.match(line.split("-m ")[-1]):
                commands.append(line)
    return commands


def launch_commands() -> list[tuple[str, str]]:
    """Every (file, command) that starts a Jupyter, Voilà or HTTP server."""
    sources: list[tuple[Path, list[str]]] = []
    makefile = ROOT / "Makefile"
    if makefile.exists():
        sources.append((makefile, _makefile_commands(makefile)))
    ci = ROOT / ".ci" / "run"
    if ci.exists():
        sources.append((ci, _shell_commands(ci)))
    for folder in ("tools", "bench", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.resolve() != Path(__file__).resolve():
                sources.append((path, _python_commands(path)))
    found = []
    for path, commands in sources:
        for command in commands:
            found.append((str(path.relative_to(ROOT)), " ".join(command.split())))
    return found


COMMANDS = launch_commands()


def _command_id(item: tuple[str, str]) -> str:
    path, command = item
    return f"{path}: {command[:60]}"


def _problems(command: str) -> list[str]:
    """What is wrong with one launch command (empty when it is safe)."""
    problems = [name for name, pattern in FORBIDDEN.items() if pattern.search(command)]
    if re.search(r"http\.server", command):
        if not HTTP_BINDS_LOOPBACK.search(command):
            problems.append(f"http.server without --bind {LOOPBACK}")
    elif not BINDS_LOOPBACK.search(command):
        problems.append(f"not bound to {LOOPBACK}")
    return problems


def test_the_checks_catch_unsafe_commands(tmp_path):
    """The scan finds and refuses the usual ways of exposing a server."""
    makefile = tmp_path / "Makefile"
    makefile.write_text("lab:\n\tjupyter lab --ip=0.0.0.0 \\\n\t\t--ServerApp.token=''\n"
                        "open:\n\tjupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.disable_check_xsrf=True\n"
                        "serve:\n\tpython -m http.server -d build\n\t@echo voila is nice\n")
    script = tmp_path / "launch.py"
    script.write_text('HOST = "0.0.0.0"\n'
                      'def command(nb):\n'
                      '    return [sys.executable, "-m", "voila", str(nb), f"--Voila.ip={HOST}", "--token="]\n'
                      'OTHER = [str(voila), "--port=1"]\n'
                      'BAD = ("--ip=", "--Voila.ip=0")  # a list of bad options, not a command\n')
    commands = _makefile_commands(makefile) + _python_commands(script)
    assert len(commands) == 5, commands  # 3 Makefile recipes (not the echo), 2 Python lists (not BAD)
    assert all(_problems(command) for command in commands), [c for c in commands if not _problems(c)]
    assert not _problems("jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=8888")
    assert not _problems('[sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "8000"]')


def test_the_known_launchers_are_found():
    """The scan sees the launchers the project has (so it would see a new one)."""
    places = {path for path, _ in COMMANDS}
    assert "Makefile" in places, "`make lab` starts JupyterLab: the scan should find it"
    if (ROOT / "tools" / "present.py").exists():
        assert "tools/present.py" in places


@pytest.mark.parametrize("item", COMMANDS, ids=_command_id)
def test_launch_command_is_safe(item: tuple[str, str]):
    path, command = item
    problems = _problems(command)
    assert not problems, f"{path}: {'; '.join(problems)} in {command!r}"


# ---- What the docs tell a reader to run --------------------------------------

def _documents() -> list[Path]:
    """Text that tells a reader what to run: READMEs, CONTRIBUTING, docstrings of tools/."""
    paths = [ROOT / name for name in ("README.md", "CONTRIBUTING.md") if (ROOT / name).exists()]
    paths += sorted((ROOT / "tools").glob("*.py"))
    book = ROOT / "book"
    if book.exists():
        paths += sorted(book.rglob("*.md"))
    return paths


DOCUMENTED_HTTP_SERVERS = [
    (str(path.relative_to(ROOT)), line.strip()) for path in _documents()
    for line in path.read_text(encoding="utf-8").splitlines()
    if re.search(r"python3? -m http\.server", line)
]


@pytest.mark.parametrize("item", DOCUMENTED_HTTP_SERVERS, ids=_command_id)
def test_documented_http_server_binds_loopback(item: tuple[str, str]):
    """A reader told to serve the built pages locally should not expose them to the network."""
    path, line = item
    assert HTTP_BINDS_LOOPBACK.search(line), f"{path}: {line!r} should add --bind {LOOPBACK}"
