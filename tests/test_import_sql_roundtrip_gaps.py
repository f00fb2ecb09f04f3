"""Import details the corpus round trip needs: native spellings, JSON defaults, called functions."""

from __future__ import annotations

from pathlib import Path

from tests.test_import_sql import MUSICBRAINZ

from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.dbml import import_dbml_text
from pydev_workflow.importers.sql import import_sql, import_sql_text
from pydev_workflow.model import DefaultKind, FieldType, TypeKind
from pydev_workflow.model.types import parse_type
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads


def _sql(text: str, dialect: str) -> tuple[object, tuple[str, ...]]:
    got = import_sql_text([("t.sql", text)], ImportOptions(dialect=dialect))
    return got.schema, got.unsupported


def test_mysql_set_keeps_its_values_as_written() -> None:
    schema, _ = _sql(
        "CREATE TABLE film (id INT PRIMARY KEY, special_features "
        "SET('Trailers','Deleted Scenes','It''s') DEFAULT NULL, y YEAR);",
        "mysql",
    )
    film = schema.entity("Film")  # type: ignore[attr-defined]
    t = film.field("special_features").type
    assert t == FieldType(TypeKind.NATIVE, native="set('Trailers', 'Deleted Scenes', 'It''s')")
    assert parse_type(str(t)) == t
    assert film.field("y").type == FieldType(TypeKind.NATIVE, native="year")
    assert loads(dumps(schema)) == schema  # type: ignore[arg-type]


def test_bpchar_with_length_is_char() -> None:
    schema, _ = _sql("CREATE TABLE t (a bpchar(10), b bpchar, c name);", "postgresql")
    t = schema.entity("T")  # type: ignore[attr-defined]
    assert t.field("a").type == FieldType(TypeKind.CHAR, length=10)
    assert t.field("b").type.kind is TypeKind.NATIVE  # no length limit: not char(1)
    assert t.field("c").type == FieldType(TypeKind.NATIVE, native="name")


def test_dbml_json_expression_default_is_the_document() -> None:
    got = import_dbml_text(
        'Table t {\n  id int [pk]\n  j jsonb [default: `{"k": "v"}`]\n'
        "  a int[] [default: `ARRAY[1, 2]`]\n  n timestamp [default: `now()`]\n}\n",
        "t.dbml",
        ImportOptions(),
    )
    t = got.schema.entity("T")
    assert t is not None
    j = t.field("j")
    assert j is not None and j.default is not None
    assert (j.default.kind, j.default.value) == (DefaultKind.LITERAL, '{"k": "v"}')
    a, n = t.field("a"), t.field("n")
    assert a is not None and a.default is not None and a.default.kind is DefaultKind.SQL
    assert n is not None and n.default is not None and n.default.kind is DefaultKind.NOW


FUNCTION_SQL = """
CREATE FUNCTION app.tidy(text) RETURNS boolean AS $$ SELECT $1 = btrim($1) $$ LANGUAGE SQL;
CREATE TABLE app.tag (
  id integer PRIMARY KEY,
  name varchar(20) CHECK (app.tidy(name)),
  slug text CHECK (lower(slug) = slug)
);
CREATE INDEX tag_idx_fold ON app.tag (fold(name));
"""


def test_functions_the_model_calls_are_listed_with_their_callers() -> None:
    _, unsupported = _sql(FUNCTION_SQL, "postgresql")
    tidy = [u for u in unsupported if "function app.tidy is not carried over" in u]
    assert len(tidy) == 1
    assert tidy[0].startswith("t.sql:2:1: ")  # where the source defines it
    assert "1 expression on 1 table calls it (CHECK of tag.name)" in tidy[0]
    fold = [u for u in unsupported if "function fold is called" in u]
    assert len(fold) == 1 and "index tag_idx_fold on tag" in fold[0]
    assert not any("function lower" in u for u in unsupported)  # a built-in


def test_musicbrainz_lists_its_own_functions(corpus: Path) -> None:
    dump = import_sql(
        str(corpus / "postgresql/musicbrainz-pg_dump-schema-only.sql"),
        ImportOptions(dialect="postgresql"),
    )
    line = next(u for u in dump.unsupported if "controlled_for_whitespace" in u)
    assert "function musicbrainz.controlled_for_whitespace is not carried over" in line
    assert "261 expressions on 133 tables call it" in line
    files = import_sql(
        str(corpus / MUSICBRAINZ[0]),
        ImportOptions(
            dialect="postgresql", extra_sources=tuple(str(corpus / p) for p in MUSICBRAINZ[1:])
        ),
    )
    # the split files do not define it: said as such, with its callers
    assert any(
        "function controlled_for_whitespace is called" in u and "261 in all" in u
        for u in files.unsupported
    )


def test_dbml_lists_functions_it_cannot_define() -> None:
    got = import_dbml_text(
        "Table t {\n  id int [pk]\n  u uuid [default: `uuidv7()`]\n}\n", "t.dbml", ImportOptions()
    )
    assert got.unsupported[0].startswith("t.dbml: function uuidv7 is called (default of t.u)")
