"""What schemas nobody here wrote exposed: each test names the schema (Debian packages, unseen).

Cacti: a `DELIMITER //` routine at the top made the whole script one statement ("found no
tables"), `PRIMARY KEY USING BTREE (…)` did not parse, MEDIUMINT was written back as INT and an
AUTO_INCREMENT outside the key was dropped; Zabbix: `DELIMITER $$` swallowed its foreign keys;
DAViCal: a bigint referencing an integer, which InnoDB refuses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.sql import import_sql_text
from pydev_workflow.importers.sqlsplit import split_statements
from pydev_workflow.model import Entity, IndexMethod


def _import(sql: str, dialect: str = "mysql") -> ImportResult:
    return import_sql_text([("s.sql", sql)], ImportOptions(dialect=dialect))


def _execute(url: str, *statements: str) -> None:
    """Run `statements` on the test's own database."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for sql in statements:
                conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def _table(result: ImportResult, table: str) -> Entity:
    return next(e for e in result.schema.entities if e.table == table)


@pytest.mark.parametrize("delimiter", ["//", "$$", ";;", "|", "#!"])
def test_any_delimiter_ends_a_routine_and_the_script_goes_on(delimiter: str) -> None:
    sql = (
        f"DELIMITER {delimiter}\n"
        "CREATE FUNCTION f() RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE x INT;\n"
        f"  SET x = 1;\n  RETURN x;\nEND {delimiter}\n"
        "DELIMITER ;\n"
        "CREATE TABLE `a` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
        "CREATE TABLE b (id int NOT NULL PRIMARY KEY);\n"
    )
    parts = [
        (st.text.split()[0], st.loc.line, st.meta) for st in split_statements(sql, "s.sql", "mysql")
    ]
    assert parts == [
        ("DELIMITER", 1, True),
        ("CREATE", 2, False),
        ("DELIMITER", 8, True),
        ("CREATE", 9, False),
        ("CREATE", 10, False),
    ]
    result = _import(sql)
    assert [e.table for e in result.schema.entities] == ["a", "b"]
    assert dict(result.counts)["functions"] == 1


def test_a_delimiter_inside_quotes_or_comments_is_no_end() -> None:
    sql = (
        "DELIMITER //\n"
        "CREATE PROCEDURE p() BEGIN SELECT 'a // b'; -- not // here\n SELECT 1; END //\n"
        "DELIMITER ;\nCREATE TABLE t (id int PRIMARY KEY);\n"
    )
    texts = [st.text for st in split_statements(sql, "s.sql", "mysql") if not st.meta]
    assert len(texts) == 2
    assert texts[0].endswith("SELECT 1; END")


def test_key_methods_are_kept_or_reported() -> None:
    sql = (
        "CREATE TABLE p (a int NOT NULL, b int NOT NULL, PRIMARY KEY USING BTREE (a, b));\n"
        "CREATE TABLE q (a int NOT NULL, b int, c int, PRIMARY KEY (a) USING BTREE,\n"
        "  KEY k USING HASH (b), UNIQUE KEY u USING HASH (c)) ENGINE=MEMORY;\n"
        "CREATE TABLE r (a int NOT NULL, b int, PRIMARY KEY (a) USING HASH,\n"
        "  UNIQUE KEY u2 (b) USING BTREE, KEY k2 (b) USING BTREE) ENGINE=InnoDB;\n"
    )
    result = _import(sql)
    p, q, r = (result.schema.entity(n) for n in ("P", "Q", "R"))
    assert p is not None and p.primary_key == ("a", "b")
    assert q is not None and r is not None
    assert [(i.name, i.method, i.unique) for i in q.indexes] == [
        ("k", IndexMethod.HASH, False),
        ("u", IndexMethod.HASH, True),
    ]
    assert [(i.name, i.method) for i in r.indexes] == [("k2", IndexMethod.BTREE)]
    reported = [line for line in result.unsupported if "key index methods" in line]
    assert reported == [
        "s.sql:2:47: q primary key USING BTREE (key index methods: not modelled; "
        "the engine builds HASH for it)",
        "s.sql:4:40: r primary key USING HASH (key index methods: not modelled; "
        "the engine builds BTREE for it)",
    ]


MEDIUM = (
    "CREATE TABLE m (id mediumint(8) unsigned NOT NULL AUTO_INCREMENT,\n"
    "  x MEDIUMINT NOT NULL DEFAULT 0, PRIMARY KEY (id));\n"
)


def test_mediumint_is_kept_and_rendered_per_engine() -> None:
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.model import TypeKind

    schema = _import(MEDIUM).schema
    m = schema.entity("M")
    assert m is not None
    assert [(f.name, f.type.kind, f.type.unsigned) for f in m.fields] == [
        ("id", TypeKind.MEDIUMINT, True),
        ("x", TypeKind.MEDIUMINT, False),
    ]
    create = {
        d: next(st.sql for st in statements(schema, d) if st.sql.startswith("CREATE TABLE"))
        for d in ("mysql", "postgresql", "sqlite")
    }
    assert "id MEDIUMINT UNSIGNED" in create["mysql"] and "x MEDIUMINT NOT NULL" in create["mysql"]
    assert "id INTEGER" in create["postgresql"] and "CHECK (id >= 0)" in create["postgresql"]
    assert "x INTEGER" in create["sqlite"]


