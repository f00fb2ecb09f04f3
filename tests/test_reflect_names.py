"""Names holding the engine's own quote character read back as the catalog holds them.

SQLAlchemy's MySQL/MariaDB reflection reads column, key and constraint names out of SHOW CREATE
TABLE and leaves a backtick inside one doubled (the column v`; -- comes back as v``; --); the
MySQL adapter's `reflected_name` undoes that. Checked against information_schema on the real
MariaDB, and end to end through `verify`, which used to report each such column as missing
(V111) and extra (V112).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.dialects.adapter import adapter_for, adapters, dialect_kwarg, kwarg_prefixes
from pydev_workflow.importers.database import reflect

#: hostile names from tests/test_hostile.py that hold a backtick
COLUMN, DOUBLE, KEY = "v`; --", "a``b", "p`x"
INDEX, UNIQUE = "ix`q", "u``q"


def test_sqlalchemy_still_doubles_backticks_where_the_adapter_undoes_it() -> None:
    """If SQLAlchemy stops doubling, `reflection_doubles_quotes` must go (else names break)."""
    from sqlalchemy.dialects.mysql import pymysql
    from sqlalchemy.dialects.mysql.reflection import MySQLTableDefinitionParser

    dialect = pymysql.dialect()
    parser = MySQLTableDefinitionParser(dialect, dialect.identifier_preparer)
    state = parser.parse(
        "CREATE TABLE `t` (\n  `v``; --` int(11) DEFAULT NULL,\n"
        "  KEY `ix``q` (`v``; --`)\n) ENGINE=InnoDB",
        "utf8mb4",
    )
    assert state.columns[0]["name"] == "v``; --"
    assert state.keys[0]["name"] == "ix``q"
    assert state.keys[0]["columns"][0][0] == "v``; --"
    assert adapter_for("mariadb").reflected_name("v``; --") == COLUMN
    assert adapter_for("mariadb").reflected_name("a````b") == DOUBLE


def test_other_names_and_other_engines_pass_unchanged() -> None:
    for adapter in adapters():
        assert adapter.reflected_name('a""b') == 'a""b'
        assert adapter.reflected_name("a`b") == "a`b"
    assert adapter_for("postgresql").reflected_name(DOUBLE) == DOUBLE
    assert adapter_for("sqlite").reflected_name(DOUBLE) == DOUBLE


def test_index_options_are_read_through_the_engines_kwarg_prefixes() -> None:
    import sqlalchemy as sa

    where = sa.text("x > 0")  # SQLite reflects a partial index's WHERE as a clause
    assert dialect_kwarg({"sqlite_where": where}, "where", kwarg_prefixes("sqlite")) is where
    lengths = {"mysql_length": {}, "mariadb_length": {"a": 3}}
    assert dialect_kwarg(lengths, "length", kwarg_prefixes("mariadb")) == {"a": 3}
    assert dialect_kwarg({"postgresql_where": "x"}, "where", kwarg_prefixes("sqlite")) is None
    # a declared MetaData belongs to no engine: every engine's options count
    assert set(kwarg_prefixes(None)) == {"postgresql", "sqlite", "mysql", "mariadb"}


@pytest.fixture
def hostile_db(mariadb_url: str) -> Iterator[str]:
    """A database of its own holding two tables whose names hold backticks."""
    import sqlalchemy as sa

    name = f"rn_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(mariadb_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = str(sa.make_url(mariadb_url).set(database=name))
    md = sa.MetaData()
    sa.Table("owner", md, sa.Column("id", sa.Integer, primary_key=True))
    thing = sa.Table(
        "thing",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(COLUMN, sa.String(20)),
        sa.Column(DOUBLE, sa.Integer, nullable=False),
        sa.Column(KEY, sa.Integer, sa.ForeignKey("owner.id")),
        sa.UniqueConstraint(COLUMN, DOUBLE, name=UNIQUE),
    )
    sa.Index(INDEX, thing.c[DOUBLE], thing.c[COLUMN])
    engine = sa.create_engine(url)
    try:
        md.create_all(engine)
        yield url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


@pytest.mark.db("mariadb")
def test_mariadb_names_read_back_as_information_schema_holds_them(hostile_db: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(hostile_db)
    try:
        with engine.connect() as conn:
            columns = conn.execute(
                sa.text(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "DATABASE() AND table_name = 'thing' ORDER BY ordinal_position"
                )
            ).scalars()
            held = [str(c) for c in columns]
            keys: dict[str, list[str]] = {}
            for index, column in conn.execute(
                sa.text(
                    "SELECT index_name, column_name FROM information_schema.statistics WHERE "
                    "table_schema = DATABASE() AND table_name = 'thing' "
                    "ORDER BY index_name, seq_in_index"
                )
            ):
                keys.setdefault(str(index), []).append(str(column))
        thing = reflect(engine, "mariadb").schema.entity("Thing")
    finally:
        engine.dispose()
    assert held == ["id", COLUMN, DOUBLE, KEY]  # the server holds the names as written
    assert thing is not None
    assert [f.name for f in thing.fields] == held
    assert {ix.name: list(ix.field_names) for ix in thing.indexes} == {
        name: cols for name, cols in keys.items() if name != "PRIMARY"
    }
    assert {INDEX, UNIQUE, KEY} <= keys.keys()  # InnoDB names the foreign key's index p`x
    assert [fk.fields for fk in thing.foreign_keys] == [(KEY,)]


@pytest.mark.db("mariadb")
def test_verify_on_mariadb_finds_no_difference_in_backticked_names(
    mariadb_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = {
        "version": 1,
        "project": "Hostile",
        "dialect": "mariadb",
        "entities": {
            "Owner": {"table": "owner", "fields": {"id": {"type": "int", "pk": True}}},
            "Thing": {
                "table": "thing",
                "fields": {
                    "id": {"type": "int", "pk": True},
                    COLUMN: {"type": "string(20)"},
                    DOUBLE: {"type": "int", "nullable": False},
                    KEY: {"type": "int", "references": "Owner.id"},
                },
                "indexes": [{"name": INDEX, "fields": [DOUBLE]}],
            },
        },
    }
    path = tmp_path / "data-models.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    code = run_cli(["data-models", "verify", "-C", str(tmp_path), "-s", str(path), "--db",
                    mariadb_url, "--in-place", "--rows", "5", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, (out, err)
    report = json.loads(out)
    assert report["differences"] == []


def test_a_foreign_key_to_a_backticked_table_is_read_back_on_mariadb(mariadb_url: str) -> None:
    """SQLAlchemy's SHOW CREATE TABLE pattern misses a referred table named `` t`x ``: the
    catalogue's information_schema gives the key, so verify finds no missing foreign key."""
    from pydev_workflow.spec.load import loads
    from pydev_workflow.verify.core import round_trip

    spec = loads(
        """
entities:
  Weird:
    table: "t`x\\"y'z"
    fields: {id: {type: integer, pk: true}}
  Other:
    table: "o; DROP TABLE x --"
    fields:
      id: {type: bigint, pk: true}
      w_id: {type: integer, references: Weird.id, on_delete: cascade}
"""
    )
    result = round_trip(spec, mariadb_url, in_place=True)
    assert not result.failures, [str(f) for f in result.failures]
    assert not result.errors, [str(d) for d in result.errors]


def test_a_default_holding_a_newline_and_a_quote_reads_back_on_mariadb(mariadb_url: str) -> None:
    """MariaDB's catalog writes a default's newline as `\\n`: read back as the newline it is."""
    from pydev_workflow.spec.load import loads
    from pydev_workflow.verify.core import round_trip

    spec = loads(
        """
entities:
  Note:
    fields:
      id: {type: integer, pk: true}
      body: {type: string(60), nullable: false, default: "a\\nb'); DROP TABLE x; -- \\\\ end"}
"""
    )
    result = round_trip(spec, mariadb_url, in_place=True)
    assert not result.failures, [str(f) for f in result.failures]
    assert not result.errors, [str(d) for d in result.errors]
