"""A chapter opened in JupyterLab shows its widgets before anything is run (issue 10 §5).

The notebooks are stored with their widget state (``metadata.widgets``,
``application/vnd.jupyter.widget-state+json``, written by ``tools/execute.py``);
JupyterLab's widget manager restores it when the notebook opens, so a
student sees each widget's last view instead of ``VBox(children=(...`` text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jupyter_ui import RUN_TIMEOUT, open_notebook, shut_down_kernels

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def test_stored_chapter_opens_with_its_widgets_drawn(page, stored_lab):
    notebook = NOTEBOOKS / "02_customer_value.ipynb"
    assert "widgets" in json.loads(notebook.read_text(encoding="utf-8"))["metadata"], (
        "chapter 02 is stored without widget state: run tools/execute.py on it"
    )
    try:
        open_notebook(page, stored_lab.url, stored_lab.token, notebook.name)
        slider = page.locator(".jp-OutputArea-output .widget-slider").first
        slider.wait_for(state="attached", timeout=RUN_TIMEOUT)
        assert page.locator(".jp-OutputArea-output", has_text="Pairwise judgments").count() > 0
        assert page.get_by_text("VBox(children=").count() == 0, "a widget shows as text, not drawn"
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.external_requests == []
    finally:
        shut_down_kernels(stored_lab.url, stored_lab.token)
