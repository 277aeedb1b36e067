"""Check that this computer is ready for the course, and say plainly what to fix.

Run it from a notebook (``notebooks/00_start_here.ipynb`` does)::

    from helpers.selfcheck import run_selfcheck, summary
    report = run_selfcheck()
    report              # one row per check: item, status, fix
    print(summary(report))

Each row's ``status`` is ``"OK"``, ``"problem"`` (the course will not work
properly until you apply the ``fix``) or ``"optional"`` (a nicety, such as
a Chinese font for plot labels).
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pandas as pd

from helpers.data import DATA_DIR, list_datasets, load

ROOT: Path = Path(__file__).resolve().parent.parent
LOCK_FILE: Path = ROOT / "requirements.lock"

MIN_PYTHON = (3, 11)
"""The oldest Python the course supports."""

KEY_PACKAGES = [
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "seaborn",
    "scikit-learn",
    "statsmodels",
    "mlxtend",
    "ipywidgets",
    "ipykernel",
]
"""The packages whose versions must match ``requirements.lock``."""

SETUP_FIX = "run `make setup` in the course folder (or `pip install -r requirements.lock`), then restart the kernel"

COLUMNS = ["item", "status", "fix"]


def _row(item: str, ok: bool, fix: str, status_if_bad: str = "problem") -> dict[str, str]:
    return {"item": item, "status": "OK" if ok else status_if_bad, "fix": "" if ok else fix}


def check_python(version: tuple[int, ...] | None = None) -> dict[str, str]:
    """Python must be at least 3.11 (`version` defaults to the running one)."""
    version = tuple(sys.version_info[:3]) if version is None else tuple(version)
    shown = ".".join(map(str, version))
    need = ".".join(map(str, MIN_PYTHON))
    return _row(
        f"Python {shown} (need >= {need})",
        version[:2] >= MIN_PYTHON,
        f"install Python {need} or newer, delete .venv and run `make lab` again",
    )


def read_lock(path: Path | str = LOCK_FILE) -> dict[str, str]:
    """Return ``{package name: pinned version}`` from a ``requirements.lock`` file.

    Names are lower case with ``_`` and ``.`` written as ``-``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"lock file not found: {path}")
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_packages(lock: Path | str = LOCK_FILE, packages: list[str] | None = None) -> list[dict[str, str]]:
    """One row per key package: installed, and at the version the lock file pins."""
    packages = KEY_PACKAGES if packages is None else packages
    try:
        pins = read_lock(lock)
    except FileNotFoundError:
        return [_row("requirements.lock", False, "run the notebooks from the course folder, which has requirements.lock")]
    rows = []
    for package in packages:
        wanted = pins.get(_normalise(package))
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            rows.append(_row(f"{package} (not installed)", False, SETUP_FIX))
            continue
        if wanted is None:
            rows.append(_row(f"{package} {installed} (not in requirements.lock)", True, ""))
            continue
        rows.append(_row(f"{package} {installed} (lock: {wanted})", installed == wanted, SETUP_FIX))
    return rows


def documented_datasets(readme: Path | str = DATA_DIR / "README.md") -> list[str]:
    """The dataset names that ``data/README.md`` documents (its ``### `name` `` headings)."""
    readme = Path(readme)
    if not readme.exists():
        return []
    names = []
    for heading in re.findall(r"^### (.+)$", readme.read_text(encoding="utf-8"), flags=re.M):
        names += re.findall(r"`([^`]+)`", heading)
    return names


def check_datasets() -> list[dict[str, str]]:
    """One row per dataset (documented or present): the file exists and :func:`load` reads it."""
    names = sorted(set(documented_datasets()) | set(list_datasets()))
    if not names:
        return [_row("datasets in data/", False, "the data/ folder is empty: run `make data`")]
    rows = []
    for name in names:
        if "/" in name:  # a raw file documented by its path, e.g. chapter 05's messy export
            rows.append(_row(f"dataset {name}", (DATA_DIR / name).is_file(), "file missing: run `make data`"))
            continue
        try:
            frame = load(name)
            ok, fix = len(frame) > 0, "the file is empty: run `make data`"
        except FileNotFoundError:
            ok, fix = False, "file missing: run `make data` (CDNOW: restore data/cdnow/ from the repository)"
        except Exception as error:  # any parsing failure means a damaged file
            ok, fix = False, f"cannot read it ({type(error).__name__}): run `make data` to rewrite it"
        rows.append(_row(f"dataset {name}", ok, fix))
    return rows


def check_kernel() -> dict[str, str]:
    """The notebooks run on the Jupyter kernel named ``python3``."""
    fix = "run `python -m ipykernel install --sys-prefix --name python3` in the course's .venv"
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        found = "python3" in KernelSpecManager().find_kernel_specs()
    except ImportError:
        found = False
    return _row("Jupyter kernel 'python3'", found, fix)


def check_widgets_frontend() -> dict[str, str]:
    """JupyterLab shows ipywidgets 8 only with the ``jupyterlab_widgets`` 3.x extension installed.

    A widget cell that has not run yet shows a text form such as ``VBox(children=...)``
    in any set-up; only text that stays after the cell ran points to this row.
    """
    fix = ("install the widget front end: `pip install jupyterlab_widgets` (or `make setup`), then reload "
           "JupyterLab and run the widget cell again (before a cell runs, its widget shows as text: that is normal)")
    try:
        frontend = importlib.metadata.version("jupyterlab_widgets")
    except importlib.metadata.PackageNotFoundError:
        return _row("ipywidgets front end (jupyterlab_widgets)", False, fix)
    return _row("ipywidgets front end (jupyterlab_widgets)", frontend.split(".")[0] == "3", fix)


def check_cjk_font() -> dict[str, str]:
    """Optional: the course's Chinese font (shipped in helpers/fonts/) lets plot labels carry the lecture's terms."""
    from helpers.plotting import find_cjk_font

    return _row(
        "Chinese font for plot labels (optional)",
        find_cjk_font() is not None,
        "reinstall the course (`make setup`): helpers/fonts/ ships the font; plots work without it in English",
        status_if_bad="optional",
    )


def run_selfcheck() -> pd.DataFrame:
    """Run every check of the course environment.

    Returns
    -------
    pandas.DataFrame
        Columns ``item`` (what was checked), ``status`` (``"OK"``,
        ``"problem"`` or ``"optional"``) and ``fix`` (what to do; empty when OK).
    """
    rows = [check_python(), *check_packages(), *check_datasets(), check_kernel(), check_widgets_frontend()]
    rows.append(check_cjk_font())
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(report: pd.DataFrame) -> str:
    """One sentence on a :func:`run_selfcheck` report that does not depend on the machine when all is well.

    Raises
    ------
    KeyError
        If `report` lacks the ``item``/``status``/``fix`` columns.
    """
    if not isinstance(report, pd.DataFrame):
        raise ValueError(f"report must be the DataFrame from run_selfcheck(), got {type(report).__name__}")
    missing = [column for column in COLUMNS if column not in report.columns]
    if missing:
        raise KeyError(f"report lacks the column(s) {missing}; expected the output of run_selfcheck()")
    problems = report[report["status"] == "problem"]
    if problems.empty:
        return "All required checks passed: your environment is ready for the course."
    lines = [f"{len(problems)} problem(s) to fix, then restart the kernel:"]
    lines += [f"- {row.item}: {row.fix}" for row in problems.itertuples()]
    return "\n".join(lines)
