"""Benchmark chapter 01's widgets: time to answer a control change.

Usage: python bench/bench_ch01_widgets.py [N]   (default N = 200 changes per widget)

Sets slider values one after another, as a reader dragging a slider would
(each change re-runs the widget's render: computation and a new figure), with
the Agg backend. Each timed change includes rendering the figure to PNG, as
Jupyter's inline backend does when the widget shows it. Prints the median (p50) and 95th percentile (p95) time
per change in milliseconds. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from helpers.widgets import relationship_level_widget, retention_widget  # noqa: E402


def _sliders(panel):
    """The panel's sliders, by description."""
    found, stack = {}, [panel]
    while stack:
        widget = stack.pop()
        if hasattr(widget, "description") and hasattr(widget, "min") and hasattr(widget, "value"):
            found[widget.description] = widget
        stack.extend(getattr(widget, "children", ()))
    return found


def _time_changes(panel, changes: list[tuple[str, float]]) -> np.ndarray:
    """Apply each (slider description, value) change and time it, in milliseconds."""
    sliders = _sliders(panel)
    times = []
    for name, value in changes:
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            sliders[name].value = value
        for number in plt.get_fignums():
            plt.figure(number).savefig(io.BytesIO(), format="png")
        times.append((time.perf_counter() - start) * 1000)
        plt.close("all")
    return np.array(times)


def main(n: int = 200) -> int:
    rng = np.random.default_rng(1)
    with contextlib.redirect_stdout(io.StringIO()):
        retention = retention_widget()
        relationship = relationship_level_widget()
    plt.close("all")

    names = ["retention rate r", "margin per period m", "discount rate d"]
    grids = [np.round(np.arange(0.50, 0.951, 0.01), 2), np.arange(10, 501, 10.0),
             np.round(np.arange(0.0, 0.301, 0.01), 2)]
    changes = []
    for i in range(n):
        k = i % 3
        changes.append((names[k], float(rng.choice(grids[k]))))
    # Make every change a real change (a repeated value triggers no refresh).
    last: dict[str, float] = {}
    changes = [(name, value) for name, value in changes
               if last.get(name) != value and not last.update({name: value})]
    retention_ms = _time_changes(retention, changes)

    rel_changes = []
    for i in range(n):
        if i % 2 == 0:
            rel_changes.append(("number of customers", float(10 ** rng.choice(np.arange(0, 6.01, 0.05)))))
        else:
            rel_changes.append(("unit margin", float(rng.choice(np.round(np.arange(0, 0.601, 0.01), 2)))))
    relationship_ms = _time_changes(relationship, rel_changes)

    for label, ms in [("retention_widget", retention_ms), ("relationship_level_widget", relationship_ms)]:
        print(f"{label:28s} {len(ms):4d} changes  p50 {np.percentile(ms, 50):6.1f} ms  "
              f"p95 {np.percentile(ms, 95):6.1f} ms  max {ms.max():6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
