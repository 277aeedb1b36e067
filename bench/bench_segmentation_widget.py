"""Benchmark: how fast the segmentation widget answers a control change.

Plain script (not a test): ``python bench/bench_segmentation_widget.py``.
Builds the widget on the RFM table of the retail customers (4,000 rows), then
makes 240 random control changes — choosing another feature set or moving the
k slider, exactly what a student does — and 50 full ``panel.refresh()`` calls,
and prints p50 / p95 in milliseconds. The first visit of a setting fits
k-means; a revisit only redraws (the explorer caches the fits). The target is
≤ 200 ms per control change.
"""

from __future__ import annotations

import contextlib
import io
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from helpers.data import load  # noqa: E402
from helpers.rfm import rfm_table  # noqa: E402
from helpers.widgets.segmentation import segmentation_widget  # noqa: E402

CHANGES = 240
REFRESHES = 50
TARGET_MS = 200.0
FEATURE_SETS = [
    ("recency", "frequency", "monetary"),
    ("recency", "frequency"),
    ("recency", "monetary"),
    ("frequency", "monetary"),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of durations in milliseconds."""
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def main() -> None:
    rng = np.random.default_rng(0)
    customers = rfm_table(load("transactions"))
    with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the panel prints to stdout
        panel = segmentation_widget(customers)
        samples = run(panel, rng)
    for label, values in samples.items():
        p50, p95 = percentiles(values)
        verdict = "OK" if p95 <= TARGET_MS else "TOO SLOW"
        print(f"segmentation widget, {label:12s}: n={len(values)}  p50={p50:.1f} ms  p95={p95:.1f} ms  "
              f"(target <= {TARGET_MS:.0f} ms: {verdict})")


def run(panel, rng: np.random.Generator) -> dict[str, list[float]]:
    """Make the control changes and refreshes; return the durations in ms by kind."""
    features, k = panel.children[1].children  # the one row of two controls
    first, changes, refreshes = [], [], []
    seen = set()
    while len(changes) < CHANGES:
        if rng.random() < 0.5:
            new = FEATURE_SETS[int(rng.integers(len(FEATURE_SETS)))]
            if new == features.value:
                continue
            setting = (new, k.value)
            start = time.perf_counter()
            features.value = new
        else:
            new = int(rng.integers(2, 9))
            if new == k.value:
                continue
            setting = (features.value, new)
            start = time.perf_counter()
            k.value = new
        elapsed = (time.perf_counter() - start) * 1000
        changes.append(elapsed)
        if setting not in seen:
            first.append(elapsed)
            seen.add(setting)
        plt.close("all")
    for _ in range(REFRESHES):
        start = time.perf_counter()
        panel.refresh()
        refreshes.append((time.perf_counter() - start) * 1000)
        plt.close("all")
    return {"any change": changes, "first visit": first, "full refresh": refreshes}


if __name__ == "__main__":
    main()
