"""One plot style for the whole course.

Call :func:`use_style` once at the top of a notebook::

    from helpers.plotting import use_style
    use_style()
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from cycler import cycler

PALETTE = ["#1f5f8b", "#e07b39", "#3a9e6f", "#c8453a", "#7d5ba6", "#8c8c8c", "#d4a72c", "#4bb3c4"]
"""The course's colours, in order of use."""

SEABORN_WHITEGRID = {
    "figure.facecolor": "white", "axes.facecolor": "white", "axes.edgecolor": ".8", "axes.linewidth": 1.25,
    "axes.grid": True, "axes.axisbelow": True, "axes.labelcolor": ".15", "text.color": ".15",
    "axes.spines.left": True, "axes.spines.bottom": True, "axes.spines.right": True, "axes.spines.top": True,
    "grid.color": ".8", "grid.linestyle": "-", "grid.linewidth": 1,
    "xtick.color": ".15", "ytick.color": ".15", "xtick.direction": "out", "ytick.direction": "out",
    "xtick.bottom": False, "ytick.left": False, "xtick.top": False, "ytick.right": False,
    "xtick.major.width": 1.25, "ytick.major.width": 1.25, "xtick.minor.width": 1, "ytick.minor.width": 1,
    "xtick.major.size": 6, "ytick.major.size": 6, "xtick.minor.size": 4, "ytick.minor.size": 4,
    "font.family": ["sans-serif"], "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans",
                                                       "Bitstream Vera Sans", "sans-serif"],
    "font.size": 12, "axes.labelsize": 12, "axes.titlesize": 12, "xtick.labelsize": 11, "ytick.labelsize": 11,
    "legend.fontsize": 11, "legend.title_fontsize": 12,
    "lines.linewidth": 1.5, "lines.markersize": 6, "lines.solid_capstyle": "round",
    "patch.linewidth": 1, "patch.edgecolor": "w", "patch.force_edgecolor": True,
}
"""seaborn 0.13's ``set_theme(style="whitegrid", context="notebook")``, written out.

The course's plots look as they did with seaborn, which is no longer imported
to draw them: its import (with scipy.stats) took 1–2 s at the top of every
chapter. Only seaborn's default colour map ``rocket`` is left out: every
colour-mapped plot of the course names its own map. ``tests/test_plotting.py``
checks these settings against seaborn's.
"""


def use_style() -> None:
    """Set the course's matplotlib style: clean axes, readable sizes, fixed colours.

    seaborn's white-grid look (:data:`SEABORN_WHITEGRID`) in the course's
    colours (:data:`PALETTE`). Figures are drawn as PNG (the format the
    notebook tests leave out of the comparison) at a resolution that reads
    well on a projector.
    """
    mpl.rcParams.update(SEABORN_WHITEGRID)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=[mpl.colors.to_rgb(colour) for colour in PALETTE])
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


# --- Chinese (CJK) labels ----------------------------------------------------
# The workbook ships its own Chinese font: Noto Sans CJK SC cut to the
# characters the course uses (helpers/fonts/, SIL Open Font License, made by
# tools/subset_font.py). :func:`enable_cjk` registers it with matplotlib, so
# Chinese labels render on any machine, with no system font installed.

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Subset.otf"
"""The shipped Chinese font (a subset of Noto Sans CJK SC; licence in ``fonts/OFL.txt``)."""

CJK_FONTS = ("Noto Sans CJK SC Subset",)
"""The name matplotlib knows the shipped font by."""

NO_CJK_MESSAGE = (
    f"The workbook's Chinese font {FONT_FILE.name} is missing from helpers/fonts/; plots will use "
    "English labels. Restore it with `git checkout helpers/fonts` or `python tools/subset_font.py`."
)

_cjk_font: str | None = None
"""The CJK font :func:`enable_cjk` added to ``font.family``, if any."""


def find_cjk_font() -> str | None:
    """Register the shipped Chinese font with matplotlib and return its name (``None`` if missing).

    Examples
    --------
    >>> find_cjk_font()
    'Noto Sans CJK SC Subset'
    """
    from matplotlib import font_manager

    if not FONT_FILE.is_file():
        return None
    if not any(font.fname == str(FONT_FILE) for font in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=FONT_FILE).get_name()


def enable_cjk(verbose: bool = True) -> bool:
    """Let plots show Chinese characters with the workbook's own Chinese font.

    The font is added at the END of matplotlib's ``font.family`` list, as a
    fallback: Latin letters keep the course font, and only glyphs that font
    lacks (Chinese ones) come from the CJK font. Call it after
    :func:`use_style`, which resets the fonts.

    Parameters
    ----------
    verbose : bool
        Print one line saying which font is used, or what to install.

    Returns
    -------
    bool
        ``True`` once the font is set; ``False`` only if its file is missing
        (plots then keep English-only labels: see :func:`label`).

    Examples
    --------
    >>> from helpers.plotting import enable_cjk, label
    >>> enable_cjk(verbose=False)
    True
    >>> label("Loyalty", "顾客忠诚")
    'Loyalty (顾客忠诚)'
    """
    global _cjk_font
    if not isinstance(verbose, bool):
        raise ValueError(f"verbose must be True or False, got {verbose!r}")
    name = find_cjk_font()
    if name is None:
        _cjk_font = None
        if verbose:
            print(NO_CJK_MESSAGE)
        return False
    families = mpl.rcParams["font.family"]
    families = [families] if isinstance(families, str) else list(families)
    if name not in families:
        mpl.rcParams["font.family"] = [*families, name]
    _cjk_font = name
    if verbose:
        print(f"Chinese labels on: font {name!r} is the fallback for Chinese characters.")
    return True


def cjk_enabled() -> bool:
    """Whether :func:`enable_cjk` succeeded and its font is still in use."""
    families = mpl.rcParams["font.family"]
    families = [families] if isinstance(families, str) else list(families)
    return _cjk_font is not None and _cjk_font in families


def label(english: str, chinese: str) -> str:
    """A plot label: ``"English (中文)"`` when Chinese can be drawn, else ``"English"``.

    Parameters
    ----------
    english : str
        The English label, always shown.
    chinese : str
        The lecture's Chinese term, shown in brackets after :func:`enable_cjk`
        found a font.

    Raises
    ------
    ValueError
        If either argument is not a non-empty string.
    """
    for argument, value in (("english", english), ("chinese", chinese)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{argument} must be a non-empty string, got {value!r}")
    if cjk_enabled():
        return f"{english.strip()} ({chinese.strip()})"
    return english.strip()
