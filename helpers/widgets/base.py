"""The one pattern every widget of the course follows, and its light drawing helpers.

A widget is a set of controls and an output area. :func:`live_panel` wires
them with :func:`ipywidgets.interactive_output`: a plain ``render(**values)``
function is called with the controls' current values once at start and again
whenever a control changes; whatever it prints, displays or draws appears in
the output area. All the computing is done by tested functions that
``render`` calls, so the widget itself holds no logic worth testing twice.

The output area comes first: beside the controls on a wide screen, above
them on a narrow one, so the answer stays in view while a control moves.

The course's own widgets draw their live view as small HTML/SVG (built by
plain, tested functions) instead of a new matplotlib figure per change: a
string is ready in a millisecond, a PNG takes a large part of a second on a
busy laptop. Their matplotlib versions (``show_*``) are for static pages.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

MUTED = "#666"
"""Colour of secondary text (ranges, units) in the HTML views."""


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
        Prints, displays or draws the result for one setting of the controls.
    title : str, optional
        Shown above the panel.
    columns : int
        Lay the controls out in this many columns.

    Returns
    -------
    ipywidgets.VBox
        The title, then the output area beside (or, on a narrow screen,
        above) the controls.
    """
    output = widgets.interactive_output(render, dict(controls))
    items = list(controls.values())
    rows = [widgets.HBox(items[i : i + columns]) for i in range(0, len(items), columns)]
    return panel(output, widgets.VBox(rows), title)


def panel(results: widgets.Widget, controls: widgets.Widget, title: str | None = None) -> widgets.VBox:
    """Lay out a widget: `results` first, beside `controls` when there is room, else above them."""
    results.layout.margin = "0 16px 6px 0"
    body = widgets.HBox([results, controls], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    header = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
    return widgets.VBox([*header, body])


def with_range(slider: widgets.Widget, low: str, high: str) -> widgets.HBox:
    """`slider` followed by its range, ``(low … high)``, so a reader sees how far it goes."""
    text = html.escape(f"({low} … {high})")
    note = widgets.HTML(f"<span style='color:{MUTED};font-size:11px;white-space:nowrap'>{text}</span>")
    return widgets.HBox([slider, note], layout=widgets.Layout(align_items="center"))


class SvgFrame:
    """A small SVG plot frame: maps data to pixels and draws the axes with ticks and labels.

    Parameters
    ----------
    x, y : array-like
        The data the frame must hold (their ranges set the axes).
    x_label, y_label : str
        Axis labels.
    width, height : int
        Size in pixels.
    """

    left, bottom, top, right = 48, 38, 8, 10

    def __init__(self, x: np.ndarray, y: np.ndarray, x_label: str, y_label: str,
                 width: int = 440, height: int = 300) -> None:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.x_label, self.y_label, self.width, self.height = x_label, y_label, width, height
        self.x_ticks = MaxNLocator(6).tick_values(float(x.min()), float(x.max()))
        self.y_ticks = MaxNLocator(6).tick_values(float(y.min()), float(y.max()))
        pad_x = 0.03 * (float(x.max() - x.min()) or 1.0)
        pad_y = 0.03 * (float(y.max() - y.min()) or 1.0)
        self.x_lim = (float(x.min()) - pad_x, float(x.max()) + pad_x)
        self.y_lim = (float(y.min()) - pad_y, float(y.max()) + pad_y)

    def px(self, x: np.ndarray) -> np.ndarray:
        """Pixel column of data `x`."""
        span = self.width - self.left - self.right
        return self.left + (np.asarray(x, dtype=float) - self.x_lim[0]) / (self.x_lim[1] - self.x_lim[0]) * span

    def py(self, y: np.ndarray) -> np.ndarray:
        """Pixel row of data `y` (up is larger)."""
        span = self.height - self.top - self.bottom
        return self.height - self.bottom - (np.asarray(y, dtype=float) - self.y_lim[0]) / (self.y_lim[1] - self.y_lim[0]) * span

    def svg(self, content: str) -> str:
        """The frame around `content` (SVG elements in pixel coordinates)."""
        marks = []
        base, edge = self.height - self.bottom, self.left
        for tick in self.x_ticks:
            if self.x_lim[0] <= tick <= self.x_lim[1]:
                p = float(self.px(tick))
                marks.append(f"<line x1='{p:.0f}' y1='{self.top}' x2='{p:.0f}' y2='{base}' stroke='#eee'/>"
                             f"<text x='{p:.0f}' y='{base + 13}' text-anchor='middle'>{tick:g}</text>")
        for tick in self.y_ticks:
            if self.y_lim[0] <= tick <= self.y_lim[1]:
                p = float(self.py(tick))
                marks.append(f"<line x1='{edge}' y1='{p:.0f}' x2='{self.width - self.right}' y2='{p:.0f}' stroke='#eee'/>"
                             f"<text x='{edge - 4}' y='{p + 4:.0f}' text-anchor='end'>{tick:g}</text>")
        labels = (f"<text x='{(edge + self.width - self.right) / 2:.0f}' y='{self.height - 4}' "
                  f"text-anchor='middle'>{html.escape(self.x_label)}</text>"
                  f"<text transform='translate(11 {(self.top + base) / 2:.0f}) rotate(-90)' "
                  f"text-anchor='middle'>{html.escape(self.y_label)}</text>")
        axes = f"<path d='M{edge} {self.top}V{base}H{self.width - self.right}' stroke='#444' fill='none'/>"
        return (f"<svg width='{self.width}' height='{self.height}' viewBox='0 0 {self.width} {self.height}' "
                f"font-size='10' font-family='sans-serif' role='img'>{''.join(marks)}{content}{axes}{labels}</svg>")