@pytest.mark.db
def test_mediumint_survives_mariadb_reflection(own_mariadb_url: str) -> None:
    import sqlalchemy as sa

    from pydev_workflow.importers.database import import_database
    from pydev_workflow.model import TypeKind

    engine = sa.create_engine(own_mariadb_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(MEDIUM)
    finally:
        engine.dispose()
    m = import_database(own_mariadb_url, ImportOptions()).schema.entity("M")
    assert m is not None
    assert [f.type.kind for f in m.fields] == [TypeKind.MEDIUMINT, TypeKind.MEDIUMINT]


def test_an_identity_outside_the_key_is_noted_where_the_engine_cannot_number_it() -> None:
    from pydev_workflow.dialects.metadata import statements

    sql = (
        "CREATE TABLE processes (id bigint unsigned NOT NULL AUTO_INCREMENT,\n"
        "  pid int unsigned NOT NULL, PRIMARY KEY (pid), KEY id (id)) ENGINE=MEMORY;\n"
    )
    schema = _import(sql).schema
    notes = {
        d: [st.sql for st in statements(schema, d) if st.kind == "note"]
        for d in ("mysql", "sqlite")
    }
    for d, shown in (("mysql", "MySQL"), ("sqlite", "SQLite")):
        assert (
            f"-- not expressible in {shown}: identity of processes.id outside the primary key "
            "(set by the app)"
        ) in notes[d]
    pg = [st.sql for st in statements(schema, "postgresql") if st.kind == "note"]
    assert not any("outside the primary key" in n for n in pg)


def test_a_key_of_another_integer_size_is_noted_for_innodb() -> None:
    """DAViCal (unseen): `our_tzno INT8 REFERENCES timezones(our_tzno)`, a SERIAL."""
    from pydev_workflow.dialects.metadata import statements

    sql = (
        "CREATE TABLE timezones (our_tzno SERIAL PRIMARY KEY, tzid TEXT);\n"
        "CREATE TABLE tz_aliases (our_tzno INT8 REFERENCES timezones(our_tzno), a TEXT);\n"
    )
    schema = import_sql_text([("d.sql", sql)], ImportOptions(dialect="postgresql")).schema
    my = statements(schema, "mariadb")
    assert not any("FOREIGN KEY" in st.sql for st in my if st.kind != "note")
    assert (
        "-- not expressible in MariaDB: foreign key tz_aliases(our_tzno) -> Timezones: our_tzno "
        "bigint references timezones.our_tzno integer (InnoDB needs the same size and sign)"
    ) in [st.sql for st in my if st.kind == "note"]
    pg = statements(schema, "postgresql")
    assert any("FOREIGN KEY" in st.sql for st in pg)


@pytest.mark.parametrize(
    ("dialect", "sql", "reported"),
    [
        (
            "mysql",
            "CREATE TABLE a (id int PRIMARY KEY) WITH SYSTEM VERSIONING;",
            "WITH SYSTEM VERSIONING",
        ),
        (
            "sqlite",
            "CREATE TABLE a (id INTEGER PRIMARY KEY) WITHOUT ROWID, STRICT;",
            "WITHOUT ROWID, STRICT",
        ),
        (
            "postgresql",
            "CREATE TABLE a (id int PRIMARY KEY) WITH (fillfactor=70);",
            "WITH (fillfactor=70)",
        ),
    ],
)
def test_what_follows_the_column_list_is_read_or_reported(
    dialect: str, sql: str, reported: str
) -> None:
    result = import_sql_text([("t.sql", sql)], ImportOptions(dialect=dialect))
    assert [u for u in result.unsupported if "table options" in u] == [
        f"t.sql:1:{sql.index(')') + 3}: a {reported} (table options: not modelled)"
    ]


def test_known_table_options_are_kept_and_silent_words_say_nothing() -> None:
    sql = (
        "CREATE TABLE c (id int PRIMARY KEY) ENGINE=Aria PAGE_CHECKSUM=1 TRANSACTIONAL=1 /* x */;\n"
        "CREATE TABLE d (id int PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4,\n"
        "  COMMENT='d' PARTITION BY HASH (id) PARTITIONS 4;\n"
    )
    result = _import(sql)
    c = result.schema.entity("C")
    assert c is not None and c.options.of("mysql") == {
        "engine": "Aria",
        "page_checksum": "1",
        "transactional": "1",
    }
    assert not [u for u in result.unsupported if "table options" in u]
    pg = import_sql_text(
        [("p.sql", "CREATE TABLE p (id int PRIMARY KEY) WITHOUT OIDS;")],
        ImportOptions(dialect="postgresql"),
    )
    assert not pg.unsupported


@pytest.mark.db
def test_mariadb_catalogue_options_versioning_and_invisible_columns(own_mariadb_url: str) -> None:
    from pydev_workflow.importers.database import import_database

    _execute(
        own_mariadb_url,
        "CREATE TABLE sv (id int PRIMARY KEY, a int, b int INVISIBLE) WITH SYSTEM VERSIONING",
        "CREATE TABLE pl (id int PRIMARY KEY) ENGINE=Aria PAGE_CHECKSUM=1 STATS_SAMPLE_PAGES=5",
    )
    result = import_database(own_mariadb_url, ImportOptions())
    assert "sv: WITH SYSTEM VERSIONING (table options: not modelled)" in result.unsupported
    assert "sv.b: INVISIBLE (column options: not modelled)" in result.unsupported
    pl = result.schema.entity("Pl")
    assert pl is not None
    options = pl.options.of("mysql")
    assert options["page_checksum"] == "1" and options["stats_sample_pages"] == "5"
    assert "checksum" not in options  # SQLAlchemy's misreading of PAGE_CHECKSUM=1


def test_mariadb_next_value_for_names_the_sequence() -> None:
    """`DEFAULT NEXT VALUE FOR s` did not parse (the column and the key were lost, loudly);
    `nextval(s)` lost the sequence's name."""
    sql = (
        "CREATE SEQUENCE s START WITH 100 INCREMENT BY 5;\n"
        "CREATE TABLE t (id int NOT NULL DEFAULT NEXT VALUE FOR s PRIMARY KEY,\n"
        "  a int DEFAULT nextval(s));\n"
    )
    result = _import(sql)
    t = result.schema.entity("T")
    assert t is not None and t.primary_key == ("id",)
    assert [(f.name, f.identity, f.sequence) for f in t.fields] == [
        ("id", True, "s"),
        ("a", True, "s"),
    ]
    assert not [u for u in result.unsupported if "cannot read" in u]


def test_a_function_sqlglot_cannot_translate_is_noted_across_engines() -> None:
    """SQLite's `datetime('now', 'localtime')` was copied into PostgreSQL's DDL without a word."""
    from pydev_workflow.dialects.metadata import cannot_hold

    sql = "CREATE TABLE l (id INTEGER PRIMARY KEY, at TEXT DEFAULT (datetime('now','localtime')));"
    schema = import_sql_text([("l.sql", sql)], ImportOptions(dialect="sqlite")).schema
    expected = "DATETIME('now', 'localtime') calls datetime(), which sqlglot cannot translate"
    for target in ("postgresql", "mariadb"):
        assert [t for t, _, _ in cannot_hold(schema, target)] == [expected]
    assert cannot_hold(schema, "sqlite") == []


def test_a_reference_to_a_name_that_is_no_plain_word_round_trips() -> None:
    """A column `the id` (spaces are legal in SQL names) made `import sql` write a spec it could
    not read back (exit 2); an entity with a backtick could not be referenced at all."""
    from pydev_workflow.spec.dump import dumps
    from pydev_workflow.spec.load import loads
    from pydev_workflow.spec.refs import format_reference, parse_reference

    sql = (
        'CREATE TABLE "my table" ("the id" int PRIMARY KEY);\n'
        'CREATE TABLE "order details" ("order id" int, "x""y" int,\n'
        '  PRIMARY KEY ("order id", "x""y"));\n'
        'CREATE TABLE c (id int PRIMARY KEY, "p-id" int REFERENCES "my table"("the id"),\n'
        '  a int, b int, FOREIGN KEY (a, b) REFERENCES "order details"("order id", "x""y"));\n'
    )
    schema = import_sql_text([("o.sql", sql)], ImportOptions(dialect="postgresql")).schema
    text = dumps(schema)
    assert 'references: MyTable."the id"' in text
    back = loads(text, "o.yaml")
    c = back.entity("C")
    assert c is not None
    assert [(fk.ref_entity, fk.ref_fields) for fk in c.foreign_keys] == [
        ("MyTable", ("the id",)),
        ("OrderDetails", ("order id", 'x"y')),
    ]
    for entity, fields in (
        ("Weird`Name", ("id",)),
        ('x"y', ("a,b", "c d")),
        ("core.User", ("id",)),
    ):
        for listed in (False, True):
            assert parse_reference(format_reference(entity, fields, listed=listed)) == (
                entity,
                fields,
            )


def test_a_generated_name_fits_every_engine() -> None:
    """Long table names (real DBML files) made names the renderer could not compile on
    PostgreSQL: `idx_<table>_<columns>` over 63 bytes (SQLAlchemy refuses, exit 2)."""
    from pydev_workflow.ddlnames import GENERATED_NAME_BYTES, generated_name
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.spec.load import loads

    table = "another_quite_long_table_name_that_also_goes_on_and_on_for_ages"
    spec = f"""
entities:
  Parent:
    fields: {{id: {{type: integer, pk: true}}}}
  Child:
    table: {table}
    fields:
      id: {{type: integer, pk: true}}
      parent_identifier_with_a_long_name: {{type: integer, references: Parent.id}}
      other_parent_identifier_with_a_long_name: {{type: integer, references: Parent.id}}
    indexes:
      - {{fields: [parent_identifier_with_a_long_name]}}
      - {{fields: [other_parent_identifier_with_a_long_name]}}
"""
    schema = loads(spec, "long.yaml")
    for dialect in ("postgresql", "mariadb", "sqlite"):
        assert statements(schema, dialect)  # compiles
    child = schema.entity("Child")
    assert child is not None
    names = [ix.name for ix in child.indexes]
    assert len(set(names)) == 2
    assert all(len(n.encode()) == GENERATED_NAME_BYTES for n in names)
    assert generated_name("idx", "t", ("a",)) == "idx_t_a"  # short names are as they were
    accented = generated_name("idx", "é" * 40, ("x",))
    assert len(accented.encode()) <= GENERATED_NAME_BYTES


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_a_column_named_like_a_keyword_is_read(dialect: str) -> None:
    """Zabbix's `report_user.exclude integer DEFAULT '0' NOT NULL` was lost (loudly)."""
    sql = (
        "CREATE TABLE report_user (id integer PRIMARY KEY, exclude integer DEFAULT '0' NOT NULL,"
        " CHECK (id > 0));"
    )
    result = import_sql_text([("z.sql", sql)], ImportOptions(dialect=dialect))
    t = result.schema.entity("ReportUser")
    assert t is not None
    assert [f.name for f in t.fields][:2] == ["id", "exclude"]
    assert not [u for u in result.unsupported if "exclude" in u]


def test_a_gzipped_script_is_read(tmp_path: Path) -> None:
    """Debian ships Zabbix's schema as schema.sql.gz; pg_dump output is often gzipped."""
    import gzip

    from pydev_workflow.errors import InputError
    from pydev_workflow.importers.sql import import_sql

    script = tmp_path / "schema.sql.gz"
    script.write_bytes(gzip.compress(b"CREATE TABLE t (id integer PRIMARY KEY);\n"))
    schema = import_sql(str(script), ImportOptions(dialect="postgresql")).schema
    assert [e.table for e in schema.entities] == ["t"]
    script.write_bytes(gzip.compress(b"CREATE TABLE t (id integer PRIMARY KEY);\n")[:20])
    with pytest.raises(InputError, match="truncated"):
        import_sql(str(script), ImportOptions(dialect="postgresql"))


def test_a_tinyint_identity_key_verifies_on_sqlite(tmp_path: Path) -> None:
    """Public DBML files (dbmlwild): a `tinyint` identity key is SQLite's INTEGER rowid, which
    verify reported as a difference (V113, expected tinyint)."""
    from pydev_workflow.cli.app import run_cli

    spec = tmp_path / "ti.yaml"
    spec.write_text(
        "version: 1\ndialect: sqlite\nentities:\n  T:\n    fields:\n"
        "      id: {type: tinyint, pk: true, identity: true}\n"
        "      m: {type: mediumint}\n"
        "  U:\n    fields:\n      id: {type: mediumint, pk: true, identity: true}\n",
        encoding="utf-8",
    )
    assert run_cli(["data-models", "verify", "--spec", str(spec), "--rows", "20"]) == 0


# -- second round (session of 2026-11-28): ejabberd, Kamailio, Roundcube, Request Tracker and
# phpMyAdmin from Debian; test_db's sakila and employees, Northwind and the Chinook variants from
# GitHub. What they exposed: MySQL executable comments read as comments, `CREATE INDEX … USING
# BTREE ON` not recognised, index options and key options dropped in silence, a table created
# twice taking the second definition where the engine keeps the first, and DROP TABLE ignored.


def test_mysql_executable_comments_are_code() -> None:
    # test_db's sakila: `/*!50610 ALTER TABLE film_text engine=InnoDB */` after ENGINE=MyISAM
    sql = (
        "/*!40101 SET NAMES utf8 */;\n"
        "CREATE TABLE film_text (film_id SMALLINT NOT NULL PRIMARY KEY)ENGINE=MyISAM;\n"
        "/*!50610 ALTER TABLE film_text engine=InnoDB */;\n"
        "/*!40000 ALTER TABLE `film_text` DISABLE KEYS */;\n"
        "CREATE TABLE p (id INT NOT NULL, d DATE NOT NULL, c VARCHAR(9) DEFAULT '/*!1 x */')\n"
        "/*!50100 PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (2000)) */;\n"
        "/*M!100101 ALTER TABLE p COMMENT='mariadb' */;\n"
        "CREATE TABLE address (id INT, /* it's */ /*!50705 location GEOMETRY NOT NULL,*/ x INT);\n"
    )
    result = _import(sql)
    # sakila's `/*!50705 location GEOMETRY …*/`: MySQL 5.7+ runs it, MariaDB skips it: listed
    assert [f.name for f in _table(result, "address").fields] == ["id", "x"]
    assert (
        "s.sql:8:42: /*!50705 location GEOMETRY NOT NULL,*/ (runs on MySQL 5.7 and newer only, "
        "MariaDB skips it: not read)"
    ) in result.unsupported
    assert _table(result, "film_text").options.get("mysql", "engine") == "InnoDB"
    p = _table(result, "p")
    assert p.partitioning is not None and p.description == "mariadb"
    c = p.field("c")
    assert c is not None and c.default is not None and c.default.value == "/*!1 x */"
    assert "s.sql:1:10: SET NAMES utf8 (session settings (SET): not modelled)" in result.unsupported
    assert dict(result.counts)["DISABLE/ENABLE KEYS (bulk-load switches)"] == 1
    # elsewhere `/*!…*/` is a comment, as PostgreSQL reads it
    pg = import_sql_text(
        [("s.sql", "CREATE TABLE t (id int PRIMARY KEY);\n/*!50610 ALTER TABLE t ADD x int */;")],
        ImportOptions(dialect="postgresql"),
    )
    assert [f.name for f in pg.schema.entities[0].fields] == ["id"]


def test_a_table_created_twice_keeps_the_first_and_a_drop_removes_it() -> None:
    # Kamailio's scripts, loaded together, create `location` and `subscriber` twice
    sql = (
        "CREATE TABLE b (id int PRIMARY KEY);\n"
        "CREATE TABLE b (id int PRIMARY KEY, y int);\n"
        "CREATE TABLE IF NOT EXISTS b (id bigint PRIMARY KEY);\n"
        "DROP TABLE IF EXISTS c;\nCREATE TABLE c (id int PRIMARY KEY);\n"
        "DROP TABLE c;\nCREATE TABLE c (id bigint PRIMARY KEY, z int);\n"
        "CREATE TABLE gone (id int PRIMARY KEY);\nDROP TABLE gone CASCADE;\n"
        "CREATE OR REPLACE TABLE r (id int PRIMARY KEY);\n"
        "CREATE OR REPLACE TABLE r (id int PRIMARY KEY, w int);\n"
    )
    result = _import(sql)
    tables = {e.table: [f.name for f in e.fields] for e in result.schema.entities}
    assert tables == {"b": ["id"], "c": ["id", "z"], "r": ["id", "w"]}
    lines = [u for u in result.unsupported if "CREATE TABLE b" in u or "DROP TABLE" in u]
    assert lines == [
        "s.sql:2:1: CREATE TABLE b: a table b exists (created at line 1); the engine keeps that "
        "one: this definition is not read",
        "s.sql:3:1: CREATE TABLE b: a table b exists (created at line 1); the engine keeps that "
        "one: this definition is not read",
        "s.sql:4:1: DROP TABLE IF EXISTS c (drops: not modelled)",
        "s.sql:6:1: DROP TABLE c: the table created at line 5 is dropped here, so the model "
        "leaves it out",
        "s.sql:9:1: DROP TABLE gone: the table created at line 8 is dropped here, so the model "
        "leaves it out",
    ]


def test_a_table_created_twice_reads_the_same_on_two_cores() -> None:
    sql = "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, a{i} int);\n"
        + (f"CREATE TABLE t{i - 1} (id int PRIMARY KEY, again int);\n" if i % 3 == 2 else "")
        + (f"DROP TABLE t{i - 2};\n" if i % 5 == 4 else "")
        for i in range(60)
    )
    options = ImportOptions(dialect="mysql")
    a = import_sql_text([("s.sql", sql)], options, parallel_from=10**12)
    b = import_sql_text([("s.sql", sql)], options, parallel_from=0)
    assert [e.table for e in a.schema.entities] == [e.table for e in b.schema.entities]
    assert a.unsupported == b.unsupported and a.counts == b.counts
    assert _table(a, "t1").field("a1") is not None


