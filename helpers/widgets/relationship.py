"""Which level of relationship fits? An interactive reading of Kotler's 3×3 grid.

:func:`show_relationship_level` draws the grid (number of customers × unit
margin) with the cell of the chosen numbers highlighted and prints the
recommended level (matplotlib, for static pages); :func:`relationship_html`
shows the same as a light HTML table, and :func:`relationship_level_widget`
puts sliders for the customer count and the margin beside it. The decision itself is
:func:`helpers.relationship.recommended_level`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, display
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from helpers.relationship import (
    CUSTOMER_BANDS,
    FEW_BELOW,
    HIGH_FROM,
    LEVEL_DESCRIPTIONS,
    LEVELS,
    LOW_BELOW,
    MANY_FROM,
    MARGIN_BANDS,
    customer_band,
    margin_band,
    recommended_level,
    relationship_grid,
)
from helpers.widgets.base import panel, with_range


def show_relationship_level(n_customers: float = 1000, margin: float = 0.20, *,
                            few_below: float = FEW_BELOW, many_from: float = MANY_FROM,
                            low_below: float = LOW_BELOW, high_from: float = HIGH_FROM,
                            ax: Axes | None = None) -> str:
    """Draw the grid with the chosen cell highlighted and print the recommended level.

    Parameters
    ----------
    n_customers : float
        Number of customers (or distributors), >= 1.
    margin : float
        Unit margin as a fraction of the price, in [0, 1].
    few_below, many_from, low_below, high_from : float
        The cut-offs of :func:`helpers.relationship.recommended_level`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    str
        The recommended level, as :func:`helpers.relationship.recommended_level`.
    """
    level = recommended_level(n_customers, margin, few_below=few_below, many_from=many_from,
                              low_below=low_below, high_from=high_from)
    row = CUSTOMER_BANDS.index(customer_band(n_customers, few_below, many_from))
    column = MARGIN_BANDS.index(margin_band(margin, low_below, high_from))
    grid = relationship_grid()
    codes = np.vectorize(LEVELS.index)(grid.to_numpy())

    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 3.9), layout="constrained")
    ax.imshow(codes, cmap="Blues", vmin=-1.5, vmax=len(LEVELS) - 0.5, aspect="auto")
    for i in range(len(CUSTOMER_BANDS)):
        for j in range(len(MARGIN_BANDS)):
            chosen = (i, j) == (row, column)
            ax.text(j, i, grid.iat[i, j], ha="center", va="center", fontsize=11,
                    fontweight="bold" if chosen else "normal",
                    color="white" if codes[i, j] >= 3 else "black")
    ax.add_patch(Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False,
                           edgecolor="#e07b39", linewidth=4))
    ax.set_xticks(range(len(MARGIN_BANDS)),
                  [f"high\n≥ {high_from:.0%}", f"medium\n{low_below:.0%}–{high_from:.0%}",
                   f"low\n< {low_below:.0%}"])
    ax.set_yticks(range(len(CUSTOMER_BANDS)),
                  [f"many\n≥ {many_from:,.0f}", f"medium\n{few_below:,.0f}–{many_from:,.0f}",
                   f"few\n< {few_below:,.0f}"])
    ax.set_xlabel("unit margin")
    ax.set_ylabel("number of customers")
    ax.set_title(f"{n_customers:,.0f} customers, margin {margin:.0%} → {level}")
    ax.grid(False)

    print("\n".join(relationship_lines(n_customers, margin, level, row, column)))
    return level


def relationship_lines(n_customers: float, margin: float, level: str, row: int, column: int) -> list[str]:
    """The two sentences the view prints: the chosen bands and the recommended level."""
    return [f"{n_customers:,.0f} customers ({CUSTOMER_BANDS[row]}), unit margin {margin:.0%} "
            f"({MARGIN_BANDS[column]} margin)",
            f"recommended level: {level} — the firm {LEVEL_DESCRIPTIONS[level]}"]


def relationship_html(n_customers: float = 1000, margin: float = 0.20, *,
                      few_below: float = FEW_BELOW, many_from: float = MANY_FROM,
                      low_below: float = LOW_BELOW, high_from: float = HIGH_FROM) -> str:
    """The live view of one setting: the 3×3 grid as an HTML table, the chosen cell outlined.

    Same arguments and sentences as :func:`show_relationship_level`.
    """
    level = recommended_level(n_customers, margin, few_below=few_below, many_from=many_from,
                              low_below=low_below, high_from=high_from)
    row = CUSTOMER_BANDS.index(customer_band(n_customers, few_below, many_from))
    column = MARGIN_BANDS.index(margin_band(margin, low_below, high_from))
    grid = relationship_grid()
    rows_text = [f"many ≥ {many_from:,.0f}", f"medium {few_below:,.0f}–{many_from:,.0f}", f"few &lt; {few_below:,.0f}"]
    columns_text = [f"high ≥ {high_from:.0%}", f"medium {low_below:.0%}–{high_from:.0%}", f"low &lt; {low_below:.0%}"]
    shades = ["#eef3f8", "#cfe0ee", "#9dc0dc", "#4f8fbf", "#1f5f8b"]  # basic … partnership
    cell = "padding:6px 10px;text-align:center;min-width:90px;white-space:nowrap;"
    head = "".join(f"<th style='{cell}font-weight:normal'>{text}</th>" for text in columns_text)
    body = []
    for i in range(len(CUSTOMER_BANDS)):
        cells = []
        for j in range(len(MARGIN_BANDS)):
            name = grid.iat[i, j]
            code = LEVELS.index(name)
            chosen = (i, j) == (row, column)
            cells.append(f"<td style='{cell}background:{shades[code]};color:{'white' if code >= 3 else 'black'};"
                         f"{'outline:4px solid #e07b39;outline-offset:-4px;font-weight:bold' if chosen else ''}'>"
                         f"{html.escape(name)}</td>")
        body.append(f"<tr><th style='{cell}font-weight:normal;text-align:right'>{rows_text[i]}</th>{''.join(cells)}</tr>")
    text = "".join(f"<div>{html.escape(line)}</div>" for line in relationship_lines(n_customers, margin, level, row, column))
    return (f"<div style='max-width:520px'><b>{n_customers:,.0f} customers, margin {margin:.0%} → {html.escape(level)}"
            f"</b><table style='border-collapse:collapse;margin:4px 0'>"
            f"<tr><td style='text-align:right;color:#666'>customers ↓ / unit margin →</td>{head}</tr>{''.join(body)}"
            f"</table>{text}</div>")


def relationship_level_widget(n_customers: float = 1000, margin: float = 0.20) -> widgets.VBox:
    """Sliders for the customer count (log scale) and the unit margin beside the grid.

    Parameters
    ----------
    n_customers : float
        Starting customer count (1 to 1,000,000).
    margin : float
        Starting unit margin (0 to 0.60).

    Returns
    -------
    ipywidgets.VBox
        The grid of :func:`relationship_html` beside (or above) the two sliders.
    """
    recommended_level(n_customers, margin)  # validate before building
    style = {"description_width": "initial"}
    wide = widgets.Layout(width="340px")  # a long track: fine steps with the mouse too
    controls = {
        "n_customers": widgets.FloatLogSlider(value=n_customers, base=10, min=0, max=6, step=0.05,
                                              description="number of customers",
                                              readout_format=",.0f", style=style, layout=wide),
        "margin": widgets.FloatSlider(value=margin, min=0.0, max=0.60, step=0.01,
                                      description="unit margin", readout_format=".0%", style=style, layout=wide),
    }

    def render(n_customers: float, margin: float) -> None:
        display(HTML(relationship_html(round(n_customers), margin)))

    sliders = widgets.VBox([with_range(controls["n_customers"], "1", "1,000,000"),
                            with_range(controls["margin"], "0%", "60%")])
    return panel(widgets.interactive_output(render, controls), sliders, title="Which level of relationship fits?")
