"""Command line: ``python -m helpers.datasets [OUT_DIR]`` rewrites the synthetic data."""

import sys

from helpers.datasets import DATA_DIR, write_all

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else DATA_DIR
    for path in write_all(out):
        print(f"wrote {path}")
