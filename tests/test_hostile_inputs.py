"""Hostile input: every public helper refuses bad input with a clear error.

A table of bad calls — wrong shapes, NaN where it is not allowed, negative
money or counts, answers off the survey scale, recency beyond T, unknown
dataset or method names, empty inputs, mismatched lengths — each with the
exception it must raise (``ValueError``, ``KeyError`` or
``FileNotFoundError``, as CONTRIBUTING.md asks) and a pattern its message
must contain, naming the problem. A helper that returned a number (NaN, inf
or anything else) for one of these inputs, or raised another type (a numpy
``IndexError``, a ``TypeError`` from deep inside), fails its case.

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
    glossary,
    indicators,
    kano,
    lifecycle,
    loyalty,
    pareto,
    plotting,
    relationship,
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
    Case("warehouse.roll_up unknown dimension",
         lambda: warehouse.roll_up(_transactions(), by="region"), KeyError, "region"),
    Case("warehouse.roll_up unknown aggregation",
         lambda: warehouse.roll_up(_transactions(), by="customer_id", agg="median_of_means"), ValueError, "agg"),
    Case("warehouse.slice_cube value not present",
         lambda: warehouse.slice_cube(_transactions(), "customer_id", 99), ValueError, "no rows with customer_id == 99"),
    Case("warehouse.date_dimension empty", lambda: warehouse.date_dimension([]), ValueError, "dates is empty"),
    Case("warehouse.date_dimension not dates", lambda: warehouse.date_dimension(["not a date"]), ValueError,
         "must be dates"),
    Case("warehouse.drill_down to a level already there",
         lambda: warehouse.drill_down(_transactions(), by="customer_id", finer="customer_id"), ValueError,
         "already one of the levels"),
    Case("warehouse.dice unknown dimension", lambda: warehouse.dice(_transactions(), {"region": "East"}), KeyError,
         "region"),
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


def test_table_is_large_enough():
    """The issue asks for at least 60 bad inputs across the public helpers."""
    assert len(CASES) >= 60
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


def test_check_prints_rather_than_raises_for_unknown_ids(capsys, monkeypatch):
    """``check`` never raises for a reader (CRM_STRICT unset): it prints what is wrong."""
    monkeypatch.delenv("CRM_STRICT", raising=False)
    assert check("99.99", 1.0) is False
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
