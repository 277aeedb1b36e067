"""CSD, the 0-100 index, path estimation and path diagrams.

Index transform: ACSI methodology (Fornell, Johnson, Anderson, Cha & Bryant
1996, "The American Customer Satisfaction Index: nature, purpose, and
findings", Journal of Marketing 60(4), 7-18): a 1-10 score s is reported as
100 (s - 1) / 9, so 8.2 -> 80. CSD = sum w_i P_i is the lecture's formula.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.data import load  # noqa: E402
from helpers.datasets.satisfaction import CSI_ITEMS, TRUE_PATHS  # noqa: E402
from helpers.satisfaction import (  # noqa: E402
    CSI_MODELS,
    composite_scores,
    cronbach_alpha,
    csd,
    estimate_paths,
    estimate_paths_sem,
    plot_path_diagram,
    satisfaction_index,
    to_index,
)


def test_csd_by_hand():
    """0.5*80 + 0.3*70 + 0.2*90 = 40 + 21 + 18 = 79."""
    assert csd([0.5, 0.3, 0.2], [80, 70, 90]) == pytest.approx(79.0)


def test_index_transform_acsi():
    assert to_index(8.2, 1, 10) == pytest.approx(80.0)
    assert to_index(1, 1, 10) == 0.0 and to_index(10, 1, 10) == 100.0
    assert to_index([1, 4, 7], 1, 7).tolist() == pytest.approx([0.0, 50.0, 100.0])


def test_satisfaction_index_by_hand():
    """Item means 8 and 5 (1-10 scale), weights 0.75/0.25: CSD 7.25 -> 100 * 6.25 / 9 = 69.44."""
    items = pd.DataFrame({"s1": [7, 9], "s2": [4, 6]})
    assert satisfaction_index(items, {"s1": 0.75, "s2": 0.25}) == pytest.approx(625 / 9)
    assert satisfaction_index(items) == pytest.approx(100 * 5.5 / 9)


@pytest.mark.parametrize("call, error, message", [
    (lambda: csd([0.5, 0.6], [1, 2]), ValueError, "sum to 1"),
    (lambda: csd([0.5, 0.5], [1, 2, 3]), ValueError, "same length"),
    (lambda: csd([-0.5, 1.5], [1, 2]), ValueError, "negative"),
    (lambda: to_index(11, 1, 10), ValueError, "outside the answer scale"),
    (lambda: to_index(5, 10, 1), ValueError, "low to high"),
    (lambda: to_index([5, np.nan], 1, 10), ValueError, "missing"),
    (lambda: satisfaction_index(pd.DataFrame({"a": [1]}), {"b": 1.0}), KeyError, "b"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_estimate_paths_on_exact_data():
    """y = 1 + 2x - 0.5z + small noise: the slopes come back, with tiny standard errors."""
    rng = np.random.default_rng(1)
    x, z = rng.normal(size=500), rng.normal(size=500)
    scores = pd.DataFrame({"x": x, "z": z, "y": 1 + 2 * x - 0.5 * z + rng.normal(0, 0.01, 500)})
    table = estimate_paths(scores, [("x", "y"), ("z", "y")])
    assert table["estimate"].tolist() == pytest.approx([2.0, -0.5], abs=0.005)
    assert (table["se"] < 0.001).all()
    assert table["r2"].iloc[0] == pytest.approx(1.0, abs=1e-3)


@pytest.fixture(scope="module")
def csi():
    return load("csi_survey")


@pytest.fixture(scope="module")
def sem_full(csi):
    return estimate_paths_sem(csi, CSI_ITEMS, list(TRUE_PATHS))


def test_cronbach_alpha_by_hand():
    """Items a, b, c: variances 5/3, 4/3, 8/3 (sum 17/3); totals 4, 7, 10, 13 have variance 15;
    alpha = 3/2 * (1 - (17/3)/15) = 0.9333 (Cronbach 1951)."""
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 3, 5], "c": [2, 2, 4, 4]})
    assert cronbach_alpha(items) == pytest.approx(1.5 * (1 - (17 / 3) / 15))
    with pytest.raises(ValueError, match="at least two item columns"):
        cronbach_alpha(items[["a"]])
    with pytest.raises(ValueError, match="missing"):
        cronbach_alpha(items.astype(float).assign(a=[1.0, None, 3.0, 4.0]))


def test_csi_scales_have_realistic_reliability(csi):
    """Issue 14 / TEACHING.md section 2: alpha between 0.80 and 0.92 for every construct (was 0.985)."""
    alphas = {name: cronbach_alpha(csi[items]) for name, items in CSI_ITEMS.items()}
    assert all(0.80 <= a <= 0.92 for a in alphas.values()), alphas


def test_ols_on_composites_is_attenuated_sem_recovers_the_truth(csi, sem_full):
    """With alpha about 0.85, OLS on composite scores misses paths by more than 2 SE, mostly towards zero
    (satisfaction -> loyalty: truth 0.50, OLS about 0.40); the structural equation model's estimates lie
    within 2 SE of every generating value."""
    truth = np.array(list(TRUE_PATHS.values()))
    ols = estimate_paths(composite_scores(csi, CSI_ITEMS), list(TRUE_PATHS))
    ols_z = (ols["estimate"].to_numpy() - truth) / ols["se"].to_numpy()
    assert (np.abs(ols_z) > 2).sum() >= 2
    assert ols.loc[10, ["cause", "effect"]].tolist() == ["satisfaction", "loyalty"]
    assert ols.loc[10, "estimate"] == pytest.approx(0.395, abs=0.01)
    assert (ols["estimate"].abs() < np.abs(truth)).sum() >= 8
    sem_z = (sem_full["estimate"].to_numpy() - truth) / sem_full["se"].to_numpy()
    assert np.all(np.abs(sem_z) <= 2), sem_full.assign(truth=truth, z=sem_z)


def test_ccsi_satisfaction_loyalty_is_the_total_effect(csi, sem_full):
    """Without complaints, CCSI's satisfaction -> loyalty path estimates the total effect of the full model
    (direct + through complaints), not an overstatement of the direct 0.50."""
    full = sem_full.set_index(["cause", "effect"])["estimate"]
    total = full[("satisfaction", "loyalty")] + full[("satisfaction", "complaints")] * full[("complaints", "loyalty")]
    ccsi = estimate_paths_sem(csi, CSI_ITEMS, CSI_MODELS["CCSI"]).set_index(["cause", "effect"])["estimate"]
    assert ccsi[("satisfaction", "loyalty")] == pytest.approx(total, abs=0.02)
    assert abs(ccsi[("satisfaction", "loyalty")] - 0.50) < 0.05


def test_sem_bad_input(csi):
    with pytest.raises(KeyError, match="no items"):
        estimate_paths_sem(csi, {"image": CSI_ITEMS["image"]}, [("image", "loyalty")])
    with pytest.raises(ValueError, match="at least two items"):
        estimate_paths_sem(csi, {"image": ["img1"], "loyalty": CSI_ITEMS["loyalty"]}, [("image", "loyalty")])
    with pytest.raises(KeyError, match="nope"):
        estimate_paths_sem(csi, {"image": ["img1", "nope"], "loyalty": CSI_ITEMS["loyalty"]}, [("image", "loyalty")])


def test_models_are_the_published_structures():
    """SCSB has no quality, ACSI no image, the lecture's CCSI adds image and drops complaints."""
    constructs = {name: {c for edge in edges for c in edge} for name, edges in CSI_MODELS.items()}
    assert "quality" not in constructs["SCSB"] and "image" not in constructs["SCSB"]
    assert "image" not in constructs["ACSI"] and "complaints" in constructs["ACSI"]
    assert "image" in constructs["CCSI"] and "complaints" not in constructs["CCSI"]
    assert set(CSI_MODELS["ACSI"]) <= set(TRUE_PATHS)


