"""Tests of chapter 01's widgets: they build, refresh and show the numbers of their plain functions.

Run with the Agg backend (no display). What a widget displays is caught with
:func:`widget_capture.shown` (an IPython shell formats it, as a kernel would).
"""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from widget_capture import shown  # noqa: E402

from helpers.relationship import recommended_level  # noqa: E402
from helpers.value import lifetime_profit, simple_clv  # noqa: E402
from helpers.widgets import relationship_level_widget, retention_widget  # noqa: E402
from helpers.widgets.relationship import relationship_html, show_relationship_level  # noqa: E402
from helpers.widgets.retention import retention_html, retention_summary, show_retention  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _sliders(panel: widgets.Widget) -> dict[str, widgets.Widget]:
    """The panel's controls by their description."""
    found = {}
    stack = [panel]
    while stack:
        widget = stack.pop()
        if isinstance(widget, (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider)):
            found[widget.description] = widget
        stack.extend(getattr(widget, "children", ()))
    return found


def test_retention_summary_numbers():
    """r = 0.8, m = 100, d = 0.1: CLV = 100·0.8/0.3 = 266.67; r/(1−r) = 4;
    5 more points: 100·0.85/0.25 = 340, +27.5%."""
    summary = retention_summary(0.80, 100, 0.10, periods=20)
    assert summary["clv"] == pytest.approx(266.6667, rel=1e-6)
    assert summary["expected_periods"] == pytest.approx(4.0)
    assert summary["gain_5_points"] == pytest.approx(340 / (80 / 0.3) - 1)
    assert summary["value_in_horizon"] == pytest.approx(
        lifetime_profit(100, 0.80, 0.10, periods=20)["cumulative_value"].iloc[-1])
    assert summary["value_in_horizon"] < summary["clv"]


def test_retention_summary_at_the_top_of_the_range():
    summary = retention_summary(0.95, 100, 0.10)
    assert summary["gain_5_points"] != summary["gain_5_points"]  # NaN: 100% retention has no CLV


def test_show_retention_prints_and_draws_its_numbers(capsys):
    summary = show_retention(0.80, 100.0, 0.10)
    printed = capsys.readouterr().out
    assert "= 266.67" in printed
    assert "27.5%" in printed
    ax = plt.gca()
    assert len(ax.lines) == 3  # the curve, the +5 points curve, the CLV line
    assert ax.lines[2].get_ydata()[0] == pytest.approx(summary["clv"])


def test_retention_html_has_the_printed_numbers_and_three_curves():
    html = retention_html(0.80, 100.0, 0.10)
    assert "= 266.67" in html and "27.5%" in html
    assert html.count("<polyline") == 2 and "CLV = 266.7" in html  # the curve, the +5 points curve; the CLV line
    assert retention_html(0.95, 100.0, 0.10).count("<polyline") == 1  # 100% retention has no curve


def test_retention_widget_shows_retention_html_of_its_sliders():
    panel, first = shown(lambda: retention_widget(retention=0.75, margin=50.0, discount=0.05))
    sliders = _sliders(panel)
    assert set(sliders) == {"retention rate r", "margin per period m", "discount rate d"}
    assert first == retention_html(0.75, 50.0, 0.05)
    shown(lambda: setattr(sliders["retention rate r"], "value", 0.90))
    _, view = shown(lambda: setattr(sliders["margin per period m"], "value", 200))
    assert view == retention_html(0.90, 200, 0.05)
    assert f"= {simple_clv(200, 0.90, 0.05):,.2f}" in view
    for value in (0.50, 0.95):  # both ends of the slider
        shown(lambda value=value: setattr(sliders["retention rate r"], "value", value))
    _, view = shown(lambda: setattr(sliders["discount rate d"], "value", 0.0))
    assert view == retention_html(0.95, 200, 0.0)


def test_retention_widget_rejects_bad_start():
    with pytest.raises(ValueError, match="retention"):
        retention_widget(retention=1.2)


def test_show_relationship_level_matches_plain_function(capsys):
    for n, margin in [(50, 0.15), (2_000_000, 0.03), (1_000, 0.45), (20, 0.5)]:
        level = show_relationship_level(n, margin)
        assert level == recommended_level(n, margin)
        assert f"recommended level: {level}" in capsys.readouterr().out
    plt.close("all")


def test_highlighted_cell_is_the_chosen_one():
    """50 customers (few: bottom row 2) at 15% (medium margin: middle column 1)."""
    show_relationship_level(50, 0.15)
    boxes = [p for p in plt.gca().patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(boxes) == 1
    assert boxes[0].get_xy() == (0.5, 1.5)


def test_relationship_html_outlines_the_recommended_cell():
    html = relationship_html(50, 0.15)
    assert f"recommended level: {recommended_level(50, 0.15)}" in html
    assert html.count("outline:4px") == 1
    chosen = html.split("outline:4px")[1].split("</td>")[0]
    assert chosen.endswith(recommended_level(50, 0.15))


def test_relationship_widget_shows_relationship_html_of_its_sliders():
    panel, first = shown(lambda: relationship_level_widget(n_customers=1000, margin=0.20))
    sliders = _sliders(panel)
    assert set(sliders) == {"number of customers", "unit margin"}
    assert first == relationship_html(1000, 0.20)
    assert "recommended level: accountable" in first
    shown(lambda: setattr(sliders["number of customers"], "value", 10))
    _, view = shown(lambda: setattr(sliders["unit margin"], "value", 0.5))
    assert "recommended level: partnership" in view
    shown(lambda: setattr(sliders["number of customers"], "value", 1))  # smallest value of the log slider
    shown(lambda: setattr(sliders["number of customers"], "value", 10**6))
    _, view = shown(lambda: setattr(sliders["unit margin"], "value", 0.0))
    assert "does not follow up" in view
    assert view == relationship_html(10**6, 0.0)


def test_relationship_widget_rejects_bad_start():
    with pytest.raises(ValueError, match="margin"):
        relationship_level_widget(margin=2.0)
