"""The spec's own sequences end to end: DDL, ORM and Alembic code, import db and verify."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from golden import assert_golden
from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.metadata import cannot_hold, statements
from pydev_workflow.importers.database import reflect
from pydev_workflow.model import Schema
from pydev_workflow.model.schema import Sequence
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.spec.load import load
from pydev_workflow.verify.core import round_trip
from pydev_workflow.verify.diff import diff

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "engine-specs" / "sequences.yaml"
OPTIONS = RenderOptions(date="2025-01-15")
DIALECTS = ("postgresql", "mariadb", "mysql", "sqlite")


def _schema() -> Schema:
    return load(SPEC)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_sql_golden(dialect: str) -> None:
    text = render("sql", _schema(), RenderOptions(date="2025-01-15", dialect=dialect))
    assert_golden("sequences", f"sql-{dialect}.sql", text)


def test_orm_and_alembic_golden() -> None:
    assert_golden("sequences", "orm.py.txt", render("sqlalchemy", _schema(), OPTIONS))
    assert_golden("sequences", "alembic.py.txt", render("alembic", _schema(), OPTIONS))


def test_the_markdown_section_shows_them_in_its_sql_block() -> None:
    text = render("markdown", _schema(), RenderOptions(date="2025-01-15", dialect="postgresql"))
    assert "CREATE SEQUENCE order_no START WITH 1000 CACHE 20;" in text


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_an_engine_without_sequences_says_so_at_the_spec_line(dialect: str) -> None:
    schema = _schema()
    notes = cannot_hold(schema, dialect)
    seq_notes = [(text, loc.line) for text, loc, entity in notes if "sequence" in text]
    assert [line for _, line in seq_notes] == [q.loc.line for q in schema.sequences]
    assert all(text.startswith("not expressible in") for text, _ in seq_notes)
    assert not any(st.kind == "sequence" for st in statements(schema, dialect))


def test_sequences_are_compared_by_what_they_do() -> None:
    spec = replace(Schema(dialect="postgresql"), sequences=(Sequence("s", start=1, min_value=1),))
    same = replace(spec, sequences=(Sequence("s"),))
    assert diff(spec, same, "postgresql") == []  # start 1, min 1: the defaults
    other = replace(spec, sequences=(Sequence("s", increment=2), Sequence("t")))
    codes = sorted(d.code for d in diff(spec, other, "postgresql"))
    assert codes == ["V182", "V183"]
    assert [d.code for d in diff(spec, replace(spec, sequences=()), "postgresql")] == ["V181"]
    assert diff(spec, replace(spec, sequences=()), "sqlite") == []  # the DDL's note says it


# -- real engines ----------------------------------------------------------------------------
@contextmanager
def _pg_schema(url: str) -> Iterator[str]:
    name = "pydev_seq_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')  # test code: a generated name
        conn.commit()
    try:
        yield str(sa.make_url(url).update_query_dict({"options": f"-csearch_path={name}"}))
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            conn.commit()
        engine.dispose()


@contextmanager
def _maria_database(url: str) -> Iterator[str]:
    name = "pydev_seq_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}`")  # test code: a generated name
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        engine.dispose()


def _place(engine: str, url: str) -> Any:
    return _pg_schema(url) if engine == "postgresql" else _maria_database(url)


def _read(url: str, dialect: str) -> tuple[Sequence, ...]:
    engine = sa.create_engine(url)
    try:
        return reflect(engine, dialect).schema.sequences
    finally:
        engine.dispose()


def _apply(url: str, sql: list[str]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for text in sql:
            conn.exec_driver_sql(text)
    engine.dispose()


def _server(request: pytest.FixtureRequest, engine: str) -> str:
    return str(request.getfixturevalue(f"{engine}_url"))


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_verify_round_trip_is_green(engine: str, request: pytest.FixtureRequest) -> None:
    url = _server(request, engine)
    result = round_trip(_schema(), url, in_place=True)
    assert not result.failures
    assert [d for d in result.differences if d.is_finding] == []


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_import_db_reads_them_back(engine: str, request: pytest.FixtureRequest) -> None:
    """The DDL's sequences read back as the spec wrote them; owned ones are not among them."""
    schema = _schema()
    with _place(engine, _server(request, engine)) as url:
        ddl = [st.sql for st in statements(schema, engine) if st.kind != "note"]
        _apply(url, [*ddl, "CREATE SEQUENCE down_seq INCREMENT BY -1"])
        got = _read(url, engine)
    want = {q.name: replace(q, loc=got[0].loc) for q in schema.sequences}
    want["down_seq"] = Sequence("down_seq", increment=-1)
    # the spec's start 1 / min 1 are the engine's defaults: read back as unset
    want["invoice_no"] = replace(want["invoice_no"], start=None, min_value=None)
    assert {q.name: q for q in got} == want


