"""Time and peak memory of importing each corpus schema (SQL and DBML), and of loading it back.

Run: python benchmarks/import_bench.py [CORPUS_DIR]   (default: ../shared/corpus)
     python benchmarks/import_bench.py --pglast [CORPUS_DIR]   (needs `pip install pglast`)
     python benchmarks/import_bench.py --db URL [URL…]   (import db against its floor)
     python benchmarks/import_bench.py --sql FILE [FILE…]   (import sql against its floor)

`--db` times, in one process and alternating, our reflection (`importers.database.reflect`)
and SQLAlchemy's batched `Inspector.get_multi_*` calls on the same database (the floor), and
prints the medians and their ratio (#11: at most 1.5). `--sql` does the same for `import sql`
against a bare `sqlglot.parse` of the file (CPU medians), with the command's later phases
(writing the spec, loading it back, the check summary) timed on their own.

`--pglast` compares, on the PostgreSQL corpus, what PostgreSQL's own parser (libpg_query via
pglast) finds with what our sqlglot-based importer models: tables, keys, checks, indexes,
partitions, enum types, and the time of pglast's parse against our whole import.
"""

from __future__ import annotations

import gc
import re
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    print(
        f"{'source':58} {'kB':>6} {'tables':>6} {'import s':>9} {'peak MiB':>9} {'dump s':>7} "
        f"{'load s':>7}"
    )
    for files, kind in CASES:
        paths = [str(corpus / f) for f in files]
        size = sum(Path(p).stat().st_size for p in paths) / 1024

        def run(paths: list[str] = paths, kind: str = kind) -> ImportResult:
            if kind == "dbml":
                return import_dbml(paths[0], ImportOptions())
            return import_sql(paths[0], ImportOptions(dialect=kind, extra_sources=tuple(paths[1:])))

        result, seconds, peak = measure(run)
        start = time.perf_counter()
        text = dumps(result.schema)
        dump_s = time.perf_counter() - start
        start = time.perf_counter()
        loads(text)
        load_s = time.perf_counter() - start
        name = files[0] if len(files) == 1 else "postgresql/musicbrainz/Create*.sql (6 files)"
        print(
            f"{name:58} {size:6.0f} {len(result.schema.entities):6d} {seconds:9.2f} "
            f"{peak:9.1f} {dump_s:7.2f} {load_s:7.2f}"
        )


KINDS = ("tables", "pk", "fk", "unique", "check", "indexes", "partitions", "enums")


def pglast_counts(texts: list[str]) -> tuple[Counter[str], int, float]:
    """What PostgreSQL's parser sees: counts per kind (partitions' copies left out), statements
    parsed, seconds."""
    import pglast
    from pglast import ast, enums

    start = time.perf_counter()
    stmts: list[Any] = []
    for text in texts:
        text = re.sub(r"(?m)^[ \t]*\\.*$", "", text)  # psql meta-commands are not SQL
        stmts += [s.stmt for s in pglast.parse_sql(text)]
    seconds = time.perf_counter() - start
    att = enums.AlterTableType
    parts = {
        cmd.def_.name.relname
        for s in stmts
        if isinstance(s, ast.AlterTableStmt)
        for cmd in s.cmds or ()
        if cmd.subtype == att.AT_AttachPartition
    } | {s.relation.relname for s in stmts if isinstance(s, ast.CreateStmt) and s.partbound}
    n: Counter[str] = Counter(partitions=len(parts))
    for s in stmts:
        rel = getattr(getattr(s, "relation", None), "relname", None)
        if rel not in parts:
            _count_statement(s, n)
    return n, len(stmts), seconds


#: pglast constraint kinds counted, by the name of their `contype`
_CONSTRAINTS = {
    "CONSTR_FOREIGN": "fk",
    "CONSTR_UNIQUE": "unique",
    "CONSTR_CHECK": "check",
    "CONSTR_PRIMARY": "pk",
}


def _count_statement(s: Any, n: Counter[str]) -> None:
    """Add what one parsed statement declares to `n`."""
    from pglast import ast, enums

    def constraint(c: Any) -> None:
        if isinstance(c, ast.Constraint) and c.contype.name in _CONSTRAINTS:
            n[_CONSTRAINTS[c.contype.name]] += 1

    if isinstance(s, ast.CreateStmt):
        n["tables"] += 1
        for el in s.tableElts or ():
            for c in (el.constraints or ()) if isinstance(el, ast.ColumnDef) else (el,):
                constraint(c)
    elif isinstance(s, ast.AlterTableStmt):
        for cmd in s.cmds or ():
            if cmd.subtype == enums.AlterTableType.AT_AddConstraint:
                constraint(cmd.def_)
    elif isinstance(s, ast.IndexStmt):
        n["indexes"] += 1
    elif isinstance(s, ast.CreateEnumStmt):
        n["enums"] += 1


def our_counts(paths: list[str]) -> tuple[Counter[str], float]:
    """The same counts from our import's model (enum types: those a column uses), seconds."""
    start = time.perf_counter()
    opts = ImportOptions(dialect="postgresql", extra_sources=tuple(paths[1:]))
    es = import_sql(paths[0], opts).schema.entities
    seconds = time.perf_counter() - start
    enum_types = {
        (f.type.enum_name or f"{e.table}_{f.name}") for e in es for f in e.fields if f.type.values
    }
    return (
        Counter(
            tables=len(es),
            pk=sum(bool(e.primary_key) for e in es),
            fk=sum(len(e.foreign_keys) for e in es),
            unique=sum(len(e.uniques) + sum(f.unique for f in e.fields) for e in es),
            check=sum(len(e.checks) + sum(bool(f.check) for f in e.fields) for e in es),
            indexes=sum(len(e.indexes) for e in es),
            partitions=sum(len(e.partitioning.partitions) for e in es if e.partitioning),
            enums=len(enum_types),
        ),
        seconds,
    )


