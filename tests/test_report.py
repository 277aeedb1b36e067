"""python -m helpers.report and helpers.engine: the same numbers whatever the engine, clear errors on bad input.

The per-customer summary is checked against the course's own helpers
(``clv.summary``, ``rfm.rfm_table``, ``lifecycle.cohort_table``), whose
definitions follow Fader, Hardie & Lee (2005) for frequency/recency/T.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import clv, engine, ingest, report, rfm
from helpers.datasets import ownlog
from helpers.lifecycle import cohort_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ownlog.path()
ARGS = ["--customer", "会员编号", "--date", "下单时间", "--amount", "实付金额"]
CHAPTER = ROOT / "notebooks" / "05_your_own_data.ipynb"


def synthetic_log(rows: int = 100_000, customers: int = 8_000, seed: int = 5) -> pd.DataFrame:
    """A clean log with same-day purchases, returns and customers who only returned something."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"C{i:05d}" for i in range(customers)])
    customer = ids[np.minimum(rng.geometric(1 / 12, rows) + rng.integers(0, customers, rows), customers - 1)]
    date = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, rows), unit="D")
    amount = np.round(rng.gamma(2.0, 80.0, rows), 2)
    amount[rng.random(rows) < 0.05] *= -1
    return pd.DataFrame({"customer": customer, "date": date, "amount": amount})


@pytest.fixture(scope="module")
def log_100k():
    clean = synthetic_log()
    return clean, engine.as_log(clean)


