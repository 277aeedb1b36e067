"""Datasets for chapter 04 (data mining) with structure planted where tests can find it.

Four tables, each made by a small function with its own documented truth:

``messy_extract``
    1,224 rows exported from a store loyalty-card system before cleaning:
    1,200 genuine orders plus :data:`N_DUPLICATES` re-sent copies, with
    missing values, inconsistent spellings and codes, impossible amounts
    (negative, or the 99,999 "filler" a till uses for an unknown price) and a
    few genuine but very large orders. Dates come in two formats. App orders
    are planted about 35% larger than the others. The knowledge-discovery
    steps of the chapter clean it and find that pattern.
``baskets``
    6,000 supermarket baskets over 40 products (one row per basket and item),
    with Zipf-like popularity and the associations of :data:`PLANTED_RULES`
    (diapers -> beer among them) hidden in random noise.
``segment_customers``
    1,000 customers with recency, frequency and monetary value drawn from four
    planted segments; the column ``planted_segment`` is the hidden truth that
    k-means should recover.
``anomaly_transactions``
    About 3,000 card transactions of 250 customers with planted deviations:
    extreme amounts, night-time bulk buys and a few "reseller" customers; the
    column ``planted`` says which rows are planted (``"none"`` for normal ones).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.datasets.seeds import Seed

SEED = 20240404

# ---------------------------------------------------------------- messy extract
N_ORDERS = 1200
N_DUPLICATES = 24
"""Exact duplicate rows added to the extract (re-sent records)."""
N_MISSING_AMOUNT = 18
"""Rows whose amount is missing."""
N_NEGATIVE_AMOUNT = 9
"""Rows with an impossible negative amount (a sign error at the till)."""
N_FILLER_AMOUNT = 6
"""Rows with the impossible filler amount 99999.0."""
FILLER_AMOUNT = 99999.0
N_LARGE_ORDERS = 5
"""Genuine very large orders (between 8,000 and 12,000 yuan): outliers, but real."""
N_MISSING_CUSTOMER = 15
"""Rows without a customer id (card not scanned)."""

REGION_SPELLINGS = {
    "East": ["East", "east", "EAST", "E."],
    "North": ["North", "north", "N."],
    "South": ["South", "south ", "S."],
    "Central": ["Central", "central", "Centre"],
    "West": ["West", "west", "W."],
}
"""Canonical region -> the spellings found in the extract."""
CHANNEL_CODES = {"online": ["online", "Online", "WEB", "web"], "store": ["store", "Store", "POS"],
                 "app": ["app", "APP", "mobile"]}
"""Canonical channel -> the codes found in the extract."""

# -------------------------------------------------------------------- baskets
N_BASKETS = 6000
BASKET_PRODUCTS = [
    "milk", "bread", "eggs", "bananas", "water", "yogurt", "apples", "rice", "chicken", "tomatoes",
    "cheese", "coffee", "tea", "butter", "onions", "potatoes", "juice", "cereal", "chips", "cookies",
    "soda", "beer", "diapers", "baby wipes", "pasta", "pasta sauce", "toothpaste", "toothbrush",
    "shampoo", "detergent", "charcoal", "sausages", "ice cream", "chocolate", "noodles", "soy sauce",
    "tissues", "batteries", "flowers", "wine",
]
"""The 40 products, roughly from the most to the least popular."""
PLANTED_RULES = [
    ("diapers", "beer", 0.55),
    ("pasta", "pasta sauce", 0.60),
    ("toothbrush", "toothpaste", 0.65),
    ("charcoal", "sausages", 0.70),
]
"""(antecedent, consequent, probability): when a basket holds the antecedent,
the consequent is added with this probability (unless already there)."""

# ---------------------------------------------------------- segment customers
N_SEGMENT_CUSTOMERS = 1000
SEGMENTS = {
    # name: (share, median recency days, median orders, median spend per order)
    "Champions": (0.15, 12, 24, 180.0),
    "Loyal regulars": (0.30, 45, 9, 110.0),
    "New customers": (0.25, 20, 1.5, 70.0),
    "Lost": (0.30, 320, 3, 60.0),
}
"""The planted segments: share of customers and typical recency, frequency and basket value."""

# --------------------------------------------------------- anomaly transactions
N_ANOMALY_CUSTOMERS = 250
N_EXTREME_AMOUNT = 15
"""Transactions with an amount 15-40 times the customer's usual one."""
N_NIGHT_BULK = 10
"""Transactions between 1 and 4 a.m. with 15-30 cheap items (a stolen card used in bulk); their
amounts stay within 1-1.8 times the customer's usual one, so only the hour and the item count are odd."""
N_RESELLERS = 5
"""Customers who buy daily in bulk (a reseller using a consumer account)."""


