"""AHP widget: set pairwise judgments with sliders, see the weights and CR live.

Each pair of criteria gets one slider on Saaty's scale, drawn as
``9 … 1 … 9`` between the two names: pull the handle towards the criterion
that matters more (far left = the left one is 9 times as important, middle =
equally important); the name of the more important criterion is highlighted
with its judgment ("gross profit 3×"). The weights (a bar chart), λmax, CI and CR update at
once, with a warning when CR ≥ 0.1 and a hint naming the judgment that hurts
consistency most.

The work is done by plain functions that the tests call directly:
:func:`ahp_view` (weights, statistics, warning and hint as data and HTML) and
:func:`show_ahp` (the same as a printed table and a matplotlib chart, for
static pages). The live view is HTML, not a matplotlib figure, so that a
slider move answers in about a millisecond; it sits beside the sliders, so the
weights and the CR warning stay in view while the last slider moves.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display

from helpers.ahp import (
    CR_LIMIT,
    DEFAULT_CRITERIA,
    DEFAULT_JUDGMENTS,
    AHPResult,
    ahp_weights,
    format_judgment,
    judgment_matrix,
    most_inconsistent,
    pair_index,
)
from helpers.widgets.base import panel

STEPS = 8
"""Slider positions run from −8 (left criterion 9× as important) through 0 (equal) to +8 (right one 9×)."""

BAR_COLOUR = "#1f5f8b"
WARN_COLOUR = "#c8453a"


def slider_to_judgment(position: int) -> float:
    """Judgment ``a_ij`` (left vs right criterion) for a slider position −8 … 8.

    −8 → 9 (left far more important), −1 → 2, 0 → 1, 1 → 1/2, 8 → 1/9.
    """
    if isinstance(position, bool) or not isinstance(position, (int, np.integer)) or abs(position) > STEPS:
        raise ValueError(f"slider position must be a whole number from {-STEPS} to {STEPS}, got {position!r}")
    return float(1 - position) if position <= 0 else 1.0 / (1 + position)


def judgment_to_slider(value: float) -> int:
    """Slider position of a judgment on Saaty's scale (the inverse of :func:`slider_to_judgment`)."""
    if not isinstance(value, (int, float, np.integer, np.floating)) or not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
        raise ValueError(f"a judgment must be a number from 1/9 to 9, got {value!r}")
    if value >= 1:
        return -int(round(value - 1))
    return int(round(1 / value - 1))


def ahp_view(criteria: Sequence[str], upper: Sequence[float]) -> dict[str, Any]:
    """Everything the widget shows for one set of judgments.

    Parameters
    ----------
    criteria : sequence of str
        The criterion names (3 to 10).
    upper : sequence of float
        The upper-triangle judgments, row by row (see :func:`helpers.ahp.judgment_matrix`).

    Returns
    -------
    dict
        ``result`` (:class:`~helpers.ahp.AHPResult`, eigenvector method),
        ``weights`` (Series by criterion), ``warning`` (str, empty when CR < 0.1),
        ``hint`` (the judgment that hurts consistency most, in words) and
        ``html`` (the live view: bar chart, statistics, warning, hint).
    """
    criteria = _check_criteria(criteria)
    matrix = judgment_matrix(upper)
    if matrix.shape[0] != len(criteria):
        raise ValueError(f"{len(criteria)} criteria need {len(criteria) * (len(criteria) - 1) // 2} judgments, "
                         f"got {len(upper)}")
    result = ahp_weights(matrix)
    weights = pd.Series(result.weights, index=list(criteria), name="weight")
    warning = ""
    if not result.consistent:
        warning = (f"CR = {result.cr:.3f} ≥ {CR_LIMIT}: the judgments contradict each other too much. "
                   "Revise them before using the weights.")
    worst = most_inconsistent(matrix, result.weights)
    left, right = criteria[worst["row"]], criteria[worst["column"]]
    hint = (f"Most inconsistent judgment: {left} vs {right} = {format_judgment(worst['judgment'])}; "
            f"the other judgments imply about {format_judgment(worst['suggested'])}.")
    return {"result": result, "weights": weights, "warning": warning, "hint": hint,
            "html": _view_html(weights, result, warning, hint)}


