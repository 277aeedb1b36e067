"""Chapter 01's answer key: hand-worked answers, the corrected numbers, and the mistakes.

The layout and completeness of every chapter's exercises are tested in
``tests/test_exercises.py``.
"""

import numpy as np
import pytest

from helpers.check import judge
from helpers.data import load
from helpers.exercises import ch00
from helpers.exercises.ch01 import (
    DISCOUNT,
    EXERCISES,
    GROSS_MARGIN,
    chapter_margin,
    chapter_retention,
)
from helpers.lifecycle import cohort_table
from helpers.relationship import relationship_grid
from helpers.value import simple_clv


def test_the_grid_exercise_tests_the_lecture_grid_not_our_cutoffs():
    """Kotler's grid (Kotler & Keller, Marketing Management, levels of relationship marketing):
    medium customers × high margin → proactive; the swapped reading gives reactive."""
    assert EXERCISES["1.3"].expected() == "proactive"
    assert relationship_grid().loc["many", "medium"] == "reactive"
    assert EXERCISES["1.3"].mistakes[0].value() == "reactive"


def test_iron_triangle_is_not_the_three_viewpoints():
    """Lecture ch. 2: viewpoints = philosophy, strategy, system; iron triangle = idea, technology,
    implementation (理念, 技术, 实施)."""
    assert EXERCISES["1.2"].expected() == {"A", "C", "E"}
    assert EXERCISES["1.2"].mistakes[0].value() == {"B", "D", "F"}


def test_chapter_r_is_the_yearly_cohort_cell():
    """Section 6.3: r = 938 / 2141 customers of 2023 who bought in 2024 (corrected: r was never estimated)."""
    assert chapter_retention() == pytest.approx(938 / 2141)


def test_chapter_margin_and_clv_by_hand():
    """Section 7.1: m = 0.30 × mean 2024 revenue of the 938 returning 2023 customers; CLV = m r / (1 + d − r)."""
    tx = load("transactions")
    first = tx.groupby("customer_id")["date"].min()
    joined = first.index[first.dt.year == 2023]
    revenue = tx[tx["date"].dt.year == 2024].groupby("customer_id")["amount"].sum()
    back = revenue[revenue.index.isin(joined)]
    assert len(back) == 938
    assert chapter_margin() == pytest.approx(GROSS_MARGIN * back.mean())
    r = 938 / 2141
    clv = chapter_margin() * r / (1 + DISCOUNT - r)
    assert simple_clv(chapter_margin(), r, DISCOUNT) == pytest.approx(clv)
    assert 500 < clv < 650


def test_campaign_net_value_by_hand():
    """1.7: net value = CLV(r + 0.05) − CLV(r) − 80; at r = 0.438, d = 0.1 the CLV rises about 20%."""
    m, r = chapter_margin(), chapter_retention()
    by_hand = m * (r + 0.05) / (1.1 - r - 0.05) - m * r / (1.1 - r)
    assert EXERCISES["1.7"].expected() == pytest.approx(by_hand - 80)
    assert EXERCISES["1.7"].expected() > 0  # the campaign pays
    assert 0.15 < by_hand / (m * r / (1.1 - r)) < 0.22


def test_cohort_exercise_matches_the_helper_and_its_mistakes_differ():
    share = float(cohort_table(load("transactions")).loc["2023-08", 4])
    assert EXERCISES["1.4"].expected() == pytest.approx(share)
    for mistake in EXERCISES["1.4"].mistakes:
        assert abs(mistake.value() - share) > 0.0005


def test_gini_by_hand_matches_helper_and_descending_sort_is_negative():
    """1.10: G = Σ(2i − n − 1) x_(i) / (n Σx) with x ascending (the chapter's formula)."""
    gini = EXERCISES["1.10"].expected()
    assert 0 < gini < 1
    assert EXERCISES["1.10"].mistakes[0].value() == pytest.approx(-gini)


def test_mix_diagnosis_leak_inflates_retention():
    """1.9: counting channels over all of 2024 includes H2 orders, so the leaky share is higher."""
    right = EXERCISES["1.9"].expected()
    leaky = EXERCISES["1.9"].mistakes[0].value()
    assert leaky > right + 0.1


def test_store_churn_cost_by_hand():
    """1.11: lost store-first customers (744 − 295 = 449) × (m + CLV) / (1 + d)."""
    m, r = chapter_margin(), chapter_retention()
    by_hand = 449 * (m + m * r / (1.1 - r)) / 1.1
    assert EXERCISES["1.11"].expected() == pytest.approx(by_hand)
    # (m + CLV)/(1 + d) equals CLV / r
    assert (m + simple_clv(m, r, 0.1)) / 1.1 == pytest.approx(simple_clv(m, r, 0.1) / r)


def test_data_answers_are_shares_where_asked():
    for exercise_id in ("1.4", "1.6", "1.8", "1.9"):
        value = EXERCISES[exercise_id].expected()
        assert 0 < value < 1, exercise_id


def test_south_clv_uses_the_south_retention():
    tx = load("transactions")
    south = load("customers").query("region == 'South'")["customer_id"]
    first = tx[tx["customer_id"].isin(south)].groupby("customer_id")["date"].min()
    joined = first.index[first.dt.year == 2023]
    r = joined.isin(tx.loc[tx["date"].dt.year == 2024, "customer_id"]).mean()
    assert EXERCISES["1.5"].expected() == pytest.approx(simple_clv(chapter_margin(), r, DISCOUNT))


def test_multiple_choice_keys_are_letters():
    for exercise_id in ("1.1", "1.2", "1.12"):
        answer = EXERCISES[exercise_id].expected()
        assert isinstance(answer, set) and answer <= set("ABCDEF")


def test_at_least_ten_exercises_with_two_three_star_and_every_kind():
    assert len(EXERCISES) >= 10
    assert sum(e.stars == 3 for e in EXERCISES.values()) >= 2
    kinds = {e.kind for e in EXERCISES.values()}
    assert {"write", "apply", "decide", "diagnose"} <= kinds


def test_chapter00_accepts_both_spellings_of_clv():
    """Seed 001 writes 客户终生价值 (the key); seed 002 writes 客户终身价值 (accepted)."""
    exercise = ch00.EXERCISES["0.4"]
    assert exercise.expected() == "客户终生价值"
    assert "客户终身价值" in exercise.accept
    assert judge(exercise, "客户终生价值") == (True, "")
    assert judge(exercise, "客户终身价值") == (True, "")
    assert judge(exercise, "客户价值")[0] is False


def test_chapter01_uses_the_lecture_terms():
    """销售观念 (not 推销观念) for the selling concept; 客户终生价值 for CLV, the variant named once."""
    import json
    from pathlib import Path

    text = Path(__file__).resolve().parent.parent.joinpath("notebooks", "01_relationship_marketing.ipynb").read_text()
    sources = "".join("".join(c["source"]) for c in json.loads(text)["cells"])
    assert "推销观念" not in sources
    assert "销售观念" in sources
    assert "客户终生价值" in sources
    assert sources.count("客户终身价值") == 1


@pytest.mark.parametrize("exercise_id", ["0.1", "0.2", "0.3"])
def test_chapter00_mistakes_differ_from_the_answer(exercise_id):
    exercise = ch00.EXERCISES[exercise_id]
    for mistake in exercise.mistakes:
        assert not np.isclose(mistake.value(), exercise.expected())


def test_chapter00_first_orders_by_hand():
    tx = load("transactions")
    first = tx.sort_values("date").drop_duplicates("customer_id")
    assert ch00.EXERCISES["0.1"].expected() == int((first["date"].dt.year == 2024).sum())
