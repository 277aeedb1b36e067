"""tools/execute.py stores byte-stable notebooks (CI re-executes and checks ``git status``).

Two executions of the same notebook differ in the random widget model ids
(uuid4), in the cells' timing metadata and in where the kernel happened to
split printed text into messages. These tests build two such executions by
hand and check that :func:`make_stable` turns both into the same notebook,
with every reference to a widget still pointing at the right model.
"""

from __future__ import annotations

import importlib.util
import json
import uuid
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"


def _tool():
    spec = importlib.util.spec_from_file_location("execute", ROOT / "tools" / "execute.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


execute = _tool()


def _executed(split_print: bool) -> nbformat.NotebookNode:
    """A notebook as one execution leaves it: a slider in a box, fresh random ids, timings."""
    box, slider, layout, output = (uuid.uuid4().hex for _ in range(4))
    state = {
        box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}", f"IPY_MODEL_{output}"],
                                                    "layout": f"IPY_MODEL_{layout}"}},
        slider: {"model_name": "IntSliderModel", "state": {"value": 3, "layout": f"IPY_MODEL_{layout}"}},
        layout: {"model_name": "LayoutModel", "state": {}},
        output: {"model_name": "OutputModel", "state": {"outputs": [
            {"output_type": "stream", "name": "stdout", "text": "n = 3\n"}]}},
        uuid.uuid4().hex: {"model_name": "LayoutModel", "state": {"width": "10px"}},  # shown nowhere
    }
    prints = ([new_output("stream", name="stdout", text="a\n"), new_output("stream", name="stdout", text="b\n")]
              if split_print else [new_output("stream", name="stdout", text="a\nb\n")])
    cells = [
        new_code_cell("panel", outputs=[new_output("execute_result", execution_count=1, data={
            VIEW: {"model_id": box, "version_major": 2, "version_minor": 0}, "text/plain": "VBox()"})]),
        new_code_cell("print('a'); print('b')", outputs=prints),
    ]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # cell ids come from the file, the same in both runs
        cell.metadata["execution"] = {"iopub.status.busy": str(uuid.uuid4())}
    nb = new_notebook(cells=cells)
    nb.metadata["widgets"] = {STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb)


def test_two_executions_are_stored_identically():
    first, second = _executed(split_print=True), _executed(split_print=False)
    assert _text(first) != _text(second)
    execute.make_stable(first, "07_example")
    execute.make_stable(second, "07_example")
    assert _text(first) == _text(second)


def test_widget_references_stay_consistent():
    nb = _executed(split_print=False)
    execute.make_stable(nb, "07_example")
    state = nb.metadata["widgets"][STATE]["state"]
    shown = nb.cells[0].outputs[0]["data"][VIEW]["model_id"]
    assert shown in state and state[shown]["model_name"] == "VBoxModel"
    referenced = {ref.removeprefix("IPY_MODEL_") for model in state.values()
                  for ref in json.dumps(model).split('"') if ref.startswith("IPY_MODEL_")}
    assert referenced <= set(state)
    assert len(state) == 5
    # The first model reached from the outputs gets number 0; ids differ between notebooks.
    assert shown == uuid.uuid5(uuid.NAMESPACE_URL, "crm-workbook/07_example/0").hex
    other = _executed(split_print=False)
    execute.make_stable(other, "08_other")
    assert not set(state) & set(other.metadata["widgets"][STATE]["state"])


def test_timings_and_split_prints_are_removed():
    nb = _executed(split_print=True)
    execute.make_stable(nb, "07_example")
    assert all("execution" not in cell.metadata for cell in nb.cells)
    assert [output["text"] for output in nb.cells[1].outputs] == ["a\nb\n"]


def test_kernel_temp_paths_are_replaced():
    outputs = [new_output("stream", name="stderr", text="/tmp/ipykernel_4242/1234567.py:3: UserWarning: x\n")]
    assert execute.coalesce_streams(outputs)[0]["text"] == "<ipykernel>:3: UserWarning: x\n"
