"""Answer key of chapter 05, "Your own data, at any scale".

Every expected value is computed when the check runs, from the shipped messy
log ``data/ownlog/shop_orders.csv`` (``helpers.datasets.ownlog``) and the
tested helpers, so the key follows a student's personal log too.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import clv, engine, ingest, pareto, report
from helpers.check import Exercise, Mistake
from helpers.datasets import ownlog
from helpers.lifecycle import cohort_table

CUSTOMER, DATE, AMOUNT, STORE = "会员编号", "下单时间", "实付金额", "门店"
CAMPAIGN_COST, CAMPAIGN_LIFT, CAMPAIGN_MARGIN = 15.0, 0.20, 0.30  # margin: as chapter 04's campaign
LAPSED_DAYS = 365
SHORT_HOLDOUT_DAYS = 91
TOP_FRACTION = 0.01


@lru_cache(maxsize=1)
def _raw() -> pd.DataFrame:
    return ingest.read_log(ownlog.path())[0]


@lru_cache(maxsize=1)
def _clean() -> pd.DataFrame:
    return ingest.clean_log(_raw(), CUSTOMER, DATE, AMOUNT)[0]


@lru_cache(maxsize=1)
def _model() -> tuple[pd.DataFrame, int, pd.DataFrame, dict, dict, pd.DataFrame]:
    """The chapter's pipeline: log, analysis day, summary, BG/NBD, Gamma-Gamma, customers."""
    log = engine.as_log(_clean())
    asof = int(log["day"].max())
    summary = engine.customer_summary(log, asof)
    bgnbd, gamma_gamma = report.fit_models(report.repeat_summary(summary, asof))
    customers = report.score_customers(summary, asof, bgnbd, gamma_gamma)
    return log, asof, summary, bgnbd, gamma_gamma, customers


def _compact_dates() -> int:
    """5.1: rows of the file (as read) whose date is written as 8 digits, yyyymmdd."""
    return int(_raw()[DATE].str.strip().str.fullmatch(r"\d{8}").sum())


def _compact_dates_deduplicated() -> int:
    raw = _raw().drop_duplicates()
    return int(raw[DATE].str.strip().str.fullmatch(r"\d{8}").sum())


def _online_net(deduplicate: bool = True) -> float:
    """5.2: net yuan of the online shop's rows, exact duplicate lines dropped."""
    raw = _raw().drop_duplicates() if deduplicate else _raw()
    online = raw[raw[STORE] == "线上商城"]
    return float(ingest.parse_money(online[AMOUNT]).amount.sum())


def _cohort_share(with_returns: bool = False) -> float:
    """5.3: share of the 2023-04 cohort buying in its third month after the first (period 3)."""
    clean = _clean()
    if with_returns:
        table = cohort_table(clean, "customer", "date", values="count")
    else:
        log, asof, *_ = _model()
        table = engine.cohort_matrix(engine.cohort_counts(log, asof), asof)
    row = table.loc[pd.Period("2023-04", "M")]
    return float(row[3] / row[0])


def _net_revenue() -> np.ndarray:
    summary = _model()[2]
    return (summary["gross"] - summary["returned"]).to_numpy()


def _top1_share() -> float:
    """5.4: share of net revenue held by the top 1 % of customers (net revenue <= 0 counted as 0)."""
    return pareto.top_share(np.clip(_net_revenue(), 0, None), TOP_FRACTION)


def _top1_share_gross() -> float:
    return pareto.top_share(_model()[2]["gross"].to_numpy(), TOP_FRACTION)


def _r5_largest_days(reversed_days: bool = True) -> int:
    """5.5: the most days since the last purchase among the R = 5 customers (ties share the lowest rank)."""
    log, asof, summary, *_ = _model()
    days = pd.Series(asof - summary["last_day"].to_numpy())
    rank = (-days if reversed_days else days).rank(method="min")
    score = np.floor((rank - 1) / len(days) * 5) + 1
    return int(days[score == 5].max())


def _lapsed_p_alive(unit_days: bool = False) -> float:
    """5.6: mean P(alive) of the customers whose last purchase is more than 365 days old."""
    _, asof, summary, bgnbd, _, customers = _model()
    lapsed = (asof - summary["last_day"]).to_numpy() > LAPSED_DAYS
    if not unit_days:
        return float(customers.loc[lapsed, "p_alive"].mean())
    c = customers[lapsed]
    return float(np.mean(clv.probability_alive(bgnbd, c["frequency"], c["recency"] * 7, c["T"] * 7)))


