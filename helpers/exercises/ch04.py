"""Answer key of chapter 04, "Data warehouse and data mining for CRM".

Every expected value is computed when the check runs, from the data and the
tested helpers, so the key cannot drift from the data and works on a personal
dataset. Exercise 4.14 is multiple choice: the answer is a set of letters.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd

from helpers.anomalies import iqr_flags
from helpers.association import frequent_itemsets, onehot
from helpers.check import Exercise, Mistake
from helpers.churn import (
    FEATURES,
    best_campaign,
    campaign_table,
    churn_dataset,
    fit_churn_models,
    gains_table,
    retention_clv,
)
from helpers.data import load
from helpers.rfm import rfm_table
from helpers.segmentation import kmeans_segments, standardized_features
from helpers.warehouse import customer_mart, etl_batch, join_star, star_schema

CUTOFF = "2024-03-31"
"""The chapter's churn cutoff (section 5)."""
COST, EFFECT = 20.0, 0.15
"""The chapter's contact cost (yuan) and offer effect (section 5.5)."""


# ------------------------------------------------------------------ warehouse
@cache
def _star() -> dict[str, pd.DataFrame]:
    return star_schema(load("transactions"), load("customers"), load("products"))


def _sports_2023(years: tuple[int, ...] = (2023,)) -> float:
    """4.1: revenue of Sports in 2023, rolled up from the fact table joined to two dimensions."""
    star = _star()
    wide = (star["fact"].merge(star["products"][["product_id", "category"]], on="product_id")
            .merge(star["dates"][["date_key", "year"]], on="date_key"))
    keep = (wide["category"] == "Sports") & wide["year"].isin(years)
    return float(wide.loc[keep, "amount"].sum())


def _east_app_orders(signup_channel: bool = False) -> int:
    """4.2: orders of East customers, order channel app, July-December 2024, Sports or Home."""
    star = _star()
    customers = star["customers"][["customer_id", "region", "channel"]].rename(columns={"channel": "signup_channel"})
    wide = (star["fact"].merge(customers, on="customer_id")
            .merge(star["products"][["product_id", "category"]], on="product_id")
            .merge(star["dates"][["date_key", "month"]], on="date_key"))
    channel = wide["signup_channel"] if signup_channel else wide["channel"]
    keep = ((wide["region"] == "East") & (channel == "app") & wide["month"].between("2024-07", "2024-12")
            & wide["category"].isin(["Sports", "Home"]))
    return int(keep.sum())


