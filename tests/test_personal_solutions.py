"""Every stored exercise solution passes its check on a student's personal data too.

The answer keys are computed from data, and ``make student ROSTER=...`` gives each
student data of their own. A solution that matches its key only on the course's
data (the exercise states one rule and the key computes another, or two roundings
happen to agree) would tell such a student that a right answer is wrong: student
``s001``'s data showed two of these (exercises 1.8 and 5.5) before they were fixed.
Here each chapter runs top to bottom on that student's data with ``CRM_STRICT=1``,
so a check that fails raises.

It takes about 80 s, so ``make test`` leaves it out and CI runs it
(``make check-personal``); run it after changing an exercise or a generator.
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.datasets import write_all

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STUDENT = "s001"

sys.path.insert(0, str(ROOT / "tools"))

from kernel_client import PollingKernelManager  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.personal]


@pytest.fixture(scope="module")
def personal_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("personal-data")
    write_all(folder, student=STUDENT)
    return folder


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.stem)
def test_every_solution_passes_its_check_on_personal_data(notebook: Path, personal_data: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    env = {**os.environ, "CRM_DATA_DIR": str(personal_data), "CRM_STRICT": "1", "PYTHONHASHSEED": "0"}
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}},
                            kernel_manager_class=PollingKernelManager)
    # In a thread of its own: nbclient starts an event loop, and a browser test in this process may have one running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(client.execute, env=env).result()
        except CellExecutionError as error:
            pytest.fail(f"{notebook.name} on {STUDENT}'s data: {str(error).strip().splitlines()[-1]}")
