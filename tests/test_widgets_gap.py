"""The satisfaction-gap widget: its plain functions, and that the controls drive it."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from widget_capture import controls, shown, walk  # noqa: E402

from helpers.data import load  # noqa: E402
from helpers.servqual import DIMENSIONS, gaps, survey_parts  # noqa: E402
from helpers.widgets import gap_widget  # noqa: E402
from helpers.widgets.gap import describe, gap_html, gap_report, plot_gap_report, segment_tables  # noqa: E402

TABLE = pd.DataFrame({"E": [6.0, 5.0], "P": [5.0, 5.5]}, index=["speed", "care"])
IMPORTANCE = {"speed": 60, "care": 40}


@pytest.fixture(scope="module")
def survey():
    return load("servqual")


def test_report_by_hand():
    """Gaps -1 and +0.5; weighted 0.6 * -1 + 0.4 * 0.5 = -0.4; speed is the shortfall."""
    report = gap_report(TABLE, IMPORTANCE)
    assert report.table["gap"].tolist() == pytest.approx([-1.0, 0.5])
    assert report.score == pytest.approx(-0.4)
    assert report.shortfall == "speed"
    assert report.grid.loc["speed", "quadrant"] == "Concentrate here"
    assert "Largest shortfall: speed" in describe(report)


def test_shifts_move_the_gap_and_stay_on_the_scale():
    report = gap_report(TABLE, IMPORTANCE, shift_p={"speed": 1.5}, shift_e={"care": 2.0})
    assert report.table.loc["speed", "gap"] == pytest.approx(0.5)
    assert report.table.loc["care", "E"] == pytest.approx(7.0)  # 5 + 2 = 7, the top of the scale
    assert gap_report(TABLE, IMPORTANCE, shift_e={"speed": 2.0}).table.loc["speed", "E"] == 7.0  # clipped from 8
    assert gap_report(TABLE, IMPORTANCE, shift_p={"speed": 2, "care": 2}).shortfall is None


def test_report_bad_input():
    with pytest.raises(ValueError, match="<= 2"):
        gap_report(TABLE, IMPORTANCE, shift_p={"speed": 3})
    with pytest.raises(KeyError, match="no dimension 'price'"):
        gap_report(TABLE, IMPORTANCE, shift_e={"price": 1})
    with pytest.raises(KeyError, match="no value for dimension"):
        gap_report(TABLE, {"speed": 1})


def test_segment_tables_match_servqual_gaps(survey):
    tables = segment_tables(survey)
    assert list(tables) == ["All", "Downtown", "Online", "Suburban"]
    e, p, importance = survey_parts(survey.loc[survey["branch"] == "Online"])
    pd.testing.assert_frame_equal(tables["Online"][0], gaps(e, p, DIMENSIONS))
    assert tables["Online"][1].tolist() == pytest.approx(importance.mean().tolist())
    with pytest.raises(KeyError, match="region"):
        segment_tables(survey, by="region")


def test_html_names_the_shortfall_and_every_dimension(survey):
    table, importance = segment_tables(survey)["Online"]
    html = gap_html(gap_report(table, importance, segment="Online"))
    assert all(dim in html for dim in DIMENSIONS)
    assert "Largest shortfall: responsiveness" in html
    assert "Concentrate here" in html


def test_widget_controls_drive_the_report(survey):
    """Every control changes the view to gap_html of the matching report."""
    panel, first = shown(lambda: gap_widget(survey))
    segment, performance, *sliders = controls(panel)
    assert segment.options == ("All", "Downtown", "Online", "Suburban")
    assert len(sliders) == 2 * len(DIMENSIONS)
    tables = segment_tables(survey)
    assert first == gap_html(gap_report(*tables["All"], segment="All"))
    _, _ = shown(lambda: setattr(segment, "value", "Online"))
    _, _ = shown(lambda: setattr(performance, "value", "P"))
    _, view = shown(lambda: setattr(sliders[-1], "value", 1.5))  # the last control: P of the last dimension
    last = list(DIMENSIONS)[-1]
    expected = gap_report(*tables["Online"], shift_e={}, shift_p={last: 1.5}, performance="P", segment="Online")
    assert view == gap_html(expected)


def test_every_dimension_label_is_whole(survey):
    """Dimension names stand in their own labels, never cut ("expectation responsi…" was)."""
    panel, _ = shown(lambda: gap_widget(survey))
    labels = [w.value for w in walk(panel) if isinstance(w, widgets.HTML)]
    for dim in DIMENSIONS:
        assert any(f">{dim}<" in label and "nowrap" in label for label in labels)
    assert all(not slider.description for slider in controls(panel)[2:])
    assert any("−2 … +2" in label for label in labels)  # the sliders' range is written above them


def test_static_plot(survey):
    table, importance = segment_tables(survey)["Suburban"]
    fig = plot_gap_report(gap_report(table, importance, segment="Suburban"))
    assert len(fig.axes) == 2
    plt.close(fig)