def _campaign(column: str = "clv_12m", margin: float = CAMPAIGN_MARGIN) -> int:
    """5.7: customers whose expected extra margin (30 % of 20 % of 12-month CLV) exceeds the 15-yuan cost."""
    customers = _model()[5]
    return int((margin * CAMPAIGN_LIFT * customers[column] > CAMPAIGN_COST).sum())


def _ten_purchase_days() -> int:
    """5.8: customers with at least 10 purchase days, correctly counted."""
    return int((_model()[2]["purchase_days"] >= 10).sum())


def _ten_rows_wrong() -> int:
    """5.8's wrong analysis: rows (duplicates included) per raw id, ids not stripped, the blank id '' a customer."""
    raw = _raw()
    money = ingest.parse_money(raw[AMOUNT]).amount
    dated = ingest.parse_dates(raw[DATE]).notna()
    bought = raw[(money > 0) & dated]
    return int((bought.groupby(CUSTOMER).size() >= 10).sum())


def _ten_orders() -> int:
    """5.8 half fixed: cleaned ids, but orders (rows) counted instead of purchase days."""
    return int((_model()[2]["orders"] >= 10).sum())


def _ten_days_blank_id_kept() -> int:
    """5.8 half fixed: purchase days per stripped id, but the blank id '' kept as one customer."""
    raw = _raw().drop_duplicates()
    money = ingest.parse_money(raw[AMOUNT]).amount
    dates = ingest.parse_dates(raw[DATE])
    bought = raw[(money > 0) & dates.notna()]
    ids = bought[CUSTOMER].str.strip()
    return int((dates[bought.index].groupby(ids).nunique() >= 10).sum())


def _short_holdout_error() -> float:
    """5.9: relative error of the predicted total holdout purchase days with a 13-week holdout."""
    log, asof, *_ = _model()
    _, totals, _ = report.holdout_check(log, asof, SHORT_HOLDOUT_DAYS, "pandas")
    return totals["predicted"] / totals["actual"] - 1


def _long_holdout_error() -> float:
    log, asof, *_ = _model()
    _, totals, _ = report.holdout_check(log, asof, report.HOLDOUT_DAYS, "pandas")
    return totals["predicted"] / totals["actual"] - 1


