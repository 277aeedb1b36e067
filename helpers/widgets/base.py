"""The one pattern every widget of the course follows.

A widget is a set of controls and an output area. :func:`live_panel` calls a
plain ``render(**values)`` function with the controls' current values once at
start and again whenever a control changes; ``render`` prints and draws into
the output area. All the computing is done by tested functions that ``render``
calls, so the widget itself holds no logic worth testing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt


def live_panel(
    controls: Mapping[str, widgets.ValueWidget],
    render: Callable[..., None],
    title: str | None = None,
    columns: int = 1,
) -> widgets.VBox:
    """Wire `controls` to `render` and return the panel to display.

    Parameters
    ----------
    controls : mapping of str to widget
        Keyword name -> control; ``render`` receives ``name=control.value``.
    render : callable
        Draws the result for one setting of the controls (prints, plots).
    title : str, optional
        Shown above the controls.
    columns : int
        Lay the controls out in this many columns.

    Returns
    -------
    ipywidgets.VBox
        The controls above an output area. ``panel.output`` is the output area
        and ``panel.refresh()`` re-renders (used by the benchmarks).
    """
    output = widgets.Output()

    def refresh(_change: object = None) -> None:
        values = {name: control.value for name, control in controls.items()}
        with output:
            output.clear_output(wait=True)
            render(**values)
            plt.show()

    for control in controls.values():
        control.observe(refresh, names="value")

    items = list(controls.values())
    rows = [widgets.HBox(items[i : i + columns]) for i in range(0, len(items), columns)]
    header = [widgets.HTML(f"<b>{title}</b>")] if title else []
    panel = widgets.VBox([*header, *rows, output])
    panel.output = output
    panel.refresh = refresh
    refresh()
    return panel
