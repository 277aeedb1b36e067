"""The star schema of helpers.warehouse, the OLAP operations as pandas calls on it, and the cleaning steps."""

import pandas as pd
import pytest

from helpers.data import load
from helpers.datasets import mining
from helpers.warehouse import (
    HIERARCHY_REGIONS,
    clean_extract,
    customer_mart,
    date_dimension,
    etl_batch,
    join_star,
    standardize_labels,
    star_schema,
)


@pytest.fixture(scope="module")
def cube():
    """The course's star schema joined back into one wide table, as chapter 04 builds it."""
    return join_star(star_schema(load("transactions"), load("customers"), load("products")))


def test_olap_roll_up_and_drill_down_agree_on_the_course_cube(cube):
    """Roll-up (上卷) and drill-down (下钻) as chapter 04 writes them: the parts add up to the totals."""
    by_year = cube.groupby("year")["amount"].sum()
    by_quarter = cube.groupby(["year", "quarter"], as_index=False)["amount"].sum()
    assert by_year.sum() == pytest.approx(cube["amount"].sum())
    assert by_quarter.groupby("year")["amount"].sum().to_numpy() == pytest.approx(by_year.to_numpy())
    assert by_quarter["quarter"].str[:4].astype(int).tolist() == by_quarter["year"].tolist()


def test_olap_slice_dice_and_pivot_on_the_course_cube(cube):
    """Slice (切片), dice (切块) and pivot (旋转) as chapter 04 writes them select and rearrange, never lose, revenue."""
    year = cube[cube["year"] == 2024]
    other_years = cube[cube["year"] != 2024]
    assert year["amount"].sum() + other_years["amount"].sum() == pytest.approx(cube["amount"].sum())
    sub_cube = year[year["category"].isin(["Electronics", "Apparel"]) & year["region"].isin(["East", "North"])]
    assert 0 < len(sub_cube) < len(year)
    table = sub_cube.pivot_table(index="region", columns="category", values="amount", aggfunc="sum",
                                 margins=True, margins_name="Total")
    assert table.loc["Total", "Total"] == pytest.approx(sub_cube["amount"].sum())
    assert table.loc["East", "Apparel"] == pytest.approx(
        sub_cube.loc[(sub_cube["region"] == "East") & (sub_cube["category"] == "Apparel"), "amount"].sum())


def test_date_dimension_has_one_row_per_day_with_its_attributes():
    dates = date_dimension(["2024-06-17", "2024-06-19"])
    assert dates["date_key"].tolist() == [20240617, 20240618, 20240619]
    assert dates["festival"].tolist() == ["", "618", ""]
    assert dates["quarter"].tolist() == ["2024Q2"] * 3
    assert dates["weekday"].tolist() == ["Mon", "Tue", "Wed"]


def test_star_schema_round_trips_the_retail_data():
    tx, customers, products = load("transactions"), load("customers"), load("products")
    star = star_schema(tx, customers, products)
    assert set(star) == {"fact", "customers", "products", "dates"}
    assert len(star["fact"]) == len(tx)
    wide = join_star(star)
    assert len(wide) == len(tx)
    assert wide[["year", "category", "region"]].notna().all().all()
    assert wide["amount"].sum() == pytest.approx(tx["amount"].sum())
    assert (wide["category"].to_numpy() == tx["category"].to_numpy()).all()


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="empty"):
        date_dimension([])
    tx = load("transactions").head(5).assign(product_id="P999")
    with pytest.raises(ValueError, match="missing from its dimension"):
        star_schema(tx, load("customers"), load("products"))


def test_standardize_labels_maps_every_variant():
    raw = pd.Series(["East", "east ", "E.", "EAST", "Centre", None])
    clean = standardize_labels(raw, ["East", "Central"], {"e": "East", "centre": "Central"})
    assert clean.iloc[:5].tolist() == ["East"] * 4 + ["Central"]
    assert clean.isna().tolist() == [False] * 5 + [True]
    with pytest.raises(ValueError, match="cannot map \\['Mars'\\]"):
        standardize_labels(pd.Series(["Mars"]), ["East"])
    with pytest.raises(ValueError, match="not one of"):
        standardize_labels(pd.Series(["e"]), ["East"], {"e": "Est"})


