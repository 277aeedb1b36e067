"""Bring the JavaScript that static pages need into build/, so they work offline.

The slides and the book are plain HTML. By default nbconvert and Jupyter Book
make them load reveal.js, require.js, MathJax and the widget renderer from
CDNs when a reader opens them: offline (in a classroom with no network, or on
this project's machines) the decks stay blank and the widgets never appear.
Instead, the exact versions pinned in ``tools/vendor/package.json`` (locked
in ``tools/vendor/package-lock.json``) are installed from the npm registry at
build time with ``npm ci`` into ``build/vendor/``, and the few files a page
needs are copied beside the pages. Nothing is fetched when a page is viewed.

Used by ``tools/build_slides.py`` and ``tools/build_book.py``, which also share
the up-to-date check at the end of this module.
"""

from __future__ import annotations

import filecmp
import hashlib
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "tools" / "vendor"
BUILD = ROOT / "build"
STAMP = ".inputs.sha256"  # in a build's output folder: the digest of what it was built from

# What the slides need: destination inside the deck's `_vendor/` -> source inside node_modules.
# MathJax 2 because nbconvert's reveal template configures MathJax through MathJax.Hub (v2 API).
SLIDES_ASSETS: dict[str, str] = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "require.js": "requirejs/require.js",
    "jquery.min.js": "jquery/dist/jquery.min.js",
    "html-manager": "@jupyter-widgets/html-manager/dist",
    "mathjax2/MathJax.js": "mathjax2/MathJax.js",
    "mathjax2/config/TeX-AMS_CHTML-full.js": "mathjax2/config/TeX-AMS_CHTML-full.js",
    "mathjax2/config/Safe.js": "mathjax2/config/Safe.js",
    "mathjax2/extensions": "mathjax2/extensions",
    "mathjax2/jax/element": "mathjax2/jax/element",
    "mathjax2/jax/input/TeX": "mathjax2/jax/input/TeX",
    "mathjax2/jax/output/CommonHTML": "mathjax2/jax/output/CommonHTML",
    "mathjax2/fonts/HTML-CSS/TeX/woff": "mathjax2/fonts/HTML-CSS/TeX/woff",
    "mathjax2/localization/en": "mathjax2/localization/en",
}

# What the book needs (Sphinx copies `_vendor/` into the site's `_static/`).
# MathJax 3 because Sphinx's mathjax extension configures the v3 API.
BOOK_ASSETS: dict[str, str] = {
    "require.js": "requirejs/require.js",
    "html-manager": "@jupyter-widgets/html-manager/dist",
    "mathjax": "mathjax/es5",
}

# Large files no page loads (source maps, the non-AMD bundle).
_IGNORED = shutil.ignore_patterns("*.map", "embed.js", "embed.js.LICENSE.txt")


def install(build_dir: Path = BUILD) -> Path:
    """Install the pinned npm packages into ``build_dir/vendor`` and return its node_modules.

    Runs ``npm ci`` only when the lock file changed since the last install,
    so a second build is instant.

    Parameters
    ----------
    build_dir : Path
        The build directory (``build/`` by default).

    Returns
    -------
    Path
        The ``node_modules`` directory holding the packages.

    Raises
    ------
    FileNotFoundError
        If ``npm`` is not installed (install Node.js: ``apt-get install nodejs npm``).
    RuntimeError
        If ``npm ci`` fails (for example, the npm registry cannot be reached).
    """
    target = build_dir / "vendor"
    node_modules = target / "node_modules"
    lock = SPEC_DIR / "package-lock.json"
    installed_lock = target / "package-lock.json"
    if node_modules.is_dir() and installed_lock.exists() and filecmp.cmp(lock, installed_lock, shallow=False):
        return node_modules

    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError(
            "npm was not found: the static slides and book vendor their JavaScript from the npm "
            "registry at build time. Install Node.js and npm (e.g. `apt-get install nodejs npm`)."
        )
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(SPEC_DIR / "package.json", target / "package.json")
    shutil.copy2(lock, installed_lock)
    command = [npm, "ci", "--prefix", str(target), "--ignore-scripts", "--no-audit", "--no-fund"]
    print(f"installing pinned JavaScript into {target} (npm ci)")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        installed_lock.unlink(missing_ok=True)  # so that the next build tries again
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{result.stdout}\n{result.stderr}")
    return node_modules


def copy_assets(node_modules: Path, destination: Path, assets: Mapping[str, str]) -> None:
    """Copy each ``assets`` entry (destination name -> source path) from node_modules.

    Parameters
    ----------
    node_modules : Path
        Where :func:`install` put the packages.
    destination : Path
        The ``_vendor`` directory beside the pages; it is replaced.
    assets : mapping of str to str
        Path inside ``destination`` -> path inside ``node_modules`` (file or directory).

    Raises
    ------
    FileNotFoundError
        If a source is missing (a package version without that file).
    """
    if destination.exists():
        shutil.rmtree(destination)
    for name, source in assets.items():
        src = node_modules / source
        dst = destination / name
        if not src.exists():
            raise FileNotFoundError(
                f"{src} is missing: expected it in the npm packages pinned in {SPEC_DIR}/package.json"
            )
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=_IGNORED)
        else:
            shutil.copy2(src, dst)


def inputs_digest(paths: list[Path]) -> str:
    """Return a SHA-256 over the names and contents of `paths` (directories: every file inside).

    A build stores it in its output folder (:data:`STAMP`) and skips itself
    when nothing it reads has changed.
    """
    digest = hashlib.sha256()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts)
        elif path.is_file():
            files.append(path)
    for file in sorted(files):
        digest.update(str(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def is_up_to_date(out_dir: Path, digest: str) -> bool:
    """Tell whether `out_dir` was built from inputs with this `digest`."""
    stamp = out_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest
