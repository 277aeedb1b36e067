"""Interactive widgets: thin ipywidgets front ends to plain, tested functions.

Each widget follows one pattern. The computation is a plain function of its
module's topic (tested directly, usable without Jupyter); the widget only
creates the controls, calls that function whenever a control changes, and
shows the result. See :mod:`helpers.widgets.base`.
"""

from helpers.widgets.ahp import ahp_widget
from helpers.widgets.gap import gap_widget
from helpers.widgets.relationship import relationship_level_widget
from helpers.widgets.retention import retention_widget
from helpers.widgets.segmentation import segmentation_widget

__all__: list[str] = ["ahp_widget", "gap_widget", "relationship_level_widget", "retention_widget", "segmentation_widget"]