def show_ahp(criteria: Sequence[str] = DEFAULT_CRITERIA, upper: Sequence[float] = DEFAULT_JUDGMENTS) -> pd.Series:
    """Static version of the widget: print the statistics and draw the weights.

    Returns
    -------
    pandas.Series
        The weights by criterion.
    """
    view = ahp_view(criteria, upper)
    result: AHPResult = view["result"]
    weights = view["weights"]
    print(f"lambda_max = {result.lambda_max:.3f}   CI = {result.ci:.3f}   CR = {result.cr:.3f}")
    if view["warning"]:
        print("WARNING: " + view["warning"])
    print(view["hint"])
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * len(weights) + 1.0))
    order = weights.sort_values()
    colour = WARN_COLOUR if view["warning"] else BAR_COLOUR
    ax.barh(order.index, order.to_numpy(), color=colour)
    for y, value in enumerate(order.to_numpy()):
        ax.text(value, y, f" {value:.3f}", va="center")
    ax.set_xlabel("AHP weight (eigenvector method)")
    ax.set_title(f"Criterion weights, CR = {result.cr:.3f}")
    ax.set_xlim(0, order.max() * 1.2)
    fig.tight_layout()
    return weights


def ahp_widget(criteria: Sequence[str] = DEFAULT_CRITERIA, judgments: Sequence[float] | None = None) -> widgets.VBox:
    """Pairwise-comparison sliders with live weights, λmax, CI and CR.

    Parameters
    ----------
    criteria : sequence of str
        The criterion names, 3 to 10 (default: the six B2B indicators).
    judgments : sequence of float, optional
        Starting judgments (upper triangle, row by row, each on Saaty's scale
        1/9 … 9); by default :data:`~helpers.ahp.DEFAULT_JUDGMENTS` for the
        default criteria, all 1 (equal importance) otherwise.

    Returns
    -------
    ipywidgets.VBox
        The weights, statistics and consistency warning (the HTML of
        :func:`ahp_view`) beside one slider per pair of criteria, in
        :func:`helpers.ahp.pair_index` order.
    """
    criteria = _check_criteria(criteria)
    pairs = pair_index(len(criteria))
    if judgments is None:
        judgments = DEFAULT_JUDGMENTS if tuple(criteria) == DEFAULT_CRITERIA else [1.0] * len(pairs)
    if len(judgments) != len(pairs):
        raise ValueError(f"{len(criteria)} criteria need {len(pairs)} judgments, got {len(judgments)}")
    name_width = _name_width(criteria)
    controls, labels, rows = {}, [], []
    for k, ((i, j), value) in enumerate(zip(pairs, judgments, strict=True)):
        slider = widgets.IntSlider(value=judgment_to_slider(value), min=-STEPS, max=STEPS, step=1,
                                   readout=False, continuous_update=True,
                                   layout=widgets.Layout(width=f"{SLIDER_WIDTH}px"))
        left, right = (widgets.HTML(layout=widgets.Layout(width=name_width)) for _ in range(2))
        controls[f"pair_{k}"] = slider
        labels.append((left, right, criteria[i], criteria[j]))
        rows.append(widgets.HBox([left, slider, right], layout=widgets.Layout(align_items="center")))

    def render(**positions: int) -> None:
        upper = [slider_to_judgment(positions[f"pair_{k}"]) for k in range(len(pairs))]
        for (left, right, left_name, right_name), value in zip(labels, upper, strict=True):
            left.value, right.value = _name_labels(left_name, right_name, value)
        display(HTML(ahp_view(criteria, upper)["html"]))

    scale = widgets.HBox([widgets.HTML(layout=widgets.Layout(width=name_width)), widgets.HTML(_SCALE_HTML)])
    sliders = widgets.VBox([scale, *rows])
    view = widgets.interactive_output(render, controls)
    view.layout.width = "340px"  # with the sliders (about 520 px) it fits beside them on a laptop
    return panel(view, sliders,
                 title="Pairwise judgments (Saaty’s scale): move each handle towards the criterion "
                       "that matters more; the middle (1) means equally important.")


