"""Re-run notebooks in place so that their stored outputs are current, byte-stably.

Usage: python tools/execute.py [--check] [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

Each notebook runs top to bottom in a fresh ``python3`` kernel, with
PYTHONHASHSEED=0 in ``notebooks/``, as the tests do, and keeps its widget state.
Re-executing an unchanged notebook changes no byte (:func:`make_stable`).
``--check`` writes nothing: it exits 1 naming the cells whose fresh outputs
differ from the stored ones beyond the rule of ``tools/nbcompare.py``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import nbformat
from kernel_client import PollingKernelManager
from nbcompare import align_numbers
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def run(path: Path, timeout: int = 600) -> Any:
    """Execute the notebook at `path` and return it, made byte-stable, without writing it."""
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("CRM_STRICT", None)
    nb = nbformat.read(path, as_version=4)
    ExecutePreprocessor(timeout=timeout, kernel_name="python3", store_widget_state=True, record_timing=False,
                        kernel_manager_class=PollingKernelManager).preprocess(nb, {"metadata": {"path": str(path.parent)}})
    make_stable(nb, path.stem)
    return nb


def execute(path: Path, timeout: int = 600) -> float:
    """Execute the notebook at `path` in place and return the seconds it took."""
    start = time.perf_counter()
    nb = run(path, timeout)
    nbformat.write(nb, path)
    return time.perf_counter() - start


IMAGES = ("image/png", "image/jpeg")


def _without_images(outputs: list[Any]) -> list[Any]:
    return [{**output, "data": {k: v for k, v in output["data"].items() if k not in IMAGES}}
            if "data" in output else output for output in outputs]


def differences(stored: Any, fresh: Any) -> list[str]:
    """Where `fresh` differs from `stored` beyond the last-digit rule of tools/nbcompare.py."""
    if len(stored.cells) != len(fresh.cells):
        return [f"{len(fresh.cells)} cells instead of {len(stored.cells)}"]
    found = []
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if old.get("cell_type") != "code":
            continue
        want, got = _without_images(old.get("outputs", [])), _without_images(new.get("outputs", []))
        if align_numbers(want, got) != want:
            found.append(f"cell {index + 1} ({old.source.splitlines()[0][:60] if old.source else ''!r})")
    want = stored.metadata.get("widgets", {})
    if align_numbers(want, fresh.metadata.get("widgets", {})) != want:
        found.append("the stored widget state")
    return found


def check(path: Path, timeout: int = 600) -> list[str]:
    """Run the notebook at `path` (not in place) and return where its outputs differ from the stored ones."""
    return differences(nbformat.read(path, as_version=4), run(path, timeout))


# --------------------------------------------------------------------------
# Byte-stable output
# --------------------------------------------------------------------------

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNEL_TEMP_PATH = re.compile(r"/tmp/ipykernel_\d+/\d+\.py")
"""ipykernel's file name of a cell, different in every kernel (same rule as tests/sanitize.cfg)."""


def make_stable(nb: Any, name: str) -> None:
    """Remove what changes from one execution of `nb` to the next, in place.

    Drops the cells' ``execution`` timing metadata, merges consecutive
    printed chunks (the kernel splits a cell's printing into messages at
    random points in time), replaces ipykernel's temporary cell file names in
    printed warnings, and renumbers the widget model ids deterministically
    (see :func:`stable_widget_ids`).
    """
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = coalesce_streams(cell["outputs"])
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model in state.values():  # Output widgets keep their own outputs
        outputs = model.get("state", {}).get("outputs")
        if isinstance(outputs, list):
            model["state"]["outputs"] = coalesce_streams(outputs)
    stable_widget_ids(nb, name)


def coalesce_streams(outputs: list[Any]) -> list[Any]:
    """Merge each run of consecutive stdout (or stderr) outputs into one; clean temp paths."""
    merged: list[Any] = []
    for output in outputs:
        if output.get("output_type") == "stream":
            text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
            text = KERNEL_TEMP_PATH.sub("<ipykernel>", text)
            previous = merged[-1] if merged else None
            if previous is not None and previous.get("output_type") == "stream" and previous["name"] == output["name"]:
                previous["text"] += text
                continue
            output["text"] = text
        merged.append(output)
    return merged


def stable_widget_ids(nb: Any, name: str) -> None:
    """Replace every random widget model id of `nb` by a deterministic one, in place.

    Models are numbered in the order they are reached: first the widgets
    displayed in the outputs, cell by cell, each followed depth-first by the
    models it refers to (children, layout, style, nested outputs); then any
    model no output reaches, in the order of their content. Model number *i*
    gets the id ``uuid5(NAMESPACE_URL, "crm-workbook/<name>/<i>")`` written as
    32 hex digits, the same format as ipywidgets' own ids, distinct across
    notebooks.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [output["data"][WIDGET_VIEW]["model_id"] for cell in nb.cells
             for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]
    all_ids = sorted(set(state) | set(views), key=len, reverse=True)
    if not all_ids:
        return
    known = re.compile("|".join(re.escape(model_id) for model_id in all_ids))
    text = json.dumps([cell.get("outputs", []) for cell in nb.cells], sort_keys=True)
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order:
            return
        order.append(model_id)
        for found in known.findall(json.dumps(state.get(model_id, {}), sort_keys=True)):
            visit(found)

    for found in known.findall(text):
        visit(found)
    unreached = [model_id for model_id in state if model_id not in order]
    unreached.sort(key=lambda model_id: known.sub("<id>", json.dumps(state[model_id], sort_keys=True)))
    for model_id in unreached:
        visit(model_id)

    new_ids = {old: uuid.uuid5(uuid.NAMESPACE_URL, f"crm-workbook/{name}/{i}").hex
               for i, old in enumerate(order)}

    def renumber(value: Any) -> Any:
        return json.loads(known.sub(lambda match: new_ids[match.group(0)], json.dumps(value)))

    for cell in nb.cells:
        if "outputs" in cell:
            cell["outputs"] = nbformat.from_dict(renumber(cell["outputs"]))
    if state:
        widgets = nb.metadata["widgets"][WIDGET_STATE]
        widgets["state"] = {new_ids[old]: renumber(model) for old, model in state.items()}


def main(argv: list[str]) -> int:
    checking = "--check" in argv
    paths = [Path(arg).resolve() for arg in argv if arg != "--check"] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if checking:
        failed = 0
        for path in paths:
            found = check(path)
            failed += bool(found)
            verdict = "differs from its stored outputs in " + "; ".join(found) if found else "matches its stored outputs"
            print(f"{path.name} {verdict}", flush=True)
        return 1 if failed else 0
    for path in paths:
        seconds = execute(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"executed {shown} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
