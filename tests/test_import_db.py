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
from pydev_workflow.model import Action, Entity, ForeignKey, IndexMethod, Schema, TypeKind
from pydev_workflow.spec.load import load
from pydev_workflow.verify.compare import normalize


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


def _sakila_statements(corpus: Path) -> list[str]:
    """MySQL sakila's tables, for a database of our own (the file creates and enters `sakila`)."""
    text = (corpus / "mysql/sakila-schema.sql").read_text(encoding="utf-8")
    return [
        st.text.strip()
        for st in split_statements(text, "sakila", "mysql")
        if not st.meta and re.match(r"(?is)CREATE\s+TABLE|SET\b", st.text.strip())
    ]


#: pagila is dumped from PostgreSQL 18; this server is older: its uuidv7() and VIRTUAL columns
#: have PostgreSQL 15 spellings, and pgvector is not installed (the table that needs it is left
#: out)
_PG15 = ((r"uuidv7\(\)", "gen_random_uuid()"), (r"\) VIRTUAL$", ") STORED"))


def _pagila_statements(corpus: Path) -> list[str]:
    text = (corpus / "postgresql/pagila-schema.sql").read_text(encoding="utf-8")
    for pattern, repl in _PG15:
        text = re.sub(pattern, repl, text, flags=re.M)
    return [
        st.text
        for st in split_statements(text, "pagila", "postgresql")
        if not st.meta and not re.search(r"(?i)\bvector\b|film_embedding", st.text)
    ]


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
        with engine.begin() as conn:
            for sql in _sakila_statements(corpus):
                conn.exec_driver_sql(sql)
            conn.exec_driver_sql("INSERT INTO language (language_id, name) VALUES (1, 'English')")
            conn.exec_driver_sql("INSERT INTO actor (first_name, last_name) VALUES ('A', 'B')")
        yield url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


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
        with engine.begin() as conn:
            for sql in _pagila_statements(corpus):
                conn.exec_driver_sql(sql)
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
@pytest.mark.parametrize("fmt", ["mermaid", "markdown", "sql", "sqlalchemy"])
def test_render_db_is_import_then_render(
    postgresql_pagila: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`render --db URL` writes what `import db` followed by `render` of the spec writes."""
    monkeypatch.chdir(tmp_path)  # no project documents: the model as the database holds it
    spec, chained, direct = (tmp_path / n for n in ("s.yaml", "chained.out", "direct.out"))
    assert run_cli(["data-models", "import", "db", postgresql_pagila, "-o", str(spec)]) == 0
    assert run_cli(["data-models", "render", "-f", fmt, "-s", str(spec), "-o",
                    str(chained)]) == 0  # fmt: skip
    assert run_cli(["data-models", "render", "-f", fmt, "--db", postgresql_pagila, "-o",
                    str(direct)]) == 0  # fmt: skip
    text = direct.read_text(encoding="utf-8")
    assert len(text) > 1000 and text == chained.read_text(encoding="utf-8")


@pytest.mark.db("postgresql")
def test_render_db_refuses_a_spec(postgresql_pagila: str, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    argv = ["data-models", "render", "-f", "mermaid", "--db", postgresql_pagila, "-s", str(spec)]
    assert run_cli(argv) == 2


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


def test_sqlite_expression_indexes_are_read(tmp_path: Path) -> None:
    """SQLAlchemy skips them with a warning ("expression-based index"); import db used to lose
    them without a word, and verify on SQLite reported them missing (V161)."""
    path = tmp_path / "x.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE q (id INTEGER PRIMARY KEY, name TEXT);"
            "CREATE UNIQUE INDEX q1 ON q (lower(name));"
            "CREATE INDEX q2 ON q (name, lower(name) DESC);"
            "CREATE INDEX q3 ON q (substr(name, 1, 3)) WHERE id > 10;"
            "CREATE INDEX q4 ON q (name);"
        )
    conn.close()
    q = import_database(f"sqlite:///{path}", ImportOptions()).schema.entity("Q")
    keys = {
        ix.name: (ix.unique, [(k.name, k.expression, k.descending) for k in ix.fields], ix.where)
        for ix in q.indexes
    }
    assert keys == {
        "q1": (True, [("LOWER(name)", True, False)], None),
        "q2": (False, [("name", False, False), ("LOWER(name)", True, True)], None),
        "q3": (False, [("SUBSTRING(name, 1, 3)", True, False)], "id > 10"),
        "q4": (False, [("name", False, False)], None),
    }
    assert run_cli(["data-models", "import", "db", f"sqlite:///{path}", "-o",
                    str(tmp_path / "s.yaml")]) == 0  # fmt: skip
    assert run_cli(["data-models", "verify", "--spec", str(tmp_path / "s.yaml"),
                    "--rows", "20"]) == 0  # fmt: skip


def test_what_sqlalchemy_skips_is_reported(own_mariadb_url: str) -> None:
    """MariaDB's PERIOD FOR is no part of the model: SQLAlchemy warns, and so do we."""
    import sqlalchemy as sa

    engine = sa.create_engine(own_mariadb_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id int PRIMARY KEY, s date NOT NULL, e date NOT NULL, "
            "PERIOD FOR p (s, e))"
        )
    engine.dispose()
    result = import_database(own_mariadb_url, ImportOptions())
    assert result.unsupported == (
        "Unknown schema content: '  PERIOD FOR `p` (`s`, `e`),' (SQLAlchemy's reflection: "
        "not carried over)",
    )


#: What `import db` may carry that `import sql` of the same file does not (yet) read: an empty
#: value on the SQL side is no contradiction
_RICHER = ("collation", "sequence", "generated", "auto_update", "options")


def _same(a: Schema, b: Schema) -> None:
    """`import sql` (a) and `import db` (b) of one schema agree, but for the documented ways.

    Documented differences (docs in each branch below): SQLite's rowid, MySQL's unrecorded
    RESTRICT, constraint names the engine would have given, and what import db reads from the
    catalogue that import sql does not read from the text (`_RICHER`, sized and unsigned types,
    FULLTEXT/SPATIAL indexes).
    """
    assert sorted(e.name for e in a.entities) == sorted(e.name for e in b.entities)
    mysql = a.dialect in ("mysql", "mariadb")
    for ea in a.entities:
        eb = b.entity(ea.name)
        assert eb is not None
        assert ea.primary_key == eb.primary_key, ea.name
        assert [f.name for f in ea.fields] == [f.name for f in eb.fields], ea.name
        for fa, fb in zip(ea.fields, eb.fields, strict=True):
            where = f"{ea.name}.{fa.name}"
            # SQLite's lone INTEGER PRIMARY KEY is the rowid, numbered by the engine
            # (https://www.sqlite.org/lang_createtable.html#rowid); the catalogue cannot tell
            # whether the SQL meant it so: import db says identity
            rowid = a.dialect == "sqlite" and ea.primary_key == (fa.name,) and fb.identity
            assert (fa.nullable, fa.identity or rowid, fa.unique) == (
                fb.nullable,
                fb.identity,
                fb.unique,
            ), where
            ta, tb = fa.type, fb.type
            if ta.kind is TypeKind.NATIVE and tb.kind is TypeKind.NATIVE:
                # SET('a', 'b') as written vs SET('a','b') as the engine spells it
                assert (ta.native or "").replace(", ", ",") == tb.native, where
            else:
                richer = {"unsigned": tb.unsigned, "size": tb.size}
                assert dataclasses.replace(ta, **richer) == tb, where
            assert fa.default == fb.default or fb.auto_update, where  # ON UPDATE: below
            for attr in _RICHER:
                va, vb = getattr(fa, attr), getattr(fb, attr)
                if attr == "generated" and va and vb:
                    # the engine stores its own rewrite of the expression (casts, parentheses):
                    # the same meaning, compared as normalised sqlglot trees
                    same = normalize(va.expression, a.dialect) == normalize(
                        vb.expression, a.dialect
                    )
                    assert same and va.stored == vb.stored, f"{where}.{attr}"
                    continue
                assert va == vb or not va, f"{where}.{attr}"

        def fk_key(fk: ForeignKey, e: Entity = ea, mysql: bool = mysql) -> tuple[object, ...]:
            # MySQL does not record an explicit RESTRICT, its default
            on_delete = None if mysql and fk.on_delete is Action.RESTRICT else fk.on_delete
            on_update = None if mysql and fk.on_update is Action.RESTRICT else fk.on_update
            name = fk.name
            if engine_named("foreign", name, e.table, fk.fields, a.dialect):
                name = None
            return (fk.fields, fk.ref_entity, on_delete, on_update, name)

        assert {fk_key(fk) for fk in ea.foreign_keys} == {fk_key(fk) for fk in eb.foreign_keys}, (
            ea.name
        )
        # MySQL keeps `UNIQUE KEY name (…)` as a unique index of that name: one object in the
        # catalogue for both spellings, and import db reads it as the index
        keys = {ix.name for ix in eb.indexes if mysql and ix.unique} - {
            ix.name for ix in ea.indexes
        }
        assert {(u.fields, u.name) for u in ea.uniques} == {
            (u.fields, u.name) for u in eb.uniques
        } | {
            (
                ix.field_names,
                None
                if engine_named("unique", ix.name, ea.table, ix.field_names, a.dialect)
                else ix.name,
            )
            for ix in eb.indexes
            if ix.name in keys
        }, ea.name
        kinds = (IndexMethod.FULLTEXT, IndexMethod.SPATIAL)
        assert {(ix.name, ix.fields, ix.method) for ix in ea.indexes} == {
            (ix.name, ix.fields, ix.method)
            for ix in eb.indexes
            if ix.name not in keys
            and (ix.method not in kinds or any(i.name == ix.name for i in ea.indexes))
        }, ea.name


@pytest.mark.db("mariadb")
def test_mariadb_import_db_is_as_faithful_as_import_sql(
    mariadb_sakila: str, corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sakila.sql"
    path.write_text(";\n".join(_sakila_statements(corpus)) + ";\n", encoding="utf-8")
    from_sql = import_sql(str(path), ImportOptions(dialect="mysql")).schema
    _same(from_sql, import_database(mariadb_sakila, ImportOptions()).schema)


@pytest.mark.db("postgresql")
def test_postgresql_import_db_is_as_faithful_as_import_sql(
    postgresql_pagila: str, corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "pagila.sql"
    path.write_text(";\n".join(_pagila_statements(corpus)) + ";\n", encoding="utf-8")
    from_sql = import_sql(str(path), ImportOptions(dialect="postgresql")).schema
    _same(from_sql, import_database(postgresql_pagila, ImportOptions()).schema)


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


MARIADB_FIDELITY = [
    "CREATE TABLE shop (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
    "token BINARY(16) NOT NULL, hash VARBINARY(32), body MEDIUMTEXT, photo LONGBLOB, "
    "price DECIMAL(10,2) UNSIGNED, name VARCHAR(200) NOT NULL, "
    "changed TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, "
    "total DECIMAL(11,2) AS (price * 2) STORED, "
    "CONSTRAINT price_positive CHECK (price > 0), "
    "KEY name_prefix (name(60)), FULLTEXT KEY body_text (body)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='the shops'",
    "CREATE TABLE place (id INT PRIMARY KEY, pos POINT NOT NULL, SPATIAL KEY pos_idx (pos))",
]


@pytest.mark.db("mariadb")
def test_mariadb_types_index_kinds_and_table_options(mariadb_url: str) -> None:
    import sqlalchemy as sa

    name = f"idb_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(mariadb_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        engine = sa.create_engine(_server(mariadb_url, name))
        with engine.begin() as conn:
            for sql in MARIADB_FIDELITY:
                conn.exec_driver_sql(sql)
        engine.dispose()
        schema = import_database(_server(mariadb_url, name), ImportOptions()).schema
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()
    shop = schema.entity("Shop")
    types = {f.name: str(f.type) for f in shop.fields}
    assert types == {
        "id": "integer(unsigned)",
        "token": "binary(16)",
        "hash": "bytes(32)",
        "body": "text(medium)",
        "photo": "bytes(long)",
        "price": "decimal(10,2,unsigned)",
        "name": "string(200)",
        "changed": "timestamp(tz)",
        "total": "decimal(11,2)",
    }
    assert shop.field("id").identity
    assert shop.field("changed").auto_update
    generated = shop.field("total").generated
    assert generated is not None and generated.stored and "price" in generated.expression
    assert [c.name for c in shop.checks] == ["price_positive"]
    assert shop.description == "the shops"
    assert shop.options.of("mysql") == {
        "engine": "InnoDB",
        "charset": "utf8mb4",
        "collate": "utf8mb4_unicode_ci",
    }
    by_name = {ix.name: ix for ix in shop.indexes}
    assert by_name["name_prefix"].fields[0].length == 60
    assert by_name["body_text"].method is IndexMethod.FULLTEXT
    assert [ix.method for ix in schema.entity("Place").indexes] == [IndexMethod.SPATIAL]


POSTGRESQL_FIDELITY = [
    "CREATE SEQUENCE users_seq",
    "CREATE TABLE users (id integer PRIMARY KEY DEFAULT nextval('users_seq'), "
    "email text NOT NULL, role text CONSTRAINT role_is_known CHECK (role IN ('a', 'b')), "
    "age integer CHECK (age > 0), "
    "CONSTRAINT users_email_uq UNIQUE (email))",
    "ALTER SEQUENCE users_seq OWNED BY users.id",
    "CREATE TABLE tag (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    "owner integer REFERENCES users (id) ON DELETE CASCADE, label text NOT NULL)",
    "CREATE INDEX tag_label_pattern ON tag (label text_pattern_ops) WHERE owner IS NOT NULL",
]


@pytest.mark.db("postgresql")
def test_postgresql_sequences_opclasses_and_names(postgresql_url: str) -> None:
    import sqlalchemy as sa

    name = f"idb_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        engine = sa.create_engine(_server(postgresql_url, name))
        with engine.begin() as conn:
            for sql in POSTGRESQL_FIDELITY:
                conn.exec_driver_sql(sql)
            conn.exec_driver_sql("INSERT INTO users (email) VALUES ('a@b')")
        engine.dispose()
        schema = import_database(_server(postgresql_url, name), ImportOptions()).schema
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
    users = schema.entity("Users")
    assert users.field("id").identity and users.field("id").sequence == "users_seq"
    assert users.primary_key_name is None  # users_pkey: PostgreSQL's own name
    # the user's names stay, PostgreSQL's (`users_age_check`) read back as none
    assert sorted((c.name or "") for c in users.checks) == ["", "role_is_known"]
    assert [(u.fields, u.name) for u in users.uniques] == [(("email",), "users_email_uq")]
    tag = schema.entity("Tag")
    assert tag.field("id").identity and tag.field("id").sequence is None
    assert [(fk.name, fk.on_delete) for fk in tag.foreign_keys] == [(None, Action.CASCADE)]
    (ix,) = tag.indexes
    assert ix.fields[0].opclass == "text_pattern_ops"
    assert ix.where == "owner IS NOT NULL"
