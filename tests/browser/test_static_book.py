"""The built book, opened in a real browser with the internet blocked.

Every page must load with no request leaving the machine; each chapter's page
must typeset its formulas, show its figures and draw the stored snapshot of
its widgets. (The slides: ``test_static_slides.py``; the two run in parallel.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from static_ui import (
    MATH,
    NOTEBOOKS,
    SETTLE_MS,
    WIDGET,
    has_math,
    has_widget_state,
    image_widths,
    open_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def book_site(built_book: Path, static_server) -> Path:
    """The book of this run (``tests/conftest.py``), in the folder `static_server` serves."""
    assert built_book.parent == static_server.root
    return built_book


def test_every_book_page_loads_offline(page, book_site, static_server):
    """The pages around the chapters (the chapters: the next test) load with no request leaving the machine."""
    book_pages = sorted(p.relative_to(book_site) for p in book_site.rglob("*.html")
                        if "_static" not in p.parts and p.parent.name != "notebooks")  # fmt: skip
    assert book_pages
    for relative in book_pages:
        open_page(page, f"{static_server.url}book/{relative.as_posix()}")
        # index.html only redirects to intro.html: wait for the page that has content
        page.locator("main, article").first.wait_for(timeout=SETTLE_MS)
        assert page.locator("main, article").count() > 0, relative
    assert page.external_requests == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_book_chapter_shows_figures_math_and_widgets(page, book_site, static_server, notebook):
    """A chapter's book page loads offline and shows its figures, formulas and stored widgets."""
    assert (book_site / "notebooks" / f"{notebook.stem}.html").is_file()
    open_page(page, f"{static_server.url}book/notebooks/{notebook.stem}.html")
    page.locator("main, article").first.wait_for(timeout=SETTLE_MS)
    widths = image_widths(page)
    assert all(width > 0 for width in widths), f"broken images: {widths}"
    if has_math(notebook):
        page.locator(MATH).first.wait_for(timeout=SETTLE_MS)
    if has_widget_state(notebook):  # chapter 02's AHP sliders, drawn from the stored state
        page.locator(".widget-slider" if notebook.stem == "02_customer_value" else WIDGET).first.wait_for(
            timeout=SETTLE_MS)
    assert page.external_requests == []
