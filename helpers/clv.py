"""Probabilistic customer lifetime value: BG/NBD and Gamma-Gamma.

The models answer "how much will each customer buy, and spend, from now on?"
in a *non-contractual* setting, where customers leave silently:

1. :func:`summary` turns a transaction log into the repeat-purchase summary
   each model needs: ``frequency`` (x, number of repeat purchase days),
   ``recency`` (t_x, time from the first to the last purchase), ``T`` (time
   from the first purchase to the end of the calibration period) and, when
   amounts are given, ``monetary_value`` (m_x, mean spend of the repeat
   purchase days).
2. :func:`fit_bgnbd` fits the BG/NBD model of the *number* of purchases
   (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
   Marketing Science 24(2), 275-284): while alive, a customer buys at a
   Poisson rate lambda ~ Gamma(r, alpha); after each purchase they drop out
   with probability p ~ Beta(a, b). :func:`bgnbd_standard_errors` says how
   precisely the data pin each parameter down.
3. :func:`expected_purchases`, :func:`probability_alive` and
   :func:`expected_purchases_new` are the model's predictions.
4. :func:`fit_gamma_gamma` fits the Gamma-Gamma model of *spend per
   transaction* (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
   curves", Journal of Marketing Research 42(4), 415-430; Fader & Hardie 2013,
   "The Gamma-Gamma model of monetary value"), and :func:`expected_spend`
   gives each customer's expected spend per transaction;
   :func:`gamma_gamma_standard_errors` gives the precision of its estimates.
5. :func:`clv` combines both into a discounted customer lifetime value.

Time is measured in whatever unit :func:`summary` used (weeks by default);
the fitted ``alpha`` and every ``t`` are in that unit.

Examples
--------
>>> from helpers.data import load
>>> from helpers import clv
>>> cd = load("cdnow")
>>> rft = clv.summary(cd, "customer_id", "date", "dollar_value", end="1997-09-30")
>>> params = clv.fit_bgnbd(rft["frequency"], rft["recency"], rft["T"])
>>> round(params["r"], 3), round(params["alpha"], 3), round(params["a"], 3), round(params["b"], 3)
(0.243, 4.414, 0.793, 2.426)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special
from statsmodels.tools.numdiff import approx_hess3

from helpers.validation import (
    as_date,
    as_dates,
    as_number,
    as_vector,
    require_choice,
    require_columns,
)

DAYS_PER_UNIT = {"D": 1.0, "W": 7.0}
"""Length of one time unit of :func:`summary`, in days, by its ``freq`` code."""

WEEKS_PER_MONTH = 4.345
"""Weeks in a month, the default discounting period of :func:`clv` (as in lifetimes)."""

BGNBD_PARAMS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMS = ("p", "q", "v")


# --------------------------------------------------------------------------
# 1. The repeat-purchase summary
# --------------------------------------------------------------------------

def summary(transactions: pd.DataFrame, customer: str, date: str, amount: str | None = None,
            end: Any = None, freq: str = "W") -> pd.DataFrame:
    """Summarise a transaction log into frequency, recency and T per customer.

    Only purchases on or before `end` count. Purchases of one customer on
    the same day are merged into one purchase (their amounts are added),
    since the models count purchase *occasions*.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names of the customer id and the purchase date (times of day
        are ignored).
    amount : str, optional
        Column name of the amount spent. When given, the result also has
        ``monetary_value``.
    end : date-like, optional
        Last day of the calibration period, inclusive. Defaults to the last
        purchase date in the data. Customers whose first purchase is after
        `end` are left out.
    freq : {"W", "D"}
        Time unit of ``recency`` and ``T``: weeks (days / 7) or days.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with

        - ``frequency`` x: number of purchase days after the first one (int);
        - ``recency`` t_x: time from the first to the last purchase day;
        - ``T``: time from the first purchase day to `end` (read it as
          ``table["T"]``: ``table.T`` is the transpose of the table);
        - ``monetary_value`` m_x (only with `amount`): mean amount of the
          *repeat* purchase days, i.e. (total - first day's amount) / x,
          and 0 when x = 0 (the Gamma-Gamma convention).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If the table is empty, `freq` is unknown, dates, ids or amounts are
        missing or invalid, amounts are negative, or `end` is before the
        first purchase.
    """
    columns = [customer, date] + ([amount] if amount is not None else [])
    require_columns(transactions, columns, "transactions")
    require_choice(freq, list(DAYS_PER_UNIT), "freq")
    if transactions[customer].isna().any():
        raise ValueError(f"column {customer!r} has {int(transactions[customer].isna().sum())} missing customer id(s)")
    days = _day_numbers(transactions[date], date)
    end_day = days.max() if end is None else _end_day(end)
    if end_day < days.min():
        first = pd.Timestamp(days.min(), unit="D").date()
        raise ValueError(f"end={pd.Timestamp(end_day, unit='D').date()} is before the first purchase ({first}); "
                         "there is nothing to summarise")
    log = pd.DataFrame({"customer": transactions[customer].to_numpy(), "day": days})
    if amount is not None:
        log["amount"] = _amounts(transactions[amount], amount)
    log = log[log["day"] <= end_day]

    # One row per (customer, purchase day), sorted by customer then day; same-day amounts added.
    by_day = log.groupby(["customer", "day"], sort=True, as_index=False)
    daily = by_day.size() if amount is None else by_day["amount"].sum()
    per_customer = daily.groupby("customer", sort=True)
    first_day = per_customer["day"].min()
    last_day = per_customer["day"].max()
    unit = DAYS_PER_UNIT[freq]
    table = pd.DataFrame({
        "frequency": (per_customer.size() - 1).astype(int),
        "recency": (last_day - first_day) / unit,
        "T": (end_day - first_day) / unit,
    })
    if amount is not None:
        repeat_total = per_customer["amount"].sum() - per_customer["amount"].first()
        repeats = table["frequency"]
        table["monetary_value"] = (repeat_total / repeats.where(repeats > 0)).fillna(0.0)
    table.index.name = customer
    return table


def _day_numbers(values: pd.Series, name: str) -> np.ndarray:
    """Whole days since 1970-01-01 of a date column (time of day dropped; see ``as_dates``)."""
    dates = as_dates(values, f"column {name!r}")
    return dates.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _end_day(end: Any) -> int:
    """The day number of `end`, with a clear error if it is not a date."""
    return int(np.datetime64(as_date(end, "end", "1997-09-30"), "D").astype(np.int64))


def _amounts(values: pd.Series, name: str) -> np.ndarray:
    """A numeric, non-negative, finite amount column as floats."""
    numbers = as_vector(values, f"column {name!r}")
    if (numbers < 0).any():
        raise ValueError(f"column {name!r} has negative amounts; remove returns or refunds first")
    return numbers


# --------------------------------------------------------------------------
# Shared input checks of the models
# --------------------------------------------------------------------------

def _check_rft(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a repeat-purchase summary and return it as three float arrays."""
    x = as_vector(frequency, "frequency", nonnegative=True)
    t_x = as_vector(recency, "recency", nonnegative=True)
    big_t = as_vector(T, "T", nonnegative=True)
    if not len(x) == len(t_x) == len(big_t):
        raise ValueError(f"frequency, recency and T must have the same length, got {len(x)}, {len(t_x)} and {len(big_t)}")
    if (x != np.round(x)).any():
        raise ValueError("frequency must hold whole numbers (counts of repeat purchases), "
                         f"found e.g. {x[x != np.round(x)][0]:g}")
    tolerance = 1e-9 * np.maximum(1.0, big_t)
    if (t_x > big_t + tolerance).any():
        i = int(np.argmax(t_x > big_t + tolerance))
        raise ValueError(f"recency cannot exceed T (the last purchase must fall in the period); "
                         f"customer at position {i} has recency {t_x[i]:g} > T {big_t[i]:g}")
    if ((x > 0) & (t_x == 0)).any():
        i = int(np.argmax((x > 0) & (t_x == 0)))
        raise ValueError(f"a customer with repeat purchases must have recency > 0; position {i} has "
                         f"frequency {x[i]:g} and recency 0 (same-day purchases count as one)")
    if ((x == 0) & (t_x > 0)).any():
        i = int(np.argmax((x == 0) & (t_x > 0)))
        raise ValueError(f"a customer with frequency 0 must have recency 0; position {i} has recency {t_x[i]:g}")
    return x, t_x, big_t


def _check_params(params: Mapping[str, float], names: tuple[str, ...], model: str) -> list[float]:
    """The positive parameters `names` of a fitted model, in that order."""
    if not isinstance(params, Mapping):
        raise ValueError(f"{model} parameters must be a dict with keys {list(names)}, got {type(params).__name__}")
    missing = [name for name in names if name not in params]
    if missing:
        raise KeyError(f"{model} parameters have no {missing}; expected keys {list(names)} "
                       f"(the dict returned by the fit function)")
    return [as_number(params[name], f"{model} parameter {name}", low=0, low_open=True) for name in names]


def _like(values: np.ndarray, template: Any, name: str) -> np.ndarray | pd.Series:
    """Return `values` as a Series with the index of `template` when that is a Series."""
    if isinstance(template, pd.Series):
        return pd.Series(values, index=template.index, name=name)
    return values


# --------------------------------------------------------------------------
# 2. The BG/NBD model
# --------------------------------------------------------------------------

def bgnbd_log_likelihood(params: Mapping[str, float], frequency: Any, recency: Any, T: Any) -> float:
    """Total BG/NBD log-likelihood of a repeat-purchase summary.

    For one customer with x repeat purchases, the last at t_x, observed for T
    (Fader, Hardie & Lee 2005; Fader & Hardie, "Implementing the BG/NBD model"):

    .. math::

        L = \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)}
            \\frac{B(a, b+x)}{B(a, b)}
            \\left[(\\alpha+T)^{-(r+x)}
            + \\delta_{x>0}\\,\\frac{a}{b+x-1}\\,(\\alpha+t_x)^{-(r+x)}\\right]

    The first term of the bracket is "still alive at T"; the second is
    "dropped out right after the last purchase" (possible only if x > 0).

    Parameters
    ----------
    params : dict
        ``r``, ``alpha``, ``a``, ``b`` (all > 0).
    frequency, recency, T : array-like
        The summary of :func:`summary`.

    Returns
    -------
    float
        The sum of the customers' log-likelihoods.
    """
    r, alpha, a, b = _check_params(params, BGNBD_PARAMS, "BG/NBD")
    x, t_x, big_t = _check_rft(frequency, recency, T)
    return float(_bgnbd_loglik_terms(r, alpha, a, b, x, t_x, big_t).sum())


def _bgnbd_loglik_terms(r: float, alpha: float, a: float, b: float,
                        x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood (no input checks; used by the optimiser)."""
    purchase_part = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    dropout_part = special.betaln(a, b + x) - special.betaln(a, b)
    alive_at_t = -(r + x) * np.log(alpha + big_t)
    repeat = x > 0
    # log of a/(b+x-1) (alpha+t_x)^-(r+x); -inf (a zero term) for customers without repeats.
    died_after_last = np.full_like(x, -np.inf)
    died_after_last[repeat] = (np.log(a) - np.log(b + x[repeat] - 1)
                               - (r + x[repeat]) * np.log(alpha + t_x[repeat]))
    return purchase_part + dropout_part + np.logaddexp(alive_at_t, died_after_last)


def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> dict[str, float]:
    """Fit the BG/NBD model by maximum likelihood.

    The log-likelihood of :func:`bgnbd_log_likelihood` is maximised over the
    logarithms of the four parameters (so they stay positive) with
    scipy's BFGS (Nelder-Mead as a fallback).

    Parameters
    ----------
    frequency, recency, T : array-like
        The repeat-purchase summary of :func:`summary`, one value per customer.

    Returns
    -------
    dict
        ``r``, ``alpha`` (purchase rate lambda ~ Gamma(r, alpha), alpha in the
        time unit of `recency` and `T`), ``a``, ``b`` (drop-out probability
        p ~ Beta(a, b)) and ``loglik``, the maximised log-likelihood.

    Raises
    ------
    ValueError
        If the summary is invalid (see :func:`summary`'s conventions), or
        the optimiser fails.
    """
    x, t_x, big_t = _check_rft(frequency, recency, T)
    if not (x > 0).any():
        raise ValueError("nobody made a repeat purchase (all frequency 0); the BG/NBD model cannot be fitted")
    if len(x) < len(BGNBD_PARAMS):
        raise ValueError(f"the BG/NBD fit needs at least {len(BGNBD_PARAMS)} customers (one per parameter r, alpha, "
                         f"a, b; a useful fit needs hundreds, repeaters and non-repeaters), got {len(x)}")

    def negative_loglik(log_params: np.ndarray) -> float:
        r, alpha, a, b = np.exp(log_params)
        return -_bgnbd_loglik_terms(r, alpha, a, b, x, t_x, big_t).sum()

    start = np.log([1.0, max(float(big_t.mean()), 1e-3), 1.0, 1.0])
    log_params, loglik = _maximise(negative_loglik, start, "BG/NBD")
    r, alpha, a, b = np.exp(log_params)
    return {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b), "loglik": loglik}


def bgnbd_standard_errors(params: Mapping[str, float], frequency: Any, recency: Any, T: Any) -> dict[str, float]:
    """Approximate standard errors of the BG/NBD estimates of :func:`fit_bgnbd`.

    The usual large-sample approximation of maximum likelihood: the
    covariance of the estimates is the inverse of the observed information,
    minus the Hessian (second derivatives) of the log-likelihood at the
    estimates. The Hessian is taken numerically (statsmodels'
    ``approx_hess3``) on the log scale of the parameters, where the fit
    works, and carried back to each parameter by the delta method,
    se(θ) ≈ θ · se(log θ). Estimate ± 2 standard errors is a rough 95 %
    interval.

    Parameters
    ----------
    params : dict
        ``r``, ``alpha``, ``a``, ``b`` fitted by :func:`fit_bgnbd` on this summary.
    frequency, recency, T : array-like
        The repeat-purchase summary the parameters were fitted on.

    Returns
    -------
    dict
        One standard error per parameter, keys ``r``, ``alpha``, ``a``, ``b``.

    Raises
    ------
    ValueError
        If the summary or the parameters are invalid, or the log-likelihood
        is not curved like a maximum there (parameters not fitted on this
        summary).
    """
    x, t_x, big_t = _check_rft(frequency, recency, T)
    values = _check_params(params, BGNBD_PARAMS, "BG/NBD")

    def loglik(log_params: np.ndarray) -> float:
        return float(_bgnbd_loglik_terms(*np.exp(log_params), x, t_x, big_t).sum())

    return _standard_errors(loglik, BGNBD_PARAMS, values, "fit_bgnbd")


def _standard_errors(loglik: Any, names: tuple[str, ...], values: list[float], fit: str) -> dict[str, float]:
    """Standard errors from the Hessian of `loglik` (a function of the log-parameters) at `values`."""
    log_values = np.log(values)
    with np.errstate(all="ignore"):
        information = -approx_hess3(log_values, loglik)
        try:
            variances = np.diag(np.linalg.inv(information))
        except np.linalg.LinAlgError:
            variances = np.full(len(names), np.nan)
    if not (np.all(np.isfinite(variances)) and np.all(variances > 0)):
        raise ValueError("the log-likelihood is not curved like a maximum at these parameters: "
                         f"pass the estimates of {fit} fitted on this same data")
    return {name: float(np.exp(value) * np.sqrt(variance))
            for name, value, variance in zip(names, log_values, variances, strict=True)}


def _maximise(negative_loglik: Any, start: np.ndarray, model: str) -> tuple[np.ndarray, float]:
    """Minimise a negative log-likelihood over log-parameters.

    BFGS (a quasi-Newton method with numerical gradients) usually converges
    in a few dozen steps. At the optimum it often reports "precision loss"
    (the numerical gradient is noise there), which is accepted. If it fails
    otherwise, the slower but sturdier Nelder-Mead simplex restarts from
    `start`, BFGS polishes its result, and the best point found is kept.
    """
    with np.errstate(all="ignore"):
        try:
            result = optimize.minimize(negative_loglik, start, method="BFGS")
        except (ValueError, ArithmeticError, np.linalg.LinAlgError) as error:  # scipy's message names no input
            raise ValueError(f"the {model} fit failed on this data ({error}); check the summary it was given") from None
        if not (result.status in (0, 2) and np.isfinite(result.fun)):
            simplex = optimize.minimize(negative_loglik, start, method="Nelder-Mead",
                                        options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000})
            polished = optimize.minimize(negative_loglik, simplex.x, method="BFGS")
            candidates = [r for r in (result, simplex, polished) if np.isfinite(r.fun)]
            if not candidates:
                raise ValueError(f"the {model} fit failed (log-likelihood not finite); check the data")
            result = min(candidates, key=lambda r: r.fun)
    return result.x, float(-result.fun)


def probability_alive(params: Mapping[str, float], frequency: Any, recency: Any, T: Any) -> np.ndarray | pd.Series:
    """Probability that each customer is still active ("alive") at T.

    Fader, Hardie & Lee, "Computing P(alive) using the BG/NBD model" (2008 note):

    .. math::

        P(\\text{alive} \\mid x, t_x, T) = 1 \\Big/ \\left[1 + \\delta_{x>0}
            \\frac{a}{b+x-1}\\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right]

    A customer who never came back (x = 0) is alive with probability 1 in
    the BG/NBD model: drop-out happens only right after a purchase.

    Returns
    -------
    numpy.ndarray or pandas.Series
        One probability per customer (a Series if `frequency` is one).
    """
    r, alpha, a, b = _check_params(params, BGNBD_PARAMS, "BG/NBD")
    x, t_x, big_t = _check_rft(frequency, recency, T)
    odds_dead = _odds_dead(r, alpha, a, b, x, t_x, big_t)
    return _like(1.0 / (1.0 + odds_dead), frequency, "probability_alive")


def _odds_dead(r: float, alpha: float, a: float, b: float,
               x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> np.ndarray:
    """Odds that a customer dropped out right after the last purchase rather than being alive at T.

    delta_{x>0} a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x), computed in logs; 0 when x = 0.
    """
    odds = np.zeros_like(x)
    repeat = x > 0
    log_odds = (np.log(a) - np.log(b + x[repeat] - 1)
                + (r + x[repeat]) * (np.log(alpha + big_t[repeat]) - np.log(alpha + t_x[repeat])))
    with np.errstate(over="ignore"):  # huge odds -> inf -> probability alive 0, as it should
        odds[repeat] = np.exp(log_odds)
    return odds


def expected_purchases(params: Mapping[str, float], t: float, frequency: Any, recency: Any,
                       T: Any) -> np.ndarray | pd.Series:
    """Expected number of purchases in the next `t` periods, given each customer's past.

    Fader, Hardie & Lee (2005), the conditional expectation:

    .. math::

        E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x-1}{a-1}
            \\cdot \\frac{1 - \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
              {}_2F_1\\!\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)}
             {1 + \\delta_{x>0}\\frac{a}{b+x-1}\\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}}

    Parameters
    ----------
    params : dict
        Output of :func:`fit_bgnbd`.
    t : float
        Length of the forecast period (same unit as `T`), >= 0.
    frequency, recency, T : array-like
        The customers' summary at the end of the calibration period.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Expected purchases per customer (a Series if `frequency` is one).
    """
    r, alpha, a, b = _check_params(params, BGNBD_PARAMS, "BG/NBD")
    t = as_number(t, "t", low=0)
    x, t_x, big_t = _check_rft(frequency, recency, T)
    _require_a_not_one(a)
    # The bracket's second term, ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) with
    # z = t/(alpha+T+t), is a tiny power times a huge series when x is large (nan in floating point).
    # Euler's transformation 2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z) turns it into
    # (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the same number, computed safely (Fader & Hardie
    # 2013, "Overcoming the BG/NBD model's #NUM! error problem").
    z = t / (alpha + big_t + t)
    hypergeometric_term = (1.0 - z) ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
    odds_dead = _odds_dead(r, alpha, a, b, x, t_x, big_t)
    expected = (a + b + x - 1) / (a - 1) * (1.0 - hypergeometric_term) / (1.0 + odds_dead)
    return _like(expected, frequency, "expected_purchases")


def expected_purchases_new(params: Mapping[str, float], t: Any) -> float | np.ndarray:
    """Expected number of repeat purchases of a new customer in a period of length `t`.

    The unconditional mean of the BG/NBD model (Fader, Hardie & Lee 2005),
    used to draw the cumulative repeat-purchase curve of a cohort:

    .. math::

        E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
                  {}_2F_1\\!\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

    Parameters
    ----------
    params : dict
        Output of :func:`fit_bgnbd`.
    t : float or array-like
        Time(s) since the first purchase, >= 0.

    Returns
    -------
    float or numpy.ndarray
        A float for a single `t`, else an array of the same length.
    """
    r, alpha, a, b = _check_params(params, BGNBD_PARAMS, "BG/NBD")
    _require_a_not_one(a)
    single = np.isscalar(t)
    times = np.array([as_number(t, "t", low=0)]) if single else as_vector(t, "t", nonnegative=True)
    hyp = special.hyp2f1(r, b, a + b - 1, times / (alpha + times))
    expected = (a + b - 1) / (a - 1) * (1.0 - (alpha / (alpha + times)) ** r * hyp)
    if not np.isfinite(expected).all():
        raise ValueError(f"t = {times[~np.isfinite(expected)][0]:g} is too long a horizon: the formula overflows; "
                         "give t in the time unit of the summary (e.g. 52 weeks)")
    return float(expected[0]) if single else expected


def _require_a_not_one(a: float) -> None:
    """The closed forms divide by a - 1."""
    if abs(a - 1.0) < 1e-9:
        raise ValueError("the BG/NBD expectation formula needs a != 1 (it divides by a - 1); got a = 1")


# --------------------------------------------------------------------------
# 3. The Gamma-Gamma spend model
# --------------------------------------------------------------------------

def _check_spend(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate frequency and mean spend; return them as float arrays."""
    x = as_vector(frequency, "frequency", nonnegative=True)
    m = as_vector(monetary_value, "monetary_value", nonnegative=True)
    if len(x) != len(m):
        raise ValueError(f"frequency and monetary_value must have the same length, got {len(x)} and {len(m)}")
    if (x != np.round(x)).any():
        raise ValueError("frequency must hold whole numbers (counts of repeat purchases), "
                         f"found e.g. {x[x != np.round(x)][0]:g}")
    if ((x > 0) & (m <= 0)).any():
        i = int(np.argmax((x > 0) & (m <= 0)))
        raise ValueError(f"monetary_value must be > 0 for customers with repeat purchases (the Gamma-Gamma "
                         f"model needs positive spend); position {i} has frequency {x[i]:g} and monetary_value {m[i]:g}; "
                         "drop zero-value purchases or those customers first")
    return x, m


