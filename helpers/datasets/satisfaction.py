"""Synthetic surveys for chapter 03: ``servqual``, ``csi_survey``, ``loyalty_survey``, ``complaints``.

Each table is made from a known model, so that what the chapter measures on it
can be checked against the truth:

- ``servqual``: 380 customers of three branches answer the 22 SERVQUAL items
  twice (expectation E and perception P, 7-point scale) and split 100
  importance points over the five dimensions; their overall satisfaction
  (1-7) follows their gap P - E. The branches differ on
  purpose (see :data:`SERVQUAL_PERCEPTION`): the online branch is slow to
  respond, the suburban branch has shabby premises, the downtown branch makes
  mistakes.
- ``csi_survey``: 1,000 answers to a customer satisfaction index
  questionnaire, three items per construct on a 10-point scale, and the
  channel the respondent mostly buys through. The construct scores follow
  the structural model :data:`TRUE_PATHS` (a CCSI model with brand image,
  extended by the ACSI complaints construct); every item is its construct's
  score plus measurement noise (:data:`CSI_ITEM_NOISE`) at the reliability
  of real surveys (Cronbach's alpha about 0.81-0.91), so that regressions on
  the construct means (composite scores) are visibly attenuated and a
  latent-variable method is needed to recover the paths.
- ``loyalty_survey``: 900 customers of the retailer (``customers``) who bought
  in 2023 rate their satisfaction and loyalty attitudes at the end of 2023.
  Their answers are tied to what they really bought in 2024 (``transactions``)
  so that the satisfaction-loyalty curve has Jones & Sasser's shape
  (:data:`RETENTION_BY_SATISFACTION`).
- ``complaints``: complaints about real 2024 orders, with channel, category,
  hours to resolve and outcome; resolved complaints are more common among
  customers who bought again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.datasets import retail
from helpers.datasets.seeds import Seed, same_student, substream

SEED = 20230303

# --- SERVQUAL -------------------------------------------------------------------------------

SERVQUAL_DIMENSIONS = {
    "tangibles": [1, 2, 3, 4],
    "reliability": [5, 6, 7, 8, 9],
    "responsiveness": [10, 11, 12, 13],
    "assurance": [14, 15, 16, 17],
    "empathy": [18, 19, 20, 21, 22],
}
"""The 1988 item map (the same as :data:`helpers.servqual.DIMENSIONS`)."""

BRANCH_SIZE = {"Downtown": 140, "Suburban": 120, "Online": 120}

SERVQUAL_EXPECTATION = {
    # branch: mean expectation per dimension (tangibles, reliability, responsiveness, assurance, empathy)
    "Downtown": [5.3, 6.3, 5.9, 6.0, 5.5],
    "Suburban": [5.2, 6.3, 5.8, 6.0, 5.6],
    "Online": [5.0, 6.4, 6.3, 6.0, 5.4],
}
SERVQUAL_PERCEPTION = {
    # Downtown: modern shop but errors (reliability) and queues; Suburban: shabby premises;
    # Online: slow replies (responsiveness) and little personal attention (empathy).
    "Downtown": [5.7, 5.4, 5.1, 5.8, 5.1],
    "Suburban": [4.5, 5.9, 5.6, 5.8, 5.7],
    "Online": [5.2, 5.9, 4.8, 5.4, 4.6],
}
SERVQUAL_IMPORTANCE = {
    # mean importance points (out of 100) per dimension, in the order above
    "Downtown": [12, 32, 21, 19, 16],
    "Suburban": [14, 31, 20, 19, 16],
    "Online": [8, 31, 28, 19, 14],
}

SATISFACTION_BASE = 5.2
SATISFACTION_SLOPE = 1.4
"""Overall satisfaction (1-7) = base + slope * (mean P - mean E) + noise: the disconfirmation model."""

# --- Customer satisfaction index ------------------------------------------------------------

CSI_ITEMS = {
    "image": ["img1", "img2", "img3"],
    "expectation": ["exp1", "exp2", "exp3"],
    "quality": ["qua1", "qua2", "qua3"],
    "value": ["val1", "val2", "val3"],
    "satisfaction": ["sat1", "sat2", "sat3"],
    "complaints": ["cmp1", "cmp2", "cmp3"],
    "loyalty": ["loy1", "loy2", "loy3"],
}
"""Construct -> its three questionnaire items (10-point scale)."""

CSI_ITEM_TEXT = {
    "img1": "The brand has a good reputation", "img2": "The brand is trustworthy",
    "img3": "The brand stands for something I like",
    "exp1": "Expected overall quality before buying", "exp2": "Expected reliability",
    "exp3": "Expected fit to my needs",
    "qua1": "Overall quality experienced", "qua2": "Reliability experienced",
    "qua3": "Fit to my needs experienced",
    "val1": "Quality given the price", "val2": "Price given the quality", "val3": "Worth the time and effort",
    "sat1": "Overall satisfaction", "sat2": "Compared with my expectations",
    "sat3": "Compared with an ideal supplier",
    "cmp1": "I have complained or felt like complaining", "cmp2": "I would tell others about problems",
    "cmp3": "I felt let down by the service",
    "loy1": "I will buy here again", "loy2": "I would stay if prices rose a little",
    "loy3": "I would recommend it to friends",
}
"""The question behind each CSI item (1 = not at all ... 10 = completely)."""

TRUE_PATHS: dict[tuple[str, str], float] = {
    ("image", "expectation"): 0.55,
    ("expectation", "quality"): 0.50,
    ("expectation", "value"): 0.15,
    ("quality", "value"): 0.55,
    ("image", "satisfaction"): 0.20,
    ("expectation", "satisfaction"): 0.10,
    ("quality", "satisfaction"): 0.35,
    ("value", "satisfaction"): 0.25,
    ("satisfaction", "complaints"): -0.45,
    ("image", "loyalty"): 0.15,
    ("satisfaction", "loyalty"): 0.50,
    ("complaints", "loyalty"): -0.15,
}
"""The generating structural model: (cause, effect) -> path coefficient."""

CSI_N = 1000
CSI_ITEM_NOISE: dict[str, float] = {
    "image": 0.85, "expectation": 1.15, "quality": 1.0, "value": 1.1,
    "satisfaction": 0.9, "complaints": 1.2, "loyalty": 1.0,
}
"""Standard deviation of an item around its construct score, before rounding (alpha about 0.81-0.91)."""
CSI_CHANNEL_SHARE = {"online": 0.45, "store": 0.35, "app": 0.20}
"""Share of respondents per main buying channel (no effect planted on the answers)."""
_CSI_INTERCEPT = {"expectation": 2.8, "quality": 3.1, "value": 1.6, "satisfaction": 0.6,
                  "complaints": 7.3, "loyalty": 2.8}
_CSI_ERROR_SD = {"expectation": 1.3, "quality": 1.3, "value": 1.2, "satisfaction": 1.05,
                 "complaints": 1.3, "loyalty": 1.2}

# --- Loyalty survey -------------------------------------------------------------------------

LOYALTY_N = 900
SATISFACTION_SHARE = [0.06, 0.12, 0.30, 0.32, 0.20]
"""Planned share of the satisfaction answers 1..5."""
RETENTION_BY_SATISFACTION = [0.12, 0.25, 0.45, 0.52, 0.90]
"""Planned chance of buying again in 2024 at satisfaction 1..5 (Jones & Sasser 1995's shape)."""

# --- Complaints -----------------------------------------------------------------------------

COMPLAINT_RATE = {"online": 0.050, "store": 0.030, "app": 0.035}  # complaints per order
COMPLAINT_CATEGORIES = ["delivery", "product quality", "billing", "staff", "returns"]
CATEGORY_SHARE = {
    "online": [0.40, 0.25, 0.10, 0.05, 0.20],
    "store": [0.05, 0.35, 0.15, 0.30, 0.15],
    "app": [0.35, 0.25, 0.20, 0.05, 0.15],
}
MEDIAN_HOURS = {"online": 30.0, "store": 18.0, "app": 10.0}
CATEGORY_HOURS = {"delivery": 1.0, "product quality": 1.6, "billing": 0.8, "staff": 0.7, "returns": 1.3}


def make_servqual(rng: np.random.Generator, seed: Seed = SEED) -> pd.DataFrame:
    """Return one row per respondent: branch, E1..E22, P1..P22, importance points per dimension."""
    dims = list(SERVQUAL_DIMENSIONS)
    item_dim = np.array([dims.index(d) for d in dims for _ in SERVQUAL_DIMENSIONS[d]])
    item_shift_e = rng.normal(0.0, 0.15, size=22)
    item_shift_p = rng.normal(0.0, 0.20, size=22)
    frames = []
    for branch, size in BRANCH_SIZE.items():
        e_mean = np.array(SERVQUAL_EXPECTATION[branch])[item_dim] + item_shift_e
        p_mean = np.array(SERVQUAL_PERCEPTION[branch])[item_dim] + item_shift_p
        # Each respondent uses the scale a little differently (a personal shift), then item noise.
        e = e_mean + rng.normal(0.0, 0.45, size=(size, 1)) + rng.normal(0.0, 0.75, size=(size, 22))
        p = p_mean + rng.normal(0.0, 0.55, size=(size, 1)) + rng.normal(0.0, 0.85, size=(size, 22))
        table = pd.DataFrame({"branch": branch}, index=range(size))
        for k in range(22):
            table[f"E{k + 1}"] = np.clip(np.round(e[:, k]), 1, 7).astype(int)
        for k in range(22):
            table[f"P{k + 1}"] = np.clip(np.round(p[:, k]), 1, 7).astype(int)
        shares = rng.dirichlet(np.array(SERVQUAL_IMPORTANCE[branch], dtype=float) * 0.6, size=size)
        points = _points_out_of_100(shares)
        for j, dim in enumerate(dims):
            table[f"imp_{dim}"] = points[:, j]
        frames.append(table)
    servqual = pd.concat(frames, ignore_index=True)
    servqual.insert(0, "respondent_id", np.arange(1, len(servqual) + 1))
    # Overall satisfaction follows the disconfirmation P - E of each respondent. Its noise has its
    # own random stream, so that this column did not change any other table when it was added.
    own_rng = np.random.default_rng(substream(seed, 1))
    e_cols, p_cols = [f"E{k}" for k in range(1, 23)], [f"P{k}" for k in range(1, 23)]
    disconfirmation = servqual[p_cols].to_numpy().mean(axis=1) - servqual[e_cols].to_numpy().mean(axis=1)
    answer = SATISFACTION_BASE + SATISFACTION_SLOPE * disconfirmation + own_rng.normal(0.0, 0.6, len(servqual))
    servqual.insert(2, "satisfaction", np.clip(np.round(answer), 1, 7).astype(int))
    return servqual


def _points_out_of_100(shares: np.ndarray) -> np.ndarray:
    """Round each row of shares to whole points summing to exactly 100 (largest remainders)."""
    raw = shares * 100
    points = np.floor(raw).astype(int)
    for row in range(len(points)):
        missing = 100 - points[row].sum()
        order = np.argsort(-(raw[row] - points[row]), kind="stable")
        points[row, order[:missing]] += 1
    return points


def make_csi_survey(rng: np.random.Generator, seed: Seed = SEED) -> pd.DataFrame:
    """Return the CSI questionnaire: construct scores from :data:`TRUE_PATHS`, items around them."""
    scores = {"image": rng.normal(6.3, 1.7, size=CSI_N)}
    for construct in ["expectation", "quality", "value", "satisfaction", "complaints", "loyalty"]:
        value = _CSI_INTERCEPT[construct] + rng.normal(0.0, _CSI_ERROR_SD[construct], size=CSI_N)
        for (cause, effect), beta in TRUE_PATHS.items():
            if effect == construct:
                value = value + beta * scores[cause]
        scores[construct] = value
    survey = pd.DataFrame({"respondent_id": np.arange(1, CSI_N + 1)})
    for construct, items in CSI_ITEMS.items():
        for item in items:
            answer = scores[construct] + rng.normal(0.0, CSI_ITEM_NOISE[construct], size=CSI_N)
            survey[item] = np.clip(np.round(answer), 1, 10).astype(int)
    # The channel has its own random stream, so that adding it changed no other column or table.
    channel_rng = np.random.default_rng(substream(seed, 2))
    channels = list(CSI_CHANNEL_SHARE)
    survey.insert(1, "channel", channel_rng.choice(channels, size=CSI_N, p=list(CSI_CHANNEL_SHARE.values())))
    return survey


def make_loyalty_survey(rng: np.random.Generator, transactions: pd.DataFrame) -> pd.DataFrame:
    """Survey 2023 buyers at the end of 2023; tie their answers to their 2024 purchases."""
    tx = transactions
    buyers_2023 = np.sort(tx.loc[tx["date"].dt.year == 2023, "customer_id"].unique())
    chosen = np.sort(rng.choice(buyers_2023, size=LOYALTY_N, replace=False))
    orders_2024 = (tx.loc[tx["date"].dt.year == 2024].groupby("customer_id").size()
                   .reindex(chosen, fill_value=0).to_numpy())
    retained = orders_2024 > 0

    # Satisfaction given behaviour, by Bayes' rule from the planned curve.
    share = np.array(SATISFACTION_SHARE)
    keep_rate = np.array(RETENTION_BY_SATISFACTION)
    if_kept = share * keep_rate / (share * keep_rate).sum()
    if_lost = share * (1 - keep_rate) / (share * (1 - keep_rate)).sum()
    satisfaction = np.where(retained, rng.choice(5, size=LOYALTY_N, p=if_kept),
                            rng.choice(5, size=LOYALTY_N, p=if_lost)) + 1

    # Attitude: mostly satisfaction, partly habit (how much they buy), partly personal.
    habit = np.log1p(orders_2024)
    attitude = (0.55 * (satisfaction - 3.4) + 0.35 * (habit - habit.mean()) / habit.std()
                + rng.normal(0.0, 0.75, size=LOYALTY_N))

    def item(loading: float, noise: float) -> np.ndarray:
        answer = 4.2 + loading * attitude + rng.normal(0.0, noise, size=LOYALTY_N)
        return np.clip(np.round(answer), 1, 7).astype(int)

    return pd.DataFrame({
        "customer_id": chosen,
        "satisfaction": satisfaction,
        "recommend": item(1.1, 0.8),
        "prefer": item(1.0, 0.8),
        "competitor_attitude": item(0.9, 0.9),
        "price_sensitivity": item(-0.7, 1.0),
        "incident_tolerance": item(0.8, 1.0),
        "choice_time": item(-0.5, 1.1),
    })


def make_complaints(rng: np.random.Generator, transactions: pd.DataFrame) -> pd.DataFrame:
    """Complaints about orders of January-September 2024, with resolution time and outcome."""
    tx = transactions
    orders = tx.loc[(tx["date"] >= "2024-01-01") & (tx["date"] <= "2024-09-30")]
    rate = orders["channel"].map(COMPLAINT_RATE).to_numpy()
    orders = orders.loc[rng.random(len(orders)) < rate].reset_index(drop=True)
    n = len(orders)
    channel = orders["channel"].to_numpy()
    category = np.array([rng.choice(COMPLAINT_CATEGORIES, p=CATEGORY_SHARE[c]) for c in channel])
    complaint_date = orders["date"] + pd.to_timedelta(rng.integers(1, 6, size=n), unit="D")
    median = np.array([MEDIAN_HOURS[c] * CATEGORY_HOURS[k] for c, k in zip(channel, category, strict=True)])
    hours = np.round(median * np.exp(rng.normal(0.0, 0.6, size=n)), 1)

    # Did the customer buy again within 90 days of complaining?  Resolution is likelier then.
    later = tx[["customer_id", "date"]].rename(columns={"date": "later"})
    pairs = pd.DataFrame({"row": np.arange(n), "customer_id": orders["customer_id"],
                          "complaint_date": complaint_date}).merge(later, on="customer_id")
    window = (pairs["later"] > pairs["complaint_date"]) & (
        pairs["later"] <= pairs["complaint_date"] + pd.Timedelta(days=90))
    bought_again = np.zeros(n, dtype=bool)
    bought_again[pairs.loc[window, "row"].unique()] = True
    p_resolved = np.where(bought_again, 0.85, 0.55) - 0.004 * np.minimum(hours, 60)
    draw = rng.random(n)
    outcome = np.where(draw < p_resolved, "resolved",
                       np.where(draw < p_resolved + 0.6 * (1 - p_resolved), "partly resolved", "unresolved"))
    complaints = pd.DataFrame({
        "order_id": orders["order_id"],
        "customer_id": orders["customer_id"],
        "date": complaint_date,
        "channel": channel,
        "category": category,
        "hours_to_resolve": hours,
        "outcome": outcome,
    })
    complaints = complaints.sort_values(["date", "order_id"], kind="stable").reset_index(drop=True)
    complaints.insert(0, "complaint_id", np.arange(1, n + 1))
    return complaints


def generate(seed: Seed = SEED) -> dict[str, pd.DataFrame]:
    """Return ``servqual``, ``csi_survey``, ``loyalty_survey`` and ``complaints``, the same every run."""
    rng = np.random.default_rng(seed)
    transactions = retail.generate(same_student(seed, retail.SEED))["transactions"]
    return {
        "servqual": make_servqual(rng, seed),
        "csi_survey": make_csi_survey(rng, seed),
        "loyalty_survey": make_loyalty_survey(rng, transactions),
        "complaints": make_complaints(rng, transactions),
    }