def test_mysql_index_methods_anywhere_and_index_options_kept_or_listed() -> None:
    # ejabberd: `CREATE INDEX i USING BTREE ON t(c(191), d)`; index options and key options
    sql = (
        "CREATE TABLE t (\n  id int PRIMARY KEY, a varchar(50), b int,\n"
        "  KEY k1 (a) USING BTREE COMMENT 'hello',\n  KEY k2 (b) INVISIBLE,\n"
        "  UNIQUE KEY k3 (a, b) COMMENT 'uq',\n  FULLTEXT KEY k5 (a) WITH PARSER ngram\n"
        ") ENGINE=InnoDB;\n"
        "CREATE INDEX i1 USING BTREE ON t (a(10), b);\n"
        "CREATE INDEX i2 ON t (b) USING HASH;\n"
        "CREATE INDEX i3 ON t (a) COMMENT 'x' ALGORITHM = INPLACE LOCK = NONE;\n"
        "CREATE UNIQUE INDEX i4 ON t (b) INVISIBLE;\n"
        "CREATE FULLTEXT INDEX i5 ON t (a) WITH PARSER ngram;\n"
    )
    result = _import(sql)
    e = result.schema.entities[0]
    ixs = {ix.name: ix for ix in e.indexes}
    assert [(k.name, k.length) for k in ixs["i1"].fields] == [("a", 10), ("b", None)]
    assert ixs["i2"].method is IndexMethod.HASH
    assert ixs["i5"].options.get("mysql", "parser") == "ngram"
    assert ixs["k5"].options.get("mysql", "parser") == "ngram"
    assert [u for u in result.unsupported if "index" in u] == [
        "s.sql:3:3: key k1: comment 'hello' (index comment: not modelled)",
        "s.sql:4:3: key k2: INVISIBLE (index invisible (ignored by the optimizer): not modelled)",
        "s.sql:5:3: key k3: comment 'uq' (index comment: not modelled)",
        "s.sql:10:26: index i3: COMMENT 'x' (index comment: not modelled)",
        "s.sql:11:33: index i4: INVISIBLE (index invisible (ignored by the optimizer): not "
        "modelled)",
    ]


