"""The per-customer summary of a transaction log, computed by pandas, DuckDB or Spark.

Everything the course's analysis needs from a log of any size is one row per
customer (:data:`SUMMARY_COLUMNS`) and a small cohort table. This module
computes both with one of three engines that give the same tables:

- ``pandas``: in memory; simplest, fine up to a few million rows;
- ``duckdb``: an embedded SQL database (no server) that streams over a
  Parquet file on disk, so 10⁸ rows fit in a few GB of memory;
- ``spark``: Apache Spark (PySpark, optional extra ``spark``) for logs beyond
  one machine; the SparkSession comes from the environment (``local[*]``
  unless a cluster's master is configured, e.g. by ``spark-submit`` or
  ``SPARK_MASTER``).

DuckDB and Spark run the same SQL (:data:`SUMMARY_SQL`); the pandas code does
the same steps with ``groupby``. Counts are exact in all three; sums of money
are rounded to 6 decimals, which removes the last-bit differences of adding
in another order, so the three tables are equal.

The input ``log`` has columns ``customer``, ``day`` (whole days since
1970-01-01), ``month`` (year·12 + month − 1) and ``amount`` (negative for
returns): see :func:`as_log`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.ingest import MISSING_IDS
from helpers.lifecycle import observable_cells

ENGINES = ("pandas", "duckdb", "spark")

SUMMARY_COLUMNS = ["customer", "first_day", "last_day", "purchase_days", "orders", "gross",
                   "first_day_amount", "returns", "returned"]
"""The per-customer summary.

- ``first_day``, ``last_day``: first and last purchase day (days since 1970-01-01);
- ``purchase_days``: days with at least one purchase (BG/NBD counts purchase occasions);
- ``orders``: purchase rows; ``gross``: their total;
- ``first_day_amount``: total bought on the first purchase day;
- ``returns``, ``returned``: return rows and their total (a positive number).

Customers with returns but no purchase in the window are left out.
"""

SUMMARY_SQL = """
WITH window_log AS (
    SELECT customer, day, amount FROM log WHERE day > {start} AND day <= {end}
), days AS (
    SELECT customer, day, SUM(amount) AS bought, COUNT(*) AS orders
    FROM window_log WHERE amount > 0 GROUP BY customer, day
), bought AS (
    SELECT customer, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(*) AS purchase_days,
           SUM(orders) AS orders, SUM(bought) AS gross, min_by(bought, day) AS first_day_amount
    FROM days GROUP BY customer
), returned AS (
    SELECT customer, COUNT(*) AS returns, SUM(-amount) AS returned
    FROM window_log WHERE amount < 0 GROUP BY customer
)
SELECT b.customer, b.first_day, b.last_day, b.purchase_days, b.orders, b.gross, b.first_day_amount,
       COALESCE(r.returns, 0) AS returns, COALESCE(r.returned, 0.0) AS returned
FROM bought b LEFT JOIN returned r ON b.customer = r.customer
"""
"""The per-customer summary in SQL (DuckDB and Spark); ``{start}`` and ``{end}`` are day numbers."""

COHORT_SQL = """
WITH active AS (
    SELECT DISTINCT customer, month FROM log WHERE amount > 0 AND day <= {end}
), first_month AS (
    SELECT customer, MIN(month) AS cohort FROM active GROUP BY customer
)
SELECT f.cohort, a.month - f.cohort AS period, COUNT(*) AS customers
FROM active a JOIN first_month f ON a.customer = f.customer
GROUP BY f.cohort, a.month - f.cohort
"""
"""Customers active (with a purchase) in each month since their first purchase month."""

NO_START = -10**9
MONEY_DECIMALS = 6

ROWS_PER_PASS = 25_000_000
"""Rows of log per DuckDB summary pass (see :func:`summary_passes`)."""


def summary_passes(rows: int) -> int:
    """How many passes DuckDB's per-customer summary of a log of `rows` rows takes.

    The summary's first grouping has one group per (customer, day), nearly
    one per row of a log, so its memory grows with the log. A log of more
    than 25M rows is summarised in several passes over the file, each for
    a share of the customers (see :func:`customer_summary`), so memory
    stays flat. Measured at 10⁸ rows: one pass peaked at 4.1 GB, four at
    2.2 GB, for the same CPU time within the noise (bench/ownlog.py).
    """
    return max(1, -(-int(rows) // ROWS_PER_PASS))


def day_number(date: object) -> int:
    """Whole days since 1970-01-01 of a date."""
    try:
        stamp = pd.Timestamp(date)
    except (TypeError, ValueError):
        raise ValueError(f"expected a date such as '2024-12-31', got {date!r}") from None
    if pd.isna(stamp):
        raise ValueError(f"expected a date such as '2024-12-31', got {date!r}")
    return int(np.datetime64(stamp.tz_localize(None) if stamp.tz else stamp, "D").astype(np.int64))


def as_log(clean: pd.DataFrame) -> pd.DataFrame:
    """The engines' input from a cleaned log (``customer``, ``date``, ``amount``; see helpers.ingest)."""
    dates = pd.to_datetime(clean["date"])
    return pd.DataFrame({
        "customer": clean["customer"].astype(str).to_numpy(dtype=object),
        "day": dates.to_numpy(dtype="datetime64[D]").astype(np.int64),
        "month": (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype=np.int64),
        "amount": clean["amount"].to_numpy(dtype=float),
    })


