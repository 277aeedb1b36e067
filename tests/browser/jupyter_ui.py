"""Small steps a person takes in JupyterLab or Voilà, for the browser tests.

Selectors: a widget panel is the innermost ``.widget-vbox`` holding its
title; a slider is ``.widget-slider`` whose handle ``.noUi-handle`` answers
ArrowLeft / ArrowRight; its value shows in ``.widget-readout``; a dropdown
is a ``.widget-dropdown select``; a panel's printed and drawn result is in
its ``.widget-output``.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat

from helpers.widgets.ahp import DEFAULT_CRITERIA, DEFAULT_JUDGMENTS, ahp_view, slider_to_judgment

RUN_TIMEOUT = 600_000  # ms: a whole chapter run in the kernel, on a saturated 2-core machine (polled)


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def offline_page(browser: object, viewport: dict[str, int], timeout_ms: int) -> object:
    """A page in a fresh context that aborts every request leaving 127.0.0.1.

    Aborted addresses are counted in ``page.external_requests``, page errors in
    ``page.errors``; the caller closes ``page.context``.
    """
    page = browser.new_context(viewport=viewport).new_page()
    page.external_requests = []
    page.errors = []

    def route(request_route: object) -> None:
        url = request_route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL_HOSTS:
            request_route.continue_()
        else:
            page.external_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(timeout_ms)
    page.set_default_navigation_timeout(timeout_ms)
    return page


def open_notebook(page: object, base_url: str, token: str, name: str) -> None:
    """Open ``name`` alone in a fresh JupyterLab workspace and wait until its kernel is idle.

    A workspace of its own (reset) keeps tabs that other tests opened from
    coming back.
    """
    workspace = "test-" + re.sub(r"\W", "-", Path(name).stem)
    page.goto(f"{base_url}lab/workspaces/{workspace}/tree/{name}?token={token}&reset")
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


def output_text(panel: object, area: str = ".widget-output") -> str:
    """Return the text shown in the panel's output area (`area`: its CSS selector)."""
    return panel.locator(area).last.inner_text()


def wait_for_output(panel: object, expected: str, area: str = ".widget-output", timeout: int = RUN_TIMEOUT) -> str:
    """Wait until the panel's output area contains `expected`; return the area's text."""
    panel.locator(area, has_text=expected).last.wait_for(timeout=timeout)
    return output_text(panel, area)


def widget_argument(notebook: Path, function: str) -> str:
    """Return the argument of the chapter's ``function(...)`` call, e.g. ``sq`` in ``gap_widget(sq)``.

    Raises
    ------
    AssertionError
        If the notebook has no such call with a single plain name as argument.
    """
    pattern = re.compile(rf"^\s*{function}\((\w+)\)\s*$", re.MULTILINE)
    for cell in nbformat.read(notebook, as_version=4).cells:
        match = pattern.search(cell.source) if cell.cell_type == "code" else None
        if match:
            return match.group(1)
    raise AssertionError(f"{notebook.name} has no cell calling {function}(<name>)")


def kernel_print(page: object, code: str) -> str:
    """Run `code` in the open notebook's kernel (not in a cell) and return what it printed.

    The tests use it to call a chapter's plain function on the chapter's own
    data, for the expected numbers; an exception in `code` fails the test.
    """
    text = page.evaluate(
        """async (code) => {
            const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const future = kernel.requestExecute({code, silent: false, store_history: false});
            let out = "";
            future.onIOPub = (msg) => {
                if (msg.header.msg_type === "stream") { out += msg.content.text; }
                if (msg.header.msg_type === "error") {
                    out += "KERNEL ERROR " + msg.content.ename + ": " + msg.content.evalue;
                }
            };
            await future.done;
            return out;
        }""",
        code,
    )
    if "KERNEL ERROR" in text:
        raise AssertionError(f"the kernel could not run:\n{code}\n{text}")
    return text


