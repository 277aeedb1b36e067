"""Chapter 04's answer key: published, planted and hand-worked answers.

The layout and completeness of every chapter's exercises are tested in
``tests/test_exercises.py``.
"""

from helpers.datasets import mining
from helpers.exercises.ch04 import EXERCISES


def test_published_and_planted_answers():
    """4.5: Han, Kamber & Pei (2012), Figure 6.2: the frequent 3-itemsets at min_sup count 2 are
    {I1, I2, I3} and {I1, I2, I5}. 4.3 and 4.4: the planted counts of helpers.datasets.mining."""
    assert EXERCISES["4.5"].expected() == {("I1", "I2", "I3"), ("I1", "I2", "I5")}
    assert EXERCISES["4.3"].expected() == mining.N_DUPLICATES
    assert EXERCISES["4.4"].expected() == mining.N_NEGATIVE_AMOUNT + mining.N_FILLER_AMOUNT


def test_data_answers_are_plausible():
    """The data answers lie where the chapter's text says they do."""
    assert 0.02 < EXERCISES["4.6"].expected() < 0.04
    assert EXERCISES["4.7"].expected() > 3
    assert 0.25 < EXERCISES["4.9"].expected() <= 1 / 3 + 0.01
    assert EXERCISES["4.2"].expected() == "East"


def test_multiple_choice_key_is_letters():
    answer = EXERCISES["4.11"].expected()
    assert isinstance(answer, set) and answer <= set("ABCDEF")
