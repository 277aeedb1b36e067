"""Customer satisfaction: the weighted index and the customer satisfaction index models.

1. :func:`csd` is the lecture's satisfaction degree ``CSD = sum_i w_i * P_i``:
   indicator scores weighted by their importance.
2. :func:`to_index` puts a score of a ``low..high`` scale on 0-100, the way
   the national indices (ACSI, CCSI) are reported; :func:`satisfaction_index`
   does both for a table of answers.
3. :data:`CSI_MODELS` holds the Swedish SCSB, the American ACSI and the
   Chinese CCSI as lists of paths (cause, effect).
4. :func:`composite_scores` averages each construct's items and
   :func:`cronbach_alpha` measures how reliable such an average is;
   :func:`estimate_paths` estimates every path by ordinary least squares on
   those composite scores, one regression per effect, with standard errors.
   Measurement noise in the items biases these estimates (mostly towards
   zero: attenuation), so :func:`estimate_paths_sem` estimates the same
   paths between *latent* constructs with a structural equation model
   (``semopy``, maximum likelihood), which models the noise.
5. :func:`plot_path_diagram` draws any of the models as boxes and arrows,
   with the estimates on the arrows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.sm_exceptions import MissingDataError

from helpers.validation import as_number, as_vector, numeric_frame, require_columns

CONSTRUCTS: dict[str, tuple[str, str]] = {
    "image": ("Brand image", "品牌形象"),
    "expectation": ("Expected quality", "预期质量"),
    "quality": ("Perceived quality", "感知质量"),
    "value": ("Perceived value", "感知价值"),
    "satisfaction": ("Customer satisfaction", "顾客满意"),
    "complaints": ("Customer complaints", "顾客抱怨"),
    "loyalty": ("Customer loyalty", "顾客忠诚"),
}
"""Construct key -> (English name, the lecture's Chinese name).

The lecture's diagrams of SCSB and ACSI write 用户抱怨, 用户忠诚 and 用户满意度
for complaints, loyalty and satisfaction; its CCSI diagram and indicator
system write 顾客抱怨, 顾客忠诚 and 顾客满意, which the workbook uses throughout."""

CSI_MODELS: dict[str, list[tuple[str, str]]] = {
    # Sweden 1989 (Fornell 1992): expectations and perceived value drive satisfaction.
    "SCSB": [
        ("expectation", "value"), ("expectation", "satisfaction"), ("value", "satisfaction"),
        ("satisfaction", "complaints"), ("satisfaction", "loyalty"), ("complaints", "loyalty"),
    ],
    # USA 1994 (Fornell et al. 1996): perceived quality added before value.
    "ACSI": [
        ("expectation", "quality"), ("expectation", "value"), ("expectation", "satisfaction"),
        ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction"),
        ("satisfaction", "complaints"), ("satisfaction", "loyalty"), ("complaints", "loyalty"),
    ],
    # China (Tsinghua, 2002), as in the lecture: brand image added, complaints left out.
    "CCSI": [
        ("image", "expectation"), ("image", "satisfaction"), ("image", "loyalty"),
        ("expectation", "quality"), ("expectation", "value"), ("expectation", "satisfaction"),
        ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction"),
        ("satisfaction", "loyalty"),
    ],
}
"""The three national index models as (cause, effect) paths."""

LAYOUT: dict[str, tuple[float, float]] = {
    "image": (2.1, 3.8),
    "expectation": (0.0, 2.0),
    "quality": (-0.3, 0.0),
    "value": (2.6, -0.2),
    "satisfaction": (4.2, 2.0),
    "complaints": (5.6, 3.8),
    "loyalty": (7.0, 2.0),
}
"""Where each construct's box sits in :func:`plot_path_diagram` (data units)."""

LABEL_POSITION: dict[tuple[str, str], float] = {
    ("image", "loyalty"): 0.25,
    ("expectation", "value"): 0.35,
    ("quality", "satisfaction"): 0.65,
}
"""How far along an arrow its label sits (0.5, the middle, unless listed), so that labels do not collide."""


def csd(weights: Any, scores: Any) -> float:
    """Customer satisfaction degree ``CSD = sum_i w_i * P_i``.

    Parameters
    ----------
    weights : sequence of float
        The importance weight of each indicator; non-negative, summing to 1.
    scores : sequence of float
        The satisfaction score P of each indicator, in the same order.

    Returns
    -------
    float
        The weighted score, on the indicators' own scale.

    Raises
    ------
    ValueError
        If the lengths differ, a weight is negative, or the weights do not sum to 1.

    Examples
    --------
    >>> csd([0.5, 0.3, 0.2], [80, 70, 90])
    79.0
    """
    w = as_vector(weights, "weights", nonnegative=True)
    p = as_vector(scores, "scores")
    if w.size != p.size:
        raise ValueError(f"weights and scores must have the same length, got {w.size} and {p.size}")
    if not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise ValueError(f"weights must sum to 1, got {w.sum():g}; divide them by their sum first")
    return float(w @ p)


def to_index(score: Any, low: float, high: float) -> Any:
    """Put a score of the ``low..high`` answer scale on the 0-100 index scale.

    ``index = 100 * (score - low) / (high - low)``: the lowest answer is 0,
    the highest 100 (e.g. 8.2 on a 1-10 scale is 80).

    Parameters
    ----------
    score : float or array-like
        Mean answer(s), within ``[low, high]``.
    low, high : float
        The ends of the answer scale.

    Returns
    -------
    float or ndarray
        The index, the same shape as `score`.
    """
    low = as_number(low, "low")
    high = as_number(high, "high")
    if high <= low:
        raise ValueError(f"the scale must run from low to high, got low={low:g}, high={high:g}")
    scalar = np.isscalar(score)
    values = np.array([as_number(score, "score")]) if scalar else as_vector(score, "score")
    if ((values < low) | (values > high)).any():
        bad = values[(values < low) | (values > high)][0]
        raise ValueError(f"score {bad:g} lies outside the answer scale {low:g}-{high:g}")
    index = 100 * (values - low) / (high - low)
    return float(index[0]) if scalar else index


def satisfaction_index(items: pd.DataFrame, weights: Mapping[str, float] | None = None,
                       scale: tuple[float, float] = (1, 10)) -> float:
    """The 0-100 satisfaction index of a table of answers.

    The mean answer of each item is weighted (equal weights by default) and
    the weighted mean is put on 0-100 by :func:`to_index`.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per satisfaction item, one row per respondent.
    weights : dict, optional
        Item -> weight (summing to 1); equal weights if not given.
    scale : (low, high)
        The answer scale.

    Returns
    -------
    float
        The index, 0 (everyone gave the lowest answer) to 100.
    """
    if not isinstance(items, pd.DataFrame):
        raise ValueError(f"items must be a DataFrame of answers, got {type(items).__name__}")
    if weights is None:
        weights = {column: 1 / items.shape[1] for column in items.columns}
    require_columns(items, list(weights), "items")
    means = [as_vector(items[column], f"item {column!r}").mean() for column in weights]
    return to_index(csd(list(weights.values()), means), *scale)


def composite_scores(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The composite score of each construct: the mean of its items, per respondent.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent, one column per item.
    constructs : dict of str to list of str
        Construct -> its item columns.

    Returns
    -------
    pandas.DataFrame
        One column per construct.

    Raises
    ------
    KeyError
        If an item column is missing.
    ValueError
        If a construct has no items or an answer is missing.
    """
    if not isinstance(constructs, Mapping) or not constructs:
        raise ValueError("constructs must be a non-empty dict {construct: [item columns]}")
    scores = {}
    for construct, items in constructs.items():
        items = list(items)
        if not items:
            raise ValueError(f"construct {construct!r} has no items")
        require_columns(survey, items, "survey")
        block = survey[items]
        if block.isna().any().any():
            raise ValueError(f"construct {construct!r}: {int(block.isna().sum().sum())} missing answer(s); drop or fill them first")
        block = numeric_frame(block, items, "survey")  # no inf, no text; nullable dtypes as floats
        scores[construct] = block.mean(axis=1)
    return pd.DataFrame(scores)


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha, the reliability of the sum (or mean) of a scale's items.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the sum)``
    (Cronbach 1951); 0.7 is the usual lowest acceptable value, 0.8-0.9 is
    typical of good survey scales.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item of the scale (at least two), one row per respondent.

    Returns
    -------
    float

    Examples
    --------
    >>> round(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})), 3)
    0.933
    """
    if not isinstance(items, pd.DataFrame) or items.shape[1] < 2:
        raise ValueError("items must be a DataFrame with at least two item columns")
    if items.isna().any().any():
        raise ValueError(f"items have {int(items.isna().sum().sum())} missing answer(s); drop or fill them first")
    values = items.astype(float)
    total_variance = values.sum(axis=1).var(ddof=1)
    if len(values) < 2 or total_variance == 0:
        raise ValueError("alpha needs at least two respondents whose total scores differ")
    k = values.shape[1]
    return float(k / (k - 1) * (1 - values.var(ddof=1).sum() / total_variance))


def sem_description(constructs: Mapping[str, Sequence[str]], edges: Any) -> str:
    """The model in lavaan syntax, as ``semopy`` reads it.

    One measurement line per construct (``construct =~ item1 + item2 + ...``)
    and one structural line per effect (``effect ~ cause1 + cause2``).
    """
    paths = _check_edges(edges)
    lines = [f"{name} =~ " + " + ".join(items) for name, items in constructs.items()
             if any(name in edge for edge in paths)]
    for effect in dict.fromkeys(effect for _, effect in paths):
        lines.append(f"{effect} ~ " + " + ".join(cause for cause, e in paths if e == effect))
    return "\n".join(lines)


def estimate_paths_sem(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]], edges: Any) -> pd.DataFrame:
    """Estimate the path coefficients between latent constructs with a structural equation model.

    Each construct is a latent variable measured by its items (the first
    item's loading is fixed at 1, which sets the construct's scale); the
    paths between the latent variables are estimated together by maximum
    likelihood with ``semopy`` (Igolkina & Meshcheryakov 2020). Unlike OLS
    on composite scores (:func:`estimate_paths`), the estimates are not
    attenuated by the items' measurement noise.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent, one column per item.
    constructs : dict of str to list of str
        Construct -> its item columns (at least two items each).
    edges : list of (cause, effect)
        The paths, e.g. ``CSI_MODELS["ACSI"]``.

    Returns
    -------
    pandas.DataFrame
        One row per path, in the order given, with ``cause``, ``effect``,
        ``estimate``, ``se`` and ``p_value``.

    Raises
    ------
    KeyError
        If a construct of the paths has no items, or an item column is missing.
    ValueError
        If the edges are malformed, a construct has fewer than two items, or
        an answer is missing.
    """
    import semopy  # imported here: it is slow to import and only this function needs it

    paths = _check_edges(edges)
    if not isinstance(constructs, Mapping) or not constructs:
        raise ValueError("constructs must be a non-empty dict {construct: [item columns]}")
    used = list(dict.fromkeys(name for edge in paths for name in edge))
    missing = [name for name in used if name not in constructs]
    if missing:
        raise KeyError(f"construct(s) {missing} of the paths have no items in constructs")
    items = [item for name in used for item in constructs[name]]
    for name in used:
        if len(list(constructs[name])) < 2:
            raise ValueError(f"construct {name!r} needs at least two items for a latent-variable model")
    require_columns(survey, items, "survey")
    data = survey[items].astype(float)
    if data.isna().any().any():
        raise ValueError(f"survey has {int(data.isna().sum().sum())} missing answer(s); drop or fill them first")
    model = semopy.Model(sem_description({name: constructs[name] for name in used}, paths))
    model.fit(data)
    table = model.inspect()
    structural = table[(table["op"] == "~") & table["lval"].isin(used) & table["rval"].isin(used)]
    found = {(row["rval"], row["lval"]): row for row in structural.to_dict("records")}
    rows = []
    for cause, effect in paths:
        row = found[(cause, effect)]
        rows.append({"cause": cause, "effect": effect, "estimate": float(row["Estimate"]),
                     "se": float(row["Std. Err"]), "p_value": float(row["p-value"])})
    return pd.DataFrame(rows)


