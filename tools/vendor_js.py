"""What the slide and book builds share: the vendored JavaScript and the up-to-date check.

The static pages load reveal.js, require.js, MathJax and the widget renderer
from beside themselves, never from a CDN: the
versions pinned in ``tools/vendor/package-lock.json`` are installed once with
``npm ci`` into ``build/vendor-<lock hash>/`` and the files a page needs are
copied next to it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
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
    """Install the pinned npm packages once and return their ``node_modules`` folder.

    The folder is named after the lock file's hash, so a changed lock gets a
    fresh install and an unchanged one is reused. ``npm ci`` runs in a
    temporary folder that is then renamed into place: two builds running at
    once never see a half-installed folder (the second rename loses and its
    copy is removed).

    Raises
    ------
    FileNotFoundError
        If ``npm`` is not installed (install Node.js: ``apt-get install nodejs npm``).
    RuntimeError
        If ``npm ci`` fails (for example, the npm registry cannot be reached).
    """
    lock = SPEC_DIR / "package-lock.json"
    target = build_dir / f"vendor-{hashlib.sha256(lock.read_bytes()).hexdigest()[:12]}"
    if (target / "node_modules").is_dir():
        return target / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError(
            "npm was not found: the static slides and book vendor their JavaScript from the npm "
            "registry at build time. Install Node.js and npm (e.g. `apt-get install nodejs npm`)."
        )
    build_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".vendor-", dir=build_dir))
    shutil.copy2(SPEC_DIR / "package.json", work / "package.json")
    shutil.copy2(lock, work / "package-lock.json")
    command = [npm, "ci", "--prefix", str(work), "--ignore-scripts", "--no-audit", "--no-fund"]
    print(f"installing pinned JavaScript into {target} (npm ci)")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{result.stdout}\n{result.stderr}")
    try:
        work.rename(target)
    except OSError:  # another build installed it meanwhile: use theirs
        shutil.rmtree(work, ignore_errors=True)
    return target / "node_modules"


def copy_assets(node_modules: Path, destination: Path, assets: Mapping[str, str]) -> None:
    """Replace `destination` by the `assets` (path inside it -> path inside `node_modules`).

    Raises
    ------
    FileNotFoundError
        If a source is missing (a package version without that file).
    """
    if destination.exists():
        shutil.rmtree(destination)
    for name, source in assets.items():
        src, dst = node_modules / source, destination / name
        if not src.exists():
            raise FileNotFoundError(f"{src} is missing: expected it in the npm packages pinned in {SPEC_DIR}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=_IGNORED)
        else:
            shutil.copy2(src, dst)


def inputs_digest(paths: list[Path]) -> str:
    """Return a SHA-256 over the names and contents of `paths` (directories: every file inside)."""
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
    """Tell whether `out_dir` was built from inputs with this `digest` (stored in its :data:`STAMP`)."""
    stamp = out_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest
