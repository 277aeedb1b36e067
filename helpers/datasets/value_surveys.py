"""Chapter 02's synthetic data: a Kano survey, B2B accounts and Gale's attribute ratings.

- ``kano_survey``: 180 shoppers of the retailer's app answer the paired Kano
  questions on 8 features. Each feature has a planted mix of categories, so
  that every Kano category (A, O, M, I, R, and a few Q) shows up: secure
  payment is a must-be, delivery speed one-dimensional, AR try-on attractive,
  push notifications reverse for many, and so on.
- ``b2b_accounts``: 72 industrial customers of a chemicals supplier with the
  six indicators of lecture seed 003: current value (gross profit, sales
  volume, marketing cost) and future value (industry position, years of
  cooperation, satisfaction). Size drives profit, volume and cost together;
  future value is only loosely related to current value, so that every
  quadrant of the current × potential value matrix is populated.
- ``gale_ratings``: customers' mean ratings of our brand and three rivals on
  five quality attributes and three price attributes, with importance
  weights, for Gale's customer value analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.datasets.seeds import Seed
from helpers.kano import EVALUATION_TABLE

SEED = 20260202

N_RESPONDENTS = 180

# Feature -> planted probabilities of the categories A, O, M, I, R.
KANO_FEATURES: dict[str, tuple[float, float, float, float, float]] = {
    "secure_payment":     (0.04, 0.20, 0.62, 0.12, 0.02),
    "delivery_speed":     (0.12, 0.58, 0.18, 0.10, 0.02),
    "order_tracking":     (0.16, 0.22, 0.44, 0.16, 0.02),
    "loyalty_points":     (0.30, 0.36, 0.08, 0.24, 0.02),
    "ar_try_on":          (0.54, 0.10, 0.02, 0.30, 0.04),
    "live_chat_support":  (0.44, 0.24, 0.06, 0.24, 0.02),
    "dark_mode":          (0.12, 0.04, 0.02, 0.78, 0.04),
    "push_notifications": (0.06, 0.04, 0.02, 0.36, 0.52),
}
QUESTIONABLE_SHARE = 0.03  # careless answers: "like" (or "dislike") both with and without

N_ACCOUNTS = 72
INDUSTRIES = ["automotive", "construction", "electronics", "packaging", "textiles"]

# Gale: dimension, attribute, weight (within the dimension, sums to 100), ratings of four brands (1–10).
GALE_RATINGS = [
    ("quality", "product purity", 30, 8.4, 7.6, 6.9, 8.8),
    ("quality", "delivery reliability", 25, 8.1, 7.0, 7.4, 7.9),
    ("quality", "technical support", 20, 7.8, 6.2, 6.0, 8.5),
    ("quality", "packaging", 10, 6.5, 7.2, 6.8, 7.0),
    ("quality", "order handling", 15, 7.2, 7.4, 6.5, 7.8),
    ("price", "list price", 50, 6.6, 7.1, 8.2, 5.2),
    ("price", "payment terms", 30, 7.6, 6.8, 7.0, 6.4),
    ("price", "volume discounts", 20, 6.6, 6.9, 7.8, 6.0),
]
GALE_BRANDS = ["ours", "rival_a", "rival_b", "rival_c"]


def generate(seed: Seed = SEED) -> dict[str, pd.DataFrame]:
    """Return ``{"kano_survey": …, "b2b_accounts": …, "gale_ratings": …}``."""
    rng = np.random.default_rng(seed)
    return {
        "kano_survey": make_kano_survey(rng),
        "b2b_accounts": make_b2b_accounts(rng),
        "gale_ratings": make_gale_ratings(),
    }


def make_kano_survey(rng: np.random.Generator) -> pd.DataFrame:
    """One row per respondent and feature with the two answers coded 1–5."""
    cells = {code: sorted(pair for pair, category in EVALUATION_TABLE.items() if category == code)
             for code in "AOMIRQ"}
    rows = []
    for respondent in range(1, N_RESPONDENTS + 1):
        for feature, mix in KANO_FEATURES.items():
            if rng.random() < QUESTIONABLE_SHARE:
                code = "Q"
            else:
                code = "AOMIR"[rng.choice(5, p=np.array(mix) / sum(mix))]
            options = cells[code]
            functional, dysfunctional = options[rng.choice(len(options), p=_pair_weights(code, options))]
            rows.append({"respondent_id": respondent, "feature": feature,
                         "functional": functional, "dysfunctional": dysfunctional})
    return pd.DataFrame(rows)


def _pair_weights(code: str, pairs: list[tuple[int, int]]) -> np.ndarray:
    """How likely each answer pair of a category is: clear-cut answers are the commonest.

    Respondents who find a feature indifferent mostly say "neutral" to both
    questions; the mild answers (must-be, live with) are rarer than the
    strong ones (like, dislike) for the other categories.
    """
    weights = []
    for functional, dysfunctional in pairs:
        weight = 1.0
        if code == "I":
            weight = 4.0 if (functional, dysfunctional) == (3, 3) else 1.0
        elif code in "AOMR":
            weight = 3.0 if functional in (1, 5) and dysfunctional in (1, 5) else 1.0
            weight += 1.0 if 3 in (functional, dysfunctional) else 0.0
        weights.append(weight)
    weights = np.array(weights)
    return weights / weights.sum()


def make_b2b_accounts(rng: np.random.Generator) -> pd.DataFrame:
    """72 industrial accounts with the six grading indicators of seed 003."""
    n = N_ACCOUNTS
    size = rng.lognormal(mean=0.0, sigma=0.7, size=n)  # latent account size
    volume = np.round(180 * size * rng.lognormal(0, 0.25, n), 1)  # tonnes per year
    margin_per_tonne = rng.normal(0.42, 0.08, n).clip(0.2, 0.7)  # 10k yuan per tonne
    gross_profit = np.round(volume * margin_per_tonne, 1)  # 10k yuan
    # Marketing cost (sales discounts + financing cost) grows with volume, more for demanding accounts.
    marketing_cost = np.round(0.06 * volume * rng.lognormal(0, 0.35, n) + rng.uniform(2, 8, n), 1)
    # Future value: only loosely tied to today's size.
    potential = 0.35 * np.log(size) + rng.normal(0, 0.8, n)
    industry_position = np.clip(np.round(3 + 1.1 * potential + rng.normal(0, 0.6, n)), 1, 5).astype(int)
    years = np.clip(np.round(rng.gamma(2.2, 2.6, n) + 1.5 * (potential > 0.5)), 1, 25).astype(int)
    satisfaction = np.clip(np.round(7 + 1.1 * potential + rng.normal(0, 0.9, n), 1), 1, 10)
    accounts = pd.DataFrame({
        "account_id": [f"B{k:03d}" for k in range(1, n + 1)],
        "industry": rng.choice(INDUSTRIES, size=n),
        "gross_profit": gross_profit,
        "sales_volume": volume,
        "marketing_cost": marketing_cost,
        "industry_position": industry_position,
        "years_cooperation": years,
        "satisfaction": satisfaction,
    })
    return accounts


def make_gale_ratings() -> pd.DataFrame:
    """Gale's attribute table: weights and mean ratings of four brands."""
    return pd.DataFrame(GALE_RATINGS, columns=["dimension", "attribute", "weight", *GALE_BRANDS])