def _tidy_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Same column types and row order whatever engine produced `table`."""
    table = table[SUMMARY_COLUMNS].copy()
    table["customer"] = table["customer"].astype(str)
    for column in ("first_day", "last_day", "purchase_days", "orders", "returns"):
        table[column] = table[column].astype(np.int64)
    for column in ("gross", "first_day_amount", "returned"):
        # Sums in another order differ in the last bits; rounding to a millionth of the currency
        # unit removes that noise, so that the models downstream get the very same numbers.
        table[column] = table[column].astype(float).round(MONEY_DECIMALS)
    return table.sort_values("customer", kind="stable").reset_index(drop=True)


def _tidy_cohorts(counts: pd.DataFrame) -> pd.DataFrame:
    counts = counts.astype({"cohort": np.int64, "period": np.int64, "customers": np.int64})
    return counts.sort_values(["cohort", "period"]).reset_index(drop=True)


# --------------------------------------------------------------------------
# pandas
# --------------------------------------------------------------------------

def _pandas_summary(log: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    window = log[(log["day"] > start) & (log["day"] <= end)]
    bought = window[window["amount"] > 0]
    daily = (bought.groupby(["customer", "day"], sort=True)["amount"]
             .agg(bought="sum", orders="size").reset_index())
    per_customer = daily.groupby("customer", sort=True)
    table = pd.DataFrame({
        "first_day": per_customer["day"].min(),
        "last_day": per_customer["day"].max(),
        "purchase_days": per_customer.size(),
        "orders": per_customer["orders"].sum(),
        "gross": per_customer["bought"].sum(),
        "first_day_amount": per_customer["bought"].first(),  # days are sorted within a customer
    })
    returned = window[window["amount"] < 0].groupby("customer")["amount"].agg(returns="size", returned="sum")
    table["returns"] = returned["returns"].reindex(table.index, fill_value=0)
    table["returned"] = 0.0 - returned["returned"].reindex(table.index, fill_value=0.0)
    return table.rename_axis("customer").reset_index()


def _pandas_cohorts(log: pd.DataFrame, end: int) -> pd.DataFrame:
    active = log.loc[(log["amount"] > 0) & (log["day"] <= end), ["customer", "month"]].drop_duplicates()
    cohort = active.groupby("customer")["month"].transform("min")
    counts = (active.assign(cohort=cohort, period=active["month"] - cohort)
              .groupby(["cohort", "period"]).size().rename("customers").reset_index())
    return counts


# --------------------------------------------------------------------------
# DuckDB
# --------------------------------------------------------------------------

def duckdb_connection(memory_limit: str | None = None, threads: int | None = None,
                      progress_bar: bool = False) -> object:
    """An in-memory DuckDB connection that spills to a temporary folder when memory runs short.

    DuckDB's own progress bar (drawn on stdout for queries over 2 s) is off
    unless `progress_bar` is true: on stdout it would mix with a command's
    output, and in a notebook it would be a stored output that depends on speed.
    """
    import duckdb

    config = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = threads
    connection = duckdb.connect(":memory:", config=config)
    connection.execute(f"SET enable_progress_bar = {str(bool(progress_bar)).lower()}")
    return connection


_FULL_WIDTH = "".join(chr(code) for code in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF_WIDTH = "".join(chr(code) for code in range(0x21, 0x7F)) + " "
_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def parquet_id_sql(column: str) -> str:
    """SQL for a customer id as :func:`helpers.ingest.clean_log` writes it: full-width made half-width, trimmed.

    Full-width letters, digits and signs (``ＶＩＰ１``) and the ideographic
    space become their ASCII forms, as NFKC does for them; then spaces at
    either end are removed (Python's ``str.strip`` set of spaces).
    """
    return (f"trim(translate(CAST({_quote(column)} AS VARCHAR), {_sql_text(_FULL_WIDTH)}, "
            f"{_sql_text(_HALF_WIDTH)}), {_sql_text(_SPACES)})")


def _text_ids(path: str | Path, customer: str) -> bool:
    """Whether the Parquet file stores `customer` as text (numbers need no cleaning, and stay numbers)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind = pq.read_schema(path).field(customer).type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_dictionary(kind)


def _parquet_conditions(path: str | Path, customer: str, date: str, amount: str) -> dict[str, str]:
    """SQL of :func:`parquet_log_sql` and :func:`parquet_quality`: the id, and the conditions in helpers.ingest's order.

    Text ids are cleaned (:func:`parquet_id_sql`); numeric ids are kept as they
    are, so that grouping stays on numbers (a 10⁸-row log groups faster on them).
    """
    c, d, a = (_quote(name) for name in (customer, date, amount))
    if _text_ids(path, customer):
        cleaned = parquet_id_sql(customer)
        no_id = f"({c} IS NULL OR {cleaned} IN ({', '.join(map(_sql_text, MISSING_IDS))}))"
        changed = f"({c} IS NOT NULL AND {cleaned} <> CAST({c} AS VARCHAR) AND {cleaned} <> '')"
    else:
        cleaned, no_id, changed = c, f"({c} IS NULL)", "FALSE"
    # A NaN or infinite amount is unreadable, as in helpers.ingest (pandas writes NaN as a blank).
    readable = f"({a} IS NOT NULL AND isfinite(CAST({a} AS DOUBLE)))"
    return {"id": cleaned, "has id": f"NOT {no_id}", "no id": no_id, "dated": f"{d} IS NOT NULL",
            "readable": readable, "changed id": changed}


def parquet_log_sql(path: str | Path, customer: str, date: str, amount: str) -> str:
    """A DuckDB SELECT that reads a Parquet log as the engines' ``log`` table, streaming.

    Customer ids are cleaned as :func:`helpers.ingest.clean_log` cleans them
    (:func:`parquet_id_sql`). Rows with no customer id (null, blank or one of
    :data:`helpers.ingest.MISSING_IDS`), no date, a missing or non-finite
    amount, and zero amounts are left out here; :func:`parquet_quality`
    counts them.
    """
    source = "read_parquet(" + _sql_text(str(path)) + ")"
    d, a = _quote(date), _quote(amount)
    rule = _parquet_conditions(path, customer, date, amount)
    return (f"SELECT {rule['id']} AS customer, "
            f"CAST(CAST({d} AS DATE) - DATE '1970-01-01' AS BIGINT) AS day, "
            f"year(CAST({d} AS DATE)) * 12 + month(CAST({d} AS DATE)) - 1 AS month, "
            f"CAST({a} AS DOUBLE) AS amount FROM {source} "
            f"WHERE {rule['has id']} AND {rule['dated']} AND {rule['readable']} AND {a} <> 0")


PARQUET_QUALITY_KEYS = ("rows", "customer id with stray spaces", "no customer id", "missing date",
                        "missing amount", "zero amount", "returns")
"""The counts of :func:`parquet_quality`, in order."""


def parquet_quality(connection: object, path: str | Path, customer: str, date: str, amount: str) -> dict[str, int]:
    """Rows read and rows :func:`parquet_log_sql` changes or leaves out, by reason (one pass over the file).

    The reasons are counted in :func:`helpers.ingest.clean_log`'s order, each
    among the rows that the earlier ones kept, so the counts agree with the
    pandas path on the same file (exact duplicate lines are not checked here).
    """
    source = "read_parquet(" + _sql_text(str(path)) + ")"
    a = _quote(amount)
    rule = _parquet_conditions(path, customer, date, amount)
    usable = f"{rule['has id']} AND {rule['dated']}"
    row = connection.execute(
        f"SELECT COUNT(*), COUNT(*) FILTER ({rule['changed id']}), COUNT(*) FILTER ({rule['no id']}), "
        f"COUNT(*) FILTER ({rule['has id']} AND NOT {rule['dated']}), "
        f"COUNT(*) FILTER ({usable} AND NOT {rule['readable']}), "
        f"COUNT(*) FILTER ({usable} AND {rule['readable']} AND {a} = 0), "
        f"COUNT(*) FILTER ({usable} AND {rule['readable']} AND {a} < 0) FROM {source}").fetchone()
    return dict(zip(PARQUET_QUALITY_KEYS, (int(v) for v in row), strict=True))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _duckdb_run(log: pd.DataFrame | str, sql: str, connection: object | None, passes: int = 1) -> pd.DataFrame:
    """Run `sql` over the view ``log``; with several `passes`, once per share of the customers.

    Each pass sees only the customers whose hash falls in its share, so the
    per-customer results of the passes simply stack up.
    """
    con = connection if connection is not None else duckdb_connection()
    if isinstance(log, str):
        source = f"({log})"
    else:
        con.register("log_frame", log)
        source = "log_frame"
    try:
        tables = []
        for part in range(passes):
            share = f" WHERE hash(customer) % {passes} = {part}" if passes > 1 else ""
            con.execute(f"CREATE OR REPLACE TEMP VIEW log AS SELECT * FROM {source}{share}")
            tables.append(con.execute(sql).df())
        return tables[0] if passes == 1 else pd.concat(tables, ignore_index=True)
    finally:
        if not isinstance(log, str):
            con.execute("DROP VIEW IF EXISTS log")
            con.unregister("log_frame")


# --------------------------------------------------------------------------
# Spark
# --------------------------------------------------------------------------

def spark_available() -> tuple[bool, str]:
    """(True, "") when PySpark and a Java runtime are installed, else (False, the reason)."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None:
        return False, "PySpark is not installed (pip install 'crm-workbook[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return False, "no Java runtime (Debian: apt-get install -y openjdk-17-jre-headless)"
    return True, ""


def spark_session() -> object:
    """The active SparkSession, or a new one: the master from ``SPARK_MASTER``, else ``local[*]``."""
    ok, reason = spark_available()
    if not ok:
        raise ValueError(f"--engine spark needs Spark: {reason}")
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = (SparkSession.builder.appName("crm-workbook report")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "8")))
    if "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master(os.environ.get("SPARK_MASTER", "local[*]"))
    return builder.getOrCreate()


def _spark_run(log: pd.DataFrame, sql: str) -> pd.DataFrame:
    from pyspark.sql import types as T

    spark = spark_session()
    schema = T.StructType([T.StructField("customer", T.StringType()), T.StructField("day", T.LongType()),
                           T.StructField("month", T.LongType()), T.StructField("amount", T.DoubleType())])
    records = list(zip(log["customer"].tolist(), log["day"].tolist(), log["month"].tolist(),
                       log["amount"].tolist(), strict=True))
    spark.createDataFrame(records, schema).createOrReplaceTempView("log")
    result = spark.sql(sql)
    return pd.DataFrame([tuple(row) for row in result.collect()], columns=result.columns)


# --------------------------------------------------------------------------
# The public functions
# --------------------------------------------------------------------------

def _runner(engine: str) -> Callable[..., pd.DataFrame]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return {"duckdb": _duckdb_run,
            "spark": lambda log, sql, con, passes=1: _spark_run(log, sql)}.get(engine, None)


def _checked_runner(log: pd.DataFrame | str, engine: str, passes: int) -> Callable[..., pd.DataFrame] | None:
    """The runner of `engine` (None: pandas), after checking that it can take `log` in `passes` passes."""
    runner = _runner(engine)
    if isinstance(log, str) and engine != "duckdb":
        raise ValueError("a SQL log (streamed Parquet) needs engine='duckdb'")
    if not isinstance(passes, int) or passes < 1:
        raise ValueError(f"passes must be a whole number ≥ 1, got {passes!r}")
    return runner


def customer_summary(log: pd.DataFrame | str, end: int, start: int = NO_START, engine: str = "pandas",
                     connection: object | None = None, passes: int = 1) -> pd.DataFrame:
    """One row per customer who bought in the window (start, end]: see :data:`SUMMARY_COLUMNS`.

    Parameters
    ----------
    log : pandas.DataFrame or str
        The engines' log (:func:`as_log`), or, for DuckDB only, a SELECT
        that produces it (:func:`parquet_log_sql`), so that the file is
        streamed rather than loaded.
    end, start : int
        Day numbers: rows with start < day <= end count.
    engine : {"pandas", "duckdb", "spark"}
    connection : duckdb connection, optional
        Reused by the DuckDB engine (e.g. with a memory limit).
    passes : int
        DuckDB only: summarise the customers in this many shares, one pass
        over the log each (:func:`summary_passes` gives the number for a
        log's size); the result is the same.

    Returns
    -------
    pandas.DataFrame
        Sorted by customer (as text), with :data:`SUMMARY_COLUMNS`.
    """
    runner = _checked_runner(log, engine, passes)
    if runner is None:
        return _tidy_summary(_pandas_summary(log, int(start), int(end)))
    sql = SUMMARY_SQL.format(start=int(start), end=int(end))
    return _tidy_summary(runner(log, sql, connection, passes))


NET_SQL = """
SELECT customer, SUM(amount) AS net FROM log WHERE day > {start} AND day <= {end} GROUP BY customer
"""
"""Net amount (purchases minus returns) per customer in a window, returns-only customers included."""


def net_by_customer(log: pd.DataFrame | str, end: int, start: int = NO_START, engine: str = "pandas",
                    connection: object | None = None, passes: int = 1) -> pd.Series:
    """Net amount (purchases − returns) of each customer with a row in the window (start, end].

    Unlike :func:`customer_summary`, a customer whose only rows in the window
    are returns is here, with a negative amount. Sorted by customer; money
    rounded to 6 decimals as in the summary.
    """
    runner = _checked_runner(log, engine, passes)
    if runner is None:
        window = log[(log["day"] > int(start)) & (log["day"] <= int(end))]
        table = window.groupby("customer", sort=True)["amount"].sum().rename("net").reset_index()
    else:
        table = runner(log, NET_SQL.format(start=int(start), end=int(end)), connection, passes)
    table = table.astype({"customer": str}).sort_values("customer", kind="stable")
    return table.set_index("customer")["net"].astype(float).round(MONEY_DECIMALS)


def cohort_counts(log: pd.DataFrame | str, end: int, engine: str = "pandas",
                  connection: object | None = None) -> pd.DataFrame:
    """Customers with a purchase in each month since their first month: ``cohort, period, customers``.

    ``cohort`` is the first purchase month as year·12 + month − 1; ``period``
    counts months since then. :func:`cohort_matrix` turns it into the usual
    triangle.
    """
    runner = _runner(engine)
    if runner is None:
        return _tidy_cohorts(_pandas_cohorts(log, int(end)))
    return _tidy_cohorts(runner(log, COHORT_SQL.format(end=int(end)), connection, 1))


def cohort_matrix(counts: pd.DataFrame, end: int) -> pd.DataFrame:
    """Cohort × months-since-first-purchase table of customer counts, like ``lifecycle.cohort_table``.

    Cells after `end` (not yet observable) are missing; column 0 is the cohort size.
    When `end` is not the last day of its month, that month is seen only in
    part and its cells are missing too, except the size of the cohort acquired in it.
    """
    end_date = pd.Timestamp(np.datetime64(int(end), "D"))
    last = end_date.year * 12 + end_date.month - 1
    full = last if end_date.is_month_end else last - 1
    if counts.empty:
        return pd.DataFrame()
    cohorts = np.arange(counts["cohort"].min(), last + 1)
    periods = np.arange(0, last - counts["cohort"].min() + 1)
    table = (counts.pivot(index="cohort", columns="period", values="customers")
             .reindex(index=cohorts, columns=periods).fillna(0).astype("Int64"))
    table = table.where(observable_cells(cohorts, periods, last, full))
    table = table[table[0] > 0]
    table.index = pd.PeriodIndex.from_ordinals(table.index.to_numpy() - 1970 * 12, freq="M")
    table.index.name = "cohort"
    table.columns = pd.Index(periods.tolist(), name="period")
    return table
