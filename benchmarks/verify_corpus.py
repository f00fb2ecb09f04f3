"""Verify every real schema of the shared corpus on its own engine and across engines.

Usage: python benchmarks/verify_corpus.py [--rows 300] [--engines sqlite,postgresql,mariadb]
       [--cases pg-sakila,...] [--own-only] [--verbose]
Servers: PYDEV_TEST_POSTGRESQL / PYDEV_TEST_MARIADB or the local defaults. Corpus:
PYDEV_CORPUS or ../shared/corpus.

Prints one line per (schema, engine): green when `verify` reports no finding (result ok),
otherwise the first findings; then the green/total table on the own engine and across engines.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from verify_corpus_cases import CASES, import_case, verify_case  # noqa: E402

URLS = {
    "sqlite": None,
    "postgresql": os.environ.get(
        "PYDEV_TEST_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
    "mariadb": os.environ.get("PYDEV_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/test"),
}


def main() -> None:
    """Run the corpus and print the green/total table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--engines", default="sqlite,postgresql,mariadb")
    parser.add_argument("--cases", default="")
    parser.add_argument("--own-only", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    corpus = Path(os.environ.get("PYDEV_CORPUS", ROOT.parent / "shared" / "corpus"))
    engines = args.engines.split(",")
    names = args.cases.split(",") if args.cases else list(CASES)
    own = [0, 0]
    across = [0, 0]
    for name in names:
        case = CASES[name]
        schema = import_case(corpus, case)
        for engine in engines:
            if args.own_only and engine != case.engine:
                continue
            started = time.perf_counter()
            outcome = verify_case(schema, case, engine, URLS[engine], args.rows)
            wall = time.perf_counter() - started
            tally = own if engine == case.engine else across
            tally[1] += 1
            tally[0] += outcome.green
            state = "green" if outcome.green else "RED"
            if outcome.green and outcome.expected:
                state = "green*"  # exceptions only, each predicted by `check` / documented
            print(f"{name:<22} {engine:<10} {state:<6} {wall:6.1f} s  {outcome.summary}")
            shown = outcome.problems if not args.verbose else outcome.problems + outcome.notes
            for line in shown[: 50 if args.verbose else 4]:
                print(f"    {line[:300]}")
    print(f"own engine:    {own[0]}/{own[1]} green")
    print(f"across engines: {across[0]}/{across[1]} green")


if __name__ == "__main__":
    main()
