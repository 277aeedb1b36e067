"""Widget latency: how long each widget takes to answer a control change.

Every widget of ``helpers.widgets`` is built on its course dataset and then
driven by ``changes`` simulated control changes (≥ 200): each change picks
one of the widget's controls at random (seeded) and gives it a new value, as
a reader's drag or click would. One change is timed end to end: setting the
value (which runs the widget's callback: computation, printing, building
its HTML/SVG and formatting what it displays, as IPython's display machinery
does in a kernel) and then rendering every open matplotlib figure to PNG the
way Jupyter's inline backend does when the figure is shown (the figure's
dpi, ``bbox_inches="tight"``), after the course's ``use_style()``. The
backend is Agg; printed and displayed output goes to a throwaway buffer.

The same uniform measurement is used for every widget, so the figures can
be compared with each other and with the course's target: a reader's
control change is answered within :data:`TARGET_MS` at p95. The slowest
change (typically the first visit of a setting, before it is cached) is
reported beside it.
"""

from __future__ import annotations

import contextlib
import io
import time
import warnings
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

import ipywidgets as ipw  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from bench.common import Row, at_most, p50_p95  # noqa: E402

TARGET_MS = 100.0
"""Bound at p95 for every widget: a control change is answered "at once"."""


def _ahp() -> ipw.Widget:
    from helpers.widgets import ahp_widget
    return ahp_widget()


def _gap() -> ipw.Widget:
    from helpers.data import load
    from helpers.widgets import gap_widget
    return gap_widget(load("servqual"))


def _segmentation() -> ipw.Widget:
    from helpers.data import load
    from helpers.rfm import rfm_table
    from helpers.widgets import segmentation_widget
    return segmentation_widget(rfm_table(load("transactions")))


def _start_here() -> ipw.Widget:
    """The demonstration widget of 00_start_here (built in the notebook from live_panel)."""
    from IPython.display import HTML, display

    from helpers.data import load
    from helpers.pareto import top_share
    from helpers.widgets.base import live_panel

    revenue = load("transactions").groupby("customer_id")["amount"].sum()

    def show_top_share(top_percent: int) -> None:
        """The notebook's render function (same code as in 00_start_here)."""
        share = top_share(revenue, fraction=top_percent / 100)
        print(f"The top {top_percent}% of customers bring {share:.1%} of revenue.")
        display(HTML(  # a bar in HTML: drawn at once, so the widget answers as the slider moves
            f"<div style='width:360px;height:18px;background:#c9d6df'>"
            f"<div style='width:{share:.1%};height:100%;background:#1f5f8b'></div></div>"
            f"<small>dark: top {top_percent}% of customers · light: everybody else</small>"))

    slider = ipw.IntSlider(value=20, min=5, max=50, step=5, description="Top %")
    return live_panel({"top_percent": slider}, show_top_share)


NOTEBOOK_WIDGETS: dict[str, Callable[[], ipw.Widget]] = {"00 top-share demo": _start_here}
"""Widgets a notebook builds itself (not in ``helpers.widgets``), measured the same way."""

BUILDERS: dict[str, Callable[[], ipw.Widget]] = {
    "ahp_widget": _ahp,
    "gap_widget": _gap,
    "segmentation_widget": _segmentation,
}
"""Widgets that need an argument, and how to build them.

Any other name in ``helpers.widgets.__all__`` is built with no argument.
"""


def controls_of(panel: ipw.Widget) -> list[ipw.ValueWidget]:
    """Every enabled control of `panel` that a reader can change, in display order."""
    kinds = (ipw.widget_int._Int, ipw.widget_float._Float, ipw.widget_bool._Bool,
             ipw.widget_selection._Selection, ipw.widget_selection._MultipleSelection)
    found, stack = [], [panel]
    while stack:
        widget = stack.pop(0)
        if isinstance(widget, kinds) and not getattr(widget, "disabled", False):
            if not isinstance(widget, (ipw.IntProgress, ipw.FloatProgress)):
                found.append(widget)
        stack[:0] = list(getattr(widget, "children", ()))
    return found


