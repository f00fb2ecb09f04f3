"""Benchmark verify: rows/s loaded and EXPLAIN time per query pattern at 10k and 100k rows.

Usage: python benchmarks/verify_bench.py [--engines sqlite,postgresql,mariadb]
Servers: PYDEV_TEST_POSTGRESQL / PYDEV_TEST_MARIADB or the local defaults.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pydev_workflow.spec import load
from pydev_workflow.verify.core import verify

ROOT = Path(__file__).resolve().parent.parent
URLS = {
    "sqlite": None,
    "postgresql": os.environ.get(
        "PYDEV_TEST_POSTGRESQL", "postgresql://postgres@127.0.0.1:5432/postgres"
    ),
    "mariadb": os.environ.get("PYDEV_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/mysql"),
}


def main() -> None:
    """Run the example at two sizes on each engine and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgresql,mariadb")
    parser.add_argument("--rows", default="10000,100000")
    args = parser.parse_args()
    schema = load(ROOT / "examples" / "blog" / "data-models.yaml")
    for engine in args.engines.split(","):
        for rows in (int(r) for r in args.rows.split(",")):
            started = time.perf_counter()
            report = verify(schema, URLS[engine], rows, in_place=True, repeat=3)
            wall = time.perf_counter() - started
            loaded = sum(s.rows for s in report.loads)
            seconds = sum(s.seconds for s in report.loads)
            print(
                f"{engine:<10} rows/table={rows:>7}  loaded {loaded:>7} rows in {seconds:6.2f} s "
                f"= {loaded / seconds:>9,.0f} rows/s  (whole run {wall:.1f} s)"
            )
            for q in report.queries:
                m = q.measurements[-1]
                print(
                    f"    {q.pattern.name:<26} {str(q.access):<40} {q.complexity:<9} "
                    f"{m.seconds * 1000:8.3f} ms @ {m.table_rows}"
                )


if __name__ == "__main__":
    main()
