"""The model holds what real engines hold: types, names, options, sequences; spec round trip."""

from __future__ import annotations

import pytest

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
    assert e.options.get("mariadb", "charset") == "utf8mb4"  # MariaDB reads the mysql options
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
