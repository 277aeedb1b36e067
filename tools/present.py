"""Present a chapter as a Voilà app: widgets live, no code on screen.

Usage: python tools/present.py NB [--port PORT] [--dry-run]
       (``make present NB=02`` or ``make present NB=02 PORT=9000``; README)

``NB`` is a chapter number (``02`` or ``2``) or a notebook path. Voilà listens on
127.0.0.1 only, behind a fresh random token, with the project's ``offline``
template (``tools/jupyter/voila/templates/``: nothing loaded from outside).
Voilà itself draws the token (``--token`` with no value), moves on to a free
port nearby when ``--port`` is taken, and prints the address to open, token
included. ``--dry-run`` prints the command instead of running it.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
JUPYTER_PATH = ROOT / "tools" / "jupyter"
"""Holds the ``offline`` Voilà template: Voilà's lab template minus its CDN style sheets."""
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
"""Voilà's usual port; Voilà moves on to a free one near it if it is taken."""
KERNEL_CLIENT = "kernel_client.PollingKernelClient"
"""Voilà runs the notebook with nbclient: this client (``tools/kernel_client.py``) never sleeps through a reply."""


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


def voila_command(notebook: Path, port: int = DEFAULT_PORT, token: str | None = None) -> list[str]:
    """The Voilà command line that serves `notebook` on 127.0.0.1 from `port` on, behind a token.

    With ``token=None`` Voilà draws a fresh random token and prints it in the
    address it serves; if `port` is taken it tries up to 50 others nearby
    (``Voila.port_retries``). Tests pass a token and a free port of their own.

    Raises
    ------
    ValueError
        If `port` is not a number from 1024 to 65535, or `token` is empty
        (an empty token would switch authentication off).
    """
    if not isinstance(port, int) or not 1024 <= port <= 65535:
        raise ValueError(f"port must be a whole number between 1024 and 65535, got {port!r}")
    if token is not None and (not isinstance(token, str) or not token):
        raise ValueError("the token must be a non-empty string (an empty token disables authentication)")
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--Voila.ip={HOST}", f"--port={port}",
            "--token" if token is None else f"--token={token}", "--strip_sources=True", "--template=offline",
            f"--AsyncKernelManager.client_class={KERNEL_CLIENT}"]


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Voilà runs in: the project's templates and kernel client found first, seeded hashes, no fixed token."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_PATH), env.get("JUPYTER_PATH", "")) if p)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "tools"), env.get("PYTHONPATH", "")) if p)
    env["PYTHONHASHSEED"] = "0"
    for fixed in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE"):  # would replace Voilà's fresh token
        env.pop(fixed, None)
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nb", help="chapter number (02) or notebook path")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}, or a free one near it")
    parser.add_argument("--dry-run", action="store_true", help="print the command, do not run it")
    args = parser.parse_args(argv)
    try:
        notebook = resolve_notebook(args.nb)
        command = voila_command(notebook, args.port)
    except (ValueError, FileNotFoundError) as error:
        print(f"present: {error}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(shlex.join(command))
        return 0
    print(f"Presenting {notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else notebook}")
    print("Open the address Voilà prints below, token included (this computer only; Ctrl+C to stop)", flush=True)
    os.execve(command[0], command, voila_env())
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
