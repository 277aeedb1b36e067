"""The satisfaction-gap widget: SERVQUAL gaps per dimension, live, for one segment.

The computing is done by plain functions (tested directly):

- :func:`segment_tables` computes, once, the E/P/gap table and the mean
  importance of every segment (and of everyone, ``"All"``);
- :func:`gap_report` applies what-if shifts to E and P per dimension and
  returns the gaps, the weighted SERVQUAL score, the importance-performance
  grid and the largest shortfall;
- :func:`gap_html` writes that report as light HTML bars (fast enough to
  redraw on every slider move); :func:`plot_gap_report` draws it with
  matplotlib for static pages.

:func:`gap_widget` puts a segment menu and a slider per dimension (shift of E
and of P) in front of :func:`gap_report` and :func:`gap_html`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display

from helpers.servqual import (
    DIMENSIONS,
    QUADRANTS,
    SCALE,
    gaps,
    grid_crossing,
    importance_performance,
    largest_shortfall,
    survey_parts,
    weighted_score,
)
from helpers.validation import as_number, require_columns
from helpers.widgets.base import live_panel

ALL = "All"
"""The menu entry for every respondent together."""

MAX_SHIFT = 2.0
"""The sliders move E or P by at most this many scale points."""


@dataclass(frozen=True)
class GapReport:
    """What the widget shows for one setting.

    Attributes
    ----------
    segment : str
    table : DataFrame
        Per dimension: ``E``, ``P`` and ``gap`` after the shifts.
    grid : DataFrame
        Per dimension: ``importance``, ``performance`` and ``quadrant``.
    score : float
        The weighted SERVQUAL score.
    shortfall : str or None
        The dimension with the most negative gap (None if none is negative).
    performance : str
        The grid's performance axis, ``"gap"`` or ``"P"``.
    """

    segment: str
    table: pd.DataFrame
    grid: pd.DataFrame
    score: float
    shortfall: str | None
    performance: str = "gap"


def segment_tables(survey: pd.DataFrame, by: str = "branch") -> dict[str, tuple[pd.DataFrame, pd.Series]]:
    """The gap table and mean importance of every segment, plus ``"All"``.

    Parameters
    ----------
    survey : pandas.DataFrame
        Laid out like ``load("servqual")``.
    by : str
        The segment column.

    Returns
    -------
    dict
        Segment name -> (:func:`helpers.servqual.gaps` table, mean importance
        points per dimension). ``"All"`` comes first, then the segments sorted.
    """
    require_columns(survey, [by], "survey")
    tables = {}
    groups = [(ALL, survey)] + [(str(name), group) for name, group in survey.groupby(by, sort=True)]
    for name, group in groups:
        e, p, importance = survey_parts(group)
        tables[name] = (gaps(e, p, DIMENSIONS), importance.mean())
    return tables


def gap_report(table: pd.DataFrame, importance: pd.Series | Mapping[str, float],
               shift_e: Mapping[str, float] | None = None, shift_p: Mapping[str, float] | None = None,
               performance: str = "gap", segment: str = ALL) -> GapReport:
    """Apply what-if shifts to a gap table and summarise it.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`helpers.servqual.gaps` table (``E``, ``P`` per dimension).
    importance : Series or dict
        Importance points or weights per dimension.
    shift_e, shift_p : dict, optional
        Dimension -> points added to the mean expectation / perception
        (between -2 and 2); the result is kept on the 1-7 scale.
    performance : {"gap", "P"}
        The performance axis of the importance-performance grid.
    segment : str
        Only carried into the report, for the heading.

    Returns
    -------
    GapReport
    """
    require_columns(table, ["E", "P"], "table")
    adjusted = table[["E", "P"]].astype(float).copy()
    for column, shifts in (("E", shift_e), ("P", shift_p)):
        for dim, shift in (shifts or {}).items():
            if dim not in adjusted.index:
                raise KeyError(f"no dimension {dim!r} to shift; the dimensions are {list(adjusted.index)}")
            points = as_number(shift, f"shift of {column} for {dim!r}", low=-MAX_SHIFT, high=MAX_SHIFT)
            adjusted.loc[dim, column] = float(np.clip(adjusted.loc[dim, column] + points, *SCALE))
    adjusted["gap"] = adjusted["P"] - adjusted["E"]
    grid = importance_performance(adjusted, importance, performance=performance)
    return GapReport(segment=segment, table=adjusted, grid=grid,
                     score=weighted_score(adjusted, importance), shortfall=largest_shortfall(adjusted),
                     performance=performance)


def describe(report: GapReport) -> str:
    """One sentence on the report: the weighted score and the largest shortfall."""
    text = f"{report.segment}: weighted SERVQUAL score {report.score:+.2f}."
    if report.shortfall is None:
        return text + " No dimension falls short of expectations."
    gap = report.table.loc[report.shortfall, "gap"]
    quadrant = report.grid.loc[report.shortfall, "quadrant"]
    return text + f" Largest shortfall: {report.shortfall} ({gap:+.2f}, quadrant '{quadrant}')."


def gap_html(report: GapReport) -> str:
    """The report as HTML: one bar per dimension (negative in red) and the 2x2 grid."""
    width = 120  # pixels for a gap of 2 points
    rows = []
    for dim, row in report.table.iterrows():
        gap = row["gap"]
        length = int(min(abs(gap), 2.0) / 2.0 * width)
        colour = "#c8453a" if gap < 0 else "#3a9e6f"
        left = f'<div style="width:{length}px;height:14px;background:{colour};margin-left:auto"></div>' if gap < 0 else ""
        right = f'<div style="width:{length}px;height:14px;background:{colour}"></div>' if gap >= 0 else ""
        weight = "bold" if dim == report.shortfall else "normal"
        rows.append(
            f'<tr><td style="text-align:right;font-weight:{weight}">{html.escape(str(dim))}</td>'
            f'<td style="width:{width}px;border-right:1px solid #444">{left}</td>'
            f'<td style="width:{width}px">{right}</td>'
            f'<td>{gap:+.2f}</td><td style="color:#666">E {row["E"]:.2f} · P {row["P"]:.2f}</td></tr>')
    cells = {}
    for quadrant in QUADRANTS.values():
        names = [str(dim) for dim in report.grid.index if report.grid.loc[dim, "quadrant"] == quadrant]
        cells[quadrant] = html.escape(", ".join(names) or "–")
    grid = (
        '<table style="border-collapse:collapse;margin-top:6px">'
        '<tr><td></td><td><i>low performance</i></td><td><i>high performance</i></td></tr>'
        f'<tr><td><i>high importance</i></td><td style="border:1px solid #999;padding:4px;background:#f8e1de">'
        f'<b>Concentrate here</b><br>{cells["Concentrate here"]}</td>'
        f'<td style="border:1px solid #999;padding:4px"><b>Keep up the good work</b><br>{cells["Keep up the good work"]}</td></tr>'
        f'<tr><td><i>low importance</i></td><td style="border:1px solid #999;padding:4px"><b>Low priority</b><br>{cells["Low priority"]}</td>'
        f'<td style="border:1px solid #999;padding:4px"><b>Possible overkill</b><br>{cells["Possible overkill"]}</td></tr></table>')
    return (f"<div><b>Gap Q = P − E per dimension</b><table>{''.join(rows)}</table>"
            f"<p>{html.escape(describe(report))}</p>{grid}</div>")


def plot_gap_report(report: GapReport) -> plt.Figure:
    """Draw the report: gap bars (negative in red) and the importance-performance grid."""
    fig, (bars, grid) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    gap = report.table["gap"]
    bars.barh(gap.index, gap, color=["#c8453a" if g < 0 else "#3a9e6f" for g in gap])
    bars.axvline(0, color="#444", linewidth=0.8)
    bars.invert_yaxis()
    bars.set_xlabel("gap Q = P − E (scale points)")
    bars.set_title(f"SERVQUAL gaps: {report.segment}")
    for y, value in enumerate(gap):
        bars.annotate(f"{value:+.2f}", (value, y), xytext=(4 if value >= 0 else -4, 0),
                      textcoords="offset points", ha="left" if value >= 0 else "right", va="center", fontsize=9)
    bars.set_xlim(min(gap.min(), 0) - 0.4, max(gap.max(), 0) + 0.4)
    g = report.grid
    grid.scatter(g["performance"], g["importance"], s=60, color="#1f5f8b", zorder=3)
    for dim, row in g.iterrows():
        grid.annotate(str(dim), (row["performance"], row["importance"]), xytext=(5, 4),
                      textcoords="offset points", fontsize=9,
                      fontweight="bold" if dim == report.shortfall else "normal")
    importance_cut, performance_cut = grid_crossing(g, report.performance)
    grid.axvline(performance_cut, color="#888", linestyle="--", linewidth=0.8)
    grid.axhline(importance_cut, color="#888", linestyle="--", linewidth=0.8)
    grid.set_xlabel("performance: gap Q" if report.performance == "gap" else "performance: perception P")
    grid.set_ylabel("importance (weight)")
    grid.set_title("Importance-performance grid")
    grid.text(0.02, 0.98, "Concentrate here", transform=grid.transAxes, va="top", fontsize=8, color="#c8453a")
    grid.text(0.98, 0.98, "Keep up the good work", transform=grid.transAxes, va="top", ha="right", fontsize=8)
    grid.text(0.02, 0.02, "Low priority", transform=grid.transAxes, fontsize=8)
    grid.text(0.98, 0.02, "Possible overkill", transform=grid.transAxes, ha="right", fontsize=8)
    low, high = min(g["performance"].min(), performance_cut), max(g["performance"].max(), performance_cut)
    x_pad = 0.15 * (high - low + 0.1)
    grid.set_xlim(low - x_pad, high + 3 * x_pad)
    return fig


def gap_widget(survey: pd.DataFrame, by: str = "branch") -> widgets.VBox:
    """A segment menu and E/P sliders per dimension in front of the gap report.

    Parameters
    ----------
    survey : pandas.DataFrame
        Laid out like ``load("servqual")``.
    by : str
        The segment column.

    Returns
    -------
    ipywidgets.VBox
        The panel (see :func:`helpers.widgets.base.live_panel`); also has
        ``panel.controls`` (name -> control) for tests and benchmarks.
    """
    tables = segment_tables(survey, by=by)
    slider = {"min": -MAX_SHIFT, "max": MAX_SHIFT, "step": 0.1, "value": 0.0, "readout_format": "+.1f",
              "continuous_update": True, "style": {"description_width": "150px"}}
    controls: dict[str, widgets.ValueWidget] = {
        "segment": widgets.Dropdown(options=list(tables), value=ALL, description="Segment"),
        "performance": widgets.Dropdown(options=[("gap Q = P − E", "gap"), ("perception P", "P")],
                                        value="gap", description="Grid axis"),
    }
    for dim in DIMENSIONS:
        controls[f"e_{dim}"] = widgets.FloatSlider(description=f"expectation {dim}", **slider)
        controls[f"p_{dim}"] = widgets.FloatSlider(description=f"perception {dim}", **slider)

    def render(segment: str, performance: str, **shifts: float) -> None:
        table, importance = tables[segment]
        report = gap_report(table, importance,
                            shift_e={dim: shifts[f"e_{dim}"] for dim in DIMENSIONS},
                            shift_p={dim: shifts[f"p_{dim}"] for dim in DIMENSIONS},
                            performance=performance, segment=segment)
        display(HTML(gap_html(report)))

    panel = live_panel(controls, render, title="SERVQUAL gaps: choose a segment, shift E or P", columns=2)
    panel.controls = controls
    return panel
