"""Hostile names through `verify`: nothing outside the sandbox, nothing left behind.

Specs generated here put names with quotes, backticks, brackets, statement separators, comment
markers, schema-qualified spellings, placeholders, reserved words, unicode, control characters
and 63/64/65-byte lengths into tables, columns, indexes, schemas, entity names, descriptions and
query patterns, and run them through `data-models verify --in-place` on SQLite (a file holding
a canary), PostgreSQL and MariaDB (a canary database of this module's own). After every run the
canary's rows and the catalog around it are what they were, and the run's sandbox is gone.
A spec the loader rejects is rejected with exit 2 and one located line, never a traceback.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import own_database

from pydev_workflow.cli.app import run_cli


def _hostile() -> tuple[list[str], list[str], list[str]]:
    """(names for batches, names the loader may reject (each alone), over-long names)."""
    quotes = ['realdata" --', 'a"b', 'a""b', "a'b", "a''b", "a`b", "a``b", "[a]", "a]b", '"q', "`q"]
    separators = ["a;b", "x; DROP TABLE canary; --", "a--b", "-- c", "a/*b", "a*/b", "/**/"]
    qualified = ['public"."t', 'public"."canary', "test`.`t", "test`.`canary", "[dbo].[t]",
                 "a.b", "main.canary", '"."']  # fmt: skip
    reserved = ["select", "table", "order", "user", "group", "from", "where", "index", "key"]
    unicode = ["tâble", "表", "émoji😀", "a\u200bb", "Ωmega", "ﬁle", "ǅz"]
    placeholders = ["%s", "%(x)s", "%%", ":p", "?", "$1", "a%b", "{0}", "a\\b"]
    spaces = ["a b", "canary", "Canary", "realdata", "t"]
    control = [
        " lead",
        "trail ",
        "x\ny",
        "x\r\ny",
        "x\ry",
        "x\ty",
        "x\x00y",
        "x\u2028y",
        "x\x1b[31my",
        "x\x85y",
    ]
    long = ["n" * 63, "n" * 64, "n" * 65, "é" * 31 + "n", "é" * 32, "é" * 32 + "n"]
    batch = quotes + separators + qualified + reserved + unicode + placeholders + spaces
    return batch, control, long


BATCH, CONTROL, LONG = _hostile()
SCHEMAS = ["public", "test", 'public"."t', "test`.`t", "pdw_verify_0000000000", "x;y", "sch--"]


@dataclass(frozen=True)
class Case:
    """One generated spec and the hostile (name, role) pairs it exercises."""

    id: str
    spec: dict[str, Any]
    cases: int  # hostile (name, role) pairs in it


def _entity(i: int, name: str, schema: str | None = None) -> dict[str, Any]:
    e: dict[str, Any] = {
        "table": name,
        "description": f"hostile {name}\nDROP TABLE canary; --",
        "fields": {
            "id": {"type": "int", "pk": True},
            name: {"type": "string(20)", "description": f"{name} */ --"},
            "v": {"type": "int", "nullable": False},
        },
        # an index key that is not a plain identifier is read as an SQL expression (and must
        # parse as one): the hostile column is indexed by name only where it is plain
        "indexes": [{"name": f"{name}_ix", "fields": [name if _plain(name) else "v"]}],
    }
    if schema is not None:
        e["schema"] = schema
    return e


def _plain(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name) is not None


def _pattern(i: int, name: str) -> dict[str, Any]:
    simple = name == name.strip() and not any(c.isspace() for c in name)
    return {"name": name, "entity": f"E{i}", "filter": [name if simple else "id"],
            "frequency": "high"}  # fmt: skip


def _spec(entities: dict[str, Any], patterns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": 1, "project": "Hostile", "dialect": "postgresql",
            "entities": entities, "query_patterns": patterns}  # fmt: skip


def _cases() -> list[Case]:
    out: list[Case] = []
    size = 10  # names per spec: few specs, many names
    for start in range(0, len(BATCH), size):
        names = BATCH[start : start + size]
        ents = {f"E{start + i}": _entity(start + i, n) for i, n in enumerate(names)}
        pats = [_pattern(start + i, n) for i, n in enumerate(names)]
        # roles: table, column, index, description, query pattern name (+ filter)
        out.append(Case(f"batch{start // size}", _spec(ents, pats), 5 * len(names)))
    for k, name in enumerate(LONG):  # alone: one too long for an engine stops its spec
        out.append(Case(f"long{len(name.encode())}b{k}", _spec({"E0": _entity(0, name)},
                        [_pattern(0, name)]), 5))  # fmt: skip
    for k, name in enumerate(CONTROL):  # alone: the loader may reject them (exit 2)
        out.append(Case(f"control{k}", _spec({"E0": _entity(0, name)}, [_pattern(0, name)]), 5))
    ents = {f"E{i}": _entity(i, f"s{i}", schema=s) for i, s in enumerate(SCHEMAS)}
    out.append(Case("schemas", _spec(ents, []), len(SCHEMAS)))
    # hostile entity names: they head the `-- <entity>` comment of the DDL
    named = {n: {"table": f"t{i}", "fields": {"id": {"type": "int", "pk": True}}}
             for i, n in enumerate(["E x; --", "E */", "E`", "E /* x", "E'"])}  # fmt: skip
    out.append(Case("entity-names", _spec(named, []), len(named)))
    newline = {"E\nDROP TABLE canary;": {"table": "t", "fields": {"id": {"type": "int",
                                                                      "pk": True}}}}  # fmt: skip
    out.append(Case("entity-newline", _spec(newline, []), 1))
    return out


def _single_cases() -> list[Case]:
    """One spec per hostile name and role: a name that slips past in a batch is caught alone.

    Roles: the table (with its column, index and query pattern named alike), and the schema.
    """
    out: list[Case] = []
    for k, name in enumerate(BATCH + CONTROL + LONG):
        out.append(Case(f"one-table{k}", _spec({"E0": _entity(0, name)}, [_pattern(0, name)]), 5))
        schema = {"E0": _entity(0, f"s{k}", schema=name)}
        out.append(Case(f"one-schema{k}", _spec(schema, []), 1))
    return out


CASES = _cases()
SINGLE = _single_cases()
TOTAL = sum(c.cases for c in CASES + SINGLE)


def test_the_suite_is_big_enough() -> None:
    """At least 100 hostile specs and their (name, role) cases, run on every engine."""
    specs = len(CASES) + len(SINGLE)
    print(f"hostile suite: {specs} specs, {TOTAL} cases per engine, 3 engines")
    assert specs >= 100 and TOTAL >= 300


def _run(spec: dict[str, Any], tmp: Path, url: str, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run verify; return its JSON report, or None when the loader rejected the spec."""
    path = tmp / f"spec-{secrets.token_hex(3)}.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    code = run_cli(["data-models", "verify", "-C", str(tmp), "-s", str(path), "--db", url,
                    "--in-place", "--rows", "20", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    path.unlink()
    assert "Traceback" not in out + err
    if code == 2:  # rejected at load: one located line per problem, nothing run
        lines = err.strip().splitlines()
        assert lines and all(re.match(r"^\S.*:\d+:\d+: error: ", ln) for ln in lines), err
        return None
    assert code in (0, 1), (code, err)
    return json.loads(out)


