"""Helpers for the CRM analytics workbook.

The chapter notebooks import small, tested functions from the modules of this
package, one module per topic:

- :mod:`helpers.data` loads the datasets of ``data/``;
- :mod:`helpers.datasets` regenerates the synthetic ones;
- :mod:`helpers.pareto`, :mod:`helpers.value`, :mod:`helpers.rfm`, ... compute;
- :mod:`helpers.check` tells a student whether an exercise answer is right;
- :mod:`helpers.widgets` wires interactive controls to the plain functions;
- :mod:`helpers.plotting` sets one plot style for the whole course.
"""

from helpers.check import check
from helpers.data import DATA_DIR, list_datasets, load

__all__ = ["DATA_DIR", "check", "list_datasets", "load"]
__version__ = "0.1.0"
