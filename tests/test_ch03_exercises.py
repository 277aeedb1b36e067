"""Chapter 03's answer key: answers land where the chapter's text says they do.

The layout and completeness of every chapter's exercises are tested in
``tests/test_exercises.py``.
"""

from pathlib import Path

import nbformat
import pytest

from helpers.exercises.ch03 import EXERCISES
from helpers.servqual import DIMENSIONS

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "03_satisfaction_loyalty.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_widget_cell_is_ignored_and_followed_by_a_static_call(cells):
    widget = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "gap_widget(sq)" in c.source)
    assert "nbval-ignore-output" in cells[widget].metadata.get("tags", [])
    static = next(c for c in cells[widget + 1:] if c.cell_type == "code")
    assert "plot_gap_report" in static.source


def test_answers_are_where_the_text_says():
    """The planted effects: shortfalls, the ACSI bias, Jones & Sasser's affection zone."""
    assert -0.6 < EXERCISES["3.1"].expected() < -0.3
    assert 1 <= EXERCISES["3.2"].expected() <= 22
    assert EXERCISES["3.3"].expected() in DIMENSIONS
    assert EXERCISES["3.4"].expected() < 0
    assert 0 < EXERCISES["3.5"].expected() < 100
    assert EXERCISES["3.6"].expected() > 0.10 + 0.05  # well above the true path without brand image
    assert EXERCISES["3.8"].expected() > 0.7