def assert_same_summary(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Counts exact, money to 1e-9 (relative)."""
    assert list(a["customer"]) == list(b["customer"])
    for column in ("first_day", "last_day", "purchase_days", "orders", "returns"):
        assert (a[column].to_numpy() == b[column].to_numpy()).all(), column
    for column in ("gross", "first_day_amount", "returned"):
        np.testing.assert_allclose(a[column], b[column], rtol=1e-9, atol=1e-9, err_msg=column)


# --- engines ------------------------------------------------------------------------------------

def test_pandas_and_duckdb_agree_on_100k_rows(log_100k):
    _, log = log_100k
    end = int(log["day"].max())
    for start in (engine.NO_START, end - 200):
        assert_same_summary(engine.customer_summary(log, end, start=start, engine="pandas"),
                            engine.customer_summary(log, end, start=start, engine="duckdb"))
    pd.testing.assert_frame_equal(engine.cohort_counts(log, end, engine="pandas"),
                                  engine.cohort_counts(log, end, engine="duckdb"))


def test_duckdb_summary_in_several_passes_is_the_same(log_100k):
    """A big log is summarised one share of the customers at a time; the table must not change."""
    _, log = log_100k
    end = int(log["day"].max())
    one_pass = engine.customer_summary(log, end, engine="duckdb")
    pd.testing.assert_frame_equal(engine.customer_summary(log, end, engine="duckdb", passes=3), one_pass)
    assert engine.summary_passes(10**6) == 1
    assert engine.summary_passes(10**8) == 100_000_000 // engine.ROWS_PER_PASS
    with pytest.raises(ValueError, match="passes must be a whole number"):
        engine.customer_summary(log, end, engine="duckdb", passes=0)


def test_summary_matches_the_course_helpers(log_100k):
    clean, log = log_100k
    end = int(log["day"].max()) - 30
    asof = pd.Timestamp(np.datetime64(end, "D"))
    summary = engine.customer_summary(log, end)
    purchases = clean[clean["amount"] > 0]
    ours = report.repeat_summary(summary, end).set_index("customer")
    theirs = clv.summary(purchases, "customer", "date", "amount", end=asof, freq="W")
    theirs.index = theirs.index.astype(str)
    pd.testing.assert_frame_equal(ours, theirs, check_names=False, check_dtype=False, rtol=1e-9)
    rfm_in = rfm.rfm_table(purchases, "customer", "date", "amount", asof=asof)
    assert (rfm_in["frequency"].to_numpy() == summary["orders"].to_numpy()).all()
    assert (rfm_in["recency"].to_numpy() == end - summary["last_day"].to_numpy()).all()
    for cut in (end, end - 10):  # a month's last day, and a day inside a month (that month only partly seen)
        matrix = engine.cohort_matrix(engine.cohort_counts(log, cut), cut)
        expected = cohort_table(purchases, "customer", "date", values="count", end=pd.Timestamp(np.datetime64(cut, "D")))
        pd.testing.assert_frame_equal(matrix, expected, check_dtype=False, check_names=False,
                                      check_index_type=False, check_column_type=False)


def test_unknown_engine_is_named():
    with pytest.raises(ValueError, match="unknown engine 'polars'; choose one of pandas, duckdb, spark"):
        engine.customer_summary(pd.DataFrame(columns=["customer", "day", "month", "amount"]), 0, engine="polars")


@pytest.mark.spark
def test_spark_agrees_with_pandas_on_100k_rows(log_100k):
    ok, reason = engine.spark_available()
    if not ok:
        pytest.skip(f"Spark engine not tested: {reason}")
    _, log = log_100k
    end = int(log["day"].max())
    with warnings.catch_warnings():
        # PySpark 4.3 warns that it "does not yet fully support pandas >= 3.0.0"; toPandas is not used here.
        warnings.filterwarnings("ignore", category=FutureWarning)
        spark = engine.customer_summary(log, end, engine="spark")
        cohorts = engine.cohort_counts(log, end, engine="spark")
    assert_same_summary(engine.customer_summary(log, end, engine="pandas"), spark)
    pd.testing.assert_frame_equal(engine.cohort_counts(log, end, engine="pandas"), cohorts)


# --- the command --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    done = subprocess.run([sys.executable, "-m", "helpers.report", str(SAMPLE), *ARGS, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    return done, out


@pytest.mark.slow  # runs python -m helpers.report
def test_command_writes_the_report_and_customers_csv(sample_run):
    done, out = sample_run
    assert done.returncode == 0, done.stderr
    assert "[report] summarising per customer" in done.stderr  # progress on long steps
    customers = pd.read_csv(out / "customers.csv")
    assert list(customers.columns) == report.CUSTOMER_COLUMNS
    assert customers["customer"].is_unique
    assert customers[["p_alive"]].stack().between(0, 1).all()
    assert (customers["clv_12m"] >= 0).all() and (customers["frequency"] >= 0).all()
    assert set(customers["segment"]) <= set(rfm.SEGMENT_ORDER)
    page = (out / "report.html").read_text(encoding="utf-8")
    for heading in ("Data quality", "Pareto", "Cohort retention", "RFM segments", "BG/NBD",
                    "calibration and holdout", "Top customers by 12-month CLV", "The columns of customers.csv"):
        assert heading in page
    assert "Net revenue in the holdout" in page and "95 % customer-bootstrap interval" in page
    assert "Expected <b>net</b> revenue of the next 12 months" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the page must not load anything from outside"
    assert page.count("data:image/png;base64,") >= 3


@pytest.mark.slow  # runs python -m helpers.report
def test_customers_csv_matches_the_analysis_in_memory(sample_run):
    _, out = sample_run
    analysis = report.analyse(SAMPLE, "会员编号", "下单时间", "实付金额", progress=lambda _: None)
    stored = pd.read_csv(out / "customers.csv", dtype={"customer": str})
    pd.testing.assert_frame_equal(stored, analysis.customers, check_dtype=False, rtol=1e-12)
    clean, quality = ingest.load_log(SAMPLE, "会员编号", "下单时间", "实付金额")
    assert analysis.quality.rows_kept == quality.rows_kept == len(clean)
    # The page's standard errors are those of the fitted sample (here every customer), as chapter 05 prints them.
    page = (out / "report.html").read_text(encoding="utf-8")
    log = engine.as_log(clean)
    asof = int(log["day"].max())
    rft = report.repeat_summary(engine.customer_summary(log, asof), asof)
    errors = {**clv.bgnbd_standard_errors(analysis.bgnbd, rft["frequency"], rft["recency"], rft["T"]),
              **clv.gamma_gamma_standard_errors(analysis.gamma_gamma, rft["frequency"], rft["monetary_value"])}
    assert analysis.standard_errors == pytest.approx(errors, rel=1e-9)
    estimates = {**analysis.bgnbd, **analysis.gamma_gamma}
    for name in errors:
        assert f"<th>{name}</th>\n      <td>{estimates[name]:,.3f}</td>\n      <td>{errors[name]:,.3f}</td>" in page


def test_typed_parquet_streamed_by_duckdb_gives_the_same_customers(tmp_path, log_100k):
    clean, _ = log_100k
    clean.head(30_000).to_parquet(tmp_path / "log.parquet")
    clean.head(30_000).to_csv(tmp_path / "log.csv", index=False)
    streamed = report.analyse(tmp_path / "log.parquet", "customer", "date", "amount", engine_name="duckdb",
                              progress=lambda _: None)
    in_memory = report.analyse(tmp_path / "log.csv", "customer", "date", "amount", engine_name="pandas",
                               progress=lambda _: None)
    assert streamed.engine == "duckdb" and streamed.quality.encoding == "parquet"
    pd.testing.assert_frame_equal(streamed.customers, in_memory.customers, rtol=1e-9)


def test_numeric_ids_in_parquet_stay_numbers_for_duckdb(tmp_path, log_100k):
    # The 10⁸-row bench log has int64 ids: they need no text cleaning, and grouping on numbers is faster.
    clean, _ = log_100k
    frame = clean.head(30_000).assign(customer=lambda f: f["customer"].str[1:].astype("int64"))
    frame.to_parquet(tmp_path / "log.parquet")
    sql = engine.parquet_log_sql(tmp_path / "log.parquet", "customer", "date", "amount")
    assert "translate" not in sql and "VARCHAR" not in sql
    log = engine.as_log(frame.astype({"customer": str}))
    end = int(log["day"].max())
    assert_same_summary(engine.customer_summary(sql, end, engine="duckdb"), engine.customer_summary(log, end))


def test_typed_parquet_with_blank_and_padded_ids_gives_the_same_customers_and_counts(tmp_path):
    """Blank, null-word and space-padded ids: DuckDB's streamed path cleans and counts them as helpers.ingest does."""
    clean, _ = ingest.load_log(SAMPLE, "会员编号", "下单时间", "实付金额")
    frame = clean.head(4_000).astype({"customer": object}).reset_index(drop=True)
    customer = frame["customer"].to_numpy(dtype=object, copy=True)
    customer[:40] = ""                                         # blank: no customer
    customer[40:50] = None                                     # null: no customer
    customer[50:70] = [f" {c} " for c in customer[50:70]]      # the same customers, padded
    customer[70:75] = "null"                                   # a null word an export wrote
    customer[75:80] = "ＶＩＰ１０００７"                         # full-width: VIP10007
    frame["customer"] = customer
    frame["order"] = np.arange(len(frame))  # an order number: no exact duplicate lines (DuckDB does not check them)
    frame.loc[100:109, "amount"] = 0.0
    frame.loc[110:114, "amount"] = np.nan
    frame.loc[120:125, "date"] = pd.NaT
    frame.to_parquet(tmp_path / "log.parquet")
    asof = (frame["date"].max() - pd.Timedelta(days=20)).date().isoformat()  # some rows after it
    runs = {name: report.analyse(tmp_path / "log.parquet", "customer", "date", "amount", engine_name=name,
                                 asof=asof, progress=lambda _: None) for name in ("pandas", "duckdb")}
    assert runs["duckdb"].quality.encoding == "parquet"  # streamed, not read into pandas
    pd.testing.assert_frame_equal(runs["duckdb"].customers, runs["pandas"].customers, rtol=1e-9)
    ids = set(runs["duckdb"].customers["customer"])
    assert "" not in ids and not any(i != i.strip() for i in ids) and "ＶＩＰ１０００７" not in ids
    counts = {name: run.quality.table().set_index("step")["rows"] for name, run in runs.items()}
    for step, rows in [("customer id with stray spaces", 25), ("no customer id", 55), ("unreadable date", 6),
                       ("blank or unreadable amount", 5), ("zero amount", 10), ("after the analysis date", None),
                       ("return (negative amount)", None)]:
        assert counts["duckdb"][step] == counts["pandas"][step], step
        assert rows is None or counts["duckdb"][step] == rows, step
    assert counts["duckdb"]["after the analysis date"] > 0
    assert runs["duckdb"].quality.rows_kept == runs["pandas"].quality.rows_kept


def run_main(args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = report.main(args)
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if not line.startswith("[report]")]


@pytest.fixture
def gbk_file(tmp_path):
    def make(text: str, name: str = "log.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("gb18030"))  # GBK lacks €
        return path
    return make


HEADER = "会员编号,下单时间,实付金额\r\n"


@pytest.mark.parametrize("case, content, extra, message", [
    ("missing column", "会员编号,日期,实付金额\r\nA,2024/1/1,5\r\n", [], "column(s) not in the file: --date '下单时间'"),
    ("no parseable dates", HEADER + "A,北京,5\r\nB,上海,6\r\n", [], "no parseable dates in column '下单时间'"),
    ("all amounts missing", HEADER + "A,2024/1/1,\r\nB,2024/1/2,无\r\n", [], "no readable amounts"),
    ("unknown engine", HEADER + "A,2024/1/1,5\r\n", ["--engine", "polars"], "unknown engine 'polars'"),
    ("wrong encoding named", HEADER + "A,2024/1/1,5\r\n", ["--encoding", "utf-8"], "cannot be read as utf-8"),
    ("empty file", "", [], "is empty"),
    ("header only", HEADER, [], "header but no rows"),
    ("only foreign money", HEADER + "A,2024/1/1,$5\r\nB,2024/1/2,€6\r\n", [], "none in yuan"),
    ("too few customers", HEADER + "A,2024/1/1,5\r\nA,2024/2/1,6\r\n", [], "needs at least 10"),
    ("asof before the data", HEADER + "A,2024/1/1,5\r\n", ["--asof", "2020-01-01"], "before the first purchase"),
])
def test_bad_input_gives_one_clear_line_and_a_nonzero_exit(gbk_file, tmp_path, capsys, case, content, extra, message):
    path = gbk_file(content)
    code, lines = run_main([str(path), *ARGS, "--out", str(tmp_path / "out"), *extra], capsys)
    assert code == 1, case
    assert len(lines) == 1 and lines[0].startswith("helpers.report: error:"), lines
    assert message in lines[0], lines[0]


def test_missing_and_unreadable_files(tmp_path, capsys):
    code, lines = run_main([str(tmp_path / "nope.csv"), *ARGS, "--out", str(tmp_path)], capsys)
    assert code == 1 and "not found" in lines[0]
    (tmp_path / "bad.parquet").write_bytes(b"garbage")
    code, lines = run_main([str(tmp_path / "bad.parquet"), *ARGS, "--out", str(tmp_path)], capsys)
    assert code == 1 and len(lines) == 1 and "not a readable Parquet file" in lines[0]


def test_mixed_currency_rows_are_dropped_counted_and_reported(tmp_path, capsys):
    rows = pd.read_csv(SAMPLE, encoding="gbk", dtype=str, keep_default_na=False).head(3000)
    rows.loc[:4, "实付金额"] = ["$5.00", "€3", "US$7", "HK$1", "$2"]
    path = tmp_path / "mixed.csv"
    path.write_bytes(rows.to_csv(index=False).encode("gb18030"))
    code, _ = run_main([str(path), *ARGS, "--out", str(tmp_path / "out")], capsys)
    assert code == 0
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "amount in another currency" in page and "EUR, HKD, USD" in page


# --- the chapter -------------------------------------------------------------------------------

def stored_text(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))


@pytest.mark.skipif(not CHAPTER.exists(), reason="chapter 05 not written yet")
@pytest.mark.slow  # runs python -m helpers.report
def test_chapter_numbers_match_the_command(sample_run):
    """The chapter prints the totals of customers.csv that the command writes."""
    _, out = sample_run
    customers = pd.read_csv(out / "customers.csv")
    text = stored_text(CHAPTER)
    assert f"{len(customers):,} customers" in text
    assert f"total 12-month CLV: {customers['clv_12m'].sum():,.0f} yuan" in text
    assert f"mean P(alive): {customers['p_alive'].mean():.3f}" in text


@pytest.fixture(scope="module")
def sample_model():
    clean, _ = ingest.load_log(SAMPLE, "会员编号", "下单时间", "实付金额")
    log = engine.as_log(clean)
    asof = int(log["day"].max())
    summary = engine.customer_summary(log, asof)
    bgnbd, gamma_gamma = report.fit_models(report.repeat_summary(summary, asof))
    return log, asof, summary, bgnbd, gamma_gamma


def test_clv_is_net_of_the_share_of_gross_spend_returned(sample_model):
    """clv_12m = the Gamma-Gamma (gross) CLV × (1 − Σ returned / Σ gross); monetary_value stays gross."""
    _, asof, summary, bgnbd, gamma_gamma = sample_model
    share = report.return_share(summary)
    assert share == pytest.approx(summary["returned"].sum() / summary["gross"].sum())
    assert 0.02 < share < 0.08  # the sample's returns: whole orders, 4 % of them
    net = report.score_customers(summary, asof, bgnbd, gamma_gamma)
    gross = report.score_customers(summary, asof, bgnbd, gamma_gamma, returned_share=0.0)
    np.testing.assert_allclose(net["clv_12m"], gross["clv_12m"] * (1 - share), rtol=1e-12)
    pd.testing.assert_frame_equal(net.drop(columns="clv_12m"), gross.drop(columns="clv_12m"))
    rft = report.repeat_summary(summary, asof)
    np.testing.assert_allclose(net["monetary_value"], rft["monetary_value"])
    with pytest.raises(ValueError, match="returned_share must be in"):
        report.score_customers(summary, asof, bgnbd, gamma_gamma, returned_share=1.0)


def test_holdout_check_judges_purchases_and_net_revenue_with_bootstrap_intervals(sample_model):
    log, asof, *_ = sample_model
    _, totals, end = report.holdout_check(log, asof, 91, "pandas")
    # The actual net revenue: every row (purchases and returns) of the calibration customers in the holdout.
    calibration = engine.customer_summary(log, end)
    window = log[(log["day"] > end) & (log["day"] <= asof) & log["customer"].isin(calibration["customer"])]
    assert totals["revenue_actual"] == pytest.approx(window["amount"].sum())
    assert totals["revenue_actual_gross"] == pytest.approx(window.loc[window["amount"] > 0, "amount"].sum())
    assert totals["return_share"] == pytest.approx(report.return_share(calibration))
    for name in ("", "revenue_"):
        error = totals[f"{name}predicted"] / totals[f"{name}actual"] - 1
        assert totals[f"{name}error_low"] < error < totals[f"{name}error_high"]
    again = report.holdout_check(log, asof, 91, "pandas")[1]
    assert again == totals  # seeded: the same intervals every run
    duckdb = report.holdout_check(log, asof, 91, "duckdb")[1]
    assert duckdb == pytest.approx(totals, rel=1e-9)


def test_bootstrap_interval_of_a_total_error():
    rng = np.random.default_rng(3)
    actual = rng.poisson(2.0, 5_000).astype(float)
    low, high = report.bootstrap_relative_error(actual * 1.0, actual)
    assert low == high == pytest.approx(0.0)  # a perfect forecast has no error to resample
    predicted = np.full(5_000, 2.0)
    low, high = report.bootstrap_relative_error(predicted, actual)
    error = predicted.sum() / actual.sum() - 1
    se = np.sqrt(actual.var() / len(actual)) / actual.mean()  # delta method, about
    assert low < error < high and high - low == pytest.approx(2 * 1.96 * se, rel=0.15)
    assert report.bootstrap_relative_error(predicted, actual) == (low, high)


def test_bootstrap_of_many_customers_resamples_random_groups_with_the_same_width(monkeypatch):
    rng = np.random.default_rng(4)
    actual = rng.poisson(2.0, 20_000).astype(float)
    predicted = np.full(20_000, 2.0)
    full = report.bootstrap_relative_error(predicted, actual, draws=1_000)
    monkeypatch.setattr(report, "BOOTSTRAP_UNITS", 2_000)
    grouped = report.bootstrap_relative_error(predicted, actual, draws=1_000)
    assert grouped[1] - grouped[0] == pytest.approx(full[1] - full[0], rel=0.15)


def test_page_explains_every_column_of_customers_csv():
    explained = ", ".join(report.COLUMN_NOTES["column"]).split(", ")
    assert explained == report.CUSTOMER_COLUMNS
    recency = report.COLUMN_NOTES.set_index("column").loc["recency", "meaning"]
    assert "weeks from the first to the last purchase" in recency and "NOT days since" in recency


def test_models_are_fitted_on_all_customers_or_one_seeded_sample():
    rft = pd.DataFrame({"frequency": range(10)})
    assert report._fitted_customers(rft, size=10) is rft
    sample = report._fitted_customers(rft, size=4)
    assert len(sample) == 4 and sample.index.is_monotonic_increasing
    assert sample.equals(report._fitted_customers(rft, size=4))  # the same rows for the fit and its standard errors


def test_beyond_the_sample_size_models_and_standard_errors_come_from_one_sample(monkeypatch):
    # What a log of more than FIT_SAMPLE customers gets (the 10⁸-row bench file has 5M), at a size a test takes.
    monkeypatch.setattr(report, "FIT_SAMPLE", 1_000)
    analysis = report.analyse(SAMPLE, "会员编号", "下单时间", "实付金额", progress=lambda _: None)
    clean, _ = ingest.load_log(SAMPLE, "会员编号", "下单时间", "实付金额")
    log = engine.as_log(clean)
    asof = int(log["day"].max())
    rft = report.repeat_summary(engine.customer_summary(log, asof), asof)
    assert len(analysis.customers) == len(rft) > 1_000  # everyone is scored
    assert f"models fitted on a random sample of 1,000 of {len(rft):,} customers" in " ".join(analysis.notes)
    sample = report._fitted_customers(rft)
    assert len(sample) == 1_000
    assert analysis.bgnbd == pytest.approx(clv.fit_bgnbd(sample["frequency"], sample["recency"], sample["T"]))
    errors = clv.bgnbd_standard_errors(analysis.bgnbd, sample["frequency"], sample["recency"], sample["T"])
    assert {name: analysis.standard_errors[name] for name in errors} == pytest.approx(errors, rel=1e-9)
    full = clv.bgnbd_standard_errors(clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"]),
                                     rft["frequency"], rft["recency"], rft["T"])
    assert all(errors[name] > full[name] for name in errors)  # the sample's precision, not the whole log's


def test_duckdb_progress_bar_is_off_unless_asked():
    setting = "SELECT current_setting('enable_progress_bar')"
    assert engine.duckdb_connection().execute(setting).fetchone()[0] is False
    assert engine.duckdb_connection(progress_bar=True).execute(setting).fetchone()[0] is True
