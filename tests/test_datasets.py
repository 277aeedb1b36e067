"""The seeded generator rewrites byte-identical files, and the retailer looks like real CRM data."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from helpers.data import DATA_DIR, load
from helpers.datasets import write_all
from helpers.pareto import top_share


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generator_reproduces_every_stored_file_byte_for_byte(tmp_path):
    written = write_all(tmp_path)
    assert written, "the generator wrote nothing"
    for path in written:
        stored = DATA_DIR / path.relative_to(tmp_path)  # some datasets live in a subfolder (ownlog/)
        assert stored.exists(), f"{path.name} is generated but not stored in data/ (run `make data`)"
        assert sha256(path) == sha256(stored), f"{path.name} differs from data/: run `make data` and commit"


@pytest.fixture(scope="module")
def retail():
    return load("customers"), load("transactions")


def test_one_retailer_over_two_years_with_at_least_3000_customers(retail):
    customers, tx = retail
    assert len(customers) >= 3000
    assert customers["customer_id"].is_unique
    assert set(tx["customer_id"]) <= set(customers["customer_id"])
    assert tx["date"].max() - tx["date"].min() >= pd.Timedelta(days=2 * 365 - 1)


def test_value_is_skewed_like_real_crm_data(retail):
    _, tx = retail
    revenue = tx.groupby("customer_id")["amount"].sum()
    assert 0.60 <= top_share(revenue, 0.2) <= 0.80


def test_each_customer_first_buys_on_signup(retail):
    customers, tx = retail
    first = tx.groupby("customer_id")["date"].min()
    signup = customers.set_index("customer_id")["signup_date"]
    assert (first == signup.loc[first.index]).all()


def test_acquisition_cohorts_every_month(retail):
    customers, _ = retail
    cohorts = customers["signup_date"].dt.to_period("M").value_counts()
    assert len(cohorts) == 24 and cohorts.min() >= 80


def test_customers_churn(retail):
    """Many customers acquired in the first year have stopped buying by the second half of year two."""
    customers, tx = retail
    early = customers.loc[customers["signup_date"] < "2024-01-01", "customer_id"]
    active_late = tx.loc[tx["date"] >= "2024-07-01", "customer_id"].unique()
    lapsed = 1 - np.isin(early, active_late).mean()
    assert 0.4 <= lapsed <= 0.9


def test_seasonality_peaks_at_double_11(retail):
    _, tx = retail
    by_month = tx.groupby(tx["date"].dt.month).size()
    assert by_month.idxmax() == 11
    assert by_month[11] > 1.8 * by_month[2]


def test_channels_and_regions(retail):
    customers, tx = retail
    assert set(customers["channel"]) == {"online", "store", "app"}
    assert customers["region"].nunique() == 5
    assert set(tx["channel"]) == {"online", "store", "app"}


def test_amounts_are_price_times_quantity(retail):
    _, tx = retail
    assert (tx["amount"] > 0).all()
    assert np.allclose(tx["amount"], (tx["unit_price"] * tx["quantity"]).round(2))


def test_one_churn_for_everyone_keeps_every_other_draw():
    """Chapter 01 reruns the retailer with one churn risk for all: the same customers, sign-ups and rates."""
    from helpers.datasets import retail as generator

    def rerun(churn):
        rng = np.random.default_rng(generator.SEED)
        products, customers = generator.make_products(rng), generator.make_customers(rng)
        return generator.make_transactions(rng, customers, products, churn=churn)

    assert rerun(None).equals(generator.generate()["transactions"])
    never, real = rerun(1e-9), load("transactions")
    first = never.groupby("customer_id")["date"].min()
    assert (first.to_numpy("datetime64[D]") == real.groupby("customer_id")["date"].min().to_numpy("datetime64[D]")).all()
    assert len(never) > len(real)  # nobody leaves: more orders
    with pytest.raises(ValueError, match="churn"):
        rerun(0.0)
