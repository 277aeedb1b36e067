"""The segmentation widget and the plain function behind it (helpers.widgets.segmentation)."""

import contextlib
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from widget_capture import controls, shown  # noqa: E402

from helpers.data import load  # noqa: E402
from helpers.rfm import rfm_table  # noqa: E402
from helpers.segmentation import kmeans_segments  # noqa: E402
from helpers.widgets.segmentation import (  # noqa: E402
    SegmentationExplorer,
    numeric_features,
    segmentation_html,
    segmentation_widget,
    show_segmentation,
)


@pytest.fixture(scope="module")
def rfm():
    return rfm_table(load("transactions"))


def quiet(function, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = function(*args, **kwargs)
    plt.close("all")
    return result, out.getvalue()


def test_show_segmentation_prints_silhouette_and_profiles(rfm):
    result, text = quiet(show_segmentation, rfm, ["recency", "frequency", "monetary"], 4)
    direct = kmeans_segments(rfm, ["recency", "frequency", "monetary"], 4)
    assert result["silhouette"] == pytest.approx(direct.silhouette)
    assert f"silhouette = {direct.silhouette:.3f}" in text
    assert "Champions" in text
    assert result["profile"]["customers"].sum() == len(rfm)


def test_explorer_caches_each_setting(rfm):
    explorer = SegmentationExplorer(rfm)
    first = explorer.segment(["recency", "monetary"], 3)
    assert explorer.segment(["recency", "monetary"], 3) is first


def test_html_view_has_every_customer_and_the_printed_summary(rfm):
    explorer = SegmentationExplorer(rfm)
    html = segmentation_html(explorer, ["recency", "monetary"], 3)
    result, profile = explorer.segment(["recency", "monetary"], 3)
    assert html.count("stroke-linecap='round'") == 3  # one path of dots per segment
    assert html.count("h0") == len(rfm)
    for name, size in zip(profile["name"], profile["customers"], strict=True):
        assert f"{name} ({size})" in html
    assert f"silhouette = {result.silhouette:.3f}" in html
    assert "log monetary (standardised)" in html


def test_widget_follows_its_controls(rfm):
    panel, first = shown(lambda: segmentation_widget(rfm))
    features, k = controls(panel)
    assert features.value == ("recency", "frequency", "monetary")
    assert k.min == 2 and k.max == 8
    assert "k = 4" in first
    _, view = shown(lambda: setattr(k, "value", 3))
    explorer = SegmentationExplorer(rfm)
    assert view == segmentation_html(explorer, ["recency", "frequency", "monetary"], 3)
    _, view = shown(lambda: setattr(features, "value", ("recency", "frequency")))
    assert view == segmentation_html(explorer, ["recency", "frequency"], 3)
    _, view = shown(lambda: setattr(features, "value", ()))
    assert "Choose at least one feature" in view


def test_only_numeric_non_id_columns_are_offered():
    table = load("segment_customers")
    assert numeric_features(table) == ["recency", "frequency", "monetary"]


def test_bad_input_raises_clear_errors(rfm):
    with pytest.raises(ValueError, match="DataFrame"):
        segmentation_widget([1, 2, 3])
    with pytest.raises(ValueError, match="more than 8 rows"):
        segmentation_widget(rfm.head(5))
    with pytest.raises(ValueError, match="k must be from 2 to 8"):
        quiet(segmentation_widget, rfm, k=9)
    with pytest.raises(KeyError, match="no column"):
        quiet(segmentation_widget, rfm, features=["age"])
    with pytest.raises(ValueError, match="no numeric feature"):
        numeric_features(load("segment_customers")[["customer_id", "planted_segment"]])
