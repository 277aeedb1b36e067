"""The built slides and book work offline: every script, style sheet and image is local.

Reads the slides and the book built once per test run (``built_slides`` and
``built_book`` in ``tests/conftest.py``, shared with the browser tests): no ``src``/``href`` of a script,
style sheet, image or frame points outside, every local one exists, the
vendored JavaScript is there, every chapter has its deck and its page, and
the book folds the solutions. The same pages are loaded in a real browser by
``tests/browser/test_static_slides.py`` and ``test_static_book.py``.
"""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_book  # noqa: E402
import build_slides  # noqa: E402

VERDICT = re.compile(r"✓\s*Exercise")
"""What a check prints for a right answer (a widget's own "✓ Acceptably consistent" is content)."""
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESOURCE_ATTRIBUTES = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
}


@pytest.fixture(scope="session")
def slides_dir(built_slides: Path) -> Path:
    return built_slides


@pytest.fixture(scope="session")
def book_dir(built_book: Path) -> Path:
    return built_book


class ResourceParser(HTMLParser):
    """Collect the URLs a page loads: (tag, url) for script src, link href, img src, ..."""

    def __init__(self) -> None:
        super().__init__()
        self.resources: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attribute = RESOURCE_ATTRIBUTES.get(tag)
        values = dict(attrs)
        if attribute and values.get(attribute):
            self.resources.append((tag, values[attribute]))


def resources(page: Path) -> list[tuple[str, str]]:
    parser = ResourceParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.resources


def pages(site: Path) -> list[Path]:
    """The HTML pages of a built site (not the templates Sphinx themes leave in _static/)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_vendor" not in p.parts)


def is_external(url: str) -> bool:
    return urlparse(url).scheme in ("http", "https") or url.startswith("//")


def check_site(site: Path) -> None:
    external, missing = [], []
    for page in pages(site):
        for tag, url in resources(page):
            where = f"{page.relative_to(site)}: <{tag}> {url}"
            if is_external(url):
                external.append(where)
            elif not url.startswith(("data:", "#", "mailto:", "javascript:")):
                target = (page.parent / unquote(urlparse(url).path)).resolve()
                if not target.exists():
                    missing.append(where)
    assert external == [], "pages load from the internet:\n" + "\n".join(external)
    assert missing == [], "pages load files that are not there:\n" + "\n".join(missing)


# --- slides ----------------------------------------------------------------------------------


def test_every_chapter_has_a_deck(slides_dir):
    for notebook in NOTEBOOKS:
        assert (slides_dir / f"{notebook.stem}.slides.html").is_file()
    index = (slides_dir / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{nb.stem}.slides.html"' in index for nb in NOTEBOOKS)


def test_slides_load_nothing_from_the_internet(slides_dir):
    check_site(slides_dir)


def test_slides_point_at_the_vendored_javascript(slides_dir):
    deck = (slides_dir / f"{NOTEBOOKS[0].stem}.slides.html").read_text(encoding="utf-8")
    for url in (
        "_vendor/require.js",
        "_vendor/jquery.min.js",
        "_vendor/mathjax2/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        "_vendor/reveal.js/dist/reveal.css",
        "_vendor/reveal.js/dist/reveal.js",
        "_vendor/reveal.js/plugin/notes/notes.js",
    ):
        assert url in deck
    for path in (
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/theme/white.css",
        "reveal.js/plugin/notes/notes.js",
        "html-manager/embed-amd.js",
        "mathjax2/config/TeX-AMS_CHTML-full.js",
        "mathjax2/jax/output/CommonHTML/jax.js",
    ):
        assert (slides_dir / "_vendor" / path).is_file(), path


def test_decks_with_widgets_load_the_vendored_widget_renderer(slides_dir):
    with_widgets = [nb for nb in NOTEBOOKS if "widgets" in json.loads(nb.read_text(encoding="utf-8"))["metadata"]]
    for notebook in with_widgets:
        deck = (slides_dir / f"{notebook.stem}.slides.html").read_text(encoding="utf-8")
        assert "'_vendor/html-manager/embed-amd.js'" in deck
        assert "application/vnd.jupyter.widget-state+json" in deck


# --- book ------------------------------------------------------------------------------------


def test_every_chapter_has_a_page(book_dir):
    for notebook in NOTEBOOKS:
        assert (book_dir / "notebooks" / f"{notebook.stem}.html").is_file()
    assert (book_dir / "index.html").is_file()
    assert (book_dir / "glossary.html").is_file()


def test_book_loads_nothing_from_the_internet(book_dir):
    check_site(book_dir)


def test_book_ships_the_vendored_javascript(book_dir):
    for path in ("mathjax/tex-chtml.js", "require.js", "html-manager/embed-amd.js"):
        assert (book_dir / "_static" / path).is_file(), path


def test_book_pages_with_widgets_load_the_vendored_renderer(book_dir):
    for notebook in NOTEBOOKS:
        if "widgets" not in json.loads(notebook.read_text(encoding="utf-8"))["metadata"]:
            continue
        page = book_dir / "notebooks" / f"{notebook.stem}.html"
        scripts = [url for tag, url in resources(page) if tag == "script"]
        assert any(url.startswith("../_static/require.js") for url in scripts), page.name
        assert any(url.startswith("../_static/html-manager/embed-amd.js") for url in scripts), page.name


def outside_folds(page: Path) -> str:
    """The page's HTML without the folded ``<details>`` blocks (what a reader sees before opening)."""
    return re.sub(r"<details\b.*?</details>", "", page.read_text(encoding="utf-8"), flags=re.S)


