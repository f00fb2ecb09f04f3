"""The model holds what real engines hold: types, names, options, sequences; spec round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.dialects import get_dialect
from pydev_workflow.model import DefaultKind, IndexMethod, parse_type
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads


@pytest.mark.parametrize(
    ("text", "spelled", "doc"),
    [
        ("integer(unsigned)", "integer(unsigned)", "INTEGER UNSIGNED"),
        ("bigint(unsigned)", "bigint(unsigned)", "BIGINT UNSIGNED"),
        ("decimal(10,2,unsigned)", "decimal(10,2,unsigned)", "DECIMAL(10,2) UNSIGNED"),
        ("float(unsigned)", "float(unsigned)", "DOUBLE UNSIGNED"),
        ("binary(16)", "binary(16)", "BINARY(16)"),
        ("varbinary(255)", "bytes(255)", "VARBINARY(255)"),
        ("mediumtext", "text(medium)", "MEDIUMTEXT"),
        ("longblob", "bytes(long)", "LONGBLOB"),
        ("tinytext", "text(tiny)", "TINYTEXT"),
        ("timestamp(tz,6)", "timestamp(tz,6)", "TIMESTAMPTZ"),
        ("timestamp(3)", "timestamp(3)", "TIMESTAMP"),
        ("bytes", "bytes", "BYTES"),
    ],
)
def test_real_engine_types_parse_and_spell_back(text: str, spelled: str, doc: str) -> None:
    t = parse_type(text)
    assert str(t) == spelled
    assert parse_type(str(t)) == t
    assert t.doc_name() == doc


SPEC = """\
version: 1
dialect: mysql
entities:
  User:
    table: users
    options: {mysql: {engine: InnoDB, charset: utf8mb4}}
    primary_key_name: users_pk
    fields:
      id: {type: integer(unsigned), pk: true, identity: true, sequence: users_seq}
      code: {type: string(20), default: '007'}
      zeros: {type: string(20), default: '00000000000000000'}
      literal_now: {type: string(20), default: {value: now()}}
      price: {type: 'decimal(10,2,unsigned)', default: '1.50'}
      name: {type: string(200), collation: utf8mb4_bin, options: {mysql: {charset: utf8mb4}}}
      full: {type: text(medium), generated: {expression: 'concat(name, code)', stored: false}}
      ts: {type: timestamp(tz), default: now(), auto_update: true}
      h: {type: binary(16)}
    indexes:
      - {name: ix_name, fields: [name(60), code text_pattern_ops DESC]}
      - {name: ft, fields: [full], type: fulltext, options: {mysql: {parser: ngram}}}
sequences:
  - {name: other_seq, start: 5, increment: 2}
"""


def test_new_spec_keys_load_and_dump_back_unchanged() -> None:
    s = loads(SPEC)
    assert loads(dumps(s)) == s
    e = s.entities[0]
    assert e.options.get("mysql", "engine") == "InnoDB"
    # MariaDB reads the mysql options (which keys an engine reads is its dialect's data)
    assert get_dialect("mariadb").options_of(e.options).get("charset") == "utf8mb4"
    assert e.primary_key_name == "users_pk"
    assert e.field("id").sequence == "users_seq"  # type: ignore[union-attr]
    assert e.field("name").collation == "utf8mb4_bin"  # type: ignore[union-attr]
    gen = e.field("full").generated  # type: ignore[union-attr]
    assert gen is not None and not gen.stored
    assert e.field("ts").auto_update  # type: ignore[union-attr]
    name, code = e.indexes[0].fields
    assert (name.name, name.length) == ("name", 60)
    assert (code.name, code.opclass, code.descending) == ("code", "text_pattern_ops", True)
    assert e.indexes[1].method is IndexMethod.FULLTEXT
    assert s.sequences[0].name == "other_seq"


def test_string_defaults_that_look_like_numbers_or_calls_stay_strings() -> None:
    s = loads(SPEC)
    e = s.entities[0]
    text = dumps(s)
    assert "default: '007'" in text
    assert "default: '00000000000000000'" in text
    assert "default: {value: now()}" in text
    assert "default: '1.50'" in text
    lit = e.field("literal_now").default  # type: ignore[union-attr]
    assert lit is not None and lit.kind is DefaultKind.LITERAL and lit.value == "now()"


PG_SPEC = """\
version: 1
dialect: postgresql
entities:
  Counter:
    fields:
      id: {type: integer, pk: true}
      hits: {type: "integer(unsigned)"}
      name: {type: text, check: "name::TEXT <> ''"}
    indexes:
      - {name: idx_counter_name, fields: [name]}
