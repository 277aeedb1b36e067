"""helpers.plotting: the course style and Chinese (CJK) plot labels.

The CJK tests render a figure with Chinese text to PNG with the Agg backend
and look for matplotlib's "Glyph ... missing from font(s)" warning. They are
skipped when the machine has no CJK font, except under CI (``CI=true``),
where ``.ci/run`` installs ``fonts-noto-cjk`` and a missing font is a failure.
"""

from __future__ import annotations

import io
import os
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from helpers import plotting
from helpers.plotting import enable_cjk, find_cjk_font, label, use_style

UNDER_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _fresh_style():
    """Each test starts from the course style and leaves matplotlib as it found it."""
    with mpl.rc_context():
        use_style()
        plotting._cjk_font = None
        yield
        plotting._cjk_font = None
    plt.close("all")


def _require_cjk_font() -> None:
    if find_cjk_font() is None:
        if UNDER_CI:
            pytest.fail("CI=true but no CJK font is installed: .ci/run should install fonts-noto-cjk")
        pytest.skip("no CJK font installed (e.g. apt-get install fonts-noto-cjk); CJK rendering not tested")


def _glyph_warnings_when_drawing(text: str) -> list[str]:
    """Draw `text` as title, axis label and tick labels; return the missing-glyph warnings."""
    fig, ax = plt.subplots()
    ax.bar(["忠诚", "满意"], [3, 5])
    ax.set_title(text)
    ax.set_xlabel(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_use_style_is_unchanged_by_default():
    assert mpl.rcParams["figure.figsize"] == [7.5, 4.2]
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["axes.spines.top"] is False


def test_without_cjk_the_default_font_misses_chinese_glyphs():
    """The check itself works: the course font (DejaVu Sans) has no Chinese glyphs."""
    assert _glyph_warnings_when_drawing("顾客忠诚 Customer loyalty")


def test_enable_cjk_renders_chinese_without_missing_glyphs(capsys):
    _require_cjk_font()
    assert enable_cjk() is True
    assert "Chinese labels on" in capsys.readouterr().out
    assert _glyph_warnings_when_drawing("顾客忠诚 Customer loyalty") == []


def test_enable_cjk_keeps_the_course_font_first_and_is_idempotent():
    _require_cjk_font()
    enable_cjk(verbose=False)
    enable_cjk(verbose=False)
    families = mpl.rcParams["font.family"]
    assert families[0] == "sans-serif"
    assert families.count(plotting._cjk_font) == 1
    assert families[-1] in plotting.CJK_FONTS


def test_a_font_installed_after_the_cache_was_built_is_found(monkeypatch):
    """Fonts added after matplotlib built ~/.cache/matplotlib are picked up by a rescan."""
    _require_cjk_font()
    from matplotlib import font_manager

    manager = font_manager.fontManager
    without_cjk = [f for f in manager.ttflist if f.name not in plotting.CJK_FONTS]
    monkeypatch.setattr(manager, "ttflist", without_cjk)
    assert find_cjk_font() in plotting.CJK_FONTS


def test_no_cjk_font_prints_one_clear_message(monkeypatch, capsys):
    monkeypatch.setattr(plotting, "find_cjk_font", lambda: None)
    assert enable_cjk() is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "No CJK font found; plots will use English labels" in out
    assert "fonts-noto-cjk" in out
    assert label("Loyalty", "顾客忠诚") == "Loyalty"


def test_label_is_bilingual_only_when_cjk_is_on():
    assert label("Loyalty", "顾客忠诚") == "Loyalty"
    _require_cjk_font()
    enable_cjk(verbose=False)
    assert label(" Loyalty ", "顾客忠诚") == "Loyalty (顾客忠诚)"
    use_style()  # resets the fonts: labels fall back to English
    assert label("Loyalty", "顾客忠诚") == "Loyalty"


@pytest.mark.parametrize("english, chinese", [("", "忠诚"), ("Loyalty", ""), (None, "忠诚"), ("Loyalty", 3)])
def test_label_rejects_empty_or_non_text(english, chinese):
    with pytest.raises(ValueError, match="must be a non-empty string"):
        label(english, chinese)


def test_enable_cjk_rejects_a_non_bool_verbose():
    with pytest.raises(ValueError, match="verbose must be True or False"):
        enable_cjk(verbose="yes")
