"""Runs inside the benchmark-only `lifetimes` environment (never the workbook's).

Reads one JSON job on stdin, prints one JSON answer on stdout:

- ``{"task": "summary", "csv": PATH, "out": PATH, "repeats": N}``: times
  ``lifetimes.utils.summary_data_from_transaction_data`` on the transaction
  log in CSV (columns customer_id, date, amount; daily units) and writes its
  result to ``out`` for comparison;
- ``{"task": "fit", "csv": PATH, "repeats": N}``: times ``BetaGeoFitter`` on
  frequency, recency, T and ``GammaGammaFitter`` on the repeat customers'
  frequency and monetary_value, and returns the fitted parameters.

Only the call itself is timed (best of ``repeats``), not reading the CSV.
"""

import json
import sys
import time
import warnings

import pandas as pd

warnings.simplefilter("ignore")


def best_of(repeats, function):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def summary_job(job):
    from lifetimes.utils import summary_data_from_transaction_data

    log = pd.read_csv(job["csv"])
    log["date"] = pd.to_datetime(log["date"], format="%Y-%m-%d")
    end = log["date"].max()
    seconds, table = best_of(job.get("repeats", 1), lambda: summary_data_from_transaction_data(
        log, "customer_id", "date", monetary_value_col="amount", observation_period_end=end, freq="D"))
    table.to_csv(job["out"])
    return {"seconds": seconds, "customers": int(len(table))}


def fit_job(job):
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    rft = pd.read_csv(job["csv"])
    repeats = job.get("repeats", 1)
    bg_seconds, bg = best_of(repeats, lambda: BetaGeoFitter().fit(rft["frequency"], rft["recency"], rft["T"]))
    buyers = rft[rft["frequency"] > 0]
    gg_seconds, gg = best_of(repeats, lambda: GammaGammaFitter().fit(buyers["frequency"], buyers["monetary_value"]))
    return {"bgnbd_seconds": bg_seconds, "bgnbd": {k: float(v) for k, v in bg.params_.items()},
            "gamma_gamma_seconds": gg_seconds, "gamma_gamma": {k: float(v) for k, v in gg.params_.items()}}


def main():
    import lifetimes

    job = json.loads(sys.stdin.read())
    answer = {"summary": summary_job, "fit": fit_job}[job["task"]](job)
    answer["lifetimes_version"] = lifetimes.__version__
    answer["pandas_version"] = pd.__version__
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
