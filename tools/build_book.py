"""Build the self-study book of the whole course (Jupyter Book 1.x), readable with no internet.

Usage: python tools/build_book.py [--out DIR] [--force]      (default: build/book/)

The pages are ``book/`` plus every chapter notebook as stored (execution is
off: the stored outputs are the content) and a glossary page written from
``data/glossary.csv``. They are staged in ``DIR.work/`` (``notebooks/`` is
never changed) through :func:`prepare`, with the vendored JavaScript
(``tools/vendor_js.py``), and Jupyter Book builds the site into ``DIR/``.
Nothing is rebuilt when no input changed (``--force`` rebuilds anyway).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import NotebookNode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_slides  # noqa: E402
import vendor_js  # noqa: E402

ROOT = vendor_js.ROOT
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = ROOT / "data" / "glossary.csv"
OUT = vendor_js.BUILD / "book"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

GLOSSARY_CHAPTERS = {
    1: "Chapter 1 · Relationship marketing and CRM",
    2: "Chapter 2 · Customer value",
    3: "Chapter 3 · Satisfaction, service quality and loyalty",
    4: "Chapter 4 · Data warehouse and data mining",
    5: "Chapter 5 · Your own data",
}
"""The glossary page's section titles, by the ``chapter`` column of the CSV."""

GLOSSARY_INTRO = """\
# Glossary · 术语表

The course's terms in English and in the Chinese of the lectures, with a
one-line definition, grouped by the chapter that introduces them. In a
notebook, look a term up either way:

```python
from helpers.glossary import glossary
glossary("顾客忠诚")   # or glossary("loyalty"), glossary("AHP")
```

The table is `data/glossary.csv` (`load("glossary")`); the book writes this page from it.
"""


def prepare(nb: NotebookNode) -> NotebookNode:
    """Return the book's copy of a chapter: solutions folded, verdicts removed, snapshots marked.

    A cell tagged ``solution`` also gets Jupyter Book's ``hide-cell`` tag (folded
    until the reader opens it); a cell tagged ``check`` loses its output.

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
        if "solution" in tags and "hide-cell" not in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
    remove = TagRemovePreprocessor(remove_all_outputs_tags={"check"}, remove_cell_tags={"remove-cell"})
    book, _ = remove.preprocess(book, {})
    return book


def glossary_page(table: pd.DataFrame) -> str:
    """Return the glossary page (Markdown): one table per chapter, terms in alphabetical order.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a row names a chapter with no section title.
    """
    missing = [c for c in ("english", "chinese", "definition", "chapter") if c not in table.columns]
    if missing:
        raise KeyError(f"glossary table lacks the column(s) {missing}")
    unknown = sorted(set(table["chapter"]) - set(GLOSSARY_CHAPTERS))
    if unknown:
        raise ValueError(f"glossary rows name chapter(s) {unknown}; known chapters: {sorted(GLOSSARY_CHAPTERS)}")

    def cell(text: object) -> str:  # no column break, no emphasis inside a table cell
        text = str(text).replace("\n", " ").strip()
        for special in ("|", "*", "_"):
            text = text.replace(special, "\\" + special)
        return text

    parts = [GLOSSARY_INTRO]
    for chapter, title in GLOSSARY_CHAPTERS.items():
        rows = table[table["chapter"] == chapter]
        rows = rows.iloc[rows["english"].str.lower().argsort(kind="stable")]
        parts.append(f"\n## {title}\n\n| English | 中文 | Definition |\n| --- | --- | --- |\n")
        parts.extend(f"| {cell(r.english)} | {cell(r.chinese)} | {cell(r.definition)} |\n" for r in rows.itertuples())
    return "".join(parts)


def _write_if_changed(path: Path, text: str) -> None:
    """Write `text` unless the file already holds it (keeps Sphinx's incremental build useful)."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def stage(stage_dir: Path) -> Path:
    """Copy the book's pages, the glossary, the folded notebooks and the vendored JavaScript to `stage_dir`.

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
    staged = stage_dir / "notebooks"
    if staged.exists():  # a chapter renamed or removed since the last build
        for old in staged.glob("*.ipynb"):
            if not (NOTEBOOKS / old.name).exists():
                old.unlink()
    staged.mkdir(parents=True, exist_ok=True)
    for page in BOOK.iterdir():
        if page.is_file():
            _write_if_changed(stage_dir / page.name, page.read_text(encoding="utf-8"))
    _write_if_changed(stage_dir / "glossary.md", glossary_page(pd.read_csv(GLOSSARY)))
    for notebook in notebooks:
        book = prepare(nbformat.read(notebook, as_version=4))
        _write_if_changed(staged / notebook.name, nbformat.writes(book) + "\n")
    vendor_js.copy_assets(vendor_js.install(), stage_dir / "_vendor", vendor_js.BOOK_ASSETS)
    return stage_dir


def build(out_dir: Path = OUT, force: bool = False) -> Path:
    """Build the book into `out_dir` (skipped when up to date) and return ``out_dir/index.html``.

    The staged pages and Jupyter Book's work files go to ``<out_dir>.work/``.

    Raises
    ------
    FileNotFoundError
        If Jupyter Book is not installed (``pip install "jupyter-book<2"``) or inputs are missing.
    RuntimeError
        If the Jupyter Book build fails.
    """
    tools = [Path(__file__), Path(build_slides.__file__), Path(vendor_js.__file__), vendor_js.SPEC_DIR]
    digest = vendor_js.inputs_digest([BOOK, NOTEBOOKS, GLOSSARY, *tools])
    if not force and vendor_js.is_up_to_date(out_dir, digest):
        print(f"{out_dir} is up to date")
        return out_dir / "index.html"
    if not JUPYTER_BOOK.exists():
        raise FileNotFoundError(f"{JUPYTER_BOOK} not found: install Jupyter Book 1.x (`pip install \"jupyter-book<2\"`)")
    work = out_dir.with_name(out_dir.name + ".work")
    stage_dir = stage(work / "src")
    command = [str(JUPYTER_BOOK), "build", str(stage_dir), "--path-output", str(work), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        if "WARNING" in line:
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
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT.relative_to(ROOT)}")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    print(f"book: {build(args.out.resolve(), force=args.force)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