def _check_edges(edges: Any) -> list[tuple[str, str]]:
    """Return the paths as a list of (cause, effect) string pairs."""
    if isinstance(edges, Mapping):
        edges = list(edges)
    if isinstance(edges, str) or not isinstance(edges, Sequence) or not edges:
        raise ValueError("edges must be a non-empty list of (cause, effect) pairs, e.g. CSI_MODELS['ACSI']")
    clean = []
    for edge in edges:
        if not isinstance(edge, (tuple, list)) or len(edge) != 2:
            raise ValueError(f"every edge must be a (cause, effect) pair, got {edge!r}")
        cause, effect = str(edge[0]), str(edge[1])
        if cause == effect:
            raise ValueError(f"a construct cannot cause itself: {edge!r}")
        clean.append((cause, effect))
    if len(set(clean)) != len(clean):
        raise ValueError("edges contain the same path twice")
    return clean


def estimate_paths(scores: pd.DataFrame, edges: Any) -> pd.DataFrame:
    """Estimate the path coefficients of a structural model by OLS on composite scores.

    Each construct that some path points to is regressed (with an intercept)
    on all the constructs that point to it; the slopes are the path
    coefficients.

    Parameters
    ----------
    scores : pandas.DataFrame
        Composite scores, one column per construct (see :func:`composite_scores`).
    edges : list of (cause, effect)
        The paths of the model, e.g. ``CSI_MODELS["ACSI"]``.

    Returns
    -------
    pandas.DataFrame
        One row per path, in the order given, with ``cause``, ``effect``,
        ``estimate``, ``se`` (standard error), ``t``, ``p_value`` and ``r2``
        (the R-squared of the effect's regression).

    Raises
    ------
    KeyError
        If a construct has no column in `scores`.
    ValueError
        If the edges are malformed, a score is missing, a construct does not
        vary, or there are too few respondents for the regressions.
    """
    paths = _check_edges(edges)
    constructs = sorted({name for edge in paths for name in edge})
    require_columns(scores, constructs, "scores")
    if scores[constructs].isna().any().any():
        raise ValueError("scores contain missing values; drop those respondents first")
    data = numeric_frame(scores, constructs, "scores")  # names an infinite or text score
    flat = [name for name in constructs if data[name].std() == 0]
    if flat:
        raise ValueError(f"construct(s) {flat} do not vary across respondents; no path can be estimated")
    results = {}
    for effect in dict.fromkeys(effect for _, effect in paths):
        causes = [cause for cause, e in paths if e == effect]
        if len(data) <= len(causes) + 2:
            raise ValueError(f"{len(data)} respondents are too few to estimate {len(causes)} path(s) into {effect!r}")
        design = data[causes].assign(const=1.0)  # the intercept
        if np.linalg.matrix_rank(design.to_numpy()) < design.shape[1]:
            raise ValueError(f"the causes {causes} of {effect!r} are collinear (one is a linear function of the "
                             "others): their separate paths cannot be estimated; drop or merge one of them")
        try:
            fit = OLS(data[effect], design).fit()
        except (ValueError, np.linalg.LinAlgError, MissingDataError) as error:  # statsmodels' own errors name no input
            raise ValueError(f"the regression of {effect!r} on {causes} failed: {error}") from None
        for cause in causes:
            results[(cause, effect)] = {
                "cause": cause, "effect": effect, "estimate": float(fit.params[cause]),
                "se": float(fit.bse[cause]), "t": float(fit.tvalues[cause]),
                "p_value": float(fit.pvalues[cause]), "r2": float(fit.rsquared),
            }
    return pd.DataFrame([results[edge] for edge in paths])