def test_import_db_leaves_out_serial_and_identity_sequences(postgresql_url: str) -> None:
    with _pg_schema(postgresql_url) as url:
        _apply(
            url,
            [
                "CREATE TABLE a (id SERIAL PRIMARY KEY)",
                "CREATE TABLE b (id INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
                "CREATE SEQUENCE named_seq",
                "CREATE TABLE c (id INT PRIMARY KEY DEFAULT nextval('named_seq'))",
                "CREATE SEQUENCE free START 7",
            ],
        )
        got = _read(url, "postgresql")
    assert [(q.name, q.start) for q in got] == [("free", 7)]


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_verify_sees_a_sequence_the_engine_holds_otherwise(
    engine: str, request: pytest.FixtureRequest
) -> None:
    schema = _schema()
    with _place(engine, _server(request, engine)) as url:
        _apply(url, ["CREATE SEQUENCE order_no START WITH 5", "CREATE SEQUENCE stray"])
        db = sa.create_engine(url)
        try:
            actual = reflect(db, engine).schema
        finally:
            db.dispose()
    found = {(d.code, d.subject) for d in diff(schema, actual, engine)}
    assert {("V183", "order_no"), ("V181", "invoice_no"), ("V182", "stray")} <= found


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_orm_and_alembic_create_them(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from test_sql_migration import _config
    from test_sql_orm import _import

    schema = _schema()
    names = sorted(q.name for q in schema.sequences)
    with _place(engine, _server(request, engine)) as url:
        cfg = _config(tmp_path, schema, url)
        command.upgrade(cfg, "head")
        assert sorted(q.name for q in _read(url, engine)) == names
        command.downgrade(cfg, "base")
        assert _read(url, engine) == ()
        path = tmp_path / "models_sequences.py"
        path.write_text(render("sqlalchemy", schema, OPTIONS), encoding="utf-8")
        module = _import(path, path.stem)
        db = sa.create_engine(url)
        try:
            module.Base.metadata.create_all(db)
        finally:
            db.dispose()
        assert sorted(q.name for q in _read(url, engine)) == names


def test_adapters_without_sequences_read_none() -> None:
    assert adapter_for("sqlite").standalone_sequences.__qualname__.startswith("EngineAdapter")


def test_a_sequence_in_a_schema_no_table_uses_goes_with_the_tables() -> None:
    schema = replace(_schema(), sequences=(Sequence("probe", schema="public"),))
    sql = [st.sql for st in statements(schema, "postgresql")]
    assert "CREATE SEQUENCE probe" in sql
    assert any("no table of the spec is in schema public" in x for x in sql)
    for name in ("sqlalchemy", "alembic"):  # the ORM and Alembic code create it there too
        assert 'schema="public"' not in render(name, schema, OPTIONS)


def test_verify_keeps_a_schema_qualified_sequence_in_its_sandbox(postgresql_url: str) -> None:
    """A sequence never lands in a real schema of the target (here its `public`)."""
    schema = replace(_schema(), sequences=(Sequence("probe_seq", schema="public"),))
    result = round_trip(schema, postgresql_url, in_place=True)
    assert [d for d in result.differences if d.is_finding] == [] and not result.failures
    engine = sa.create_engine(postgresql_url)
    try:
        with engine.connect() as conn:
            left = conn.exec_driver_sql(
                "SELECT schemaname FROM pg_sequences WHERE sequencename = 'probe_seq'"
            ).all()
    finally:
        engine.dispose()
    assert left == []


def test_a_sequence_counting_down_loads() -> None:
    """PostgreSQL and MariaDB take negative starts, bounds and steps; a zero step is refused."""
    from pydev_workflow.errors import InputError
    from pydev_workflow.spec.load import loads

    head = "entities: {T: {fields: {id: {type: integer, pk: true}}}}\nsequences:\n"
    s = loads(head + "  - {name: down, start: -10, increment: -2, min: -100, max: 0}\n")
    assert (s.sequences[0].start, s.sequences[0].increment) == (-10, -2)
    with pytest.raises(InputError, match="increment must be a non-zero whole number"):
        loads(head + "  - {name: still, increment: 0}\n")
