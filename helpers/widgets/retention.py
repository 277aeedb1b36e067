"""Retention economics, interactively: how much is a customer worth as retention changes?

:func:`retention_summary` computes the numbers (tested), :func:`show_retention`
prints and draws them for one setting with matplotlib (static pages),
:func:`retention_html` shows the same as light HTML/SVG, and
:func:`retention_widget` puts sliders for the retention rate, the margin and
the discount rate beside :func:`retention_html`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.plotting import PALETTE
from helpers.value import clv_gain_from_retention, lifetime_profit, simple_clv
from helpers.widgets.base import SvgFrame, panel, with_range


def retention_summary(retention: float, margin: float, discount: float,
                      periods: int = 20) -> dict[str, float]:
    """The numbers the retention widget shows.

    Parameters
    ----------
    retention : float
        Retention rate per period, in [0, 1).
    margin : float
        Margin per customer per period (currency), >= 0.
    discount : float
        Discount rate per period, >= 0.
    periods : int
        Horizon of the cumulative-value curve (1 to 1000).

    Returns
    -------
    dict
        ``clv`` (:func:`helpers.value.simple_clv`), ``value_in_horizon`` (the
        discounted margin of the first `periods` periods), ``expected_periods``
        (further periods an average customer stays, r / (1 − r)) and
        ``gain_5_points`` (relative CLV rise if retention were 5 points higher;
        NaN when that would reach 100%).
    """
    clv = simple_clv(margin, retention, discount)
    table = lifetime_profit(margin, retention, discount, periods=periods)
    gain = (clv_gain_from_retention(retention, discount, 0.05)
            if 0 < retention < 0.95 else float("nan"))
    return {
        "clv": clv,
        "value_in_horizon": float(table["cumulative_value"].iloc[-1]),
        "expected_periods": retention / (1 - retention),
        "gain_5_points": gain,
    }


def show_retention(retention: float = 0.80, margin: float = 100.0, discount: float = 0.10,
                   periods: int = 20, ax: Axes | None = None) -> dict[str, float]:
    """Print the CLV and draw the cumulative value of one customer over time.

    The solid line is the discounted value earned so far from an average
    customer after each period; it levels off at the CLV (dotted). The dashed
    line shows the same customer with retention 5 points higher.

    Parameters
    ----------
    retention, margin, discount, periods
        As in :func:`retention_summary`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    dict
        The output of :func:`retention_summary`.
    """
    summary = retention_summary(retention, margin, discount, periods)
    table = lifetime_profit(margin, retention, discount, periods=periods)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    ax.plot(table.index, table["cumulative_value"], marker="o", markersize=3,
            label=f"retention {retention:.0%}")
    if retention + 0.05 < 1:
        better = lifetime_profit(margin, retention + 0.05, discount, periods=periods)
        ax.plot(better.index, better["cumulative_value"], linestyle="--",
                label=f"retention {retention + 0.05:.0%}")
    ax.axhline(summary["clv"], color="grey", linestyle=":", label=f"CLV = {summary['clv']:,.1f}")
    ax.set_xlabel("period")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("cumulative discounted margin")
    ax.set_title("Value of one customer over time")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right")

    print("\n".join(retention_lines(retention, margin, discount, periods, summary)))
    return summary


def retention_lines(retention: float, margin: float, discount: float, periods: int,
                    summary: dict[str, float]) -> list[str]:
    """The sentences the retention view prints for one setting and its :func:`retention_summary`."""
    lines = [f"CLV = m·r / (1 + d − r) = {margin:g} × {retention:.2f} / (1 + {discount:.2f} − {retention:.2f})"
             f" = {summary['clv']:,.2f}",
             f"value earned in the first {periods} periods: {summary['value_in_horizon']:,.2f}",
             f"an average customer stays {summary['expected_periods']:.1f} more periods"]
    if summary["gain_5_points"] == summary["gain_5_points"]:  # not NaN
        lines.append(f"5 points more retention would raise CLV by {summary['gain_5_points']:.1%}")
    return lines


def retention_html(retention: float = 0.80, margin: float = 100.0, discount: float = 0.10,
                   periods: int = 20) -> str:
    """The live view of one setting: the sentences of :func:`show_retention` and its chart, as HTML/SVG.

    Returns
    -------
    str
        The text lines, then an SVG chart of the cumulative discounted value
        (solid), the same with retention 5 points higher (dashed) and the CLV
        (dotted), with a legend.
    """
    summary = retention_summary(retention, margin, discount, periods)
    curves = [(lifetime_profit(margin, retention, discount, periods=periods)["cumulative_value"],
               f"retention {retention:.0%}", "")]
    if retention + 0.05 < 1:
        curves.append((lifetime_profit(margin, retention + 0.05, discount, periods=periods)["cumulative_value"],
                       f"retention {retention + 0.05:.0%}", "6 4"))
    top = max(max(float(curve.max()) for curve, _, _ in curves), summary["clv"])
    frame = SvgFrame([0, periods], [0, top], "period", "cumulative discounted margin", width=460, height=250)
    parts, legend = [], []
    for (curve, label, dash), colour in zip(curves, PALETTE, strict=False):
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(frame.px(curve.index.to_numpy()).tolist(),
                                                             frame.py(curve.to_numpy()).tolist(), strict=True))
        parts.append(f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='2' "
                     f"stroke-dasharray='{dash}'/>")
        legend.append(f"<span style='color:{colour};white-space:nowrap'>{'- -' if dash else '—'} {label}</span>")
    clv_y = float(frame.py(summary["clv"]))
    parts.append(f"<line x1='{frame.left}' x2='{frame.width - frame.right}' y1='{clv_y:.1f}' y2='{clv_y:.1f}' "
                 "stroke='grey' stroke-dasharray='2 3'/>")
    legend.append(f"<span style='color:grey;white-space:nowrap'>··· CLV = {summary['clv']:,.1f}</span>")
    text = "".join(f"<div>{html.escape(line)}</div>"
                   for line in retention_lines(retention, margin, discount, periods, summary))
    return (f"<div style='max-width:480px'>{text}<div style='margin-top:6px'><b>Value of one customer over time</b>"
            f"</div>{frame.svg(''.join(parts))}<div style='font-size:12px'>{' &nbsp; '.join(legend)}</div></div>")


def retention_widget(retention: float = 0.80, margin: float = 100.0, discount: float = 0.10,
                     periods: int = 20) -> widgets.VBox:
    """Sliders for retention, margin and discount rate beside :func:`retention_html`.

    Parameters
    ----------
    retention, margin, discount : float
        Starting values of the sliders (retention 0.50–0.95, margin 10–500,
        discount 0–0.30).
    periods : int
        Horizon of the curve.

    Returns
    -------
    ipywidgets.VBox
        The numbers and chart beside (or above) the three sliders.
    """
    retention_summary(retention, margin, discount, periods)  # validate before building
    style = {"description_width": "initial"}
    wide = widgets.Layout(width="340px")  # a long track: fine steps with the mouse too
    controls = {
        "retention": widgets.FloatSlider(value=retention, min=0.50, max=0.95, step=0.01,
                                         description="retention rate r", readout_format=".2f", style=style, layout=wide),
        "margin": widgets.FloatSlider(value=margin, min=10, max=500, step=10,
                                      description="margin per period m", readout_format=".0f", style=style, layout=wide),
        "discount": widgets.FloatSlider(value=discount, min=0.0, max=0.30, step=0.01,
                                        description="discount rate d", readout_format=".2f", style=style, layout=wide),
    }

    def render(retention: float, margin: float, discount: float) -> None:
        display(HTML(retention_html(retention, margin, discount, periods=periods)))

    sliders = widgets.VBox([with_range(controls["retention"], "0.50", "0.95"),
                            with_range(controls["margin"], "10", "500"),
                            with_range(controls["discount"], "0.00", "0.30")])
    return panel(widgets.interactive_output(render, controls), sliders,
                 title="Retention economics: CLV = m·r / (1 + d − r)")
