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


# --------------------------------------------------------------------------
# The benchmark-only environment with `lifetimes`
# --------------------------------------------------------------------------

LIFETIMES_REQUIREMENTS = ROOT / "bench" / "requirements-lifetimes.txt"
LIFETIMES_VENV = BUILD / "venv-lifetimes"
LIFETIMES_RUNNER = ROOT / "bench" / "lifetimes_runner.py"


_FAILED_BUILD: list[str] = []
"""Why the environment could not be built in this run (so it is tried once per run)."""


def lifetimes_python() -> tuple[Path | None, str]:
    """The Python of the `lifetimes` environment, built on first use.

    Returns
    -------
    (path, message)
        The interpreter and ``""``, or ``None`` and why the environment
        could not be built (e.g. no network): the benchmarks then say so in
        their rows instead of failing.
    """
    import hashlib
    import shutil
    import subprocess
    import sys

    python = LIFETIMES_VENV / "bin" / "python"
    stamp = LIFETIMES_VENV / ".requirements-sha256"
    wanted = hashlib.sha256(LIFETIMES_REQUIREMENTS.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python, ""
    if _FAILED_BUILD:
        return None, _FAILED_BUILD[0]
    shutil.rmtree(LIFETIMES_VENV, ignore_errors=True)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if shutil.which("uv"):
        steps = [["uv", "venv", "-q", "--python", version, str(LIFETIMES_VENV)],
                 ["uv", "pip", "install", "-q", "--python", str(python), "-r", str(LIFETIMES_REQUIREMENTS)]]
    else:
        base = shutil.which(f"python{version}") or shutil.which("python3") or "python3"
        steps = [[base, "-m", "venv", str(LIFETIMES_VENV)],
                 [str(python), "-m", "pip", "install", "-q", "-r", str(LIFETIMES_REQUIREMENTS)]]
    print(f"building the lifetimes benchmark environment in {LIFETIMES_VENV.relative_to(ROOT)} ...", flush=True)
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            _FAILED_BUILD.append(f"lifetimes environment not built: {error}")
            return None, _FAILED_BUILD[0]
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no message)"]
            _FAILED_BUILD.append(f"lifetimes environment not built ({' '.join(step[:3])} failed: "
                                 f"{last[0].strip()[:160]})")
            return None, _FAILED_BUILD[0]
    stamp.write_text(wanted + "\n")
    return python, ""


def run_lifetimes(job: dict[str, Any], timeout: int = 900) -> dict[str, Any]:
    """Run one job of ``bench/lifetimes_runner.py`` in the lifetimes environment.

    Returns the runner's JSON answer, or ``{"error": message}``.
    """
    import json
    import subprocess

    python, message = lifetimes_python()
    if python is None:
        return {"error": message}
    try:
        done = subprocess.run([str(python), str(LIFETIMES_RUNNER)], input=json.dumps(job),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"lifetimes job timed out after {timeout} s"}
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["(no message)"]
        return {"error": f"lifetimes job failed: {last[0][:200]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])
