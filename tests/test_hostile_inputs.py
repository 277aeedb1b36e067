"""Hostile input: every public helper refuses bad input with a clear error.

A table of bad calls — wrong shapes, NaN where it is not allowed, negative
money or counts, answers off the survey scale, recency beyond T, unknown
dataset or method names, empty inputs, mismatched lengths; and (issue 10)
unreadable or numeric dates, mixed time zones, inf and values beyond 1e15,
``pd.NA`` in nullable columns, rows that pandas would drop silently (no basket
id, no group), non-text labels, repeated keys, models the data cannot
identify — each with the
exception it must raise (``ValueError``, ``KeyError`` or
``FileNotFoundError``, as CONTRIBUTING.md asks) and a pattern its message
must contain, naming the problem. A helper that returned a number (NaN, inf
or anything else) for one of these inputs, or raised another type (a numpy
``IndexError``, a ``TypeError`` from deep inside), fails its case.

A second table (``SAME``) gives good data in odd forms — times of day, ISO
strings with and without a time, ``yyyymmdd`` numbers, timezone-aware dates
beside a naive ``asof``, nullable dtypes without ``pd.NA`` — and checks each
gives exactly the result of the clean form (the date rules of
``helpers.validation.as_dates``).

The last tests check that no helper, tool or notebook uses ``pickle``,
``eval`` or ``exec``: data files are read as text only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import (
    ahp,
    anomalies,
    association,
    churn,
    clv,
    complaints,
    data,
    engine,
    glossary,
    indicators,
    ingest,
    kano,
    lifecycle,
    loyalty,
    pareto,
    plotting,
    relationship,
    report,
    rfm,
    satisfaction,
    segmentation,
    servqual,
    validation,
    value,
    warehouse,
)
from helpers.check import check, get_exercise
from helpers.widgets import (
    ahp_widget,
    gap_widget,
    relationship_level_widget,
    retention_widget,
    segmentation_widget,
)

NAN = float("nan")
INF = float("inf")


@dataclass(frozen=True)
class Case:
    """One bad call: ``call()`` must raise `error` with a message matching `match`."""

    id: str
    call: Callable[[], object]
    error: type[Exception]
    match: str
    bug: str = ""
    """If set, a known bug of the helper (the case is an expected failure until it is fixed)."""


def _transactions(**changes: list) -> pd.DataFrame:
    """A valid three-row transaction log, with some columns replaced."""
    frame = pd.DataFrame({
        "customer_id": [1, 1, 2],
        "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20"]),
        "amount": [20.0, 35.5, 12.0],
    })
    for column, values in changes.items():
        frame[column] = values
    return frame


def _rfm_table() -> pd.DataFrame:
    """A valid RFM table of six customers."""
    return pd.DataFrame({"recency": [5, 40, 90, 200, 12, 60], "frequency": [9, 4, 2, 1, 6, 3],
                         "monetary": [900.0, 300.0, 150.0, 40.0, 500.0, 210.0]},
                        index=pd.Index([1, 2, 3, 4, 5, 6], name="customer_id"))


def _baskets() -> pd.DataFrame:
    """A valid one-hot basket table."""
    return association.onehot([["bread", "milk"], ["bread", "butter"], ["milk"], ["bread", "milk", "butter"]])


CONSISTENT_3 = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}

CASES: list[Case] = [
    # ---- helpers.data -------------------------------------------------------
    Case("data.load unknown name", lambda: data.load("no_such_dataset"), FileNotFoundError, "no dataset named"),
    Case("data.load typo of a name", lambda: data.load("transaction"), FileNotFoundError, "available: .*transactions"),
    Case("data.load not a string", lambda: data.load(42), ValueError, "must be a string"),
    Case("data.load None", lambda: data.load(None), ValueError, "must be a string"),
    # ---- helpers.pareto -----------------------------------------------------
    Case("pareto.gini empty", lambda: pareto.gini([]), ValueError, "at least 1"),
    Case("pareto.gini NaN", lambda: pareto.gini([1.0, NAN, 3.0]), ValueError, "NaN"),
    Case("pareto.gini inf", lambda: pareto.gini([1.0, INF]), ValueError, "infinite"),
    Case("pareto.gini negative revenue", lambda: pareto.gini([10, -5, 3]), ValueError, "negative"),
    Case("pareto.gini all zero", lambda: pareto.gini([0, 0, 0]), ValueError, "zero"),
    Case("pareto.gini 2-D", lambda: pareto.gini([[1, 2], [3, 4]]), ValueError, "one-dimensional"),
    Case("pareto.gini text", lambda: pareto.gini(["a", "b"]), ValueError, "only numbers"),
    Case("pareto.top_share fraction 0", lambda: pareto.top_share([1, 2, 3], fraction=0), ValueError, "fraction"),
    Case("pareto.top_share fraction > 1", lambda: pareto.top_share([1, 2, 3], fraction=1.5), ValueError, "fraction"),
    Case("pareto.top_share fraction NaN", lambda: pareto.top_share([1, 2], fraction=NAN), ValueError, "fraction"),
    Case("pareto.lorenz scalar", lambda: pareto.lorenz(5.0), ValueError, "sequence of numbers"),
    # ---- helpers.value ------------------------------------------------------
    Case("value.simple_clv retention 1", lambda: value.simple_clv(100, 1.0, 0.1), ValueError, "retention"),
    Case("value.simple_clv retention > 1", lambda: value.simple_clv(100, 1.2, 0.1), ValueError, "retention"),
    Case("value.simple_clv negative retention", lambda: value.simple_clv(100, -0.1, 0.1), ValueError, "retention"),
    Case("value.simple_clv NaN margin", lambda: value.simple_clv(NAN, 0.8, 0.1), ValueError, "margin"),
    Case("value.simple_clv negative discount", lambda: value.simple_clv(100, 0.8, -0.2), ValueError, "discount"),
    Case("value.simple_clv text margin", lambda: value.simple_clv("100", 0.8, 0.1), ValueError, "margin"),
    Case("value.lifetime_profit zero periods", lambda: value.lifetime_profit(100, 0.8, 0.1, periods=0), ValueError,
         "periods"),
    Case("value.gale_value mismatched lengths", lambda: value.gale_value([0.5, 0.5], [8, 7, 6], [7, 7]), ValueError,
         "length"),
    Case("value.gale_value zero competitor rating", lambda: value.gale_value([0.5, 0.5], [8, 7], [0, 7]), ValueError,
         "positive"),
    Case("value.current_value NaN price", lambda: value.current_value([NAN], [1.0], [1.0], [1.0]), ValueError,
         "price_paid contains 1 missing"),
    # ---- helpers.indicators -------------------------------------------------
    Case("indicators.efficacy_coefficient unknown kind", lambda: indicators.efficacy_coefficient([1, 2, 3], kind="bigger"),
         ValueError, "kind"),
    Case("indicators.efficacy_coefficient all equal", lambda: indicators.efficacy_coefficient([4, 4, 4]), ValueError,
         "all values of x are equal"),
    Case("indicators.efficacy_coefficient NaN", lambda: indicators.efficacy_coefficient([1, NAN, 3]), ValueError, "NaN"),
    Case("indicators.composite_score missing column",
         lambda: indicators.composite_score(pd.DataFrame({"a": [1.0, 2.0]}), {"a": 0.5, "b": 0.5}), KeyError, "'b'"),
    # ---- helpers.rfm --------------------------------------------------------
    Case("rfm.rfm_table missing column", lambda: rfm.rfm_table(_transactions().drop(columns="amount")), KeyError,
         "amount"),
    Case("rfm.rfm_table negative amount", lambda: rfm.rfm_table(_transactions(amount=[20.0, -5.0, 12.0])), ValueError,
         "negative"),
    Case("rfm.rfm_table NaN amount", lambda: rfm.rfm_table(_transactions(amount=[20.0, NAN, 12.0])), ValueError,
         "missing"),
    Case("rfm.rfm_table empty", lambda: rfm.rfm_table(_transactions().iloc[0:0]), ValueError, "empty"),
    Case("rfm.rfm_table not a DataFrame", lambda: rfm.rfm_table([[1, "2024-01-01", 3.0]]), ValueError, "DataFrame"),
    Case("rfm.rfm_table dates not dates", lambda: rfm.rfm_table(_transactions(date=["soon", "later", "never"])),
         ValueError, "dates"),
    Case("rfm.rfm_table missing customer id", lambda: rfm.rfm_table(_transactions(customer_id=[1, None, 2])),
         ValueError, "missing customer"),
    Case("rfm.rfm_table asof before every purchase", lambda: rfm.rfm_table(_transactions(), asof="2000-01-01"),
         ValueError, "no purchase on or before"),
    Case("rfm.rfm_table asof not a date", lambda: rfm.rfm_table(_transactions(), asof="someday"), ValueError, "asof"),
    Case("rfm.rfm_scores bins 1", lambda: rfm.rfm_scores(_rfm_table(), bins=1), ValueError, "bins"),
    Case("rfm.rfm_scores bins 2.5", lambda: rfm.rfm_scores(_rfm_table(), bins=2.5), ValueError, "bins"),
    Case("rfm.rfm_scores fewer customers than bins", lambda: rfm.rfm_scores(_rfm_table().head(3), bins=5), ValueError,
         "at least 5 customers"),
    Case("rfm.rfm_scores NaN recency",
         lambda: rfm.rfm_scores(_rfm_table().assign(recency=[5, NAN, 90, 200, 12, 60]), bins=3), ValueError, "missing"),
    Case("rfm.rfm_scores missing column", lambda: rfm.rfm_scores(_rfm_table().drop(columns="monetary")), KeyError,
         "monetary"),
    Case("rfm.rfm_segments scores off 1..5",
         lambda: rfm.rfm_segments(pd.DataFrame({"R": [1, 7], "F": [2, 3]})), ValueError, "1 to 5"),
    # ---- helpers.clv --------------------------------------------------------
    Case("clv.summary unknown freq", lambda: clv.summary(_transactions(), "customer_id", "date", freq="Q"), ValueError,
         "freq"),
    Case("clv.summary missing column", lambda: clv.summary(_transactions(), "customer", "date"), KeyError, "customer"),
    Case("clv.summary negative amount",
         lambda: clv.summary(_transactions(amount=[20.0, -1.0, 12.0]), "customer_id", "date", "amount"), ValueError,
         "negative"),
    Case("clv.summary end before first purchase",
         lambda: clv.summary(_transactions(), "customer_id", "date", end="1990-01-01"), ValueError, "before the first"),
    Case("clv.fit_bgnbd recency beyond T", lambda: clv.fit_bgnbd([1, 2], [5.0, 40.0], [10.0, 30.0]), ValueError,
         "recency cannot exceed T"),
    Case("clv.fit_bgnbd negative frequency", lambda: clv.fit_bgnbd([1, -2], [5.0, 4.0], [10.0, 30.0]), ValueError,
         "negative"),
    Case("clv.fit_bgnbd mismatched lengths", lambda: clv.fit_bgnbd([1, 2, 0], [5.0, 4.0], [10.0, 30.0]), ValueError,
         "same length"),
    Case("clv.fit_bgnbd fractional frequency", lambda: clv.fit_bgnbd([1.5, 2], [5.0, 4.0], [10.0, 30.0]), ValueError,
         "whole numbers"),
    Case("clv.fit_bgnbd NaN T", lambda: clv.fit_bgnbd([1, 2], [5.0, 4.0], [NAN, 30.0]), ValueError, "NaN"),
    Case("clv.fit_bgnbd nobody repeats", lambda: clv.fit_bgnbd([0, 0], [0.0, 0.0], [10.0, 30.0]), ValueError,
         "repeat purchase"),
    Case("clv.fit_bgnbd empty", lambda: clv.fit_bgnbd([], [], []), ValueError, "at least 1"),
    Case("clv.fit_gamma_gamma negative spend", lambda: clv.fit_gamma_gamma([1, 2, 3], [10.0, -4.0, 12.0]), ValueError,
         "negative"),
    Case("clv.fit_gamma_gamma mismatched lengths", lambda: clv.fit_gamma_gamma([1, 2, 3], [10.0, 4.0]), ValueError,
         "length"),
    Case("clv.probability_alive missing parameter",
         lambda: clv.probability_alive({"r": 0.2, "alpha": 4.0, "a": 0.8}, [1], [2.0], [5.0]), KeyError, r"\['b'\]"),
    Case("clv.probability_alive negative parameter",
         lambda: clv.probability_alive({**BGNBD, "alpha": -1.0}, [1], [2.0], [5.0]), ValueError, "alpha"),
    Case("clv.bgnbd_standard_errors missing parameter",
         lambda: clv.bgnbd_standard_errors({"r": 0.2, "alpha": 4.0, "b": 2.0}, [1], [2.0], [5.0]), KeyError,
         r"\['a'\]"),
    Case("clv.bgnbd_standard_errors recency beyond T",
         lambda: clv.bgnbd_standard_errors(BGNBD, [1, 2], [5.0, 40.0], [10.0, 30.0]), ValueError, "recency"),
    Case("clv.gamma_gamma_standard_errors negative spend",
         lambda: clv.gamma_gamma_standard_errors(GAMMA_GAMMA, [1, 2], [10.0, -4.0]), ValueError, "negative"),
    Case("clv.expected_purchases negative horizon",
         lambda: clv.expected_purchases(BGNBD, -4, [1], [2.0], [5.0]), ValueError, "t must be >= 0"),
    Case("clv.clv negative discount",
         lambda: clv.clv(BGNBD, GAMMA_GAMMA, [1], [2.0], [5.0], [20.0], discount=-0.5), ValueError, "discount"),
    # ---- helpers.ahp --------------------------------------------------------
    Case("ahp.ahp_weights not square", lambda: ahp.ahp_weights([[1, 2, 3], [0.5, 1, 2]]), ValueError, "square"),
    Case("ahp.ahp_weights not reciprocal", lambda: ahp.ahp_weights([[1, 3], [3, 1]]), ValueError, "reciprocal"),
    Case("ahp.ahp_weights negative judgment", lambda: ahp.ahp_weights([[1, -2], [-0.5, 1]]), ValueError,
         "positive"),
    Case("ahp.ahp_weights NaN judgment", lambda: ahp.ahp_weights([[1, NAN], [NAN, 1]]), ValueError, "positive finite number"),
    Case("ahp.ahp_weights unknown method", lambda: ahp.ahp_weights(CONSISTENT_3, method="median"), ValueError,
         "method"),
    Case("ahp.ahp_weights 11 criteria", lambda: ahp.ahp_weights(np.ones((11, 11))), ValueError, "1 to 10 rows"),
    Case("ahp.ahp_weights diagonal not 1",
         lambda: ahp.ahp_weights([[2, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]), ValueError, "diagonal"),
    Case("ahp.judgment_matrix wrong count", lambda: ahp.judgment_matrix([3, 5]), ValueError, r"n\(n-1\)/2 judgments"),
    Case("ahp.judgment_matrix zero judgment", lambda: ahp.judgment_matrix([3, 0, 2]), ValueError, "positive"),
    Case("ahp.nearest_saaty negative ratio", lambda: ahp.nearest_saaty(-3), ValueError, "positive"),
    # ---- helpers.kano -------------------------------------------------------
    Case("kano.classify answer 6", lambda: kano.classify(6, 3), ValueError, "functional"),
    Case("kano.classify answer 0", lambda: kano.classify(1, 0), ValueError, "dysfunctional"),
    Case("kano.classify answer 2.5", lambda: kano.classify(2.5, 3), ValueError, "functional"),
    Case("kano.classify_many mismatched lengths", lambda: kano.classify_many([1, 2, 3], [5, 5]), ValueError,
         "equally long"),
    Case("kano.classify_many off the scale", lambda: kano.classify_many([1, 9], [5, 5]), ValueError, "code 1–5"),
    Case("kano.coefficients negative count", lambda: kano.coefficients({"A": 3, "O": -1, "M": 2, "I": 1}), ValueError,
         "negative"),
    Case("kano.coefficients no A/O/M/I answers", lambda: kano.coefficients({"R": 3, "Q": 1}), ValueError, "no usable answers"),
    Case("kano.coefficients unknown category", lambda: kano.coefficients({"A": 3, "Z": 1}), ValueError, "Z"),
    Case("kano.kano_summary missing column",
         lambda: kano.kano_summary(pd.DataFrame({"feature": ["x"], "functional": [1]})), KeyError, "dysfunctional"),
    # ---- helpers.servqual ---------------------------------------------------
    Case("servqual.gaps off the 1..7 scale",
         lambda: servqual.gaps([[5, 9]], [[4, 6]], {"speed": [1], "care": [2]}), ValueError, "outside the 1-7 scale"),
    Case("servqual.gaps mismatched shapes",
         lambda: servqual.gaps([[5, 6], [7, 6]], [[4, 6]], {"speed": [1], "care": [2]}), ValueError, "shape"),
    Case("servqual.gaps NaN answer",
         lambda: servqual.gaps([[5, NAN]], [[4, 6]], {"speed": [1], "care": [2]}), ValueError, "missing answer"),
    Case("servqual.gaps item not there",
         lambda: servqual.gaps([[5, 6]], [[4, 6]], {"speed": [1], "care": [3]}), ValueError, "item"),
    Case("servqual.gaps empty", lambda: servqual.gaps(np.empty((0, 22)), np.empty((0, 22))), ValueError,
         r"respondents x items, got shape \(0, 22\)"),
    Case("servqual.weighted_score unknown dimension",
         lambda: servqual.weighted_score(servqual.gaps([[5, 6]], [[4, 6]], {"speed": [1], "care": [2]}),
                                         {"speed": 0.5, "price": 0.5}), KeyError, "no value for dimension"),
    Case("servqual.segment_gaps unknown column",
         lambda: servqual.segment_gaps(data.load("servqual"), by="no_such_column"), KeyError, "no_such_column"),
    # ---- helpers.satisfaction -----------------------------------------------
    Case("satisfaction.csd weights do not sum to 1", lambda: satisfaction.csd([0.5, 0.6], [80, 70]), ValueError,
         "sum to 1"),
    Case("satisfaction.csd mismatched lengths", lambda: satisfaction.csd([0.5, 0.5], [80, 70, 60]), ValueError,
         "same length"),
    Case("satisfaction.csd negative weight", lambda: satisfaction.csd([1.5, -0.5], [80, 70]), ValueError, "negative"),
    Case("satisfaction.to_index score off the scale", lambda: satisfaction.to_index(12, 1, 10), ValueError,
         "outside the answer scale"),
    Case("satisfaction.to_index low == high", lambda: satisfaction.to_index(5, 5, 5), ValueError, "low|high"),
    Case("satisfaction.satisfaction_index unknown item weight",
         lambda: satisfaction.satisfaction_index(pd.DataFrame({"q1": [7, 8], "q2": [6, 9]}), weights={"q9": 1.0}),
         KeyError, "q9"),
    # ---- helpers.loyalty ----------------------------------------------------
    Case("loyalty.loyalty_types mismatched lengths", lambda: loyalty.loyalty_types([4, 5, 2], [3, 1], 4, 2),
         ValueError, "one value per customer"),
    Case("loyalty.loyalty_types NaN attitude", lambda: loyalty.loyalty_types([4, NAN], [3, 1], 4, 2), ValueError,
         "NaN"),
    Case("loyalty.satisfaction_curve retained not 0/1",
         lambda: loyalty.satisfaction_curve([1, 2, 3, 4, 5], [1, 0, 2, 1, 1]), ValueError, "True/False"),
    # ---- helpers.association ------------------------------------------------
    Case("association.onehot no baskets", lambda: association.onehot([]), ValueError, "baskets is empty"),
    Case("association.onehot empty basket", lambda: association.onehot([["bread"], []]), ValueError, "empty"),
    Case("association.onehot missing column",
         lambda: association.onehot(pd.DataFrame({"basket_id": [1], "item": ["x"]})), KeyError, "product"),
    Case("association.support unknown item", lambda: association.support(_baskets(), ["caviar"]), KeyError,
         "caviar"),
    Case("association.support empty itemset", lambda: association.support(_baskets(), []), ValueError, "empty"),
    Case("association.mine_rules min_support 0", lambda: association.mine_rules(_baskets(), min_support=0), ValueError,
         "min_support"),
    Case("association.mine_rules min_confidence > 1",
         lambda: association.mine_rules(_baskets(), min_support=0.2, min_confidence=1.5), ValueError, "min_confidence"),
    # ---- helpers.segmentation -----------------------------------------------
    Case("segmentation.kmeans_segments k = 1", lambda: segmentation.kmeans_segments(_rfm_table(), ["recency", "monetary"], k=1),
         ValueError, "k must be"),
    Case("segmentation.kmeans_segments k > customers",
         lambda: segmentation.kmeans_segments(_rfm_table(), ["recency", "monetary"], k=10), ValueError, "k must be from 2"),
    Case("segmentation.kmeans_segments unknown feature",
         lambda: segmentation.kmeans_segments(_rfm_table(), ["recency", "age"], k=2), KeyError, "age"),
    Case("segmentation.kmeans_segments no feature", lambda: segmentation.kmeans_segments(_rfm_table(), [], k=2),
         ValueError, "feature"),
    Case("segmentation.standardized_features NaN",
         lambda: segmentation.standardized_features(_rfm_table().assign(monetary=[1.0, NAN, 3, 4, 5, 6]), ["monetary"]),
         ValueError, "missing value"),
    Case("segmentation.standardized_features negative money with log",
         lambda: segmentation.standardized_features(_rfm_table().assign(monetary=[-1.0, 2, 3, 4, 5, 6]), ["monetary"]),
         ValueError, "negative"),
    # ---- helpers.churn ------------------------------------------------------
    Case("churn.confusion_table threshold > 1", lambda: churn.confusion_table([0, 1], [0.2, 0.9], threshold=1.5),
         ValueError, "threshold"),
    Case("churn.confusion_table labels not 0/1", lambda: churn.confusion_table([0, 2], [0.2, 0.9]), ValueError,
         r"0 \(stays\) and 1"),
    Case("churn.confusion_table mismatched lengths", lambda: churn.confusion_table([0, 1, 1], [0.2, 0.9]), ValueError,
         "length"),
    Case("churn.gains_table probability NaN", lambda: churn.gains_table([0, 1, 1, 0], [0.2, NAN, 0.5, 0.1], bins=2),
         ValueError, "NaN"),
    Case("churn.churn_dataset cutoff not a date",
         lambda: churn.churn_dataset(data.load("transactions"), data.load("customers"), cutoff="whenever"), ValueError,
         "cutoff"),
    # ---- helpers.anomalies --------------------------------------------------
    Case("anomalies.zscore_flags NaN", lambda: anomalies.zscore_flags([1.0, NAN, 3.0]), ValueError, "NaN"),
    Case("anomalies.zscore_flags negative threshold", lambda: anomalies.zscore_flags([1, 2, 3], threshold=-1),
         ValueError, "threshold"),
    Case("anomalies.iqr_flags negative k", lambda: anomalies.iqr_flags([1, 2, 3, 4], k=-1), ValueError, "k must be > 0"),
    Case("anomalies.detection_report mismatched lengths",
         lambda: anomalies.detection_report([True, False], [True, False, True]), ValueError, "length"),
    # ---- helpers.lifecycle --------------------------------------------------
    Case("lifecycle.cohort_table unknown freq", lambda: lifecycle.cohort_table(_transactions(), freq="fortnight"),
         ValueError, "freq"),
    Case("lifecycle.cohort_table unknown values", lambda: lifecycle.cohort_table(_transactions(), values="ratio"),
         ValueError, "values"),
    Case("lifecycle.lifecycle_stages missing column",
         lambda: lifecycle.lifecycle_stages(_transactions().drop(columns="date")), KeyError, "date"),
    # ---- helpers.relationship -----------------------------------------------
    Case("relationship.recommended_level negative customers", lambda: relationship.recommended_level(-10, 0.2),
         ValueError, "n_customers must be"),
    Case("relationship.margin_band NaN margin", lambda: relationship.margin_band(NAN), ValueError, "margin"),
    # ---- helpers.warehouse --------------------------------------------------
    Case("warehouse.date_dimension empty", lambda: warehouse.date_dimension([]), ValueError, "dates is empty"),
    Case("warehouse.date_dimension not dates", lambda: warehouse.date_dimension(["not a date"]), ValueError,
         "must hold dates"),
    Case("warehouse.clean_extract missing columns", lambda: warehouse.clean_extract(pd.DataFrame({"x": [1]})),
         KeyError, "record_id"),
    Case("warehouse.standardize_labels unknown label",
         lambda: warehouse.standardize_labels(pd.Series(["East", "Atlantis"]), ["East", "West"]), ValueError,
         "Atlantis"),
    # ---- helpers.indicators (more) ------------------------------------------
    Case("indicators.normalise_table unknown method",
         lambda: indicators.normalise_table(pd.DataFrame({"a": [1.0, 2.0]}), {"a": "benefit"}, method="magic"),
         ValueError, "method must be one of"),
    Case("indicators.abc_grades cut-offs out of order", lambda: indicators.abc_grades([1, 2, 3], cutoffs=(0.6, 0.3)),
         ValueError, "cutoffs"),
    Case("indicators.composite_score negative weight",
         lambda: indicators.composite_score(pd.DataFrame({"a": [1.0, 2.0]}), {"a": -1}), ValueError, "negative"),
    Case("indicators.pca_weights one indicator", lambda: indicators.pca_weights(pd.DataFrame({"a": [1.0, 2.0, 3.0]})),
         ValueError, "at least 2 indicator columns"),
    # ---- helpers.lifecycle, loyalty, satisfaction (more) ----------------------
    Case("lifecycle.retention_curve not a count table", lambda: lifecycle.retention_curve(pd.DataFrame()),
         ValueError, "cohort_table"),
    Case("lifecycle.lifecycle_stages negative window",
         lambda: lifecycle.lifecycle_stages(_transactions(), explore_days=-1), ValueError, "explore_days"),
    Case("loyalty.purchase_behaviour end before start",
         lambda: loyalty.purchase_behaviour(_transactions(), [1, 2], "2024-06-01", "2024-01-01"), ValueError,
         "before start"),
    Case("loyalty.loyalty_score bounds reversed",
         lambda: loyalty.loyalty_score(pd.DataFrame({"a": [1.0, 2.0]}), {"a": 1.0}, {"a": (5, 1)}), ValueError,
         "low < high"),
    Case("satisfaction.composite_scores unknown item",
         lambda: satisfaction.composite_scores(pd.DataFrame({"img1": [7, 8]}), {"image": ["img9"]}), KeyError, "img9"),
    Case("satisfaction.estimate_paths unknown construct",
         lambda: satisfaction.estimate_paths(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), [("a", "zz")]), KeyError, "zz"),
    # ---- helpers.association, anomalies, churn, segmentation (more) ------------
    Case("association.lift overlapping itemsets", lambda: association.lift(_baskets(), ["milk"], ["milk"]), ValueError,
         "disjoint"),
    Case("association.frequent_itemsets support > 1", lambda: association.frequent_itemsets(_baskets(), 1.5),
         ValueError, "min_support"),
    Case("association.support list instead of table", lambda: association.support([[1, 0]], ["milk"]), ValueError,
         "one-hot basket table"),
    Case("anomalies.isolation_forest_scores contamination 0.9",
         lambda: anomalies.isolation_forest_scores(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), ["a"], contamination=0.9),
         ValueError, "contamination"),
    Case("anomalies.iqr_fences empty", lambda: anomalies.iqr_fences([]), ValueError, "at least 3"),
    Case("churn.gains_table zero bins", lambda: churn.gains_table([0, 1], [0.1, 0.9], bins=0), ValueError, "bins"),
    Case("churn.churn_dataset negative horizon",
         lambda: churn.churn_dataset(_transactions(), pd.DataFrame({"customer_id": [1, 2], "channel": ["web", "store"]}),
                                     cutoff="2024-01-31",
                                     horizon_days=-3), ValueError, "horizon_days"),
    Case("segmentation.choose_k k = 1", lambda: segmentation.choose_k(_rfm_table(), ["recency"], ks=[1]), ValueError,
         "k must be from 2"),
    # ---- helpers.complaints, glossary -----------------------------------------
    Case("complaints.complaint_summary missing columns",
         lambda: complaints.complaint_summary(pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [1]})), KeyError,
         "hours_to_resolve"),
    Case("glossary.glossary empty term", lambda: glossary.glossary(""), ValueError, "term is empty"),
    Case("glossary.glossary unknown term", lambda: glossary.glossary("zzqqxx"), KeyError, "no glossary term"),
    Case("glossary.glossary not a string", lambda: glossary.glossary(5), ValueError, "must be a string"),
    # ---- helpers.widgets ----------------------------------------------------
    Case("widgets.ahp_widget two criteria", lambda: ahp_widget(["price", "quality"]), ValueError, "3 to 10 criteria"),
    Case("widgets.ahp_widget repeated criterion", lambda: ahp_widget(["a", "a", "b"]), ValueError, "distinct"),
    Case("widgets.ahp_widget wrong judgment count", lambda: ahp_widget(["a", "b", "c"], judgments=[1, 2]),
         ValueError, "need 3 judgments"),
    Case("widgets.gap_widget unknown segment column", lambda: gap_widget(data.load("servqual"), by="nope"), KeyError,
         "nope"),
    Case("widgets.segmentation_widget k = 20", lambda: segmentation_widget(_rfm_table(), k=20), ValueError,
         "k must be from 2|more than 8 rows"),
    Case("widgets.retention_widget retention 1.5", lambda: retention_widget(retention=1.5), ValueError, "retention"),
    Case("widgets.relationship_level_widget no customers", lambda: relationship_level_widget(n_customers=-1),
         ValueError, "n_customers"),
    # ---- helpers.plotting, helpers.validation ----------------------------------
    Case("plotting.label empty English text", lambda: plotting.label("", "忠诚"), ValueError, "non-empty string"),
    Case("validation.as_number text", lambda: validation.as_number("12", "price"), ValueError, "price must be a number"),
    Case("validation.as_number above the bound", lambda: validation.as_number(2.0, "share", 0, 1), ValueError,
         "share must be <= 1"),
    Case("validation.require_choice unknown option",
         lambda: validation.require_choice("fast", ["eigenvector", "sum"], "method"), ValueError, "method must be one of"),
    # ---- helpers.check ------------------------------------------------------
    Case("check.get_exercise unknown id", lambda: get_exercise("99.99"), KeyError, "chapter 99"),
    Case("check.get_exercise malformed id", lambda: get_exercise("one"), KeyError, "should look like"),
]


# ---- Issue 10 §4, the next round: dates, inf/huge, nullable dtypes, silent loss, unidentifiable fits ----


def _servqual() -> pd.DataFrame:
    """The chapter's SERVQUAL survey."""
    return data.load("servqual")


