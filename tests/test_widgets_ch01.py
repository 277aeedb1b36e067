"""Tests of chapter 01's widgets: they build, refresh and show the numbers of their plain functions.

Run with the Agg backend (no display). Outside a Jupyter kernel the widgets'
output area does not capture prints, so what a refresh prints reaches pytest's
``capsys``.
"""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from helpers.relationship import recommended_level  # noqa: E402
from helpers.value import lifetime_profit, simple_clv  # noqa: E402
from helpers.widgets import relationship_level_widget, retention_widget  # noqa: E402
from helpers.widgets.relationship import show_relationship_level  # noqa: E402
from helpers.widgets.retention import retention_summary, show_retention  # noqa: E402


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


def test_retention_widget_builds_and_refreshes(capsys):
    panel = retention_widget(retention=0.75, margin=50.0, discount=0.05)
    sliders = _sliders(panel)
    assert set(sliders) == {"retention rate r", "margin per period m", "discount rate d"}
    capsys.readouterr()
    sliders["retention rate r"].value = 0.90
    sliders["margin per period m"].value = 200
    printed = capsys.readouterr().out
    assert f"= {simple_clv(200, 0.90, 0.05):,.2f}" in printed
    panel.refresh()
    for value in (0.50, 0.95):  # both ends of the slider
        sliders["retention rate r"].value = value
    sliders["discount rate d"].value = 0.0


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


def test_relationship_widget_builds_and_refreshes(capsys):
    panel = relationship_level_widget(n_customers=1000, margin=0.20)
    sliders = _sliders(panel)
    assert set(sliders) == {"number of customers", "unit margin"}
    assert "recommended level: accountable" in capsys.readouterr().out
    sliders["number of customers"].value = 10
    sliders["unit margin"].value = 0.5
    assert "recommended level: partnership" in capsys.readouterr().out
    sliders["number of customers"].value = 1  # smallest value of the log slider
    sliders["number of customers"].value = 10**6
    sliders["unit margin"].value = 0.0
    assert capsys.readouterr().out.rstrip().endswith("does not follow up")
    panel.refresh()


def test_relationship_widget_rejects_bad_start():
    with pytest.raises(ValueError, match="margin"):
        relationship_level_widget(margin=2.0)
