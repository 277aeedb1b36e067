"""One plot style for the whole course.

Call :func:`use_style` once at the top of a notebook::

    from helpers.plotting import use_style
    use_style()
"""

from __future__ import annotations

import matplotlib as mpl
import seaborn as sns

PALETTE = ["#1f5f8b", "#e07b39", "#3a9e6f", "#c8453a", "#7d5ba6", "#8c8c8c", "#d4a72c", "#4bb3c4"]
"""The course's colours, in order of use."""


def use_style() -> None:
    """Set the course's matplotlib/seaborn style: clean axes, readable sizes, fixed colours.

    Figures are drawn as PNG (the format the notebook tests leave out of the
    comparison) at a resolution that reads well on a projector.
    """
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    mpl.rcParams.update({
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 90,
        "savefig.dpi": 110,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "svg.hashsalt": "crm-workbook",
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside Jupyter there is nothing to set
        return
    set_matplotlib_formats("png")