def _survey_answers(dtype: str = "Int64", missing: bool = False) -> pd.DataFrame:
    """Expectations of three respondents on two items, in a nullable dtype (one answer missing if asked)."""
    frame = pd.DataFrame({"E1": [5, 6, 7], "E2": [4, 6, 6]}, dtype=dtype)
    if missing:
        frame.loc[1, "E2"] = pd.NA
    return frame


def _two_points(n: int = 10) -> pd.DataFrame:
    """`n` customers, but only two distinct feature vectors."""
    return pd.DataFrame({"recency": [5, 90] * (n // 2), "monetary": [100.0, 20.0] * (n // 2)})


def _paths_scores(**changes: list) -> pd.DataFrame:
    """Composite scores of eight respondents for a two-path model."""
    frame = pd.DataFrame({"quality": [7.0, 8, 6, 9, 5, 7, 8, 6], "value": [6.0, 7, 5, 9, 4, 7, 8, 5],
                          "satisfaction": [6.5, 8, 5, 9, 4.5, 7, 8, 5.5]})
    for column, values in changes.items():
        frame[column] = values
    return frame


def _churn_customers(**changes: list) -> pd.DataFrame:
    frame = pd.DataFrame({"customer_id": [1, 2], "channel": ["web", "store"]})
    for column, values in changes.items():
        frame[column] = values
    return frame


PATHS = [("quality", "satisfaction"), ("value", "satisfaction")]
HUGE = 1e300

CASES += [
    # ---- dates: numbers are never nanoseconds, unreadable arguments are named ----------------
    Case("rfm.rfm_table small numbers as dates", lambda: rfm.rfm_table(_transactions(date=[1, 2, 3])), ValueError,
         "must hold dates, not numbers"),
    Case("rfm.rfm_table yyyymmdd that is no day", lambda: rfm.rfm_table(_transactions(date=[20240105, 20240230, 20240120])),
         ValueError, "not valid yyyymmdd"),
    Case("rfm.rfm_table True/False as dates", lambda: rfm.rfm_table(_transactions(date=[True, False, True])), ValueError,
         "True/False"),
    Case("rfm.rfm_table mixed time zones",
         lambda: rfm.rfm_table(_transactions(date=["2024-01-05T10:00+08:00", "2024-02-10T10:00+01:00", "2024-01-20"])),
         ValueError, "time zones"),
    Case("rfm.rfm_table missing date in a string column",
         lambda: rfm.rfm_table(_transactions(date=pd.array(["2024-01-05", pd.NA, "2024-01-20"], dtype="string"))),
         ValueError, "1 missing date"),
    Case("rfm.rfm_table asof a small number", lambda: rfm.rfm_table(_transactions(), asof=5), ValueError,
         "asof must hold dates, not numbers"),
    Case("rfm.rfm_table asof NaT", lambda: rfm.rfm_table(_transactions(), asof=pd.NaT), ValueError, "asof must be a date"),
    Case("rfm.rfm_table asof a list", lambda: rfm.rfm_table(_transactions(), asof=["2024-03-01"]), ValueError,
         "asof must be a date"),
    Case("clv.summary end unparseable", lambda: clv.summary(_transactions(), "customer_id", "date", end="next week"),
         ValueError, "end must be a date"),
    Case("clv.summary end yyyymmdd that is no day",
         lambda: clv.summary(_transactions(), "customer_id", "date", end=19970230), ValueError, "not valid yyyymmdd"),
    Case("clv.summary small numbers as dates",
         lambda: clv.summary(_transactions(date=[10, 20, 30]), "customer_id", "date"), ValueError, "not numbers"),
    Case("clv.summary mixed time zones",
         lambda: clv.summary(_transactions(date=["2024-01-05T10:00+08:00", "2024-02-10T10:00Z", "2024-01-20T10:00Z"]),
                             "customer_id", "date"), ValueError, "time zones"),
    Case("lifecycle.cohort_table end unparseable", lambda: lifecycle.cohort_table(_transactions(), end="whenever"),
         ValueError, "end must be a date"),
    Case("lifecycle.cohort_table numbers as dates", lambda: lifecycle.cohort_table(_transactions(date=[7, 8, 9])),
         ValueError, "not numbers"),
    Case("lifecycle.lifecycle_stages asof unparseable", lambda: lifecycle.lifecycle_stages(_transactions(), asof="soonish"),
         ValueError, "asof must be a date"),
    Case("loyalty.purchase_behaviour start unparseable",
         lambda: loyalty.purchase_behaviour(_transactions(), [1, 2], "first of May", "2024-06-01"), ValueError,
         "start must be a date"),
    Case("loyalty.purchase_behaviour end unparseable",
         lambda: loyalty.purchase_behaviour(_transactions(), [1, 2], "2024-01-01", "end of June"), ValueError,
         "end must be a date"),
    Case("loyalty.purchase_behaviour start None",
         lambda: loyalty.purchase_behaviour(_transactions(), [1, 2], None, "2024-06-01"), ValueError,
         "start must be a date"),
    Case("churn.churn_dataset cutoff a small number",
         lambda: churn.churn_dataset(_transactions(), _churn_customers(), cutoff=123), ValueError, "cutoff must hold dates"),
    Case("warehouse.date_dimension numbers", lambda: warehouse.date_dimension([1, 2, 3]), ValueError, "not numbers"),
    Case("warehouse.date_dimension one string, not a list", lambda: warehouse.date_dimension("2024-01-01"), ValueError,
         "list of dates"),
    Case("warehouse.date_dimension a number, not a list", lambda: warehouse.date_dimension(20240101), ValueError,
         "list of dates"),
    Case("warehouse.date_dimension mixed time zones",
         lambda: warehouse.date_dimension(["2024-01-01T00:00+08:00", "2024-01-03T00:00+01:00"]), ValueError, "time zones"),
    # ---- inf and huge values: refused, never inf/NaN/0 results --------------------------------
    Case("rfm.rfm_table infinite amount", lambda: rfm.rfm_table(_transactions(amount=[20.0, INF, 12.0])), ValueError,
         "infinite"),
    Case("rfm.rfm_table amounts whose sum overflows", lambda: rfm.rfm_table(_transactions(amount=[1e308, 1e308, 1.0])),
         ValueError, "too large"),
    Case("clv.summary infinite amount",
         lambda: clv.summary(_transactions(amount=[20.0, INF, 12.0]), "customer_id", "date", "amount"), ValueError,
         "infinite"),
    Case("clv.fit_bgnbd huge T", lambda: clv.fit_bgnbd([1, 2], [5.0, 4.0], [HUGE, 30.0]), ValueError, "too large"),
    Case("clv.fit_gamma_gamma huge spend", lambda: clv.fit_gamma_gamma([1, 2, 3], [10.0, HUGE, 12.0]), ValueError,
         "too large"),
    Case("clv.expected_purchases infinite horizon",
         lambda: clv.expected_purchases(BGNBD, INF, [1], [5.0], [10.0]), ValueError, "t must be a finite"),
    Case("clv.clv infinite discount",
         lambda: clv.clv(BGNBD, GAMMA_GAMMA, [1], [5.0], [10.0], [20.0], discount=INF), ValueError, "discount"),
    Case("clv.clv a billion periods (would run for hours)",
         lambda: clv.clv(BGNBD, GAMMA_GAMMA, [1], [5.0], [10.0], [20.0], periods=10**9), ValueError, "<= 1000"),
    Case("clv.expected_purchases_new horizon that overflows", lambda: clv.expected_purchases_new(BGNBD, 1e14),
         ValueError, "too long a horizon"),
    Case("pareto.gini values whose sum overflows", lambda: pareto.gini([1e308, 1e308]), ValueError, "too large"),
    Case("value.simple_clv huge margin", lambda: value.simple_clv(HUGE, 0.8, 0.1), ValueError, "margin is too large"),
    Case("value.delivered_value infinite benefit",
         lambda: value.delivered_value({"product": INF}, {"price": 10.0}), ValueError, "finite|infinite"),
    Case("value.gale_value infinite weight", lambda: value.gale_value([INF, 0.5], [8, 7], [7, 7]), ValueError,
         "infinite"),
    Case("servqual.weighted_score infinite importance",
         lambda: servqual.weighted_score(pd.DataFrame({"gap": [-1.0, 0.5]}, index=["a", "b"]), {"a": INF, "b": 1}),
         ValueError, "importance"),
    Case("servqual.importance_performance huge importance",
         lambda: servqual.importance_performance(pd.DataFrame({"gap": [-1.0, 0.5]}, index=["a", "b"]),
                                                 {"a": HUGE, "b": HUGE}), ValueError, "importance"),
    Case("servqual.gaps infinite answer", lambda: servqual.gaps([[5, INF]], [[4, 6]], {"x": [1, 2]}), ValueError,
         "outside|infinite"),
    Case("satisfaction.csd infinite score", lambda: satisfaction.csd([0.5, 0.5], [7.0, INF]), ValueError, "infinite"),
    Case("satisfaction.estimate_paths infinite score",
         lambda: satisfaction.estimate_paths(_paths_scores(value=[6.0, 7, 5, INF, 4, 7, 8, 5]), PATHS), ValueError,
         "'value'.*infinite"),
    Case("satisfaction.composite_scores infinite answer",
         lambda: satisfaction.composite_scores(pd.DataFrame({"q1": [7.0, INF], "q2": [6.0, 5.0]}), {"quality": ["q1", "q2"]}),
         ValueError, "infinite"),
    Case("loyalty.loyalty_score infinite indicator",
         lambda: loyalty.loyalty_score(pd.DataFrame({"a": [1.0, INF]}), {"a": 1.0}, {"a": (0, 10)}), ValueError,
         "infinite"),
    Case("loyalty.satisfaction_curve infinite satisfaction",
         lambda: loyalty.satisfaction_curve([1.0, 2.0, INF, 4.0], [0, 1, 1, 1]), ValueError, "infinite"),
    Case("complaints.complaint_summary infinite hours",
         lambda: complaints.complaint_summary(
             pd.DataFrame({"channel": ["web"], "hours_to_resolve": [INF], "outcome": ["resolved"]}),
             pd.DataFrame({"channel": ["web", "web"]})), ValueError, "hours_to_resolve.*infinite"),
    Case("indicators.composite_score infinite weight",
         lambda: indicators.composite_score(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}), {"a": INF, "b": 1.0}),
         ValueError, "infinite"),
    Case("indicators.composite_score infinite indicator",
         lambda: indicators.composite_score(pd.DataFrame({"a": [1.0, INF]}), {"a": 1.0}), ValueError, "'a'.*infinite"),
    Case("indicators.pca_weights infinite indicator",
         lambda: indicators.pca_weights(pd.DataFrame({"a": [1.0, 2.0, INF], "b": [3.0, 1.0, 2.0]})), ValueError,
         "'a'.*infinite"),
    Case("indicators.normalise_table huge indicator",
         lambda: indicators.normalise_table(pd.DataFrame({"a": [1.0, HUGE, 3.0]}), {"a": "benefit"}), ValueError,
         "too large"),
    Case("anomalies.zscore_flags huge values", lambda: anomalies.zscore_flags([1.0, HUGE, -HUGE]), ValueError,
         "too large"),
    Case("anomalies.isolation_forest_scores infinite feature",
         lambda: anomalies.isolation_forest_scores(pd.DataFrame({"a": [1.0, INF, 3.0]}), ["a"]), ValueError,
         "'a'.*infinite"),
    Case("segmentation.standardized_features infinite feature",
         lambda: segmentation.standardized_features(_rfm_table().assign(monetary=[1.0, INF, 3, 4, 5, 6]), ["monetary"]),
         ValueError, "'monetary'.*infinite"),
    Case("segmentation.kmeans_segments huge feature",
         lambda: segmentation.kmeans_segments(_rfm_table().assign(monetary=[1.0, HUGE, 3, 4, 5, 6]), ["monetary"], k=2),
         ValueError, "too large"),
    Case("churn.gains_table infinite score", lambda: churn.gains_table([0, 1, 1, 0], [0.2, INF, 0.5, 0.1], bins=2),
         ValueError, "infinite"),
    Case("churn.fit_churn_models infinite feature",
         lambda: churn.fit_churn_models(pd.DataFrame({"recency": [1.0, INF, 3, 4] * 5, "churned": [0, 1] * 10}),
                                        features=["recency"]), ValueError, "'recency'.*infinite"),
    Case("kano.coefficients infinite count", lambda: kano.coefficients({"A": INF, "O": 1, "M": 1, "I": 1}), ValueError,
         "'A'"),
    Case("ahp.ahp_weights huge judgment", lambda: ahp.ahp_weights([[1, HUGE, 2], [1 / HUGE, 1, 2], [1 / 2, 1 / 2, 1]]),
         ValueError, "a\\[1,2\\]"),
    # ---- nullable dtypes: a missing value (pd.NA) is named -----------------------------------
    Case("rfm.rfm_table Float64 amount with pd.NA",
         lambda: rfm.rfm_table(_transactions(amount=pd.array([20.0, pd.NA, 12.0], dtype="Float64"))), ValueError,
         "'amount' contains 1 missing"),
    Case("rfm.rfm_table Int64 customer id with pd.NA",
         lambda: rfm.rfm_table(_transactions(customer_id=pd.array([1, pd.NA, 2], dtype="Int64"))), ValueError,
         "missing customer"),
    Case("clv.fit_bgnbd Int64 frequency with pd.NA",
         lambda: clv.fit_bgnbd(pd.Series([1, pd.NA], dtype="Int64"), [5.0, 4.0], [10.0, 30.0]), ValueError,
         "frequency contains 1 missing"),
    Case("pareto.gini Float64 with pd.NA", lambda: pareto.gini(pd.array([1.0, pd.NA, 3.0], dtype="Float64")), ValueError,
         "1 missing value"),
    Case("anomalies.zscore_flags Int64 with pd.NA", lambda: anomalies.zscore_flags(pd.Series([1, pd.NA, 3], dtype="Int64")),
         ValueError, "1 missing value"),
    Case("churn.confusion_table boolean labels with pd.NA",
         lambda: churn.confusion_table(pd.array([False, pd.NA, True], dtype="boolean"), [0.2, 0.4, 0.9]), ValueError,
         "missing"),
    Case("segmentation.standardized_features Int64 with pd.NA",
         lambda: segmentation.standardized_features(_rfm_table().astype({"recency": "Int64"}).assign(
             recency=pd.array([5, pd.NA, 90, 200, 12, 60], dtype="Int64")), ["recency"]), ValueError, "missing value"),
    Case("indicators.composite_score Float64 with pd.NA",
         lambda: indicators.composite_score(pd.DataFrame({"a": pd.array([1.0, pd.NA], dtype="Float64")}), {"a": 1.0}),
         ValueError, "'a'.*missing"),
    Case("servqual.gaps Int64 answers with pd.NA",
         lambda: servqual.gaps(_survey_answers(missing=True), _survey_answers(), {"x": [1, 2]}), ValueError,
         "1 missing answer"),
    Case("satisfaction.composite_scores Int64 answers with pd.NA",
         lambda: satisfaction.composite_scores(_survey_answers(missing=True), {"expect": ["E1", "E2"]}), ValueError,
         "1 missing answer"),
    Case("complaints.complaint_summary Float64 hours with pd.NA",
         lambda: complaints.complaint_summary(
             pd.DataFrame({"channel": ["web", "web"], "hours_to_resolve": pd.array([3.0, pd.NA], dtype="Float64"),
                           "outcome": ["resolved", "resolved"]}), pd.DataFrame({"channel": ["web"]})), ValueError,
         "hours_to_resolve.*missing"),
    Case("kano.kano_summary Int64 answer with pd.NA",
         lambda: kano.kano_summary(pd.DataFrame({"feature": ["f", "f"],
                                                 "functional": pd.array([1, pd.NA], dtype="Int64"),
                                                 "dysfunctional": [5, 5]})), ValueError, "not codes 1–5"),
    Case("value.current_value Float64 cost with pd.NA",
         lambda: value.current_value([10.0], pd.array([pd.NA], dtype="Float64"), [1.0], [1.0]), ValueError,
         "production_cost contains 1 missing"),
    Case("association.support nullable boolean table with pd.NA",
         lambda: association.support(pd.DataFrame({"milk": pd.array([True, pd.NA], dtype="boolean"),
                                                   "bread": pd.array([True, False], dtype="boolean")}), ["milk"]),
         ValueError, "1 missing value"),
    Case("loyalty.satisfaction_curve boolean retained with pd.NA",
         lambda: loyalty.satisfaction_curve([1, 2, 3, 4], pd.array([True, pd.NA, True, False], dtype="boolean")),
         ValueError, "retained contains 1 missing"),
    # ---- silent data loss: raise, never drop quietly -----------------------------------------
    Case("association.onehot row without a basket id",
         lambda: association.onehot(pd.DataFrame({"basket_id": [1, None, 2], "product": ["a", "b", "c"]})), ValueError,
         "without a 'basket_id'"),
    Case("association.onehot item that is not a string", lambda: association.onehot([["bread", 5], ["milk"]]),
         ValueError, "must be text"),
    Case("association.onehot missing item in a list", lambda: association.onehot([["bread", None], ["milk"]]),
         ValueError, "missing item|must be text"),
    Case("association.onehot long table with non-text item",
         lambda: association.onehot(pd.DataFrame({"basket_id": [1, 1, 2], "product": ["a", 1, "1"]})), ValueError,
         "must be text"),
    Case("warehouse.standardize_labels label that is not a string",
         lambda: warehouse.standardize_labels(pd.Series(["East", 5]), ["East", "West"]), ValueError, "not text"),
    Case("warehouse.star_schema duplicated customer id",
         lambda: warehouse.star_schema(data.load("transactions"),
                                       pd.concat([data.load("customers")] * 2), data.load("products")), ValueError,
         "customer_id.*distinct"),
    Case("loyalty.purchase_behaviour duplicated customer id",
         lambda: loyalty.purchase_behaviour(_transactions(), [1, 2, 1], "2024-01-01", "2024-06-01"), ValueError,
         "distinct"),
    Case("churn.churn_dataset duplicated customer id",
         lambda: churn.churn_dataset(_transactions(), _churn_customers(customer_id=[1, 1]), cutoff="2024-01-31",
                                     horizon_days=5), ValueError, "customer_id.*distinct"),
    Case("kano.kano_summary row without a feature",
         lambda: kano.kano_summary(pd.DataFrame({"feature": ["f", None], "functional": [1, 1],
                                                 "dysfunctional": [5, 5]})), ValueError, "without a 'feature'"),
    Case("servqual.segment_gaps row without a segment",
         lambda: servqual.segment_gaps(_servqual().assign(branch=[None] + list(_servqual()["branch"].iloc[1:])),
                                       by="branch"), ValueError, "without a 'branch'"),
    Case("complaints.complaint_summary complaint without a group",
         lambda: complaints.complaint_summary(
             pd.DataFrame({"channel": ["web", None], "hours_to_resolve": [3.0, 4.0], "outcome": ["resolved"] * 2}),
             pd.DataFrame({"channel": ["web"]})), ValueError, "without a 'channel'"),
    # ---- model fits on data that cannot identify them ----------------------------------------
    Case("clv.fit_bgnbd one customer", lambda: clv.fit_bgnbd([3], [20.0], [30.0]), ValueError, "at least"),
    Case("clv.fit_gamma_gamma one repeat customer", lambda: clv.fit_gamma_gamma([0, 0, 4], [0.0, 0.0, 12.0]),
         ValueError, "at least 2 customers with frequency > 0"),
    Case("clv.fit_gamma_gamma nobody repeats", lambda: clv.fit_gamma_gamma([0, 0, 0], [0.0, 0.0, 0.0]), ValueError,
         "frequency > 0"),
    Case("segmentation.kmeans_segments k = distinct points",
         lambda: segmentation.kmeans_segments(_two_points(), ["recency", "monetary"], k=2), ValueError,
         "distinct"),
    Case("segmentation.kmeans_segments k > distinct points",
         lambda: segmentation.kmeans_segments(_two_points(), ["recency", "monetary"], k=3), ValueError, "distinct"),
    Case("segmentation.choose_k k beyond distinct points",
         lambda: segmentation.choose_k(_two_points(), ["recency", "monetary"], ks=[2, 3]), ValueError, "distinct"),
    Case("satisfaction.estimate_paths collinear causes",
         lambda: satisfaction.estimate_paths(_paths_scores(value=[7.0, 8, 6, 9, 5, 7, 8, 6]), PATHS), ValueError,
         "collinear"),
    Case("churn.fit_churn_models nullable label with pd.NA",
         lambda: churn.fit_churn_models(pd.DataFrame({"recency": [1.0, 2, 3, 4] * 5,
                                                      "churned": pd.array([0, 1, pd.NA, 1] * 5, dtype="Int64")}),
                                        features=["recency"]), ValueError, "churned"),
    # ---- errors from scipy/statsmodels re-raised as ValueError naming the input --------------
    Case("satisfaction.estimate_paths text scores",
         lambda: satisfaction.estimate_paths(_paths_scores(value=["a"] * 8), PATHS), ValueError,
         "'value'.*numbers"),
    Case("clv.bgnbd_log_likelihood huge parameter",
         lambda: clv.bgnbd_log_likelihood({**BGNBD, "alpha": HUGE}, [1], [5.0], [10.0]), ValueError, "alpha"),
    # ---- chapter 05: the report's return share and bootstrap, the engines' net amounts ---------
    Case("report.return_share nothing bought",
         lambda: report.return_share(pd.DataFrame({"gross": [0.0], "returned": [5.0]})), ValueError, "gross spend is 0"),
    Case("report.bootstrap_relative_error lengths differ",
         lambda: report.bootstrap_relative_error([1.0, 2.0], [1.0]), ValueError, "one length"),
    Case("report.bootstrap_relative_error NaN",
         lambda: report.bootstrap_relative_error([1.0, NAN], [1.0, 2.0]), ValueError, "finite"),
    Case("report.bootstrap_relative_error no actual total",
         lambda: report.bootstrap_relative_error([1.0, 2.0], [0.0, 0.0]), ValueError, "actual total"),
    Case("engine.net_by_customer SQL log with pandas",
         lambda: engine.net_by_customer("SELECT 1", 0), ValueError, "needs engine='duckdb'"),
    Case("ingest.load_log missing column",
         lambda: ingest.clean_log(pd.DataFrame({"c": ["a"], "d": ["2024/1/1"]}), "c", "d", "x"), KeyError,
         "--amount 'x'"),
]


def test_table_is_large_enough():
    """At least 60 bad inputs across the public helpers, and 60 more for issue 10 (dates, inf, pd.NA, ...)."""
    assert len(CASES) >= 167 + 60
    assert len({case.id for case in SAME}) == len(SAME) >= 20, "odd-but-valid ids must be unique"
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"


def _params() -> list:
    """The cases as pytest parameters; known bugs are strict expected failures."""
    return [pytest.param(case, id=case.id, marks=pytest.mark.xfail(strict=True, reason=case.bug)) if case.bug
            else pytest.param(case, id=case.id) for case in CASES]


@pytest.mark.filterwarnings("ignore:Could not infer format")
@pytest.mark.parametrize("case", _params())
def test_bad_input_is_refused_with_a_clear_message(case: Case):
    """The call raises the expected error type, with a message naming the problem."""
    try:
        result = case.call()
    except case.error as error:
        message = str(error)
        assert re.search(case.match, message), f"message {message!r} does not mention /{case.match}/"
        return
    except Exception as error:  # the wrong type: a crash from deep inside, not a clear refusal
        pytest.fail(f"raised {type(error).__name__} ({error}) instead of {case.error}")
    pytest.fail(f"returned {result!r} instead of raising {case.error}")



# ---- Hostile but valid: odd forms of good data give exactly the clean result ----------------

@dataclass(frozen=True)
class Same:
    """``odd()`` (good data in an unusual form) must return what ``clean()`` returns."""

    id: str
    odd: Callable[[], object]
    clean: Callable[[], object]


def _timed_transactions() -> pd.DataFrame:
    """The valid log of :func:`_transactions` with times of day (late and early on the same days)."""
    return _transactions(date=pd.to_datetime(["2024-01-05 23:59", "2024-02-10 00:01", "2024-01-20 12:30"]))


def _log(**changes: list) -> pd.DataFrame:
    """A six-purchase log over three months: two purchases on one day, at different hours."""
    frame = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 3],
                          "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-02-10", "2024-01-20", "2024-03-02",
                                                  "2024-03-15"]),
                          "amount": [20.0, 35.5, 4.5, 12.0, 8.0, 60.0]})
    for column, values in changes.items():
        frame[column] = values
    return frame


