"""The chapters' widgets work in a real JupyterLab, driven as a student would.

One JupyterLab serves a temporary copy of the notebooks for this module.
Each test opens its chapter, runs all cells from the Run menu, moves one
control, and checks that the widget then shows what the plain, tested
function returns for the new setting. The expected numbers are computed here
by calling that function, never pasted.
"""

from __future__ import annotations

import pytest
from jupyter_ui import (
    open_notebook,
    press_slider,
    readout,
    run_all_cells,
    slider,
    wait_for_output,
    widget_panel,
)

from helpers.widgets.retention import retention_summary

pytestmark = pytest.mark.browser


def test_retention_widget_follows_the_retention_slider(page, lab):
    """Chapter 01: one step right on the retention slider re-computes the CLV."""
    open_notebook(page, lab.url, lab.token, "01_relationship_marketing.ipynb")
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
    assert page.errors == []
