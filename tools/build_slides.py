"""Build a reveal.js slide deck per chapter that works with no internet.

Usage: python tools/build_slides.py [NOTEBOOK ...] [--out DIR] [--force]
       (default: every notebooks/*.ipynb into build/slides/)

nbconvert's SlidesExporter writes ``DIR/<name>.slides.html`` from the stored
outputs, breaking slides where the cells' stored slide types say
(``metadata.slideshow.slide_type``, see README). The template
``tools/jupyter/slides.html.j2`` zooms a slide out until it fits and wraps long
code; the cells tagged ``solution``, ``check`` or ``remove-cell`` are left out;
a widget snapshot says it is one (:func:`mark_snapshots`). The JavaScript is
vendored into ``DIR/_vendor/`` (``tools/vendor_js.py``) and ``DIR/index.html``
lists the decks.
"""

from __future__ import annotations

import argparse
import copy
import html
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbformat import NotebookNode
from nbformat.v4 import new_output
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vendor_js  # noqa: E402

ROOT = vendor_js.ROOT
NOTEBOOKS = ROOT / "notebooks"
OUT = vendor_js.BUILD / "slides"
VENDOR = "_vendor"  # relative to the decks

HIDDEN_CELL_TAGS = {"solution", "check", "remove-cell"}
"""Cells left off the slides: an exercise shows its task, never its solution or verdict."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SNAPSHOT_NOTE = (
    "Snapshot of the widget as last stored (静态快照): run the chapter in JupyterLab "
    "to move the sliders (在 JupyterLab 中运行本章即可操作)."
)

TEMPLATE = ROOT / "tools" / "jupyter" / "slides.html.j2"
"""nbconvert's reveal template plus slide fitting, wrapped code, inert widget snapshots."""


def exporter() -> SlidesExporter:
    """Return a SlidesExporter whose every script and style sheet is a relative, vendored URL."""
    config = Config()
    config.SlidesExporter.reveal_url_prefix = f"{VENDOR}/reveal.js"
    config.SlidesExporter.reveal_theme = "white"  # the themes with local fonts only
    config.SlidesExporter.reveal_number = "c/t"
    config.HTMLExporter.require_js_url = f"{VENDOR}/require.js"
    config.HTMLExporter.jquery_url = f"{VENDOR}/jquery.min.js"
    config.HTMLExporter.mathjax_url = f"{VENDOR}/mathjax2/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.widget_renderer_url = f"{VENDOR}/html-manager/embed-amd.js"
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return SlidesExporter(
        config=config,
        extra_template_paths=[str(TEMPLATE.parent)],
        template_file=TEMPLATE.name,
    )


def mark_snapshots(nb: NotebookNode) -> NotebookNode:
    """Return a copy of `nb` with a note above every stored widget view saying it is a snapshot.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> view = new_output("display_data", data={WIDGET_VIEW: {"model_id": "1"}})
    >>> nb = mark_snapshots(new_notebook(cells=[new_code_cell("w", outputs=[view])]))
    >>> [sorted(output.data) for output in nb.cells[0].outputs]
    [['text/html'], ['application/vnd.jupyter.widget-view+json']]
    """
    marked = copy.deepcopy(nb)
    note = f'<p class="widget-snapshot-note">{html.escape(SNAPSHOT_NOTE)}</p>'
    for cell in marked.cells:
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                outputs.append(new_output("display_data", data={"text/html": note}))
            outputs.append(output)
        if "outputs" in cell:
            cell.outputs = outputs
    return marked


def build_deck(notebook: Path, out_dir: Path, slides: SlidesExporter) -> Path:
    """Write the deck of one notebook into `out_dir` and return its path.

    Raises
    ------
    FileNotFoundError
        If `notebook` does not exist.
    """
    if not notebook.is_file():
        raise FileNotFoundError(f"{notebook} does not exist: expected a chapter notebook (.ipynb)")
    nb = mark_snapshots(nbformat.read(notebook, as_version=4))
    body, _ = slides.from_notebook_node(
        nb, resources={"metadata": {"name": notebook.stem, "path": str(notebook.parent)}}
    )
    target = out_dir / f"{notebook.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def write_index(decks: list[Path], out_dir: Path) -> Path:
    """Write ``index.html`` linking every deck, and return its path."""
    items = "\n".join(
        f'<li><a href="{html.escape(deck.name)}">{html.escape(deck.name.removesuffix(".slides.html"))}</a></li>'
        for deck in decks
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CRM analytics: slides</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>CRM analytics workbook: slides</h1>
<p>One reveal.js deck per chapter. Arrow keys move between slides, <kbd>s</kbd> opens the
speaker view, <kbd>Esc</kbd> the overview. Everything is local: no network needed.
Widgets are snapshots: run the chapter in JupyterLab (or <code>make present NB=02</code>)
to move their sliders.</p>
<ul>
{items}
</ul>
</body></html>
"""
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def build(notebooks: list[Path] | None = None, out_dir: Path = OUT, force: bool = False) -> list[Path]:
    """Build the decks of `notebooks` (default: all chapters) into `out_dir`; return their paths.

    Nothing is rebuilt when neither the notebooks nor the build tools changed
    since the last build into `out_dir` (``force=True`` rebuilds anyway).

    Raises
    ------
    FileNotFoundError
        If there is no notebook to build, or npm is missing.
    """
    notebooks = notebooks if notebooks else sorted(NOTEBOOKS.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks to build: expected .ipynb files in {NOTEBOOKS}")
    tools = [Path(__file__), TEMPLATE, Path(vendor_js.__file__), vendor_js.SPEC_DIR]
    digest = vendor_js.inputs_digest([*notebooks, *tools])
    decks = [out_dir / f"{notebook.stem}.slides.html" for notebook in notebooks]
    if not force and vendor_js.is_up_to_date(out_dir, digest):
        print(f"{out_dir} is up to date")
        return decks
    node_modules = vendor_js.install()
    if out_dir.exists():  # no deck of a removed chapter stays behind
        for old in out_dir.glob("*.slides.html"):
            old.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    vendor_js.copy_assets(node_modules, out_dir / VENDOR, vendor_js.SLIDES_ASSETS)
    slides = exporter()
    for notebook in notebooks:
        build_deck(notebook, out_dir, slides)
    write_index(decks, out_dir)
    (out_dir / vendor_js.STAMP).write_text(digest + "\n", encoding="utf-8")
    return decks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", type=Path, nargs="*", help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT.relative_to(ROOT)}")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    notebooks = [path.resolve() for path in args.notebooks]
    for deck in build(notebooks, args.out.resolve(), force=args.force):
        print(f"slides: {deck}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
