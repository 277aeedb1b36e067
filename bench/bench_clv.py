"""Benchmark of helpers.clv: the repeat-purchase summary and the two fits.

Times :func:`helpers.clv.summary` on synthetic transaction logs of 10k, 100k
and 1M rows (made here with a seeded numpy generator: about ten purchases per
customer over two years, with many same-day duplicates), and the BG/NBD and
Gamma-Gamma fits on the CDNOW cohort (and on the 23,570-customer CDNOW master file). Prints the median and best time of a
few repetitions. Course target: ``summary`` on 1M rows in at most 2 s.

Run: ``.venv/bin/python bench/bench_clv.py``
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers import clv
from helpers.data import load


def synthetic_log(rows: int, seed: int = 2024) -> pd.DataFrame:
    """A transaction log of `rows` purchases by `rows // 10` customers over 730 days."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(1, rows // 10 + 1, size=rows)
    days = rng.integers(0, 730, size=rows)
    return pd.DataFrame({
        "customer_id": customers,
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": rng.gamma(2.0, 20.0, size=rows).round(2),
    })


def timed(function: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and best wall-clock seconds of `repeats` calls."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return float(np.median(seconds)), float(np.min(seconds))


def main() -> None:
    rows_out = []
    for rows in (10_000, 100_000, 1_000_000):
        log = synthetic_log(rows)
        repeats = 5 if rows < 1_000_000 else 3
        median, best = timed(lambda log=log: clv.summary(log, "customer_id", "date", "amount",
                                                         end="2024-06-30"), repeats)
        rows_out.append((f"summary, {rows:>9,} rows", median, best, repeats))
    log = synthetic_log(1_000_000)
    log["customer_id"] = "C" + log["customer_id"].astype(str).str.zfill(6)
    median, best = timed(lambda: clv.summary(log, "customer_id", "date", "amount", end="2024-06-30"), 3)
    rows_out.append(("summary, 1M rows, text ids", median, best, 3))
    median, best = timed(lambda: clv.summary(log, "customer_id", "date", end="2024-06-30"), 3)
    rows_out.append(("summary, 1M rows, no amount", median, best, 3))

    cdnow = load("cdnow")
    rft = clv.summary(cdnow, "customer_id", "date", "dollar_value", end="1997-09-30")
    median, best = timed(lambda: clv.summary(cdnow, "customer_id", "date", "dollar_value",
                                             end="1997-09-30"), 5)
    rows_out.append(("summary, CDNOW (6,919 rows)", median, best, 5))
    median, best = timed(lambda: clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"]), 5)
    rows_out.append(("fit_bgnbd, CDNOW (2,357)", median, best, 5))
    median, best = timed(lambda: clv.fit_gamma_gamma(rft["frequency"], rft["monetary_value"]), 5)
    rows_out.append(("fit_gamma_gamma, CDNOW (946)", median, best, 5))
    master = load("cdnow_master")
    master = master[master["dollar_value"] > 0]  # a few zero-value purchases: not spend
    big = clv.summary(master, "customer_id", "date", "dollar_value", end="1997-09-30")
    median, best = timed(lambda: clv.fit_bgnbd(big["frequency"], big["recency"], big["T"]), 3)
    rows_out.append(("fit_bgnbd, master (23,570)", median, best, 3))
    bgnbd = clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"])
    gg = clv.fit_gamma_gamma(rft["frequency"], rft["monetary_value"])
    median, best = timed(lambda: clv.clv(bgnbd, gg, rft["frequency"], rft["recency"], rft["T"],
                                         rft["monetary_value"]), 5)
    rows_out.append(("clv, 12 months, CDNOW", median, best, 5))

    print(f"{'task':<32} {'median s':>9} {'best s':>9} {'runs':>5}")
    for task, median, best, repeats in rows_out:
        print(f"{task:<32} {median:>9.3f} {best:>9.3f} {repeats:>5}")


if __name__ == "__main__":
    main()
