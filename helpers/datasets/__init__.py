"""The seeded generator of every synthetic dataset in ``data/``.

Run ``python -m helpers.datasets`` (or ``make data``) to rewrite the files;
the output is byte-identical on every run and every machine, which
``tests/test_datasets.py`` checks.

Each topic module (``retail``, ...) has a ``generate(seed=SEED) -> dict[str, DataFrame]``
that uses its own fixed ``SEED``, so adding a dataset never changes another.
``python -m helpers.datasets OUT_DIR --student ID`` writes one student's
personal data instead (see :mod:`helpers.datasets.seeds`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.data import DATA_DIR, PERSONAL_MARKER
from helpers.datasets import mining, retail, satisfaction, service, value_surveys
from helpers.datasets.seeds import personal_seed

MODULES = {"retail": retail, "value_surveys": value_surveys, "mining": mining, "satisfaction": satisfaction,
           "service": service}
"""Topic name -> generator module (with ``SEED`` and ``generate``)."""

GENERATORS: dict[str, Callable[..., dict[str, pd.DataFrame]]] = {
    "retail": retail.generate,
    "value_surveys": value_surveys.generate,
    "mining": mining.generate,
    "satisfaction": satisfaction.generate,
    "service": service.generate,
}
"""Topic name -> function returning ``{dataset name: table}``."""


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` as CSV in the one format all datasets share (UTF-8, ``\\n``, no index)."""
    frame.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write_all(out_dir: Path | str = DATA_DIR, student: str | None = None) -> list[Path]:
    """Generate every synthetic dataset and write it to ``out_dir/<name>.csv``.

    Parameters
    ----------
    out_dir : path-like
        Target folder, created if needed; ``data/`` by default.
    student : str, optional
        A student id: write that student's personal data (other numbers of the
        same kind) and the marker ``student.json`` that :func:`helpers.data.load`
        recognises. ``None`` writes the shared data.

    Returns
    -------
    list of Path
        The files written, in order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for topic, generate in GENERATORS.items():
        seed = personal_seed(MODULES[topic].SEED, student)
        for name, frame in generate(seed).items():
            path = out_dir / f"{name}.csv"
            write_csv(frame, path)
            written.append(path)
    if student is not None:
        marker = out_dir / PERSONAL_MARKER
        marker.write_text(json.dumps({"student": str(student).strip()}, ensure_ascii=False) + "\n", encoding="utf-8")
    return written
