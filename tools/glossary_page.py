"""Write the book's glossary page, ``book/glossary.md``, from ``data/glossary.csv``.

Usage: python tools/glossary_page.py [--check]

The page has one table per chapter, terms in alphabetical order. With
``--check`` nothing is written: the exit status is 1 if the page is out of
date with the CSV (the tests use this).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "glossary.csv"
PAGE = ROOT / "book" / "glossary.md"

CHAPTERS = {
    1: "Chapter 1 · Relationship marketing and CRM",
    2: "Chapter 2 · Customer value",
    3: "Chapter 3 · Satisfaction, service quality and loyalty",
    4: "Chapter 4 · Data warehouse and data mining",
}
"""Section titles, by the ``chapter`` column of the CSV."""

INTRO = """\
# Glossary · 术语表

The course's terms in English and in the Chinese of the lectures, with a
one-line definition, grouped by the chapter that introduces them. In a
notebook, look a term up either way:

```python
from helpers.glossary import glossary
glossary("顾客忠诚")   # or glossary("loyalty"), glossary("AHP")
```

The table is `data/glossary.csv` (`load("glossary")`); this page is generated
from it by `tools/glossary_page.py`.
"""


def _cell(text: object) -> str:
    """Make `text` safe inside a Markdown table cell (no column breaks, no emphasis)."""
    text = str(text).replace("\n", " ").strip()
    for special in ("|", "*", "_"):
        text = text.replace(special, "\\" + special)
    return text


def render(table: pd.DataFrame) -> str:
    """Return the Markdown page for a glossary `table` (the CSV's columns).

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a row names a chapter with no section title.
    """
    missing = [c for c in ("english", "chinese", "definition", "chapter") if c not in table.columns]
    if missing:
        raise KeyError(f"glossary table lacks the column(s) {missing}")
    unknown = sorted(set(table["chapter"]) - set(CHAPTERS))
    if unknown:
        raise ValueError(f"glossary rows name chapter(s) {unknown}; known chapters: {sorted(CHAPTERS)}")
    parts = [INTRO]
    for chapter, title in CHAPTERS.items():
        rows = table[table["chapter"] == chapter]
        rows = rows.iloc[rows["english"].str.lower().argsort(kind="stable")]
        parts.append(f"\n## {title}\n\n| English | 中文 | Definition |\n| --- | --- | --- |\n")
        parts.extend(
            f"| {_cell(row.english)} | {_cell(row.chinese)} | {_cell(row.definition)} |\n"
            for row in rows.itertuples()
        )
    return "".join(parts)


def main(argv: list[str]) -> int:
    page = render(pd.read_csv(CSV))
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run python tools/glossary_page.py")
            return 1
        print(f"{PAGE.relative_to(ROOT)} is up to date")
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)} ({len(page.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
