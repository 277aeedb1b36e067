"""Cut the course's Chinese font: Noto Sans CJK SC reduced to the characters the course uses.

Usage: python tools/subset_font.py [--source FONT.ttc]

Writes ``helpers/fonts/NotoSansCJKsc-Subset.otf`` (byte-stable; SIL Open Font
License 1.1, kept beside it in ``OFL.txt``) from Debian's ``fonts-noto-cjk``:
every character of ``notebooks/*.ipynb``, ``data/*.csv`` and ``helpers/`` plus
printable ASCII, renamed "Noto Sans CJK SC Subset" so that it never shadows a
full installation. Re-run it after adding Chinese text: ``tests/test_plotting.py``
fails when a character is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT = ROOT / "helpers" / "fonts" / "NotoSansCJKsc-Subset.otf"
FAMILY = "Noto Sans CJK SC Subset"
SOURCE_FAMILY = "Noto Sans CJK SC"


def course_text(root: Path = ROOT) -> str:
    """Return all the text the course may draw: notebook cells and outputs, data, helpers."""
    parts = []
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        parts.extend(json.dumps(cell, ensure_ascii=False) for cell in nb["cells"])
    for path in sorted((root / "data").glob("*.csv")) + sorted((root / "helpers").rglob("*.py")):
        parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def characters(text: str) -> set[str]:
    """Printable ASCII plus every non-ASCII character of `text` (controls and surrogates left out)."""
    wanted = {chr(code) for code in range(32, 127)}
    wanted |= {ch for ch in text if ord(ch) > 127 and ch.isprintable()}
    return wanted


def subset_font(source: Path, wanted: set[str], out: Path) -> Path:
    """Write the glyphs of `wanted` from the SC face of `source` to `out` under the name ``FAMILY``.

    Raises
    ------
    FileNotFoundError
        If `source` is missing (install Debian's ``fonts-noto-cjk``).
    ValueError
        If `source` has no Noto Sans CJK SC face.
    """
    if not source.is_file():
        raise FileNotFoundError(f"{source} not found: install the fonts-noto-cjk package or pass --source")
    faces = [face for face in TTCollection(source, recalcTimestamp=False) if face["name"].getDebugName(1) == SOURCE_FAMILY]
    if not faces:
        raise ValueError(f"{source} has no {SOURCE_FAMILY!r} face")
    font = faces[0]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in wanted))
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY if record.nameID != 4 else f"{FAMILY} Regular",
                          record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 6, 20):
            names.setName(FAMILY.replace(" ", "") + "-Regular",
                          record.nameID, record.platformID, record.platEncID, record.langID)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default: {SOURCE}")
    args = parser.parse_args(argv)
    wanted = characters(course_text())
    subset_font(args.source, wanted, FONT)
    print(f"wrote {FONT.relative_to(ROOT)} ({FONT.stat().st_size // 1024} KB, {len(wanted)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
