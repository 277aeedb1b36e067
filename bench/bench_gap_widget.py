"""Benchmark: how fast the satisfaction-gap widget answers a control change.

Plain script (not a test): ``python bench/bench_gap_widget.py``. Builds the
widget on ``load("servqual")``, then makes 300 random control changes (a
slider moved to a new value, or now and then another segment or grid axis
chosen, exactly what a student's click does) and 100 full ``panel.refresh()``
calls, and prints p50 / p95 in milliseconds. The target is ≤ 50 ms per
control change. The widget's HTML output is sent to a throwaway buffer
(outside a kernel it would otherwise be printed).
"""

from __future__ import annotations

import contextlib
import io
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from helpers.data import load  # noqa: E402
from helpers.widgets.gap import MAX_SHIFT, gap_widget  # noqa: E402

CHANGES = 300
REFRESHES = 100
TARGET_MS = 50.0


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of durations in milliseconds."""
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def new_value(control, rng: np.random.Generator):
    """A value for `control` different from its current one."""
    if hasattr(control, "options") and control.options:
        values = [option[1] if isinstance(option, tuple) else option for option in control.options]
        choices = [v for v in values if v != control.value]
        return choices[int(rng.integers(len(choices)))]
    steps = int(round(2 * MAX_SHIFT / control.step))
    value = control.value
    while value == control.value:
        value = round(-MAX_SHIFT + control.step * int(rng.integers(steps + 1)), 1)
    return value


def main() -> None:
    rng = np.random.default_rng(0)
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        panel = gap_widget(load("servqual"))
    menus = [c for c in panel.controls.values() if hasattr(c, "options")]
    sliders = [c for c in panel.controls.values() if not hasattr(c, "options")]
    changes = []
    for _ in range(CHANGES):
        # Mostly sliders (what a student drags), sometimes a menu.
        group = menus if rng.random() < 0.15 else sliders
        control = group[int(rng.integers(len(group)))]
        value = new_value(control, rng)
        with contextlib.redirect_stdout(sink):
            start = time.perf_counter()
            control.value = value
            changes.append((time.perf_counter() - start) * 1000)
    refreshes = []
    for _ in range(REFRESHES):
        with contextlib.redirect_stdout(sink):
            start = time.perf_counter()
            panel.refresh()
            refreshes.append((time.perf_counter() - start) * 1000)
    for label, samples in (("control change", changes), ("full refresh", refreshes)):
        p50, p95 = percentiles(samples)
        verdict = "ok" if p95 <= TARGET_MS else "SLOW"
        print(f"{label:15s} n={len(samples):3d}  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  [{verdict}, target {TARGET_MS:.0f} ms]")


if __name__ == "__main__":
    main()
