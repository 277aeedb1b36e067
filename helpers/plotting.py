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


# --- Chinese (CJK) labels ----------------------------------------------------
# Plot labels are English by default. On a machine with a Chinese font,
# :func:`enable_cjk` lets labels carry the lecture's Chinese term too, and
# :func:`label` writes "English (中文)" only when that works.

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
"""Fonts with Chinese glyphs, in order of preference (simplified Chinese first)."""

_CJK_FILE_HINTS = ("notosanscjk", "notosanssc", "sourcehansans", "wqy", "simhei", "msyh", "pingfang")
"""Parts of font file names that point to a Chinese font not yet in matplotlib's cache."""

NO_CJK_MESSAGE = (
    "No CJK font found; plots will use English labels. Install e.g. fonts-noto-cjk "
    "(Debian/Ubuntu: sudo apt-get install fonts-noto-cjk), google-noto-sans-cjk-fonts "
    "(Fedora) or Noto Sans SC (macOS/Windows), then restart the kernel."
)

_cjk_font: str | None = None
"""The CJK font :func:`enable_cjk` added to ``font.family``, if any."""


def find_cjk_font() -> str | None:
    """Return the name of an installed font with Chinese glyphs, or ``None``.

    Looks first at the fonts matplotlib already knows; if none of
    :data:`CJK_FONTS` is there, adds the system's Chinese font files to
    matplotlib's font list (they may have been installed after matplotlib
    built its font cache) and looks again.
    """
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in known:
            return name
    for path in font_manager.findSystemFonts():
        file_name = path.replace("-", "").replace("_", "").lower().rsplit("/", 1)[-1]
        if any(hint in file_name for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError):  # an unreadable font file: skip it
                continue
    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in known), None)


def enable_cjk(verbose: bool = True) -> bool:
    """Let plots show Chinese characters, if a Chinese font is installed.

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
        ``True`` if a CJK font was found and set, ``False`` otherwise (plots
        then keep English-only labels: see :func:`label`).

    Examples
    --------
    >>> from helpers.plotting import enable_cjk, label
    >>> if enable_cjk(verbose=False):
    ...     print(label("Loyalty", "顾客忠诚"))
    Loyalty (顾客忠诚)
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
