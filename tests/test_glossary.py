"""helpers.glossary and data/glossary.csv: a complete, bilingual term list that looks up both ways."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import list_datasets, load
from helpers.glossary import COLUMNS, glossary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load("glossary")


def test_load_reads_the_glossary_with_its_columns(table):
    assert "glossary" in list_datasets()
    assert list(table.columns) == COLUMNS
    assert pd.api.types.is_integer_dtype(table["chapter"])


def test_at_least_120_terms_covering_every_chapter(table):
    assert len(table) >= 120
    assert set(table["chapter"]) == {1, 2, 3, 4, 5}
    assert table["chapter"].value_counts()[[1, 2, 3, 4]].min() >= 20
    assert table["chapter"].value_counts()[5] >= 3  # chapter 5 applies the methods of the others


def test_no_duplicate_terms(table):
    english = table["english"].str.strip().str.lower()
    assert not english.duplicated().any(), english[english.duplicated()].tolist()
    assert not table["chinese"].duplicated().any(), table.loc[table["chinese"].duplicated(), "chinese"].tolist()


def test_every_row_is_complete_and_one_line(table):
    assert not table.isna().any().any()
    for column in ["english", "chinese", "definition"]:
        values = table[column].astype(str)
        assert (values.str.strip() == values).all(), f"{column} has surrounding spaces"
        assert (values.str.len() > 0).all()
        assert not values.str.contains("\n").any()
    # the Chinese column holds Chinese (at least one CJK character) and the English one does not
    assert table["chinese"].str.contains(r"[\u4e00-\u9fff]").all()
    assert not table["english"].str.contains(r"[\u4e00-\u9fff]").any()
    assert not table["definition"].str.contains(r"[\u4e00-\u9fff]").any()
    assert table["definition"].str.len().max() <= 160


def test_the_course_map_terms_are_there(table):
    """A sample of the terms COURSE_MAP.md asks each chapter to introduce, with the lectures' Chinese."""
    pairs = {
        "relationship marketing": "关系营销",
        "transaction marketing": "交易营销",
        "Kano model": "卡诺模型",
        "analytic hierarchy process (AHP)": "层次分析法",
        "efficacy coefficient method": "功效系数法",
        "customer loyalty": "顾客忠诚",
        "empathy": "移情性",
        "customer knowledge management (CKM)": "客户知识管理",
    }
    lookup = dict(zip(table["english"], table["chinese"], strict=True))
    for english, chinese in pairs.items():
        assert lookup[english] == chinese


def test_chinese_to_english():
    found = glossary("顾客忠诚")
    assert list(found.columns) == COLUMNS
    assert found["english"].tolist() == ["customer loyalty"]
    assert found.loc[0, "chapter"] == 3


def test_english_to_chinese_exact_match_wins_over_substring():
    found = glossary("Customer Satisfaction")  # case does not matter
    assert found["chinese"].tolist() == ["顾客满意"]


def test_substring_returns_every_match_in_either_language():
    loyalty = glossary("loyalty")
    assert len(loyalty) >= 5
    assert loyalty["english"].str.contains("loyalty").all()
    assert "顾客忠诚" in set(loyalty["chinese"])
    assert loyalty.index.tolist() == list(range(len(loyalty)))
    chinese = glossary("忠")
    assert chinese["chinese"].str.contains("忠").all() and len(chinese) >= 5
    assert glossary("忠诚")["english"].tolist() == ["true loyalty"]  # the lecture's term: an exact match wins


def test_abbreviations_and_bracketed_names_match_exactly():
    assert glossary("CR")["english"].tolist() == ["consistency ratio (CR)"]
    assert glossary("ahp")["english"].tolist() == ["analytic hierarchy process (AHP)"]
    assert glossary("customer lifetime value")["english"].tolist() == ["customer lifetime value (CLV)"]


def test_unknown_term_suggests_close_ones():
    with pytest.raises(KeyError, match=r"no glossary term matches 'loyalti'; did you mean: .*loyalty"):
        glossary("loyalti")
    with pytest.raises(KeyError, match="did you mean: '顾客忠诚'"):
        glossary("顾客忠城")
    with pytest.raises(KeyError, match=re.escape("see every term with load('glossary')")):
        glossary("xyzzy")


@pytest.mark.parametrize("bad", ["", "   ", None, 3, ["loyalty"]])
def test_empty_or_non_string_term_is_a_value_error(bad):
    with pytest.raises(ValueError, match="term"):
        glossary(bad)


def _build_book():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_book_page_has_every_term_once(table):
    page = _build_book().glossary_page(table)
    rows = [line for line in page.splitlines() if line.startswith("| ") and not line.startswith(("| English", "| ---"))]
    assert len(rows) == len(table)
    assert "| 顾客忠诚 |" in page


def test_book_page_rejects_an_unknown_chapter(table):
    bad = table.head(2).assign(chapter=9)
    with pytest.raises(ValueError, match=r"chapter\(s\) \[9\]"):
        _build_book().glossary_page(bad)
