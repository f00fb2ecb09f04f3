"""DBML as people write it: each case is a small snippet of a construct met in public files.

Lossless or loud: what the spec cannot hold is listed at its line, a file pydbml cannot take
is one error naming file:line:column, and nothing turns into a model an engine refuses unsaid.
"""

from __future__ import annotations

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.dbml import import_dbml_text
from pydev_workflow.model import Action, TypeKind
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads


def read(text: str) -> ImportResult:
    result = import_dbml_text(text, "w.dbml", ImportOptions())
    assert loads(dumps(result.schema)) == result.schema
    return result


def said(result: ImportResult, line: int, *words: str) -> bool:
    """True if a not-carried-over entry sits at `line` and holds every word."""
    return any(
        u.startswith(f"w.dbml:{line}:") and all(w in u for w in words) for u in result.unsupported
    )


def test_enum_named_with_a_hyphen_is_read_as_that_enum() -> None:
    text = (
        'Enum "cook-unit" {\n  gram\n  cup\n}\n'
        "Table ingredient {\n  id int [pk]\n  unit cook-unit [not null]\n}\n"
    )
    unit = read(text).schema.entities[0].field("unit")
    assert unit is not None and unit.type.kind is TypeKind.ENUM
    assert unit.type.values == ("gram", "cup") and not unit.nullable


def test_relation_field_whose_type_is_a_table_is_reported_not_made_a_column() -> None:
    # prisma-dbml-generator writes Prisma's navigation fields as columns typed by a table
    text = (
        "Table account {\n  id Int [pk]\n  posts post [not null]\n}\n"
        "Table post {\n  id Int [pk]\n  authorId Int [not null]\n  author account [not null]\n}\n"
        "Ref: post.authorId > account.id\n"
    )
    result = read(text)
    account, post = result.schema.entities
    assert [f.name for f in account.fields] == ["id"]
    assert [f.name for f in post.fields] == ["id", "authorId"]
    assert said(result, 3, "account.posts", "names a table")
    assert said(result, 8, "post.author", "names a table")


def test_bare_enum_type_without_values_is_text_and_said() -> None:
    text = 'Table users {\n  id int [pk]\n  status enum [note: "active, locked"]\n}\n'
    result = read(text)
    status = result.schema.entities[0].field("status")
    assert status is not None and status.type.kind is TypeKind.TEXT
    assert said(result, 3, "users.status", "names no values")


def test_default_that_is_a_bare_name_is_said() -> None:
    text = (
        "Table t {\n  id int [pk]\n  at timestamp [default: `now`]\n"
        "  b timestamp [default: `now()`]\n}\n"
    )
    result = read(text)
    assert said(result, 3, "t.at", "`now`", "bare name")
    assert not said(result, 4, "t.b")
    quiet = read("Table t {\n  id int [pk]\n  at timestamp [default: `current_timestamp`]\n}\n")
    assert not quiet.unsupported


def test_serial_on_a_foreign_key_is_not_generated() -> None:
    # two bigserial columns in a composite key: no engine generates both, and a generated
    # number cannot point at another table's row
    text = (
        "Table a {\n  id bigserial [pk]\n}\nTable b {\n  id bigserial [pk]\n}\n"
        "Table a_b {\n  a_id bigserial [pk]\n  b_id bigserial [pk]\n}\n"
        "Ref: a_b.a_id > a.id\nRef: a_b.b_id > b.id\n"
    )
    result = read(text)
    ab = result.schema.entity("AB") or result.schema.entities[2]
    assert ab.primary_key == ("a_id", "b_id")
    assert not any(f.identity for f in ab.fields)
    assert result.schema.entities[0].fields[0].identity
    assert said(result, 8, "a_b.a_id", "read as a plain column")
    assert said(result, 9, "a_b.b_id")


def test_one_to_one_puts_the_foreign_key_on_the_side_that_is_not_a_key() -> None:
    text = (
        "Table users {\n  id int [pk]\n}\nTable profile {\n  id int [pk]\n  user_id int\n}\n"
        "Ref: users.id - profile.user_id\n"
    )
    result = read(text)
    users, profile = result.schema.entities
    assert not users.foreign_keys
    assert [(fk.fields, fk.ref_entity, fk.ref_fields) for fk in profile.foreign_keys] == [
        (("user_id",), "Users", ("id",))
    ]
    assert any(a.startswith("w.dbml:8:") and "one-to-one" in a for a in result.assumptions)
    assert not result.unsupported


def test_ref_to_a_column_that_is_not_a_key_is_said_at_the_ref() -> None:
    text = (
        "Table s {\n  id int [pk]\n  linked int\n}\nTable p {\n  id int [pk]\n}\n"
        "Ref: s.linked < p.id\n"
    )
    result = read(text)
    assert said(result, 8, "s.linked", "neither primary key nor unique")


def test_what_the_spec_cannot_hold_is_listed_at_its_line() -> None:
    text = (
        "Project shop {\n  database_type: 'PostgreSQL'\n  owner: 'team'\n}\n"  # 1-4
        "Table users [headercolor: #3498DB] {\n  id int [pk]\n  kind kind\n}\n"  # 5-8
        "Enum kind {\n  a [note: 'the first']\n  b\n}\n"  # 9-12
        "Enum unused {\n  x\n}\n"  # 13-15
        "TableGroup core [color: #111111, note: 'the core'] {\n  users\n}\n"  # 16-18
        "Note todo {\n  'ask about kinds'\n}\n"  # 19-21
    )
    result = read(text)
    assert said(result, 3, "owner")
    assert said(result, 5, "headercolor")
    assert said(result, 10, "value a")
    assert said(result, 13, "Enum unused", "no column uses")
    assert said(result, 16, "TableGroup core", "color")
    assert said(result, 16, "TableGroup core", "note")
    assert said(result, 19, "Note todo", "sticky note")
    assert result.schema.components == ("core",)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Enum e {\n  a\n}\nTable t {\n  id int [pk]\n}\nEnum e {\n  b\n}\n", 7),
        ("Table t {\n  id int [pk]\n  u int [ref: > users.id]\n}\n", 3),
    ],
    ids=["enum-declared-twice", "inline-ref-to-missing-table"],
)
def test_semantic_errors_name_their_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        import_dbml_text(text, "w.dbml", ImportOptions())
    loc = info.value.problems[0].loc
    assert (loc.file, loc.line) == ("w.dbml", line) and loc.col >= 1


