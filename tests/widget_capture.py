"""What a widget shows, caught outside a kernel: for the widget tests.

The widgets wire their controls with ``ipywidgets.interactive_output``, whose
render function calls ``display(...)``. Outside a kernel nothing draws it, but
an IPython shell still formats it: :func:`shown` catches the formatted output
of an action (building a widget, moving a control) so a test can read the
HTML the reader would see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import ipywidgets as widgets
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output


def shown(action: Callable[[], object]) -> tuple[object, str]:
    """Run `action`; return its result and the HTML it displayed last ("" if none)."""
    InteractiveShell.instance()
    with capture_output() as captured:
        result = action()
    htmls = [output.data["text/html"] for output in captured.outputs if "text/html" in output.data]
    return result, (htmls[-1] if htmls else "")


def controls(panel: widgets.Widget) -> list[widgets.ValueWidget]:
    """Every control of `panel` (sliders, menus), in display order."""
    found = []
    stack = [panel]
    while stack:
        widget = stack.pop(0)
        if isinstance(widget, (widgets.widget_int._Int, widgets.widget_float._Float,
                               widgets.widget_selection._Selection, widgets.widget_selection._MultipleSelection)):
            found.append(widget)
        stack[:0] = list(getattr(widget, "children", ()))
    return found


def walk(panel: widgets.Widget) -> Iterator[widgets.Widget]:
    """`panel` and every widget inside it."""
    yield panel
    for child in getattr(panel, "children", ()):
        yield from walk(child)
