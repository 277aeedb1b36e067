"""helpers.data: every dataset loads with the documented columns and types."""

import os

import pandas as pd
import pytest

from helpers.data import DATA_DIR, list_datasets, load


def test_list_datasets_names_the_core_datasets():
    names = list_datasets()
    assert names == sorted(names)
    for name in ["cdnow", "cdnow_master", "customers", "products", "transactions"]:
        assert name in names


def test_transactions_have_the_columns_rfm_needs():
    tx = load("transactions")
    assert list(tx.columns[:4]) == ["order_id", "customer_id", "date", "amount"]
    assert pd.api.types.is_datetime64_any_dtype(tx["date"])
    assert tx["order_id"].is_unique


def test_cdnow_sample_is_the_published_cohort():
    """FHL (2005): 2,357 customers, 6,919 purchases, first purchases in Q1 1997."""
    cdnow = load("cdnow")
    assert list(cdnow.columns) == ["customer_id", "date", "number_of_cds", "dollar_value"]
    assert len(cdnow) == 6919
    assert cdnow["customer_id"].nunique() == 2357
    assert cdnow["customer_id"].min() == 1 and cdnow["customer_id"].max() == 2357
    first = cdnow.groupby("customer_id")["date"].min()
    assert first.min() == pd.Timestamp("1997-01-01") and first.max() <= pd.Timestamp("1997-03-31")
    assert cdnow["date"].max() == pd.Timestamp("1998-06-30")


def test_cdnow_master_has_every_customer():
    master = load("cdnow_master")
    assert len(master) == 69659
    assert master["customer_id"].nunique() == 23570


def test_load_works_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load("customers")) > 0
    assert DATA_DIR.is_absolute()


def test_unknown_dataset_names_the_available_ones():
    with pytest.raises(FileNotFoundError, match="no dataset named 'transaction'.*available: .*transactions"):
        load("transaction")


@pytest.mark.parametrize("bad", [None, 3, ["transactions"]])
def test_dataset_name_must_be_text(bad):
    with pytest.raises(ValueError, match="dataset name must be a string"):
        load(bad)


def test_every_dataset_is_documented():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in list_datasets():
        assert f"`{name}`" in readme, f"data/README.md does not document {name}"


def test_no_dataset_is_read_with_pickle_or_eval():
    source = (DATA_DIR.parent / "helpers" / "data.py").read_text(encoding="utf-8")
    assert "pickle" not in source and "eval(" not in source
    assert os.path.exists(DATA_DIR / "cdnow" / "README.md") or os.path.exists(DATA_DIR / "README.md")
