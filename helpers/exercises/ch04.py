"""Answer key of chapter 04, "Data warehouse and data mining for CRM".

Every expected value is computed when the check runs, from the data and the
tested helpers, so the key cannot drift from the data. Exercise 4.11 is
multiple choice: the answer is a set of letters.
"""

from __future__ import annotations

from helpers.anomalies import iqr_fences
from helpers.association import ALL_ELECTRONICS, frequent_itemsets, lift, onehot, support
from helpers.check import Exercise
from helpers.churn import churn_dataset, fit_churn_models, gains_table
from helpers.data import load
from helpers.rfm import rfm_table
from helpers.segmentation import kmeans_segments, segment_profiles
from helpers.warehouse import dice, join_star, roll_up, star_schema

CHURN_CUTOFF = "2024-03-31"
CHURN_HORIZON = 180


def _wide():
    return join_star(star_schema(load("transactions"), load("customers"), load("products")))


def _electronics_2024q4() -> float:
    """4.1: revenue of Electronics in 2024Q4 (a dice of the cube)."""
    return float(dice(_wide(), {"quarter": "2024Q4", "category": "Electronics"})["amount"].sum())


def _top_region_2024() -> str:
    """4.2: the region with the highest 2024 revenue (slice, then roll up)."""
    by_region = roll_up(dice(_wide(), {"year": 2024}), "region")
    return str(by_region.loc[by_region["amount"].idxmax(), "region"])


def _duplicates() -> int:
    """4.3: exact duplicate rows in the messy extract."""
    return int(load("messy_extract").duplicated().sum())


def _impossible_amounts() -> int:
    """4.4: distinct records (duplicates dropped) with an amount <= 0 or the filler 99999."""
    raw = load("messy_extract").drop_duplicates()
    return int(((raw["amount"] <= 0) | (raw["amount"] == 99999.0)).sum())


def _frequent_3_itemsets() -> set[tuple[str, ...]]:
    """4.5: the frequent 3-itemsets of AllElectronics at minimum support count 2."""
    found = frequent_itemsets(onehot(ALL_ELECTRONICS), min_support=2 / 9)
    return set(found.loc[found["length"] == 3, "itemset"])


def _diapers_beer_support() -> float:
    """4.6: support of {diapers, beer} in the baskets."""
    return support(onehot(load("baskets")), ["diapers", "beer"])


def _diapers_beer_lift() -> float:
    """4.7: lift of diapers ⇒ beer."""
    return lift(onehot(load("baskets")), ["diapers"], ["beer"])


def _champions() -> int:
    """4.8: customers in the segment named Champions, k-means with k = 4 on the retailer's log-RFM."""
    rfm = rfm_table(load("transactions"))
    profile = segment_profiles(rfm, kmeans_segments(rfm, ["recency", "frequency", "monetary"], 4))
    return int(profile.loc[profile["name"] == "Champions", "customers"].sum())


def _captured_top20() -> float:
    """4.9: share of held-out churners among the 20% of customers the logistic regression ranks highest."""
    data = churn_dataset(load("transactions"), load("customers"), CHURN_CUTOFF, CHURN_HORIZON)
    models = fit_churn_models(data)
    table = gains_table(models.y_test, models.scores["logistic regression"], bins=10)
    return float(table.loc[table["group"] == 2, "captured_share"].iloc[0])


def _upper_fence() -> float:
    """4.10: Tukey's upper fence (k = 1.5) of the amounts in the anomaly transactions."""
    return iqr_fences(load("anomaly_transactions")["amount"], k=1.5)[1]


def _tacit_knowledge() -> set[str]:
    """4.11: the statements that describe tacit (隐性) customer knowledge."""
    return {"B", "C", "E"}


EXERCISES: dict[str, Exercise] = {
    "4.1": Exercise(_electronics_2024q4,
                    hint="dice the wide table on quarter '2024Q4' and category 'Electronics', then sum amount.",
                    explanation="Dicing fixes several dimensions at once; the sum is one cell of the cube."),
    "4.2": Exercise(_top_region_2024,
                    hint="keep year 2024 (slice), roll up to region, take the region with the largest sum.",
                    explanation="The biggest region is also the one with the most customers."),
    "4.3": Exercise(_duplicates,
                    hint="count rows identical to an earlier row: raw.duplicated().sum().",
                    explanation="Re-sent records would double-count revenue if left in."),
    "4.4": Exercise(_impossible_amounts,
                    hint="after drop_duplicates(), count amounts that are <= 0 or equal to 99999.",
                    explanation="Impossible values are errors to remove; large but possible ones are kept."),
    "4.5": Exercise(_frequent_3_itemsets,
                    hint="run frequent_itemsets(onehot(ALL_ELECTRONICS), 2/9) and keep length 3; "
                         "give a set of tuples such as {('I1', 'I2', 'I3'), ...}.",
                    explanation="Exactly the two 3-itemsets of Han, Kamber & Pei's Figure 6.2."),
    "4.6": Exercise(_diapers_beer_support,
                    hint="support = share of baskets containing both items; give a fraction, not a count.",
                    explanation="Small support: few baskets hold both, yet the rule is strong."),
    "4.7": Exercise(_diapers_beer_lift,
                    hint="lift = confidence(diapers ⇒ beer) / support(beer).",
                    explanation="Lift far above 1: diapers make beer several times more likely."),
    "4.8": Exercise(_champions,
                    hint="kmeans_segments(rfm, ['recency', 'frequency', 'monetary'], 4), then segment_profiles; "
                         "read the customers column of the row named Champions.",
                    explanation="A small share of the customers who bring most of the revenue."),
    "4.9": Exercise(_captured_top20,
                    hint="gains_table(models.y_test, models.scores['logistic regression']): "
                         "captured_share of group 2 (the top 20%).",
                    explanation="Contacting a fifth of the customers reaches about 1.5 times the churners a random fifth would."),
    "4.10": Exercise(_upper_fence,
                     hint="Q3 + 1.5 · (Q3 − Q1) of the amount column; iqr_fences returns (lower, upper).",
                     explanation="Every amount above the fence is flagged by the IQR rule."),
    "4.11": Exercise(_tacit_knowledge,
                     hint="tacit knowledge lives in people and interactions, is hard to write down, "
                          "and is shared by working together.",
                     explanation="Explicit knowledge (A, D, F) is what the warehouse stores; tacit knowledge needs interaction."),
}
"""Chapter 04's exercises by id."""
