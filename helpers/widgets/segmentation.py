"""The segmentation widget: choose features and k, see the segments, silhouette and profiles.

:class:`SegmentationExplorer` does the computing and remembers it (the
standardised features of each feature set, the k-means result of each
(features, k)), so moving back to a setting already seen costs only the
drawing. :func:`show_segmentation` prints and draws one setting with
matplotlib (the plain function the chapter calls); :func:`segmentation_html`
draws the same setting as light HTML/SVG, and :func:`segmentation_widget` puts
a feature selector and a k slider beside it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display
from matplotlib.axes import Axes
from sklearn.metrics import pairwise_distances

from helpers.plotting import PALETTE
from helpers.segmentation import (
    K_RANGE,
    Segmentation,
    kmeans_segments,
    segment_profiles,
    standardized_features,
)
from helpers.widgets.base import MUTED, SvgFrame, panel


class SegmentationExplorer:
    """Segment one customer table for many settings, computing each setting once.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with numeric features (e.g. ``rfm_table(...)``).
    log : bool
        Log-transform features before standardising (money and counts are skewed).

    Raises
    ------
    ValueError
        If the table has fewer than 9 customers or no numeric feature.
    """

    def __init__(self, customers: pd.DataFrame, log: bool = True) -> None:
        if not isinstance(customers, pd.DataFrame):
            raise ValueError(f"customers must be a pandas DataFrame of customer features, got {type(customers).__name__}")
        if len(customers) <= max(K_RANGE):
            raise ValueError(f"customers needs more than {max(K_RANGE)} rows to try up to {max(K_RANGE)} segments, "
                             f"got {len(customers)}")
        self.customers = customers
        self.log = log
        self.features = numeric_features(customers)
        self._scaled: dict[tuple[str, ...], pd.DataFrame] = {}
        self._distances: tuple[tuple[str, ...], np.ndarray] | None = None  # the last feature set's only
        self._results: dict[tuple[tuple[str, ...], int], tuple[Segmentation, pd.DataFrame]] = {}

    def scaled(self, features: Sequence[str]) -> pd.DataFrame:
        """Standardised (log) features of this feature set, computed once."""
        key = tuple(features)
        if key not in self._scaled:
            self._scaled[key] = standardized_features(self.customers, key, log=self.log)
        return self._scaled[key]

    def segment(self, features: Sequence[str], k: int) -> tuple[Segmentation, pd.DataFrame]:
        """k-means result and segment profiles for one setting, computed once."""
        key = (tuple(features), int(k) if isinstance(k, (int, np.integer)) else k)
        if key not in self._results:
            scaled = self.scaled(features)
            if self._distances is None or self._distances[0] != key[0]:  # shared by the silhouettes of every k
                self._distances = (key[0], pairwise_distances(scaled.to_numpy()))
            result = kmeans_segments(self.customers, list(features), k, log=self.log, scaled=scaled,
                                     distances=self._distances[1])
            self._results[key] = (result, segment_profiles(self.customers, result))
        return self._results[key]


def numeric_features(customers: pd.DataFrame) -> list[str]:
    """The columns the widget offers: numeric, not boolean, not an id (``*_id``).

    Raises
    ------
    ValueError
        If there is none.
    """
    columns = [column for column in customers.columns
               if pd.api.types.is_numeric_dtype(customers[column])
               and not pd.api.types.is_bool_dtype(customers[column])
               and not str(column).endswith("_id")]
    if not columns:
        raise ValueError(f"customers has no numeric feature to cluster on; columns are {list(customers.columns)}")
    return columns


def show_segmentation(customers: pd.DataFrame | SegmentationExplorer,
                      features: Sequence[str] = ("recency", "frequency", "monetary"), k: int = 4,
                      ax: Axes | None = None) -> dict[str, object]:
    """Segment customers for one setting: print the silhouette and profiles, draw the scatter.

    Parameters
    ----------
    customers : pandas.DataFrame or SegmentationExplorer
        The customer feature table (or an explorer that caches results for it).
    features : sequence of str
        Features to cluster on (at least one).
    k : int
        Number of segments, 2 to 8.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    dict
        ``silhouette`` (float) and ``profile`` (the segment-profile table).
    """
    explorer = customers if isinstance(customers, SegmentationExplorer) else SegmentationExplorer(customers)
    features = list(features)
    result, profile = explorer.segment(features, k)
    scaled = explorer.scaled(features)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
    x = scaled[features[0]].to_numpy()
    y = scaled[features[1]].to_numpy() if len(features) > 1 else result.labels.to_numpy()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for segment, name in profile["name"].items():
        mask = result.labels.to_numpy() == segment
        ax.scatter(x[mask], y[mask], s=8, alpha=0.6, color=colours[segment % len(colours)],
                   label=f"{name} ({int(mask.sum())})")
    prefix = "log " if explorer.log else ""
    ax.set_xlabel(f"{prefix}{features[0]} (standardised)")
    ax.set_ylabel(f"{prefix}{features[1]} (standardised)" if len(features) > 1 else "segment")
    ax.set_title(f"k-means, k = {k}: silhouette {result.silhouette:.3f}")
    ax.legend(loc="best", fontsize=8, markerscale=2)
    print(f"features: {', '.join(features)}   k = {k}   silhouette = {result.silhouette:.3f}")
    print(profile.round(2).to_string())
    return {"silhouette": result.silhouette, "profile": profile}


def segmentation_summary(explorer: SegmentationExplorer, features: Sequence[str], k: int) -> str:
    """The text :func:`show_segmentation` prints: the setting, the silhouette and the profiles."""
    features = list(features)
    result, profile = explorer.segment(features, k)
    return (f"features: {', '.join(features)}   k = {k}   silhouette = {result.silhouette:.3f}\n"
            + profile.round(2).to_string())


def segmentation_html(explorer: SegmentationExplorer, features: Sequence[str], k: int) -> str:
    """The live view of one setting: an SVG scatter of the segments and the printed summary.

    The scatter has the same axes as :func:`show_segmentation` (the first two
    standardised features, or the first feature against the segment number).
    Each segment is one SVG path of round dots (``M x y h0`` with a round cap
    draws a dot), so 4,000 customers make about 40 kB.

    Returns
    -------
    str
        HTML: the scatter with its legend, then the summary in a ``<pre>`` block.
    """
    features = list(features)
    result, profile = explorer.segment(features, k)
    scaled = explorer.scaled(features)
    x = scaled[features[0]].to_numpy()
    y = scaled[features[1]].to_numpy() if len(features) > 1 else result.labels.to_numpy().astype(float)
    prefix = "log " if explorer.log else ""
    y_label = f"{prefix}{features[1]} (standardised)" if len(features) > 1 else "segment"
    plot = SvgFrame(x, y, f"{prefix}{features[0]} (standardised)", y_label, width=400, height=260)
    px, py = plot.px(x), plot.py(y)
    labels = result.labels.to_numpy()
    paths, legend = [], []
    for segment, name in profile["name"].items():
        mask = labels == segment
        colour = PALETTE[segment % len(PALETTE)]
        dots = "".join(f"M{a:.0f} {b:.0f}h0" for a, b in zip(px[mask].tolist(), py[mask].tolist(), strict=True))
        paths.append(f"<path d='{dots}' stroke='{colour}' stroke-width='4' stroke-linecap='round' "
                     "stroke-opacity='0.55' fill='none'/>")
        legend.append(f"<div style='white-space:nowrap'><span style='color:{colour}'>●</span> "
                      f"{html.escape(str(name))} ({int(mask.sum())})</div>")
    title = f"k-means, k = {k}: silhouette {result.silhouette:.3f}"
    return ("<div style='display:flex;flex-wrap:wrap;gap:4px 12px;align-items:flex-start'>"
            f"<div><b>{html.escape(title)}</b><br>{plot.svg(''.join(paths))}</div>"
            f"<div style='font-size:12px;padding-top:24px'>{''.join(legend)}</div></div>"
            f"<pre style='font-size:11px;margin:4px 0'>{html.escape(segmentation_summary(explorer, features, k))}</pre>")


def segmentation_widget(customers: pd.DataFrame, features: Sequence[str] | None = None,
                        k: int = 4) -> widgets.VBox:
    """A feature selector and a k slider (2–8) in front of :func:`segmentation_html`.

    The first time a feature set is chosen, k-means runs for every k of the
    slider and the views are kept, so moving the slider (or coming back to a
    feature set) answers at once.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with numeric features, such as ``rfm_table(...)``.
    features : sequence of str, optional
        Features selected at start (default: every numeric feature).
    k : int
        Starting number of segments.

    Returns
    -------
    ipywidgets.VBox
        The scatter, legend and segment profiles beside (or above) the controls.
    """
    explorer = SegmentationExplorer(customers)
    start = list(explorer.features if features is None else features)
    explorer.segment(start, k)  # validate the starting setting before building the panel
    controls = {
        "features": widgets.SelectMultiple(options=explorer.features, value=start, rows=min(6, len(explorer.features)),
                                           description="features"),
        "k": widgets.IntSlider(value=k, min=min(K_RANGE), max=max(K_RANGE), description="k", continuous_update=True),
    }
    views: dict[tuple[tuple[str, ...], int], str] = {}

    def render(features: tuple[str, ...], k: int) -> None:
        if not features:
            display(HTML("<p>Choose at least one feature (ctrl/cmd-click to select several).</p>"))
            return
        key = (tuple(features), k)
        if key not in views:
            for other_k in K_RANGE:  # every k of this feature set at once: the k slider then never waits
                views[(key[0], other_k)] = segmentation_html(explorer, features, other_k)
        display(HTML(views[key]))

    hint = widgets.HTML(f"<small style='color:{MUTED}'>ctrl/cmd-click: several features; "
                        f"k from {min(K_RANGE)} to {max(K_RANGE)}</small>")
    view = widgets.interactive_output(render, controls)
    view.layout.width = "590px"  # the scatter and its legend; the controls (300 px) fit beside it on a laptop
    return panel(view, widgets.VBox([controls["features"], controls["k"], hint]), title="k-means segmentation")
