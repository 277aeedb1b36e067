"""``python -m helpers.report``: the course's analysis of your own transaction log, as one page.

Usage::

    python -m helpers.report LOG --customer COL --date COL --amount COL --out DIR
                             [--engine pandas|duckdb|spark] [--asof DATE]
                             [--encoding ENC] [--sheet NAME]

reads a CSV (any encoding; GBK/GB18030 detected), Excel or Parquet log,
cleans it (:mod:`helpers.ingest`, every dropped row counted), summarises it
per customer (:mod:`helpers.engine`: pandas, DuckDB or Spark) and runs the
course's analysis on the summary:

- Pareto share and Lorenz curve of net revenue (:mod:`helpers.pareto`);
- monthly acquisition cohorts and their retention;
- RFM scores and segments (:mod:`helpers.rfm`);
- BG/NBD and Gamma-Gamma (:mod:`helpers.clv`): P(alive), expected purchases
  and 12-month customer lifetime value (客户终生价值) per customer, with the
  chapter 02 diagnostics: fitted on a calibration period, judged on the
  holdout period that follows, by calibration frequency.

It writes ``DIR/report.html`` (one self-contained page: figures embedded as
PNG, no request leaves the machine) and ``DIR/customers.csv`` with the columns
of :data:`CUSTOMER_COLUMNS`. Bad input stops it with one line naming the
problem and a non-zero exit status.

Conventions (the same as chapter 02 and chapter 05):

- ``frequency`` = repeat purchase *days* (BG/NBD's x), ``recency`` (t_x) and
  ``T`` in weeks; ``monetary_value`` = mean amount of the repeat purchase days;
- returns are not purchase occasions; RFM's M and the Pareto analysis use
  net revenue (purchases minus returns);
- the analysis date (``--asof``) is the last day of the log unless given;
  RFM recency counts days from the last purchase to it;
- CLV is net revenue, not margin: 12 months of 4.345 weeks, discounted at 1 %
  a month, valued at the Gamma-Gamma expected *gross* spend per purchase day
  (the model describes what is bought) times (1 − the share of gross spend
  returned in the log), one share for everyone (:func:`return_share`);
- ``recency`` in customers.csv is BG/NBD's t_x (weeks from the first to the
  last purchase), not days since the last purchase (that is what R scores).
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import clv, engine, ingest, pareto, rfm

CUSTOMER_COLUMNS = ["customer", "first_purchase", "last_purchase", "frequency", "recency", "T",
                    "monetary_value", "R", "F", "M", "segment", "p_alive", "expected_purchases_12m", "clv_12m"]
"""The columns of ``customers.csv``, in order."""

WEEKS_PER_YEAR = 12 * clv.WEEKS_PER_MONTH
HOLDOUT_DAYS = 182
"""Length of the holdout period of the fit diagnostics: 26 weeks (less for a short log)."""
FIT_SAMPLE = 200_000
"""Above this many customers the models are fitted on a seeded random sample of this size, then score everyone."""
SAMPLE_SEED = 20250505
PANDAS_ROW_LIMIT = 5_000_000
"""``--engine`` defaults to pandas below this many rows (or this much Parquet), DuckDB above."""
STREAM_PARQUET_BYTES = 100_000_000
DISCOUNT = 0.01
TOP = 20
BOOTSTRAP_DRAWS = 2000
BOOTSTRAP_UNITS = 50_000
"""Beyond this many customers the bootstrap resamples this many random groups of customers (same variance)."""


@dataclass
class Analysis:
    """Everything the report shows, computed once."""

    customers: pd.DataFrame
    quality: ingest.Quality
    engine: str
    asof: pd.Timestamp
    net_revenue: pd.Series
    cohorts: pd.DataFrame
    segments: pd.DataFrame
    bgnbd: dict[str, float]
    gamma_gamma: dict[str, float]
    standard_errors: dict[str, float]
    holdout: pd.DataFrame
    holdout_totals: dict[str, float]
    calibration_end: pd.Timestamp
    return_share: float = 0.0
    notes: list[str] = field(default_factory=list)


def _say(message: str) -> None:
    print(f"[report] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# From the per-customer summary to the models' inputs
# --------------------------------------------------------------------------

def repeat_summary(summary: pd.DataFrame, asof_day: int) -> pd.DataFrame:
    """BG/NBD's frequency, recency, T (weeks) and monetary_value from an engine summary.

    Equal to ``clv.summary(purchases, ..., end=asof, freq="W")`` on the
    purchase rows (amount > 0) of the same log.
    """
    frequency = summary["purchase_days"] - 1
    repeat_total = summary["gross"] - summary["first_day_amount"]
    return pd.DataFrame({
        "customer": summary["customer"],
        "frequency": frequency.astype(np.int64),
        "recency": (summary["last_day"] - summary["first_day"]) / 7.0,
        "T": (asof_day - summary["first_day"]) / 7.0,
        "monetary_value": (repeat_total / frequency.where(frequency > 0)).fillna(0.0),
    })


def _fitted_customers(rft: pd.DataFrame, size: int | None = None) -> pd.DataFrame:
    """The rows of `rft` the models are fitted on: all, or a seeded random sample of `size` beyond that.

    `size` defaults to :data:`FIT_SAMPLE`, read when called.
    """
    size = FIT_SAMPLE if size is None else size
    if len(rft) <= size:
        return rft
    return rft.iloc[np.sort(np.random.default_rng(SAMPLE_SEED).choice(len(rft), size, replace=False))]


def standard_errors(rft: pd.DataFrame, bgnbd: dict[str, float], gamma_gamma: dict[str, float]) -> dict[str, float]:
    """Standard errors of the estimates of :func:`fit_models` (on its sample), both models; NaN where undefined."""
    fit_on = _fitted_customers(rft)
    # A likelihood flat in some direction raises ValueError: the estimate is there, its precision is not (NaN).
    errors = dict.fromkeys((*clv.BGNBD_PARAMS, *clv.GAMMA_GAMMA_PARAMS), float("nan"))
    try:
        errors.update(clv.bgnbd_standard_errors(bgnbd, fit_on["frequency"], fit_on["recency"], fit_on["T"]))
    except ValueError:
        pass
    try:
        errors.update(clv.gamma_gamma_standard_errors(gamma_gamma, fit_on["frequency"], fit_on["monetary_value"]))
    except ValueError:
        pass
    return errors


def fit_models(rft: pd.DataFrame, notes: list[str] | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """Fit BG/NBD on frequency/recency/T and Gamma-Gamma on the repeat customers' spend.

    With more than :data:`FIT_SAMPLE` customers both are fitted on a seeded
    random sample of that size (the estimates of four or three parameters
    hardly move beyond it), and a note says so.
    """
    fit_on = _fitted_customers(rft)
    if len(fit_on) < len(rft) and notes is not None:
        notes.append(f"models fitted on a random sample of {len(fit_on):,} of {len(rft):,} customers "
                     f"(seed {SAMPLE_SEED}), then applied to all")
    bgnbd = clv.fit_bgnbd(fit_on["frequency"], fit_on["recency"], fit_on["T"])
    repeaters = fit_on[fit_on["frequency"] > 0]
    gamma_gamma = clv.fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    return bgnbd, gamma_gamma


def return_share(summary: pd.DataFrame) -> float:
    """The share of gross spend that was returned: Σ returned / Σ gross over all customers of `summary`.

    CLV is made net of returns with this one share (``clv_12m`` = gross CLV ×
    (1 − share)): Gamma-Gamma models what customers buy, and a pooled share is
    stable where a customer's own return rate, from a handful of orders, is
    mostly noise.

    Raises
    ------
    ValueError
        If nothing was bought (gross spend 0).
    """
    gross = float(summary["gross"].sum())
    if not gross > 0:
        raise ValueError("no purchases (gross spend is 0): the share of spend returned is undefined")
    return float(summary["returned"].sum()) / gross


def score_customers(summary: pd.DataFrame, asof_day: int, bgnbd: dict[str, float],
                    gamma_gamma: dict[str, float], returned_share: float | None = None) -> pd.DataFrame:
    """The table of ``customers.csv`` (:data:`CUSTOMER_COLUMNS`), one row per customer.

    R, F, M are quintile scores (``rfm.rfm_scores``) of days since the last
    purchase, number of purchases (rows) and net revenue; the segment is
    ``rfm.rfm_segments``. ``monetary_value`` is gross (BG/NBD and
    Gamma-Gamma's input); ``clv_12m`` is net of returns: the Gamma-Gamma
    CLV times (1 − `returned_share`), by default :func:`return_share` of
    `summary`. ``recency`` is BG/NBD's t_x in weeks (first to last purchase).
    """
    share = return_share(summary) if returned_share is None else float(returned_share)
    if not 0 <= share < 1:
        raise ValueError(f"returned_share must be in [0, 1), got {share!r}")
    rft = repeat_summary(summary, asof_day)
    rfm_input = pd.DataFrame({"recency": asof_day - summary["last_day"].to_numpy(),
                              "frequency": summary["orders"].to_numpy(),
                              "monetary": (summary["gross"] - summary["returned"]).to_numpy()},
                             index=summary["customer"].to_numpy())
    scores = rfm.rfm_scores(rfm_input, bins=5)
    segments = rfm.rfm_segments(scores)
    x, t_x, big_t, m_x = (rft[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    table = pd.DataFrame({
        "customer": summary["customer"].to_numpy(),
        "first_purchase": _dates(summary["first_day"]),
        "last_purchase": _dates(summary["last_day"]),
        "frequency": x,
        "recency": t_x,
        "T": big_t,
        "monetary_value": m_x,
        "R": scores["R"].to_numpy(),
        "F": scores["F"].to_numpy(),
        "M": scores["M"].to_numpy(),
        "segment": segments.astype(str).to_numpy(),
        "p_alive": np.asarray(clv.probability_alive(bgnbd, x, t_x, big_t)),
        "expected_purchases_12m": np.asarray(clv.expected_purchases(bgnbd, WEEKS_PER_YEAR, x, t_x, big_t)),
        "clv_12m": np.asarray(clv.clv(bgnbd, gamma_gamma, x, t_x, big_t, m_x, periods=12, discount=DISCOUNT,
                                      margin=1.0 - share)),
    })
    return table[CUSTOMER_COLUMNS]


def _dates(days: pd.Series) -> pd.Series:
    return pd.Series(days.to_numpy(dtype=np.int64).astype("datetime64[D]")).dt.strftime("%Y-%m-%d").to_numpy()


def bootstrap_relative_error(predicted: np.ndarray, actual: np.ndarray, draws: int = BOOTSTRAP_DRAWS,
                             seed: int = SAMPLE_SEED, level: float = 0.95) -> tuple[float, float]:
    """A 95 % customer-bootstrap interval of Σ predicted / Σ actual − 1 (the relative error of a total).

    Customers are resampled with replacement (`draws` times, seeded), their
    predictions held fixed: the interval shows how far the total error could
    move by chance over which customers happened to buy, not the uncertainty
    of the fitted parameters. Above :data:`BOOTSTRAP_UNITS` customers, random
    groups of customers are resampled instead (their sums are independent, so
    the variance is the same) to keep the time flat.

    Raises
    ------
    ValueError
        If the lengths differ, a value is not finite, or the actual total is not positive.
    """
    predicted, actual = np.asarray(predicted, dtype=float), np.asarray(actual, dtype=float)
    if predicted.shape != actual.shape or predicted.ndim != 1:
        raise ValueError(f"predicted and actual must be 1-D of one length, got {predicted.shape} and {actual.shape}")
    if not (np.isfinite(predicted).all() and np.isfinite(actual).all()):
        raise ValueError("predicted and actual must be finite numbers")
    if not actual.sum() > 0:
        raise ValueError("the actual total must be positive to give a relative error")
    rng = np.random.default_rng(seed)
    if len(actual) > BOOTSTRAP_UNITS:
        group = rng.integers(0, BOOTSTRAP_UNITS, len(actual))
        predicted = np.bincount(group, predicted, BOOTSTRAP_UNITS)
        actual = np.bincount(group, actual, BOOTSTRAP_UNITS)
    errors = np.empty(draws)
    for k in range(draws):
        pick = rng.integers(0, len(actual), len(actual))
        errors[k] = predicted[pick].sum() / actual[pick].sum() - 1
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(errors[np.isfinite(errors)], [tail, 100 - tail])
    return float(low), float(high)


def holdout_check(log: pd.DataFrame | str, asof_day: int, holdout_days: int, engine_name: str,
                  connection: object | None = None, notes: list[str] | None = None, passes: int = 1
                  ) -> tuple[pd.DataFrame, dict[str, float], int]:
    """Chapter 02's diagnostic: fit on the calibration period, compare with the holdout period.

    The BG/NBD model is fitted on the purchases up to ``asof - holdout_days``
    (the calibration period); for each customer acquired by then it predicts
    the purchase days in the holdout period, E[Y(t) | x, t_x, T], and the
    prediction is compared with what happened, by calibration frequency.
    The holdout's net revenue is predicted too: E[Y(t)] × the Gamma-Gamma
    expected gross spend × (1 − the calibration period's :func:`return_share`),
    undiscounted, against the customers' purchases minus returns in the
    holdout. Both total errors get a customer-bootstrap interval
    (:func:`bootstrap_relative_error`). `passes` goes to
    :func:`helpers.engine.customer_summary` (DuckDB: one pass over the log per
    share of the customers; the same numbers).

    Returns
    -------
    (pandas.DataFrame, dict, int)
        The table by calibration frequency (0 … 6, 7+): customers, actual and
        predicted mean holdout purchases, and a 95 % interval of the actual
        mean (normal approximation); the totals: purchase days ``actual``,
        ``predicted`` and the interval of their relative error ``error_low``,
        ``error_high``; net revenue ``revenue_actual``, ``revenue_predicted``,
        ``revenue_error_low``, ``revenue_error_high``, and ``revenue_actual_gross``
        (purchases only) and ``return_share``; the last day of the calibration period.
    """
    calibration_end = asof_day - holdout_days
    calibration = engine.customer_summary(log, calibration_end, engine=engine_name, connection=connection,
                                          passes=passes)
    holdout = engine.customer_summary(log, asof_day, start=calibration_end, engine=engine_name,
                                      connection=connection, passes=passes)
    net = engine.net_by_customer(log, asof_day, start=calibration_end, engine=engine_name,
                                 connection=connection, passes=passes)
    rft = repeat_summary(calibration, calibration_end)
    params, spend_params = fit_models(rft, notes=None)
    by_customer = holdout.set_index("customer")
    actual = by_customer["purchase_days"].reindex(calibration["customer"], fill_value=0).to_numpy()
    predicted = np.asarray(clv.expected_purchases(params, holdout_days / 7.0, rft["frequency"],
                                                  rft["recency"], rft["T"]))
    table = clv.conditional_expectations(params, rft["frequency"], rft["recency"], rft["T"], actual,
                                         holdout_days / 7.0, max_frequency=7)
    table = table[["customers", "actual", "predicted", "actual_low", "actual_high"]]
    table.index.name = "repeat purchases in calibration"
    share = return_share(calibration)
    spend = np.asarray(clv.expected_spend(spend_params, rft["frequency"], rft["monetary_value"]))
    revenue_predicted = predicted * spend * (1 - share)
    revenue_actual = net.reindex(calibration["customer"], fill_value=0.0).to_numpy()
    gross_actual = by_customer["gross"].reindex(calibration["customer"], fill_value=0.0).to_numpy()
    totals = {"actual": float(actual.sum()), "predicted": float(predicted.sum()),
              "customers": float(len(rft)), "weeks": holdout_days / 7.0,
              "revenue_actual": float(revenue_actual.sum()), "revenue_predicted": float(revenue_predicted.sum()),
              "revenue_actual_gross": float(gross_actual.sum()), "return_share": share}
    nan = float("nan")
    totals["error_low"], totals["error_high"] = (bootstrap_relative_error(predicted, actual)
                                                 if actual.sum() > 0 else (nan, nan))
    totals["revenue_error_low"], totals["revenue_error_high"] = (
        bootstrap_relative_error(revenue_predicted, revenue_actual) if revenue_actual.sum() > 0 else (nan, nan))
    totals.update({f"calibration_{k}": v for k, v in params.items()})
    return table, totals, calibration_end


def segment_table(customers: pd.DataFrame, net_revenue: pd.Series) -> pd.DataFrame:
    """Customers, share, mean days since last purchase... per RFM segment, in the course's order."""
    frame = customers.assign(net_revenue=net_revenue.to_numpy())
    table = frame.groupby("segment").agg(customers=("customer", "size"), net_revenue=("net_revenue", "sum"),
                                         mean_clv_12m=("clv_12m", "mean"), mean_p_alive=("p_alive", "mean"))
    table["share_of_customers"] = table["customers"] / table["customers"].sum()
    table["share_of_revenue"] = table["net_revenue"] / table["net_revenue"].sum()
    order = [s for s in rfm.SEGMENT_ORDER if s in table.index]
    return table.loc[order, ["customers", "share_of_customers", "net_revenue", "share_of_revenue",
                             "mean_p_alive", "mean_clv_12m"]]


# --------------------------------------------------------------------------
# The whole analysis
# --------------------------------------------------------------------------

def choose_engine(path: Path, rows: int | None = None) -> str:
    """DuckDB for big Parquet files or more than :data:`PANDAS_ROW_LIMIT` rows, else pandas."""
    if path.suffix.lower() == ".parquet" and path.stat().st_size > STREAM_PARQUET_BYTES:
        return "duckdb"
    return "duckdb" if rows is not None and rows > PANDAS_ROW_LIMIT else "pandas"


def _typed_parquet(path: Path, customer: str, date: str, amount: str) -> bool:
    """True when a Parquet file already holds a date/time column and a numeric amount (streamable)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        raise ValueError(f"{path.name} is not a readable Parquet file ({type(error).__name__})") from None
    ingest.require_log_columns(pd.DataFrame(columns=schema.names), customer=customer, date=date, amount=amount)
    date_type, amount_type = schema.field(date).type, schema.field(amount).type
    return ((pa.types.is_date(date_type) or pa.types.is_timestamp(date_type))
            and (pa.types.is_integer(amount_type) or pa.types.is_floating(amount_type)
                 or pa.types.is_decimal(amount_type)))


def _parquet_quality_record(counts: dict[str, int], source: str) -> ingest.Quality:
    """The quality record of a streamed Parquet file, with the steps and names of :func:`helpers.ingest.clean_log`."""
    quality = ingest.Quality(source=source, rows_read=counts["rows"], encoding="parquet")
    quality.add("exact duplicate line", "kept", 0, "not checked when streaming a typed Parquet file")
    quality.add("customer id with stray spaces", "changed", counts["customer id with stray spaces"],
                "spaces removed, full-width characters made half-width")
    quality.add("no customer id", "dropped", counts["no customer id"],
                "null, blank or a null word (" + ", ".join(repr(w) for w in ingest.MISSING_IDS if w) + ")")
    quality.add("unreadable date", "dropped", counts["missing date"], "null date")
    quality.add("blank or unreadable amount", "dropped", counts["missing amount"], "null, NaN or infinite amount")
    quality.add("zero amount", "dropped", counts["zero amount"], "neither a purchase nor a return")
    quality.add("return (negative amount)", "kept", counts["returns"],
                "not purchase occasions, subtracted from net revenue")
    return quality


def analyse(path: str | Path, customer: str, date: str, amount: str, engine_name: str | None = None,
            asof: object = None, encoding: str | None = None, sheet: str | None = None,
            progress: Callable[[str], None] = _say, memory_limit: str | None = None) -> Analysis:
    """Read, clean, summarise and model a log: everything :func:`write_report` shows.

    Parameters are those of the command line (see the module docstring);
    `progress` receives a line at each long step.

    Raises
    ------
    FileNotFoundError, KeyError, ValueError
        On bad input, with a message naming the problem.
    """
    path = Path(path)
    if engine_name is not None and engine_name not in engine.ENGINES:
        raise ValueError(f"unknown engine {engine_name!r}; choose one of {', '.join(engine.ENGINES)}")
    if engine_name == "spark":
        ok, reason = engine.spark_available()
        if not ok:
            raise ValueError(f"--engine spark needs Spark: {reason}")
    if not path.exists():
        raise FileNotFoundError(f"log file not found: {path}")
    notes: list[str] = []
    connection = None
    streamed = (path.suffix.lower() == ".parquet" and engine_name in (None, "duckdb")
                and _typed_parquet(path, customer, date, amount)
                and (engine_name == "duckdb" or choose_engine(path) == "duckdb"))
    if streamed:
        engine_name = "duckdb"
        progress(f"streaming {path.name} with DuckDB (typed Parquet: text ids cleaned as for a CSV; rows without a customer, "
                 "date or amount and zero amounts counted and dropped)")
        connection = engine.duckdb_connection(memory_limit=memory_limit, progress_bar=sys.stdout.isatty())
        log: pd.DataFrame | str = engine.parquet_log_sql(path, customer, date, amount)
        quality = _parquet_quality_record(engine.parquet_quality(connection, path, customer, date, amount), path.name)
        first_day, last_day = connection.execute(f"SELECT MIN(day), MAX(day) FROM ({log})").fetchone()
        if first_day is None:
            raise ValueError(f"{path.name} has no usable rows (every row lacks a customer, date or amount)")
    else:
        progress(f"reading {path.name}")
        clean, quality = ingest.load_log(path, customer, date, amount, encoding=encoding, sheet=sheet)
        progress(f"{quality.summary()} (encoding: {quality.encoding})")
        engine_name = engine_name or choose_engine(path, len(clean))
        log = engine.as_log(clean)
        if len(log) == 0:
            raise ValueError(f"{path.name}: no usable rows are left after cleaning; see the reasons above")
        first_day, last_day = int(log["day"].min()), int(log["day"].max())
        if engine_name == "duckdb":
            connection = engine.duckdb_connection(memory_limit=memory_limit, progress_bar=sys.stdout.isatty())

    asof_day = int(last_day) if asof is None else engine.day_number(asof)
    if asof_day < first_day:
        raise ValueError(f"--asof {asof} is before the first purchase "
                         f"({pd.Timestamp(np.datetime64(int(first_day), 'D')).date()})")
    if streamed:
        later = int(connection.execute(f"SELECT COUNT(*) FROM ({log}) WHERE day > {asof_day}").fetchone()[0])
    else:
        later = int((log["day"] > asof_day).sum())
    quality.add("after the analysis date", "dropped", later, f"dated after --asof {asof}" if asof else "none")
    progress(f"summarising per customer with {engine_name}")
    started = time.perf_counter()
    # DuckDB summarises a very big log in several passes, each for a share of the customers (less memory).
    passes = engine.summary_passes(quality.rows_read) if engine_name == "duckdb" else 1
    summary = engine.customer_summary(log, asof_day, engine=engine_name, connection=connection, passes=passes)
    progress(f"{len(summary):,} customers in {time.perf_counter() - started:.1f} s")
    if len(summary) < 10:
        raise ValueError(f"only {len(summary)} customer(s) bought something; the analysis needs at least 10")
    cohorts = engine.cohort_matrix(engine.cohort_counts(log, asof_day, engine=engine_name, connection=connection),
                                   asof_day)

    span = asof_day - int(summary["first_day"].min())
    holdout_days = min(HOLDOUT_DAYS, span // 3)
    progress(f"fit diagnostics: calibration up to {holdout_days} days before the analysis date")
    holdout, totals, calibration_end = holdout_check(log, asof_day, holdout_days, engine_name, connection,
                                                     passes=passes)

    progress("fitting BG/NBD and Gamma-Gamma on the whole period")
    rft = repeat_summary(summary, asof_day)
    bgnbd, gamma_gamma = fit_models(rft, notes)
    progress("scoring customers: RFM, P(alive), expected purchases, 12-month CLV")
    share = return_share(summary)
    customers = score_customers(summary, asof_day, bgnbd, gamma_gamma, returned_share=share)
    net = pd.Series((summary["gross"] - summary["returned"]).to_numpy(), index=summary["customer"].to_numpy())
    if connection is not None:
        connection.close()
    return Analysis(customers=customers, quality=quality, engine=engine_name,
                    asof=pd.Timestamp(np.datetime64(asof_day, "D")), net_revenue=net, cohorts=cohorts,
                    segments=segment_table(customers, net), bgnbd=bgnbd, gamma_gamma=gamma_gamma,
                    standard_errors=standard_errors(rft, bgnbd, gamma_gamma),
                    holdout=holdout, holdout_totals=totals,
                    calibration_end=pd.Timestamp(np.datetime64(int(calibration_end), "D")), return_share=share,
                    notes=notes)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

def _png(fig: object) -> str:
    """A matplotlib figure as an <img> with the PNG embedded (base64)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def lorenz_figure(values: np.ndarray) -> object:
    """The Lorenz curve of net revenue (negative net revenue counted as 0)."""
    import matplotlib.pyplot as plt

    curve = pareto.lorenz(np.clip(values, 0, None))
    step = max(1, len(curve) // 2000)
    curve = pd.concat([curve.iloc[::step], curve.iloc[[-1]]])
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot(curve["customer_share"], curve["value_share"], label="Lorenz curve")
    ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1, label="equal value")
    ax.set_xlabel("share of customers (least to most valuable)")
    ax.set_ylabel("share of net revenue")
    ax.set_title("Lorenz curve of net revenue")
    ax.legend()
    return fig


def cohort_figure(cohorts: pd.DataFrame, periods: int = 13) -> object:
    """Heatmap of the share of each cohort buying in each month since its first purchase."""
    import matplotlib.pyplot as plt

    shares = cohorts.astype(float).div(cohorts[0].astype(float), axis=0).iloc[:, :periods]
    fig, ax = plt.subplots(figsize=(8, max(3, 0.22 * len(shares))))
    image = ax.imshow(shares.iloc[:, 1:].to_numpy(), aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(shares.shape[1] - 1), [str(p) for p in shares.columns[1:]])
    ax.set_yticks(range(len(shares)), [str(c) for c in shares.index])
    ax.set_xlabel("months since first purchase")
    ax.set_ylabel("cohort (month of first purchase)")
    ax.set_title("Cohort retention: share of the cohort buying")
    fig.colorbar(image, ax=ax, label="share of cohort")
    return fig


def holdout_figure(holdout: pd.DataFrame) -> object:
    """Actual (with 95 % interval) and predicted mean holdout purchases by calibration frequency."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    x = np.arange(len(holdout))
    ax.errorbar(x, holdout["actual"], yerr=[holdout["actual"] - holdout["actual_low"],
                                            holdout["actual_high"] - holdout["actual"]],
                marker="o", capsize=3, label="actual (95% interval)")
    ax.plot(x, holdout["predicted"], marker="s", ls="--", label="BG/NBD prediction")
    ax.set_xticks(x, holdout.index)
    ax.set_xlabel("repeat purchase days in the calibration period")
    ax.set_ylabel("mean purchase days in the holdout period")
    ax.set_title("Conditional expectations, holdout period")
    ax.legend()
    return fig


def _table(frame: pd.DataFrame, decimals: int = 3, index: bool = True, text: bool = False) -> str:
    classes = "table text" if text else "table"
    return frame.round(decimals).to_html(index=index, border=0, classes=classes, escape=True, na_rep="",
                                         float_format=lambda v: f"{v:,.{decimals}f}")


STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table.table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
table.table th, table.table td { padding: 3px 8px; border-bottom: 1px solid #e4e4e4; text-align: right; }
table.table td:first-child, table.table th:first-child { text-align: left; }
table.text td { text-align: left; }
.note { color: #555; font-size: 0.92em; } img { max-width: 100%; }
"""


COLUMN_NOTES = pd.DataFrame([
    ("customer", "customer id, as cleaned (spaces removed)"),
    ("first_purchase, last_purchase", "dates of the first and last purchase day"),
    ("frequency", "repeat purchase days (BG/NBD's x): purchase days − 1"),
    ("recency", "BG/NBD recency t_x: weeks from the first to the last purchase; NOT days since the last "
                "purchase (that is what R scores)"),
    ("T", "weeks from the first purchase to the analysis date"),
    ("monetary_value", "mean gross spend of the repeat purchase days (returns not subtracted; 0 when frequency = 0)"),
    ("R, F, M", "quintile scores 1-5 (5 = best) of days since the last purchase, orders and net revenue"),
    ("segment", "RFM segment from R and F, as in chapter 02"),
    ("p_alive", "BG/NBD probability that the customer is still active"),
    ("expected_purchases_12m", "expected purchase days in the next 12 months"),
    ("clv_12m", "expected net revenue (after returns) of the next 12 months, discounted at 1 % a month"),
], columns=["column", "meaning"])
"""The meaning of each column of customers.csv, shown on the page."""


def _interval(low: float, high: float) -> str:
    return "n/a" if not (np.isfinite(low) and np.isfinite(high)) else f"[{low:+.1%}, {high:+.1%}]"


def render_html(analysis: Analysis) -> str:
    """The report as one HTML page (no external resource)."""
    a = analysis
    q = a.quality
    esc = html.escape
    net = a.net_revenue.to_numpy()
    positive = np.clip(net, 0, None)
    top20 = pareto.top_share(positive, 0.2)
    gini = pareto.gini(positive)
    totals = a.holdout_totals
    params = pd.DataFrame({"estimate": {**{k: a.bgnbd[k] for k in clv.BGNBD_PARAMS},
                                        **{k: a.gamma_gamma[k] for k in clv.GAMMA_GAMMA_PARAMS}}})
    params["standard error"] = pd.Series(a.standard_errors)
    params["model"] = ["BG/NBD"] * 4 + ["Gamma-Gamma"] * 3
    repeaters = a.customers[a.customers["frequency"] > 0]
    corr = float(np.corrcoef(repeaters["frequency"], repeaters["monetary_value"])[0, 1]) if len(repeaters) > 2 else float("nan")
    top = a.customers.sort_values("clv_12m", ascending=False).head(TOP).set_index("customer")
    quality_table = q.table()
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Customer report: {esc(q.source)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Customer report: {esc(q.source)}</h1>",
        f"<p>Engine: <b>{esc(a.engine)}</b>; analysis date: <b>{a.asof.date()}</b>; "
        f"{len(a.customers):,} customers. Made by <code>python -m helpers.report</code> "
        "(CRM analytics workbook, chapter 05).</p>",
        "".join(f'<p class="note">{esc(n)}</p>' for n in a.notes),
        "<h2>1. Data quality</h2>",
        f"<p>{q.rows_read:,} rows read (encoding: {esc(q.encoding or 'n/a')}), <b>{q.rows_kept:,} kept</b>, "
        f"{q.dropped:,} dropped. Every step below was checked; a step with 0 rows found nothing to do.</p>",
        _table(quality_table, index=False, text=True),
        "<h2>2. Concentration of value (Pareto, Lorenz)</h2>",
        f"<p>The top 20% of customers bring <b>{top20:.1%}</b> of net revenue; Gini coefficient "
        f"{gini:.3f}. Net revenue = purchases − returns; {int((net <= 0).sum()):,} customers with "
        "net revenue ≤ 0 count as 0.</p>",
        _png(lorenz_figure(net)),
        "<h2>3. Cohort retention</h2>",
        "<p>Each row is the month of a customer's first purchase; each cell the share of that cohort "
        "buying again so many months later. Blank cells lie after the analysis date.</p>",
        _png(cohort_figure(a.cohorts)),
        "<h2>4. RFM segments</h2>",
        "<p>R, F, M: quintile scores (5 = best) of days since the last purchase, number of purchases "
        "and net revenue; segments from R and F as in chapter 02.</p>",
        _table(a.segments),
        "<h2>5. BG/NBD and Gamma-Gamma</h2>",
        f"<p>Fitted on all purchases up to {a.asof.date()} (time in weeks). The standard error says how "
        "precisely the data pin a parameter down: estimate ± 2 standard errors is a rough 95 % "
        "interval.</p>",
        _table(params),
        f"<p>Correlation of frequency and mean spend among repeat customers: {corr:.2f} "
        "(Gamma-Gamma assumes spend does not depend on frequency).</p>",
        "<h3>Diagnostics: calibration and holdout</h3>",
        f"<p>Refitted on the purchases up to {a.calibration_end.date()} only (calibration), the model "
        f"predicts <b>{totals['predicted']:,.0f}</b> purchase days for the {totals['customers']:,.0f} "
        f"customers of the calibration period in the next {totals['weeks']:.0f} weeks (holdout); "
        f"they made <b>{totals['actual']:,.0f}</b> ({totals['predicted'] / totals['actual'] - 1:+.1%}; "
        f"95 % customer-bootstrap interval {_interval(totals['error_low'], totals['error_high'])}).</p>"
        if totals["actual"] > 0 else "<p>No purchases in the holdout period: the forecast cannot be judged.</p>",
        f"<p>Net revenue in the holdout (purchases − returns): predicted <b>{totals['revenue_predicted']:,.0f}</b> "
        f"(expected purchase days × Gamma-Gamma gross spend × (1 − {totals['return_share']:.1%} returned in the "
        f"calibration period)), actual <b>{totals['revenue_actual']:,.0f}</b> "
        f"({totals['revenue_predicted'] / totals['revenue_actual'] - 1:+.1%}; 95 % interval "
        f"{_interval(totals['revenue_error_low'], totals['revenue_error_high'])}); gross purchases "
        f"{totals['revenue_actual_gross']:,.0f}. An interval that contains 0 % means the total is not "
        "significantly off.</p>" if totals["revenue_actual"] > 0 else "",
        _table(a.holdout),
        _png(holdout_figure(a.holdout)),
        "<h2>6. Top customers by 12-month CLV (客户终生价值)</h2>",
        f"<p>Expected <b>net</b> revenue of the next 12 months, discounted at {DISCOUNT:.0%} a month: "
        "expected purchase days × Gamma-Gamma expected gross spend per purchase day × (1 − "
        f"{a.return_share:.1%}, the share of gross spend returned in the log). "
        f"Total over all customers: {a.customers['clv_12m'].sum():,.0f}.</p>",
        _table(top[["segment", "frequency", "recency", "T", "monetary_value", "p_alive",
                    "expected_purchases_12m", "clv_12m"]], decimals=2),
        "<h3>The columns of customers.csv</h3>",
        _table(COLUMN_NOTES, index=False, text=True),
        "<p class='note'>Every customer is in customers.csv beside this page.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def write_report(analysis: Analysis, out: str | Path) -> tuple[Path, Path]:
    """Write ``report.html`` and ``customers.csv`` into `out` (created if needed)."""
    import matplotlib

    matplotlib.use("Agg")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / "customers.csv", out / "report.html"
    analysis.customers.to_csv(csv_path, index=False, lineterminator="\n")
    html_path.write_text(render_html(analysis), encoding="utf-8")
    return html_path, csv_path


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status (0 done, 1 bad input, 2 bad arguments)."""
    parser = argparse.ArgumentParser(prog="python -m helpers.report",
                                     description="The course's customer analysis of your own transaction log.")
    parser.add_argument("log", help="the log: .csv (any encoding), .xlsx or .parquet")
    parser.add_argument("--customer", required=True, help="column of the customer id")
    parser.add_argument("--date", required=True, help="column of the purchase date")
    parser.add_argument("--amount", required=True, help="column of the amount (negative for returns)")
    parser.add_argument("--out", required=True, help="folder for report.html and customers.csv")
    parser.add_argument("--engine", help="pandas, duckdb or spark (default: by size)")
    parser.add_argument("--asof", help="analysis date, e.g. 2024-12-31 (default: the last date in the log)")
    parser.add_argument("--encoding", help="text encoding of a CSV, e.g. gbk (default: detected)")
    parser.add_argument("--sheet", help="Excel sheet (default: the first)")
    parser.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 4GB (it spills to disk beyond)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        analysis = analyse(args.log, args.customer, args.date, args.amount, engine_name=args.engine,
                           asof=args.asof, encoding=args.encoding, sheet=args.sheet,
                           memory_limit=args.memory_limit)
        _say("writing report.html and customers.csv")
        html_path, csv_path = write_report(analysis, args.out)
    except (FileNotFoundError, KeyError, ValueError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        print(f"helpers.report: error: {message}", file=sys.stderr)
        return 1
    _say(f"done in {time.perf_counter() - started:.0f} s: {html_path} and {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
