"""Chapter 03's answer key: the corrected analyses give the answers, and the mistakes their own messages.

The layout and completeness of every chapter's exercises are tested in ``tests/test_exercises.py``.
"""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from helpers.check import judge
from helpers.datasets.satisfaction import make_servqual
from helpers.exercises import ch03
from helpers.exercises.ch03 import EXERCISES
from helpers.servqual import DIMENSIONS, gaps, importance_performance, survey_parts

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "03_satisfaction_loyalty.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_widget_cell_is_ignored_and_followed_by_a_static_call(cells):
    widget = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "gap_widget(sq)" in c.source)
    assert "nbval-ignore-output" in cells[widget].metadata.get("tags", [])
    static = next(c for c in cells[widget + 1:] if c.cell_type == "code")
    assert "plot_gap_report" in static.source


def test_suburban_is_left_for_the_exercises(cells):
    """The chapter shows Downtown and Online; Suburban's gaps, score and grid are computed only by the student."""
    above = cells[:next(i for i, c in enumerate(cells) if c.cell_type == "markdown"
                        and c.source.startswith("## Exercises"))]
    printed = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for c in above if c.cell_type == "code" for o in c.get("outputs", []))
    assert not any(line.lstrip().startswith("Suburban") for line in printed.splitlines())


def test_suburban_answers_follow_the_corrected_grid():
    """3.1: Suburban falls short most on tangibles (-0.890); 3.3: but tangibles is Low priority (importance
    below the equal share), so the project goes to reliability, the largest important shortfall."""
    table = EXERCISES["3.1"].expected()
    assert list(table.index) == list(DIMENSIONS)
    assert table["tangibles"] == pytest.approx(-0.890, abs=5e-4)
    assert EXERCISES["3.3"].expected() == "reliability"
    ok, message = judge(EXERCISES["3.3"], "tangibles")
    assert not ok and "Low priority" in message
    assert EXERCISES["3.2"].expected() == pytest.approx(-0.353, abs=5e-4)


def test_per_respondent_weighted_score_has_its_own_message():
    """3.2 asks for the shortcut (mean gaps x mean points); Zeithaml, Parasuraman & Berry (1990) weight each
    respondent's own gaps by their own points: -0.359 for Suburban, which gets its own message."""
    assert EXERCISES["3.2"].mistakes[1].value() == pytest.approx(-0.359, abs=5e-4)
    ok, message = judge(EXERCISES["3.2"], -0.359)
    assert not ok and "per-respondent" in message


def test_mean_crossed_grid_mislabels_online_reliability():
    """Issue 14: crossed at the mean gap, Online reliability (-0.50, the most important) was 'Keep up the good work'."""
    assert EXERCISES["3.4"].expected() == {"reliability"}
    assert judge(EXERCISES["3.4"], ["Reliability"])[0]
    ok, message = judge(EXERCISES["3.4"], {"reliability", "assurance"})
    assert not ok and "Possible overkill" in message


@pytest.mark.parametrize("seed, expected", [(0, set()), (1, {"reliability"}), (7, {"reliability"}),
                                            (25, set()), (30, {"reliability", "assurance"})])
def test_mislabelled_set_on_other_seeds(monkeypatch, seed, expected):
    """3.4 on other students' data: no shortfall may land in 'Keep up the good work' (the empty set), or two."""
    survey = make_servqual(np.random.default_rng(seed), seed)
    monkeypatch.setattr(ch03, "load", lambda name: survey)
    assert EXERCISES["3.4"].expected() == expected
    # the notebook's solution, on the same data
    online = survey[survey["branch"] == "Online"]
    e, p, importance = survey_parts(online)
    table = gaps(e, p)
    wrong = importance_performance(table, importance.mean(), performance_cut=table["gap"].mean())
    answer = set(wrong.index[(wrong["quadrant"] == "Keep up the good work") & (table["gap"] < 0)])
    assert judge(EXERCISES["3.4"], answer) == (True, "")


def test_service_level_exercises_count_only_resolved_cases():
    ok, message = judge(EXERCISES["3.8"], EXERCISES["3.8"].mistakes[0].value())
    assert not ok and "unresolved" in message
    assert EXERCISES["3.9"].expected() > 0  # closing counts more cases than resolving


def test_attenuation_correction_raises_the_correlation():
    """Spearman (1904): r / sqrt(alpha1 * alpha2) > r when both alphas are below 1."""
    raw = EXERCISES["3.6"].mistakes[0].value()
    assert raw < EXERCISES["3.6"].expected() < 1


def test_call_centre_answer_counts_abandoned_calls():
    """Service level = answered in time / offered: dividing by answered calls only gives a higher, wrong level."""
    assert EXERCISES["3.10"].expected() < EXERCISES["3.10"].mistakes[0].value()


def test_weights_decide_the_site():
    """3.11: the repair-centre weights pick another site than the walk-in weights of the chapter."""
    assert EXERCISES["3.11"].expected() != EXERCISES["3.11"].mistakes[0].value()
