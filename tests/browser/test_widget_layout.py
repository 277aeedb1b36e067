"""The widgets fit a laptop screen: 1366×768 in JupyterLab, results in view while the last control moves.

For each widget a small notebook is written into the test server's folder: a
tall text cell first (so the widget starts below the fold, as in a chapter),
then the widget built exactly as its chapter builds it. The test runs it,
scrolls down until the widget's bottom edge just shows at the bottom of the
screen (where a reader scrolling down stops: if the widget is taller than the
screen, its top is gone), moves the widget's LAST control with the keyboard,
and checks that

- the results (the output area) are wholly inside the notebook's visible area,
- for AHP, the consistency warning is among them after an inconsistent judgment,
- no label of the panel is cut (its text fits its box),
- the sliders' ranges are written on screen.

A screenshot of each is saved as ``<basetemp>/widget_layout/<widget>.png`` (pytest's temporary folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from jupyter_ui import (
    RUN_TIMEOUT,
    WIDGETS,
    open_notebook,
    run_all_cells,
    shut_down_kernels,
    widget_notebook,
    widget_panel,
)

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the screenshots, one per test session."""
    return tmp_path_factory.mktemp("widget_layout", numbered=False)


@pytest.fixture
def laptop(browser: object) -> Iterator[object]:
    """A 1366×768 page that aborts every request leaving 127.0.0.1."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()

    def route(request_route: object) -> None:
        url = request_route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL_HOSTS:
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.set_default_timeout(RUN_TIMEOUT)
    yield page
    context.close()


def visible_area(page: object) -> dict[str, float]:
    """The box of the notebook's scrolling area: what the reader sees of the notebook."""
    scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    return scroller.bounding_box()


def scroll_to_bottom_edge(page: object, element: object) -> None:
    """Scroll the notebook so that `element` ends just above the bottom of the visible area.

    A reader scrolling down the chapter stops once the whole widget has come
    up from the bottom of the screen: if it is taller than the screen, its
    top (where its results are) has gone. (Chromium's focus() centres the
    control instead, which would hide that.)
    """
    element.evaluate(
        """(el) => {
            const scroller = el.closest('.jp-WindowedPanel-outer');
            const gap = el.getBoundingClientRect().bottom - (scroller.getBoundingClientRect().bottom - 12);
            scroller.scrollTop += gap;
        }""")
    page.wait_for_timeout(300)


def inside(box: dict[str, float], area: dict[str, float], slack: float = 1.0) -> bool:
    return (box["x"] >= area["x"] - slack and box["y"] >= area["y"] - slack
            and box["x"] + box["width"] <= area["x"] + area["width"] + slack
            and box["y"] + box["height"] <= area["y"] + area["height"] + slack)


def cut_labels(panel: object) -> list[str]:
    """Texts of the panel whose box is narrower than the text (shown cut or with "…")."""
    return panel.evaluate(
        """(root) => Array.from(root.querySelectorAll('.widget-label, .widget-html-content, .widget-readout'))
              .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
              .map(e => e.textContent.trim())""")


@pytest.fixture(autouse=True)
def fresh_kernels(lab: object) -> Iterator[None]:
    yield
    shut_down_kernels(lab.url, lab.token)


@pytest.mark.parametrize("name", list(WIDGETS))
def test_results_stay_in_view_while_the_last_control_moves(laptop: object, lab: object, shots: Path,
                                                            name: str) -> None:
    _, title, ranges = WIDGETS[name]
    notebook = widget_notebook(lab.root, name, filler=True)
    open_notebook(laptop, lab.url, lab.token, notebook)
    run_all_cells(laptop)
    panel = widget_panel(laptop, title)
    results = panel.locator(".widget-output").first
    results.locator(".jp-OutputArea-output").first.wait_for(timeout=RUN_TIMEOUT)
    before = results.inner_text()

    last = panel.locator(".widget-slider").last
    handle = last.locator(".noUi-handle").first
    handle.focus()
    scroll_to_bottom_edge(laptop, panel)
    # AHP: pull the last judgment to the far left (years of cooperation 9x satisfaction): inconsistent.
    for _ in range(16 if name == "ahp" else 1):
        handle.press("ArrowLeft")
    laptop.wait_for_function("([el, text]) => el.innerText !== text", arg=[results.element_handle(), before],
                             timeout=RUN_TIMEOUT, polling=250)
    if name == "ahp":
        results.get_by_text(re.compile("CR = .* ≥ 0.1")).wait_for(timeout=RUN_TIMEOUT)
    laptop.wait_for_timeout(500)  # let the layout settle after the redraw

    laptop.screenshot(path=str(shots / f"{name}.png"))
    area = visible_area(laptop)
    assert inside(handle.bounding_box(), area), "the moved control is on screen"
    assert inside(results.bounding_box(), area), f"{name}: the results left the screen while the last control moved"
    if name == "ahp":
        warning = results.get_by_text(re.compile("CR = .* ≥ 0.1"))
        assert inside(warning.bounding_box(), area)
    assert cut_labels(panel) == [], f"{name}: labels cut"
    text = panel.inner_text()
    for written in ranges:
        assert written in text, f"{name}: the range {written!r} is not on screen"
