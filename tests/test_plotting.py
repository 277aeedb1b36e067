"""helpers.plotting: the course style and Chinese (CJK) plot labels.

The CJK tests render a figure with Chinese text to PNG with the Agg backend
and look for matplotlib's "Glyph ... missing from font(s)" warning. They use
only the font the workbook ships (helpers/fonts/), never a system font, and
check that it holds every Chinese character the course uses.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont

from helpers import plotting
from helpers.plotting import enable_cjk, label, use_style

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_style():
    """Each test starts from the course style and leaves matplotlib as it found it."""
    with mpl.rc_context():
        use_style()
        plotting._cjk_font = None
        yield
        plotting._cjk_font = None
    plt.close("all")


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


def test_the_course_style_is_seaborns_white_grid_in_the_course_colours():
    """use_style no longer imports seaborn: its settings are seaborn's, written out (all but the colour map)."""
    import seaborn as sns

    seaborn_theme = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook")}
    assert seaborn_theme.pop("image.cmap") == "rocket"  # the one setting left out (no course plot relies on it)
    assert plotting.SEABORN_WHITEGRID == seaborn_theme
    with mpl.rc_context():
        sns.set_palette(plotting.PALETTE)
        seaborn_colours = mpl.rcParams["axes.prop_cycle"]
    assert mpl.rcParams["axes.prop_cycle"] == seaborn_colours


@pytest.mark.slow  # a fresh Python process
def test_use_style_does_not_import_seaborn():
    code = "import sys, helpers.plotting as p; p.use_style(); print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "False"]


def test_without_cjk_the_default_font_misses_chinese_glyphs():
    """The check itself works: the course font (DejaVu Sans) has no Chinese glyphs."""
    assert _glyph_warnings_when_drawing("顾客忠诚 Customer loyalty")


def test_enable_cjk_renders_chinese_without_missing_glyphs(capsys):
    assert enable_cjk() is True
    assert "Chinese labels on" in capsys.readouterr().out
    assert _glyph_warnings_when_drawing("顾客忠诚 Customer loyalty") == []


def test_enable_cjk_keeps_the_course_font_first_and_is_idempotent():
    enable_cjk(verbose=False)
    enable_cjk(verbose=False)
    families = mpl.rcParams["font.family"]
    assert families[0] == "sans-serif"
    assert families.count(plotting._cjk_font) == 1
    assert families[-1] == "Noto Sans CJK SC Subset"


@pytest.mark.slow  # a fresh Python process
def test_the_shipped_font_renders_chinese_with_no_system_font():
    """In a fresh process that sees only matplotlib's own fonts and the shipped one, Chinese renders."""
    script = textwrap.dedent("""
        import io, warnings
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager
        bundled = matplotlib.get_data_path()
        font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist
                                            if f.fname.startswith(bundled)]
        import matplotlib.pyplot as plt
        from helpers.plotting import enable_cjk, use_style
        use_style()
        assert enable_cjk(verbose=False)
        others = {f.name for f in font_manager.fontManager.ttflist if not f.fname.startswith(bundled)}
        assert others == {"Noto Sans CJK SC Subset"}, others
        fig, ax = plt.subplots()
        ax.set_title("顾客忠诚与客户终生价值 · 满意度")
        ax.bar(["关系营销", "数据挖掘"], [1, 2])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
        print([str(w.message) for w in caught if "missing from font" in str(w.message)])
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_shipped_font_has_every_chinese_character_of_the_course():
    """Every Chinese character in the notebooks, the glossary and helpers/ is in the shipped font."""
    font = TTFont(plotting.FONT_FILE)
    covered = set(font.getBestCmap())
    texts = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
             for path in [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "data" / "glossary.csv",
                          *sorted((ROOT / "helpers").rglob("*.py"))]}  # fmt: skip
    missing = {name: sorted({ch for ch in json.loads(json.dumps(text)) if _is_chinese(ch) and ord(ch) not in covered})
               for name, text in texts.items()}  # fmt: skip
    missing = {name: "".join(chars) for name, chars in missing.items() if chars}
    assert missing == {}, f"characters missing from the font: {missing}; run python tools/subset_font.py"


def test_the_font_ships_with_its_licence():
    licence = plotting.FONT_FILE.with_name("OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def _is_chinese(ch: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms (what a Chinese label may hold)."""
    code = ord(ch)
    return 0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF


def test_missing_font_file_prints_one_clear_message(monkeypatch, capsys):
    monkeypatch.setattr(plotting, "FONT_FILE", plotting.FONT_FILE.with_name("absent.otf"))
    assert enable_cjk() is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "plots will use English labels" in out and "tools/subset_font.py" in out
    assert label("Loyalty", "顾客忠诚") == "Loyalty"


def test_label_is_bilingual_only_when_cjk_is_on():
    assert label("Loyalty", "顾客忠诚") == "Loyalty"
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