LOG_TEXT = ["2024-01-05", "2024-02-10 09:15", "2024-02-10T21:40:00", "2024-01-20", "2024-03-02 00:00", "2024-03-15"]
LOG_NUMBERS = [20240105, 20240210, 20240210, 20240120, 20240302, 20240315]
LOG_SHANGHAI = pd.to_datetime(["2024-01-05 08:00", "2024-02-10 09:00", "2024-02-10 23:30", "2024-01-20 10:00",
                               "2024-03-02 01:00", "2024-03-15 18:00"]).tz_localize("Asia/Shanghai")


def _churn_log(**changes: list) -> pd.DataFrame:
    """Two customers buying over 2024; customer 2 stops in the spring."""
    frame = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2], "amount": [10.0, 12.0, 9.0, 30.0, 25.0],
                          "date": pd.to_datetime(["2024-01-10", "2024-03-05", "2024-08-20", "2024-02-01",
                                                  "2024-04-15"])})
    for column, values in changes.items():
        frame[column] = values
    return frame


SAME: list[Same] = [
    # dates: time of day, ISO strings with and without a time, yyyymmdd numbers, time zones
    Same("rfm.rfm_table times of day", lambda: rfm.rfm_table(_timed_transactions()), lambda: rfm.rfm_table(_transactions())),
    Same("rfm.rfm_table times of day with asof", lambda: rfm.rfm_table(_timed_transactions(), asof="2024-03-01 18:00"),
         lambda: rfm.rfm_table(_transactions(), asof="2024-03-01")),
    Same("rfm.rfm_table ISO strings", lambda: rfm.rfm_table(_log(date=LOG_TEXT)), lambda: rfm.rfm_table(_log())),
    Same("rfm.rfm_table yyyymmdd numbers", lambda: rfm.rfm_table(_log(date=LOG_NUMBERS), asof=20240401),
         lambda: rfm.rfm_table(_log(), asof="2024-04-01")),
    Same("rfm.rfm_table tz-aware dates, naive asof", lambda: rfm.rfm_table(_log(date=LOG_SHANGHAI), asof="2024-04-01"),
         lambda: rfm.rfm_table(_log(), asof="2024-04-01")),
    Same("rfm.rfm_table string dtype dates", lambda: rfm.rfm_table(_log(date=pd.array(LOG_TEXT, dtype="string"))),
         lambda: rfm.rfm_table(_log())),
    Same("clv.summary ISO strings", lambda: clv.summary(_log(date=LOG_TEXT), "customer_id", "date", "amount"),
         lambda: clv.summary(_log(), "customer_id", "date", "amount")),
    Same("clv.summary yyyymmdd numbers, yyyymmdd end",
         lambda: clv.summary(_log(date=LOG_NUMBERS), "customer_id", "date", "amount", end=20240331),
         lambda: clv.summary(_log(), "customer_id", "date", "amount", end="2024-03-31")),
    Same("clv.summary tz-aware dates, naive end",
         lambda: clv.summary(_log(date=LOG_SHANGHAI), "customer_id", "date", end="2024-03-31", freq="D"),
         lambda: clv.summary(_log(), "customer_id", "date", end="2024-03-31", freq="D")),
    Same("lifecycle.cohort_table ISO strings", lambda: lifecycle.cohort_table(_log(date=LOG_TEXT), values="count"),
         lambda: lifecycle.cohort_table(_log(), values="count")),
    Same("lifecycle.cohort_table tz-aware dates, string end",
         lambda: lifecycle.cohort_table(_log(date=LOG_SHANGHAI), end="2024-03-31"),
         lambda: lifecycle.cohort_table(_log(), end="2024-03-31")),
    Same("lifecycle.lifecycle_stages times of day and a Timestamp asof",
         lambda: lifecycle.lifecycle_stages(_log(date=LOG_TEXT), asof=pd.Timestamp("2024-04-01 17:45")),
         lambda: lifecycle.lifecycle_stages(_log(), asof="2024-04-01")),
    Same("loyalty.purchase_behaviour string dates, end with a time",
         lambda: loyalty.purchase_behaviour(_log(date=LOG_TEXT), [1, 2, 3], "2024-02-10", "2024-03-02 08:00"),
         lambda: loyalty.purchase_behaviour(_log(), [1, 2, 3], "2024-02-10", "2024-03-02")),
    Same("loyalty.purchase_behaviour yyyymmdd start and end",
         lambda: loyalty.purchase_behaviour(_log(), [1, 2, 3], 20240201, 20240331),
         lambda: loyalty.purchase_behaviour(_log(), [1, 2, 3], "2024-02-01", "2024-03-31")),
    Same("churn.churn_dataset string dates and cutoff with a time",
         lambda: churn.churn_dataset(_churn_log(date=["2024-01-10 08:00", "2024-03-05", "2024-08-20T10:00",
                                                      "2024-02-01", "2024-04-15 23:00"]),
                                     _churn_customers(), cutoff="2024-04-30 12:00", horizon_days=90),
         lambda: churn.churn_dataset(_churn_log(), _churn_customers(), cutoff="2024-04-30", horizon_days=90)),
    Same("warehouse.date_dimension strings with times",
         lambda: warehouse.date_dimension(["2024-06-17 08:00", "2024-06-19T23:00"]),
         lambda: warehouse.date_dimension(pd.to_datetime(["2024-06-17", "2024-06-19"]))),
    # nullable dtypes without pd.NA work as their plain counterparts
    Same("rfm.rfm_table Float64 amounts and Int64 ids",
         lambda: rfm.rfm_table(_log(amount=pd.array(_log()["amount"], dtype="Float64"),
                                    customer_id=pd.array(_log()["customer_id"], dtype="Int64"))),
         lambda: rfm.rfm_table(_log())),
    Same("clv.fit_gamma_gamma Int64 and Float64", lambda: clv.fit_gamma_gamma(
        pd.Series([1, 2, 3, 1], dtype="Int64"), pd.Series([10.0, 12.0, 9.0, 15.0], dtype="Float64")),
         lambda: clv.fit_gamma_gamma([1, 2, 3, 1], [10.0, 12.0, 9.0, 15.0])),
    Same("pareto.gini Int64", lambda: pareto.gini(pd.Series([1, 5, 9, 0], dtype="Int64")),
         lambda: pareto.gini([1, 5, 9, 0])),
    Same("anomalies.zscore_flags Float64", lambda: anomalies.zscore_flags(pd.Series([1.0, 2, 3, 50], dtype="Float64"),
                                                                          threshold=1.0),
         lambda: anomalies.zscore_flags(pd.Series([1.0, 2, 3, 50]), threshold=1.0)),
    Same("churn.confusion_table boolean labels", lambda: churn.confusion_table(
        pd.array([False, True, True], dtype="boolean"), [0.2, 0.4, 0.9]),
         lambda: churn.confusion_table([0, 1, 1], [0.2, 0.4, 0.9])),
    Same("indicators.pca_weights Int64 columns",
         lambda: indicators.pca_weights(pd.DataFrame({"a": [1, 2, 4, 3], "b": [2, 1, 3, 5]}, dtype="Int64")),
         lambda: indicators.pca_weights(pd.DataFrame({"a": [1.0, 2, 4, 3], "b": [2.0, 1, 3, 5]}))),
    Same("servqual.gaps Int64 answers", lambda: servqual.gaps(_survey_answers(), _survey_answers(), {"x": [1, 2]}),
         lambda: servqual.gaps(_survey_answers("float64"), _survey_answers("float64"), {"x": [1, 2]})),
    Same("satisfaction.composite_scores Int64 answers",
         lambda: satisfaction.composite_scores(_survey_answers(), {"expect": ["E1", "E2"]}),
         lambda: satisfaction.composite_scores(_survey_answers("float64"), {"expect": ["E1", "E2"]})),
    Same("association.onehot string-dtype long table", lambda: association.onehot(pd.DataFrame(
        {"basket_id": [1, 1, 2], "product": pd.array(["milk", "bread", "milk"], dtype="string")})),
         lambda: association.onehot(pd.DataFrame({"basket_id": [1, 1, 2], "product": ["milk", "bread", "milk"]}))),
]


