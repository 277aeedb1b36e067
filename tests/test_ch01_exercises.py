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


def test_the_grid_exercise_tests_kotlers_grid_not_our_cutoffs():
    """Kotler's grid (Kotler & Keller, Marketing Management, levels of relationship marketing):
    many × high is accountable, as are medium × medium (C) and few × low (A); the next level up,
    proactive, is medium × high (B) and few × medium (E)."""
    grid = relationship_grid()
    assert grid.loc["many", "high"] == grid.loc["medium", "medium"] == grid.loc["few", "low"] == "accountable"
    assert EXERCISES["1.3"].expected() == {"A", "C"}
    assert EXERCISES["1.3"].mistakes[0].value() == {"B", "E"}
    assert judge(EXERCISES["1.3"], {"C", "A"}) == (True, "")


def test_the_grid_exercise_answer_is_not_a_single_printed_cell():
    """The old task (medium × high → 'proactive') was one cell of the printed grid; the new answer
    needs every option crossed, and no single cell's level is the answer."""
    assert not isinstance(EXERCISES["1.3"].expected(), str)


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


def test_campaign_one_year_reading_is_its_own_mistake():
    """1.7 read as a one-year lift: CLV' = (r + 0.05)(m + CLV)/(1 + d), a gain of 0.05 (m + CLV)/1.1,
    about 65 yuan, so −15 net: a message of its own, not "too low"."""
    m, r = chapter_margin(), chapter_retention()
    clv = m * r / (1.1 - r)
    one_year = 0.05 * (m + clv) / 1.1 - 80
    assert one_year == pytest.approx(-15.02, abs=0.01)
    ok, message = judge(EXERCISES["1.7"], round(one_year))
    assert not ok and "one year only" in message


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


def _h1_table():
    tx = load("transactions")
    first = tx.groupby("customer_id")["date"].min()
    h1_customers = first.index[(first >= "2024-01-01") & (first <= "2024-06-30")]
    h1 = tx[(tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-06-30") & tx["customer_id"].isin(h1_customers)]
    table = h1.groupby("customer_id").agg(orders=("order_id", "size"), channels=("channel", "nunique"))
    table["retained"] = table.index.isin(tx.loc[tx["date"] >= "2024-07-01", "customer_id"])
    return table


def test_mix_diagnosis_by_hand_and_frequency_confounds_the_raw_gap():
    """1.9: within exactly 2 H1 orders, 25/43 multichannel vs 63/115 single-channel came back
    (+0.034); the raw H1 gap (0.667 − 0.463 = +0.204) is mostly purchase frequency."""
    table = _h1_table()
    two = table[table["orders"] == 2]
    multi = two["channels"] >= 2
    by_hand = two.loc[multi, "retained"].mean() - two.loc[~multi, "retained"].mean()
    assert EXERCISES["1.9"].expected() == pytest.approx(by_hand)
    assert (int(multi.sum()), int(two.loc[multi, "retained"].sum())) == (43, 25)
    assert (int((~multi).sum()), int(two.loc[~multi, "retained"].sum())) == (115, 63)
    raw = table.loc[table["channels"] >= 2, "retained"].mean() - table.loc[table["channels"] < 2, "retained"].mean()
    mistakes = [mistake.value() for mistake in EXERCISES["1.9"].mistakes]
    assert mistakes[0] == pytest.approx(raw)
    assert raw > by_hand + 0.1  # frequency inflates the raw gap
    assert mistakes[1] > raw  # the leak inflates it further
    assert all(abs(value - by_hand) > 0.0005 for value in mistakes)


def test_store_silent_value_by_hand():
    """1.11: the 449 store-first customers of 2023 (744 − 295 retained) silent in 2024, each valued at
    their own 2023 margin (0.30 × mean 2023 revenue) as (m + CLV) / (1 + d) = m / (1 + d − r)."""
    tx = load("transactions")
    first = tx.sort_values("date", kind="stable").drop_duplicates("customer_id").set_index("customer_id")
    store = first.index[(first["date"].dt.year == 2023) & (first["channel"] == "store")]
    silent = store[~store.isin(tx.loc[tx["date"].dt.year == 2024, "customer_id"])]
    assert (len(store), len(silent)) == (744, 449)
    revenue = tx[tx["date"].dt.year == 2023].groupby("customer_id")["amount"].sum()
    m_own = 0.30 * revenue.reindex(silent).mean()
    r = chapter_retention()
    assert EXERCISES["1.11"].expected() == pytest.approx(449 * m_own / (1.1 - r))
    # (m + CLV)/(1 + d) equals CLV / r and m / (1 + d − r)
    assert (m_own + simple_clv(m_own, r, 0.1)) / 1.1 == pytest.approx(simple_clv(m_own, r, 0.1) / r)
    # the chapter's m (customers who came back) gives the upper bound, a mistake of its own
    upper = EXERCISES["1.11"].mistakes[0].value()
    assert upper == pytest.approx(449 * chapter_margin() / (1.1 - r))
    assert upper > 1.5 * EXERCISES["1.11"].expected()


def test_store_silent_value_mistakes_differ():
    want = EXERCISES["1.11"].expected()
    for mistake in EXERCISES["1.11"].mistakes:
        assert abs(mistake.value() - want) > 1, mistake.message


def test_data_answers_are_shares_where_asked():
    for exercise_id in ("1.4", "1.6", "1.8"):
        value = EXERCISES[exercise_id].expected()
        assert 0 < value < 1, exercise_id
    assert -1 < EXERCISES["1.9"].expected() < 1  # a difference of two shares


def test_south_clv_uses_the_south_retention():
    tx = load("transactions")
    south = load("customers").query("region == 'South'")["customer_id"]
    first = tx[tx["customer_id"].isin(south)].groupby("customer_id")["date"].min()
    joined = first.index[first.dt.year == 2023]
    r = joined.isin(tx.loc[tx["date"].dt.year == 2024, "customer_id"]).mean()
    assert EXERCISES["1.5"].expected() == pytest.approx(simple_clv(chapter_margin(), r, DISCOUNT))


def test_multiple_choice_keys_are_letters():
    for exercise_id in ("1.1", "1.2", "1.3", "1.12"):
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