def _quarterly_runs() -> list[dict[str, int]]:
    raw = load("messy_extract")
    bounds = [None, "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    loaded, logs = None, []
    for since, until in zip(bounds[:-1], bounds[1:], strict=True):
        loaded, log = etl_batch(raw, loaded, since, until)
        logs.append(log)
    return logs


def _fourth_run_loaded() -> int:
    """4.3: records the fourth quarterly ETL run (October-December 2024) loads."""
    return _quarterly_runs()[3]["loaded"]


def _fourth_run_extracted() -> int:
    return _quarterly_runs()[3]["extracted"]


# ---------------------------------------------------------------- association
def _chips_soda(per_row: bool = False, measure: str = "lift") -> float:
    """4.4: lift of chips => soda from the long basket table, by definition."""
    baskets = load("baskets")
    items = baskets.groupby("basket_id")["product"].agg(set)
    n = len(baskets) if per_row else len(items)
    has_chips = items.map(lambda basket: "chips" in basket)
    has_soda = items.map(lambda basket: "soda" in basket)
    support_both = (has_chips & has_soda).sum() / n
    confidence = support_both / (has_chips.sum() / n)
    if measure == "confidence":
        return float(confidence)
    return float(confidence / (has_soda.sum() / n))


def _join_and_prune(table: pd.DataFrame, min_support: float,
                    any_pairs: bool = False) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Apriori's step from frequent 2-itemsets to 3-item candidates: (joined candidates, pruned candidates).

    The join combines two frequent pairs that share their first item (`any_pairs`: any two pairs whose
    union has three items, a mistake); the prune removes a candidate with an infrequent 2-item subset.
    """
    found = frequent_itemsets(table, min_support=min_support)
    frequent_pairs = set(found.loc[found["length"] == 2, "itemset"])
    joined = {tuple(sorted(set(a) | set(b))) for a, b in combinations(sorted(frequent_pairs), 2)
              if (len(set(a) | set(b)) == 3 if any_pairs else a[0] == b[0])}
    pruned = {c for c in joined if any(pair not in frequent_pairs for pair in combinations(c, 2))}
    return joined, pruned


def _pruned_count(what: str = "pruned") -> int:
    """4.5: how many joined 3-item candidates of the baskets (min support 2%) the prune step removes."""
    table = onehot(load("baskets"))
    if what == "any pairs":
        return len(_join_and_prune(table, 0.02, any_pairs=True)[1])
    joined, pruned = _join_and_prune(table, 0.02)
    if what == "joined":
        return len(joined)
    if what == "kept":
        return len(joined - pruned)
    if what == "frequent":
        found = frequent_itemsets(table, min_support=0.02)
        return int((found["length"] == 3).sum())
    return len(pruned)


# ----------------------------------------------------------------- clustering
def _one_assignment_step(log: bool = True) -> int:
    """4.6: customers nearest to customer 1's standardised RFM after one assignment step."""
    rfm = rfm_table(load("transactions"))
    values = rfm[["recency", "frequency", "monetary"]].to_numpy(dtype=float)
    if log:
        values = np.log1p(values)
    z = (values - values.mean(axis=0)) / values.std(axis=0)
    rows = rfm.index.get_indexer([1, 2, 3, 4])
    distances = ((z[:, None, :] - z[rows][None, :, :]) ** 2).sum(axis=2)
    return int((distances.argmin(axis=1) == 0).sum())


def _helper_assignment_step() -> int:
    """The same step on the helper's standardisation (the student's check)."""
    rfm = rfm_table(load("transactions"))
    z = standardized_features(rfm, ["recency", "frequency", "monetary"]).to_numpy()
    centres = z[rfm.index.get_indexer([1, 2, 3, 4])]
    return int((((z[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1) == 0).sum())


K_FEATURES = ["recency", "categories"]
"""4.7's features of the customer data mart."""
MIN_SEGMENT_SHARE = 0.15
"""4.7's rule: marketing designs no treatment for a segment below this share of the customers."""


@cache
def _k_choice_table(random_state: int = 0) -> pd.DataFrame:
    mart = customer_mart(join_star(_star()))
    rows = []
    for k in range(3, 9):
        result = kmeans_segments(mart, K_FEATURES, k, random_state=random_state)
        rows.append({"k": k, "silhouette": result.silhouette,
                     "smallest_share": result.labels.value_counts(normalize=True).min()})
    return pd.DataFrame(rows)


def _chosen_k(ignore_size: bool = False, min_share: float = MIN_SEGMENT_SHARE) -> int:
    """4.7: the k (3-8) with the best silhouette on the mart's recency and categories, smallest segment >= 15%."""
    table = _k_choice_table()
    if not ignore_size:
        table = table[table["smallest_share"] >= min_share]
    return int(table.loc[table["silhouette"].idxmax(), "k"])


# ---------------------------------------------------------------------- churn
def _churner_frequency(leak: bool = False, active_days: int | None = None, since: str | None = None) -> float:
    """4.8: mean orders up to the cutoff 2024-06-30 of the customers who stay (buy again within 180 days),
    among the customers active on the label's window (an order with date > cutoff - 180 days = 2024-01-02).
    `since` replaces that window start (a mistake: "after 2024-01-01" forgets that 2024 is a leap year)."""
    tx = load("transactions")
    cutoff = pd.Timestamp("2024-06-30")
    before = tx[tx["date"] <= cutoff]
    after = tx[(tx["date"] > cutoff) & (tx["date"] <= cutoff + pd.Timedelta(days=180))]
    start = pd.Timestamp(since) if since else cutoff - pd.Timedelta(days=active_days or 180)
    active = before.loc[before["date"] > start, "customer_id"].unique()
    counted = tx if leak else before
    frequency = counted.groupby("customer_id").size().reindex(active)
    churned = ~pd.Index(active).isin(after["customer_id"])
    return float(frequency[~churned].mean())


@cache
def _models():
    data = churn_dataset(load("transactions"), load("customers"), CUTOFF, horizon_days=180)
    return data, fit_churn_models(data)


def _budget_churners(model: str = "random forest", whole_groups: bool = True) -> int:
    """4.9: churners reached by whole top groups of the gains table that a 3,000-yuan budget buys at 20 yuan."""
    _, models = _models()
    contacts = int(3000 // COST)
    if not whole_groups:
        order = models.scores[model].sort_values(ascending=False, kind="stable").index[:contacts]
        return int(models.y_test[order].sum())
    table = gains_table(models.y_test, models.scores[model], bins=10)
    affordable = table[table["customers"].cumsum() <= contacts]
    return int(affordable["churners"].sum())


def _campaign_size(cost: float = 40.0, effect: float = 0.25, by_probability: bool = False) -> int:
    """4.10: customers to contact when a call costs 40 yuan and keeps 25% of would-be leavers."""
    data, models = _models()
    clv = retention_clv(load("transactions"), CUTOFF, data.index, retention=1 - models.y_train.mean())
    probability = models.scores["logistic regression"]
    order = probability if by_probability else None
    plan = campaign_table(probability, clv[probability.index], cost=cost, effect=effect, order=order,
                          index=probability.index)
    return best_campaign(plan)["contacted"]


def _leaky_data() -> pd.DataFrame:
    data, _ = _models()
    tx = load("transactions")
    orders_2024 = tx[tx["date"].dt.year == 2024].groupby("customer_id").size()
    q1 = tx[(tx["date"] >= "2024-01-01") & (tx["date"] <= CUTOFF)].groupby("customer_id")["amount"].sum()
    return data.assign(orders_2024=orders_2024.reindex(data.index, fill_value=0),
                       spend_q1_2024=q1.reindex(data.index, fill_value=0.0))


def _auc_without_leak(with_leak: bool = False) -> float:
    """4.11: held-out AUC of the colleague's logistic regression once orders_2024 (which counts orders after the cutoff) is removed."""
    extra = ["orders_2024", "spend_q1_2024"] if with_leak else ["spend_q1_2024"]
    return float(fit_churn_models(_leaky_data(), features=[*FEATURES, *extra]).auc["logistic regression"])


def _already_silent(horizon: int = 120) -> float:
    """4.12: share of a 365-day population already silent for the 120-day label window at the cutoff 2024-06-30."""
    data = churn_dataset(load("transactions"), load("customers"), "2024-06-30", horizon_days=120, active_days=365)
    return float((data["recency"] >= horizon).mean())


def _colleague_churn_rate() -> float:
    data = churn_dataset(load("transactions"), load("customers"), "2024-06-30", horizon_days=120, active_days=365)
    return float(data["churned"].mean())


# ------------------------------------------------------------------ anomalies
def _false_alarm_share(column: str = "amount_vs_usual", planted: bool = False) -> float:
    """4.13: share of the transactions flagged by Tukey's fences (k = 1.5) on the amount relative to the
    customer's median that are normal ones (planted == "none")."""
    cards = load("anomaly_transactions")
    usual = cards.groupby("customer_id")["amount"].transform("median")
    cards = cards.assign(amount_vs_usual=np.log(cards["amount"] / usual))
    flagged = iqr_flags(cards[column], k=1.5)
    normal = cards.loc[flagged, "planted"] == "none"
    return float((~normal).mean() if planted else normal.mean())


def _tacit_knowledge() -> set[str]:
    """4.14: the statements that describe tacit (隐性) customer knowledge."""
    return {"B", "C", "E"}


EXERCISES: dict[str, Exercise] = {
    "4.1": Exercise(
        _sports_2023, form="money", decimals=2, stars=2, kind="write",
        hints=("Where: the category lives in star['products'], the year in star['dates']; the fact table "
               "links to them by product_id and date_key.",
               "How: fact.merge(products, on='product_id').merge(dates, on='date_key'), keep category "
               "'Sports' and year 2023, then sum amount."),
        explanation="A roll-up is a join to the dimensions and a groupby/sum on the levels kept.",
        mistakes=(Mistake(lambda: _sports_2023((2023, 2024)), "That is Sports in both years: keep only 2023."),),
    ),
    "4.2": Exercise(
        _east_app_orders, form="count", stars=2, kind="write",
        hints=("Where: region is in star['customers'], month in star['dates'], category in star['products']; "
               "the order's channel is the fact table's channel column.",
               "How: merge the three dimensions onto the fact table, then filter region == 'East', channel == "
               "'app', month between '2024-07' and '2024-12', category isin ['Sports', 'Home'], and count rows."),
        explanation="A dice is several slices at once: one boolean filter per dimension.",
        mistakes=(Mistake(lambda: _east_app_orders(signup_channel=True),
                          "That uses the customer's sign-up channel (customers table); the question is about "
                          "the channel of each order (fact table)."),),
    ),
    "4.3": Exercise(
        _fourth_run_loaded, form="count", stars=2, kind="apply",
        hints=("Where: etl_batch(raw, loaded, since, until) is one run; pass each run's table to the next.",
               "How: runs (None, '2024-03-31'), ('2024-03-31', '2024-06-30'), ('2024-06-30', '2024-09-30'), "
               "('2024-09-30', '2024-12-31'); read the fourth run's log['loaded']."),
        explanation="Each scheduled run loads only its window's clean, new records.",
        mistakes=(Mistake(_fourth_run_extracted, "That is what the run extracted, before the transform rejected "
                                                "duplicates and bad rows."),),
    ),
    "4.4": Exercise(
        _chips_soda, form="number", decimals=2, stars=2, kind="write",
        hints=("Where: the long table load('baskets') has one row per (basket_id, product); supports are "
               "shares of baskets, not of rows.",
               "How: items = baskets.groupby('basket_id')['product'].agg(set); flag baskets with chips, with "
               "soda, with both; lift = support(both) / (support(chips) * support(soda))."),
        explanation="Lift compares the rule's confidence with how common soda is anyway. A lift below 1 from a "
                    "handful of baskets with both items is not a finding: test it (Fisher's exact test on the "
                    "2×2 table of chips × soda baskets). On the course data it is compatible with independence, "
                    "and no chips-soda link was planted, so the store has nothing to act on.",
        mistakes=(Mistake(lambda: _chips_soda(measure="confidence"),
                          "That is the confidence of chips ⇒ soda; divide it by the support of soda."),
                  Mistake(lambda: _chips_soda(per_row=True),
                          "Supports were divided by the number of rows of the long table; divide by the "
                          "number of baskets.")),
    ),
    "4.5": Exercise(
        _pruned_count, form="count", stars=2, kind="apply",
        hints=("Where: the frequent 2-itemsets of frequent_itemsets(onehot(baskets), min_support=0.02); "
               "section 3.3's cell joins and prunes the same way on AllElectronics.",
               "How: join two frequent pairs that share their first item into a sorted 3-item candidate; the "
               "prune removes a candidate if one of its three 2-item subsets is not a frequent pair; count "
               "the removed candidates."),
        explanation="The prune removes these candidates without counting them in the 6,000 baskets: the "
                    "Apriori property at work.",
        mistakes=(Mistake(lambda: _pruned_count("joined"),
                          "That is the number of joined candidates, before the prune."),
                  Mistake(lambda: _pruned_count("kept"),
                          "That is the number of candidates the prune keeps; the question asks how many it removes."),
                  Mistake(lambda: _pruned_count("frequent"),
                          "That is the number of frequent 3-itemsets, after counting; the prune comes before."),
                  Mistake(lambda: _pruned_count("any pairs"),
                          "That joins any two pairs with three items between them; Apriori's join combines "
                          "pairs that share their first item.")),
    ),
    "4.6": Exercise(
        _one_assignment_step, form="count", stars=3, kind="write",
        hints=("Where: rfm's recency, frequency, monetary; standardise after log1p with the population "
               "standard deviation (ddof=0), as standardized_features does.",
               "How: z = (x - x.mean(0)) / x.std(0); centres = z[rfm.index.get_indexer([1, 2, 3, 4])]; "
               "d = ((z[:, None, :] - centres[None]) ** 2).sum(2); count d.argmin(1) == 0."),
        explanation="One assignment step: every customer goes to the nearest centre; k-means repeats it.",
        mistakes=(Mistake(lambda: _one_assignment_step(log=False),
                          "Without log1p, monetary's long tail dominates the distances: take logs first."),),
    ),
    "4.7": Exercise(
        _chosen_k, form="id", stars=2, kind="decide",
        hints=("Where: kmeans_segments(mart, ['recency', 'categories'], k) for k = 3…8: its silhouette and its "
               "labels' shares.",
               "How: for each k record the silhouette and labels.value_counts(normalize=True).min(); drop k "
               "whose smallest segment is below 0.15; take the k with the highest silhouette."),
        explanation="The best-separated k is not always one marketing can use: tiny segments get no campaign.",
        mistakes=(Mistake(lambda: _chosen_k(ignore_size=True),
                          "That k has the best silhouette, but its smallest segment is below 15% of the "
                          "customers."),),
    ),
    "4.8": Exercise(
        _churner_frequency, form="number", decimals=2, stars=3, kind="write",
        hints=("Where: features from orders with date <= 2024-06-30 only; population = customers with an "
               "order with date > cutoff - 180 days, i.e. after 2024-01-02 (2024 is a leap year); label from "
               "(2024-06-30, 2024-12-27].",
               "How: before = tx[tx['date'] <= cutoff]; active = customers in before with date > cutoff - "
               "180 days; frequency = before.groupby('customer_id').size(); churned = not in the orders "
               "after; mean frequency of the customers who stay (not churned)."),
        explanation="Frequency from orders up to the cutoff only; churn_dataset gives the same table.",
        mistakes=(Mistake(lambda: _churner_frequency(leak=True),
                          "That counts orders after the cutoff too: the future leaked into the feature."),
                  Mistake(lambda: _churner_frequency(active_days=365),
                          "That population uses a 365-day window; the label's window is 180 days."),
                  Mistake(lambda: _churner_frequency(since="2024-01-01"),
                          "That population starts after 2024-01-01; the 180-day window is date > cutoff - 180 "
                          "days, i.e. after 2024-01-02 (2024 is a leap year).")),
    ),
    "4.9": Exercise(
        _budget_churners, form="count", stars=2, kind="apply",
        hints=("Where: gains_table(models.y_test, models.scores['random forest'], bins=10); 3,000 yuan at "
               "20 yuan buys 150 contacts.",
               "How: keep the top groups whose cumulative customers stay within 150; sum their churners."),
        explanation="A budget buys a number of contacts; the gains table says how many churners they reach.",
        mistakes=(Mistake(lambda: _budget_churners("logistic regression"),
                          "That is the logistic regression's gains table; the task asks for the random forest."),
                  Mistake(lambda: _budget_churners(whole_groups=False),
                          "That contacts 150 single customers; the campaign contacts whole groups.")),
    ),
    "4.10": Exercise(
        _campaign_size, form="count", stars=3, kind="decide",
        hints=("Where: section 5.5's campaign_table with the logistic regression's held-out probabilities "
               "and clv; only the cost and the effect change.",
               "How: best_campaign(campaign_table(probability, clv[probability.index], cost=40, effect=0.25, "
               "index=probability.index))['contacted']."),
        explanation="Contact while churn probability × effect × CLV exceeds the cost of the call.",
        mistakes=(Mistake(lambda: _campaign_size(COST, EFFECT), "That is the chapter's campaign (20 yuan, 15%)."),
                  Mistake(lambda: _campaign_size(by_probability=True),
                          "That ranks customers by churn probability; rank by the expected value of the "
                          "contact, probability × effect × CLV − cost.")),
    ),
    "4.11": Exercise(
        _auc_without_leak, form="number", decimals=3, stars=3, kind="diagnose",
        hints=("Where: which extra feature uses orders after the cutoff (2024-03-31)? Look at the dates each "
               "one counts.",
               "How: orders_2024 counts all of 2024; refit fit_churn_models(leaky, features=[*FEATURES, "
               "'spend_q1_2024']) and read .auc['logistic regression']."),
        explanation="orders_2024 contains the label: a customer who buys after the cutoff has more orders in 2024.",
        mistakes=(Mistake(lambda: _auc_without_leak(with_leak=True),
                          "That is the leaky model's AUC: remove orders_2024, which counts orders after "
                          "the cutoff."),),
    ),
    "4.12": Exercise(
        _already_silent, form="share", decimals=3, stars=2, kind="diagnose",
        hints=("Where: the colleague's table has recency (days since the last order at the cutoff); the "
               "label's window is 120 days.",
               "How: (table['recency'] >= 120).mean() on churn_dataset(transactions, customers, '2024-06-30', "
               "horizon_days=120, active_days=365)."),
        explanation="These customers have churned by the label's own definition before the model starts.",
        mistakes=(Mistake(_colleague_churn_rate, "That is the population's churn rate (the label's mean); the "
                                                 "question is about recency at the cutoff."),
                  Mistake(lambda: _already_silent(180), "That uses 180 days; the colleague's label window is 120.")),
    ),
    "4.13": Exercise(
        _false_alarm_share, form="share", decimals=3, stars=1, kind="apply",
        hints=("Where: cards['amount_vs_usual'] and the truth column cards['planted'].",
               "How: flags = iqr_flags(cards['amount_vs_usual'], k=1.5); among the flagged rows, the mean of "
               "cards['planted'] == 'none'."),
        explanation="The narrower fence catches the extreme amounts but most of what it sends to review is harmless.",
        mistakes=(Mistake(lambda: _false_alarm_share(planted=True),
                          "That is the share of flagged transactions that are planted; the question asks for "
                          "the normal ones."),
                  Mistake(lambda: _false_alarm_share("amount"),
                          "That fence is on the raw amount, which mixes customers who spend differently; use "
                          "amount_vs_usual.")),
    ),
    "4.14": Exercise(
        _tacit_knowledge, form="choice", stars=1, kind="interpret", personal=False,
        hints=("Where: section 7's table of explicit and tacit customer knowledge.",
               "How: tacit knowledge lives in people and interactions, is hard to write down, and is shared "
               "by working together."),
        explanation="Explicit knowledge (A, D, F) is what the warehouse stores; tacit knowledge needs interaction.",
    ),
}
"""Chapter 04's exercises by id."""
