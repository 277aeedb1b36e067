"""A messy shop-system export for chapter 05: ``data/ownlog/shop_orders.csv``.

Chapter 05 and ``python -m helpers.report`` show how to bring a real
transaction log into the course's analysis. Real exports are not clean, so
this one is written the way a Chinese shop system writes it:

- GBK-encoded, Windows line ends, Chinese column names
  (``订单号, 会员编号, 下单时间, 实付金额, 订单类型, 门店``);
- dates in the format of whichever till wrote them: ``2024-03-05 14:22:10``
  (online shop), ``2024/3/5`` (stores), ``20240305`` (an old till),
  ``2024年3月5日`` (typed in by hand);
- money as ``￥1,280.00`` (full-width yuan sign, thousands separators) or as
  a bare number; returns (退货) as negative amounts;
- the dirt every export has: a few exact duplicate lines (the export was run
  twice for one day), blank or unreadable dates, blank amounts, zero amounts,
  a few amounts in US dollars, rows with no member id, ids with stray spaces.

Behind the dirt is a customer base that behaves as the BG/NBD model assumes
(Fader, Hardie & Lee 2005): while "alive" each member buys at a Gamma-
distributed rate, and after each purchase may leave for good with a
Beta-distributed probability (BG/NBD's timing: only after a repeat purchase).
Spend per purchase day is Gamma(4, ν/4) around the member's mean ν
(ν = 20 + Gamma(3, 60), independent of the purchase rate): Gamma-Gamma-like,
but not that model, in which a customer's mean spend follows an inverse-Gamma
law. About 8 % of purchase days are split into two orders (an add-on order
the same day). So the fit in chapter 05 has something real to recover, and
the planted parameters are below for the reader to compare.

The file is byte-identical on every run (``tests/test_datasets.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250505
N_CUSTOMERS = 2400
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
FOLDER = "ownlog"
FILE = "shop_orders.csv"
ENCODING = "gbk"

# Planted BG/NBD-style behaviour (time in days).
RATE_SHAPE, RATE_SCALE = 0.9, 1 / 40      # purchase rate lambda ~ Gamma(0.9, scale 1/40): a purchase every ~44 days
DROPOUT_A, DROPOUT_B = 1.0, 5.0           # drop-out probability after a purchase ~ Beta(1, 5): mean 1/6
SPEND_SHAPE = 4.0                         # spend per purchase day ~ Gamma(4, scale nu / 4) around the mean nu
RETURN_SHARE = 0.04                       # share of orders later returned in full
SPLIT_SHARE = 0.08                        # share of purchase days split into two orders (an add-on order)

STORES = ["线上商城", "南京路店", "徐家汇店", "老系统收银"]
STORE_SHARE = [0.45, 0.25, 0.22, 0.08]

# Share of rows given each kind of dirt.
DUPLICATE_SHARE = 0.012
BAD_DATE_SHARE = 0.004
BLANK_AMOUNT_SHARE = 0.003
ZERO_AMOUNT_SHARE = 0.002
DOLLAR_SHARE = 0.002
NO_MEMBER_SHARE = 0.002
SPACED_ID_SHARE = 0.01
HAND_TYPED_DATE_SHARE = 0.03

COLUMNS = ["订单号", "会员编号", "下单时间", "实付金额", "订单类型", "门店"]
"""The export's columns: order number, member id, order time, amount paid, order type, store."""


def path(data_dir: Path | str | None = None) -> Path:
    """Where the sample log lives (``data/ownlog/shop_orders.csv`` by default).

    Without `data_dir`, a student's personal data folder is used when it holds
    the log (see :func:`helpers.data.data_dir`), else the repository's ``data/``.
    """
    if data_dir is None:
        from helpers.data import DATA_DIR
        from helpers.data import data_dir as current_data_dir

        personal = current_data_dir() / FOLDER / FILE
        return personal if personal.exists() else DATA_DIR / FOLDER / FILE
    return Path(data_dir) / FOLDER / FILE


