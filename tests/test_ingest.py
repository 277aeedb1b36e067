"""helpers.ingest: messy exports are read, parsed and cleaned, and every dropped row is counted."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from helpers import ingest
from helpers.datasets import ownlog

SAMPLE = ownlog.path()
COLUMNS = {"customer": "会员编号", "date": "下单时间", "amount": "实付金额"}


def write_gbk(path, text: str) -> None:
    path.write_bytes(text.encode("gbk"))


# --- parsing ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2024/3/5", "2024-03-05"), ("2024-03-05", "2024-03-05"), ("2024-03-05 14:22:10", "2024-03-05"),
    ("20240305", "2024-03-05"), ("2024年3月5日", "2024-03-05"), ("2024.3.5", "2024-03-05"),
    ("２０２４/３/５", "2024-03-05"),  # full-width digits (NFKC)
])
def test_dates_in_the_usual_export_formats(text, expected):
    assert ingest.parse_dates(pd.Series([text]))[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["", "待补录", "2024/13/45", "#VALUE!", "05/03/2024", "3.5", "2024-02-30"])
def test_what_is_not_a_date_is_never_guessed(text):
    assert pd.isna(ingest.parse_dates(pd.Series([text]))[0])


@pytest.mark.parametrize("text, amount, currency", [
    ("￥1,280.00", 1280.0, "CNY"), ("¥88.5", 88.5, "CNY"), ("1280元", 1280.0, "CNY"), ("RMB 12", 12.0, "CNY"),
    ("1280", 1280.0, ""), ("-59.00", -59.0, ""), ("￥-59.00", -59.0, "CNY"), ("(12.50)", -12.5, ""),
    ("59-", -59.0, ""), ("−7", -7.0, ""), ("１,２８０", 1280.0, ""), (".5", 0.5, ""),
])
def test_money_as_shop_systems_write_it(text, amount, currency):
    money = ingest.parse_money(pd.Series([text]))
    assert money.amount[0] == pytest.approx(amount)
    assert money.currency[0] == currency


@pytest.mark.parametrize("text, currency", [("$12.00", "USD"), ("US$3", "USD"), ("€4", "EUR"), ("HK$9", "HKD")])
def test_other_currencies_are_not_converted(text, currency):
    money = ingest.parse_money(pd.Series([text]))
    assert np.isnan(money.amount[0]) and money.currency[0] == currency


@pytest.mark.parametrize("text, currency", [("NT$12", "TWD"), ("S$5", "SGD"), ("A$5", "AUD"), ("C$5", "CAD"),
                                            ("NZ$5", "NZD")])
def test_dollars_of_other_countries_are_not_taken_for_us_dollars(text, currency):
    money = ingest.parse_money(pd.Series([text]))
    assert np.isnan(money.amount[0]) and money.currency[0] == currency


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "--5", "¥", "12abc"])
def test_unreadable_amounts_are_missing(text):
    assert np.isnan(ingest.parse_money(pd.Series([text])).amount[0])


@pytest.mark.parametrize("text, why", [
    ("59,90", "decimal comma: 59.90 or 5990?"), ("1.280,00", "European 1,280.00"), ("1 280,00", "space and decimal comma"),
    ("1,2345", "a comma that does not separate thousands"), ("1 280", "a space inside the number"),
    ("(-59.00)", "two signs"), ("-59-", "two signs"), ("+5-", "conflicting signs"), ("12￥34", "a mark inside the digits"),
])
def test_ambiguous_amounts_are_unreadable_never_mis_scaled(text, why):
    assert np.isnan(ingest.parse_money(pd.Series([text])).amount[0]), why


def test_two_different_currency_marks_are_unreadable_not_the_first_mark():
    money = ingest.parse_money(pd.Series(["￥$12", "¥12元", "$5€"]))
    assert np.isnan(money.amount[0]) and money.currency[0] == ""
    assert money.amount[1] == 12.0 and money.currency[1] == "CNY"  # two marks of one currency agree
    assert np.isnan(money.amount[2]) and money.currency[2] == ""


def test_unreadable_amounts_are_counted_with_examples_never_silent():
    raw = pd.DataFrame({"c": list("abcdef"), "d": ["2024/1/1"] * 6,
                        "x": ["59,90", "(-59.00)", "￥$12", "12.50", "-5", "1,280.00"]})
    clean, quality = ingest.clean_log(raw, "c", "d", "x")
    assert clean["amount"].tolist() == [12.5, -5.0, 1280.0]
    step = quality.table().set_index("step").loc["blank or unreadable amount"]
    assert step["rows"] == 3 and "decimal comma" in step["detail"] and "'59,90'" in step["examples"]


# --- reading ------------------------------------------------------------------------------------

def test_gbk_is_detected_and_chinese_headers_survive():
    raw, encoding = ingest.read_log(SAMPLE)
    assert encoding == "gb18030"
    assert list(raw.columns) == ownlog.COLUMNS
    assert all(pd.api.types.is_string_dtype(t) for t in raw.dtypes)


def test_utf8_with_bom_and_excel_and_parquet_give_the_same_table(tmp_path):
    raw, _ = ingest.read_log(SAMPLE)
    raw = raw.head(200)
    (tmp_path / "log.csv").write_text(raw.to_csv(index=False), encoding="utf-8-sig")
    raw.to_excel(tmp_path / "log.xlsx", index=False, sheet_name="订单")
    raw.to_parquet(tmp_path / "log.parquet")
    for name in ("log.csv", "log.xlsx", "log.parquet"):
        again, _ = ingest.read_log(tmp_path / name)
        pd.testing.assert_frame_equal(again.astype(object), raw.astype(object), check_dtype=False)


def test_named_encoding_is_used_and_a_wrong_one_is_a_clear_error(tmp_path):
    _, encoding = ingest.read_log(SAMPLE, encoding="gbk")
    assert encoding == "gb18030"
    with pytest.raises(ValueError, match=r"cannot be read as utf-8.*encoding"):
        ingest.read_log(SAMPLE, encoding="utf-8")
    with pytest.raises(ValueError, match="unknown encoding"):
        ingest.read_log(SAMPLE, encoding="klingon")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    ("会员编号,下单时间,实付金额\r\n".encode("gbk"), "header but no rows"),
    (b"   \n\n", "blank"),
])
def test_empty_and_header_only_files(tmp_path, content, message):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        ingest.read_log(path)


def test_missing_file_wrong_type_damaged_file_and_unknown_sheet(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        ingest.read_log(tmp_path / "nope.csv")
    (tmp_path / "log.json").write_text("{}")
    with pytest.raises(ValueError, match="unknown file type"):
        ingest.read_log(tmp_path / "log.json")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip file at all")
    with pytest.raises(ValueError, match="not a readable .xlsx"):
        ingest.read_log(tmp_path / "bad.xlsx")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 nonsense")
    with pytest.raises(ValueError, match="not a readable Parquet"):
        ingest.read_log(tmp_path / "bad.parquet")
    pd.DataFrame({"a": [1]}).to_excel(tmp_path / "ok.xlsx", index=False, sheet_name="orders")
    with pytest.raises(ValueError, match=r"no sheet 'sales'.*\['orders'\]"):
        ingest.read_log(tmp_path / "ok.xlsx", sheet="sales")


# --- cleaning -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    return ingest.load_log(SAMPLE, **COLUMNS)


def test_every_row_is_kept_or_dropped_for_a_counted_reason(sample):
    clean, quality = sample
    raw, _ = ingest.read_log(SAMPLE)
    assert quality.rows_read == len(raw)
    assert quality.rows_kept == len(clean)
    assert quality.rows_read == len(clean) + quality.dropped
    table = quality.table()
    dropped = table[table["action"] == "dropped"].set_index("step")["rows"]
    for step in ["exact duplicate line", "no customer id", "unreadable date", "amount in another currency",
                 "blank or unreadable amount", "zero amount"]:
        assert dropped[step] > 0, f"the sample log should exercise {step!r}"
    assert all(table.loc[table["rows"] > 0, "examples"] != "")


def test_clean_rows_are_typed_and_returns_kept_negative(sample):
    clean, quality = sample
    assert list(clean.columns) == ["customer", "date", "amount"]
    assert pd.api.types.is_datetime64_any_dtype(clean["date"])
    assert not clean.isna().any().any()
    assert (clean["amount"] != 0).all()
    returns = quality.table().set_index("step").loc["return (negative amount)", "rows"]
    assert (clean["amount"] < 0).sum() == returns > 0
    assert not clean["customer"].str.contains(" ").any()


def test_duplicates_are_exact_lines_only():
    raw = pd.DataFrame({"id": ["1", "1", "2"], "c": ["a", "a", "a"], "d": ["2024/1/1"] * 3, "x": ["5", "5", "5"]})
    clean, quality = ingest.clean_log(raw, "c", "d", "x")
    assert len(clean) == 2  # lines 1 and 2 are one export line twice; line 3 is another order
    assert quality.table().set_index("step").loc["exact duplicate line", "rows"] == 1


def test_missing_column_names_what_the_file_has():
    raw = pd.DataFrame({"会员编号": ["a"], "下单时间": ["2024/1/1"], "金额": ["1"]})
    with pytest.raises(KeyError, match=r"--amount '实付金额'.*'金额'"):
        ingest.clean_log(raw, "会员编号", "下单时间", "实付金额")


def test_a_date_column_of_text_is_an_error():
    raw = pd.DataFrame({"c": ["a", "b"], "d": ["北京", "上海"], "x": ["1", "2"]})
    with pytest.raises(ValueError, match="no parseable dates in column 'd'"):
        ingest.clean_log(raw, "c", "d", "x")


def test_all_amounts_missing_is_an_error():
    raw = pd.DataFrame({"c": ["a", "b"], "d": ["2024/1/1", "2024/1/2"], "x": ["", "n/a"]})
    with pytest.raises(ValueError, match="no readable amounts in column 'x'"):
        ingest.clean_log(raw, "c", "d", "x")


def test_mixed_currency_symbols_are_a_counted_drop_or_an_error():
    raw = pd.DataFrame({"c": list("abcd"), "d": ["2024/1/1"] * 4, "x": ["￥10", "$3", "€2", "12"]})
    clean, quality = ingest.clean_log(raw, "c", "d", "x")
    assert clean["amount"].tolist() == [10.0, 12.0]
    step = quality.table().set_index("step").loc["amount in another currency"]
    assert step["rows"] == 2 and "EUR" in step["detail"] and "USD" in step["detail"]
    only_foreign = pd.DataFrame({"c": list("ab"), "d": ["2024/1/1"] * 2, "x": ["$3", "€2"]})
    with pytest.raises(ValueError, match="none in yuan"):
        ingest.clean_log(only_foreign, "c", "d", "x")


def test_sample_log_is_small_gbk_and_reproducible(tmp_path):
    """The generator rewrites the stored sample byte for byte (also checked by test_datasets)."""
    assert SAMPLE.stat().st_size < 2_000_000
    written = ownlog.write(tmp_path)[0]
    assert hashlib.sha256(written.read_bytes()).digest() == hashlib.sha256(SAMPLE.read_bytes()).digest()
    SAMPLE.read_bytes().decode("gbk")
    assert ownlog.generate(seed=1).shape[1] == len(ownlog.COLUMNS)


@pytest.mark.parametrize("text, codec, column", [
    ("会員番号,購入日,金額\r\nA001,2024/1/1,500\r\nA002,2024/1/2,600\r\n", "shift_jis", "会員番号"),
    ("Kundennummer,Größe,Beträg\r\nA,2024/1/1,5\r\nB,2024/1/2,6\r\n", "cp1252", "Größe"),
])
def test_a_wrong_encoding_guess_is_named_and_the_fix_suggested(tmp_path, text, codec, column):
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode(codec))
    with pytest.raises(KeyError, match=r"read as .* \(detected, not named\).*--encoding"):
        ingest.load_log(path, customer=column, date="x", amount="y")
    raw, used = ingest.read_log(path, encoding=codec)  # named, the header is right
    assert column in raw.columns


def test_header_looks_garbled():
    assert ingest.header_looks_garbled(["夛堳斣崋", "峸擖擔"], "gb18030")  # Shift-JIS bytes read as GB18030
    assert not ingest.header_looks_garbled(["会员编号", "下单时间"], "gb18030")
    assert ingest.header_looks_garbled(["Gr\ufffd\ufffde"], "utf-8")
