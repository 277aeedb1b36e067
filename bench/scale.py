"""Scale: ``rfm_table`` and ``clv.summary`` on 10k, 100k and 1M transactions.

For each size it measures the helper's time (best of a few runs) and peak
memory, and — side by side, in the same run, on the same data — a plain
per-customer Python loop computing the same table, and ``lifetimes``'
``summary_data_from_transaction_data`` (in its own benchmark-only
environment). From the three sizes it fits the scaling exponent ``k`` of
``time ~ n^k`` (1 is linear). Target: 1M transactions in at most 2 s.

The synthetic log (seeded) has one customer per ten transactions on
average, dates over two years and about one purchase in twenty on a day the
customer already bought something, so same-day merging is exercised.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

import numpy as np
import pandas as pd

from bench.common import BUILD, Row, at_most, best_time, between, peak_memory_mb, run_lifetimes
from helpers import clv
from helpers.rfm import rfm_table

SIZES = (10_000, 100_000, 1_000_000)
TARGET_1M_SECONDS = 2.0
START = pd.Timestamp("2023-01-01")


def synthetic_transactions(rows: int, seed: int = 7) -> pd.DataFrame:
    """A seeded log of `rows` purchases (customer_id, date, amount) over 730 days."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(1, max(rows // 10, 1) + 1, size=rows)
    days = rng.integers(0, 730, size=rows)
    repeat = rng.random(rows) < 0.05  # a second purchase on the same day as the previous row's customer
    days[1:][repeat[1:]] = days[:-1][repeat[1:]]
    customers[1:][repeat[1:]] = customers[:-1][repeat[1:]]
    amounts = np.round(rng.lognormal(3.5, 0.8, size=rows), 2)
    return pd.DataFrame({"customer_id": customers, "date": START + pd.to_timedelta(days, unit="D"),
                         "amount": amounts})


def loop_rfm_and_summary(transactions: pd.DataFrame) -> tuple[dict, dict]:
    """The same two tables by a plain per-customer loop (the baseline).

    Returns ``{customer: (recency, frequency, monetary)}`` as ``rfm_table``
    and ``{customer: (frequency, recency, T, monetary_value)}`` as
    ``clv.summary(..., freq="W")``, with `asof` / `end` defaulted the same way.
    """
    days = transactions["date"].to_numpy(dtype="datetime64[D]").astype(np.int64).tolist()
    purchases: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for customer, day, amount in zip(transactions["customer_id"].tolist(), days,
                                     transactions["amount"].tolist(), strict=True):
        purchases[customer].append((day, amount))
    end = max(days)
    rfm, summary = {}, {}
    for customer, rows in purchases.items():
        by_day: dict[int, float] = {}
        for day, amount in rows:
            by_day[day] = by_day.get(day, 0.0) + amount
        first, last = min(by_day), max(by_day)
        total = sum(by_day.values())
        rfm[customer] = (end + 1 - last, len(rows), total)
        repeats = len(by_day) - 1
        money = (total - by_day[first]) / repeats if repeats else 0.0
        summary[customer] = (repeats, (last - first) / 7, (end - first) / 7, money)
    return rfm, summary


def _largest_difference(ours: pd.DataFrame, loop: dict) -> float:
    """Largest absolute difference between a helper's table and the loop's."""
    theirs = pd.DataFrame.from_dict(loop, orient="index").sort_index()
    return float(np.max(np.abs(ours.sort_index().to_numpy(dtype=float) - theirs.to_numpy(dtype=float))))