def compare_pglast(corpus: Path) -> None:
    """Print pglast's counts next to ours for each PostgreSQL corpus case."""
    import_sql(str(corpus / CASES[2][0][0]), ImportOptions(dialect="postgresql"))  # warm up
    for files, kind in CASES:
        if kind != "postgresql":
            continue
        paths = [str(corpus / f) for f in files]
        theirs, statements, parse_s = pglast_counts([Path(p).read_text() for p in paths])
        ours, import_s = our_counts(paths)
        name = files[0] if len(files) == 1 else "postgresql/musicbrainz/Create*.sql (6 files)"
        print(
            f"{name}: {statements} statements; pglast parse {parse_s:.2f}s, "
            f"our import {import_s:.2f}s"
        )
        for k in KINDS:
            mark = "" if theirs[k] == ours[k] else "  <- differs"
            print(f"    {k:10} pglast {theirs[k]:5}  ours {ours[k]:5}{mark}")


FLOOR_KINDS = (
    "columns",
    "pk_constraint",
    "foreign_keys",
    "indexes",
    "unique_constraints",
    "check_constraints",
    "table_comment",
    "table_options",
)


def alternate(jobs: dict[str, Callable[[], object]], runs: int = 7) -> dict[str, float]:
    """Median wall seconds of each job, the jobs alternating within each round."""
    import statistics

    got: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(runs):
        for name, fn in jobs.items():
            start = time.perf_counter()
            fn()
            got[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in got.items()}


def compare_db(urls: list[str]) -> None:
    """`import db`'s reflection against the get_multi_* floor, per database URL."""
    import warnings

    import sqlalchemy as sa

    from pydev_workflow.importers.database import reflect
    from pydev_workflow.verify.urls import create_engine, parse_target, redact

    warnings.simplefilter("ignore", sa.exc.SAWarning)  # unknown types: the floor warns too
    for url in urls:
        target = parse_target(url)
        engine = create_engine(target)

        def floor(engine: Any = engine) -> None:
            with engine.connect() as conn:
                insp = sa.inspect(conn)
                for kind in FLOOR_KINDS:
                    try:
                        getattr(insp, f"get_multi_{kind}")()
                    except NotImplementedError:
                        pass

        def ours(engine: Any = engine, dialect: str = target.dialect) -> None:
            reflect(engine, dialect)

        tables = len(reflect(engine, target.dialect).schema.entities)
        got = alternate({"floor": floor, "ours": ours})
        print(
            f"{redact(url)}: {tables} tables; get_multi floor {got['floor']:.3f} s, "
            f"import db reflection {got['ours']:.3f} s, ratio {got['ours'] / got['floor']:.2f}"
        )
        engine.dispose()


def alternate_cpu(jobs: dict[str, Callable[[], object]], runs: int = 5) -> dict[str, float]:
    """Median CPU seconds (this process) of each job, the jobs alternating within each round.

    CPU time rather than wall time: the machine may be shared, and waiting is not our cost.
    """
    import statistics

    got: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(runs):
        for name, fn in jobs.items():
            # what earlier jobs left is collected and set aside first, so no job pays for
            # scanning it (as in a fresh process)
            gc.collect()
            gc.freeze()
            start = time.process_time()
            fn()
            got[name].append(time.process_time() - start)
            gc.unfreeze()
    return {k: statistics.median(v) for k, v in got.items()}


def compare_sql(paths: list[str], dialect: str = "postgresql", runs: int = 3) -> None:
    """`import sql` against a bare `sqlglot.parse` of the same file, and where its time goes.

    Each phase of the command after start-up is timed on its own (CPU medians): the import
    (split, read, finish, resolve), writing the spec text (dumps), loading it back (loads),
    and the check summary (prepare + findings + certainty). The floor parses the same text.
    """
    import logging

    import sqlglot
    from sqlglot.errors import ErrorLevel

    from pydev_workflow.workflow.pipeline import prepare

    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # "falling back to Command" per line
    read = {"postgresql": "postgres"}.get(dialect, dialect)
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        opts = ImportOptions(dialect=dialect)
        schema = import_sql(path, opts).schema
        spec = dumps(schema, header="x")

        def checks(schema: Any = schema) -> None:
            done = prepare(schema)
            _ = done.findings, done.certainty

        got = alternate_cpu(
            {
                "parse": lambda text=text: sqlglot.parse(
                    text, read=read, error_level=ErrorLevel.IGNORE
                ),
                "import": lambda path=path, opts=opts: import_sql(path, opts),
                "dumps": lambda schema=schema: dumps(schema, header="x"),
                "loads": lambda spec=spec: loads(spec, "spec.yaml"),
                "checks": checks,
            },
            runs=runs,
        )
        total = got["import"] + got["dumps"] + got["loads"] + got["checks"]
        print(
            f"{path}: {len(schema.entities)} tables; CPU s: sqlglot.parse {got['parse']:.2f}, "
            f"import {got['import']:.2f} (ratio {got['import'] / got['parse']:.2f}); after it "
            f"dumps {got['dumps']:.2f}, loads {got['loads']:.2f}, checks {got['checks']:.2f}; "
            f"all {total:.2f} (ratio {total / got['parse']:.2f}, start-up not included)"
        )


if __name__ == "__main__":
    if "--db" in sys.argv:
        compare_db(sys.argv[sys.argv.index("--db") + 1 :])
    elif "--sql" in sys.argv:
        compare_sql(sys.argv[sys.argv.index("--sql") + 1 :])
    elif "--pglast" in sys.argv:
        sys.argv.remove("--pglast")
        compare_pglast(
            Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared/corpus")
        )
    else:
        main()
