"""The built slides, opened in a real browser with the internet blocked.

Every deck must run with no request leaving the machine, show its figures,
formulas and widget snapshots, and every slide must fit its box at a laptop's
1366×768. (The book: ``test_static_book.py``; the two run in parallel.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from static_ui import (
    MATH,
    NOTEBOOKS,
    ROOT,
    SETTLE_MS,
    WIDGET,
    has_math,
    has_widget_state,
    image_widths,
    open_page,
)

pytestmark = pytest.mark.browser

MIN_ZOOM = 0.3  # below this a projected slide is unreadable


@pytest.fixture(scope="session")
def slides_site(built_slides: Path, static_server) -> Path:
    """The slides of this run (``tests/conftest.py``), in the folder `static_server` serves."""
    assert built_slides.parent == static_server.root
    return built_slides


# Visit every slide without transitions, fit it, and measure its content against the slide box.
_MEASURE_SLIDES = """async () => {
  Reveal.configure({transition: "none", backgroundTransition: "none"});
  const area = () => document.querySelector(".reveal .slides").getBoundingClientRect();
  const slides = [];
  for (const slide of Reveal.getSlides()) {
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    window.fitSlide(slide);
    const box = slide.querySelector(":scope > .fit-box"), outer = area(), inner = box.getBoundingClientRect();
    slides.push({where: "#/" + at.h + "/" + at.v, zoom: Number(slide.dataset.fitZoom),
                 top: inner.top - outer.top, bottom: outer.bottom - inner.bottom,
                 left: inner.left - outer.left, right: outer.right - inner.right,
                 sideways: box.scrollWidth - box.clientWidth, text: box.innerText});
  }
  return slides;
}"""


MEASURED: dict[str, list[dict]] = {}
"""Each deck's slide measurements, taken once per test session (the AHP test reads chapter 02's)."""


def slides_of(page: object, base_url: str, notebook: Path) -> list[dict]:
    """Open a deck at 1366×768 once its widgets and figures are drawn; measure every slide."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, f"{base_url}slides/{notebook.stem}.slides.html")
    page.locator(".reveal.ready").wait_for(state="attached", timeout=SETTLE_MS)
    widths = image_widths(page)
    assert all(width > 0 for width in widths), f"broken images: {widths}"
    if has_math(notebook):
        page.locator(MATH).first.wait_for(state="attached", timeout=SETTLE_MS)
    if has_widget_state(notebook):  # chapter 02's AHP sliders, drawn from the stored state
        widget = ".widget-slider" if notebook.stem == "02_customer_value" else WIDGET
        page.locator(widget).first.wait_for(state="attached", timeout=SETTLE_MS)
    MEASURED[notebook.stem] = page.evaluate(_MEASURE_SLIDES)
    return MEASURED[notebook.stem]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_deck_runs_offline_and_every_slide_fits(page, slides_site, static_server, notebook):
    """The deck runs with no request leaving the machine, and no slide's content overflows it (issue 16 §1)."""
    slides = slides_of(page, static_server.url, notebook)
    assert len(slides) > 1
    overflowing = [(s["where"], s["text"][:50]) for s in slides
                   if min(s["top"], s["bottom"], s["left"], s["right"]) < -1 or s["sideways"] > 1]  # fmt: skip
    assert overflowing == [], f"slides whose content overflows: {overflowing}"
    smallest = min(slides, key=lambda s: s["zoom"])
    assert smallest["zoom"] >= MIN_ZOOM, (
        f"slide {smallest['where']} ({smallest['text'][:40]!r}) had to shrink to {smallest['zoom']:.0%}: "
        "split it (a stored slide type) or shorten its output"
    )
    page.evaluate("() => Reveal.slide(0, 0)")
    page.keyboard.press("ArrowRight")  # reveal.js answers: the deck is live
    page.wait_for_function("() => location.hash.startsWith('#/1')", timeout=SETTLE_MS)
    assert page.errors == []
    assert page.external_requests == []


def test_ahp_slide_shows_weights_and_cr(page, slides_site, static_server):
    """The AHP widget's slide shows, inside the slide box, every weight and the CR."""
    notebook = ROOT / "notebooks" / "02_customer_value.ipynb"
    slides = MEASURED.get(notebook.stem) or slides_of(page, static_server.url, notebook)
    ahp = [s for s in slides if "Pairwise judgments" in s["text"]]
    assert ahp, "no slide shows the AHP widget"
    slide = ahp[0]
    assert min(slide["top"], slide["bottom"], slide["left"], slide["right"]) >= -1, slide["where"]
    assert "CR = " in slide["text"] and "Weights" in slide["text"]
    weights = re.findall(r"\b0\.\d{3}\b", slide["text"])
    assert len(weights) >= 6, f"expected the six criteria's weights on {slide['where']}: {weights}"


def test_slides_index_links_every_deck(page, slides_site, static_server):
    open_page(page, f"{static_server.url}slides/index.html")
    links = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == [f"{nb.stem}.slides.html" for nb in NOTEBOOKS]
    assert page.external_requests == []