def _lifetimes_rows(transactions: pd.DataFrame, rows: int, our_seconds: float) -> list[Row]:
    """Time lifetimes' summary on the same log and compare with ours (daily units)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    csv, out = BUILD / f"transactions_{rows}.csv", BUILD / f"lifetimes_summary_{rows}.csv"
    transactions.assign(date=transactions["date"].dt.strftime("%Y-%m-%d")).to_csv(csv, index=False)
    answer = run_lifetimes({"task": "summary", "csv": str(csv), "out": str(out),
                            "repeats": 1 if rows >= 1_000_000 else 3})
    case = f"{rows:,} tx"
    if "error" in answer:
        return [Row("scale", case, "lifetimes summary / clv.summary", float("nan"), "x", note=answer["error"])]
    ours = clv.summary(transactions, "customer_id", "date", "amount", freq="D").sort_index()
    theirs = pd.read_csv(out, index_col=0).sort_index()[ours.columns]
    difference = float(np.max(np.abs(ours.to_numpy(dtype=float) - theirs.to_numpy(dtype=float))))
    csv.unlink()
    out.unlink()
    return [
        Row("scale", case, "lifetimes summary time", round(answer["seconds"], 3), "s",
            note=f"lifetimes {answer['lifetimes_version']}, pandas {answer['pandas_version']}"),
        Row("scale", case, "lifetimes summary / clv.summary", round(answer["seconds"] / our_seconds, 1), "x",
            note=f"same table: largest difference {difference:.2g}"),
    ]


def run(sizes: tuple[int, ...] = SIZES, with_lifetimes: bool = True) -> list[Row]:
    """Measure both helpers at each size; return the rows."""
    rows: list[Row] = []
    times: dict[str, list[float]] = {"rfm_table": [], "clv.summary": []}
    for size in sizes:
        transactions = synthetic_transactions(size)
        case = f"{size:,} tx"
        repeats = 3 if size >= 1_000_000 else 5
        helpers = {
            "rfm_table": partial(rfm_table, transactions),
            "clv.summary": partial(clv.summary, transactions, "customer_id", "date", "amount"),
        }
        results = {}
        for name, call in helpers.items():
            seconds, results[name] = best_time(call, repeats)
            times[name].append(seconds)
            target, ok = at_most(seconds, TARGET_1M_SECONDS) if size == 1_000_000 else ("", "")
            rows.append(Row("scale", case, f"{name} time", round(seconds, 3), "s", target, ok,
                            note=f"best of {repeats}; {transactions['customer_id'].nunique():,} customers"))
            rows.append(Row("scale", case, f"{name} peak memory", round(peak_memory_mb(call), 1), "MiB"))
        loop_seconds, (loop_rfm, loop_summary) = best_time(partial(loop_rfm_and_summary, transactions), 1)
        both = times["rfm_table"][-1] + times["clv.summary"][-1]
        agree = max(_largest_difference(results["rfm_table"], loop_rfm),
                    _largest_difference(results["clv.summary"], loop_summary))
        rows.append(Row("scale", case, "plain loop time (both tables)", round(loop_seconds, 3), "s"))
        rows.append(Row("scale", case, "plain loop / helpers", round(loop_seconds / both, 1), "x",
                        note=f"same tables: largest difference {agree:.2g}"))
        if with_lifetimes:
            rows.extend(_lifetimes_rows(transactions, size, times["clv.summary"][-1]))
    rows.extend(_exponent_rows(sizes, times))
    return rows


def _exponent_rows(sizes: tuple[int, ...], times: dict[str, list[float]]) -> list[Row]:
    """The scaling exponent k of time ~ n^k, fitted on the sizes of 100k and more.

    Below that, a few milliseconds of fixed cost (checks, building the
    result) dominate and would flatten the slope.
    """
    large = [i for i, size in enumerate(sizes) if size >= 100_000]
    if len(large) < 2:
        return []
    rows = []
    used = [sizes[i] for i in large]
    for name, measured in times.items():
        exponent = float(np.polyfit(np.log(used), np.log([measured[i] for i in large]), 1)[0])
        rows.append(Row("scale", f"{used[0]:,}..{used[-1]:,} tx", f"{name} scaling exponent",
                        round(exponent, 2), "", *between(exponent, 0.8, 1.2),
                        note="slope of log time on log n (1 = linear)"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