def gamma_gamma_log_likelihood(params: Mapping[str, float], frequency: Any, monetary_value: Any) -> float:
    """Total Gamma-Gamma log-likelihood of the customers with frequency > 0.

    Each transaction's value z ~ Gamma(p, nu), and nu ~ Gamma(q, v) across
    customers. The mean m_x of x transactions then has density (Fader & Hardie
    2013)

    .. math::

        f(m_x \\mid p, q, v; x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
            \\frac{v^q\\, m_x^{px-1}\\, x^{px}}{(v + x\\, m_x)^{px+q}}

    Returns
    -------
    float
        The sum of the log densities over customers with x > 0.
    """
    p, q, v = _check_params(params, GAMMA_GAMMA_PARAMS, "Gamma-Gamma")
    x, m = _check_spend(frequency, monetary_value)
    repeat = x > 0
    return float(_gamma_gamma_loglik_terms(p, q, v, x[repeat], m[repeat]).sum())


def _gamma_gamma_loglik_terms(p: float, q: float, v: float, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Per-customer Gamma-Gamma log density of m_x (no checks; x > 0, m > 0)."""
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q)
            + q * np.log(v) + (p * x - 1) * np.log(m) + p * x * np.log(x)
            - (p * x + q) * np.log(v + x * m))


def gamma_gamma_standard_errors(params: Mapping[str, float], frequency: Any, monetary_value: Any) -> dict[str, float]:
    """Approximate standard errors of the Gamma-Gamma estimates of :func:`fit_gamma_gamma`.

    The same approximation as :func:`bgnbd_standard_errors`, on the
    customers with frequency > 0 (those the model is fitted on).

    Returns
    -------
    dict
        One standard error per parameter, keys ``p``, ``q``, ``v``.

    Raises
    ------
    ValueError
        If the inputs or parameters are invalid, or the log-likelihood is not
        curved like a maximum there.
    """
    values = _check_params(params, GAMMA_GAMMA_PARAMS, "Gamma-Gamma")
    x, m = _check_spend(frequency, monetary_value)
    x, m = x[x > 0], m[x > 0]

    def loglik(log_params: np.ndarray) -> float:
        return float(_gamma_gamma_loglik_terms(*np.exp(log_params), x, m).sum())

    return _standard_errors(loglik, GAMMA_GAMMA_PARAMS, values, "fit_gamma_gamma")


def fit_gamma_gamma(frequency: Any, monetary_value: Any) -> dict[str, float]:
    """Fit the Gamma-Gamma spend model by maximum likelihood.

    Only customers with at least one repeat purchase (frequency > 0) enter
    the fit; `monetary_value` is the mean value of their repeat
    transactions, as in :func:`summary`. The model assumes spend is
    independent of purchase frequency: check the correlation first.

    Parameters
    ----------
    frequency, monetary_value : array-like
        One value per customer.

    Returns
    -------
    dict
        ``p`` (shape of spend per transaction), ``q`` and ``v`` (shape and
        scale of the customers' spend "rates"), and ``loglik``. The mean
        spend per transaction across customers is p v / (q - 1).

    Raises
    ------
    ValueError
        If the inputs are invalid, fewer than two customers have repeat
        purchases, or monetary_value <= 0 for a repeat customer.
    """
    x, m = _check_spend(frequency, monetary_value)
    repeat = x > 0
    if repeat.sum() < 2:
        raise ValueError(f"the Gamma-Gamma fit needs at least 2 customers with frequency > 0, got {int(repeat.sum())}")
    x, m = x[repeat], m[repeat]

    def negative_loglik(log_params: np.ndarray) -> float:
        p, q, v = np.exp(log_params)
        return -_gamma_gamma_loglik_terms(p, q, v, x, m).sum()

    start = np.log([1.0, 1.0, float(m.mean())])
    log_params, loglik = _maximise(negative_loglik, start, "Gamma-Gamma")
    p, q, v = np.exp(log_params)
    return {"p": float(p), "q": float(q), "v": float(v), "loglik": loglik}


def expected_spend(gg_params: Mapping[str, float], frequency: Any, monetary_value: Any) -> np.ndarray | pd.Series:
    """Expected spend per transaction of each customer (Gamma-Gamma).

    A weighted average of the population mean p v / (q - 1) and the
    customer's own mean m_x, the weight on m_x growing with x
    (Fader & Hardie 2013):

    .. math::

        E[M \\mid p, q, v, m_x, x] = \\frac{q-1}{px+q-1}\\,\\frac{p v}{q-1}
            + \\frac{px}{px+q-1}\\, m_x = \\frac{p (v + x m_x)}{px + q - 1}

    Customers with x = 0 get the population mean.

    Returns
    -------
    numpy.ndarray or pandas.Series
        One value per customer (a Series if `frequency` is one).

    Raises
    ------
    ValueError
        If q <= 1 (the population mean does not exist) or the inputs are invalid.
    """
    p, q, v = _check_params(gg_params, GAMMA_GAMMA_PARAMS, "Gamma-Gamma")
    if q <= 1:
        raise ValueError(f"expected spend needs q > 1 (otherwise the mean spend is infinite), got q = {q:g}")
    x, m = _check_spend(frequency, monetary_value)
    spend = p * (v + x * m) / (p * x + q - 1)
    return _like(spend, frequency, "expected_spend")


# --------------------------------------------------------------------------
# 4. Customer lifetime value
# --------------------------------------------------------------------------

def clv(bgnbd_params: Mapping[str, float], gg_params: Mapping[str, float], frequency: Any, recency: Any,
        T: Any, monetary_value: Any, periods: int = 12, discount: float = 0.01, margin: float = 1.0,
        period_length: float = WEEKS_PER_MONTH) -> np.ndarray | pd.Series:
    """Discounted customer lifetime value over the next `periods` periods.

    The convention of lifetimes' ``customer_lifetime_value``: the future is
    cut into `periods` periods (months by default) of `period_length` time
    units each; the purchases expected in period k are discounted by
    (1 + discount)^k and valued at the Gamma-Gamma expected spend:

    .. math::

        \\mathrm{CLV} = \\text{margin}\\cdot E[M]\\cdot \\sum_{k=1}^{K}
            \\frac{E[Y(k L)] - E[Y((k-1) L)]}{(1+d)^k}

    with E[Y(t)] from :func:`expected_purchases`, E[M] from
    :func:`expected_spend`, K = `periods`, L = `period_length`, d = `discount`.

    Parameters
    ----------
    bgnbd_params, gg_params : dict
        Outputs of :func:`fit_bgnbd` and :func:`fit_gamma_gamma`.
    frequency, recency, T, monetary_value : array-like
        The customers' summary (see :func:`summary`).
    periods : int
        Number of discounting periods ahead (12 months = one year by default).
    discount : float
        Discount rate per period (0.01 a month is about 12.7 % a year).
    margin : float
        Share of spend that is profit, in (0, 1]; 1 gives discounted revenue.
    period_length : float
        Length of one period in the time unit of `T`: 4.345 weeks (a month)
        when the summary is in weeks; use 30 for days.

    Returns
    -------
    numpy.ndarray or pandas.Series
        The CLV of each customer, in money (a Series if `frequency` is one).
    """
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or not 1 <= periods <= 1000:
        raise ValueError(f"periods must be a whole number >= 1 and <= 1000 (1000 months is over 80 years), "
                         f"got {periods!r}")
    discount = as_number(discount, "discount", low=0)
    margin = as_number(margin, "margin", low=0, high=1, low_open=True)
    period_length = as_number(period_length, "period_length", low=0, low_open=True)
    x, t_x, big_t = _check_rft(frequency, recency, T)
    spend = np.asarray(expected_spend(gg_params, x, monetary_value))
    value = np.zeros_like(x)
    previous = np.zeros_like(x)
    for k in range(1, periods + 1):
        cumulative = expected_purchases(bgnbd_params, k * period_length, x, t_x, big_t)
        value += (cumulative - previous) / (1.0 + discount) ** k
        previous = cumulative
    return _like(margin * spend * value, frequency, "clv")


# --------------------------------------------------------------------------
# 5. Honest evaluation: holdout counts, conditional expectations, tracking
# --------------------------------------------------------------------------

def holdout_purchases(transactions: pd.DataFrame, customer: str, date: str, calibration_end: Any,
                      holdout_end: Any = None, customers: Any = None) -> pd.Series:
    """Number of purchase days of each customer in the holdout period.

    The holdout period runs from the day after `calibration_end` to
    `holdout_end` (inclusive; default: the last purchase in the data).
    Several purchases on one day count as one, as in :func:`summary`.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names of the customer id and the purchase date.
    calibration_end, holdout_end : date-like
        Last day of the calibration period and of the holdout period.
    customers : array-like, optional
        The customers to report (e.g. the index of the calibration summary);
        customers without a holdout purchase get 0. Default: every customer
        in `transactions`, sorted.

    Returns
    -------
    pandas.Series
        Holdout purchase days per customer (int), named ``holdout``.
    """
    require_columns(transactions, [customer, date], "transactions")
    days = _day_numbers(transactions[date], date)
    start = _end_day(calibration_end)
    stop = days.max() if holdout_end is None else _end_day(holdout_end)
    if stop <= start:
        raise ValueError("holdout_end must be after calibration_end")
    log = pd.DataFrame({"customer": transactions[customer].to_numpy(), "day": days})
    in_holdout = log[(log["day"] > start) & (log["day"] <= stop)].drop_duplicates()
    counts = in_holdout.groupby("customer").size()
    index = pd.Index(sorted(log["customer"].unique()) if customers is None else list(customers), name=customer)
    return counts.reindex(index, fill_value=0).astype(int).rename("holdout")


def conditional_expectations(params: Mapping[str, float], frequency: Any, recency: Any, T: Any,
                             holdout: Any, t: float, max_frequency: int = 7) -> pd.DataFrame:
    """Actual vs predicted holdout purchases, grouped by calibration frequency.

    The check of Fader, Hardie & Lee (2005, figure 4): customers are grouped
    by their number of repeat purchases in the calibration period (the last
    group collects ``max_frequency`` and more); for each group the mean
    number of holdout purchases is compared with the mean conditional
    expectation E[Y(t) | x, t_x, T] of :func:`expected_purchases`.

    Parameters
    ----------
    params : dict
        Output of :func:`fit_bgnbd`.
    frequency, recency, T : array-like
        The calibration summary.
    holdout : array-like
        Each customer's actual purchases in the holdout period (same order).
    t : float
        Length of the holdout period, in the time unit of `T`.
    max_frequency : int
        Frequencies from this value up form one group (``"7+"`` by default).

    Returns
    -------
    pandas.DataFrame
        One row per group (index ``"0"``, ``"1"``, …, ``"7+"``) with
        ``customers``, ``actual`` (mean), ``actual_low`` / ``actual_high``
        (a 95 % normal-approximation interval of the group mean),
        ``predicted`` (mean) and ``error`` (predicted − actual).
    """
    x, t_x, big_t = _check_rft(frequency, recency, T)
    actual = as_vector(holdout, "holdout", nonnegative=True)
    if len(actual) != len(x):
        raise ValueError(f"holdout has {len(actual)} values but frequency has {len(x)}")
    if isinstance(max_frequency, bool) or not isinstance(max_frequency, (int, np.integer)) or max_frequency < 1:
        raise ValueError(f"max_frequency must be a whole number >= 1, got {max_frequency!r}")
    predicted = np.asarray(expected_purchases(params, t, x, t_x, big_t))
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"group": group, "actual": actual, "predicted": predicted})
    table = frame.groupby("group").agg(customers=("actual", "size"), actual=("actual", "mean"),
                                       sd=("actual", "std"), predicted=("predicted", "mean"))
    half_width = 1.96 * table["sd"].fillna(0.0) / np.sqrt(table["customers"])
    table["actual_low"] = table["actual"] - half_width
    table["actual_high"] = table["actual"] + half_width
    table["error"] = table["predicted"] - table["actual"]
    table.index = [f"{g}+" if g == max_frequency else str(g) for g in table.index]
    table.index.name = "calibration frequency"
    return table[["customers", "actual", "actual_low", "actual_high", "predicted", "error"]]


def tracking(params: Mapping[str, float], transactions: pd.DataFrame, customer: str, date: str,
             start: Any, weeks: int) -> pd.DataFrame:
    """Weekly repeat purchases of a cohort: actual against the BG/NBD model.

    The tracking plot of Fader, Hardie & Lee (2005, figures 2-3). Week w
    covers days 7(w-1) … 7w-1 counted from `start`. A repeat purchase is a
    purchase day after the customer's first one. The model's cumulative
    count at the end of week w is the sum over customers of
    :func:`expected_purchases_new` at the time elapsed since each
    customer's first purchase (0 before it).

    Parameters
    ----------
    params : dict
        Output of :func:`fit_bgnbd` (time unit: weeks).
    transactions : pandas.DataFrame
        The cohort's purchases.
    customer, date : str
        Column names.
    start : date-like
        Day 0 of week 1 (e.g. the cohort's first day).
    weeks : int
        Number of weeks to report.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``week`` 1…weeks, with ``actual`` and ``model`` (repeat
        purchases in the week) and their running sums ``cumulative_actual``
        and ``cumulative_model``.
    """
    require_columns(transactions, [customer, date], "transactions")
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or weeks < 1:
        raise ValueError(f"weeks must be a whole number >= 1, got {weeks!r}")
    log = pd.DataFrame({"customer": transactions[customer].to_numpy(),
                        "day": _day_numbers(transactions[date], date) - _end_day(start)}).drop_duplicates()
    if (log["day"] < 0).any():
        raise ValueError("start must be on or before the first purchase")
    first_day = log.groupby("customer")["day"].transform("min")
    repeat_days = log.loc[log["day"] > first_day, "day"].to_numpy()
    first_week = (log.groupby("customer")["day"].min() / 7).to_numpy()
    week = np.arange(1, weeks + 1)
    cumulative_actual = np.array([(repeat_days <= 7 * w - 1).sum() for w in week])
    cumulative_model = np.array([
        expected_purchases_new(params, np.clip((7 * w - 1) / 7 - first_week, 0, None)).sum() for w in week])
    return pd.DataFrame({
        "actual": np.diff(cumulative_actual, prepend=0),
        "model": np.diff(cumulative_model, prepend=0.0),
        "cumulative_actual": cumulative_actual,
        "cumulative_model": cumulative_model,
    }, index=pd.Index(week, name="week"))