def solution_outputs(notebook: Path) -> list[str]:
    """The longest line with a number of each solution's result, unless the chapter shows it elsewhere.

    (A result that the chapter also prints above the exercise is exercise_lint's business.)
    """
    nb = nbformat.read(notebook, as_version=4)
    is_solution = ["solution" in cell.metadata.get("tags", []) for cell in nb.cells]
    elsewhere = json.dumps([c.get("outputs", []) for c, s in zip(nb.cells, is_solution, strict=True) if not s])
    elsewhere += json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
    lines = []
    for cell, solution in zip(nb.cells, is_solution, strict=True):
        for output in cell.get("outputs", []) if solution else []:
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            telling = [line.strip() for line in text.splitlines() if re.search(r"\d", line)]
            line = max(telling, key=len, default="")
            if len(line) >= 8 and json.dumps(line)[1:-1] not in elsewhere:
                lines.append(html.escape(line, quote=False))
    return lines


def test_book_folds_every_solution(book_dir):
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        solutions = sum("solution" in cell.get("metadata", {}).get("tags", []) for cell in cells)
        page = (book_dir / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert page.count("tag_solution tag_hide-cell") == solutions, notebook.name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_book_and_slides_reveal_no_answer(book_dir, slides_dir, notebook):
    """No check verdict anywhere, no solution output unless the reader opens the solution (issue 11 §2)."""
    book = outside_folds(book_dir / "notebooks" / f"{notebook.stem}.html")
    deck = (slides_dir / f"{notebook.stem}.slides.html").read_text(encoding="utf-8")
    for name, text in (("book page", book), ("deck", deck)):
        verdict = VERDICT.search(text)
        assert verdict is None, f"{notebook.stem} {name} shows a check verdict: {text[verdict.start():][:60]!r}"
        shown = [line for line in solution_outputs(notebook) if line in text]
        assert shown == [], f"{notebook.stem} {name} shows solution output(s): {shown}"


def test_slides_and_book_say_widgets_are_snapshots(book_dir, slides_dir):
    for notebook in NOTEBOOKS:
        if "widgets" not in json.loads(notebook.read_text(encoding="utf-8"))["metadata"]:
            continue
        for page in (book_dir / "notebooks" / f"{notebook.stem}.html", slides_dir / f"{notebook.stem}.slides.html"):
            assert "run the chapter in JupyterLab to move the sliders" in page.read_text(encoding="utf-8"), page


def test_no_text_promises_interaction_on_static_pages():
    """The book's own pages never say that a widget on the page moves (issue 16 §1)."""
    promises = re.compile(r"update as you move|move (a|the) (handle|slider)s? and", re.IGNORECASE)
    for page in sorted((ROOT / "book").glob("*.md")):
        assert not promises.search(page.read_text(encoding="utf-8")), page.name


# --- the preparation steps -------------------------------------------------------------------


def test_prepare_folds_solutions_and_drops_verdicts():
    verdict = new_output("stream", text="✓ Exercise 9.1: correct.")
    nb = new_notebook(cells=[
        new_code_cell("answer_9_1 = 4\nanswer_9_1", metadata={"tags": ["solution"]},
                      outputs=[new_output("execute_result", data={"text/plain": "4"}, execution_count=1)]),
        new_code_cell('check("9.1", answer_9_1)', metadata={"tags": ["check"]}, outputs=[verdict]),
        new_code_cell("x = 1", outputs=[new_output("stream", text="kept")]),
    ])  # fmt: skip
    book = build_book.prepare(nb)
    assert [cell.metadata.get("tags") for cell in book.cells] == [["solution", "hide-cell"], ["check"], None]
    assert [len(cell.outputs) for cell in book.cells] == [1, 0, 1]
    assert len(nb.cells[1].outputs) == 1  # the stored notebook is not changed


def test_slides_leave_out_solutions_and_checks(tmp_path):
    nb = new_notebook(cells=[
        new_markdown_cell("# Demo"),
        new_code_cell("answer_9_1 = 'SECRET'", metadata={"tags": ["solution"]}),
        new_code_cell('check("9.1", answer_9_1)', metadata={"tags": ["check"]},
                      outputs=[new_output("stream", text="✓ Exercise 9.1: correct.")]),
    ])  # fmt: skip
    notebook = tmp_path / "99_demo.ipynb"
    nbformat.write(nb, notebook)
    deck = build_slides.build_deck(notebook, tmp_path, build_slides.exporter()).read_text(encoding="utf-8")
    assert "Demo" in deck
    assert "SECRET" not in deck and "✓" not in deck and "check(" not in deck


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_every_heading_starts_a_slide(notebook):
    """Slide breaks are stored in the notebooks (nbconvert reads them): a new heading must carry one."""
    nb = nbformat.read(notebook, as_version=4)
    missing = [cell.source.splitlines()[0] for cell in nb.cells
               if cell.cell_type == "markdown" and re.match(r"\s*#+\s", cell.source)
               and cell.metadata.get("slideshow", {}).get("slide_type") not in ("slide", "subslide")]
    assert missing == [], f"headings without a slide type (set it in JupyterLab's Property Inspector): {missing}"
