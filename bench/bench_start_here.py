"""Benchmark the demonstration widget of ``00_start_here``: time to answer a slider change.

Usage: python bench/bench_start_here.py [N]   (default N = 200 changes)

Rebuilds the notebook's example (revenue share of the top x% of customers,
through ``helpers.widgets.base.live_panel``) and moves its slider N times, as a
reader would, with the Agg backend. Each timed change includes drawing the
figure to PNG, as Jupyter's inline backend does. Prints the median (p50) and
95th percentile (p95) in milliseconds. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from helpers import load  # noqa: E402
from helpers.pareto import top_share  # noqa: E402
from helpers.plotting import use_style  # noqa: E402
from helpers.widgets.base import live_panel  # noqa: E402

REVENUE = load("transactions").groupby("customer_id")["amount"].sum()


def show_top_share(top_percent: int) -> None:
    """The notebook's render function (same code as in 00_start_here)."""
    share = top_share(REVENUE, fraction=top_percent / 100)
    print(f"The top {top_percent}% of customers bring {share:.1%} of revenue.")
    fig, ax = plt.subplots(figsize=(6, 1.6))
    ax.barh([""], [share], color="#1f5f8b", label=f"top {top_percent}% of customers")
    ax.barh([""], [1 - share], left=[share], color="#c9d6df", label="everybody else")
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of revenue")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6), ncol=2)


def main(n: int = 200) -> int:
    use_style()
    slider = widgets.IntSlider(value=20, min=5, max=50, step=5, description="Top %")
    with contextlib.redirect_stdout(io.StringIO()):
        live_panel({"top_percent": slider}, show_top_share)
    plt.close("all")
    values = list(range(5, 51, 5))
    times = []
    for i in range(n):
        value = values[i % len(values)]
        if value == slider.value:
            value = values[(i + 1) % len(values)]
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            slider.value = value
        for number in plt.get_fignums():
            plt.figure(number).savefig(io.BytesIO(), format="png")
        times.append((time.perf_counter() - start) * 1000)
        plt.close("all")
    p50, p95 = np.percentile(times, [50, 95])
    print(f"start-here top-share widget: {len(times)} changes, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
