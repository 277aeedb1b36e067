"""k-means segmentation on standardised log-RFM features (helpers.segmentation).

What is asserted about planted segments: ``data/segment_customers.csv`` is
drawn from four planted segments (helpers.datasets.mining.SEGMENTS, truth in
the column ``planted_segment``). On log-RFM features, the silhouette picks
k = 4, k-means with k = 4 recovers the planted grouping (adjusted Rand index
≥ 0.95), and the automatic names match the planted names for ≥ 95% of customers.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from helpers.data import load
from helpers.segmentation import (
    choose_k,
    kmeans_segments,
    name_segments,
    segment_profiles,
    standardized_features,
)

RFM = ["recency", "frequency", "monetary"]


@pytest.fixture(scope="module")
def planted():
    return load("segment_customers")


def test_standardised_features_have_mean_0_and_sd_1():
    table = pd.DataFrame({"recency": [0, 9, 99], "frequency": [1, 2, 3]})
    z = standardized_features(table, ["recency", "frequency"])
    # log1p(recency) = 0, log 10, log 100 -> equally spaced -> z = -1.2247, 0, 1.2247
    assert z["recency"].tolist() == pytest.approx([-np.sqrt(1.5), 0.0, np.sqrt(1.5)])
    assert z.mean().abs().max() < 1e-12
    assert z.std(ddof=0).tolist() == pytest.approx([1.0, 1.0])


def test_silhouette_chooses_the_planted_number_of_segments(planted):
    table = choose_k(planted, RFM)
    assert table["k"].tolist() == list(range(2, 9))
    assert int(table.loc[table["silhouette"].idxmax(), "k"]) == 4
    assert table["inertia"].is_monotonic_decreasing


def test_kmeans_recovers_the_planted_segments_and_names_them(planted):
    result = kmeans_segments(planted, RFM, 4)
    assert adjusted_rand_score(planted["planted_segment"], result.labels) >= 0.95
    names = result.labels.map(name_segments(result.centers))
    assert (names == planted["planted_segment"]).mean() >= 0.95


def test_results_are_reproducible_and_segment_0_is_the_best(planted):
    first = kmeans_segments(planted, RFM, 4)
    second = kmeans_segments(planted, RFM, 4)
    assert first.labels.equals(second.labels)
    profile = segment_profiles(planted, first)
    assert profile.loc[0, "name"] == "Champions"
    assert profile["customers"].sum() == len(planted)
    assert profile["share"].sum() == pytest.approx(1.0)
    assert profile.loc[0, "monetary"] == profile["monetary"].max()


def test_names_follow_the_rfm_logic():
    centers = pd.DataFrame({"recency": [-1, -1, -1, 1, 1, 1], "frequency": [2, 0.5, -1, 1, -1, -1],
                            "monetary": [2, 0, -1, 1, 0.5, -1]})
    assert list(name_segments(centers).values()) == [
        "Champions", "Loyal regulars", "New customers", "At risk", "Hibernating", "Lost"]
    assert list(name_segments(centers[["frequency", "monetary"]]).values())[:2] == ["Segment 1", "Segment 2"]
    twice = pd.DataFrame({"recency": [1, 1], "frequency": [-1, -1], "monetary": [-1, -1]})
    assert list(name_segments(twice).values()) == ["Lost", "Lost 2"]


def test_bad_input_raises_clear_errors(planted):
    with pytest.raises(KeyError, match="no column"):
        kmeans_segments(planted, ["recency", "loyalty"], 3)
    with pytest.raises(ValueError, match="k must be from 2 to 8"):
        kmeans_segments(planted, RFM, 12)
    with pytest.raises(ValueError, match="whole number"):
        kmeans_segments(planted, RFM, 2.5)
    with pytest.raises(ValueError, match="at least one feature"):
        kmeans_segments(planted, [], 3)
    with pytest.raises(ValueError, match="must be numeric"):
        standardized_features(planted, ["planted_segment"])
    with pytest.raises(ValueError, match="negative"):
        standardized_features(pd.DataFrame({"x": [-1, 2, 3]}), ["x"])
    with pytest.raises(ValueError, match="constant"):
        standardized_features(pd.DataFrame({"x": [5, 5, 5]}), ["x"])
    with pytest.raises(ValueError, match="missing"):
        standardized_features(pd.DataFrame({"x": [1.0, None, 3.0]}), ["x"])
    with pytest.raises(ValueError, match="need more than"):
        kmeans_segments(planted.head(3), RFM, 3)
    with pytest.raises(ValueError, match="does not belong"):
        segment_profiles(planted.head(10), kmeans_segments(planted, RFM, 3))


def test_silhouette_is_the_mean_over_every_customer():
    """The silhouette is sklearn's silhouette_score on all customers (no sample), as the chapter defines it."""
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(0)
    table = pd.DataFrame({"x": rng.gamma(2.0, size=1500), "y": rng.gamma(3.0, size=1500)})
    result = kmeans_segments(table, ["x", "y"], 3)
    scaled = standardized_features(table, ["x", "y"]).to_numpy()
    assert result.silhouette == pytest.approx(silhouette_score(scaled, result.labels.to_numpy()), abs=1e-12)


def test_precomputed_distances_give_the_same_silhouette():
    """choose_k and the widget compute the distances once per feature set and share them across k."""
    from sklearn.metrics import pairwise_distances

    rng = np.random.default_rng(1)
    table = pd.DataFrame({"x": rng.gamma(2.0, size=800), "y": rng.gamma(3.0, size=800)})
    distances = pairwise_distances(standardized_features(table, ["x", "y"]).to_numpy())
    for k in (2, 5):
        shared = kmeans_segments(table, ["x", "y"], k, distances=distances)
        assert shared.silhouette == pytest.approx(kmeans_segments(table, ["x", "y"], k).silhouette, abs=1e-12)
    with pytest.raises(ValueError, match="distances"):
        kmeans_segments(table, ["x", "y"], 3, distances=distances[:10, :10])
