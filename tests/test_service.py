"""Call-centre service levels and weighted-factor site selection (chapter 03, lecture ch. 5).

Service level = calls answered within the target time / calls offered, abandoned calls counted as
missed; average speed of answer (ASA) = mean wait of answered calls; abandonment = abandoned /
offered; first-contact resolution = resolved at the first contact / answered (Koole 2013, *Call
Center Optimization*, ch. 1; Gans, Koole & Mandelbaum 2003, "Telephone call centers", M&SOM 5(2)).
The weighted-factor rating of sites: Heizer & Render, *Operations Management*, ch. 8 (factor-rating
method: points per factor, times the weight, summed).
"""

import numpy as np
import pandas as pd
import pytest

from helpers.data import load
from helpers.datasets import service as service_data
from helpers.service import call_service_levels, site_scores

CALLS = pd.DataFrame({
    "queue": ["a", "a", "a", "a", "b", "b"],
    "wait_seconds": [5, 30, 60, 10, 15, 25],
    "abandoned": [False, False, True, False, False, True],
    "resolved_first_contact": [True, False, False, True, True, False],
})


def test_service_levels_by_hand():
    """Queue a: 4 offered, 3 answered; within 20 s: 5 and 10 -> 2/4 = 0.5 (the abandoned call counts as
    missed); ASA (5 + 30 + 10) / 3 = 15; abandonment 1/4; FCR 2/3. Queue b: 1 of 2 within 20 s."""
    table = call_service_levels(CALLS, by="queue", target_seconds=20)
    assert table.index.tolist() == ["a", "b"]
    row = table.loc["a"]
    assert row["offered"] == 4 and row["answered"] == 3
    assert row["service_level"] == pytest.approx(0.5)
    assert row["asa_seconds"] == pytest.approx(15.0)
    assert row["abandonment"] == pytest.approx(0.25)
    assert row["fcr"] == pytest.approx(2 / 3)
    assert table.loc["b", "service_level"] == pytest.approx(0.5)
    overall = call_service_levels(CALLS, target_seconds=30).iloc[0]
    assert overall["service_level"] == pytest.approx(4 / 6)  # 5, 30, 10, 15 answered within 30 s


def test_service_levels_bad_input():
    with pytest.raises(KeyError, match="abandoned"):
        call_service_levels(CALLS.drop(columns="abandoned"))
    with pytest.raises(ValueError, match="only an answered call"):
        call_service_levels(CALLS.assign(resolved_first_contact=True))
    with pytest.raises(ValueError, match="non-negative"):
        call_service_levels(CALLS.assign(wait_seconds=-1))
    with pytest.raises(ValueError, match="True/False"):
        call_service_levels(CALLS.assign(abandoned="no"))
    with pytest.raises(ValueError, match="target_seconds"):
        call_service_levels(CALLS, target_seconds=0)
    with pytest.raises(KeyError, match="region"):
        call_service_levels(CALLS, by="region")


def test_calls_data_show_the_planted_pattern():
    """After-sale is the weakest queue; the busy hours (10-11, 18-19) have the lowest service level."""
    calls = load("calls")
    by_queue = call_service_levels(calls, by="queue")
    assert by_queue["fcr"].idxmin() == "after-sale"
    assert by_queue["service_level"].idxmin() == "after-sale"
    assert by_queue["abandonment"].idxmax() == "after-sale"
    by_hour = call_service_levels(calls, by="hour")
    assert set(by_hour["service_level"].nsmallest(4).index) == {10, 11, 18, 19}
    assert not (calls["abandoned"] & calls["resolved_first_contact"]).any()
    assert (calls.loc[calls["abandoned"], "talk_seconds"] == 0).all()


def test_generator_takes_a_seed():
    other = service_data.generate(seed=7)
    assert set(other) == {"calls", "service_sites"}
    assert not other["calls"]["wait_seconds"].head(50).equals(load("calls")["wait_seconds"].head(50))


def test_site_scores_by_hand():
    """Skills 80/60 are points; rent 10/6 (a cost) becomes 0/100. A: 0.5*80 + 0.5*0 = 40; B: 30 + 50 = 80."""
    sites = pd.DataFrame({"site": ["A", "B"], "skills": [80, 60], "rent": [10.0, 6.0]})
    table = site_scores(sites, {"skills": 0.5, "rent": 0.5}, quantitative=["rent"], costs=["rent"])
    assert table.index.tolist() == ["B", "A"]
    assert table["score"].tolist() == pytest.approx([80.0, 40.0])
    assert table.loc["A", "rent"] == pytest.approx(0.0)
    benefit = site_scores(sites, {"skills": 0.5, "rent": 0.5}, quantitative=["rent"])
    assert benefit.loc["A", "score"] == pytest.approx(90.0)  # rent as a benefit: A gets 100 points


def test_site_scores_bad_input():
    sites = pd.DataFrame({"site": ["A", "B"], "skills": [80, 60], "rent": [10.0, 6.0]})
    with pytest.raises(ValueError, match="sum to 1"):
        site_scores(sites, {"skills": 0.5, "rent": 0.6}, quantitative=["rent"])
    with pytest.raises(ValueError, match="also be listed in quantitative"):
        site_scores(sites, {"skills": 0.5, "rent": 0.5}, costs=["rent"], quantitative=[])
    with pytest.raises(ValueError, match="panel points on 0-100"):
        site_scores(sites.assign(rent=[150.0, 6.0]), {"skills": 0.5, "rent": 0.5})
    with pytest.raises(KeyError, match="have no weight"):
        site_scores(sites, {"skills": 1.0}, quantitative=["rent"])
    with pytest.raises(ValueError, match="twice"):
        site_scores(pd.concat([sites, sites]), {"skills": 1.0})


def test_sites_data_are_complete():
    sites = load("service_sites")
    assert len(sites) == 5 and sites["site"].is_unique
    assert sites[["infrastructure", "workforce", "work_quality", "life_quality"]].stack().between(0, 100).all()
    assert np.isfinite(sites[["labour_cost", "utilities", "population", "foot_traffic"]].to_numpy()).all()