# -- SQLite: --in-place in a file holding a canary --------------------------------------------
_SQLITE_CANARY = """
CREATE TABLE canary (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
INSERT INTO canary VALUES (1, 'one'), (2, 'two'), (96, 'x');
CREATE TABLE realdata (id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO realdata VALUES (7, 'keep me');
CREATE TABLE "t" (id INTEGER PRIMARY KEY);
CREATE INDEX canary_v ON canary (v);
CREATE VIEW canary_view AS SELECT * FROM canary;
CREATE TRIGGER canary_trigger AFTER INSERT ON canary BEGIN SELECT 1; END;
"""


def _sqlite_state(path: Path) -> tuple[Any, ...]:
    con = sqlite3.connect(path)
    try:
        master = sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        rows = tuple(
            sorted(con.execute(f'SELECT * FROM "{t}"'))  # test code: fixed canary names
            for t in ("canary", "realdata", "t")
        )
        return tuple(master), rows
    finally:
        con.close()


@pytest.mark.parametrize("case", CASES + SINGLE, ids=[c.id for c in CASES + SINGLE])
def test_sqlite_in_place_keeps_the_canary(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "canary.db"
    con = sqlite3.connect(db)
    con.executescript(_SQLITE_CANARY)
    con.close()
    before = _sqlite_state(db)
    _run(case.spec, tmp_path, f"sqlite:///{db}", capsys)
    assert _sqlite_state(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canary.db"]  # no journal, no sandbox


# -- PostgreSQL: a database of this module's own, canary schema and tables ----------------------
_PG_CANARY = [
    "CREATE SCHEMA canary_s",
    "CREATE TABLE canary_s.canary (id int PRIMARY KEY, v text NOT NULL)",
    "INSERT INTO canary_s.canary VALUES (1, 'one'), (96, 'x')",
    "CREATE TABLE public.canary (id int PRIMARY KEY, v text NOT NULL)",
    "INSERT INTO public.canary VALUES (1, 'one'), (2, 'two')",
    "CREATE TABLE public.realdata (id int PRIMARY KEY, v text)",
    "INSERT INTO public.realdata VALUES (7, 'keep me')",
    "CREATE TABLE public.t (id int PRIMARY KEY)",
]


@pytest.fixture(scope="module")
def pg_canary(postgresql_server: str) -> Iterator[str]:
    """A database holding canary tables; verify runs --in-place in it."""
    import sqlalchemy as sa

    for url in own_database(postgresql_server):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            for sql in _PG_CANARY:
                conn.exec_driver_sql(sql)
        engine.dispose()
        yield url


def _pg_state(url: str) -> tuple[Any, ...]:
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            catalog = conn.exec_driver_sql(
                "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_toast%%' ORDER BY 1, 2"
            ).all()
            spaces = conn.exec_driver_sql("SELECT nspname FROM pg_namespace ORDER BY 1").all()
            rows = [
                conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").all()
                for t in ("canary_s.canary", "public.canary", "public.realdata", "public.t")
            ]
        return tuple(catalog), tuple(spaces), tuple(map(tuple, rows))
    finally:
        engine.dispose()


def _pg_places(url: str) -> set[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return {
                str(r[0])
                for r in conn.exec_driver_sql(
                    "SELECT nspname FROM pg_namespace UNION SELECT datname FROM pg_database"
                )
            }
    finally:
        engine.dispose()


@pytest.mark.db("postgresql")
@pytest.mark.parametrize("case", CASES + SINGLE, ids=[c.id for c in CASES + SINGLE])
def test_postgresql_keeps_the_canary(
    case: Case, pg_canary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _pg_state(pg_canary)
    report = _run(case.spec, tmp_path, pg_canary, capsys)
    assert _pg_state(pg_canary) == before
    if report is not None:
        assert report["sandbox"] not in _pg_places(pg_canary)  # schema or database: dropped


# -- MariaDB: a canary database, and the server's `test` database left alone --------------------
@pytest.fixture(scope="module")
def maria_canary(mariadb_server: str) -> Iterator[str]:
    """A database holding canary tables; verify runs --in-place in it."""
    import sqlalchemy as sa

    for url in own_database(mariadb_server):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE canary (id int PRIMARY KEY, v text NOT NULL)")
            conn.exec_driver_sql("INSERT INTO canary VALUES (1, 'one'), (96, 'x')")
            conn.exec_driver_sql("CREATE TABLE realdata (id int PRIMARY KEY, v text)")
            conn.exec_driver_sql("INSERT INTO realdata VALUES (7, 'keep me')")
            conn.exec_driver_sql("CREATE TABLE t (id int PRIMARY KEY)")
        engine.dispose()
        yield url


def _maria_state(url: str, names: set[str]) -> tuple[Any, ...]:
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            mine = conn.exec_driver_sql(
                "SELECT table_name, table_type FROM information_schema.tables "
                "WHERE table_schema = DATABASE() ORDER BY 1"
            ).all()
            rows = [
                conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").all()
                for t in ("canary", "realdata", "t")
            ]
            # the spec's tables must not appear in the server's other databases (e.g. `test`)
            elsewhere = [
                (s, t)
                for s, t in conn.exec_driver_sql(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_schema <> DATABASE() AND table_schema NOT LIKE 'pdw\\_%%' "
                    "AND table_schema NOT IN ('mysql', 'information_schema', "
                    "'performance_schema', 'sys')"
                )
                if t in names
            ]
            dbs = {str(r[0]) for r in conn.exec_driver_sql("SHOW DATABASES")}
        return tuple(mine), tuple(map(tuple, rows)), tuple(sorted(elsewhere)), dbs
    finally:
        engine.dispose()


def _tables(spec: dict[str, Any]) -> set[str]:
    return {str(e["table"]) for e in spec["entities"].values()}


@pytest.mark.db("mariadb")
@pytest.mark.parametrize("case", CASES + SINGLE, ids=[c.id for c in CASES + SINGLE])
def test_mariadb_keeps_the_canary(
    case: Case, maria_canary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = _tables(case.spec)
    mine, rows, elsewhere, _ = _maria_state(maria_canary, names)
    report = _run(case.spec, tmp_path, maria_canary, capsys)
    after = _maria_state(maria_canary, names)
    assert after[:3] == (mine, rows, elsewhere)
    if report is not None:
        assert report["sandbox"] not in after[3]  # the sandbox database is dropped


def test_sql_comments_stay_comments(tmp_path: Path) -> None:
    """A name or description with a newline never ends a `-- ` line of the rendered SQL.

    The loader rejects such names; the renderer must hold anyway (a model can come from an
    importer), so the model is built past the loader here.
    """
    from dataclasses import replace

    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.renderers import RENDERERS, RenderOptions
    from pydev_workflow.spec import load

    spec = _spec({"E0": _entity(0, "plain"), "E1": _entity(1, "other")}, [])
    spec["entities"]["E1"]["schema"] = "s"  # SQLite: a note naming the table
    path = tmp_path / "spec.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    schema = load(path)
    evil = "x\nDROP TABLE canary; --\r\u2028y"
    # entity names head `-- <entity>` comments and name tables in notes; a table name or a
    # description is a quoted identifier or string literal, where a newline is harmless
    entities = tuple(replace(e, name=e.name + evil, description="d") for e in schema.entities)
    schema = replace(schema, entities=entities, query_patterns=())
    for dialect in ("postgresql", "sqlite", "mariadb"):
        sql = RENDERERS.get("sql")(schema, RenderOptions(date="2026-01-01", dialect=dialect))
        assert not any(line.lstrip().startswith("DROP") for line in sql.splitlines()), sql
        assert "-- E0x\\nDROP TABLE canary; --\\r\\u2028y" in sql
        for st in statements(schema, dialect):
            assert st.kind != "note" or len(st.sql.splitlines()) == 1, st.sql
