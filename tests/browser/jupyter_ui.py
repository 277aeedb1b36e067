"""Small steps a person takes in JupyterLab or Voilà, for the browser tests.

Selectors: a widget panel is the innermost ``.widget-vbox`` holding its
title; a slider is ``.widget-slider`` whose handle ``.noUi-handle`` answers
ArrowLeft / ArrowRight; its value shows in ``.widget-readout``; a dropdown
is a ``.widget-dropdown select``; a panel's printed and drawn result is in
its ``.widget-output``.
"""

from __future__ import annotations

import re

RUN_TIMEOUT = 120_000  # ms: a whole chapter run in the kernel, on a busy 2-core machine


def open_notebook(page: object, base_url: str, token: str, name: str) -> None:
    """Open ``name`` in JupyterLab and wait until its kernel is idle."""
    page.goto(f"{base_url}lab/tree/{name}?token={token}")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=RUN_TIMEOUT)
    page.wait_for_function(f"() => {_KERNEL_IDLE}", timeout=RUN_TIMEOUT)


# JupyterLab runs with expose_app_in_browser: the tests read the notebook's state from
# window.jupyterapp to know when a run is over (they act only through the page).
_NOTEBOOK = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
_KERNEL_IDLE = f"{_NOTEBOOK} && {_NOTEBOOK}.sessionContext.session?.kernel?.status === 'idle'"
_ALL_RUN = (
    f"{_KERNEL_IDLE} && Array.from({_NOTEBOOK}.content.model.cells)"
    ".every(c => c.type !== 'code' || !c.sharedModel.getSource().trim() || c.executionCount !== null)"
)


def run_all_cells(page: object) -> None:
    """Run → Run All Cells, as a person would, and wait until every code cell has run.

    The notebooks under test are copies with no stored outputs or execution
    counts, so the run is over when every non-empty code cell has a count and
    the kernel is idle.
    """
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(f"() => {_ALL_RUN}", timeout=RUN_TIMEOUT, polling=250)


def widget_panel(page: object, title: str) -> object:
    """Return the widget panel whose title contains `title` (the innermost box holding it)."""
    panel = page.locator(".widget-vbox", has=page.get_by_text(title)).last
    panel.wait_for(timeout=RUN_TIMEOUT)
    panel.scroll_into_view_if_needed()
    return panel


def slider(panel: object, description: str) -> object:
    """Return the slider of `panel` whose label contains `description`."""
    return panel.locator(".widget-slider", has=panel.page.get_by_text(description)).first


def press_slider(slider_widget: object, key: str = "ArrowRight", times: int = 1) -> None:
    """Focus a slider's handle and press `key` `times` times (one step each)."""
    handle = slider_widget.locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def readout(slider_widget: object) -> str:
    """Return the value a slider displays beside it."""
    return slider_widget.locator(".widget-readout").first.inner_text().strip()


def select(panel: object, description: str, label: str) -> None:
    """Choose the option `label` in the dropdown of `panel` whose label contains `description`."""
    dropdown = panel.locator(".widget-dropdown", has=panel.page.get_by_text(description)).first
    dropdown.locator("select").select_option(label=label)


def output_text(panel: object) -> str:
    """Return the text printed in the panel's output area."""
    return panel.locator(".widget-output").last.inner_text()


def wait_for_output(panel: object, expected: str, timeout: int = RUN_TIMEOUT) -> str:
    """Wait until the panel's output contains `expected`; return the output text."""
    panel.locator(".widget-output", has_text=expected).last.wait_for(timeout=timeout)
    return output_text(panel)
