"""Give each cell of a chapter notebook a reveal.js slide type, one idea per slide.

Usage:
    python tools/slide_metadata.py NOTEBOOK [OUT]    write the annotated copy to OUT
    python tools/slide_metadata.py --show NOTEBOOK   print the slide plan, change nothing

``tools/build_slides.py`` runs this on a copy of each notebook at build time;
the stored notebooks are not changed. First, a markdown cell too tall for one
slide is split at paragraph breaks (:func:`split_long_markdown`), so that a
long explanation runs over several subslides instead of off the bottom of
one. Then the rules, in order:

1. A cell whose author already set ``"slideshow": {"slide_type": ...}`` keeps it.
2. Empty cells, solution cells (tag ``solution``), the student cells
   (``answer_N_M = None``), the ``check(...)`` cells and cells tagged
   ``remove-cell`` are skipped: exercises appear as their task only.
3. A markdown cell opening with ``#`` or ``##`` starts a new slide; with
   ``###`` (or deeper) a subslide.
4. A long code cell starts a subslide.
5. A short markdown cell right after a code cell with output is a fragment:
   the interpretation appears after the result, on the same slide.
6. Any other cell that would overfill the current slide (an estimate in
   lines, a figure counting as many) starts a subslide.
7. Everything else continues the current slide (``"-"``).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")

# A reveal.js slide at 960x700 with nbconvert's 20px fonts holds about 24 lines.
SLIDE_LINES = 24
LONG_CODE_LINES = 14
FIGURE_LINES = 16
CELL_PADDING_LINES = 2  # margins and the code box around each cell
FRAGMENT_MAX_LINES = 6
WIDGET_LINES = 10  # a widget's stored snapshot; its real height varies
WRAP_CHARACTERS = 70  # characters per line of slide text

_HEADING = re.compile(r"^(#{1,6})\s")
_STUDENT_CELL = re.compile(r"^\s*answer_\d+_\d+\s*=\s*None\b")
_CHECK_CELL = re.compile(r"^\s*check\(\s*[\"']\d+\.\d+[\"']")
_SKIP_TAGS = {"solution", "remove-cell"}


def heading_level(source: str) -> int:
    """Return the level of the markdown heading the cell opens with, or 0 if none.

    Parameters
    ----------
    source : str
        The markdown source of a cell.

    Returns
    -------
    int
        1 for ``# Title``, 2 for ``## Section``, ... and 0 when the first
        non-blank line is not a heading.
    """
    for line in source.splitlines():
        if line.strip():
            match = _HEADING.match(line.strip())
            return len(match.group(1)) if match else 0
    return 0


def is_skipped(cell: NotebookNode) -> bool:
    """Tell whether a cell stays off the slides (empty, solution, exercise plumbing)."""
    source = cell.get("source", "")
    if not source.strip():
        return True
    if _SKIP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
        return True
    if cell.get("cell_type") == "code":
        return bool(_STUDENT_CELL.match(source) or _CHECK_CELL.match(source))
    return False


def estimated_lines(cell: NotebookNode) -> int:
    """Estimate how many text lines a cell takes on a slide, a figure counting ``FIGURE_LINES``.

    Parameters
    ----------
    cell : NotebookNode
        A markdown or code cell.

    Returns
    -------
    int
        Source lines (long lines wrapped at ``WRAP_CHARACTERS``) plus output lines plus
        ``CELL_PADDING_LINES``.
    """
    lines = CELL_PADDING_LINES
    for line in cell.get("source", "").splitlines():
        # a markdown heading is set in a larger type: it takes about two lines
        height = 2 if cell.get("cell_type") == "markdown" and _HEADING.match(line) else 1
        lines += height + len(line) // WRAP_CHARACTERS
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            lines += FIGURE_LINES
        elif "application/vnd.jupyter.widget-view+json" in data:
            lines += WIDGET_LINES
        elif "text/html" in data:
            lines += min(len(_text(data["text/html"]).splitlines()) // 3 + 2, SLIDE_LINES)
        elif "text/plain" in data:
            lines += len(_text(data["text/plain"]).splitlines())
        elif output.get("output_type") == "stream":
            lines += len(_text(output.get("text", "")).splitlines())
    return lines


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def _has_output(cell: NotebookNode) -> bool:
    return cell.get("cell_type") == "code" and bool(cell.get("outputs"))


def slide_types(nb: NotebookNode) -> list[str]:
    """Decide the slide type of every cell of `nb` (see the module docstring for the rules).

    Parameters
    ----------
    nb : NotebookNode
        A notebook (nbformat v4).

    Returns
    -------
    list of str
        One of ``SLIDE_TYPES`` per cell, in cell order.

    Raises
    ------
    ValueError
        If a cell carries a slide type reveal.js does not know.
    """
    types: list[str] = []
    used = 0  # estimated lines on the current (sub)slide
    previous: NotebookNode | None = None  # the last cell shown
    for index, cell in enumerate(nb.cells):
        preset = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if preset is not None and preset not in SLIDE_TYPES:
            raise ValueError(
                f"cell {index} has slide_type {preset!r}; expected one of {', '.join(SLIDE_TYPES)}"
            )
        lines = estimated_lines(cell)
        if preset is not None:
            kind = preset
        elif is_skipped(cell):
            kind = "skip"
        elif previous is None:
            kind = "slide"
        elif cell.cell_type == "markdown" and heading_level(cell.source) in (1, 2):
            kind = "slide"
        elif cell.cell_type == "markdown" and heading_level(cell.source) >= 3:
            kind = "subslide"
        elif cell.cell_type == "code" and len(cell.source.splitlines()) > LONG_CODE_LINES:
            kind = "subslide"
        elif cell.cell_type == "markdown" and _has_output(previous) and lines <= FRAGMENT_MAX_LINES:
            kind = "fragment"  # may overfill a little: the slide scrolls
        elif used + lines > SLIDE_LINES:
            kind = "subslide"
        else:
            kind = "-"
        types.append(kind)
        if kind in ("skip", "notes"):
            continue
        used = lines if kind in ("slide", "subslide") else used + lines
        previous = cell
    return types


def paragraphs(source: str) -> list[str]:
    """Split markdown at blank lines, keeping fenced code and ``$$`` math blocks whole.

    Tables and lists have no blank lines inside, so they stay whole too.
    """
    blocks: list[list[str]] = [[]]
    fenced = False
    for line in source.splitlines():
        marker = line.strip()
        if marker.startswith("```") or marker == "$$":
            fenced = not fenced
        if not marker and not fenced:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    return ["\n".join(block) for block in blocks if block]


def split_long_markdown(nb: NotebookNode) -> NotebookNode:
    """Return a copy of `nb` where each markdown cell too tall for one slide is split in several.

    The paragraphs of a long cell are packed, in order, into cells of at most
    ``SLIDE_LINES - CELL_PADDING_LINES`` estimated lines (a single longer
    paragraph stays whole); :func:`slide_types` then puts each piece on the
    current slide or a new subslide. Cells with an author-set slide type are
    left alone.
    """
    split = copy.deepcopy(nb)
    budget = SLIDE_LINES - CELL_PADDING_LINES
    cells = []
    for cell in split.cells:
        has_preset = "slideshow" in cell.get("metadata", {})
        if cell.cell_type != "markdown" or has_preset or estimated_lines(cell) <= SLIDE_LINES:
            cells.append(cell)
            continue
        pieces: list[str] = []
        for block in paragraphs(cell.source):
            block_lines = estimated_lines(new_markdown_cell(block)) - CELL_PADDING_LINES
            used = estimated_lines(new_markdown_cell(pieces[-1])) - CELL_PADDING_LINES if pieces else budget
            if used + block_lines + 1 <= budget:
                pieces[-1] = f"{pieces[-1]}\n\n{block}"
            else:
                pieces.append(block)
        for number, piece in enumerate(pieces):
            part = copy.deepcopy(cell)
            part.source = piece
            if number and "id" in part:
                part.id = f"{cell.id}-{number}"
            cells.append(part)
    split.cells = cells
    return split


def annotate(nb: NotebookNode) -> NotebookNode:
    """Return a copy of `nb` ready for reveal.js: long markdown split, a slide type on every cell.

    The notebook passed in is not changed.
    """
    annotated = split_long_markdown(nb)
    for cell, kind in zip(annotated.cells, slide_types(annotated), strict=True):
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
    return annotated


def describe(nb: NotebookNode) -> str:
    """Return a readable slide plan: one line per cell shown, indented by slide type."""
    marks = {"slide": "== ", "subslide": " - ", "fragment": "   + ", "-": "     ", "notes": "   n "}
    nb = split_long_markdown(nb)
    lines = []
    for cell, kind in zip(nb.cells, slide_types(nb), strict=True):
        if kind == "skip":
            continue
        first = next((line for line in cell.source.splitlines() if line.strip()), "")
        lines.append(f"{marks[kind]}[{cell.cell_type[:4]}] {first[:70]}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("out", type=Path, nargs="?", help="where to write the annotated copy")
    parser.add_argument("--show", action="store_true", help="print the slide plan only")
    args = parser.parse_args(argv)
    if not args.notebook.exists():
        raise FileNotFoundError(f"{args.notebook} does not exist: expected a .ipynb file")
    nb = nbformat.read(args.notebook, as_version=4)
    if args.show or args.out is None:
        print(describe(nb))
        return 0
    nbformat.write(annotate(nb), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
