"""Synthetic data for customer service management (chapter 03, lecture ch. 5): ``calls``, ``service_sites``.

- ``calls``: four weeks of a retailer's call centre (呼叫中心), one row per
  call offered to one of three queues: pre-sale (售前, product questions),
  in-sale (售中, orders, payment, delivery) and after-sale (售后, returns,
  repairs, complaints). Staffing is the same all day, so calls wait longer
  in the busy hours (:data:`HOUR_LOAD`); a caller hangs up when the wait
  exceeds their patience (exponential, mean :data:`MEAN_PATIENCE_S`).
  Answered calls are resolved at the first contact with a queue-specific
  chance (:data:`FCR`), lower in the busy hours.
- ``service_sites``: five candidate sites for a new service centre
  (服务设施选址), with the lecture's qualitative factors as panel points
  (0-100) and its quantitative factors in their own units.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.datasets.seeds import Seed

SEED = 20240505

# --- Call centre -----------------------------------------------------------------------------

START = "2024-03-04"  # a Monday
DAYS = 28
OPEN_HOURS = list(range(8, 20))
"""The centre answers from 08:00 to 20:00; ``hour`` 8 is 08:00-08:59."""

QUEUES = ["pre-sale", "in-sale", "after-sale"]
QUEUES_ZH = {"pre-sale": "售前服务", "in-sale": "售中服务", "after-sale": "售后服务"}
CALLS_PER_HOUR = {"pre-sale": 4.0, "in-sale": 6.0, "after-sale": 7.0}
"""Mean calls offered per hour on a weekday at normal load."""
WEEKEND_FACTOR = {"pre-sale": 1.6, "in-sale": 0.9, "after-sale": 0.8}
HOUR_LOAD = {8: 0.6, 9: 0.9, 10: 1.5, 11: 1.6, 12: 1.0, 13: 0.9, 14: 1.0, 15: 1.0, 16: 1.0, 17: 1.1,
             18: 1.5, 19: 1.3}
"""Relative number of calls by hour of the day (busy at 10-11 and 18-19)."""
MEAN_WAIT_S = {"pre-sale": 10.0, "in-sale": 13.0, "after-sale": 22.0}
"""Mean wait (seconds) before an agent answers, at load 1; it grows with the square of the load."""
MEAN_PATIENCE_S = 200.0
MEDIAN_TALK_S = {"pre-sale": 240.0, "in-sale": 170.0, "after-sale": 420.0}
FCR = {"pre-sale": 0.86, "in-sale": 0.80, "after-sale": 0.64}
"""Chance that an answered call is resolved at the first contact, at normal load."""
BUSY_FCR_DROP = 0.08
"""First-contact resolution falls by this much in hours with load >= 1.3 (agents hurry)."""

# --- Site selection --------------------------------------------------------------------------

SITES = ["A Riverside", "B Old Town", "C Tech Park", "D Airport Road", "E New District"]
SITE_PROFILE = {
    # infrastructure, workforce, work_quality, life_quality (points), labour_cost (yuan/h),
    # utilities (thousand yuan/month), population (thousand within 3 km), foot_traffic (people/day)
    "A Riverside": [70, 65, 70, 80, 38, 42, 120, 9000],
    "B Old Town": [55, 75, 60, 70, 32, 35, 210, 16000],
    "C Tech Park": [90, 85, 80, 65, 46, 50, 80, 6000],
    "D Airport Road": [80, 55, 65, 55, 34, 38, 60, 11000],
    "E New District": [75, 60, 75, 75, 30, 30, 95, 5000],
}
SITE_COLUMNS = ["infrastructure", "workforce", "work_quality", "life_quality",
                "labour_cost", "utilities", "population", "foot_traffic"]


def make_calls(rng: np.random.Generator) -> pd.DataFrame:
    """Return one row per call offered: date, hour, queue, wait, abandoned, talk time, first-contact resolution."""
    rows = []
    days = pd.date_range(START, periods=DAYS, freq="D")
    for day in days:
        weekend = day.day_of_week >= 5
        for hour in OPEN_HOURS:
            load = HOUR_LOAD[hour]
            for queue in QUEUES:
                rate = CALLS_PER_HOUR[queue] * load * (WEEKEND_FACTOR[queue] if weekend else 1.0)
                n = rng.poisson(rate)
                if n == 0:
                    continue
                wait = rng.exponential(MEAN_WAIT_S[queue] * load ** 2, size=n)
                patience = rng.exponential(MEAN_PATIENCE_S, size=n)
                abandoned = patience < wait
                talk = MEDIAN_TALK_S[queue] * np.exp(rng.normal(0.0, 0.5, size=n))
                fcr = FCR[queue] - (BUSY_FCR_DROP if load >= 1.3 else 0.0)
                resolved = rng.random(n) < fcr
                for k in range(n):
                    rows.append({
                        "date": day, "hour": hour, "queue": queue,
                        "wait_seconds": int(round(patience[k] if abandoned[k] else wait[k])),
                        "abandoned": bool(abandoned[k]),
                        "talk_seconds": 0 if abandoned[k] else int(round(talk[k])),
                        "resolved_first_contact": bool(resolved[k] and not abandoned[k]),
                    })
    calls = pd.DataFrame(rows)
    # Calls arrive at random minutes within the hour: order them by a random minute within date and hour.
    calls["minute"] = rng.integers(0, 60, size=len(calls))
    calls = calls.sort_values(["date", "hour", "minute"], kind="stable").drop(columns="minute").reset_index(drop=True)
    calls.insert(0, "call_id", np.arange(1, len(calls) + 1))
    return calls


def make_sites(rng: np.random.Generator) -> pd.DataFrame:
    """Return the candidate sites with their factors: the planned profile plus a little panel noise."""
    rows = []
    for site in SITES:
        values = np.array(SITE_PROFILE[site], dtype=float)
        points = np.clip(np.round(values[:4] + rng.normal(0.0, 4.0, size=4)), 0, 100).astype(int)
        labour = np.round(values[4] * np.exp(rng.normal(0.0, 0.03)), 1)
        utilities = np.round(values[5] * np.exp(rng.normal(0.0, 0.05)), 1)
        population = int(np.round(values[6] * np.exp(rng.normal(0.0, 0.05))))
        traffic = int(np.round(values[7] * np.exp(rng.normal(0.0, 0.05)), -2))
        rows.append([site, *points.tolist(), labour, utilities, population, traffic])
    return pd.DataFrame(rows, columns=["site", *SITE_COLUMNS])


def generate(seed: Seed = SEED) -> dict[str, pd.DataFrame]:
    """Return ``calls`` and ``service_sites``, the same every run.

    Parameters
    ----------
    seed : int or (int, int)
        The random seed; :data:`SEED` gives the tables stored in ``data/``, ``(SEED, student number)`` a
        student's personal data (see :mod:`helpers.datasets.seeds`).
    """
    rng = np.random.default_rng(seed)
    return {"calls": make_calls(rng), "service_sites": make_sites(rng)}