def test_postgresql_index_options_are_listed_at_their_line() -> None:
    sql = (
        "CREATE TABLE t (id int PRIMARY KEY, a text, b int);\n"
        "CREATE INDEX i1 ON t (a) INCLUDE (b);\n"
        "CREATE INDEX i2 ON public.t USING btree (b) WITH (fillfactor='90') TABLESPACE pg_default"
        ";\n"
        "CREATE UNIQUE INDEX i3 ON t (b) NULLS NOT DISTINCT;\n"
        "CREATE UNIQUE INDEX i4 ON t (b) NULLS DISTINCT WHERE b > 0;\n"
        "CREATE INDEX i5 ON t (b DESC NULLS LAST, a NULLS FIRST, id DESC NULLS FIRST);\n"
        'CREATE INDEX i6 ON t (a COLLATE "C");\n'
    )
    result = _import(sql, "postgresql")
    ixs = {ix.name: ix for ix in result.schema.entities[0].indexes}
    assert set(ixs) == {"i1", "i2", "i3", "i4", "i5", "i6"}
    assert ixs["i4"].where == "b > 0"
    assert [u for u in result.unsupported if "index" in u] == [
        "s.sql:2:26: index i1: INCLUDE (b) (index covering columns (INCLUDE): not modelled)",
        "s.sql:3:45: index i2: WITH (fillfactor='90') (index storage parameters (WITH): not "
        "modelled)",
        "s.sql:3:68: index i2: TABLESPACE pg_default (index tablespace: not modelled)",
        "s.sql:4:33: index i3: NULLS NOT DISTINCT (index NULLS NOT DISTINCT: not modelled)",
        "s.sql:6:1: index i5: key b DESC NULLS LAST (index key NULLS FIRST/LAST: not modelled, "
        "the engine's default order of NULLs is rendered)",
        "s.sql:6:1: index i5: key a NULLS FIRST (index key NULLS FIRST/LAST: not modelled, the "
        "engine's default order of NULLs is rendered)",
        's.sql:7:1: index i6: key a COLLATE "C" (index key collations: not kept)',
    ]


