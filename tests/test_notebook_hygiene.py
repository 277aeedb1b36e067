"""The stored notebooks are what the code gives: run in order, no errors, nothing fetched, exercises complete.

nbval (strict) re-runs every notebook and compares outputs; it cannot see a
cell that was never run, so this file checks that and the course's
conventions (see CONTRIBUTING.md).
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = [path for path in NOTEBOOKS if re.match(r"0[1-9]_", path.name)]
NETWORK = re.compile(r"https?://|load_dataset\(|^\s*[!%]pip\b|\burllib\b|\brequests\b|\bwget\b|\bcurl\b", re.M)
CJK = re.compile(r"[\u4e00-\u9fff]")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell.get("source", ""))


def code_cells(path: Path) -> list[dict]:
    return [cell for cell in cells(path) if cell["cell_type"] == "code" and source(cell).strip()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_python3(path):
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_ran_once_in_order(path):
    counts = [cell.get("execution_count") for cell in code_cells(path)]
    assert None not in counts, f"{path.name}: some cells were never run (use `make execute`)"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run top to bottom in one go"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_error_outputs(path):
    for cell in code_cells(path):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{path.name}: {output.get('ename')} in\n{source(cell)}"
            text = "".join(output.get("text", ""))
            assert "Traceback" not in text, f"{path.name}: traceback printed in\n{source(cell)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nothing_is_fetched_at_run_time(path):
    for cell in code_cells(path):
        assert not NETWORK.search(source(cell)), f"{path.name}: network use in\n{source(cell)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_plot_cells_end_with_show_not_semicolon(path):
    for cell in code_cells(path):
        last = source(cell).strip().splitlines()[-1]
        assert not re.search(r"plt\.\w+\(.*\);\s*$", last), f"{path.name}: end with plt.show():\n{last}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_memory_addresses_in_outputs(path):
    for cell in code_cells(path):
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"\b0x[0-9a-f]{8,}\b", text), f"{path.name}: memory address in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_widgets_are_ignored_by_nbval_and_followed_by_a_static_result(path):
    code = code_cells(path)
    for position, cell in enumerate(code):
        if re.search(r"\w+_widget\(", source(cell)) or "live_panel(" in source(cell):
            tags = cell.get("metadata", {}).get("tags", [])
            assert "nbval-ignore-output" in tags, f"{path.name}: tag widget cell nbval-ignore-output:\n{source(cell)}"
            assert position + 1 < len(code), f"{path.name}: a widget is the last cell"
            following = code[position + 1]
            assert "nbval-ignore-output" not in following.get("metadata", {}).get("tags", []), (
                f"{path.name}: follow the widget with a static call of the same function:\n{source(cell)}"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_exercises_have_task_student_cell_solution_and_check(path):
    chapter = int(path.name[:2])
    all_cells = cells(path)
    text = [source(cell) for cell in all_cells]
    assert any(t.startswith("## Exercises") for t in text), f"{path.name}: no '## Exercises' section"
    checks = [(i, m) for i, t in enumerate(text) for m in re.finditer(r'check\("(\d+)\.(\d+)", (answer_\d+_\d+)\)', t)]
    minimum = 6 if chapter == 1 else 8
    assert len(checks) >= minimum, f"{path.name}: {len(checks)} exercises, need at least {minimum}"
    for index, match in checks:
        number, variable = f"{match.group(1)}.{match.group(2)}", match.group(3)
        assert match.group(1) == str(chapter), f"{path.name}: exercise {number} in chapter {chapter}"
        before = all_cells[:index]
        tasks = [c for c in before if c["cell_type"] == "markdown" and f"Exercise {number}" in source(c)]
        students = [c for c in before if re.search(rf"^{variable} = None", source(c), re.M)
                    and "solution" not in c.get("metadata", {}).get("tags", [])]
        solutions = [c for c in before if "solution" in c.get("metadata", {}).get("tags", [])
                     and re.search(rf"^{variable}\s*=", source(c), re.M)]
        assert tasks, f"{path.name}: exercise {number} has no '### Exercise {number}' task cell"
        assert students, f"{path.name}: exercise {number} has no student cell '{variable} = None'"
        assert solutions, f"{path.name}: exercise {number} has no solution cell tagged 'solution'"
        assert solutions[-1]["metadata"].get("jupyter", {}).get("source_hidden") is True, (
            f"{path.name}: collapse the solution of {number} (metadata jupyter.source_hidden)"
        )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chinese_terms_stand_beside_english_ones(path):
    markdown = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    pairs = re.findall(r"[A-Za-z][A-Za-z \-/']+ \([\u4e00-\u9fff][^)]*\)", markdown)
    assert len(pairs) >= 8, f"{path.name}: only {len(pairs)} 'English (中文)' terms"
