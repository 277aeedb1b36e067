"""The star schema and the OLAP operations of helpers.warehouse, on a tiny hand-made cube."""

import pandas as pd
import pytest

from helpers.data import load
from helpers.datasets import mining
from helpers.warehouse import (
    HIERARCHY_REGIONS,
    clean_extract,
    customer_mart,
    date_dimension,
    dice,
    drill_down,
    etl_batch,
    join_star,
    pivot,
    roll_up,
    slice_cube,
    standardize_labels,
    star_schema,
)


@pytest.fixture
def cube():
    """Six sales, small enough to add up by hand."""
    return pd.DataFrame({
        "year": [2023, 2023, 2023, 2024, 2024, 2024],
        "quarter": ["2023Q1", "2023Q1", "2023Q2", "2024Q1", "2024Q2", "2024Q2"],
        "region": ["East", "West", "East", "East", "West", "West"],
        "category": ["Food", "Food", "Toys", "Toys", "Food", "Toys"],
        "amount": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
    })


def test_roll_up_adds_to_the_coarser_level(cube):
    result = roll_up(cube, "year")
    assert result["year"].tolist() == [2023, 2024]
    assert result["amount"].tolist() == [60.0, 150.0]
    assert roll_up(cube, "region", agg="count")["amount"].tolist() == [3, 3]


def test_drill_down_splits_each_total_into_its_parts(cube):
    result = drill_down(cube, "year", "quarter")
    assert result["amount"].tolist() == [30.0, 30.0, 40.0, 110.0]
    # the parts add back up to the rolled-up totals
    assert result.groupby("year")["amount"].sum().tolist() == roll_up(cube, "year")["amount"].tolist()


def test_slice_and_dice_select_sub_cubes(cube):
    assert slice_cube(cube, "region", "East")["amount"].sum() == 80.0
    diced = dice(cube, {"year": 2024, "category": ["Toys"]})
    assert diced["amount"].tolist() == [40.0, 60.0]


def test_pivot_puts_one_dimension_across_with_totals(cube):
    table = pivot(cube, "region", "category", totals=True)
    assert table.loc["East", "Food"] == 10.0
    assert table.loc["West", "Toys"] == 60.0
    assert table.loc["Total", "Total"] == 210.0


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


def test_bad_input_raises_clear_errors(cube):
    with pytest.raises(KeyError, match="no column"):
        roll_up(cube, "country")
    with pytest.raises(ValueError, match="agg must be one of"):
        roll_up(cube, "year", agg="average")
    with pytest.raises(ValueError, match="must be numeric"):
        roll_up(cube, "year", measure="region")
    with pytest.raises(ValueError, match="already one of the levels"):
        drill_down(cube, ["year", "quarter"], "quarter")
    with pytest.raises(ValueError, match="no rows with region == 'Mars'"):
        slice_cube(cube, "region", "Mars")
    with pytest.raises(ValueError, match="has no value"):
        dice(cube, {"year": 2030})
    with pytest.raises(ValueError, match="non-empty dict"):
        dice(cube, {})
    with pytest.raises(ValueError, match="cannot be both"):
        pivot(cube, "region", "region")
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