def _assert_same(odd: object, clean: object) -> None:
    if isinstance(clean, pd.DataFrame):
        pd.testing.assert_frame_equal(odd, clean, check_dtype=False, check_index_type=False)
    elif isinstance(clean, pd.Series):
        pd.testing.assert_series_equal(odd, clean, check_dtype=False, check_index_type=False)
    elif isinstance(clean, dict):
        assert odd.keys() == clean.keys()
        for key in clean:
            assert odd[key] == pytest.approx(clean[key], rel=1e-9), key
    else:
        np.testing.assert_allclose(odd, clean, rtol=1e-12)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in SAME])
def test_good_data_in_an_odd_form_gives_the_clean_result(case: Same):
    """Times of day, strings, yyyymmdd numbers, time zones and nullable dtypes change nothing."""
    _assert_same(case.odd(), case.clean())


def test_same_day_purchases_share_a_recency_whatever_the_hour():
    """Two purchases on one day, at 00:01 and 23:59, give the same (whole-day) recency."""
    log = pd.DataFrame({"customer_id": [1, 2], "amount": [5.0, 5.0],
                        "date": pd.to_datetime(["2024-03-01 00:01", "2024-03-01 23:59"])})
    table = rfm.rfm_table(log, asof="2024-03-11")
    assert table["recency"].tolist() == [10, 10]
    assert rfm.rfm_table(log)["recency"].tolist() == [1, 1]  # default asof: the day after the last purchase


