"""A synthetic omnichannel retailer: ``customers``, ``products`` and ``transactions``.

One retailer, two years (2023-01-01 to 2024-12-31), 4,000 customers. The data
are made the way a customer base behaves, so that what the chapters measure on
them is there to be found:

- each month a new cohort joins (more of them around the "618" and "Double 11"
  shopping festivals), through one of three channels, in one of five regions;
- each customer buys at their own rate while "alive" (purchase rates are
  Gamma-distributed, so a few customers buy far more often than most);
- each month a customer may defect for good (Beta-distributed churn
  probabilities; app customers churn less);
- purchases follow the calendar (peaks in June and November, a dip around the
  Spring Festival), and orders in festival months carry discounts;
- customers differ in taste: some prefer the expensive products.

Together this gives the skewed value of real CRM data: the top 20% of
customers bring about two thirds of revenue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.datasets.seeds import Seed

SEED = 20230101
N_CUSTOMERS = 4000
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")

CHANNELS = ["online", "store", "app"]
CHANNEL_SHARE = [0.50, 0.35, 0.15]
CHANNEL_RATE = {"online": 1.0, "store": 0.85, "app": 1.5}  # purchase-rate multiplier
CHANNEL_CHURN = {"online": 1.0, "store": 0.9, "app": 0.6}  # churn multiplier

REGIONS = ["East", "North", "South", "Central", "West"]
REGION_SHARE = [0.30, 0.22, 0.22, 0.14, 0.12]

# Relative purchase intensity by calendar month (Spring Festival dip, 618, Double 11, year end).
SEASON = np.array([0.85, 0.70, 0.90, 0.95, 1.00, 1.35, 0.95, 0.90, 1.00, 1.05, 1.70, 1.30])
DISCOUNT = {6: 0.10, 11: 0.20, 12: 0.10}  # festival-month discount on list prices

CATEGORIES = {
    # category: (number of products, median list price in yuan)
    "Grocery": (8, 25.0),
    "Beauty": (7, 90.0),
    "Apparel": (8, 160.0),
    "Home": (7, 220.0),
    "Sports": (5, 300.0),
    "Electronics": (5, 900.0),
}


def make_products(rng: np.random.Generator) -> pd.DataFrame:
    """Return the product dimension: id, name, category, list price, popularity rank."""
    rows = []
    for category, (count, median_price) in CATEGORIES.items():
        prices = median_price * np.exp(rng.normal(0.0, 0.35, size=count))
        for number, price in enumerate(prices, start=1):
            rows.append({"category": category, "product_name": f"{category} item {number}",
                         "list_price": round(float(price), 2)})
    products = pd.DataFrame(rows)
    products.insert(0, "product_id", [f"P{i:03d}" for i in range(1, len(products) + 1)])
    # Popularity falls with rank (a Zipf-like curve); cheap everyday items sell more.
    order = rng.permutation(len(products))
    products["popularity"] = np.round(1.0 / (1 + order) ** 0.8, 6)
    return products


def make_customers(rng: np.random.Generator) -> pd.DataFrame:
    """Return the customer dimension with each customer's sign-up date and attributes."""
    months = pd.date_range(START, END, freq="MS")
    weight = np.array([1.0 + 0.6 * (m.month in (6, 11)) for m in months])
    weight *= np.linspace(1.15, 0.85, len(months))  # acquisition slows as the market fills
    cohort = rng.choice(len(months), size=N_CUSTOMERS, p=weight / weight.sum())
    day_in_month = rng.integers(0, months.days_in_month.to_numpy()[cohort])
    signup = months[cohort] + pd.to_timedelta(day_in_month, unit="D")
    customers = pd.DataFrame({
        "signup_date": signup,
        "channel": rng.choice(CHANNELS, size=N_CUSTOMERS, p=CHANNEL_SHARE),
        "region": rng.choice(REGIONS, size=N_CUSTOMERS, p=REGION_SHARE),
        "gender": rng.choice(["F", "M"], size=N_CUSTOMERS, p=[0.56, 0.44]),
        "age": np.clip(np.round(rng.normal(36, 11, size=N_CUSTOMERS)), 18, 75).astype(int),
    })
    customers = customers.sort_values("signup_date", kind="stable").reset_index(drop=True)
    customers.insert(0, "customer_id", np.arange(1, N_CUSTOMERS + 1))
    return customers


