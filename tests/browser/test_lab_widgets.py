"""The chapters' widgets work in a real JupyterLab, driven as a student would.

One JupyterLab serves a temporary folder for this module. Each test writes a
small notebook that builds one widget exactly as its chapter does
(``jupyter_ui.WIDGETS``; the chapters themselves are run by nbval), opens it,
runs all cells from the Run menu, moves one control, and checks that the
widget then shows what the plain, tested function returns for the new
setting. The expected numbers are computed here by calling that function,
never pasted.
"""

from __future__ import annotations

import pytest
from jupyter_ui import (
    check_ahp_widget_answers,
    kernel_print,
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

@pytest.fixture(autouse=True)
def fresh_kernels(lab):
    """Each test starts its own kernel; none is left running for the next one."""
    yield
    shut_down_kernels(lab.url, lab.token)


def test_retention_widget_follows_the_retention_slider(page, lab):
    """Chapter 01: one step right on the retention slider re-computes the CLV."""
    open_notebook(page, lab.url, lab.token, widget_notebook(lab.root, "retention"))
    run_all_cells(page)
    panel = widget_panel(page, "Retention economics")
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


def test_ahp_widget_follows_a_judgment_slider(page, lab):
    """Chapter 02: the AHP weights and CR follow a pairwise-judgment slider."""
    open_notebook(page, lab.url, lab.token, widget_notebook(lab.root, "ahp"))
    run_all_cells(page)
    check_ahp_widget_answers(page)


def test_gap_widget_follows_the_segment_menu(page, lab):
    """Chapter 03: choosing another segment shows that segment's SERVQUAL gaps and score."""
    survey = "sq"  # as in chapter 03 and jupyter_ui.WIDGETS
    open_notebook(page, lab.url, lab.token, widget_notebook(lab.root, "gap"))
    run_all_cells(page)
    panel = widget_panel(page, "SERVQUAL gaps")
    menu = panel.locator(".widget-dropdown", has=page.get_by_text("Segment", exact=True)).locator("select")
    options = menu.locator("option").all_inner_texts()
    before = wait_for_output(panel, "weighted SERVQUAL score")
    segment = options[-1]  # "All" comes first: take the last segment

    menu.select_option(label=segment)

    expected = kernel_print(
        page,
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


def test_segmentation_widget_follows_the_k_slider(page, lab):
    """Chapter 04: one more segment (k slider right) gives k-means' silhouette for that k."""
    customers = "rfm"  # as in jupyter_ui.WIDGETS
    open_notebook(page, lab.url, lab.token, widget_notebook(lab.root, "segmentation"))
    run_all_cells(page)
    panel = widget_panel(page, "k-means segmentation")
    k_slider = slider(panel, "k")
    before = wait_for_output(panel, "silhouette = ")
    k = int(readout(k_slider)) + 1

    press_slider(k_slider, "ArrowRight")

    expected = kernel_print(
        page,
        "from helpers.widgets.segmentation import SegmentationExplorer\n"
        f"_explorer = SegmentationExplorer({customers})\n"
        f"_result, _profile = _explorer.segment(_explorer.features, {k})\n"
        f"print(f\"features: {{', '.join(_explorer.features)}}   k = {k}   silhouette = {{_result.silhouette:.3f}}\")",
    ).strip()
    after = wait_for_output(panel, expected)
    assert after != before
    assert int(readout(k_slider)) == k