def make_messy_extract(rng: np.random.Generator) -> pd.DataFrame:
    """Return the loyalty-card extract with its planted problems (see the module docstring)."""
    n = N_ORDERS
    regions = list(REGION_SPELLINGS)
    region = rng.choice(regions, size=n, p=[0.30, 0.22, 0.22, 0.14, 0.12])
    channel = rng.choice(list(CHANNEL_CODES), size=n, p=[0.5, 0.35, 0.15])
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, size=n), unit="D")
    # App orders are planted about 35% larger (the pattern the chapter's mining step finds).
    amount = np.round(np.exp(rng.normal(np.log(120) + 0.3 * (channel == "app"), 0.6, size=n)), 2)
    frame = pd.DataFrame({
        "record_id": np.arange(1, n + 1),
        "customer_id": rng.integers(1, 4001, size=n).astype(float),
        "order_day": [d.strftime("%Y-%m-%d") if rng.random() < 0.7 else d.strftime("%Y/%m/%d")
                      for d in days],
        "region": [rng.choice(REGION_SPELLINGS[r]) for r in region],
        "channel": [rng.choice(CHANNEL_CODES[c]) for c in channel],
        "amount": amount,
    })
    rows = rng.permutation(n)
    cuts = np.cumsum([N_MISSING_AMOUNT, N_NEGATIVE_AMOUNT, N_FILLER_AMOUNT, N_LARGE_ORDERS,
                      N_MISSING_CUSTOMER])
    missing, negative, filler, large, no_customer, _ = np.split(rows, cuts)
    frame.loc[missing, "amount"] = np.nan
    frame.loc[negative, "amount"] = -frame.loc[negative, "amount"]
    frame.loc[filler, "amount"] = FILLER_AMOUNT
    frame.loc[large, "amount"] = np.round(rng.uniform(8000, 12000, size=len(large)), 2)
    frame.loc[no_customer, "customer_id"] = np.nan
    frame.loc[rng.choice(n, size=20, replace=False), "region"] = np.nan
    copies = frame.iloc[np.sort(rng.choice(n, size=N_DUPLICATES, replace=False))]
    frame = pd.concat([frame, copies]).sort_values("record_id", kind="stable")
    frame["customer_id"] = frame["customer_id"].astype("Int64")
    return frame.reset_index(drop=True)


def make_baskets(rng: np.random.Generator) -> pd.DataFrame:
    """Return one row per (basket, product) with the planted associations of :data:`PLANTED_RULES`."""
    products = np.array(BASKET_PRODUCTS)
    popularity = 1.0 / np.arange(1, len(products) + 1) ** 0.9
    popularity /= popularity.sum()
    rows = []
    for basket in range(1, N_BASKETS + 1):
        size = min(1 + rng.poisson(3.0), 12)
        items = set(rng.choice(products, size=size, replace=False, p=popularity).tolist())
        for antecedent, consequent, probability in PLANTED_RULES:
            if antecedent in items and rng.random() < probability:
                items.add(consequent)
        rows.extend((basket, item) for item in sorted(items))
    return pd.DataFrame(rows, columns=["basket_id", "product"])