def new_value(control: ipw.ValueWidget, rng: np.random.Generator) -> Any:
    """A valid value for `control`, different from its current one (None if there is none)."""
    if isinstance(control, ipw.widget_selection._MultipleSelection):
        n = len(control.options)
        for _ in range(20):
            picked = np.flatnonzero(rng.random(n) < 0.6)
            value = tuple(control._options_values[i] for i in picked)
            if value and value != tuple(control.value):
                return value
        return None
    if isinstance(control, ipw.widget_selection._Selection):
        others = [i for i in range(len(control.options)) if i != control.index]
        return control._options_values[others[int(rng.integers(len(others)))]] if others else None
    if isinstance(control, ipw.widget_bool._Bool):
        return not control.value
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    step = getattr(control, "step", None) or 1
    if low is None or high is None:  # unbounded text box: nudge by a step
        return control.value + step * (1 if rng.random() < 0.5 else -1)
    levels = int(round((high - low) / step))
    for _ in range(50):
        value = low + step * int(rng.integers(levels + 1))
        value = int(value) if isinstance(control, ipw.widget_int._Int) else round(value, 10)
        if value != control.value and low <= value <= high:
            return value
    return None


def _show_figures() -> None:
    """Render every open figure to PNG and close it, as Jupyter's inline backend does on show.

    The inline backend draws at the figure's own dpi with a tight bounding box.
    """
    for number in plt.get_fignums():
        figure = plt.figure(number)
        figure.savefig(io.BytesIO(), format="png", dpi=figure.dpi, bbox_inches="tight")
    plt.close("all")


def measure(panel: ipw.Widget, changes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Time `changes` random control changes of `panel`.

    Returns
    -------
    (total, callback) : two arrays of milliseconds
        End to end (callback and PNG rendering), and the widget's callback alone.
    """
    rng = np.random.default_rng(seed)
    controls = controls_of(panel)
    if not controls:
        raise ValueError("the widget has no control to change")
    total, callback = [], []
    while len(total) < changes:
        control = controls[int(rng.integers(len(controls)))]
        value = new_value(control, rng)
        if value is None:
            continue
        with _displays_captured(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            control.value = value
            answered = time.perf_counter()
            _show_figures()
            end = time.perf_counter()
        total.append((end - start) * 1000)
        callback.append((answered - start) * 1000)
    return np.array(total), np.array(callback)


def _displays_captured() -> contextlib.AbstractContextManager:
    """Catch what a widget prints or displays, formatted as a kernel would (then thrown away).

    An IPython shell formats each displayed object (its HTML, its PNG), which
    is part of the answer's cost; outside one, ``display`` only prints a repr.
    """
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    return capture_output()


def widget_names() -> list[str]:
    """The public widgets of ``helpers.widgets``."""
    import helpers.widgets
    return list(helpers.widgets.__all__)


def run(changes: int = 200) -> list[Row]:
    """Build every widget and measure its control-change latency."""
    import helpers.widgets
    from helpers.plotting import use_style

    use_style()  # as every notebook does first: the course's figure size and resolution
    rows = []
    every = {name: BUILDERS.get(name, getattr(helpers.widgets, name)) for name in widget_names()}
    every.update(NOTEBOOK_WIDGETS)
    for name, build in every.items():
        try:
            with _displays_captured(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                panel = build()
                _show_figures()
            times, callback = measure(panel, changes)
        except Exception as error:  # report, don't crash the whole benchmark
            rows.append(Row("widgets", name, "p95 latency", float("nan"), "ms", *at_most(float("nan"), TARGET_MS),
                            note=f"could not run: {type(error).__name__}: {error}"))
            continue
        p50, p95 = p50_p95(times)
        n_controls = len(controls_of(panel))
        rows.append(Row("widgets", name, "p50 latency", round(p50, 1), "ms",
                        note=f"{len(times)} changes over {n_controls} control{'' if n_controls == 1 else 's'}"))
        note = (f"callback alone (no PNG drawing) p95 {p50_p95(callback)[1]:.1f} ms; "
                f"slowest change {times.max():,.0f} ms")
        rows.append(Row("widgets", name, "p95 latency", round(p95, 1), "ms", *at_most(p95, TARGET_MS), note=note))
    return rows


if __name__ == "__main__":
    import sys

    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 200):
        print(row)
