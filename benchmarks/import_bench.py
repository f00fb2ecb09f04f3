"""Time and peak memory of importing each corpus schema (SQL and DBML), and of loading it back.

Run: python benchmarks/import_bench.py [CORPUS_DIR]   (default: ../shared/corpus)
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.dbml import import_dbml
from pydev_workflow.importers.sql import import_sql
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads

MUSICBRAINZ = tuple(
    f"postgresql/musicbrainz/Create{x}.sql"
    for x in ("Types", "Tables", "PrimaryKeys", "Indexes", "FKConstraints", "Constraints")
)
CASES: list[tuple[tuple[str, ...], str]] = [
    (("postgresql/pagila-schema.sql",), "postgresql"),
    (("postgresql/sakila-schema.sql",), "postgresql"),
    (("postgresql/chinook-schema.sql",), "postgresql"),
    (("mysql/sakila-schema.sql",), "mysql"),
    (("mysql/chinook-schema.sql",), "mysql"),
    (("sqlite/sakila-schema.sql",), "sqlite"),
    (("sqlite/chinook-schema.sql",), "sqlite"),
    (MUSICBRAINZ, "postgresql"),
    (("postgresql/musicbrainz-pg_dump-schema-only.sql",), "postgresql"),
    (("dbml/ecommerce.dbml",), "dbml"),
    (("dbml/db2dbml-postgres-schema.dbml",), "dbml"),
    (("dbml/dbml2sql-schema.dbml",), "dbml"),
]


def measure(fn: Callable[[], ImportResult]) -> tuple[ImportResult, float, float]:
    """Run `fn` twice: wall seconds untraced, then peak traced memory in MiB.

    tracemalloc slows Python several-fold, so time and memory come from separate runs.
    """
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20


def main() -> None:
    """Print one line per corpus file."""
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared/corpus")
    # warm up: sqlglot and pydbml build their parsers on first use
    import_sql(str(corpus / CASES[2][0][0]), ImportOptions(dialect="postgresql"))
    print(f"{'source':58} {'kB':>6} {'tables':>6} {'import s':>9} {'peak MiB':>9} {'load s':>7}")
    for files, kind in CASES:
        paths = [str(corpus / f) for f in files]
        size = sum(Path(p).stat().st_size for p in paths) / 1024

        def run(paths: list[str] = paths, kind: str = kind) -> ImportResult:
            if kind == "dbml":
                return import_dbml(paths[0], ImportOptions())
            return import_sql(paths[0], ImportOptions(dialect=kind, extra_sources=tuple(paths[1:])))

        result, seconds, peak = measure(run)
        text = dumps(result.schema)
        start = time.perf_counter()
        loads(text)
        load_s = time.perf_counter() - start
        name = files[0] if len(files) == 1 else "postgresql/musicbrainz/Create*.sql (6 files)"
        print(
            f"{name:58} {size:6.0f} {len(result.schema.entities):6d} {seconds:9.2f} "
            f"{peak:9.1f} {load_s:7.2f}"
        )


if __name__ == "__main__":
    main()
