"""The chapters' widgets in a real JupyterLab, on a laptop screen, driven as a student would.

One JupyterLab page at 1366×768 opens one notebook that builds every widget
exactly as its chapter does (``jupyter_ui.WIDGETS``; the chapters themselves
are run by nbval), each below a tall text cell so that it starts below the
fold as in a chapter, and runs it once from the Run menu. Each test then
drives its own widget only:

- **behaviour**: it moves one control and checks that the widget shows what
  the plain, tested function returns for the new setting (the expected
  numbers are computed here by calling that function, never pasted);
- **layout** (issue 16 §2): it scrolls down until the widget's bottom edge
  just shows at the bottom of the screen (where a reader scrolling down
  stops: if the widget is taller than the screen, its top is gone), moves
  the widget's LAST control with the keyboard, and checks that the results
  (the output area) are wholly inside the notebook's visible area (for AHP,
  with the consistency warning after an inconsistent judgment), that no
  label is cut and that the sliders' ranges are written on screen.

A screenshot of each widget after the last move is saved as
``<basetemp>/widget_layout/<widget>.png`` (pytest's temporary folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_ui import (
    RUN_TIMEOUT,
    WIDGETS,
    check_ahp_widget_answers,
    kernel_print,
    offline_page,
    open_notebook,
    press_slider,
    readout,
    run_all_cells,
    shut_down_kernels,
    slider,
    wait_for_output,
    widget_notebook,
    widget_panel,
)

from helpers.widgets.retention import retention_summary

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the screenshots."""
    return tmp_path_factory.mktemp("widget_layout", numbered=False)


@pytest.fixture(scope="module")
def laptop(browser: object, lab: object) -> Iterator[object]:
    """A 1366×768 page with every widget built and drawn; requests leaving 127.0.0.1 are aborted."""
    page = offline_page(browser, LAPTOP, RUN_TIMEOUT)
    open_notebook(page, lab.url, lab.token, widget_notebook(lab.root, list(WIDGETS), filler=True))
    run_all_cells(page)
    yield page
    page.context.close()
    shut_down_kernels(lab.url, lab.token)


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


def check_layout(page: object, name: str, shots: Path) -> None:
    """Move the LAST control of widget `name`, scrolled as a reader stops; its results stay in view."""
    _, title, ranges = WIDGETS[name]
    panel = widget_panel(page, title)
    results = panel.locator(".widget-output").first
    results.locator(".jp-OutputArea-output").first.wait_for(timeout=RUN_TIMEOUT)
    before = results.inner_text()

    handle = panel.locator(".widget-slider").last.locator(".noUi-handle").first
    handle.focus()
    scroll_to_bottom_edge(page, panel)
    # AHP: pull the last judgment to the far left (years of cooperation 9x satisfaction): inconsistent.
    for _ in range(16 if name == "ahp" else 1):
        handle.press("ArrowLeft")
    page.wait_for_function("([el, text]) => el.innerText !== text", arg=[results.element_handle(), before],
                           timeout=RUN_TIMEOUT, polling=250)
    warning = results.get_by_text(re.compile("CR = .* ≥ 0.1"))
    if name == "ahp":
        warning.wait_for(timeout=RUN_TIMEOUT)
    page.wait_for_timeout(500)  # let the layout settle after the redraw

    page.screenshot(path=str(shots / f"{name}.png"))
    area = visible_area(page)
    assert inside(handle.bounding_box(), area), "the moved control is on screen"
    assert inside(results.bounding_box(), area), f"{name}: the results left the screen while the last control moved"
    if name == "ahp":
        assert inside(warning.bounding_box(), area)
    assert cut_labels(panel) == [], f"{name}: labels cut"
    text = panel.inner_text()
    for written in ranges:
        assert written in text, f"{name}: the range {written!r} is not on screen"
    assert page.external_requests == []


def test_retention_widget_follows_the_retention_slider_and_fits(laptop, shots):
    """Chapter 01: one step right on the retention slider re-computes the CLV."""
    panel = widget_panel(laptop, "Retention economics")
    retention = slider(panel, "retention rate")
    margin = float(readout(slider(panel, "margin")))
    discount = float(readout(slider(panel, "discount rate")))
    before = float(readout(retention))

    press_slider(retention, "ArrowRight")

    after = round(before + 0.01, 2)
    expected = retention_summary(after, margin, discount)
    text = wait_for_output(panel, f"= {expected['clv']:,.2f}")
    assert float(readout(retention)) == pytest.approx(after)
    assert f"{margin:g} × {after:.2f} / (1 + {discount:.2f} − {after:.2f})" in text
    assert f"first 20 periods: {expected['value_in_horizon']:,.2f}" in text
    check_layout(laptop, "retention", shots)


def test_relationship_widget_fits(laptop, shots):
    """Chapter 01: the relationship-level widget's results stay in view (its numbers: test_widgets_ch01)."""
    check_layout(laptop, "relationship", shots)


def test_ahp_widget_follows_a_judgment_slider_and_fits(laptop, shots):
    """Chapter 02: the AHP weights and CR follow a pairwise-judgment slider."""
    check_ahp_widget_answers(laptop)
    check_layout(laptop, "ahp", shots)


def test_gap_widget_follows_the_segment_menu_and_fits(laptop, shots):
    """Chapter 03: choosing another segment shows that segment's SERVQUAL gaps and score."""
    survey = "sq"  # as in chapter 03 and jupyter_ui.WIDGETS
    panel = widget_panel(laptop, "SERVQUAL gaps")
    menu = panel.locator(".widget-dropdown", has=laptop.get_by_text("Segment", exact=True)).locator("select")
    options = menu.locator("option").all_inner_texts()
    before = wait_for_output(panel, "weighted SERVQUAL score")
    segment = options[-1]  # "All" comes first: take the last segment

    menu.select_option(label=segment)

    expected = kernel_print(
        laptop,
        "from helpers.widgets.gap import describe, gap_report, segment_tables\n"
        f"_table, _importance = segment_tables({survey})[{segment!r}]\n"
        f"_report = gap_report(_table, _importance, segment={segment!r})\n"
        "print(describe(_report))\n"
        "print('\\n'.join(f'{g:+.2f}' for g in _report.table['gap']))",
    ).splitlines()
    after = wait_for_output(panel, expected[0])
    assert after != before
    for gap in expected[1:]:
        assert gap in after
    check_layout(laptop, "gap", shots)


def test_segmentation_widget_follows_the_k_slider_and_fits(laptop, shots):
    """Chapter 04: one more segment (k slider right) gives k-means' silhouette for that k."""
    customers = "rfm"  # as in jupyter_ui.WIDGETS
    panel = widget_panel(laptop, "k-means segmentation")
    k_slider = slider(panel, "k")
    before = wait_for_output(panel, "silhouette = ")
    k = int(readout(k_slider)) + 1

    press_slider(k_slider, "ArrowRight")

    expected = kernel_print(
        laptop,
        "from helpers.widgets.segmentation import SegmentationExplorer\n"
        f"_explorer = SegmentationExplorer({customers})\n"
        f"_result, _profile = _explorer.segment(_explorer.features, {k})\n"
        f"print(f\"features: {{', '.join(_explorer.features)}}   k = {k}   silhouette = {{_result.silhouette:.3f}}\")",
    ).strip()
    after = wait_for_output(panel, expected)
    assert after != before
    assert int(readout(k_slider)) == k
    check_layout(laptop, "segmentation", shots)
