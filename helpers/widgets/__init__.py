"""Interactive widgets: thin ipywidgets front ends to plain, tested functions.

Each widget follows one pattern. The computation is a plain function of its
module's topic (tested directly, usable without Jupyter); the widget only
creates the controls, calls that function whenever a control changes, and
shows the result. See :mod:`helpers.widgets.base`.

``from helpers.widgets import ahp_widget`` imports only the module that
defines it (here ``helpers.widgets.ahp``), so a chapter does not pay for the
libraries of another chapter's widgets (scikit-learn, statsmodels, ...).
"""

import importlib

# Widget name -> the module of helpers.widgets that defines it.
_WIDGET_MODULES = {
    "ahp_widget": "ahp",
    "gap_widget": "gap",
    "relationship_level_widget": "relationship",
    "retention_widget": "retention",
    "segmentation_widget": "segmentation",
}

__all__ = sorted(_WIDGET_MODULES)


def __getattr__(name: str):
    """Import a widget's module the first time the widget is asked for (PEP 562)."""
    if name not in _WIDGET_MODULES:
        raise AttributeError(f"module 'helpers.widgets' has no attribute {name!r}")
    module = importlib.import_module(f"helpers.widgets.{_WIDGET_MODULES[name]}")
    return getattr(module, name)
