"""Verify every real schema of the shared corpus on its own engine and across engines.

Usage: python benchmarks/verify_corpus.py [--rows 300] [--engines sqlite,postgresql,mariadb]
       [--cases pg-sakila,...] [--own-only] [--verbose] [--debian]
Servers: PYDEV_TEST_POSTGRESQL / PYDEV_TEST_MARIADB or the local defaults. Corpus:
PYDEV_CORPUS or ../shared/corpus.

Prints one line per (schema, engine): green when `verify` reports no finding (result ok),
otherwise the first findings; then the green/total table on the own engine and across engines.
`--debian` adds FreeRADIUS's schemas: `apt-get download freeradius-config` into a temporary
directory, unpacked with `dpkg -x` (GPL-2.0; read there, never copied into this repository).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from verify_corpus_cases import (  # noqa: E402
    CASES,
    DEBIAN_CASES,
    DEBIAN_ROOT,
    import_case,
    verify_case,
)

URLS = {
    "sqlite": None,
    "postgresql": os.environ.get(
        "PYDEV_TEST_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    ),
    "mariadb": os.environ.get("PYDEV_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/mysql"),
}


def _debian(package: str) -> Path:
    """`package`'s files, downloaded with apt-get and unpacked with dpkg -x into a temp dir."""
    import subprocess
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="pdw-corpus-"))
    subprocess.run(["apt-get", "download", package], cwd=where, check=True, capture_output=True)
    deb = next(where.glob(f"{package}_*.deb"))
    subprocess.run(["dpkg", "-x", str(deb), str(where / "root")], check=True)
    return where / "root"


def main() -> None:
    """Run the corpus and print the green/total table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--engines", default="sqlite,postgresql,mariadb")
    parser.add_argument("--cases", default="")
    parser.add_argument("--own-only", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--debian", action="store_true")
    args = parser.parse_args()
    corpus = Path(os.environ.get("PYDEV_CORPUS", ROOT.parent / "shared" / "corpus"))
    engines = args.engines.split(",")
    cases = dict(CASES)
    roots = {name: corpus for name in CASES}
    if args.debian:
        unpacked = _debian("freeradius-config")
        cases.update(DEBIAN_CASES)
        roots.update({name: unpacked / DEBIAN_ROOT for name in DEBIAN_CASES})
    names = args.cases.split(",") if args.cases else list(cases)
    own = [0, 0]
    across = [0, 0]
    for name in names:
        case = cases[name]
        schema = import_case(roots[name], case)
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
