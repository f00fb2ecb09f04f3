"""The ORM code's create_all makes the catalog our DDL makes, type for type, on each engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from golden import assert_golden
from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.metadata import statements
from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.spec.load import load
from test_sequences import _maria_database, _pg_schema, _place
from test_sql_migration import _config
from test_sql_orm import SPECS, _import, _spec

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "engine-specs" / "storage-types.yaml"
OPTIONS = RenderOptions(date="2025-01-15")


def _schema() -> Schema:
    return load(SPEC)


def test_orm_and_alembic_golden() -> None:
    assert_golden("storage-types", "orm.py.txt", render("sqlalchemy", _schema(), OPTIONS))
    assert_golden("storage-types", "alembic.py.txt", render("alembic", _schema(), OPTIONS))


@pytest.mark.parametrize("dialect", ["mariadb", "postgresql", "sqlite"])
def test_sql_golden(dialect: str) -> None:
    text = render("sql", _schema(), RenderOptions(date="2025-01-15", dialect=dialect))
    assert_golden("storage-types", f"sql-{dialect}.sql", text)


def _catalog(url: str) -> dict[str, Any]:
    """Per table: columns (name, reflected type, nullable, default, comment), PK, CHECKs."""
    engine = sa.create_engine(url)
    try:
        insp = sa.inspect(engine)
        out = {}
        for t in sorted(insp.get_table_names()):
            pk = insp.get_pk_constraint(t)["constrained_columns"]
            # SQLite reports `id INTEGER PRIMARY KEY` (the rowid, never NULL) as nullable
            columns = [
                (c["name"], repr(c["type"]), c["nullable"] and c["name"] not in pk, c["default"])
                + (c.get("comment"),)
                for c in insp.get_columns(t)
            ]
            checks = sorted(str(ck["sqltext"]) for ck in insp.get_check_constraints(t))
            out[t] = (columns, pk, checks)
        return out
    finally:
        engine.dispose()


def _by_ddl(url: str, dialect: str, schema: Schema | None = None) -> dict[str, Any]:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for st in statements(schema or _schema(), dialect):
            if st.kind != "note":
                adapter_for(dialect).raw(conn, st.sql)  # as verify sends it (a % stays a %)
    engine.dispose()
    return _catalog(url)


def _by_orm(url: str, tmp_path: Path, schema: Schema | None = None) -> dict[str, Any]:
    path = tmp_path / "models_storage_types.py"
    path.write_text(render("sqlalchemy", schema or _schema(), OPTIONS), encoding="utf-8")
    module = _import(path, path.stem)
    engine = sa.create_engine(url)
    try:
        module.Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    return _catalog(url)


def test_same_catalog_on_sqlite(tmp_path: Path) -> None:
    ddl = _by_ddl(f"sqlite:///{tmp_path / 'ddl.db'}", "sqlite")
    assert _by_orm(f"sqlite:///{tmp_path / 'orm.db'}", tmp_path) == ddl
    assert len(ddl["readings"][2]) == 6  # the unsigned fields' CHECK (x >= 0)


def test_same_catalog_on_mariadb(tmp_path: Path, mariadb_url: str) -> None:
    with _maria_database(mariadb_url) as a, _maria_database(mariadb_url) as b:
        ddl = _by_ddl(a, "mariadb")
        assert _by_orm(b, tmp_path) == ddl
    columns = dict((c[0], c[1]) for c in ddl["readings"][0])
    assert "unsigned=True" in columns["hits"] and "MEDIUMTEXT" in columns["body"]
    assert "utf8mb4_bin" in columns["name"] and "fsp=3" in columns["seen_at"]


def test_same_catalog_on_postgresql(tmp_path: Path, postgresql_url: str) -> None:
    with _pg_schema(postgresql_url) as a, _pg_schema(postgresql_url) as b:
        assert _by_orm(b, tmp_path) == _by_ddl(a, "postgresql")


@pytest.mark.parametrize("case", sorted(SPECS))
def test_same_catalog_for_the_golden_specs(case: str, tmp_path: Path) -> None:
    """Enums (a named CHECK on SQLite), timestamps, identities of every golden spec."""
    schema = _spec(case)
    ddl = _by_ddl(f"sqlite:///{tmp_path / 'ddl.db'}", "sqlite", schema)
    assert _by_orm(f"sqlite:///{tmp_path / 'orm.db'}", tmp_path, schema) == ddl


# blog: its UUID keys get a Python-side default in the ORM code (a server one in the DDL)
@pytest.mark.parametrize("case", ["sakila"])
def test_same_catalog_for_golden_specs_on_mariadb(
    case: str, tmp_path: Path, mariadb_url: str
) -> None:
    schema = _spec(case)
    with _maria_database(mariadb_url) as a, _maria_database(mariadb_url) as b:
        assert _by_orm(b, tmp_path, schema) == _by_ddl(a, "mariadb", schema)


@pytest.mark.parametrize("engine", ["mariadb", "postgresql"])
def test_the_alembic_revision_makes_the_same_catalog(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server = str(request.getfixturevalue(f"{engine}_url"))
    with _place(engine, server) as a, _place(engine, server) as b:
        command.upgrade(_config(tmp_path, _schema(), b), "head")
        made = _catalog(b)
        made.pop("alembic_version")
        assert made == _by_ddl(a, engine)
