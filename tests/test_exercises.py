"""Every chapter's exercises against its answer key and TEACHING.md §1.

For each chapter notebook: every exercise has a key entry and every key an
exercise; each follows the cell layout of CONTRIBUTING.md (task heading with
its stars, student cell, hidden solution cell, check cell tagged ``check``);
the exercises come last; every key declares the form and precision of its
answer, the task says them, and ``expected()`` gives a value its own check
accepts; no numeric answer is printed above the exercises; and each chapter
has the mix TEACHING.md asks for. Chapter-specific answers are tested in
``tests/test_chNN_exercises.py``.
"""

import html
import importlib
import math
import re
from pathlib import Path

import nbformat
import pytest

from helpers.check import NUMERIC_FORMS, judge

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("0[0-9]_*.ipynb"))
NUMBER = re.compile(r"-?\d[\d,]*\.?\d*(?:[eE][-+]?\d+)?")


def answer_key(path: Path) -> dict:
    return importlib.import_module(f"helpers.exercises.ch{path.name[:2]}").EXERCISES


def all_exercises() -> list[tuple[str, str]]:
    return [(path.name[:2], exercise_id) for path in NOTEBOOKS for exercise_id in sorted(answer_key(path))]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def chapter(request):
    return request.param.name[:2], nbformat.read(request.param, as_version=4).cells, answer_key(request.param)


def _task(cells, exercise_id: str) -> tuple[int, str]:
    heading = next(i for i, c in enumerate(cells)
                   if c.cell_type == "markdown" and re.match(rf"### Exercise {re.escape(exercise_id)}\b", c.source))
    return heading, cells[heading].source


def test_every_exercise_has_a_key_and_every_key_an_exercise(chapter):
    _, cells, key = chapter
    ids = [found for cell in cells if cell.cell_type == "code"
           for found in re.findall(r'check\("(\d+\.\d+)"', cell.source)]
    assert len(ids) == len(set(ids)), "an exercise is checked twice"
    assert sorted(ids) == sorted(key)


def test_exercise_cell_layout(chapter):
    """CONTRIBUTING.md: heading with stars, student cell, hidden solution cell, check cell."""
    _, cells, key = chapter
    for exercise_id, exercise in key.items():
        var = "answer_" + exercise_id.replace(".", "_")
        heading, task = _task(cells, exercise_id)
        stars = task.splitlines()[0].count("★")
        assert stars == exercise.stars, f"{exercise_id}: heading shows {stars} stars, the key says {exercise.stars}"
        student, solution, checker = cells[heading + 1: heading + 4]
        code = [line for line in student.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        assert code and code[-1].strip() == f"{var} = None  # your answer here", f"{exercise_id}: student cell"
        assert not student.get("outputs"), f"{exercise_id}: the student cell must not show output"
        assert "solution" in solution.metadata.get("tags", [])
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True
        assert re.search(rf"^{var} = ", solution.source, re.M)
        assert checker.source.strip() == f'check("{exercise_id}", {var})'
        assert "check" in checker.metadata.get("tags", []), f"{exercise_id}: tag the check cell 'check'"


def test_exercises_come_last(chapter):
    _, cells, _ = chapter
    headings = [c for c in cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[-1].source.startswith("## Exercises")


def test_task_states_the_form_and_precision(chapter):
    """A fair check needs a task that says how to answer (TEACHING.md §1)."""
    _, cells, key = chapter
    for exercise_id, exercise in key.items():
        _, task = _task(cells, exercise_id)
        if exercise.form in NUMERIC_FORMS and exercise.form != "count":
            assert exercise.decimals is not None, f"{exercise_id}: declare decimals for a {exercise.form}"
            if exercise.decimals > 0:
                assert re.search(rf"\b{exercise.decimals} decimals?\b", task), (
                    f"{exercise_id}: the task must say 'to {exercise.decimals} decimals'")
            else:
                assert re.search(r"whole number|nearest (yuan|dollar|unit)|0 decimals", task), (
                    f"{exercise_id}: the task must say the answer is a whole number")


@pytest.mark.parametrize(("chapter_number", "exercise_id"), all_exercises())
def test_expected_runs_and_passes_its_own_check(chapter_number, exercise_id):
    exercise = importlib.import_module(f"helpers.exercises.ch{chapter_number}").EXERCISES[exercise_id]
    value = exercise.expected()
    assert value is not None
    assert len(exercise.all_hints) >= 2, f"{exercise_id}: two hints, first where to look, then how"
    assert exercise.explanation
    assert judge(exercise, value) == (True, "")


def _outputs_text(cells) -> str:
    parts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append(output["text"])
            for kind in ("text/plain", "text/html", "text/markdown"):
                if kind in output.get("data", {}):
                    parts.append(html.unescape(re.sub(r"<[^>]+>", " ", output["data"][kind])))
    return "\n".join(parts)


def shown(value: float, text: str) -> bool:
    """Whether `value` (or the same as a percentage) is printed in `text` to its shown precision."""
    if value == 0 or not math.isfinite(value):
        return False
    for match in NUMBER.finditer(text):
        token = match.group().replace(",", "")
        try:
            number = float(token)
        except ValueError:
            continue
        decimals = len(token.split(".")[1]) if "." in token and "e" not in token.lower() else 0
        significant = len(token.strip("-0.").replace(".", ""))
        if number == 0 or significant < 2:
            continue
        if any(abs(candidate - number) <= 0.5 * 10 ** -decimals + 1e-12 for candidate in (value, value * 100)):
            return True
    return False


def test_no_answer_is_printed_above_the_exercises(chapter):
    """TEACHING.md §1: an answer printed above an exercise makes it a look-up."""
    _, cells, key = chapter
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Exercises"))
    above = _outputs_text(cells[:start])
    looked_up = []
    for exercise_id, exercise in key.items():
        value = exercise.expected()
        if exercise.form in NUMERIC_FORMS and exercise.form != "count" and not isinstance(value, bool):
            if shown(float(value), above):
                looked_up.append(exercise_id)
    assert not looked_up, f"answers printed above the exercises: {looked_up}"


def test_chapter_has_the_mix_teaching_asks_for(chapter):
    """TEACHING.md §1: ≥ 8 exercises, half of them real work, a decide, a diagnose, two ★★★."""
    number, cells, key = chapter
    if number == "00":
        assert len(key) >= 3
        return
    assert len(key) >= 8
    kinds = [exercise.kind for exercise in key.values()]
    assert "decide" in kinds and "diagnose" in kinds
    assert sum(exercise.stars == 3 for exercise in key.values()) >= 2
    worked = 0
    for exercise_id, exercise in key.items():
        heading, _ = _task(cells, exercise_id)
        solution = cells[heading + 2].source
        lines = [line for line in solution.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        worked += exercise.kind in ("write", "apply") and len(lines) >= 3
    assert worked >= len(key) / 2, f"only {worked} of {len(key)} exercises are write/apply with ≥ 3 lines"
