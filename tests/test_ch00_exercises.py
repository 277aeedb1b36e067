"""Chapter 00's answer key by hand, and no answer of it shown above its exercises.

``exercise_lint.py`` looks only at chapters 01 and later, so the look-up rule of
TEACHING.md §1 is tested here for the start-here notebook: neither an output nor a
code cell above "## Exercises" may give an answer away.
"""

import json
import re
from pathlib import Path

import pytest

from helpers.check import judge
from helpers.data import load
from helpers.exercises import ch00
from helpers.pareto import top_share

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "00_start_here.ipynb"


def _cells_above_exercises() -> list[dict]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    end = next(i for i, cell in enumerate(cells)
               if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("## Exercises"))
    return cells[:end]


def _outputs(cells: list[dict]) -> str:
    texts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def test_top_tenth_of_2024_by_hand():
    """0.3: 2024 revenue per customer, the top ceil(n / 10) customers' share."""
    tx = load("transactions")
    revenue = tx[tx["date"].dt.year == 2024].groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    n_top = -(-len(revenue) // 10)
    assert ch00.EXERCISES["0.3"].expected() == pytest.approx(revenue.iloc[:n_top].sum() / revenue.sum())


def test_the_slider_value_is_a_mistake_with_its_own_message():
    """Section 3's slider shows the top 10% over both years: that answer gets its own message."""
    both_years = top_share(load("transactions").groupby("customer_id")["amount"].sum(), 0.1)
    ok, message = judge(ch00.EXERCISES["0.3"], round(both_years, 3))
    assert not ok and "both years" in message


def _shown(answer: float, text: str) -> bool:
    """Whether `answer` (or it as a percent) is printed in `text` at the printed precision,
    counting only numbers with at least two significant digits (the rule of exercise_lint.py)."""
    for match in re.finditer(r"-?\d[\d,]*\.?\d*", text):
        printed = match.group().replace(",", "").rstrip(".")
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        if len(printed.strip("-0.").replace(".", "")) < 2:
            continue
        value = float(printed)
        if any(abs(candidate - value) <= 0.5 * 10 ** -decimals + 1e-12 for candidate in (answer, 100 * answer)):
            return True
    return False


@pytest.mark.parametrize("exercise_id", ["0.1", "0.2", "0.3"])
def test_no_answer_is_printed_above_the_exercises(exercise_id):
    answer = float(ch00.EXERCISES[exercise_id].expected())
    assert not _shown(answer, _outputs(_cells_above_exercises())), exercise_id


def test_no_solution_is_written_out_above_the_exercises():
    """The judge demonstration of section 4 once computed exercise 0.2's answer (June orders)."""
    code = "\n".join("".join(cell["source"]) for cell in _cells_above_exercises() if cell["cell_type"] == "code")
    assert "month == 6" not in code
    assert ".dt.year == 2024" not in code