EXERCISES = {
    "5.1": Exercise(
        _compact_dates, form="count",
        hints=("Look at the raw table `raw` (as read, before any cleaning) and its column 下单时间.",
               "Strip spaces, then count the values that match the pattern of exactly 8 digits: "
               "raw['下单时间'].str.strip().str.fullmatch(r'\\d{8}').sum()."),
        explanation="Those rows come from the old till; parse_dates reads them as yyyymmdd.",
        mistakes=(Mistake(_compact_dates_deduplicated,
                          "That is after dropping duplicate lines; count the rows of the file as read."),),
        stars=1, kind="apply"),
    "5.2": Exercise(
        lambda: _online_net(True), form="money", decimals=2,
        hints=("Use `raw` with exact duplicate lines dropped, and only the rows whose 门店 is 线上商城.",
               "Remove '￥' and ',' from 实付金额, convert with pd.to_numeric(..., errors='coerce') "
               "and sum (returns are negative, so the sum is net; blanks are skipped)."),
        explanation="Your own parser gives the same total as parse_money on the online shop's format.",
        mistakes=(Mistake(lambda: _online_net(False),
                          "Duplicate lines are still in: drop them first (raw.drop_duplicates())."),),
        stars=2, kind="write"),
    "5.3": Exercise(
        lambda: _cohort_share(False), form="share", decimals=3,
        hints=("Use `clean` (one row per usable line), purchases only (amount > 0).",
               "Month of each purchase with .dt.to_period('M'); first month per customer with "
               "groupby(...).transform('min'); among customers whose first month is 2023-04, the share "
               "with a purchase in 2023-07."),
        explanation="The same cell as cohort_counts gives for the 2023-04 cohort at period 3.",
        mistakes=(Mistake(lambda: _cohort_share(True),
                          "Returns are in: a return is not a purchase, keep amount > 0 only."),),
        stars=2, kind="write"),
    "5.4": Exercise(
        _top1_share, form="share", decimals=3,
        hints=("Net revenue per customer is `summary['gross'] - summary['returned']`; count values below 0 as 0.",
               "Sort from largest to smallest, take the first ceil(0.01 · n) customers, divide their sum "
               "by the total (np.sort, np.ceil, .sum())."),
        explanation="The same as top_share(net, 0.01): value is concentrated even at the very top.",
        mistakes=(Mistake(_top1_share_gross, "That is gross revenue; subtract the returns first."),),
        stars=2, kind="write"),
    "5.5": Exercise(
        _r5_largest_days, form="count",
        hints=("R scores days since the last purchase, `asof - summary['last_day']`; recent is good, so the R = 5 "
               "customers are the most recent fifth.",
               "Rank the *negated* days with rank(method='min'), score = floor((rank − 1) / n · 5) + 1, "
               "then take the largest days among the scores equal to 5."),
        explanation="The R = 5 cut: customers who bought within this many days of the analysis date.",
        mistakes=(Mistake(lambda: _r5_largest_days(reversed_days=False),
                          "Recency is not reversed: you scored the customers who bought *longest* ago as 5."),),
        stars=2, kind="write"),
    "5.6": Exercise(
        lambda: _lapsed_p_alive(False), form="share", decimals=3,
        hints=("Customers with `asof - summary['last_day'] > 365`; their frequency, recency and T are in "
               "`rft` (weeks), the parameters in `bgnbd`.",
               "P(alive) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)); take the mean."),
        explanation="Customers silent for a year are far less likely to be alive than the average customer.",
        mistakes=(Mistake(lambda: _lapsed_p_alive(True),
                          "Recency and T are in days here, but α is in weeks: use the weeks of `rft`."),),
        stars=3, kind="write"),
    "5.7": Exercise(
        lambda: _campaign("clv_12m"), form="count",
        hints=("The extra revenue of contacting a customer is 20 % of their 12-month CLV (column clv_12m of "
               "`customers`, net revenue after returns); the shop keeps 30 % of it as margin.",
               "Count the customers with 0.30 · 0.20 · clv_12m > 15."),
        explanation="Beyond them the margin a contact is expected to bring is below its cost.",
        mistakes=(Mistake(lambda: _campaign(margin=1.0),
                          "That compares extra revenue with the cost: only the 30 % margin on it pays for the message."),
                  Mistake(lambda: _campaign("monetary_value"),
                          "That uses the past mean spend per purchase, not the expected value of the next 12 months.")),
        stars=2, kind="decide"),
    "5.8": Exercise(
        _ten_purchase_days, form="count",
        hints=("The code counts rows of the raw file per raw id. What do duplicate lines, two orders on one day, "
               "' VIP10073 ' with spaces and the blank id '' do to that count?",
               "Count purchase days per cleaned customer instead (blank ids dropped): "
               "`summary['purchase_days'] >= 10`, or from `clean`: purchases only, groupby customer, nunique dates."),
        explanation="Purchase days of cleaned ids: the BG/NBD count of purchase occasions.",
        mistakes=(Mistake(_ten_rows_wrong, "That is the wrong code's own answer: fix it first."),
                  Mistake(_ten_orders, "You count orders (rows), not purchase days: two orders on one day are one "
                                       "purchase occasion."),
                  Mistake(_ten_days_blank_id_kept, "The blank id '' is counted as a customer: those rows belong to "
                                                   "nobody and must be dropped.")),
        stars=2, kind="diagnose"),
    "5.9": Exercise(
        _short_holdout_error, form="number", decimals=3,
        hints=("Section 7 judged the model on a 26-week holdout with one call of `report`; look at that cell.",
               "Call it again with holdout_days = 91; the answer is totals['predicted'] / totals['actual'] − 1."),
        explanation="A shorter holdout leaves a longer calibration period but fewer purchases to judge by; "
                    "the bootstrap interval says whether the total is significantly off.",
        mistakes=(Mistake(_long_holdout_error, "That is the 26-week holdout of the chapter; use 91 days."),),
        stars=3, kind="apply"),
    "5.10": Exercise(
        lambda: "B", form="choice",
        hints=("Look at the P(alive) formula: when is the term that can make it smaller than 1 zero?",
               "The term has the factor [x > 0]."),
        explanation="BG/NBD lets customers drop out only right after a repeat purchase, so one who never "
                    "came back counts as alive: a known weakness of the model.",
        mistakes=(Mistake("A", "With x > 0 even a purchase today leaves a small chance of having dropped out."),),
        stars=1, kind="interpret", personal=False),
}
"""Chapter 05's exercises by id."""
