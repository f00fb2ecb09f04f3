"""`import db` on real, non-empty databases of all three engines, compared with `import sql`.

Each test creates its own uniquely named database, loads a corpus schema written by other
people plus some rows, imports it through the CLI, loads the written spec back and drops the
database.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import uuid
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.database import import_database
from pydev_workflow.importers.names import engine_named
from pydev_workflow.importers.sql import import_sql
from pydev_workflow.importers.sqlsplit import split_statements
from pydev_workflow.model import Action, IndexMethod, Schema
from pydev_workflow.spec.load import load


def _plain_only(obj: Any, path: str = "schema") -> list[str]:
    """Paths of every string in `obj` that is not exactly `str` (e.g. SQLAlchemy quoted_name)."""
    if isinstance(obj, str):
        return [] if type(obj) is str else [f"{path}: {type(obj).__name__}"]
    if isinstance(obj, Enum) or obj is None or isinstance(obj, bool | int | float):
        return []
    if isinstance(obj, tuple):
        return [p for i, x in enumerate(obj) for p in _plain_only(x, f"{path}[{i}]")]
    if dataclasses.is_dataclass(obj):
        return [
            p
            for f in dataclasses.fields(obj)
            for p in _plain_only(getattr(obj, f.name), f"{path}.{f.name}")
        ]
    return []


def _import_cli(url: str, tmp_path: Path) -> Schema:
    """`import db URL -o spec`, then the spec loaded back."""
    out = tmp_path / "data-models.yaml"
    assert run_cli(["data-models", "import", "db", url, "-o", str(out)]) == 0
    return load(out)


def _server(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def sqlite_chinook(tmp_path: Path, corpus: Path) -> str:
    path = tmp_path / "chinook.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((corpus / "sqlite/chinook-schema.sql").read_text(encoding="utf-8"))
        conn.execute("INSERT INTO Artist (ArtistId, Name) VALUES (1, 'AC/DC')")
        conn.execute("INSERT INTO Album (AlbumId, Title, ArtistId) VALUES (1, 'Back', 1)")
    conn.close()
    return f"sqlite:///{path}"


@pytest.fixture
def mariadb_sakila(mariadb_url: str, corpus: Path) -> Iterator[str]:
    import sqlalchemy as sa

    name = f"idb_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(mariadb_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = _server(mariadb_url, name)
    engine = sa.create_engine(url)
    try:
        text = (corpus / "mysql/sakila-schema.sql").read_text(encoding="utf-8")
        with engine.begin() as conn:
            for st in split_statements(text, "sakila", "mysql"):
                sql = st.text.strip()
                # the file creates and enters a database of its own name: stay in ours
                if st.meta or re.match(r"(?is)(DROP|CREATE) SCHEMA|USE\b", sql):
                    continue
                if re.match(r"(?is)CREATE\s+TABLE|SET\b", sql):
                    conn.exec_driver_sql(sql)
            conn.exec_driver_sql("INSERT INTO language (language_id, name) VALUES (1, 'English')")
            conn.exec_driver_sql("INSERT INTO actor (first_name, last_name) VALUES ('A', 'B')")
        yield url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


#: pagila is dumped from PostgreSQL 18; this server is older: its uuidv7() and VIRTUAL columns
#: have PostgreSQL 15 spellings, and pgvector is not installed (the table that needs it is left
#: out)
_PG15 = ((r"uuidv7\(\)", "gen_random_uuid()"), (r"\) VIRTUAL$", ") STORED"))


@pytest.fixture
def postgresql_pagila(postgresql_url: str, corpus: Path) -> Iterator[str]:
    import sqlalchemy as sa

    name = f"idb_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = _server(postgresql_url, name)
    engine = sa.create_engine(url)
    try:
        text = (corpus / "postgresql/pagila-schema.sql").read_text(encoding="utf-8")
        for pattern, repl in _PG15:
            text = re.sub(pattern, repl, text, flags=re.M)
        with engine.begin() as conn:
            for st in split_statements(text, "pagila", "postgresql"):
                if st.meta or re.search(r"(?i)\bvector\b|film_embedding", st.text):
                    continue
                conn.exec_driver_sql(st.text)
            conn.exec_driver_sql("SET search_path = public")
            conn.exec_driver_sql("INSERT INTO actor (first_name, last_name) VALUES ('A', 'B')")
        yield url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def test_sqlite_non_empty_database(sqlite_chinook: str, tmp_path: Path) -> None:
    schema = _import_cli(sqlite_chinook, tmp_path)
    assert len(schema.entities) == 11
    assert {fk.ref_entity for fk in schema.entity("Album").foreign_keys} == {"Artist"}


@pytest.mark.db("mariadb")
def test_mariadb_non_empty_database(mariadb_sakila: str, tmp_path: Path) -> None:
    schema = _import_cli(mariadb_sakila, tmp_path)
    assert len(schema.entities) == 16
    actor = schema.entity("Actor")
    assert actor.field("actor_id").type.unsigned
    assert actor.field("last_update").auto_update
    assert actor.options.get("mysql", "engine") == "InnoDB"
    film_text = schema.entity("FilmText")
    assert [ix.method for ix in film_text.indexes] == [IndexMethod.FULLTEXT]
    # the engine's own names (`fk_…` are the file's, `…_ibfk_1` would be the engine's)
    assert all(fk.name for fk in schema.entity("Address").foreign_keys)


@pytest.mark.db("postgresql")
def test_postgresql_non_empty_database(postgresql_pagila: str, tmp_path: Path) -> None:
    schema = _import_cli(postgresql_pagila, tmp_path)
    payment = schema.entity("Payment")
    assert payment.partitioning is not None and len(payment.partitioning.partitions) > 0
    film = schema.entity("Film")
    assert film.field("length_hours").generated is not None
    # `film_actor_actor_id_fkey` is the name PostgreSQL gives: no name in the spec
    assert [fk.name for fk in schema.entity("FilmActor").foreign_keys] == [None, None]


@pytest.mark.db("postgresql")
@pytest.mark.db("mariadb")
def test_every_name_is_a_plain_str(
    sqlite_chinook: str, mariadb_sakila: str, postgresql_pagila: str
) -> None:
    """The quoted_name crash cannot come back: no str subclass anywhere in the model."""
    for url in (sqlite_chinook, mariadb_sakila, postgresql_pagila):
        schema = import_database(url, ImportOptions()).schema
        assert _plain_only(schema) == [], url


SQLITE_FIDELITY = """
CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE code (code TEXT PRIMARY KEY, label TEXT);
CREATE TABLE book (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES author(id) ON DELETE CASCADE ON UPDATE SET NULL,
    code TEXT REFERENCES code(code) ON DELETE SET NULL,
    title TEXT NOT NULL
);
CREATE INDEX book_title ON book (title DESC);
"""


def test_sqlite_fk_actions_and_autoincrement(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(SQLITE_FIDELITY)
        conn.execute("INSERT INTO author (name) VALUES ('x')")
    conn.close()
    schema = import_database(f"sqlite:///{path}", ImportOptions()).schema
    book = schema.entity("Book")
    actions = {fk.fields: (fk.on_delete, fk.on_update) for fk in book.foreign_keys}
    assert actions == {
        ("author_id",): (Action.CASCADE, Action.SET_NULL),
        ("code",): (Action.SET_NULL, None),
    }
    assert schema.entity("Author").field("id").options.get("sqlite", "autoincrement") == "true"
    assert not schema.entity("Book").field("id").options
    assert book.indexes[0].fields[0].descending
    sql_path = tmp_path / "f.sql"
    sql_path.write_text(SQLITE_FIDELITY, encoding="utf-8")
    from_sql = import_sql(str(sql_path), ImportOptions(dialect="sqlite")).schema
    _same(from_sql, schema)


def _same(a: Schema, b: Schema) -> None:
    """`import sql` and `import db` of one schema: the same entities, field by field."""
    assert sorted(e.name for e in a.entities) == sorted(e.name for e in b.entities)
    for ea in a.entities:
        eb = b.entity(ea.name)
        assert eb is not None
        assert ea.primary_key == eb.primary_key, ea.name
        assert [f.name for f in ea.fields] == [f.name for f in eb.fields], ea.name
        for fa, fb in zip(ea.fields, eb.fields, strict=True):
            # documented difference: SQLite's lone INTEGER PRIMARY KEY is the rowid, numbered
            # by the engine (https://www.sqlite.org/lang_createtable.html#rowid); the catalogue
            # cannot tell whether the SQL meant it so, import db says identity
            rowid = a.dialect == "sqlite" and ea.primary_key == (fa.name,) and fb.identity
            assert (fa.type, fa.nullable, fa.identity or rowid) == (
                fb.type,
                fb.nullable,
                fb.identity,
            ), f"{ea.name}.{fa.name}"
        keys = {(fk.fields, fk.ref_entity, fk.on_delete, fk.on_update) for fk in ea.foreign_keys}
        assert keys == {
            (fk.fields, fk.ref_entity, fk.on_delete, fk.on_update) for fk in eb.foreign_keys
        }, ea.name
        assert {(ix.name, ix.fields, ix.method) for ix in ea.indexes} == {
            (ix.name, ix.fields, ix.method) for ix in eb.indexes
        }, ea.name


@pytest.mark.parametrize(
    ("kind", "name", "table", "columns", "dialect", "auto"),
    [
        ("foreign", "film_actor_actor_id_fkey", "film_actor", ("actor_id",), "postgresql", True),
        ("foreign", "fk_film_actor_actor", "film_actor", ("actor_id",), "postgresql", False),
        ("primary", "film_pkey", "film", ("film_id",), "postgresql", True),
        ("check", "users_role_check", "users", ("role",), "postgresql", True),
        ("check", "role_is_known", "users", ("role",), "postgresql", False),
        ("unique", "users_email_key", "users", ("email",), "postgresql", True),
        ("foreign", "shops_ibfk_1", "shops", ("owner_id",), "mariadb", True),
        ("check", "CONSTRAINT_1", "shops", ("owner_id",), "mariadb", True),
        ("check", "positive", "shops", ("owner_id",), "mariadb", False),
        ("primary", "PRIMARY", "shops", ("id",), "mariadb", True),
        ("foreign", "fk_shops_owner", "shops", ("owner_id",), "sqlite", False),
    ],
)
def test_engine_generated_names(
    kind: str, name: str, table: str, columns: tuple[str, ...], dialect: str, auto: bool
) -> None:
    assert engine_named(kind, name, table, columns, dialect) is auto
