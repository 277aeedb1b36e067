"""Property tests: what must hold for every input, checked on many generated ones.

Each test states a property of a formula (weights sum to 1, a score is
monotone in its input, recency counts whole days whatever the time of day,
string, number and Timestamp dates give the same tables, ...) and lets ``hypothesis`` try it on generated
inputs. The settings are deterministic (``derandomize=True``: the same
examples every run, no database) with a modest number of examples, so the
suite stays fast and reproducible.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ahp, clv, kano, lifecycle, pareto, rfm, value
from helpers.validation import as_date

DETERMINISTIC = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow])

SAATY = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 4, 6, 8, 1 / 2, 1 / 4, 1 / 6, 1 / 8]


@st.composite
def judgment_matrices(draw, min_n: int = 3, max_n: int = 8) -> np.ndarray:
    """A reciprocal matrix of Saaty-scale judgments (any consistency)."""
    n = draw(st.integers(min_n, max_n))
    upper = draw(st.lists(st.sampled_from(SAATY), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    return ahp.judgment_matrix(upper)


@st.composite
def consistent_matrices(draw, min_n: int = 2, max_n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """A perfectly consistent matrix a_ij = w_i / w_j, with its weights w (summing to 1)."""
    n = draw(st.integers(min_n, max_n))
    raw = np.array(draw(st.lists(st.floats(0.2, 5.0), min_size=n, max_size=n)))
    weights = raw / raw.sum()
    return np.outer(weights, 1 / weights), weights


# ---- AHP ---------------------------------------------------------------------

@DETERMINISTIC
@given(matrix=judgment_matrices(), method=st.sampled_from(ahp.METHODS))
def test_ahp_weights_are_positive_and_sum_to_one(matrix, method):
    result = ahp.ahp_weights(matrix, method=method)
    assert np.all(result.weights > 0)
    assert result.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert math.isfinite(result.cr) and result.cr >= -1e-12
    assert result.lambda_max >= len(matrix) - 1e-9  # Saaty: lambda_max >= n for a positive reciprocal matrix


@DETERMINISTIC
@given(pair=consistent_matrices(), method=st.sampled_from(ahp.METHODS))
def test_ahp_consistent_matrix_has_cr_zero_and_recovers_weights(pair, method):
    matrix, weights = pair
    result = ahp.ahp_weights(matrix, method=method)
    assert result.cr == pytest.approx(0.0, abs=1e-9)
    assert result.consistent
    np.testing.assert_allclose(result.weights, weights, rtol=1e-9)


@DETERMINISTIC
@given(matrix=judgment_matrices(), method=st.sampled_from(ahp.METHODS), data=st.data())
def test_ahp_is_invariant_under_relabelling_the_criteria(matrix, method, data):
    n = len(matrix)
    order = np.array(data.draw(st.permutations(range(n))))
    relabelled = matrix[np.ix_(order, order)]
    original = ahp.ahp_weights(matrix, method=method)
    permuted = ahp.ahp_weights(relabelled, method=method)
    np.testing.assert_allclose(permuted.weights, original.weights[order], rtol=1e-9, atol=1e-12)
    assert permuted.cr == pytest.approx(original.cr, abs=1e-9)


# ---- RFM ---------------------------------------------------------------------

@st.composite
def rfm_tables(draw) -> pd.DataFrame:
    """An RFM table of 5 to 60 customers with many ties (as real data has)."""
    n = draw(st.integers(5, 60))
    recency = draw(st.lists(st.integers(0, 400), min_size=n, max_size=n))
    frequency = draw(st.lists(st.integers(1, 12), min_size=n, max_size=n))
    monetary = draw(st.lists(st.floats(0, 5000, allow_nan=False).map(lambda x: round(x, 2)), min_size=n, max_size=n))
    return pd.DataFrame({"recency": recency, "frequency": frequency, "monetary": monetary})


@DETERMINISTIC
@given(table=rfm_tables(), bins=st.integers(2, 5))
def test_rfm_scores_are_within_range_and_monotone(table, bins):
    scored = rfm.rfm_scores(table, bins=bins)
    for score in ("R", "F", "M"):
        assert scored[score].between(1, bins).all()
    # More recent (fewer days) never scores lower on R; more purchases or money never lower on F or M.
    for column, score, sign in (("recency", "R", -1), ("frequency", "F", 1), ("monetary", "M", 1)):
        order = np.argsort(sign * scored[column].to_numpy(), kind="stable")
        ranked = scored[score].to_numpy()[order]
        assert np.all(np.diff(ranked) >= 0), f"{score} is not monotone in {column}"
        ties = scored.groupby(column)[score].nunique()
        assert (ties == 1).all(), f"equal {column} values got different {score} scores"


@DETERMINISTIC
@given(table=rfm_tables())
def test_rfm_best_customer_scores_top_when_values_are_distinct(table):
    distinct = table.drop_duplicates("monetary")
    if len(distinct) < 5:
        return
    scored = rfm.rfm_scores(distinct, bins=5)
    assert scored.loc[distinct["monetary"].idxmax(), "M"] == 5
    assert scored.loc[distinct["monetary"].idxmin(), "M"] == 1


# ---- Simple CLV --------------------------------------------------------------

margins = st.floats(1.0, 1e4)
retentions = st.floats(0.0, 0.99)
discounts = st.floats(0.0, 0.5)


@DETERMINISTIC
@given(margin=margins, r1=retentions, r2=retentions, discount=discounts)
def test_simple_clv_increases_with_retention(margin, r1, r2, discount):
    low, high = sorted((r1, r2))
    if high - low < 1e-6:
        return
    assert value.simple_clv(margin, low, discount) < value.simple_clv(margin, high, discount)


@DETERMINISTIC
@given(m1=margins, m2=margins, retention=st.floats(0.01, 0.99), discount=discounts)
def test_simple_clv_increases_with_margin(m1, m2, retention, discount):
    low, high = sorted((m1, m2))
    if high - low < 1e-6:
        return
    assert value.simple_clv(low, retention, discount) < value.simple_clv(high, retention, discount)


@DETERMINISTIC
@given(margin=margins, retention=retentions, discount=discounts)
def test_simple_clv_is_finite_and_non_negative(margin, retention, discount):
    clv = value.simple_clv(margin, retention, discount)
    assert math.isfinite(clv) and clv >= 0


# ---- Concentration -----------------------------------------------------------

customer_values = st.lists(st.floats(0, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=200).filter(
    lambda values: sum(values) > 0)


@DETERMINISTIC
@given(values=customer_values)
def test_gini_is_in_zero_one(values):
    g = pareto.gini(values)
    assert 0.0 <= g < 1.0
    assert g <= 1 - 1 / len(values) + 1e-12


@DETERMINISTIC
@given(values=customer_values, scale=st.floats(0.01, 100))
def test_gini_ignores_the_currency(values, scale):
    assert pareto.gini(np.array(values) * scale) == pytest.approx(pareto.gini(values), abs=1e-9)


@DETERMINISTIC
@given(values=customer_values, fraction=st.floats(0.01, 1.0))
def test_top_share_is_at_least_the_fraction(values, fraction):
    share = pareto.top_share(values, fraction=fraction)
    assert fraction - 1e-9 <= share <= 1.0 + 1e-12


# ---- Kano --------------------------------------------------------------------

@DETERMINISTIC
@given(counts=st.fixed_dictionaries({code: st.integers(0, 500) for code in "AOMIRQ"}).filter(
    lambda c: c["A"] + c["O"] + c["M"] + c["I"] > 0))
def test_kano_coefficients_are_bounded(counts):
    better, worse = kano.coefficients(counts)
    assert 0.0 <= better <= 1.0
    assert -1.0 <= worse <= 0.0


# ---- Date rules (helpers.validation.as_dates) ---------------------------------

@st.composite
def purchase_logs(draw) -> pd.DataFrame:
    """A log of 1 to 25 purchases by up to 6 customers over 2023-2024, dates at midnight."""
    n = draw(st.integers(1, 25))
    days = draw(st.lists(st.integers(0, 700), min_size=n, max_size=n))
    return pd.DataFrame({
        "customer_id": draw(st.lists(st.integers(1, 6), min_size=n, max_size=n)),
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": draw(st.lists(st.integers(1, 50_000).map(lambda cents: cents / 100), min_size=n, max_size=n)),
    })


seconds_in_a_day = st.integers(0, 24 * 3600 - 1)
ASOF = "2025-01-15"
DATES = settings(DETERMINISTIC, max_examples=25)  # each example builds several tables: fewer keep the suite fast


@DATES
@given(log=purchase_logs(), data=st.data())
def test_recency_counts_whole_days_whatever_the_time_of_day(log, data):
    """Adding any time of day to each purchase changes no RFM value (recency is in whole days)."""
    seconds = data.draw(st.lists(seconds_in_a_day, min_size=len(log), max_size=len(log)))
    timed = log.assign(date=log["date"] + pd.to_timedelta(seconds, unit="s"))
    pd.testing.assert_frame_equal(rfm.rfm_table(timed, asof=ASOF), rfm.rfm_table(log, asof=ASOF))
    pd.testing.assert_frame_equal(rfm.rfm_table(timed), rfm.rfm_table(log))


@DATES
@given(log=purchase_logs(), data=st.data())
def test_same_day_purchases_have_the_same_recency(log, data):
    """Customers whose last purchase falls on the same day share a recency, whatever the hours."""
    seconds = data.draw(st.lists(seconds_in_a_day, min_size=len(log), max_size=len(log)))
    timed = log.assign(date=log["date"] + pd.to_timedelta(seconds, unit="s"))
    table = rfm.rfm_table(timed, asof=ASOF)
    last_day = log.groupby("customer_id")["date"].max()
    for _, customers in last_day.groupby(last_day):
        assert table.loc[customers.index, "recency"].nunique() == 1
    expected = (pd.Timestamp(ASOF) - last_day).dt.days
    assert table["recency"].tolist() == expected.tolist()


@DATES
@given(log=purchase_logs(), data=st.data(), form=st.sampled_from(["iso", "iso-time", "iso-T", "yyyymmdd"]))
def test_string_and_number_dates_give_the_same_tables_as_timestamps(log, data, form):
    """ISO strings (with or without a time) and yyyymmdd numbers give the tables Timestamps give."""
    seconds = data.draw(st.lists(seconds_in_a_day, min_size=len(log), max_size=len(log)))
    stamps = log["date"] + pd.to_timedelta(seconds, unit="s")
    written = {"iso": log["date"].dt.strftime("%Y-%m-%d"),
               "iso-time": stamps.dt.strftime("%Y-%m-%d %H:%M:%S"),
               "iso-T": stamps.dt.strftime("%Y-%m-%dT%H:%M"),
               "yyyymmdd": log["date"].dt.strftime("%Y%m%d").astype(int)}[form]
    odd = log.assign(date=written)
    pd.testing.assert_frame_equal(rfm.rfm_table(odd, asof=ASOF), rfm.rfm_table(log, asof=ASOF))
    pd.testing.assert_frame_equal(clv.summary(odd, "customer_id", "date", "amount", end=ASOF),
                                  clv.summary(log, "customer_id", "date", "amount", end=ASOF))
    pd.testing.assert_frame_equal(lifecycle.cohort_table(odd, values="count"),
                                  lifecycle.cohort_table(log, values="count"))


@DATES
@given(log=purchase_logs(), zone=st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"]))
def test_timezone_aware_dates_keep_their_local_day(log, zone):
    """Dates in any one time zone beside a naive asof give the tables of their local calendar days."""
    aware = log.assign(date=log["date"].dt.tz_localize(zone))
    pd.testing.assert_frame_equal(rfm.rfm_table(aware, asof=ASOF), rfm.rfm_table(log, asof=ASOF))
    pd.testing.assert_frame_equal(clv.summary(aware, "customer_id", "date", end=ASOF),
                                  clv.summary(log, "customer_id", "date", end=ASOF))


@DETERMINISTIC
@given(day=st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2099-12-31").date()),
       second=seconds_in_a_day)
def test_one_date_argument_is_read_the_same_in_every_form(day, second):
    """``as_date`` gives the same day for a date, its ISO text (with a time) and its yyyymmdd number."""
    expected = pd.Timestamp(day)
    timed = expected + pd.Timedelta(seconds=second)
    forms = [day, expected, timed, str(day), timed.isoformat(), timed.strftime("%Y-%m-%d %H:%M"),
             int(day.strftime("%Y%m%d")), timed.tz_localize("Asia/Shanghai")]
    for form in forms:
        assert as_date(form, "asof") == expected, form
