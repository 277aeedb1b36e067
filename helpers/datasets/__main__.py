"""Command line: ``python -m helpers.datasets [OUT_DIR] [--student ID]`` rewrites the synthetic data."""

import argparse

from helpers.datasets import DATA_DIR, write_all

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the seeded synthetic datasets.")
    parser.add_argument("out", nargs="?", default=DATA_DIR, help="folder (default: data/)")
    parser.add_argument("--student", help="write this student's personal data instead of the shared data")
    args = parser.parse_args()
    for path in write_all(args.out, student=args.student):
        print(f"wrote {path}")
