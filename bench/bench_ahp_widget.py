"""Benchmark: how fast the AHP widget answers a slider move.

Plain script (not a test): ``python bench/bench_ahp_widget.py``. Builds the
widget with the six default B2B criteria, then makes 300 random slider moves
(setting a slider's value, exactly what a student's drag does) and 100 full
``panel.refresh()`` calls, and prints p50 / p95 in milliseconds. The target
is ≤ 50 ms per control change.
"""

from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from helpers.widgets.ahp import STEPS, ahp_widget  # noqa: E402

MOVES = 300
REFRESHES = 100
TARGET_MS = 50.0


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of durations in milliseconds."""
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def main() -> None:
    rng = np.random.default_rng(0)
    panel = ahp_widget()
    moves = []
    for _ in range(MOVES):
        slider = panel.sliders[int(rng.integers(len(panel.sliders)))]
        new = int(rng.integers(-STEPS, STEPS + 1))
        while new == slider.value:  # a move must change the value, or nothing fires
            new = int(rng.integers(-STEPS, STEPS + 1))
        start = time.perf_counter()
        slider.value = new
        moves.append((time.perf_counter() - start) * 1000)
    refreshes = []
    for _ in range(REFRESHES):
        start = time.perf_counter()
        panel.refresh()
        refreshes.append((time.perf_counter() - start) * 1000)
    for label, samples in (("slider move", moves), ("full refresh", refreshes)):
        p50, p95 = percentiles(samples)
        verdict = "OK" if p95 <= TARGET_MS else "TOO SLOW"
        print(f"AHP widget, {label:12s}: n={len(samples)}  p50={p50:.2f} ms  p95={p95:.2f} ms  "
              f"(target <= {TARGET_MS:.0f} ms: {verdict})")


if __name__ == "__main__":
    main()
