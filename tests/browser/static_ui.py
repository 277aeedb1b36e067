"""What the browser tests of the built slides and book share (``test_static_slides``, ``test_static_book``).

The sites are built once per test run (``built_slides`` and ``built_book`` in
``tests/conftest.py``) and served by ``python -m http.server`` on 127.0.0.1
(``static_server`` in ``tests/browser/conftest.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MATH = "mjx-container, .MathJax, .MathJax_CHTML, .MathJax_Display"
WIDGET = ".widget-slider, .jupyter-widgets"
SETTLE_MS = 300_000  # the longest a page may take to typeset and draw widgets (polled; saturated machine)


def has_widget_state(notebook: Path) -> bool:
    return "widgets" in json.loads(notebook.read_text(encoding="utf-8"))["metadata"]


def has_math(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return any(cell["cell_type"] == "markdown" and "$" in "".join(cell["source"]) for cell in cells)


def open_page(page: object, url: str) -> None:
    """Open `url` and wait for its load event; each test then waits for what it checks.

    (Not "network idle": on a saturated machine a deck's many small requests may
    never leave a quiet half second, and readiness is what the page shows.)
    """
    page.goto(url, wait_until="load")


def image_widths(page: object) -> list[int]:
    """naturalWidth of every <img> once loaded (0 means a broken image)."""
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=SETTLE_MS)
    return page.evaluate("() => Array.from(document.images).map(i => i.naturalWidth)")
