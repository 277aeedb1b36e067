"""The seeded generator of every synthetic dataset in ``data/``.

Run ``python -m helpers.datasets`` (or ``make data``) to rewrite the files;
the output is byte-identical on every run and every machine, which
``tests/test_datasets.py`` checks.

Each topic module (``retail``, ...) has a ``generate() -> dict[str, DataFrame]``
that uses its own fixed seed, so adding a dataset never changes another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.data import DATA_DIR
from helpers.datasets import mining, ownlog, retail, satisfaction, value_surveys

GENERATORS: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
    "retail": retail.generate,
    "value_surveys": value_surveys.generate,
    "mining": mining.generate,
    "satisfaction": satisfaction.generate,
}
"""Topic name -> function returning ``{dataset name: table}``."""


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` as CSV in the one format all datasets share (UTF-8, ``\\n``, no index)."""
    frame.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write_all(out_dir: Path | str = DATA_DIR) -> list[Path]:
    """Generate every synthetic dataset and write it to ``out_dir/<name>.csv``.

    Parameters
    ----------
    out_dir : path-like
        Target folder, created if needed; ``data/`` by default.

    Returns
    -------
    list of Path
        The files written, in order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for generate in GENERATORS.values():
        for name, frame in generate().items():
            path = out_dir / f"{name}.csv"
            write_csv(frame, path)
            written.append(path)
    written += ownlog.write(out_dir)  # chapter 05's messy export: GBK text, so written by its own module
    return written
