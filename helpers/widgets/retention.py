"""Retention economics, interactively: how much is a customer worth as retention changes?

:func:`retention_summary` computes the numbers (tested), :func:`show_retention`
prints and draws them for one setting, and :func:`retention_widget` puts
sliders for the retention rate, the margin and the discount rate in front of
:func:`show_retention`.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.value import clv_gain_from_retention, lifetime_profit, simple_clv
from helpers.widgets.base import live_panel


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

    print(f"CLV = m·r / (1 + d − r) = {margin:g} × {retention:.2f} / (1 + {discount:.2f} − {retention:.2f})"
          f" = {summary['clv']:,.2f}")
    print(f"value earned in the first {periods} periods: {summary['value_in_horizon']:,.2f}")
    print(f"an average customer stays {summary['expected_periods']:.1f} more periods")
    if summary["gain_5_points"] == summary["gain_5_points"]:  # not NaN
        print(f"5 points more retention would raise CLV by {summary['gain_5_points']:.1%}")
    return summary


def retention_widget(retention: float = 0.80, margin: float = 100.0, discount: float = 0.10,
                     periods: int = 20) -> widgets.VBox:
    """Sliders for retention, margin and discount rate in front of :func:`show_retention`.

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
        The panel; ``panel.refresh()`` redraws it.
    """
    retention_summary(retention, margin, discount, periods)  # validate before building
    style = {"description_width": "initial"}
    controls = {
        "retention": widgets.FloatSlider(value=retention, min=0.50, max=0.95, step=0.01,
                                         description="retention rate r", readout_format=".2f",
                                         style=style, continuous_update=False),
        "margin": widgets.FloatSlider(value=margin, min=10, max=500, step=10,
                                      description="margin per period m", readout_format=".0f",
                                      style=style, continuous_update=False),
        "discount": widgets.FloatSlider(value=discount, min=0.0, max=0.30, step=0.01,
                                        description="discount rate d", readout_format=".2f",
                                        style=style, continuous_update=False),
    }

    def render(retention: float, margin: float, discount: float) -> None:
        show_retention(retention, margin, discount, periods=periods)

    return live_panel(controls, render, title="Retention economics: CLV = m·r / (1 + d − r)")