def test_clean_extract_removes_exactly_the_planted_problems():
    """The generator's counts (helpers.datasets.mining) are what each cleaning step must remove."""
    raw = load("messy_extract")
    clean, report = clean_extract(raw)
    steps = report.set_index("step")
    removed = steps["rows_before"] - steps["rows_after"]
    assert removed["drop exact duplicates"] == mining.N_DUPLICATES
    assert removed["drop missing amounts"] == mining.N_MISSING_AMOUNT
    assert removed["drop impossible amounts (<= 0 or 99999)"] == mining.N_NEGATIVE_AMOUNT + mining.N_FILLER_AMOUNT
    assert removed["drop rows without customer id"] <= mining.N_MISSING_CUSTOMER
    assert len(clean) == report["rows_after"].iloc[-1]
    assert set(clean["region"].dropna()) == set(HIERARCHY_REGIONS)
    assert set(clean["channel"]) == {"online", "store", "app"}
    assert clean["amount"].gt(0).all() and clean["amount"].lt(mining.FILLER_AMOUNT).all()
    assert (clean["amount"] >= 8000).sum() == mining.N_LARGE_ORDERS  # genuine large orders are kept
    assert clean["record_id"].is_unique
    with pytest.raises(KeyError, match="no column"):
        clean_extract(raw.drop(columns="amount"))


def test_etl_batches_load_each_clean_record_once():
    """Two scheduled runs load exactly what clean_extract keeps from the whole extract; re-running a
    window loads nothing new (the record_id check)."""
    raw = load("messy_extract")
    first, log1 = etl_batch(raw, None, None, "2024-06-30")
    second, log2 = etl_batch(raw, first, "2024-06-30", "2024-12-31")
    again, log3 = etl_batch(raw, second, "2024-06-30", "2024-12-31")
    clean, _ = clean_extract(raw)
    assert len(second) == len(clean) == log1["loaded"] + log2["loaded"]
    assert log1["extracted"] + log2["extracted"] == len(raw)
    assert log3["loaded"] == 0 and log3["already_loaded"] == log2["loaded"]
    assert len(again) == len(second)
    with pytest.raises(ValueError, match="before until"):
        etl_batch(raw, None, "2024-07-01", "2024-06-30")


def test_customer_mart_by_hand():
    wide = pd.DataFrame({
        "customer_id": [1, 1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-01-06", "2024-02-01", "2024-01-15"]),
        "amount": [10.0, 30.0, 20.0, 5.0], "category": ["B", "A", "A", "C"], "channel": ["app", "app", "store", "store"],
        "region": ["East"] * 3 + ["West"], "age": [30, 30, 30, 50], "is_weekend": [False, True, False, False]})
    mart = customer_mart(wide, asof="2024-02-01")
    assert mart.loc[1, "orders"] == 3 and mart.loc[1, "revenue"] == 60.0 and mart.loc[1, "mean_order"] == 20.0
    assert mart.loc[1, "recency"] == 0 and mart.loc[1, "tenure"] == 31 and mart.loc[2, "recency"] == 17
    assert mart.loc[1, "main_category"] == "A" and mart.loc[1, "main_channel"] == "app"
    assert mart.loc[1, "weekend_share"] == pytest.approx(1 / 3) and mart.loc[1, "categories"] == 2


def test_customer_mart_recency_follows_rfm_table():
    """By default the mart is built the day after the last order, as rfm_table counts recency: the two agree."""
    from helpers.rfm import rfm_table

    wide = pd.DataFrame({
        "customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15"]),
        "amount": [10.0, 20.0, 5.0], "category": ["A", "A", "C"], "channel": ["app", "store", "store"],
        "region": ["East", "East", "West"], "age": [30, 30, 50], "is_weekend": [False, False, False]})
    mart = customer_mart(wide)
    assert mart.loc[1, "recency"] == 1 and mart.loc[2, "recency"] == 18 and mart.loc[1, "tenure"] == 32
    pd.testing.assert_series_equal(mart["recency"], rfm_table(wide, customer="customer_id")["recency"],
                                   check_names=False, check_dtype=False)
    with pytest.raises(ValueError, match="asof"):
        customer_mart(wide, asof="not a date")
