"""``make bench``: run every benchmark, print one table, write it to build/bench/.

Usage: python bench/run.py [--only widgets,scale,fitting,course,ownlog] [--changes N]
                           [--with-test] [--no-lifetimes] [--strict] [--large]

Benchmarks (each a module of ``bench/`` with ``run(...) -> list[Row]``):

- ``widgets``: update latency p50 / p95 of every widget over N (≥ 200)
  simulated control changes (target: every widget ≤ 100 ms at p95, end to
  end, drawing included);
- ``scale``: ``rfm_table`` and ``clv.summary`` on 10k, 100k and 1M synthetic
  transactions (time, peak memory, scaling exponent), against a plain
  per-customer loop and ``lifetimes`` (target: 1M in ≤ 2 s);
- ``fitting``: ``fit_bgnbd`` and ``fit_gamma_gamma`` on CDNOW against
  ``lifetimes``' fitters and the published estimates;
- ``ownlog``: the per-customer summary of ``python -m helpers.report``,
  pandas vs DuckDB at 10⁶ and 10⁷ rows (time, peak memory, ratio to a bare
  DuckDB GROUP BY); DuckDB at 10⁸ rows with ``--large`` (targets: peak
  ≤ 6 GB, ≤ 1.5 × the bare GROUP BY);
- ``course``: execution time of each notebook (target: all ≤ 60 s), and of
  ``make test`` with ``--with-test``.

``lifetimes`` runs in its own benchmark-only environment,
``build/bench/venv-lifetimes`` (from ``bench/requirements-lifetimes.txt``),
built on first use; if it cannot be built, the rows say so.

Writes ``build/bench/results.csv`` (benchmark, case, metric, value, unit,
target, ok, note) and ``build/bench/results.md`` (the table for the README,
with the machine). Exits 0 unless a benchmark crashes, or, with
``--strict``, a figure misses its target.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)  # import the benchmarks as bench.<name>, not as top-level modules
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from bench.common import BUILD, Row  # noqa: E402

BENCHMARKS = ("widgets", "scale", "fitting", "ownlog", "course")
COLUMNS = ("benchmark", "case", "metric", "value", "unit", "target", "ok", "note")


def machine() -> dict[str, str]:
    """The machine the figures come from."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "load": f"{load:.2f}",
        "date": datetime.date.today().isoformat(),
    }


def machine_line(info: dict[str, str]) -> str:
    return (f"{info['cpu']}, {info['cores']} cores, {info['os']}; Python {info['python']}, "
            f"numpy {info['numpy']}, pandas {info['pandas']}; load average {info['load']} at start; {info['date']}")


def shown(value: float) -> str:
    """A value as printed in the table."""
    if value != value:  # NaN: not measured
        return "n/a"
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def print_table(rows: list[Row], info: dict[str, str]) -> None:
    """The results as a fixed-width table on stdout."""
    cells = [[row.benchmark, row.case, row.metric, shown(row.value), row.unit, row.target,
              {"yes": "ok", "no": "MISSED"}.get(row.ok, ""), row.note] for row in rows]
    header = ["benchmark", "case", "metric", "value", "unit", "target", "", "note"]
    widths = [max(len(str(line[i])) for line in [header, *cells]) for i in range(7)]
    print(f"\nMachine: {machine_line(info)}\n")
    for line in [header, *cells]:
        left = "  ".join(str(cell).rjust(width) if i == 3 else str(cell).ljust(width)
                         for i, (cell, width) in enumerate(zip(line[:7], widths, strict=True)))
        print(f"{left}  {line[7]}".rstrip())
    missed = [row for row in rows if row.ok == "no"]
    measured = [row for row in rows if row.ok]
    print(f"\n{len(measured) - len(missed)} of {len(measured)} figures with a target meet it"
          + (": missed " + "; ".join(f"{r.case} {r.metric}" for r in missed) if missed else "."))


def write_results(rows: list[Row], info: dict[str, str]) -> tuple[Path, Path]:
    """Write results.csv and results.md under build/bench/."""
    BUILD.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = BUILD / "results.csv", BUILD / "results.md"
    with csv_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_dict())
    lines = [f"Measured on: {machine_line(info)}.", "",
             "| benchmark | case | metric | value | target | met | note |",
             "| --- | --- | --- | ---: | --- | --- | --- |"]
    for row in rows:
        value = f"{shown(row.value)} {row.unit}".strip()
        target = f"{row.target} {row.unit}".strip() if row.target else ""
        met = {"yes": "yes", "no": "**no**"}.get(row.ok, "")
        lines.append(f"| {row.benchmark} | {row.case} | {row.metric} | {value} | {target} | {met} | {row.note} |")
    md_path.write_text("\n".join(lines) + "\n")
    return csv_path, md_path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help=f"comma-separated benchmarks to run (default: all of {','.join(BENCHMARKS)})")
    parser.add_argument("--changes", type=int, default=200, help="control changes per widget (at least 200)")
    parser.add_argument("--with-test", action="store_true", help="also time `make test` (slow)")
    parser.add_argument("--no-lifetimes", action="store_true", help="skip the lifetimes comparisons")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a figure misses its target")
    parser.add_argument("--large", action="store_true", help="ownlog: also DuckDB on 10^8 rows (slow)")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
    if args.changes < 200:
        parser.error("--changes must be at least 200")

    info = machine()
    print(f"make bench on {machine_line(info)}", flush=True)
    rows: list[Row] = []
    for name in BENCHMARKS:
        if name not in chosen:
            continue
        print(f"running {name} ...", flush=True)
        if name == "widgets":
            from bench import widgets
            rows += widgets.run(changes=args.changes)
        elif name == "scale":
            from bench import scale
            rows += scale.run(with_lifetimes=not args.no_lifetimes)
        elif name == "fitting":
            from bench import fitting
            rows += fitting.run(with_lifetimes=not args.no_lifetimes)
        elif name == "ownlog":
            from bench import ownlog
            rows += ownlog.run(large=args.large)
        else:
            from bench import course
            rows += course.run(with_test=args.with_test)
    print_table(rows, info)
    csv_path, md_path = write_results(rows, info)
    print(f"written {csv_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    return 1 if args.strict and any(row.ok == "no" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