def make_segment_customers(rng: np.random.Generator) -> pd.DataFrame:
    """Return customers drawn from the planted :data:`SEGMENTS`, with the truth column."""
    names = list(SEGMENTS)
    shares = np.array([SEGMENTS[name][0] for name in names])
    counts = np.round(shares * N_SEGMENT_CUSTOMERS).astype(int)
    parts = []
    for name, count in zip(names, counts, strict=True):
        _, recency, orders, spend = SEGMENTS[name]
        frequency = np.maximum(1, np.round(orders * np.exp(rng.normal(0, 0.3, size=count))))
        parts.append(pd.DataFrame({
            "recency": np.round(recency * np.exp(rng.normal(0, 0.35, size=count))).astype(int),
            "frequency": frequency.astype(int),
            "monetary": np.round(frequency * spend * np.exp(rng.normal(0, 0.3, size=count)), 2),
            "planted_segment": name,
        }))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "customer_id", np.arange(1, len(frame) + 1))
    return frame


def make_anomaly_transactions(rng: np.random.Generator) -> pd.DataFrame:
    """Return card transactions with planted deviations, labelled in the column ``planted``."""
    n = N_ANOMALY_CUSTOMERS
    typical = np.exp(rng.normal(np.log(150), 0.4, size=n))  # each customer's usual amount
    counts = 4 + rng.poisson(8, size=n)
    customer = np.repeat(np.arange(1, n + 1), counts)
    m = len(customer)
    frame = pd.DataFrame({
        "customer_id": customer,
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, size=m), unit="D"),
        "hour": np.clip(np.round(rng.normal(15, 3.5, size=m)), 7, 23).astype(int),
        "items": 1 + rng.poisson(1.5, size=m),
        "amount": np.round(typical[customer - 1] * np.exp(rng.normal(0, 0.35, size=m)), 2),
        "planted": "none",
    })
    extreme = rng.choice(m, size=N_EXTREME_AMOUNT, replace=False)
    frame.loc[extreme, "amount"] = np.round(
        typical[customer[extreme] - 1] * rng.uniform(15, 40, size=len(extreme)), 2)
    frame.loc[extreme, "planted"] = "extreme amount"
    normal = np.flatnonzero(frame["planted"].to_numpy() == "none")
    night = rng.choice(normal, size=N_NIGHT_BULK, replace=False)
    frame.loc[night, "hour"] = rng.integers(1, 5, size=len(night))
    frame.loc[night, "items"] = rng.integers(15, 31, size=len(night))
    # Cheap items in bulk: the amount stays within the customer's usual range, only hour and items are odd.
    frame.loc[night, "amount"] = np.round(typical[customer[night] - 1] * rng.uniform(1.0, 1.8, size=len(night)), 2)
    frame.loc[night, "planted"] = "night bulk"
    resellers = []
    for number in range(1, N_RESELLERS + 1):
        k = 60 + rng.integers(0, 20)
        items = rng.integers(8, 16, size=k)
        resellers.append(pd.DataFrame({
            "customer_id": n + number,
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.choice(366, size=k, replace=False)), unit="D"),
            "hour": rng.integers(9, 18, size=k),
            "items": items,
            "amount": np.round(items * rng.uniform(25, 35, size=k), 2),
            "planted": "reseller",
        }))
    frame = pd.concat([frame, *resellers], ignore_index=True)
    frame = frame.sort_values(["date", "hour", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "transaction_id", np.arange(1, len(frame) + 1))
    return frame


def generate(seed: Seed = SEED) -> dict[str, pd.DataFrame]:
    """Return ``messy_extract``, ``baskets``, ``segment_customers`` and ``anomaly_transactions``."""
    rng = np.random.default_rng(seed)
    return {
        "messy_extract": make_messy_extract(rng),
        "baskets": make_baskets(rng),
        "segment_customers": make_segment_customers(rng),
        "anomaly_transactions": make_anomaly_transactions(rng),
    }
