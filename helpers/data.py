"""Load the datasets that live in ``data/``.

Every dataset is a file of the repository's ``data/`` folder, described in
``data/README.md``. Nothing is downloaded: :func:`load` only reads files.

Examples
--------
>>> from helpers.data import load
>>> tx = load("transactions")
>>> tx.columns[:4].tolist()
['order_id', 'customer_id', 'date', 'amount']
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data"
"""The folder that holds every dataset (found from this file, not from the working directory)."""

CDNOW_DIR: Path = DATA_DIR / "cdnow"

PERSONAL_MARKER = "student.json"
"""The file that marks a folder of personal synthetic data (see :func:`data_dir`)."""


def data_dir() -> Path:
    """The folder :func:`load` reads the synthetic datasets from.

    Normally the repository's ``data/``. An instructor can give each student
    personal data (``make student ROSTER=...``): the student's edition then has
    ``data/student.json`` beside its ``notebooks/`` folder, and notebooks run
    there read that ``data/``. The environment variable ``CRM_DATA_DIR`` names
    such a folder explicitly (the grader sets it). Real data (CDNOW) and
    datasets missing from a personal folder always come from the repository.

    Returns
    -------
    Path
        The folder searched first for ``<name>.csv``.
    """
    explicit = os.environ.get("CRM_DATA_DIR")
    if explicit:
        return Path(explicit)
    beside = Path.cwd().parent / "data"
    if (beside / PERSONAL_MARKER).is_file():
        return beside
    return DATA_DIR


def data_owner() -> str | None:
    """The student id whose personal data :func:`load` reads, or ``None`` for the shared data."""
    marker = data_dir() / PERSONAL_MARKER
    if not marker.is_file():
        return None
    return str(json.loads(marker.read_text(encoding="utf-8"))["student"])

# Real datasets stored in their original text format; every other dataset is
# a CSV file ``data/<name>.csv``.
_CDNOW_FILES = {
    "cdnow": "CDNOW_sample.txt",
    "cdnow_master": "CDNOW_master.txt",
}


def list_datasets() -> list[str]:
    """Return the names that :func:`load` accepts, sorted.

    Returns
    -------
    list of str
        The CSV files of ``data/`` (without ``.csv``) and the CDNOW datasets.
    """
    names = {path.stem for folder in (DATA_DIR, data_dir()) for path in folder.glob("*.csv")}
    names.update(name for name, file in _CDNOW_FILES.items() if (CDNOW_DIR / file).exists())
    return sorted(names)


def load(name: str) -> pd.DataFrame:
    """Load a dataset of ``data/`` by its name, with dates parsed.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, e.g. ``"transactions"`` or ``"cdnow"``.

    Returns
    -------
    pandas.DataFrame
        Columns named ``date`` or ending in ``_date`` are ``datetime64``;
        text columns use pandas' ``str`` dtype.

    Raises
    ------
    ValueError
        If `name` is not a string.
    FileNotFoundError
        If there is no dataset of that name; the message lists the ones there are.
    """
    if not isinstance(name, str):
        raise ValueError(f"dataset name must be a string such as 'transactions', got {name!r}")
    if name in _CDNOW_FILES:
        return _load_cdnow(name)
    path = data_dir() / f"{name}.csv"
    if not path.exists():
        path = DATA_DIR / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"no dataset named {name!r} in {DATA_DIR}; available: {', '.join(list_datasets())}. "
            "If data/ is empty, run `make data`."
        )
    frame = pd.read_csv(path)
    for column in frame.columns:
        if column == "date" or column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def _load_cdnow(name: str) -> pd.DataFrame:
    """Read one of the CDNOW text files into ``customer_id, date, number_of_cds, dollar_value``."""
    path = CDNOW_DIR / _CDNOW_FILES[name]
    if not path.exists():
        raise FileNotFoundError(f"CDNOW file missing: {path} (copy it from the course's shared data)")
    if name == "cdnow":
        # No header: master id, sample id (1-2357), date, number of CDs, dollar value.
        columns = ["master_id", "customer_id", "date", "number_of_cds", "dollar_value"]
        frame = pd.read_csv(path, sep=r"\s+", header=None, names=columns, dtype={"date": str})
        frame = frame.drop(columns="master_id")
    else:
        frame = pd.read_csv(path, sep=r"\s+", dtype={"date": str})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame[["customer_id", "date", "number_of_cds", "dollar_value"]]