SLIDER_WIDTH = 170
"""Width of a judgment slider, in pixels."""

_SCALE_HTML = (
    f"<div style='display:flex;justify-content:space-between;width:{SLIDER_WIDTH - 12}px;margin:0 6px;"
    "font-family:monospace;font-size:10px;color:#555'>"
    + "".join(f"<span>{k}</span>" for k in (9, 7, 5, 3, 1, 3, 5, 7, 9))
    + "</div>"
)


def _name_width(criteria: Sequence[str]) -> str:
    """A label width that holds the longest criterion name and its judgment (\"9×\") on one line."""
    return f"{7 * max(len(name) for name in criteria) + 34}px"


def _name_labels(left: str, right: str, value: float) -> tuple[str, str]:
    """The two criterion names of a slider; the more important one is highlighted with its judgment."""
    left, right = html.escape(left), html.escape(right)
    plain = "<div style='text-align:{align};white-space:nowrap;color:#555'>{name}</div>"
    strong = ("<div style='text-align:{align};white-space:nowrap;color:" + BAR_COLOUR + "'><b>{name} {times}×</b>"
              "</div>")
    if value == 1:
        return plain.format(align="right", name=left), plain.format(align="left", name=right)
    if value > 1:
        return (strong.format(align="right", name=left, times=f"{value:g}"),
                plain.format(align="left", name=right))
    return (plain.format(align="right", name=left),
            strong.format(align="left", name=right, times=f"{1 / value:g}"))


def _view_html(weights: pd.Series, result: AHPResult, warning: str, hint: str) -> str:
    """A small HTML bar chart of the weights with the consistency statistics."""
    colour = WARN_COLOUR if warning else BAR_COLOUR
    top = float(weights.max())
    bars = []
    for name, weight in weights.items():
        width = 100 * weight / top
        bars.append(
            "<div style='display:flex;align-items:center;margin:2px 0'>"
            f"<div style='width:130px;text-align:right;padding-right:6px;white-space:nowrap'>{html.escape(str(name))}</div>"
            f"<div style='background:{colour};height:14px;width:{width * 1.1:.0f}px'></div>"
            f"<div style='padding-left:6px'>{weight:.3f}</div></div>"
        )
    status = (f"<div style='color:{WARN_COLOUR};font-weight:bold'>⚠ {html.escape(warning)}</div>" if warning
              else f"<div style='color:#3a9e6f'>✓ Acceptably consistent (CR &lt; {CR_LIMIT}).</div>")
    stats = (f"<div>λmax = {result.lambda_max:.3f} &nbsp; CI = {result.ci:.3f} &nbsp; "
             f"<b>CR = {result.cr:.3f}</b></div>")
    return ("<div style='font-size:12px;max-width:330px'><b>Weights (eigenvector method)</b>" + "".join(bars)
            + stats + status + f"<div style='color:#555'>{html.escape(hint)}</div></div>")


def _check_criteria(criteria: Sequence[str]) -> list[str]:
    """Criterion names: 3 to 10 distinct, non-empty strings."""
    if isinstance(criteria, str) or not isinstance(criteria, Sequence):
        raise ValueError(f"criteria must be a list of names, got {criteria!r}")
    names = [str(name).strip() for name in criteria]
    if not 3 <= len(names) <= 10:
        raise ValueError(f"the AHP widget needs 3 to 10 criteria, got {len(names)}")
    if any(not name for name in names):
        raise ValueError("criterion names must not be empty")
    if len(set(names)) != len(names):
        raise ValueError(f"criterion names must be distinct, got {names}")
    return names
