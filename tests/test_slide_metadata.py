"""Tests of tools/slide_metadata.py: which cell goes on which kind of slide."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import slide_metadata  # noqa: E402


def figure_output() -> nbformat.NotebookNode:
    return new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})


def solution_cell(source: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["solution"]
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


@pytest.fixture
def chapter() -> nbformat.NotebookNode:
    """A small chapter following CONTRIBUTING.md's layout, one cell per rule."""
    long_code = "\n".join(f"x{i} = {i}" for i in range(20))
    plot = new_code_cell("plt.plot([1, 2])\nplt.show()", outputs=[figure_output()])
    return new_notebook(
        cells=[
            new_markdown_cell("# Chapter 9 — Demo\n\nWhat the chapter is about."),  # 0 slide
            new_code_cell("import numpy as np"),  # 1 -
            new_markdown_cell("## 1. First idea"),  # 2 slide
            plot,  # 3 -
            new_markdown_cell("The line rises."),  # 4 fragment
            new_code_cell(long_code),  # 5 subslide
            new_markdown_cell("### 1.1 A detail"),  # 6 subslide
            new_code_cell(""),  # 7 skip
            new_markdown_cell("## Exercises"),  # 8 slide
            new_markdown_cell("### Exercise 9.1\n\nCompute it."),  # 9 subslide
            new_code_cell("answer_9_1 = None  # your answer here"),  # 10 skip
            solution_cell("answer_9_1 = 4"),  # 11 skip
            new_code_cell('check("9.1", answer_9_1)'),  # 12 skip
        ]
    )


def test_slide_types_follow_the_rules(chapter):
    assert slide_metadata.slide_types(chapter) == [
        "slide", "-", "slide", "-", "fragment", "subslide", "subslide", "skip",
        "slide", "subslide", "skip", "skip", "skip",
    ]  # fmt: skip


def test_overfull_slide_continues_on_a_subslide():
    figures = [new_code_cell(f"plot({i})", outputs=[figure_output()]) for i in range(3)]
    nb = new_notebook(cells=[new_markdown_cell("## Plots"), *figures])
    # heading 3 lines, each figure cell 2 + 1 + 16 = 19 lines: the slide holds 24
    assert slide_metadata.slide_types(nb) == ["slide", "-", "subslide", "subslide"]


def test_author_set_slide_type_is_kept(chapter):
    chapter.cells[1].metadata["slideshow"] = {"slide_type": "notes"}
    chapter.cells[11].metadata["slideshow"] = {"slide_type": "fragment"}
    types = slide_metadata.slide_types(chapter)
    assert types[1] == "notes"
    assert types[11] == "fragment"


def test_unknown_slide_type_is_refused(chapter):
    chapter.cells[3].metadata["slideshow"] = {"slide_type": "page"}
    with pytest.raises(ValueError, match="cell 3 has slide_type 'page'; expected one of"):
        slide_metadata.slide_types(chapter)


def test_annotate_returns_a_copy(chapter):
    annotated = slide_metadata.annotate(chapter)
    assert all("slideshow" not in cell.metadata for cell in chapter.cells)
    assert [cell.metadata["slideshow"]["slide_type"] for cell in annotated.cells] == (
        slide_metadata.slide_types(chapter)
    )
    nbformat.validate(annotated)


@pytest.mark.parametrize(
    ("source", "level"),
    [("# Title", 1), ("\n\n## Section\ntext", 2), ("#### Deep", 4), ("#hashtag", 0), ("text\n## later", 0), ("", 0)],
)
def test_heading_level(source, level):
    assert slide_metadata.heading_level(source) == level


def test_describe_lists_shown_cells_only(chapter):
    plan = slide_metadata.describe(chapter)
    assert "== [mark] # Chapter 9 — Demo" in plan
    assert "answer_9_1" not in plan
    assert "   + [mark] The line rises." in plan


def test_command_line_refuses_a_missing_notebook(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist: expected a .ipynb file"):
        slide_metadata.main([str(tmp_path / "missing.ipynb")])


def test_long_markdown_is_split_at_paragraphs():
    paragraph = "\n".join(f"line {i} of a long explanation" for i in range(9))
    fence = "```python\nx = 1\n\ny = 2\n```"
    source = f"## Section\n\n{paragraph}\n\n{fence}\n\n{paragraph}\n\n{paragraph}"
    nb = new_notebook(cells=[new_markdown_cell(source)])
    split = slide_metadata.split_long_markdown(nb)
    pieces = [cell.source for cell in split.cells]
    assert "\n\n".join(pieces) == source  # nothing lost, nothing reordered
    assert len(pieces) > 1
    assert any(fence in piece for piece in pieces)  # the fenced block stays whole
    assert all(slide_metadata.estimated_lines(cell) <= slide_metadata.SLIDE_LINES for cell in split.cells)
    assert len({cell.id for cell in split.cells}) == len(pieces)
    nbformat.validate(split)
    assert len(nb.cells) == 1  # the original is not changed


def test_paragraphs_keep_display_math_whole():
    source = "Text.\n\n$$\na = b\n\nc = d\n$$\n\nMore."
    assert slide_metadata.paragraphs(source) == ["Text.", "$$\na = b\n\nc = d\n$$", "More."]
