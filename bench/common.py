"""What every benchmark shares: the result row, percentiles and timers.

A benchmark module exposes ``run(...) -> list[Row]``; ``bench/run.py``
collects the rows of all of them into one table and one CSV file.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"


@dataclass
class Row:
    """One measured figure.

    ``target`` is a bound such as ``"<= 50"`` (empty when there is none);
    ``ok`` is ``"yes"`` / ``"no"`` against it, or ``""``; ``note`` says
    anything a reader needs (e.g. why a figure is missing).
    """

    benchmark: str
    case: str
    metric: str
    value: float
    unit: str
    target: str = ""
    ok: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def at_most(value: float, bound: float) -> tuple[str, str]:
    """The (target, ok) pair of an upper bound."""
    ok = "" if not np.isfinite(value) else ("yes" if value <= bound else "no")
    return f"<= {bound:g}", ok


def at_least(value: float, bound: float) -> tuple[str, str]:
    """The (target, ok) pair of a lower bound."""
    ok = "" if not np.isfinite(value) else ("yes" if value >= bound else "no")
    return f">= {bound:g}", ok


def between(value: float, low: float, high: float) -> tuple[str, str]:
    """The (target, ok) pair of a range."""
    ok = "" if not np.isfinite(value) else ("yes" if low <= value <= high else "no")
    return f"{low:g} .. {high:g}", ok


def p50_p95(samples_ms: list[float] | np.ndarray) -> tuple[float, float]:
    """Median and 95th percentile of durations in milliseconds."""
    return float(np.percentile(samples_ms, 50)), float(np.percentile(samples_ms, 95))


def best_time(function: Callable[[], Any], repeats: int = 3) -> tuple[float, Any]:
    """The shortest wall time (s) of `repeats` calls of `function`, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory_mb(function: Callable[[], Any]) -> float:
    """Peak memory (MiB) allocated while `function` runs, as tracemalloc sees it.

    numpy and pandas report their array buffers to tracemalloc, so this is
    the working memory of the computation on top of its input.
    """
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - base) / 2**20