@pytest.mark.db
def test_postgresql_index_options_a_database_holds_are_listed(own_postgresql_url: str) -> None:
    from pydev_workflow.importers.database import import_database

    _execute(
        own_postgresql_url,
        "CREATE TABLE t (id int PRIMARY KEY, a text, b int);"
        "CREATE INDEX i1 ON t (a) INCLUDE (b);"
        "CREATE INDEX i2 ON t (b) WITH (fillfactor=70);"
        "CREATE UNIQUE INDEX i3 ON t (b) NULLS NOT DISTINCT;"
        "CREATE INDEX i4 ON t (b DESC NULLS LAST);"
        "CREATE INDEX i5 ON t (b DESC NULLS FIRST, a ASC NULLS LAST);",
    )
    result = import_database(own_postgresql_url, ImportOptions())
    assert [u for u in result.unsupported if "index" in u] == [
        "t: index i1: INCLUDE (b) (index covering columns (INCLUDE): not modelled)",
        "t: index i2: WITH (fillfactor=70) (index storage parameters (WITH): not modelled)",
        "t: index i3: NULLS NOT DISTINCT (index NULLS NOT DISTINCT: not modelled)",
        "t: index i4: key b desc nulls_last (index key NULLS FIRST/LAST: not modelled, the "
        "engine's default order of NULLs is rendered)",
    ]
    assert {ix.name for ix in result.schema.entities[0].indexes} == {"i1", "i2", "i3", "i4", "i5"}


