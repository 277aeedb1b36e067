"""Support, confidence, lift and Apriori: by hand and with mlxtend, on the textbook example.

Source of the published numbers: Han, J., Kamber, M. & Pei, J. (2012), *Data
Mining: Concepts and Techniques*, 3rd ed., Morgan Kaufmann, section 6.2:
Table 6.1 (the AllElectronics transactions), Figure 6.2 (the frequent
itemsets found by Apriori with minimum support count 2, with their support
counts) and Example 6.4 (the confidences of the rules from {I1, I2, I5}).
"""

import pandas as pd
import pytest

from helpers.association import (
    ALL_ELECTRONICS,
    confidence,
    format_itemset,
    frequent_itemsets,
    lift,
    mine_rules,
    onehot,
    support,
    support_count,
)
from helpers.data import load
from helpers.datasets.mining import PLANTED_RULES

# Figure 6.2: every frequent itemset at min_sup count 2 and its support count.
PUBLISHED_COUNTS = {
    ("I1",): 6, ("I2",): 7, ("I3",): 6, ("I4",): 2, ("I5",): 2,
    ("I1", "I2"): 4, ("I1", "I3"): 4, ("I1", "I5"): 2, ("I2", "I3"): 4, ("I2", "I4"): 2, ("I2", "I5"): 2,
    ("I1", "I2", "I3"): 2, ("I1", "I2", "I5"): 2,
}
# Example 6.4: rules from {I1, I2, I5} and their confidences.
PUBLISHED_CONFIDENCE = {
    (("I1", "I2"), ("I5",)): 2 / 4,   # 50%
    (("I1", "I5"), ("I2",)): 2 / 2,   # 100%
    (("I2", "I5"), ("I1",)): 2 / 2,   # 100%
    (("I1",), ("I2", "I5")): 2 / 6,   # 33%
    (("I2",), ("I1", "I5")): 2 / 7,   # 29%
    (("I5",), ("I1", "I2")): 2 / 2,   # 100%
}


@pytest.fixture(scope="module")
def electronics():
    return onehot(ALL_ELECTRONICS)


def test_onehot_has_one_row_per_transaction_and_one_column_per_item(electronics):
    assert electronics.shape == (9, 5)
    assert electronics.columns.tolist() == ["I1", "I2", "I3", "I4", "I5"]
    assert electronics.loc["T100"].tolist() == [True, True, False, False, True]


def test_support_counts_by_hand_match_the_book(electronics):
    for itemset, count in PUBLISHED_COUNTS.items():
        assert support_count(electronics, itemset) == count, itemset
    assert support(electronics, ["I1", "I2"]) == pytest.approx(4 / 9)


def test_confidences_by_hand_match_the_book(electronics):
    for (a, c), published in PUBLISHED_CONFIDENCE.items():
        assert confidence(electronics, a, c) == pytest.approx(published), (a, c)
    # lift = confidence / support of the consequent: 0.5 / (2/9) = 2.25
    assert lift(electronics, ["I1", "I2"], "I5") == pytest.approx(2.25)


def test_apriori_by_hand_finds_exactly_the_published_itemsets(electronics):
    found = frequent_itemsets(electronics, min_support=2 / 9)
    assert dict(zip(found["itemset"], found["count"], strict=True)) == PUBLISHED_COUNTS


def test_mlxtend_agrees_with_the_hand_computation(electronics):
    rules = mine_rules(electronics, min_support=2 / 9, min_confidence=0.0)
    lookup = {(r.antecedent, r.consequent): r for r in rules.itertuples()}
    for (a, c), published in PUBLISHED_CONFIDENCE.items():
        assert lookup[(a, c)].confidence == pytest.approx(published)
        assert lookup[(a, c)].support == pytest.approx(2 / 9)
        assert lookup[(a, c)].lift == pytest.approx(lift(electronics, a, c))
    # at 70% minimum confidence the book keeps exactly three of the six (Example 6.4)
    strong = mine_rules(electronics, 2 / 9, 0.7)
    from_125 = strong[[set(a) | set(c) == {"I1", "I2", "I5"}
                       for a, c in zip(strong["antecedent"], strong["consequent"], strict=True)]]
    assert len(from_125) == 3


def test_rules_come_out_in_a_fixed_order(electronics):
    first = mine_rules(electronics, 2 / 9)
    second = mine_rules(electronics, 2 / 9)
    pd.testing.assert_frame_equal(first, second)
    assert first["lift"].is_monotonic_decreasing
    assert format_itemset(frozenset({"I5", "I1"})) == "{I1, I5}"


def test_planted_rules_are_recovered_from_the_baskets():
    """The generator plants four associations (helpers.datasets.mining.PLANTED_RULES): each must
    come out of mlxtend at min support 1% and min confidence 30%, with lift > 1."""
    table = onehot(load("baskets"))
    assert table.shape[0] >= 5000 and table.shape[1] >= 30
    rules = mine_rules(table, min_support=0.01, min_confidence=0.3)
    pairs = {(r.antecedent, r.consequent): r.lift for r in rules.itertuples()}
    for antecedent, consequent, _ in PLANTED_RULES:
        assert ((antecedent,), (consequent,)) in pairs, (antecedent, consequent)
        assert pairs[((antecedent,), (consequent,))] > 1
    assert pairs[(("diapers",), ("beer",))] > 3


def test_bad_input_raises_clear_errors(electronics):
    with pytest.raises(KeyError, match="not in the basket table"):
        support(electronics, ["I9"])
    with pytest.raises(ValueError, match="itemset is empty"):
        support(electronics, [])
    with pytest.raises(ValueError, match="share"):
        confidence(electronics, ["I1"], ["I1", "I2"])
    with pytest.raises(ValueError, match="never occurs"):
        confidence(onehot([["a"], ["b"]]).assign(c=False), "c", "a")
    with pytest.raises(ValueError, match="min_support must be >"):
        frequent_itemsets(electronics, 0)
    with pytest.raises(ValueError, match="True/False"):
        mine_rules(pd.DataFrame({"a": [1, 2]}), 0.5)
    with pytest.raises(ValueError, match="non-empty list"):
        onehot([["a"], []])
    with pytest.raises(KeyError, match="no column"):
        onehot(pd.DataFrame({"basket": [1], "item": ["a"]}))
