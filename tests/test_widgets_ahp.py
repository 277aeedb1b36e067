"""The AHP widget's plain functions and its wiring (helpers.widgets.ahp)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.ahp import ahp_weights, judgment_matrix  # noqa: E402
from helpers.widgets import ahp_widget  # noqa: E402
from helpers.widgets.ahp import (  # noqa: E402
    DEFAULT_CRITERIA,
    DEFAULT_JUDGMENTS,
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


def test_widget_updates_on_slider_change():
    panel = ahp_widget()
    assert len(panel.sliders) == 15
    assert panel.judgments() == pytest.approx(list(DEFAULT_JUDGMENTS))
    before = panel.view.value
    panel.sliders[0].value = 8  # sales volume now 9x as important as gross profit
    assert panel.judgments()[0] == pytest.approx(1 / 9)
    assert panel.view.value != before
    assert "CR =" in panel.view.value


def test_widget_with_custom_criteria_starts_at_equal_weights():
    panel = ahp_widget(["price", "quality", "service"])
    assert panel.judgments() == [1.0, 1.0, 1.0]
    assert "0.333" in panel.view.value


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