def test_declared_index_options_are_listed_and_an_unknown_method_left_out() -> None:
    import sqlalchemy as sa

    from pydev_workflow.importers.sqlalchemy_meta import from_metadata

    md = sa.MetaData()
    t = sa.Table("docs", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.Text))
    sa.Index("ix_cover", t.c.v, postgresql_include=["id"])
    sa.Index("ix_vec", t.c.v, postgresql_using="hnsw")
    result = from_metadata(md)
    assert result.unsupported == (
        "docs: index ix_cover: INCLUDE (id) (index covering columns (INCLUDE): not modelled)",
        "docs: index ix_vec: USING hnsw (indexes using hnsw: index method not modelled)",
    )
    assert [ix.name for ix in result.schema.entities[0].indexes] == ["ix_cover"]


@pytest.mark.parametrize(
    ("dialect", "declared", "single"),
    [
        ("mysql", "FLOAT", True),
        ("mysql", "FLOAT(10)", True),
        ("mysql", "FLOAT(30)", False),  # 25 to 53 bits: DOUBLE
        ("mysql", "REAL", False),  # MySQL's REAL is DOUBLE
        ("mysql", "DOUBLE", False),
        ("postgresql", "real", True),
        ("postgresql", "float(10)", True),  # float(1) to float(24) is real
        ("postgresql", "float", False),
        ("postgresql", "double precision", False),
    ],
)
def test_floating_point_precision_is_the_engines(dialect: str, declared: str, single: bool) -> None:
    result = import_sql_text(
        [("s.sql", f"CREATE TABLE x (id int PRIMARY KEY, v {declared});")],
        ImportOptions(dialect=dialect),
    )
    v = result.schema.entities[0].field("v")
    assert v is not None and (v.type.length == 24) is single


def test_kamailio_float_digits_and_a_number_default_of_a_text_column() -> None:
    # Kamailio: `duration FLOAT(10,3) DEFAULT 0`, `setid VARCHAR(32) DEFAULT 00`
    result = _import(
        "CREATE TABLE acc (id int PRIMARY KEY, duration FLOAT(10,3) DEFAULT 0 NOT NULL,\n"
        "  q DOUBLE(10,2) UNSIGNED, setid VARCHAR(32) DEFAULT 00 NOT NULL);"
    )
    e = result.schema.entities[0]
    setid = e.field("setid")
    assert setid is not None and setid.default is not None and setid.default.value == "0"
    assert [u for u in result.unsupported if "digits" in u] == [
        "s.sql:1:39: acc.duration FLOAT(10, 3) (the display digits (M,D) of a floating-point "
        "type: not modelled, values are not rounded to them)",
        "s.sql:2:3: acc.q DOUBLE(10, 2) UNSIGNED (the display digits (M,D) of a floating-point "
        "type: not modelled, values are not rounded to them)",
    ]


def test_roundcube_and_rt_sequences_by_name_and_shared() -> None:
    # Roundcube: nextval('users_seq'::text); Request Tracker: ObjectCustomRoles.id draws from
    # ObjectScrips.id's own sequence
    sql = (
        "CREATE SEQUENCE users_seq;\n"
        "CREATE TABLE users (\n"
        "    user_id integer DEFAULT nextval('users_seq'::text) PRIMARY KEY);\n"
        "CREATE SEQUENCE objectscrips_id_seq;\n"
        "CREATE TABLE ObjectScrips (\n  id INTEGER DEFAULT nextval('objectscrips_id_seq'),\n"
        "  PRIMARY KEY (id));\n"
        "CREATE TABLE ObjectCustomRoles (\n  id INTEGER DEFAULT nextval('objectscrips_id_seq'),\n"
        "  PRIMARY KEY (id));\n"
    )
    result = _import(sql, "postgresql")
    seqs = {e.table: e.field("id").sequence for e in result.schema.entities if e.field("id")}  # type: ignore[union-attr]
    assert seqs == {
        "objectscrips": "objectscrips_id_seq",
        "objectcustomroles": "objectscrips_id_seq",
    }
    assert result.assumptions == (
        "s.sql:3:5: users.user_id DEFAULT nextval('users_seq'::text) looks its sequence up by "
        "name on every call: read as the column's sequence users_seq, written bound to it "
        "(nextval('users_seq'::regclass))",
        "s.sql:6:3: objectscrips.id shares its sequence objectscrips_id_seq with another "
        "column's default: named on both, so they keep one counter",
    )