@pytest.mark.parametrize("edges, error, message", [
    ([], ValueError, "non-empty list"),
    ([("x", "x")], ValueError, "cannot cause itself"),
    ([("x", "y", "z")], ValueError, "pair"),
    ([("x", "y"), ("x", "y")], ValueError, "twice"),
    ([("x", "w")], KeyError, "w"),
])
def test_estimate_paths_bad_edges(edges, error, message):
    scores = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
    with pytest.raises(error, match=message):
        estimate_paths(scores, edges)


def test_estimate_paths_bad_scores():
    with pytest.raises(ValueError, match="too few"):
        estimate_paths(pd.DataFrame({"x": [1.0, 2, 3], "y": [1.0, 3, 2]}), [("x", "y")])
    with pytest.raises(ValueError, match="do not vary"):
        estimate_paths(pd.DataFrame({"x": [1.0] * 6, "y": range(6)}), [("x", "y")])
    with pytest.raises(ValueError, match="missing"):
        estimate_paths(pd.DataFrame({"x": [1.0, np.nan, 3, 4, 5], "y": range(5)}), [("x", "y")])


def test_composite_scores_are_item_means():
    survey = pd.DataFrame({"a1": [1, 3], "a2": [3, 5]})
    assert composite_scores(survey, {"a": ["a1", "a2"]})["a"].tolist() == [2.0, 4.0]
    with pytest.raises(KeyError, match="a3"):
        composite_scores(survey, {"a": ["a1", "a3"]})
    with pytest.raises(ValueError, match="no items"):
        composite_scores(survey, {"a": []})


def test_path_diagram_draws_a_box_per_construct_and_an_arrow_per_path():
    ax = plot_path_diagram(CSI_MODELS["ACSI"], {("satisfaction", "complaints"): -0.4})
    constructs = {c for edge in CSI_MODELS["ACSI"] for c in edge}
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    boxes = [p for p in ax.patches if type(p).__name__ == "FancyBboxPatch"]
    assert len(arrows) == len(CSI_MODELS["ACSI"]) and len(boxes) == len(constructs)
    assert any(t.get_text() == "-0.40" for t in ax.texts)
    plt.close("all")
    with pytest.raises(KeyError, match="no position"):
        plot_path_diagram([("image", "sales")])