"""


def test_render_names_what_the_target_cannot_hold_at_the_spec_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "data-models.yaml"
    spec.write_text(PG_SPEC, encoding="utf-8")
    assert run_cli(["data-models", "render", "-C", str(tmp_path), "-f", "sql", "-d", "mysql"]) == 0
    out, err = capsys.readouterr()
    # the PostgreSQL cast is written for MySQL, not copied
    assert "CHECK (CAST(name AS CHAR) <> '')" in out
    assert "hits INTEGER UNSIGNED" in out
    assert "data-models.yaml:10:9: DM701 not expressible in MySQL: name of index" in err
    assert run_cli(["data-models", "render", "-C", str(tmp_path), "-f", "sql"]) == 0
    out, err = capsys.readouterr()
    assert "hits BIGINT" in out and "CHECK (hits >= 0)" in out  # unsigned, said
    assert "data-models.yaml:7:7: DM701 PostgreSQL: counter.hits integer(unsigned)" in err


def test_mysql_source_round_trips_what_it_holds() -> None:
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text

    sql = """
    CREATE TABLE t (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      h BINARY(16) NOT NULL,
      v VARBINARY(255),
      body MEDIUMTEXT,
      pic LONGBLOB,
      code VARCHAR(20) NOT NULL DEFAULT '007',
      zeros CHAR(17) DEFAULT '00000000000000000',
      price DECIMAL(5,2) UNSIGNED DEFAULT '1.50',
      name VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
      ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      dt DATETIME,
      PRIMARY KEY (id),
      KEY idx_name (name(60)),
      FULLTEXT KEY ft_body (body)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='things';
    """
    s = import_sql_text([("t.sql", sql)], ImportOptions(dialect="mysql")).schema
    ddl = "\n".join(st.sql for st in statements(s, "mariadb"))
    for part in (
        "id INTEGER UNSIGNED",
        "h BINARY(16) NOT NULL",
        "v VARBINARY(255)",
        "`body` MEDIUMTEXT",
        "pic LONGBLOB",
        "DEFAULT '007'",
        "DEFAULT '00000000000000000'",
        "DECIMAL(5, 2) UNSIGNED",
        "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        "ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
        "dt DATETIME",
        "ENGINE=InnoDB",
        "COMMENT='things'",
        "CREATE INDEX idx_name ON t (name(60))",
        "CREATE FULLTEXT INDEX ft_body ON t (`body`)",
    ):
        assert part in ddl, part
    # and the spec says so
    text = dumps(s)
    assert "default: '007'" in text and "default: '00000000000000000'" in text


def test_names_are_made_unique_in_each_target_namespace() -> None:
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.spec.load import loads as load_spec

    spec = """\
version: 1
dialect: postgresql
entities:
  Tag:
    table: tags
    fields: {id: {type: integer, pk: true}, name: {type: string(50)}}
    indexes: [{name: posts, fields: [name]}]
  Post:
    table: posts
    fields: {id: {type: integer, pk: true}, tag_id: {type: integer}}
    foreign_keys: [{fields: [tag_id], references: Tag(id), name: fk_tag}]
  Note:
    table: notes
    fields: {id: {type: integer, pk: true}, tag_id: {type: integer}}
    foreign_keys: [{fields: [tag_id], references: Tag(id), name: fk_tag}]
"""
    s = load_spec(spec)
    pg = [st.sql for st in statements(s, "postgresql")]
    assert any(x.startswith("CREATE INDEX posts_2 ON tags") for x in pg)  # a table is `posts`
    assert any("index posts on tags is posts_2 here" in x for x in pg)
    my = [st.sql for st in statements(s, "mysql")]
    assert any("ADD CONSTRAINT fk_tag FOREIGN KEY" in x for x in my)
    assert any("ADD CONSTRAINT fk_tag_2 FOREIGN KEY" in x for x in my)  # per database in InnoDB
    assert any("foreign key fk_tag on notes is fk_tag_2 here" in x for x in my)
    assert any(x.startswith("CREATE INDEX posts ON tags") for x in my)  # per table: kept


@pytest.mark.parametrize(
    ("dialect", "kind", "table", "cols", "name", "generated"),
    [
        ("postgresql", "foreign_key", "shops", ("owner_id",), "shops_owner_id_fkey", True),
        ("postgresql", "check", "users", ("role",), "users_role_check", True),
        ("postgresql", "unique", "users", ("email",), "users_email_key", True),
        ("postgresql", "primary_key", "users", ("id",), "users_pkey", True),
        ("postgresql", "foreign_key", "shops", ("owner_id",), "fk_shop_owner", False),
        ("mysql", "foreign_key", "film", ("language_id",), "film_ibfk_1", True),
        ("mysql", "foreign_key", "film", ("language_id",), "fk_film_language", False),
        ("mariadb", "primary_key", "film", ("id",), "PRIMARY", True),
        ("sqlite", "unique", "t", ("a",), "sqlite_autoindex_t_1", True),
    ],
)
def test_engine_generated_names(
    dialect: str, kind: str, table: str, cols: tuple[str, ...], name: str, generated: bool
) -> None:
    from pydev_workflow.dialects.names import engine_generated

    assert engine_generated(dialect, kind, table, cols, name) is generated


def test_a_named_sequence_keeps_its_name() -> None:
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text

    sql = """
    CREATE SEQUENCE users_seq;
    CREATE TABLE users (id integer NOT NULL DEFAULT nextval('users_seq'::regclass),
                        PRIMARY KEY (id));
    CREATE TABLE b (id serial PRIMARY KEY);
    """
    s = import_sql_text([("t.sql", sql)], ImportOptions(dialect="postgresql")).schema
    users, b = s.entities
    assert users.field("id").sequence == "users_seq"  # type: ignore[union-attr]
    assert b.field("id").sequence is None  # type: ignore[union-attr]  # b_id_seq: the engine's
    pg = [st.sql for st in statements(s, "postgresql")]
    assert "CREATE SEQUENCE users_seq" in pg
    assert any("id INTEGER PRIMARY KEY DEFAULT nextval('users_seq')" in x for x in pg)
    assert any("id INTEGER PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY" in x for x in pg)
    assert "sequence: users_seq" in dumps(s)


def test_a_unique_name_reused_across_tables_is_renamed_in_postgresqls_namespace(
    postgresql_url: str,
) -> None:
    """MySQL keeps constraint names per table (Roundcube names several `uniqueness`);
    PostgreSQL keeps them per schema: the second is renamed, with a note, and both tables apply.
    """
    from pydev_workflow.dialects.metadata import cannot_hold
    from pydev_workflow.verify import verify

    spec = loads(
        """
dialect: mysql
entities:
  A:
    fields: {id: {type: integer, pk: true}, k: {type: string(20)}}
    unique: [{name: uniqueness, fields: [k]}]
  B:
    fields: {id: {type: integer, pk: true}, k: {type: string(20)}}
    unique: [{name: uniqueness, fields: [k]}]
"""
    )
    notes = [text for text, _, _ in cannot_hold(spec, "postgresql")]
    assert any("unique constraint uniqueness on b is uniqueness_2" in n for n in notes), notes
    report = verify(spec, postgresql_url, rows=20, repeat=1)
    assert not [f for f in report.findings if f.code == "V301"], report.problem_lines()


_ICINGA_LIKE = """
CREATE TABLE objects (
  object_id bigint unsigned NOT NULL AUTO_INCREMENT,
  instance_id bigint unsigned default 0,
  name1 varchar(128) default '',
  PRIMARY KEY (object_id),
  UNIQUE KEY instance_id (instance_id, name1)
) ENGINE=InnoDB;
CREATE TABLE servicedependencies (
  servicedependency_id bigint unsigned NOT NULL AUTO_INCREMENT,
  instance_id bigint unsigned default 0,
  PRIMARY KEY (servicedependency_id),
  KEY instance_id (instance_id)
) ENGINE=InnoDB;
CREATE TABLE hostdependencies (
  hostdependency_id bigint unsigned NOT NULL AUTO_INCREMENT,
  instance_id bigint unsigned default 0,
  fail_on_up smallint default 0,
  PRIMARY KEY (hostdependency_id),
  KEY instance_id (instance_id, fail_on_up)
) ENGINE=InnoDB;
"""


@pytest.mark.parametrize("engine", ["mariadb", "postgresql"])
def test_a_key_name_mysql_reuses_across_tables_round_trips_on_every_engine(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """Icinga's MySQL schema names keys `instance_id` in several tables.

    The import renames the reused index name in file order; MariaDB holds each name as the DDL
    wrote it, and verify reads that catalog as held (no renaming, which would go in the
    catalog's alphabetical order and pick another table).
    PostgreSQL keeps one namespace per schema: the DDL renames the second (a DM701 note) and
    verify expects the renamed name, so neither engine reports a difference.
    """
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text
    from pydev_workflow.verify.core import round_trip

    url = request.getfixturevalue(f"{engine}_url")
    spec = import_sql_text([("icinga.sql", _ICINGA_LIKE)], ImportOptions(dialect="mysql")).schema
    result = round_trip(spec, url, in_place=True)
    assert not result.failures, [str(f) for f in result.failures]
    assert not result.errors, [str(d) for d in result.errors]


_MEDIAWIKI_LIKE = """
CREATE TABLE user (
  user_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  user_token BINARY(32) DEFAULT '' NOT NULL,
  user_touched BINARY(14) NOT NULL,
  user_flag TINYINT DEFAULT 0 NOT NULL,
  user_mime VARBINARY(32) DEFAULT 'unknown' NOT NULL,
  PRIMARY KEY(user_id)
);
"""


@pytest.mark.parametrize("engine", ["mariadb", "postgresql", "sqlite"])
def test_mysql_binary_tinyint_and_bytes_defaults_round_trip_or_are_noted(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """MediaWiki's MySQL schema: BINARY(n) with '' (MySQL pads it with NUL bytes), TINYINT,
    VARBINARY defaults (PostgreSQL shows bytea as hex). Each is held, or noted by the DDL."""
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text
    from pydev_workflow.verify.core import round_trip

    url = "sqlite://" if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    spec = import_sql_text([("mw.sql", _MEDIAWIKI_LIKE)], ImportOptions(dialect="mysql")).schema
    result = round_trip(spec, url, in_place=True)
    assert not result.failures, [str(f) for f in result.failures]
    assert not result.errors, [str(d) for d in result.errors]


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_json_and_array_defaults_round_trip_or_are_noted(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """Dokploy's DBML: a jsonb default (PostgreSQL reorders its keys) and `ARRAY[]::text[]`
    on an array column (JSON text on SQLite, where the default has no spelling: noted)."""
    from pydev_workflow.verify.core import round_trip

    spec = loads(
        """
dialect: postgresql
entities:
  Server:
    fields:
      id: {type: integer, pk: true}
      config: {type: json, nullable: false, default: '{"server":{"type":"Remote","port":4500}}'}
      tags: {type: "array(text)", nullable: false, default: {sql: "ARRAY[]::text[]"}}
"""
    )
    url = "sqlite://" if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    result = round_trip(spec, url, in_place=True)
    assert not result.failures, [str(f) for f in result.failures]
    assert not result.errors, [str(d) for d in result.errors]
    if engine == "sqlite":
        notes = [d.message for d in result.differences if d.code == "V001"]
        assert any("ARRAY[]::text[]" in n or "default of" in n for n in notes), notes


def test_a_smallint_identity_is_sqlites_rowid() -> None:
    """ZoneMinder's `smallint(5) unsigned NOT NULL auto_increment` key: on SQLite only an
    INTEGER PRIMARY KEY numbers itself, and its INTEGER holds any integer."""
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text
    from pydev_workflow.verify.core import round_trip

    sql = (
        "CREATE TABLE Storage (Id smallint(5) unsigned NOT NULL auto_increment, PRIMARY KEY (Id));"
    )
    spec = import_sql_text([("zm.sql", sql)], ImportOptions(dialect="mysql")).schema
    result = round_trip(spec, "sqlite://")
    assert not result.failures and not result.errors, [str(d) for d in result.errors]
