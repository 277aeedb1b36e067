"""Present a chapter as a Voilà app: widgets live, no code on screen.

Usage: python tools/present.py NB [--port PORT] [--dry-run]
       (``make present NB=02`` or ``make present NB=02 PORT=9000``; README)

``NB`` is a chapter number (``02`` or ``2``) or a notebook path. Voilà listens on
127.0.0.1 only, behind a fresh random token, with the project's ``offline``
template (``tools/jupyter/voila/templates/``: nothing loaded from outside).
``--dry-run`` prints the command instead of running it.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shlex
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
JUPYTER_PATH = ROOT / "tools" / "jupyter"
"""Holds the ``offline`` Voilà template: Voilà's lab template minus its CDN style sheets."""
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
"""Voilà's usual port; the next free one is used if it is taken (:func:`pick_port`)."""


def resolve_notebook(nb: str, folder: Path = NOTEBOOKS) -> Path:
    """Turn ``"02"``, ``"2"`` or a notebook path into the notebook's path.

    Raises
    ------
    ValueError
        If `nb` is empty, or is neither a number nor an ``.ipynb`` path.
    FileNotFoundError
        If no notebook matches; the message lists the chapters there are.
    """
    if not isinstance(nb, str) or not nb.strip():
        raise ValueError("say which chapter to present, e.g. `make present NB=02`")
    nb = nb.strip()
    if nb.endswith(".ipynb"):
        path = Path(nb)
        if not path.is_absolute() and not path.exists():
            path = folder / path.name
        if not path.exists():
            raise FileNotFoundError(f"notebook not found: {nb}")
        return path.resolve()
    if not re.fullmatch(r"\d{1,2}", nb):
        raise ValueError(f"NB should be a chapter number such as 02, or a .ipynb path; got {nb!r}")
    matches = sorted(folder.glob(f"{int(nb):02d}_*.ipynb"))
    if not matches:
        available = ", ".join(path.name.split("_", 1)[0] for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")))
        raise FileNotFoundError(f"no notebook {int(nb):02d}_*.ipynb in {folder}; chapters available: {available or 'none'}")
    return matches[0].resolve()


def pick_port(start: int = DEFAULT_PORT, tries: int = 50) -> int:
    """The first port on 127.0.0.1 from `start` on that nothing listens on.

    Picked here rather than by Voilà's own retries so that the address printed
    before Voilà starts is the one it serves.

    Raises
    ------
    ValueError
        If `start` is not a valid port number.
    OSError
        If none of the `tries` ports is free.
    """
    if not isinstance(start, int) or not 1024 <= start <= 65535:
        raise ValueError(f"port must be a whole number between 1024 and 65535, got {start!r}")
    for port in range(start, min(start + tries, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:  # taken
                continue
        return port
    raise OSError(f"no free port on {HOST} between {start} and {start + tries - 1}; pass --port")


def new_token() -> str:
    """A fresh random token (48 hex characters) for Voilà's login."""
    return secrets.token_hex(24)


def voila_command(notebook: Path, port: int, token: str) -> list[str]:
    """The Voilà command line that serves `notebook` on 127.0.0.1:`port` behind `token`.

    Raises
    ------
    ValueError
        If the token is empty: an empty token would switch authentication off.
    """
    if not isinstance(token, str) or not token:
        raise ValueError("the token must be a non-empty string (an empty token disables authentication)")
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--Voila.ip={HOST}", f"--port={port}",
            "--Voila.port_retries=0", f"--token={token}", "--strip_sources=True", "--template=offline"]


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Voilà runs in: the project's templates found first, seeded hashes."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_PATH), env.get("JUPYTER_PATH", "")) if p)
    env["PYTHONHASHSEED"] = "0"
    return env


def url(port: int, token: str) -> str:
    """The address to open, token included."""
    return f"http://{HOST}:{port}/?token={token}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nb", help="chapter number (02) or notebook path")
    parser.add_argument("--port", type=int, default=None, help=f"default: first free from {DEFAULT_PORT}")
    parser.add_argument("--dry-run", action="store_true", help="print the command, do not run it")
    args = parser.parse_args(argv)
    try:
        notebook = resolve_notebook(args.nb)
        port = pick_port(args.port if args.port is not None else DEFAULT_PORT)
    except (ValueError, FileNotFoundError, OSError) as error:
        print(f"present: {error}", file=sys.stderr)
        return 2
    token = new_token()
    command = voila_command(notebook, port, token)
    if args.dry_run:
        print(shlex.join(command))
        return 0
    print(f"Presenting {notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else notebook}")
    print(f"Open {url(port, token)}   (this computer only; Ctrl+C to stop)", flush=True)
    os.execve(command[0], command, voila_env())
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