def _pg_render(schema: object) -> tuple[list[str], list[str]]:
    from pydev_workflow.dialects.metadata import statements

    sts = statements(schema, "postgresql")  # type: ignore[arg-type]
    return [st.sql for st in sts if st.kind != "note"], [st.sql for st in sts if st.kind == "note"]


def test_danbooru_expression_keys_keep_their_operator_class() -> None:
    # Danbooru's db/structure.sql: `USING gin (lower((name)::text) gin_trgm_ops)`
    sql = (
        "CREATE TABLE pools (id int PRIMARY KEY, name varchar(50), n int);\n"
        "CREATE INDEX a ON pools USING gin (lower((name)::text) gin_trgm_ops);\n"
        "CREATE INDEX d ON pools ((lower(name)) varchar_pattern_ops DESC);\n"
        "CREATE INDEX c ON pools (name text_pattern_ops);\n"
        "CREATE INDEX g ON pools USING gist (n);\n"
    )
    result = _import(sql, "postgresql")
    ixs = {ix.name: ix for ix in result.schema.entities[0].indexes}
    a = ixs["a"].fields[0]
    assert (a.name, a.expression, a.opclass) == ("lower((name)::text)", True, "gin_trgm_ops")
    ddl, notes = _pg_render(result.schema)
    assert "CREATE INDEX a ON pools USING gin (lower((name)::text) gin_trgm_ops)" in ddl
    assert "CREATE INDEX d ON pools (lower(name) varchar_pattern_ops DESC)" in ddl
    assert "CREATE INDEX c ON pools (name text_pattern_ops)" in ddl
    said = " ".join(notes)
    assert "operator class gin_trgm_ops is not built into PostgreSQL" in said
    assert "varchar_pattern_ops is not" not in said and "text_pattern_ops is not" not in said
    # OpenStreetMap's changesets_bbox_idx: GiST on integers needs btree_gist
    assert "GIST has no operator class for n (integer) unless the btree_gist extension" in said


def test_an_operator_class_reaches_the_ddl_as_a_name_only() -> None:
    from dataclasses import replace

    from pydev_workflow.errors import InputError
    from pydev_workflow.model import IndexField
    from pydev_workflow.spec.load import loads

    spec = (
        "version: 1\nproject: x\nentities:\n  T:\n    fields:\n"
        "      id: {type: integer, pk: true}\n      name: {type: text}\n    indexes:\n"
        '      - {name: i1, fields: [{field: name, opclass: "text_ops); DROP TABLE t; --"}]}\n'
    )
    with pytest.raises(InputError) as got:
        loads(spec, "s.yaml")
    assert [str(p) for p in got.value.problems] == [
        "s.yaml:9:52: error: index field opclass 'text_ops); DROP TABLE t; --' is not an "
        "operator class name (e.g. text_pattern_ops, gin_trgm_ops)"
    ]
    # a model an importer built, not the loader: the render still quotes it as a name
    schema = loads(spec.replace('opclass: "text_ops); DROP TABLE t; --"', "opclass: text_ops"))
    e = schema.entities[0]
    bad = IndexField("name", opclass="text_ops); DROP TABLE t; --")
    hostile = replace(e, indexes=(replace(e.indexes[0], fields=(bad,)),))
    ddl, _ = _pg_render(replace(schema, entities=(hostile,)))
    assert 'CREATE INDEX i1 ON t (name "text_ops); DROP TABLE t; --")' in ddl


def test_engine_options_collations_and_generated_expressions_are_no_sql_text() -> None:
    from pydev_workflow.errors import InputError
    from pydev_workflow.spec.load import loads

    spec = (
        "version: 1\nproject: x\ndialect: mysql\nentities:\n  T:\n    fields:\n"
        "      id: {type: integer, pk: true}\n"
        '      a: {type: string(9), collation: "utf8mb4_bin; DROP TABLE t"}\n'
        '      b: {type: integer, generated: {expression: "id + 1); DROP TABLE t; --"}}\n'
        '    options: {mysql: {engine: "InnoDB; DROP TABLE t --", comment: "it\'s fine"}}\n'
    )
    with pytest.raises(InputError) as got:
        loads(spec, "s.yaml")
    assert [p.message.split(":")[0] for p in got.value.problems] == [
        "collation 'utf8mb4_bin; DROP TABLE t' is not a collation name",
        "generated expression of T.b holds `;` at column 8",
        "options mysql.engine",
    ]


def test_e_manifest_json_and_uuid_generate_v4_are_said() -> None:
    # 18F's e-Manifest: `content json`, `uuid uuid DEFAULT uuid_generate_v4()`
    sql = (
        "CREATE TABLE manifests (\n    id integer PRIMARY KEY,\n    content json,\n"
        "    uuid uuid DEFAULT uuid_generate_v4() NOT NULL\n);\n"
    )
    result = _import(sql, "postgresql")
    assert result.assumptions == (
        "s.sql:3:5: manifests.content json read as JSON, which PostgreSQL gets as jsonb "
        "(binary: the text's whitespace, key order and duplicate keys are not kept)",
        "s.sql:4:5: manifests.uuid DEFAULT uuid_generate_v4() is read as a random UUID: written "
        "as the engine's own generator (gen_random_uuid() on PostgreSQL)",
    )