def test_check_prints_rather_than_raises_for_unknown_ids(capsys, monkeypatch):
    """``check`` never raises for a reader (CRM_STRICT unset): it prints what is wrong."""
    monkeypatch.delenv("CRM_STRICT", raising=False)
    assert not check("99.99", 1.0)
    assert "chapter 99" in capsys.readouterr().out


# ---- No pickle, eval or exec on data ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
FORBIDDEN = {
    "pickle": re.compile(r"^\s*(import|from)\s+(c?pickle|dill|joblib|shelve)\b|\bpd\.read_pickle\b|\.read_pickle\(",
                         re.MULTILINE),
    "eval/exec": re.compile(r"(?<![\w.])(eval|exec)\s*\("),
    "unsafe yaml": re.compile(r"yaml\.(load|unsafe_load)\s*\("),
    "allow_pickle": re.compile(r"allow_pickle\s*=\s*True"),
}


def _code_lines() -> list[tuple[str, int, str]]:
    """(place, line number, code) of the helpers, the tools and the notebooks' code cells."""
    lines = []
    for path in sorted(HELPERS.rglob("*.py")) + sorted((ROOT / "tools").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            lines.append((str(path.relative_to(ROOT)), number, line.split("#", 1)[0]))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for number, line in enumerate(source.splitlines(), start=1):
                    lines.append((f"{path.relative_to(ROOT)} cell {index}", number, line.split("#", 1)[0]))
    return lines


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_no_code_deserialises_or_evaluates_data(name: str):
    """No helper, tool or notebook unpickles, evals or execs anything: data files are read as text."""
    offenders = [f"{place}:{number}: {code.strip()}" for place, number, code in _code_lines()
                 if FORBIDDEN[name].search(code)]
    assert not offenders, f"{name} found:\n" + "\n".join(offenders)


def test_the_code_scan_finds_what_it_looks_for():
    """The patterns catch the real thing and leave look-alikes alone."""
    caught = {"pickle": "import pickle", "eval/exec": "value = eval(text)", "unsafe yaml": "yaml.load(stream)",
              "allow_pickle": "np.load(path, allow_pickle=True)"}
    for name, code in caught.items():
        assert FORBIDDEN[name].search(code), (name, code)
    for code in ("spec.loader.exec_module(module)", "model.evaluate(x)", "from helpers import pickles_are_sour",
                 "np.load(path)"):
        assert not any(pattern.search(code) for pattern in FORBIDDEN.values()), code
