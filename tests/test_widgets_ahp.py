"""The AHP widget's plain functions and its wiring (helpers.widgets.ahp)."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from widget_capture import controls, shown, walk  # noqa: E402

from helpers.ahp import DEFAULT_CRITERIA, DEFAULT_JUDGMENTS, ahp_weights, judgment_matrix  # noqa: E402
from helpers.widgets import ahp_widget  # noqa: E402
from helpers.widgets.ahp import (  # noqa: E402
    ahp_view,
    judgment_to_slider,
    show_ahp,
    slider_to_judgment,
)


def test_slider_positions_map_to_saaty_scale_and_back():
    assert [slider_to_judgment(p) for p in (-8, -2, 0, 2, 8)] == pytest.approx([9, 3, 1, 1 / 3, 1 / 9])
    for position in range(-8, 9):
        assert judgment_to_slider(slider_to_judgment(position)) == position


def test_default_criteria_are_the_six_b2b_indicators_and_consistent():
    assert DEFAULT_CRITERIA == ("gross profit", "sales volume", "marketing cost",
                                "industry position", "years of cooperation", "satisfaction")
    view = ahp_view(DEFAULT_CRITERIA, DEFAULT_JUDGMENTS)
    assert view["result"].cr < 0.1 and view["warning"] == ""
    assert view["weights"].idxmax() == "gross profit"


def test_view_matches_ahp_weights_and_warns_when_inconsistent():
    upper = [9, 1 / 9, 9]  # a > b, c > a, b > c: a cycle
    view = ahp_view(["a", "b", "c"], upper)
    expected = ahp_weights(judgment_matrix(upper))
    assert view["result"].cr == pytest.approx(expected.cr)
    assert view["result"].cr >= 0.1
    assert "CR =" in view["warning"] and "≥ 0.1" in view["warning"]
    assert "Most inconsistent judgment" in view["hint"]
    assert "⚠" in view["html"]


def test_widget_shows_ahp_view_and_follows_the_last_slider():
    """The panel shows ahp_view's HTML; moving the last slider shows the view of the new judgments."""
    panel, first = shown(ahp_widget)
    sliders = controls(panel)
    assert len(sliders) == 15
    assert first == ahp_view(DEFAULT_CRITERIA, DEFAULT_JUDGMENTS)["html"]
    _, after = shown(lambda: setattr(sliders[-1], "value", 8))  # satisfaction 9x as important as years
    judgments = [*DEFAULT_JUDGMENTS[:-1], slider_to_judgment(8)]
    assert after == ahp_view(DEFAULT_CRITERIA, judgments)["html"]
    assert "CR =" in after


def test_widget_names_the_more_important_criterion_beside_its_slider():
    """The first pair starts at 2 (gross profit twice as important); after the move, sales volume 9x."""
    panel, _ = shown(ahp_widget)
    names = [w.value for w in walk(panel) if isinstance(w, widgets.HTML)]
    assert any("gross profit 2×" in name for name in names)
    _, _ = shown(lambda: setattr(controls(panel)[0], "value", 8))
    names = [w.value for w in walk(panel) if isinstance(w, widgets.HTML)]
    assert any("sales volume 9×" in name for name in names)
    assert all("white-space:nowrap" in name for name in names if "×" in name)  # "years of cooperation 6×" on one line


def test_results_come_before_the_sliders():
    """The view is the first item of the body: beside the sliders, or above them on a narrow screen."""
    panel, _ = shown(ahp_widget)
    body = panel.children[-1]
    assert isinstance(body.children[0], widgets.Output)
    assert "wrap" in body.layout.flex_flow


def test_widget_with_custom_criteria_starts_at_equal_weights():
    panel, view = shown(lambda: ahp_widget(["price", "quality", "service"]))
    assert [slider.value for slider in controls(panel)] == [0, 0, 0]
    assert view.count("0.333") == 3


def test_show_ahp_draws_and_returns_weights(capsys):
    weights = show_ahp()
    assert weights.sum() == pytest.approx(1)
    assert "CR =" in capsys.readouterr().out
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ahp_widget(["a", "b"]), "3 to 10 criteria"),
        (lambda: ahp_widget(["a", "a", "b"]), "distinct"),
        (lambda: ahp_widget("abc"), "list of names"),
        (lambda: ahp_widget(["a", "b", "c"], [1, 2]), "need 3 judgments"),
        (lambda: ahp_view(["a", "b", "c", "d"], [1, 2, 3]), "need 6 judgments"),
        (lambda: slider_to_judgment(9), "from -8 to 8"),
        (lambda: judgment_to_slider(12), "from 1/9 to 9"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()