def _box_exit(center: np.ndarray, direction: np.ndarray, half_w: float, half_h: float) -> np.ndarray:
    """The point where a ray from a box's centre along `direction` leaves the box."""
    scale = min(half_w / abs(direction[0]) if direction[0] else np.inf,
                half_h / abs(direction[1]) if direction[1] else np.inf)
    return center + scale * direction


def plot_path_diagram(edges: Any, estimates: Mapping[tuple[str, str], float] | pd.DataFrame | None = None,
                      ax: plt.Axes | None = None, title: str | None = None,
                      layout: Mapping[str, tuple[float, float]] = LAYOUT) -> plt.Axes:
    """Draw a structural model as boxes (constructs) and arrows (paths).

    Parameters
    ----------
    edges : list of (cause, effect)
        The paths, e.g. ``CSI_MODELS["CCSI"]``.
    estimates : dict or DataFrame, optional
        Path -> coefficient (a dict keyed by (cause, effect), or the table
        of :func:`estimate_paths`), written on the arrows; negative paths
        are drawn dashed in red.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if not given.
    title : str, optional
    layout : dict
        Construct -> (x, y) box centre; :data:`LAYOUT` by default.

    Returns
    -------
    matplotlib Axes
    """
    paths = _check_edges(edges)
    names = list(dict.fromkeys(name for edge in paths for name in edge))
    missing = [name for name in names if name not in layout]
    if missing:
        raise KeyError(f"no position for construct(s) {missing} in layout; it has {sorted(layout)}")
    if isinstance(estimates, pd.DataFrame):
        require_columns(estimates, ["cause", "effect", "estimate"], "estimates")
        estimates = {(c, e): v for c, e, v in estimates[["cause", "effect", "estimate"]].itertuples(index=False)}
    estimates = dict(estimates or {})
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.6))
    half_w, half_h = 0.72, 0.36
    for name in names:
        x, y = layout[name]
        english, chinese = CONSTRUCTS.get(name, (name, ""))
        ax.add_patch(FancyBboxPatch((x - half_w, y - half_h), 2 * half_w, 2 * half_h,
                                    boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor="#e8f0f7", edgecolor="#1f5f8b", linewidth=1.2))
        ax.text(x, y, textwrap.fill(english, width=13), ha="center", va="center", fontsize=8.5)
    for cause, effect in paths:
        start, end = np.array(layout[cause], float), np.array(layout[effect], float)
        direction = (end - start) / np.linalg.norm(end - start)
        a = _box_exit(start, direction, half_w + 0.04, half_h + 0.04)
        b = _box_exit(end, -direction, half_w + 0.06, half_h + 0.06)
        value = estimates.get((cause, effect))
        negative = value is not None and value < 0
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=13, linewidth=1.3,
                                     color="#c8453a" if negative else "#444444",
                                     linestyle="--" if negative else "-"))
        if value is not None:
            middle = a + LABEL_POSITION.get((cause, effect), 0.5) * (b - a)
            ax.text(middle[0], middle[1], f"{value:.2f}", ha="center", va="center", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    xs = [layout[name][0] for name in names]
    ys = [layout[name][1] for name in names]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