def shut_down_kernels(base_url: str, token: str) -> None:
    """Shut down every kernel of a JupyterLab server (frees the CPU between tests)."""
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base_url}api/kernels", headers=headers)) as reply:
        kernels = json.load(reply)
    for kernel in kernels:
        request = urllib.request.Request(f"{base_url}api/kernels/{kernel['id']}", headers=headers, method="DELETE")
        urllib.request.urlopen(request).close()


# --- checks shared by the JupyterLab and Voilà tests -------------------------------------------


def expected_ahp_text(judgments: list[float]) -> list[str]:
    """What the AHP view must show for these judgments: every weight and CR, 3 decimals."""
    view = ahp_view(DEFAULT_CRITERIA, judgments)
    return [f"{weight:.3f}" for weight in view["weights"]] + [f"CR = {view['result'].cr:.3f}"]


def check_ahp_widget_answers(page: object) -> None:
    """Move the first AHP slider one step right; the weights and CR become ahp_view's."""
    panel = widget_panel(page, "Pairwise judgments")
    view = ".widget-output"
    before = wait_for_output(panel, "CR = ", area=view)
    for text in expected_ahp_text(list(DEFAULT_JUDGMENTS)):
        assert text in before

    first = panel.locator(".widget-slider").first
    press_slider(first, "ArrowRight")

    # gross profit vs sales volume: judgment 2 (position -1) becomes 1 (position 0, equal)
    judgments = [slider_to_judgment(0), *DEFAULT_JUDGMENTS[1:]]
    expected = expected_ahp_text(judgments)
    after = wait_for_output(panel, expected[-1], area=view)
    assert after != before
    for text in expected:
        assert text in after


# --- small notebooks that build one widget as its chapter does -------------------------------
# The browser tests run these instead of whole chapters: the chapters are executed by nbval
# already, and a widget needs only its own few lines.

SETUP = """\
from helpers.data import load
from helpers.plotting import use_style
use_style()
"""

FILLER = "## Reading before the widget\n\n" + "\n\n".join(
    f"Paragraph {i}: text a student reads before reaching the widget." for i in range(1, 25))

# name -> (code that builds the widget as its chapter does, text in its title, ranges written on screen)
WIDGETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ahp": ("from helpers.ahp import DEFAULT_CRITERIA\nfrom helpers.widgets import ahp_widget\n"
            "ahp_widget(DEFAULT_CRITERIA)", "Pairwise judgments", ("9", "1")),
    "gap": ("from helpers.widgets import gap_widget\nsq = load('servqual')\ngap_widget(sq)",
            "SERVQUAL gaps", ("−2 … +2",)),
    "segmentation": ("from helpers.rfm import rfm_table\nfrom helpers.widgets import segmentation_widget\n"
                     "rfm = rfm_table(load('transactions'))\nsegmentation_widget(rfm)",
                     "k-means segmentation", ("k from 2 to 8",)),
    "retention": ("from helpers.widgets import retention_widget\n"
                  "retention_widget(retention=0.80, margin=100.0, discount=0.10)",
                  "Retention economics", ("0.50 … 0.95", "10 … 500", "0.00 … 0.30")),
    "relationship": ("from helpers.widgets import relationship_level_widget\n"
                     "relationship_level_widget(n_customers=1000, margin=0.20)",
                     "Which level of relationship fits?", ("1 … 1,000,000", "0% … 60%")),
}


def widget_notebook(folder: Path, names: str | list[str], filler: bool = False) -> str:
    """Write a notebook building the widget(s) `names` (keys of WIDGETS) into `folder`; return its file name.

    With `filler`, a tall text cell comes before each widget, so that it starts below the fold as in a chapter.
    """
    names = [names] if isinstance(names, str) else list(names)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    for name in names:
        if filler:
            nb.cells.append(nbformat.v4.new_markdown_cell(FILLER))
        nb.cells.append(nbformat.v4.new_code_cell(WIDGETS[name][0]))
    path = folder / f"{'layout' if filler else 'widget'}_{'_'.join(names)}.ipynb"
    nbformat.write(nb, path)
    return path.name
