"""Interactive widgets: thin ipywidgets front ends to plain, tested functions.

Each widget follows one pattern. The computation is a plain function of its
module's topic (tested directly, usable without Jupyter); the widget only
creates the controls, calls that function whenever a control changes, and
shows the result. See :mod:`helpers.widgets.base`.
"""

__all__: list[str] = []
