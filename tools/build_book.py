"""Build the self-study book of the whole course (Jupyter Book 1.x), readable with no internet.

Usage: python tools/build_book.py [--force]      (writes build/book/index.html and the rest)

The book's pages are ``book/`` (configuration, table of contents, the intro
and the glossary) plus every chapter notebook, exactly as stored: execution
is off, the stored outputs are the content. The build works on a staging
copy in ``build/book_src/`` and never changes ``notebooks/``:

- each notebook is copied to ``build/book_src/notebooks/`` through
  :func:`prepare`: a solution (tag ``solution``) shows its code and output
  only when the reader opens it, a check (tag ``check``) never shows its
  verdict, a widget snapshot says it is one;
- the table of contents leaves out a page whose file does not exist yet;
- MathJax, require.js and the widget renderer are vendored from the npm
  registry into ``build/book_src/_vendor/`` (``tools/vendor_js.py``), and
  ``book/_config.yml`` points the pages at them.

Nothing is rebuilt when no input changed since the last build (``--force``
rebuilds anyway). Open ``build/book/index.html`` in a browser, or serve the
folder with ``python -m http.server --bind 127.0.0.1 -d build/book``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import NotebookNode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_slides  # noqa: E402
import vendor_js  # noqa: E402

ROOT = vendor_js.ROOT
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
STAGE = vendor_js.BUILD / "book_src"
OUT = vendor_js.BUILD / "book"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
SOLUTION_TAG = "solution"
CHECK_TAG = "check"
FOLD_TAG = "hide-cell"


def prepare(nb: NotebookNode) -> NotebookNode:
    """Return the book's copy of a chapter: solutions folded, verdicts removed, snapshots marked.

    - a cell tagged ``solution`` also gets Jupyter Book's ``hide-cell`` tag:
      its code and output stay folded until the reader opens them;
    - nbconvert's ``TagRemovePreprocessor`` removes the outputs of the cells
      tagged ``check`` (the call stays, its verdict never shows);
    - a widget snapshot gets a note saying it is one (``build_slides.mark_snapshots``).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> verdict = new_output("stream", text="✓ Exercise 1.1: correct.")
    >>> nb = new_notebook(cells=[new_code_cell("answer_1_1 = 4", metadata={"tags": ["solution"]}),
    ...                          new_code_cell('check("1.1", answer_1_1)', outputs=[verdict],
    ...                                        metadata={"tags": ["check"]})])
    >>> book = prepare(nb)
    >>> book.cells[0].metadata.tags, book.cells[1].outputs
    (['solution', 'hide-cell'], [])
    """
    book = build_slides.mark_snapshots(nb)
    for cell in book.cells:
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags and FOLD_TAG not in tags:
            cell.metadata["tags"] = [*tags, FOLD_TAG]
    remove = TagRemovePreprocessor(remove_all_outputs_tags={CHECK_TAG}, remove_cell_tags={"remove-cell"})
    book, _ = remove.preprocess(book, {})
    return book


def existing_toc(toc: dict, stage: Path) -> dict:
    """Drop the ``file:`` entries of `toc` whose page is not in `stage` (``glob:`` entries stay).

    Parameters
    ----------
    toc : dict
        The parsed ``_toc.yml`` (``format: jb-book`` with ``parts``).
    stage : Path
        The staging folder the pages were copied to.

    Returns
    -------
    dict
        The table of contents with missing pages and then empty parts left out.
    """

    def exists(entry: dict) -> bool:
        if "file" not in entry:
            return True
        name = entry["file"]
        return any((stage / f"{name}{suffix}").exists() for suffix in ("", ".md", ".ipynb"))

    parts = []
    for part in toc.get("parts", []):
        chapters = [entry for entry in part.get("chapters", []) if exists(entry)]
        missing = [entry["file"] for entry in part.get("chapters", []) if not exists(entry)]
        for name in missing:
            print(f"note: {name} is not there yet, the book leaves it out")
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**toc, "parts": parts}


def _write_if_changed(path: Path, text: str) -> None:
    """Write `text` unless the file already holds it (keeps Sphinx's incremental build useful)."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def stage(stage_dir: Path = STAGE) -> Path:
    """Copy the book's pages, the folded notebooks and the vendored JavaScript to `stage_dir`.

    Raises
    ------
    FileNotFoundError
        If there is no notebook, or ``book/_config.yml`` / ``book/_toc.yml`` is missing.
    """
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks to put in the book: expected .ipynb files in {NOTEBOOKS}")
    for required in ("_config.yml", "_toc.yml"):
        if not (BOOK / required).is_file():
            raise FileNotFoundError(f"{BOOK / required} is missing: the book needs it")
    stage_dir.mkdir(parents=True, exist_ok=True)

    pages = [p for p in BOOK.iterdir() if p.is_file() and p.name != "_toc.yml"]
    for page in pages:
        _write_if_changed(stage_dir / page.name, page.read_text(encoding="utf-8"))

    staged = stage_dir / "notebooks"
    if staged.exists():  # a chapter renamed or removed since the last build
        for old in staged.glob("*.ipynb"):
            if not (NOTEBOOKS / old.name).exists():
                old.unlink()
    staged.mkdir(exist_ok=True)
    for notebook in notebooks:
        book = prepare(nbformat.read(notebook, as_version=4))
        _write_if_changed(staged / notebook.name, nbformat.writes(book) + "\n")

    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    _write_if_changed(stage_dir / "_toc.yml", yaml.safe_dump(existing_toc(toc, stage_dir), sort_keys=False))

    node_modules = vendor_js.install()
    vendor_js.copy_assets(node_modules, stage_dir / "_vendor", vendor_js.BOOK_ASSETS)
    return stage_dir


def build(out_dir: Path = OUT, force: bool = False) -> Path:
    """Build the book into `out_dir` (skipped when up to date) and return ``out_dir/index.html``.

    Raises
    ------
    FileNotFoundError
        If Jupyter Book is not installed (``pip install "jupyter-book<2"``) or inputs are missing.
    RuntimeError
        If the Jupyter Book build fails.
    """
    digest = vendor_js.inputs_digest(
        [BOOK, NOTEBOOKS, Path(__file__), Path(build_slides.__file__), Path(vendor_js.__file__), vendor_js.SPEC_DIR]
    )
    if not force and vendor_js.is_up_to_date(out_dir, digest):
        print(f"{out_dir} is up to date")
        return out_dir / "index.html"
    if not JUPYTER_BOOK.exists():
        raise FileNotFoundError(
            f"{JUPYTER_BOOK} not found: install Jupyter Book 1.x (`pip install \"jupyter-book<2\"`)"
        )
    stage_dir = stage()
    work = vendor_js.BUILD / "book_work"
    command = [str(JUPYTER_BOOK), "build", str(stage_dir), "--path-output", str(work), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
    for line in warnings:
        print(line)
    html = work / "_build" / "html"
    if result.returncode != 0 or not (html / "index.html").exists():
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{result.stdout}\n{result.stderr}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(html, out_dir)
    (out_dir / vendor_js.STAMP).write_text(digest + "\n", encoding="utf-8")
    return out_dir / "index.html"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    print(f"book: {build(force=args.force)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