def test_declared_models_say_what_only_python_sets_and_write_values_inline() -> None:
    import enum
    import uuid

    import sqlalchemy as sa

    from pydev_workflow.importers.sqlalchemy_meta import from_metadata

    class Status(enum.Enum):
        draft = "draft"

    md = sa.MetaData()
    t = sa.Table(
        "posts",
        md,
        sa.Column("id", sa.Uuid, primary_key=True, default=uuid.uuid4),
        sa.Column("price", sa.Numeric(10, 2), default=0),
        sa.Column("status", sa.Enum(Status), default=Status.draft, server_default="draft"),
        sa.Column("title", sa.Text),
        sa.Index("ix_title_lower", sa.func.lower("title")),
    )
    sa.Index("ix_live", t.c.title, postgresql_where=t.c.price > 5)
    result = from_metadata(md)
    assert result.unsupported == (
        "posts.id: default=uuid4 is set by SQLAlchemy in Python, not by the database "
        "(server_default keeps it in the schema): not carried over",
        "posts.price: default=0 is set by SQLAlchemy in Python, not by the database "
        "(server_default keeps it in the schema): not carried over",
    )
    ixs = {ix.name: ix for ix in result.schema.entities[0].indexes}
    assert ixs["ix_title_lower"].fields[0].name == "lower('title')"
    assert ixs["ix_live"].where == "price > 5"


def test_aed_platform_a_foreign_key_written_twice_under_two_names_keeps_both() -> None:
    # AED-Platform's structure.sql: fk6_pop_submission and fk7_pop_submission, one key twice;
    # the engine holds two constraints (and `import db` reads two)
    sql = (
        "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, p_id int);\n"
        "ALTER TABLE ONLY c\n    ADD CONSTRAINT fk6 FOREIGN KEY (p_id) REFERENCES p(id);\n"
        "ALTER TABLE ONLY c\n    ADD CONSTRAINT fk7 FOREIGN KEY (p_id) REFERENCES p(id);\n"
        "ALTER TABLE ONLY c\n    ADD FOREIGN KEY (p_id) REFERENCES p(id);\n"
    )
    result = _import(sql, "postgresql")
    assert [fk.name for fk in _table(result, "c").foreign_keys] == ["fk6", "fk7"]


def test_partition_keys_and_names_reach_the_ddl_and_the_migration_quoted() -> None:
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.renderers import RENDERERS
    from pydev_workflow.renderers.base import RenderOptions
    from pydev_workflow.spec.load import loads

    spec = (
        "version: 1\nproject: x\nentities:\n  T:\n    schema: app\n    fields:\n"
        "      id: {type: integer}\n"
        '      "d); DROP TABLE canary; --": {type: date, nullable: false}\n'
        '    primary_key: [id, "d); DROP TABLE canary; --"]\n'
        '    partitioning: {method: range, key: ["d); DROP TABLE canary; --"], partitions: '
        "[{name: p2024, bound: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"}]}\n"
    )
    schema = loads(spec)
    ddl = "\n".join(st.sql for st in statements(schema, "postgresql"))
    assert ') PARTITION BY RANGE ("d); DROP TABLE canary; --")' in ddl
    assert "CREATE TABLE app.p2024 PARTITION OF app.t FOR VALUES FROM" in ddl
    code = RENDERERS.get("alembic")(schema, RenderOptions())
    assert 'postgresql_partition_by="RANGE (\\"d); DROP TABLE canary; --\\")"' in code
    assert 'op.execute("CREATE TABLE app.p2024 PARTITION OF app.t FOR VALUES' in code


def test_a_descending_index_key_reaches_the_migration_as_a_name() -> None:
    from pydev_workflow.renderers import RENDERERS
    from pydev_workflow.renderers.base import RenderOptions
    from pydev_workflow.spec.load import loads

    spec = (
        "version: 1\nproject: x\nentities:\n  T:\n    fields:\n"
        '      id: {type: integer, pk: true}\n      "x) ; DROP TABLE canary; --": {type: integer}\n'
        '    indexes:\n      - {name: i, fields: [{field: "x) ; DROP TABLE canary; --", '
        "order: desc}]}\n"
    )
    code = RENDERERS.get("alembic")(loads(spec), RenderOptions())
    assert 'sa.desc(sa.column("x) ; DROP TABLE canary; --"))' in code
    assert "DROP TABLE canary; -- DESC" not in code


def test_bucardo_copy_rows_are_data_and_a_dollar_quoted_comment_is_read() -> None:
    # Bucardo's schema: COPY … FROM STDIN rows (one says "don't") between its tables, and
    # COMMENT ON TABLE … IS $$…$$; the apostrophe swallowed the next nine tables
    sql = (
        "CREATE TABLE config (name TEXT PRIMARY KEY, setting TEXT, about TEXT);\n"
        "COMMENT ON TABLE config IS $$Contains configuration; it's here$$;\n"
        "COPY config(name,setting,about)\nFROM STDIN\nWITH DELIMITER '|';\n"
        "host_safety_check||Regex to make sure we don't accidentally\n"
        "vac|1|Do we want VAC?\n\\.\n"
        "CREATE TABLE db (name TEXT PRIMARY KEY);\n"
        "COMMENT ON COLUMN db.name IS $bc$the 'local' name$bc$;\n"
    )
    result = _import(sql, "postgresql")
    assert [e.table for e in result.schema.entities] == ["config", "db"]
    assert _table(result, "config").description == "Contains configuration; it's here"
    assert _table(result, "db").fields[0].description == "the 'local' name"
    assert dict(result.counts)["data statements"] == 1
    assert not [u for u in result.unsupported if "other statements" in u]