def _orders(rng: np.random.Generator) -> pd.DataFrame:
    """The clean truth: one row per order (customer, day, time, amount, store), returns included."""
    span = (END - START).days + 1
    # More members join in the first year than in the second, as a shop that grew fast and then slowed.
    join = np.sort((rng.beta(1.0, 1.6, N_CUSTOMERS) * span).astype(int))
    rates = rng.gamma(RATE_SHAPE, RATE_SCALE, N_CUSTOMERS)
    dropout = rng.beta(DROPOUT_A, DROPOUT_B, N_CUSTOMERS)
    mean_spend = rng.gamma(3.0, 60.0, N_CUSTOMERS) + 20.0
    home_store = rng.choice(len(STORES), N_CUSTOMERS, p=STORE_SHARE)
    rows = []
    for i in range(N_CUSTOMERS):
        day, first = int(join[i]), True
        while day < span:
            spend = rng.gamma(SPEND_SHAPE, mean_spend[i] / SPEND_SHAPE)
            store = home_store[i] if rng.random() < 0.8 else rng.choice(len(STORES), p=STORE_SHARE)
            rows.append((i, day, int(rng.integers(8 * 3600, 22 * 3600)), round(float(spend), 2), int(store)))
            # As in BG/NBD, a customer may drop out right after each *repeat* purchase (not the first).
            if not first and rng.random() < dropout[i]:
                break
            first = False
            day += int(np.ceil(rng.exponential(1 / rates[i])))
    orders = pd.DataFrame(rows, columns=["member", "day", "second", "amount", "store"])
    # Some purchase days hold two orders (an add-on bought later that day): the day's spend is split,
    # so purchase days and spend per purchase day are still the planted ones; only the rows differ.
    split = orders[rng.random(len(orders)) < SPLIT_SHARE].copy()
    share = rng.uniform(0.2, 0.8, len(split))
    first_part = np.round(split["amount"].to_numpy() * share, 2)
    orders.loc[split.index, "amount"] = first_part
    split["amount"] = np.round(split["amount"].to_numpy() - first_part, 2)
    split["second"] = np.minimum(split["second"].to_numpy() + rng.integers(600, 4 * 3600, len(split)), 86_399)
    orders = pd.concat([orders, split[split["amount"] > 0]], ignore_index=True)
    orders = orders.sort_values(["day", "second", "member"], kind="stable").reset_index(drop=True)
    orders["type"] = "销售"
    returned = orders[rng.random(len(orders)) < RETURN_SHARE].copy()
    returned["day"] += rng.integers(1, 15, len(returned))
    returned = returned[returned["day"] < span]
    returned["amount"] = -returned["amount"]
    returned["type"] = "退货"
    orders = pd.concat([orders, returned], ignore_index=True).sort_values(["day", "second", "member"], kind="stable")
    return orders.reset_index(drop=True)


def _date_text(day: int, second: int, store: int, hand_typed: bool) -> str:
    """An order time written the way the till of `store` writes it."""
    stamp = START + pd.Timedelta(days=day, seconds=second)
    if hand_typed:
        return f"{stamp.year}年{stamp.month}月{stamp.day}日"
    if STORES[store] == "线上商城":
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    if STORES[store] == "老系统收银":
        return stamp.strftime("%Y%m%d")
    return f"{stamp.year}/{stamp.month}/{stamp.day}"


def _money_text(amount: float, store: int) -> str:
    """An amount as the till writes it: ``￥1,280.00`` online, a bare number in the stores."""
    if STORES[store] == "线上商城":
        return f"￥{amount:,.2f}"
    return f"{amount:.2f}"


def generate(seed: int | tuple[int, int] = SEED) -> pd.DataFrame:
    """Return the messy export as text columns, exactly as written to the file.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the stored file uses :data:`SEED`.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`, every value a string.
    """
    rng = np.random.default_rng(seed)
    orders = _orders(rng)
    n = len(orders)
    hand = rng.random(n) < HAND_TYPED_DATE_SHARE
    dates = [_date_text(d, s, st, h) for d, s, st, h in
             zip(orders["day"], orders["second"], orders["store"], hand, strict=True)]
    money = [_money_text(a, st) for a, st in zip(orders["amount"], orders["store"], strict=True)]
    members = [f"VIP{m + 10001}" for m in orders["member"]]
    sale_number = orders.index.to_numpy() + 100001
    numbers = [("TH" if t == "退货" else "DD") + f"{k}" for t, k in zip(orders["type"], sale_number, strict=True)]
    log = pd.DataFrame({"订单号": numbers, "会员编号": members, "下单时间": dates, "实付金额": money,
                        "订单类型": orders["type"].tolist(), "门店": [STORES[s] for s in orders["store"]]})

    def pick(share: float) -> np.ndarray:
        return np.flatnonzero(rng.random(n) < share)

    bad_dates = ["", "待补录", "2024/13/45", "#VALUE!"]
    for k in pick(BAD_DATE_SHARE):
        log.loc[k, "下单时间"] = bad_dates[int(rng.integers(len(bad_dates)))]
    for k in pick(BLANK_AMOUNT_SHARE):
        log.loc[k, "实付金额"] = ""
    for k in pick(ZERO_AMOUNT_SHARE):
        log.loc[k, "实付金额"] = "0.00"
    for k in pick(DOLLAR_SHARE):
        log.loc[k, "实付金额"] = f"${abs(orders.loc[k, 'amount']) / 7.1:.2f}"
    for k in pick(NO_MEMBER_SHARE):
        log.loc[k, "会员编号"] = ""
    for k in pick(SPACED_ID_SHARE):
        log.loc[k, "会员编号"] = f" {log.loc[k, '会员编号']} "
    # The export was run twice for a few days: some lines appear twice, right after the original.
    twice = pick(DUPLICATE_SHARE)
    order = np.sort(np.concatenate([np.arange(n), twice]), kind="stable")
    return log.iloc[order].reset_index(drop=True)


def write(out_dir: Path | str | None = None, seed: int | tuple[int, int] = SEED) -> list[Path]:
    """Write the messy export as GBK with Windows line ends; return the path in a list.

    Parameters
    ----------
    out_dir : path-like, optional
        The data folder (``data/`` by default); the file goes to
        ``out_dir/ownlog/shop_orders.csv``.
    seed : int
        Seed of the generator.
    """
    target = path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = generate(seed).to_csv(index=False, lineterminator="\r\n")
    target.write_bytes(text.encode(ENCODING))
    return [target]