def make_transactions(rng: np.random.Generator, customers: pd.DataFrame,
                      products: pd.DataFrame, churn: float | None = None) -> pd.DataFrame:
    """Simulate every customer's orders from sign-up until they defect or the period ends.

    With `churn` (a monthly probability in (0, 1]) every customer gets that
    churn risk, whatever their channel, instead of their own: the planted
    differences in churn are absent. With the same `rng` state the customers'
    purchase rates, tastes and basket sizes are those of the real run; their
    orders are drawn anew (chapter 01 compares the two).
    """
    if churn is not None and not 0 < churn <= 1:
        raise ValueError(f"churn must be a monthly probability in (0, 1], got {churn!r}")
    n = len(customers)
    channel = customers["channel"].to_numpy()
    rate_per_day = rng.gamma(shape=0.8, scale=5.0 / 365, size=n)  # mean 4 orders a year
    rate_per_day *= np.array([CHANNEL_RATE[c] for c in channel])
    churn_month = rng.beta(1.3, 14.0, size=n) * np.array([CHANNEL_CHURN[c] for c in channel])
    if churn is not None:  # drawn above all the same, so that the draws after it do not move
        churn_month = np.full(n, float(churn))
    taste = rng.normal(0.0, 1.0, size=n)  # > 0: prefers expensive products
    basket = rng.gamma(shape=2.0, scale=0.6, size=n)  # extra items per order

    log_price = np.log(products["list_price"].to_numpy())
    log_price = (log_price - log_price.mean()) / log_price.std()
    popularity = products["popularity"].to_numpy()

    signup = customers["signup_date"].to_numpy().astype("datetime64[D]")
    last_day = np.datetime64(END.date(), "D")
    peak = SEASON.max()
    rows: list[tuple] = []
    for i in range(n):
        # Lifetime: whole months survived, then a uniform day in the month of defection.
        months_alive = rng.geometric(churn_month[i])
        death = signup[i] + int(30.4 * (months_alive - 1) + rng.integers(0, 30))
        stop = min(death, last_day)
        span = int((stop - signup[i]).astype(int))
        # Poisson process at the peak rate, thinned by the season of each day.
        n_candidates = rng.poisson(rate_per_day[i] * peak * span) if span > 0 else 0
        offsets = np.sort(rng.integers(1, span + 1, size=n_candidates)) if n_candidates else []
        days = [signup[i]] + [signup[i] + int(d) for d in offsets]
        months = pd.DatetimeIndex(days).month.to_numpy()
        keep = np.ones(len(days), dtype=bool)
        keep[1:] = rng.random(len(days) - 1) < SEASON[months[1:] - 1] / peak
        choice = popularity * np.exp(0.9 * taste[i] * log_price)
        choice /= choice.sum()
        for day, month in zip(np.asarray(days)[keep], months[keep], strict=True):
            own = rng.random() < 0.8
            rows.append((i + 1, day, channel[i] if own else rng.choice(CHANNELS),
                         rng.choice(len(products), p=choice), 1 + rng.poisson(basket[i]), month))

    tx = pd.DataFrame(rows, columns=["customer_id", "date", "channel", "product", "quantity", "month"])
    tx["date"] = pd.to_datetime(tx["date"])
    tx = tx.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    product = products.iloc[tx["product"].to_numpy()]
    discount = tx["month"].map(DISCOUNT).fillna(0.0).to_numpy()
    tx["product_id"] = product["product_id"].to_numpy()
    tx["category"] = product["category"].to_numpy()
    tx["unit_price"] = np.round(product["list_price"].to_numpy() * (1 - discount), 2)
    tx["amount"] = np.round(tx["unit_price"] * tx["quantity"], 2)
    tx.insert(0, "order_id", np.arange(100001, 100001 + len(tx)))
    return tx[["order_id", "customer_id", "date", "amount", "channel", "product_id",
               "category", "quantity", "unit_price"]]


def generate(seed: Seed = SEED) -> dict[str, pd.DataFrame]:
    """Return ``customers``, ``products`` and ``transactions``, the same on every run."""
    rng = np.random.default_rng(seed)
    products = make_products(rng)
    customers = make_customers(rng)
    transactions = make_transactions(rng, customers, products)
    return {"customers": customers, "products": products, "transactions": transactions}