def test_index_whose_expression_key_is_not_sql_is_said_and_left_out() -> None:
    # db2dbml splits an EXCLUDE constraint's key into backtick fragments
    text = (
        "Table u {\n  id int [pk]\n  a date\n  b date\n  Indexes {\n"
        "    (id, `daterange(a`, ` b)`) [type: gist, name: 'no_overlap']\n"
        "    (a, b) [name: 'by_dates']\n  }\n}\n"
    )
    result = read(text)
    assert [ix.name for ix in result.schema.entities[0].indexes] == ["by_dates"]
    assert said(result, 6, "no_overlap", "not one SQL expression")


def test_size_written_after_a_space_is_read() -> None:
    text = "Table r {\n  id int [pk]\n  rule varchar (1024) [not null]\n}\n"
    rule = read(text).schema.entities[0].field("rule")
    assert rule is not None and rule.type.length == 1024 and not rule.nullable


def test_table_partial_error_says_pydbml_cannot_read_it() -> None:
    text = "TablePartial stamps {\n  at timestamp\n}\nTable t {\n  id int [pk]\n  ~stamps\n}\n"
    with pytest.raises(InputError) as info:
        import_dbml_text(text, "w.dbml", ImportOptions())
    problem = info.value.problems[0]
    assert problem.loc.line >= 1 and "TablePartial" in str(problem)


def test_only_one_generated_column_a_table() -> None:
    text = (
        "Table pair {\n  a bigserial [pk]\n  b bigserial [pk]\n}\n"
        "Table t {\n  id serial [pk]\n  seq serial\n}\n"
    )
    result = read(text)
    pair, t = result.schema.entities
    assert not any(f.identity for f in pair.fields)
    assert [f.name for f in t.fields if f.identity] == ["id"]
    assert said(result, 2, "pair.a") and said(result, 3, "pair.b") and said(result, 7, "t.seq")


def test_primary_key_name_and_many_to_many_actions_are_kept() -> None:
    text = (
        "Table a {\n  id int [pk]\n}\nTable b {\n  x int\n  y int\n"
        "  Indexes {\n    (x, y) [pk, name: 'b_pkey']\n  }\n}\n"
        "Ref ab: a.id <> b.x [delete: cascade]\n"
    )
    result = read(text)
    a, b, junction = result.schema.entities
    assert b.primary_key == ("x", "y") and b.primary_key_name == "b_pkey"
    assert not any(f.nullable for f in b.fields)
    assert [k.on_delete for k in junction.foreign_keys] == [Action.CASCADE, Action.CASCADE]
    assert said(result, 11, "Ref ab")


def test_a_column_that_references_two_tables_keeps_both_keys() -> None:
    # dump wrote only the first as `references:`; the second was lost on the way to YAML
    text = (
        "Table a {\n  id int [pk]\n}\nTable b {\n  id int [pk]\n}\nTable c {\n  id int [pk]\n}\n"
        "Ref: c.id > a.id\nRef: c.id > b.id\n"
    )
    c = read(text).schema.entities[2]
    assert [fk.ref_entity for fk in c.foreign_keys] == ["A", "B"]


def test_enum_array_prisma_bytes_and_unknown_types() -> None:
    text = (
        "Enum Kind {\n  a\n  b\n}\n"
        "Table t {\n  id Int [pk]\n  kinds Kind[] [not null]\n  blob Bytes\n"
        "  state estado_pedido\n  v vector(3)\n}\n"
    )
    result = read(text)
    t = result.schema.entities[0]
    kinds, blob = t.field("kinds"), t.field("blob")
    assert kinds is not None and kinds.type.kind is TypeKind.ARRAY
    assert kinds.type.item is not None and kinds.type.item.values == ("a", "b")
    assert blob is not None and blob.type.kind is TypeKind.BYTES
    assert not said(result, 1, "Enum Kind")  # used, as an array's item
    assert said(result, 9, "t.state", "estado_pedido", "no SQL type")
    assert not said(result, 10, "t.v")


def test_inline_enum_values_are_an_enum() -> None:
    text = "Table chats {\n  id int [pk]\n  kind \"enum (private, group)\"\n  k2 enum('a','b')\n}\n"
    result = read(text)
    chats = result.schema.entities[0]
    kind, k2 = chats.field("kind"), chats.field("k2")
    assert kind is not None and kind.type.kind is TypeKind.ENUM
    assert kind.type.values == ("private", "group")
    assert k2 is not None and k2.type.values == ("a", "b")


def test_unquoted_default_is_one_readable_error_at_its_place() -> None:
    with pytest.raises(InputError) as info:
        import_dbml_text(
            "Table t {\n  role varchar [default: admin]\n}\n", "w.dbml", ImportOptions()
        )
    problem = info.value.problems[0]
    assert (problem.loc.line, problem.loc.col) == (2, 26)
    assert "Combine" not in problem.message and "`an expression`" in problem.message
